// The program's public outcomes (/outcomes, no login): headline figures, then charts by country,
// layer and quarter, each with a table of the same figures (the table is what a screen reader, a
// phone and a copy-paste read; the drawing is hidden from assistive technology). In the reader's
// language, numbers, money and names formatted for it; right to left in Arabic. An amount summed
// over too few deals arrives withheld (null) and says so. docs/outcomes.md explains the figures.
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorBox } from '../../components/ui.tsx';
import { LanguageSwitcher, useCountryNames, useLocale } from '../../i18n/index.ts';
import { useApiQuery } from '../../lib/query.ts';
import type { OutcomeCountry, OutcomeLayer, OutcomeQuarter, Outcomes } from '../../../shared/contracts/outcomes.ts';
import './outcomes.css';

const CHART_WIDTH = 560;
const CHART_HEIGHT = 260;
const COLORS = ['#0b4f8a', '#c2571a'];

type Slice = OutcomeCountry | OutcomeLayer | OutcomeQuarter;
type Figure = 'designations' | 'deals' | 'dealsClosed' | 'committedUsd' | 'disbursedUsd';

const money = (intl: IntlShape, v: number, compact = false) =>
  intl.formatNumber(v, { style: 'currency', currency: 'USD', maximumFractionDigits: compact ? 1 : 0, ...(compact ? { notation: 'compact' as const } : {}) });

function useFigureNames(): Record<Figure, string> {
  const intl = useIntl();
  return {
    designations: intl.formatMessage({ id: 'outcomes.figure.designations', defaultMessage: 'Packages designated' }),
    deals: intl.formatMessage({ id: 'outcomes.figure.deals', defaultMessage: 'Deals' }),
    dealsClosed: intl.formatMessage({ id: 'outcomes.figure.dealsClosed', defaultMessage: 'Deals closed' }),
    committedUsd: intl.formatMessage({ id: 'outcomes.figure.committed', defaultMessage: 'Financing committed' }),
    disbursedUsd: intl.formatMessage({ id: 'outcomes.figure.disbursed', defaultMessage: 'Financing disbursed' }),
  };
}

/** An amount, or the word that says it is withheld (with the reason for assistive technology and a hover). */
function Amount({ value }: { value: number | null }) {
  const intl = useIntl();
  if (value !== null) return <>{money(intl, value)}</>;
  return (
    <span className="withheld" title={intl.formatMessage({ id: 'outcomes.withheld.why', defaultMessage: 'Withheld: summed over too few deals to publish' })}>
      <FormattedMessage id="outcomes.withheld" defaultMessage="Withheld" />
    </span>
  );
}

/**
 * A bar chart of two figures of each slice, and the table of every figure. `label` names a slice in
 * the reader's language; a withheld amount is drawn as no bar and read as "Withheld".
 */
