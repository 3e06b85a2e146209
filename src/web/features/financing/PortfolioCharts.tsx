// The portfolio's charts (recharts), each drawn from a series of GET /api/v1/portfolio and paired
// with a table of the same figures: the table is what a screen reader, a phone and a copy-paste
// read; the drawing is hidden from assistive technology so nothing is announced twice.
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useSession } from '../../app/session.tsx';
import { humanize, usd } from '../../lib/format.ts';
import { DEAL_STAGES } from '../../../shared/domain/financing-lifecycle.ts';
import type { Portfolio } from '../../../shared/contracts/financing.ts';
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

/** A bar chart and its table under one caption. */
export function ChartFigure({ id, title, data, unit, valueHeader, empty, note }: { id: string; title: string; data: Datum[]; unit: Unit; valueHeader: string; empty: string; note?: string }) {
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {data.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <>
          <div className="plot" aria-hidden="true">
            <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={(v: number) => (unit === 'usd' ? compactUsd(v) : String(v))} allowDecimals={unit !== 'deals'} width={56} tick={{ fontSize: 11 }} />
              <Tooltip formatter={(v) => formatValue(unit, Number(v))} />
              <Bar dataKey="value" name={valueHeader} fill="#0b4f8a" isAnimationActive={false} />
            </BarChart>
          </div>
          <table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{unit === 'days' ? 'Measure' : 'Category'}</th>
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
      </div>
    </section>
  );
}
