// Deals as a table, each buyer linking to its deal page: the EDAG coordinator's packages on the
// home page, and the portfolio's list of deals (with the package column).
import { Link } from '@tanstack/react-router';
import { StateBadge, TableScroll } from '../../components/ui.tsx';
import { usd } from '../../lib/format.ts';
import type { DealSummary } from '../../../shared/contracts/financing.ts';

export function DealTable({ deals, label, showPackage = false }: { deals: DealSummary[]; label: string; showPackage?: boolean }) {
  return (
    <TableScroll label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Buyer</th>
            {showPackage && <th scope="col">Package</th>}
            <th scope="col">Country</th>
            <th scope="col">Value</th>
            <th scope="col">Stage</th>
          </tr>
        </thead>
        <tbody>
          {deals.map((d) => (
            <tr key={d.id}>
              <td>
                <Link to="/deals/$id" params={{ id: d.id }}>
                  {d.buyerName}
                </Link>
              </td>
              {showPackage && <td>{d.proposalTitle}</td>}
              <td>{d.country}</td>
              <td>{usd(d.valueUsd)}</td>
              <td>
                <StateBadge state={d.stage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