function OutcomeChart<T extends Slice>({
  id,
  title,
  sliceHeader,
  rows,
  label,
  bars,
  note,
}: {
  id: string;
  title: string;
  sliceHeader: string;
  rows: T[];
  label: (row: T) => string;
  bars: [Figure, Figure];
  note?: string;
}) {
  const intl = useIntl();
  const { dir } = useLocale();
  const names = useFigureNames();
  const isMoney = bars[0] === 'committedUsd';
  const data = rows.map((r) => ({ label: label(r), [bars[0]]: r[bars[0]] ?? undefined, [bars[1]]: r[bars[1]] ?? undefined }));
  const valueText = (v: number) => (isMoney ? money(intl, v, true) : intl.formatNumber(v));
  const rtl = dir === 'rtl';
  return (
    <figure className="outcome-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="muted small">
          <FormattedMessage id="outcomes.empty" defaultMessage="Nothing to show yet." />
        </p>
      ) : (
        <>
          <div className="plot" aria-hidden="true" dir="ltr">
            <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              {/* Right to left: the first slice on the right, the value axis on the right. */}
              {/* Many slices: names slanted so they do not run into each other. */}
              <XAxis
                dataKey="label"
                interval={0}
                tick={{ fontSize: 11 }}
                reversed={rtl}
                {...(rows.length > 4 ? { angle: rtl ? 35 : -35, textAnchor: rtl ? 'start' : 'end', height: 72 } : {})}
              />
              <YAxis tickFormatter={valueText} allowDecimals={isMoney} width={64} tick={{ fontSize: 11 }} orientation={rtl ? 'right' : 'left'} />
              <Tooltip formatter={(v) => valueText(Number(v))} />
              {/* In the order of the bars, not of their names in this language. */}
              <Legend itemSorter={null} />
              {bars.map((b, i) => (
                <Bar key={b} dataKey={b} name={names[b]} fill={COLORS[i]} isAnimationActive={false} />
              ))}
            </BarChart>
          </div>
          <div className="table-scroll" role="region" aria-label={title} tabIndex={0}>
            <table>
              <caption className="sr-only">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{sliceHeader}</th>
                  {(['designations', 'deals', 'dealsClosed', 'committedUsd', 'disbursedUsd'] as const).map((f) => (
                    <th key={f} scope="col" className="num">
                      {names[f]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={data[i]!.label}>
                    <th scope="row">{data[i]!.label}</th>
                    <td className="num">{intl.formatNumber(r.designations)}</td>
                    <td className="num">{intl.formatNumber(r.deals)}</td>
                    <td className="num">{intl.formatNumber(r.dealsClosed)}</td>
                    <td className="num">
                      <Amount value={r.committedUsd} />
                    </td>
                    <td className="num">
                      <Amount value={r.disbursedUsd} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {note && <p className="muted small">{note}</p>}
    </figure>
  );
}

function Headline({ outcomes }: { outcomes: Outcomes }) {
  const intl = useIntl();
  const names = useFigureNames();
  const { totals, timeToFirstCommitment: first, monitoring } = outcomes;
  const items: [string, ReactNode][] = [
    [names.designations, intl.formatNumber(totals.designations)],
    [intl.formatMessage({ id: 'outcomes.figure.inForce', defaultMessage: 'Packages in the catalog today' }), intl.formatNumber(totals.designationsInForce)],
    [names.deals, intl.formatNumber(totals.deals)],
    [names.dealsClosed, intl.formatNumber(totals.dealsClosed)],
    [names.committedUsd, <Amount key="c" value={totals.committedUsd} />],
    [names.disbursedUsd, <Amount key="d" value={totals.disbursedUsd} />],
    [
      intl.formatMessage({ id: 'outcomes.figure.timeToFirst', defaultMessage: 'Median time from designation to first commitment' }),
      first.medianDays !== null ? (
        <FormattedMessage key="t" id="outcomes.days" defaultMessage="{days, plural, one {# day} other {# days}}" values={{ days: Math.round(first.medianDays) }} />
      ) : first.packages > 0 ? (
        <Amount key="t" value={null} />
      ) : (
        '—'
      ),
    ],
    [
      intl.formatMessage({ id: 'outcomes.figure.reports', defaultMessage: 'Monitoring reports filed' }),
      <FormattedMessage
        key="r"
        id="outcomes.reports.filed"
        defaultMessage="{filed, number} ({onTime, number} on time; {due, number} due so far)"
        values={{ filed: monitoring.reportsFiled, onTime: monitoring.filedOnTime, due: monitoring.reportsDue }}
      />,
    ],
  ];
  return (
    <section className="card" aria-labelledby="outcomes-headline">
      <h2 id="outcomes-headline">
        <FormattedMessage id="outcomes.headline" defaultMessage="The program so far" />
      </h2>
      <dl className="outcome-figures">
        {items.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        <FormattedMessage
          id="outcomes.asOf"
          defaultMessage="As of {date}. Amounts in US dollars."
          values={{ date: intl.formatDate(`${outcomes.asOf}T00:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' }) }}
        />
      </p>
    </section>
  );
}

export function OutcomesPage() {
  const intl = useIntl();
  const countries = useCountryNames();
  const outcomes = useApiQuery<Outcomes>('/api/v1/public/outcomes');
  const o = outcomes.data;
  const layerName = (layer: OutcomeLayer['layer']) => intl.formatMessage({ id: `outcomes.layer.${layer}`, defaultMessage: layer });
  const quarterName = (quarter: string) => intl.formatMessage({ id: 'outcomes.quarter', defaultMessage: 'Q{quarter} {year}' }, { quarter: Number(quarter.slice(6)), year: quarter.slice(0, 4) });
  const byCountry = o ? [...o.byCountry].sort((a, b) => b.deals - a.deals || b.designations - a.designations || countries.compare(a.country, b.country)) : [];

  return (
    <main className="page public outcomes" id="main">
      <header className="public-head">
        <h1>
          <FormattedMessage id="outcomes.title" defaultMessage="Program outcomes" />
        </h1>
        <p className="muted">
          <FormattedMessage
            id="outcomes.intro"
            defaultMessage="What the American AI Exports Program has achieved: packages designated, deals closed, and federal financing committed and disbursed — aggregates only, from the program’s records."
          />
        </p>
        <nav className="outcomes-nav" aria-label={intl.formatMessage({ id: 'outcomes.nav.label', defaultMessage: 'Outcomes' })}>
          <Link to="/catalog">
            <FormattedMessage id="outcomes.nav.catalog" defaultMessage="Catalog of designated packages" />
          </Link>
          <a href="/api/v1/public/outcomes.csv" download>
            <FormattedMessage id="outcomes.nav.csv" defaultMessage="Download the figures (CSV)" />
          </a>
          <LanguageSwitcher />
        </nav>
      </header>
      <ErrorBox error={outcomes.error} />
      {!o ? (
        !outcomes.error && (
          <p aria-busy="true">
            <FormattedMessage id="outcomes.loading" defaultMessage="Loading…" />
          </p>
        )
      ) : (
        <>
          <Headline outcomes={o} />
          <section className="card" aria-labelledby="outcomes-charts">
            <h2 id="outcomes-charts">
              <FormattedMessage id="outcomes.charts" defaultMessage="By country, layer and quarter" />
            </h2>
            <div className="outcome-charts">
              <OutcomeChart
                id="outcomes-country"
                title={intl.formatMessage({ id: 'outcomes.chart.country', defaultMessage: 'By country' })}
                sliceHeader={intl.formatMessage({ id: 'outcomes.table.country', defaultMessage: 'Country' })}
                rows={byCountry}
                label={(r) => countries.name(r.country)}
                bars={['deals', 'dealsClosed']}
                note={intl.formatMessage({ id: 'outcomes.note.country', defaultMessage: 'A deal and its financing count in the deal’s country; a package counts in each of its target countries.' })}
              />
              <OutcomeChart
                id="outcomes-layer"
                title={intl.formatMessage({ id: 'outcomes.chart.layer', defaultMessage: 'By layer of the AI stack' })}
                sliceHeader={intl.formatMessage({ id: 'outcomes.table.layer', defaultMessage: 'Layer' })}
                rows={o.byLayer}
                label={(r) => layerName(r.layer)}
                bars={['designations', 'deals']}
                note={intl.formatMessage({
                  id: 'outcomes.note.layer',
                  defaultMessage: 'A package, its deals and their financing count in full in every layer the package covers, so the layers add up to more than the totals.',
                })}
              />
              <OutcomeChart
                id="outcomes-quarter"
                title={intl.formatMessage({ id: 'outcomes.chart.quarter', defaultMessage: 'By quarter' })}
                sliceHeader={intl.formatMessage({ id: 'outcomes.table.quarter', defaultMessage: 'Quarter' })}
                rows={o.byQuarter}
                label={(r) => quarterName(r.quarter)}
                bars={['committedUsd', 'disbursedUsd']}
                note={intl.formatMessage({ id: 'outcomes.note.quarter', defaultMessage: 'Financing in the quarter it was committed or disbursed; deals closed in the quarter their contract was signed.' })}
              />
            </div>
          </section>
          <p className="muted small">
            <FormattedMessage
              id="outcomes.disclosure"
              defaultMessage="To protect the confidentiality of single transactions, an amount summed over fewer than {minDeals, plural, one {# deal} other {# deals}} is withheld, as is any amount from which a withheld one could be worked out. Counts are always shown."
              values={{ minDeals: o.minDeals }}
            />
          </p>
        </>
      )}
    </main>
  );
}
