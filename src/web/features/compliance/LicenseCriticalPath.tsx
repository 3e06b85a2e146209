// The licenses holding up a deal (GET /api/v1/deals/:id/licenses), worst first: what each blocks,
// how long BIS has had the application and its aging against the program's target.
import type { LicenseCriticalPath as CriticalPath } from '../../../shared/contracts/compliance.ts';
import { ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { humanize } from '../../lib/format.ts';
import { useApiQuery } from '../../lib/query.ts';
import { PendingBadge } from './LicenseTracker.tsx';

export function LicenseCriticalPath({ dealId }: { dealId: string }) {
  const path = useApiQuery<CriticalPath>(`/api/v1/deals/${dealId}/licenses`);
  if (!path.data) return path.error ? <ErrorBox error={path.error} /> : <Loading />;
  const p = path.data;
  if (p.items.length === 0) return null;
  return (
    <>
      <h3 id="license-critical-path">Critical path</h3>
      <p className="small">
        Worst first, as of {p.asOf}; the target for BIS to decide an application is {p.targetDays} days.
      </p>
      <TableScroll label="Licenses holding up the deal, worst first">
        <table aria-labelledby="license-critical-path">
          <thead>
            <tr>
              <th scope="col">Component → market</th>
              <th scope="col">License</th>
              <th scope="col">Why it blocks</th>
              <th scope="col">With BIS</th>
              <th scope="col">Cells</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((i) => (
              <tr key={`${i.componentId}|${i.market}|${i.licenseId ?? 'none'}`}>
                <th scope="row">
                  {i.componentName} → {i.market}
                </th>
                <td>
                  {humanize(i.status)}
                  {i.bisApplicationNumber && ` (${i.bisApplicationNumber})`}
                </td>
                <td>{i.reason}</td>
                <td>{i.daysPending === null ? '—' : <PendingBadge daysPending={i.daysPending} aging={i.aging} />}</td>
                <td>{i.blocksCells}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
