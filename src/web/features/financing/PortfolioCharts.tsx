// The portfolio's charts (recharts), each drawn from a series of GET /api/v1/portfolio and paired
// with a table of the same figures: the table is what a screen reader, a phone and a copy-paste
// read; the drawing is hidden from assistive technology so nothing is announced twice.
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useSession } from '../../app/session.tsx';
import { humanize, usd } from '../../lib/format.ts';
import { DEAL_STAGES } from '../../../shared/domain/financing-lifecycle.ts';
import { committedLayerLabel, committedMonthLabel, type Portfolio } from '../../../shared/contracts/financing.ts';
import './financing.css';

interface Datum {
  label: string;
  value: number;
}
type Unit = 'usd' | 'deals' | 'days';

const CHART_WIDTH = 480;
const CHART_HEIGHT = 240;

const compactUsd = (v: number) => (v >= 1e6 ? `$${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `$${+(v / 1e3).toFixed(1)}k` : `$${v}`);
const formatValue = (unit: Unit, v: number) => (unit === 'usd' ? usd(v) : unit === 'days' ? `${Math.round(v)} days` : String(v));

/** A bar chart and its table under one caption; `horizontal` for long category names (bars to the right of them). */
export function ChartFigure({
  id,
  title,
  data,
  unit,
  valueHeader,
  empty,
  note,
  horizontal = false,
  categoryHeader = unit === 'days' ? 'Measure' : 'Category',
}: {
  id: string;
  title: string;
  data: Datum[];
  unit: Unit;
  valueHeader: string;
  empty: string;
  note?: string;
  horizontal?: boolean;
  categoryHeader?: string;
}) {
  const valueTick = (v: number) => (unit === 'usd' ? compactUsd(v) : String(v));
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {data.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <>
          <div className="plot" aria-hidden="true">
            <BarChart
              width={CHART_WIDTH}
              height={horizontal ? Math.max(CHART_HEIGHT / 2, 32 * data.length + 40) : CHART_HEIGHT}
              data={data}
              layout={horizontal ? 'vertical' : 'horizontal'}
              margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
              accessibilityLayer={false}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={horizontal} horizontal={!horizontal} />
              {horizontal ? (
                <>
                  <XAxis type="number" tickFormatter={valueTick} allowDecimals={unit !== 'deals'} tick={{ fontSize: 11 }} />
                  <YAxis type="category" dataKey="label" interval={0} width={160} tick={{ fontSize: 11 }} />
                </>
              ) : (
                <>
                  <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} />
                  <YAxis tickFormatter={valueTick} allowDecimals={unit !== 'deals'} width={56} tick={{ fontSize: 11 }} />
                </>
              )}
              <Tooltip formatter={(v) => formatValue(unit, Number(v))} />
              <Bar dataKey="value" name={valueHeader} fill="#0b4f8a" isAnimationActive={false} />
            </BarChart>
          </div>
          <table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{categoryHeader}</th>
                <th scope="col">{valueHeader}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.label}>
                  <th scope="row">{d.label}</th>
                  <td>{formatValue(unit, d.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {note && <p className="muted small">{note}</p>}
    </figure>
  );
}

const largestFirst = (tally: Record<string, number>, label: (key: string) => string): Datum[] =>
  Object.entries(tally)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => ({ label: label(k), value: v }));

export function PortfolioCharts({ portfolio }: { portfolio: Portfolio }) {
  const { reference } = useSession();
  const countryName = (code: string) => reference.countries.find((c) => c.code === code)?.name ?? code;
  const { deals, requests, daysFromDesignationToFirstCommitment: first } = portfolio;
  // The pipeline in the stages' own order, not by size.
  const byStage = DEAL_STAGES.filter((s) => deals.byStage[s]).map((s) => ({ label: humanize(s), value: deals.byStage[s]! }));
  // The server gives every month from the first commitment to the last; the keys sort by date.
  const byMonth = Object.entries(requests.committedByMonth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([m, v]) => ({ label: committedMonthLabel(m), value: v }));
  const timeToFirst = first
    ? [
        { label: 'Shortest', value: first.min },
        { label: 'Average', value: first.mean },
        { label: 'Longest', value: first.max },
      ]
    : [];
  return (
    <section className="card" aria-labelledby="charts">
      <h2 id="charts">Charts</h2>
      <div className="charts">
        <ChartFigure id="chart-agency" title="Commitments by agency" data={largestFirst(requests.committedByAgency, (k) => k)} unit="usd" valueHeader="Committed" empty="Nothing committed yet." />
        <ChartFigure id="chart-month" title="Commitments over time" data={byMonth} unit="usd" valueHeader="Committed" empty="Nothing committed yet." note={byMonth.length ? 'By month of commitment.' : undefined} />
        <ChartFigure id="chart-committed-country" title="Commitments by country" data={largestFirst(requests.committedByCountry, countryName)} unit="usd" valueHeader="Committed" empty="Nothing committed yet." />
        <ChartFigure
          id="chart-layer"
          title="Commitments by layer"
          data={largestFirst(portfolio.committedByLayer, committedLayerLabel)}
          unit="usd"
          valueHeader="Committed"
          empty="Nothing committed yet."
          note="A commitment finances the whole package: it is split across the layers in proportion to the value of the package’s components in each."
        />
        <ChartFigure id="chart-country" title="Deals by country" data={largestFirst(deals.byCountry, countryName)} unit="deals" valueHeader="Deals" empty="No deals yet." />
        <ChartFigure id="chart-stage" title="Deals by stage" data={byStage} unit="deals" valueHeader="Deals" empty="No deals yet." />
        <ChartFigure
          id="chart-first-commitment"
          title="Time from designation to first commitment"
          data={timeToFirst}
          unit="days"
          valueHeader="Days"
          empty="No package has a commitment yet."
          note={first ? `Over ${first.packages === 1 ? '1 package' : `${first.packages} packages`} with a commitment.` : undefined}
        />
        <ChartFigure
          id="chart-first-commitment-package"
          title="Time to first commitment by package"
          data={first ? first.byPackage.map((b) => ({ label: b.title, value: b.days })) : []}
          unit="days"
          valueHeader="Days"
          empty="No package has a commitment yet."
          categoryHeader="Package"
          horizontal
        />
      </div>
    </section>
  );
}
