// Portfolio: totals, charts (commitments by agency, month, country and layer; deals by country and
// stage; time from designation to first commitment, overall and per package), a world map of deals,
// the remaining breakdowns, the deals and the monitoring reports.
import { Link } from '@tanstack/react-router';
import { useSession } from '../app/session.tsx';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { WorldMap } from '../features/catalog/WorldMap.tsx';
import { PortfolioCharts } from '../features/financing/PortfolioCharts.tsx';
import { ReportStatus, reportSubject } from '../features/monitoring/ReportStatus.tsx';
import { dateTime, humanize, usd } from '../lib/format.ts';
import { useApiQuery } from '../lib/query.ts';
import { DealTable } from '../features/financing/DealTable.tsx';
import type { DealSummary, MonitoringReportRecord, Portfolio } from '../../shared/contracts/financing.ts';

function Breakdown({ title, data, money }: { title: string; data: Record<string, number>; money?: boolean }) {
  const entries = Object.entries(data).sort((a, b) => b[1] - a[1]);
  return (
    <div>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p className="muted small">—</p>
      ) : (
        <ul className="plain small">
          {entries.map(([k, v]) => (
            <li key={k}>
              {humanize(k)}: <strong>{money ? usd(v) : v}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function PortfolioPage() {
  const { user } = useSession();
  const p = useApiQuery<Portfolio>('/api/v1/portfolio');
  const deals = useApiQuery<{ items: DealSummary[] }>('/api/v1/deals');
  const reports = useApiQuery<{ items: MonitoringReportRecord[] }>('/api/v1/monitoring');
  if (!p.data) return p.error ? <ErrorBox error={p.error} /> : <Loading />;
  const d = p.data;
  return (
    <>
      <h1>Deals and financing portfolio {user.org.agency && d.scope === user.org.agency ? `— ${user.org.agency}` : ''}</h1>
      <section className="stats" aria-label="Totals">
        <div>
          <strong data-testid="deal-count">{d.deals.count}</strong> deals ({d.deals.open} open, {usd(d.deals.valueUsd)})
        </div>
        <div>
          <strong data-testid="indicative-total">{usd(d.requests.indicativeUsd)}</strong> indicative
        </div>
        <div>
          <strong data-testid="committed-total">{usd(d.requests.committedUsd)}</strong> committed
        </div>
        <div>
          <strong>{usd(d.requests.disbursedUsd)}</strong> disbursed
        </div>
        <div>
          Designation → first commitment: <strong>{d.daysFromDesignationToFirstCommitment ? `${Math.round(d.daysFromDesignationToFirstCommitment.mean)} days` : '—'}</strong>
        </div>
        <a className="button secondary" href="/api/v1/portfolio/deals.csv">
          Download CSV
        </a>
        <a className="button secondary" href="/api/v1/portfolio.pdf">
          Download PDF
        </a>
      </section>
      <PortfolioCharts portfolio={d} />
      <WorldMap counts={d.deals.byCountry} label="Countries with deals" />
      <section className="card grid3">
        <Breakdown title="Deals by sector" data={d.deals.bySector} />
        <Breakdown title="Requests by state" data={d.requests.byState} />
        <Breakdown title="Requests by agency" data={d.requests.byAgency} />
        <Breakdown title="Requests by instrument" data={d.requests.byInstrument} />
      </section>
      <section className="card" aria-labelledby="deals">
        <h2 id="deals">Deals</h2>
        {deals.data && deals.data.items.length > 0 ? (
          <DealTable deals={deals.data.items} label="Deals by buyer" showPackage />
        ) : (
          <p className="muted">No deals yet. Deals are opened from a designated package’s Outcome tab.</p>
        )}
      </section>
      {reports.data && reports.data.items.length > 0 && (
        <section className="card" aria-labelledby="monitoring">
          <h2 id="monitoring">Monitoring reports</h2>
          <ul className="plain">
            {reports.data.items.map((r) => (
              <li key={r.id}>
                <Link to="/monitoring/$id" params={{ id: r.id }}>
                  {r.period}
                </Link>{' '}
                {r.proposalTitle}: {reportSubject(r)} — due {dateTime(r.dueAt)} · <ReportStatus report={r} />
              </li>
            ))}
          </ul>
          <p className="small">
            <Link to="/monitoring">All monitoring reports</Link>
          </p>
        </section>
      )}
    </>
  );
}
