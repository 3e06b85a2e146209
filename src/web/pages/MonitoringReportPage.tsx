// One monitoring report: what it covers, when it is due, and either its submitted metrics or —
// for the anchor member while it is open — the form that files it.
import { Link } from '@tanstack/react-router';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { METRIC_FIELDS, metricText } from '../features/monitoring/metrics.ts';
import { MonitoringReportForm, monitoringUrl } from '../features/monitoring/MonitoringReportForm.tsx';
import { ReportStatus, reportSubject } from '../features/monitoring/ReportStatus.tsx';
import { dateTime } from '../lib/format.ts';
import { useApiQuery } from '../lib/query.ts';
import type { MonitoringReportRecord } from '../../shared/contracts/financing.ts';

export function MonitoringReportPage({ id }: { id: string }) {
  const report = useApiQuery<MonitoringReportRecord>(monitoringUrl(id));
  if (!report.data) return report.error ? <ErrorBox error={report.error} /> : <Loading />;
  const r = report.data;
  return (
    <>
      <p className="crumbs">
        <Link to="/monitoring">Monitoring reports</Link> /{' '}
        <Link to="/proposals/$id" params={{ id: r.proposalId }}>
          {r.proposalTitle}
        </Link>
        {r.dealId && (
          <>
            {' '}
            /{' '}
            <Link to="/deals/$id" params={{ id: r.dealId }}>
              {r.deal?.buyerName ?? 'Deal'}
            </Link>
          </>
        )}
      </p>
      <h1>Monitoring report {r.period}</h1>
      <section className="card">
        <p>
          {reportSubject(r)} · due {dateTime(r.dueAt)} · <ReportStatus report={r} />
        </p>
      </section>
      {r.metrics ? (
        <section className="card" aria-labelledby="metrics">
          <h2 id="metrics">Reported</h2>
          <dl className="metrics">
            {METRIC_FIELDS.map((f) => (
              <div key={f.key}>
                <dt>{f.label}</dt>
                <dd>{metricText(f, r.metrics?.[f.key])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : r.maySubmit ? (
        <MonitoringReportForm report={r} />
      ) : (
        <p className="muted">Not submitted yet. The package’s anchor member files it.</p>
      )}
    </>
  );
}
