// The screening desk's home page: the alerts that wait for a decision of the program office's
// screening staff, oldest first, each leading to the alert on the Screening page.
import { Link } from '@tanstack/react-router';
import { ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { dateTime, pct } from '../../lib/format.ts';
import { useApiQuery } from '../../lib/query.ts';
import type { ScreeningAlert } from './api.ts';

/** Shown on the home page; the rest are one click away on the Alerts tab. */
const SHOWN = 10;

/** Why an alert waits for the screening staff, in words; null when it does not. */
export function waitsFor(a: ScreeningAlert): string | null {
  if (a.clearance?.status === 'pending') return `clearance proposed by ${a.clearance.proposedByName ?? 'a colleague'}: a second person decides`;
  if (a.contested) return 'contested by the consortium';
  if (a.status === 'open') return 'potential match to review';
  return null;
}

export function ScreeningWork() {
  const alerts = useApiQuery<{ items: ScreeningAlert[] }>('/api/v1/screening/alerts');
  const waiting = (alerts.data?.items ?? []).filter((a) => waitsFor(a) !== null).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
  return (
    <section className="card" aria-labelledby="screening-work">
      <h2 id="screening-work">Screening alerts waiting for a decision</h2>
      <ErrorBox error={alerts.error} />
      {!alerts.data ? (
        alerts.error ? null : <Loading />
      ) : waiting.length === 0 ? (
        <p className="muted">No alert is waiting. New potential matches appear here when parties are screened against the active lists.</p>
      ) : (
        <>
          <p>
            {waiting.length === 1 ? 'One alert waits' : `${waiting.length} alerts wait`} for a decision
            {waiting.length > SHOWN ? `; the ${SHOWN} oldest are shown` : ''}.
          </p>
          <TableScroll label="Screening alerts waiting">
            <table>
              <thead>
                <tr>
                  <th scope="col">Party</th>
                  <th scope="col">Listed as</th>
                  <th scope="col">Score</th>
                  <th scope="col">Waiting for</th>
                  <th scope="col">Raised</th>
                </tr>
              </thead>
              <tbody>
                {waiting.slice(0, SHOWN).map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to="/screening" search={{ tab: 'alerts', alert: a.id }}>
                        {a.party.name}
                      </Link>
                    </td>
                    <td>
                      {a.entryName} ({a.listTitle})
                    </td>
                    <td>{pct(a.score)}</td>
                    <td>{waitsFor(a)}</td>
                    <td>{dateTime(a.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      <p className="small">
        <Link to="/screening" search={{ tab: 'alerts' }}>
          All alerts
        </Link>
      </p>
    </section>
  );
}
