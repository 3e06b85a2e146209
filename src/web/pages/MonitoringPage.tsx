// Monitoring reports: one per quarter for each designated package and each deal in delivery. The
// anchor member files them; the consortium's members, the program office and the EDAG coordinator
// read them. Overdue ones come first.
import { Link } from '@tanstack/react-router';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { ReportStatus, reportSubject } from '../features/monitoring/ReportStatus.tsx';
import { dateTime } from '../lib/format.ts';
import { useApiQuery } from '../lib/query.ts';
import type { MonitoringReportRecord } from '../../shared/contracts/financing.ts';

/** Overdue first, then open, then submitted; each group by due date. */
function urgency(r: MonitoringReportRecord) {
  return r.submittedAt ? 2 : r.overdue ? 0 : 1;
}

export function MonitoringPage() {
  const reports = useApiQuery<{ items: MonitoringReportRecord[] }>('/api/v1/monitoring');
  if (!reports.data) return reports.error ? <ErrorBox error={reports.error} /> : <Loading />;
  const items = [...reports.data.items].sort((a, b) => urgency(a) - urgency(b) || a.dueAt.localeCompare(b.dueAt));
  const toFile = items.filter((r) => r.maySubmit).length;
  return (
    <>
      <h1>Monitoring reports</h1>
      <p className="muted">Each designated package, and each deal once its contract is signed, reports every quarter; a report is due 30 days after the quarter ends.</p>
      {toFile > 0 && (
        <p>
          <strong>{toFile === 1 ? '1 report awaits' : `${toFile} reports await`} your submission.</strong>
        </p>
      )}
      {items.length === 0 ? (
        <p className="muted">No monitoring report is due yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>Monitoring reports</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Package</th>
                <th scope="col">Covers</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to="/monitoring/$id" params={{ id: r.id }} aria-label={`${r.maySubmit ? 'File' : 'Open'} the ${r.period} report of ${r.proposalTitle}: ${reportSubject(r)}`}>
                      {r.period}
                    </Link>
                    {r.maySubmit && <span className="small"> — to file</span>}
                  </td>
                  <td>{r.proposalTitle}</td>
                  <td>{reportSubject(r)}</td>
                  <td>{dateTime(r.dueAt)}</td>
                  <td>
                    <ReportStatus report={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
