// The financing desks' home pages: the EDAG coordinator starts from the designated packages and
// their deals; a financing officer from the requests in progress at their agency.
import { Link } from '@tanstack/react-router';
import { useSession } from '../../app/session.tsx';
import { ErrorBox, Loading, StateBadge } from '../../components/ui.tsx';
import { dateTime, humanize, usd } from '../../lib/format.ts';
import { useApiQuery } from '../../lib/query.ts';
import { canOn } from '../../../shared/access.ts';
import { FINANCING_TRANSITIONS, type FinancingAction } from '../../../shared/domain/financing-lifecycle.ts';
import { DealTable } from './DealTable.tsx';
import type { DealSummary, FinancingRequest, PortfolioPackage } from '../../../shared/contracts/financing.ts';
import { NewDealForm } from './NewDealForm.tsx';

/** Designated packages, each with its deals leading to the deal pages, and a deal opened where allowed. */
export function DesignatedPackages() {
  const { reference } = useSession();
  const packages = useApiQuery<{ items: PortfolioPackage[] }>('/api/v1/portfolio/packages');
  const name = (code: string) => reference.countries.find((c) => c.code === code)?.name ?? code;
  return (
    <section className="card" aria-labelledby="packages">
      <h2 id="packages">Designated packages and their deals</h2>
      <ErrorBox error={packages.error} />
      {!packages.data ? (
        packages.error ? null : <Loading />
      ) : packages.data.items.length === 0 ? (
        <p className="muted">No package is designated yet. Deals are opened under designated packages.</p>
      ) : (
        packages.data.items.map((p) => (
          <article key={p.proposalId} className="package" aria-labelledby={`pkg-${p.proposalId}`}>
            <h3 id={`pkg-${p.proposalId}`}>
              <Link to="/proposals/$id" params={{ id: p.proposalId }}>
                {p.title}
              </Link>{' '}
              <StateBadge state={p.designationState} />
            </h3>
            <p className="small muted">
              {p.consortiumName} · designated {dateTime(p.designatedAt)} · {p.countries.map(name).join(', ')}
            </p>
            {p.deals.length === 0 ? <p className="muted">No deal under this package yet.</p> : <DealTable deals={p.deals} label={`Deals under ${p.title}`} />}
            {p.mayOpenDeal && (
              <details>
                <summary>Open a deal under this package</summary>
                <NewDealForm proposalId={p.proposalId} countries={p.countries} />
              </details>
            )}
          </article>
        ))
      )}
      <p className="small">
        <Link to="/monitoring">Monitoring reports</Link> of these packages and their deals
      </p>
    </section>
  );
}

/** Steps that move a request on; declining, expiring and withdrawing are not "the next step". */
const ONWARD_STEPS = (Object.keys(FINANCING_TRANSITIONS) as FinancingAction[]).filter((a) => !['decline', 'expire', 'withdraw'].includes(a));

/** The requests in progress at a financing officer's agency, oldest referral first, with the step each awaits from it. */
export function OpenRequests() {
  const { user } = useSession();
  const requests = useApiQuery<{ items: FinancingRequest[] }>('/api/v1/financing-requests?open=true');
  // The requests name their deal by id; the deals the agency sees give the buyer and country.
  const deals = useApiQuery<{ items: DealSummary[] }>('/api/v1/deals');
  const dealOf = (id: string) => deals.data?.items.find((d) => d.id === id);
  const nextSteps = (r: FinancingRequest) =>
    ONWARD_STEPS.filter((a) => (FINANCING_TRANSITIONS[a].from as readonly string[]).includes(r.state) && canOn(user, `financing.request.${a}`, { financing_agency: user.org.agency === r.agency }));
  // Oldest referral first: it has waited longest.
  const items = requests.data ? [...requests.data.items].sort((a, b) => a.referredAt.localeCompare(b.referredAt)) : [];
  return (
    <section className="card" aria-labelledby="open-requests">
      <h2 id="open-requests">Financing requests in progress{user.org.agency ? ` at ${user.org.agency}` : ''}</h2>
      <ErrorBox error={requests.error ?? deals.error} />
      {!requests.data ? (
        requests.error ? null : <Loading />
      ) : items.length === 0 ? (
        <p className="muted">No request awaits your agency.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="sr-only">Financing requests in progress</caption>
            <thead>
              <tr>
                <th scope="col">Deal</th>
                <th scope="col">Instrument</th>
                <th scope="col">Requested</th>
                <th scope="col">State</th>
                <th scope="col">Next step</th>
                <th scope="col">Referred</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const deal = dealOf(r.dealId);
                const steps = nextSteps(r);
                return (
                  <tr key={r.id}>
                    <td>
                      <Link to="/deals/$id" params={{ id: r.dealId }}>
                        {deal ? `${deal.buyerName} (${deal.country})` : 'Open the deal'}
                      </Link>
                    </td>
                    <td>
                      {r.agency} — {humanize(r.instrument)}
                    </td>
                    <td>{usd(r.requestedUsd)}</td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td>{steps.length ? <strong>{steps.map(humanize).join(' or ')}</strong> : <span className="muted">none now</span>}</td>
                    <td>{dateTime(r.referredAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
