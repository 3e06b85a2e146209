import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { z } from 'zod';
import { useSession } from '../app/session.tsx';
import { can, mayEver } from '../../shared/access.ts';
import { DesignatedPackages, OpenRequests } from '../features/financing/HomeWork.tsx';
import { CodeOptions, ErrorBox, Loading, StateBadge, TableScroll } from '../components/ui.tsx';
import { post } from '../lib/api.ts';
import { dateTime, humanize, pct } from '../lib/format.ts';
import { invalidate, useApiQuery } from '../lib/query.ts';
import type { ConsortiumSummary, Proposal, ProposalSummary, ReviewQueueItem } from '../lib/types.ts';
import { PROPOSAL_STATES } from '../../shared/domain/proposal-lifecycle.ts';

export function HomePage() {
  const { user } = useSession();
  return user.org.kind === 'company' ? <ApplicantHome /> : <GovernmentHome />;
}

interface Column<T> {
  header: string;
  cell: (p: T) => ReactNode;
}

/** Proposals, each with its title (and revision), consortium and state, then `columns`. */
function ProposalTable<T extends ProposalSummary>({ items, caption, empty, columns }: { items: T[]; caption: string; empty: string; columns: Column<T>[] }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Proposal</th>
            <th scope="col">Consortium</th>
            <th scope="col">State</th>
            {columns.map((c) => (
              <th scope="col" key={c.header}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to="/proposals/$id" params={{ id: p.id }}>
                  {p.title}
                </Link>{' '}
                <span className="muted small">rev. {p.revision}</span>
              </td>
              <td>{p.consortium.name}</td>
              <td>
                <StateBadge state={p.state} />
              </td>
              {columns.map((c) => (
                <td key={c.header}>{c.cell(p)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

const APPLICANT_COLUMNS: Column<ProposalSummary>[] = [
  { header: 'Submitted', cell: (p) => dateTime(p.submittedAt) },
  { header: 'Updated', cell: (p) => dateTime(p.updatedAt) },
];

/** The program office's queue: what decides each proposal's next step, at a glance. */
const QUEUE_COLUMNS: Column<ReviewQueueItem>[] = [
  { header: 'Complete', cell: (p) => (p.completeness.complete ? 'Yes' : `${p.completeness.missing} missing`) },
  {
    header: 'US content',
    cell: (p) => (
      <>
        {pct(p.usContentShare)}
        {!p.usContentPresumptionMet && <span className="muted small"> (below presumption)</span>}
      </>
    ),
  },
  { header: 'Compliance', cell: (p) => (p.compliance ? <span className={`badge badge-${p.compliance}`}>{humanize(p.compliance)}</span> : '—') },
  {
    header: 'Reviews',
    cell: (p) => (
      <>
        {p.reviews.active === 0 ? (p.state === 'under_review' ? <strong>None assigned</strong> : '—') : `${p.reviews.submitted} of ${Math.max(p.reviews.minimum, p.reviews.active)} scored`}
        {p.reviews.overdue > 0 && <strong> · {p.reviews.overdue} overdue</strong>}
        {p.reviews.conflicted > 0 && <span className="muted small"> · {p.reviews.conflicted} conflicted</span>}
      </>
    ),
  },
  {
    header: 'Consultations',
    cell: (p) => (
      <>
        {p.consultations.requested === 0 ? '—' : `${p.consultations.answered} of ${p.consultations.requested} answered`}
        {p.consultations.overdue > 0 && <strong> · {p.consultations.overdue} overdue</strong>}
      </>
    ),
  },
  { header: 'Submitted', cell: (p) => dateTime(p.submittedAt) },
];

function ApplicantHome() {
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const consortia = useApiQuery<{ items: ConsortiumSummary[] }>('/api/v1/consortia');
  const proposals = useApiQuery<{ items: ProposalSummary[] }>('/api/v1/proposals?limit=200');
  const [name, setName] = useState('');
  // A new proposal starts with its title: the consortium it is for, and the title being typed.
  const [starting, setStarting] = useState<{ consortiumId: string; title: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const canAnchor = can(user, 'consortium.form');

  async function formConsortium(e: FormEvent) {
    e.preventDefault();
    try {
      const c = await post<{ id: string }>('/api/v1/consortia', { name, layerRoles: [] });
      await invalidate(queryClient, ['/api/v1/consortia']);
      await navigate({ to: '/consortia/$id', params: { id: c.id } });
    } catch (err) {
      setError(err);
    }
  }

  async function newProposal(e: FormEvent) {
    e.preventDefault();
    if (!starting) return;
    try {
      const p = await post<Proposal>('/api/v1/proposals', { consortiumId: starting.consortiumId, title: starting.title.trim(), summary: '' });
      await invalidate(queryClient, ['/api/v1/proposals']);
      await navigate({ to: '/proposals/$id', params: { id: p.id } });
    } catch (err) {
      setError(err);
    }
  }

  async function answer(consortiumId: string, accept: boolean) {
    try {
      await post(`/api/v1/consortia/${consortiumId}/invitation/${accept ? 'accept' : 'decline'}`);
      // Joining brings the consortium's proposals into view too.
      await invalidate(queryClient, ['/api/v1/consortia', '/api/v1/proposals']);
    } catch (err) {
      setError(err);
    }
  }

  const invitations = consortia.data?.items.filter((c) => c.myStatus === 'invited') ?? [];
  const mine = consortia.data?.items.filter((c) => c.myStatus === 'active') ?? [];
  return (
    <>
      <h1>{user.org.name}</h1>
      <ErrorBox error={error ?? consortia.error ?? proposals.error} />
      {invitations.length > 0 && (
        <section className="card" aria-labelledby="inv">
          <h2 id="inv">Invitations</h2>
          <ul className="plain">
            {invitations.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong> invites {user.org.name} to join.{' '}
                <button onClick={() => void answer(c.id, true)}>Accept</button>{' '}
                <button className="secondary" onClick={() => void answer(c.id, false)}>
                  Decline
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="cons">
        <h2 id="cons">Your consortia</h2>
        {!consortia.data ? (
          <Loading />
        ) : mine.length === 0 ? (
          <p className="muted">Your company is not in a consortium yet.</p>
        ) : (
          <ul className="plain">
            {mine.map((c) => (
              <li key={c.id} className="row">
                <Link to="/consortia/$id" params={{ id: c.id }}>
                  {c.name}
                </Link>
                <span className="muted">{c.isAnchor ? 'anchor member' : 'member'}</span>
                {c.isAnchor && canAnchor && starting?.consortiumId !== c.id && (
                  <button onClick={() => setStarting({ consortiumId: c.id, title: '' })} aria-label={`New proposal for ${c.name}`}>
                    New proposal
                  </button>
                )}
                {starting?.consortiumId === c.id && (
                  <form onSubmit={(e) => void newProposal(e)} className="inline" aria-label={`New proposal for ${c.name}`}>
                    <label>
                      Title of the package
                      <input value={starting.title} onChange={(e) => setStarting({ ...starting, title: e.target.value })} required maxLength={200} autoFocus />
                    </label>
                    <button type="submit" disabled={starting.title.trim() === ''}>
                      Create proposal
                    </button>
                    <button type="button" className="secondary" onClick={() => setStarting(null)}>
                      Cancel
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {canAnchor && (
          <form onSubmit={formConsortium} className="inline">
            <label>
              New consortium name
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
            </label>
            <button type="submit">Form consortium</button>
          </form>
        )}
      </section>
      <section className="card" aria-labelledby="props">
        <h2 id="props">Proposals</h2>
        {proposals.data ? <ProposalTable items={proposals.data.items} caption="Proposals of your consortia" empty="No proposals yet." columns={APPLICANT_COLUMNS} /> : <Loading />}
      </section>
    </>
  );
}

/** The home page's URL search parameters: the program office's queue filter (an unknown state is dropped). */
export const HomeSearch = z.object({ state: z.enum(PROPOSAL_STATES).optional().catch(undefined) });
const route = getRouteApi('/app/');

function GovernmentHome() {
  const { user } = useSession();
  // The queue's filter is in the URL (/?state=under_review): shareable, and Back undoes it.
  const { state } = route.useSearch();
  const navigate = route.useNavigate();
  const sees = can(user, 'review.read');
  const reviews = mayEver(user, 'review.score');
  const queue = useApiQuery<{ items: ReviewQueueItem[] }>(`/api/v1/review-queue?limit=200${state ? `&state=${state}` : ''}`, { enabled: sees });
  // The financing desks: the EDAG coordinator refers deals' financing, a financing officer decides it.
  const coordinatesDeals = can(user, 'financing.request.refer');
  const decidesFinancing = mayEver(user, 'financing.request.decide');
  return (
    <>
      <h1>{user.org.name}</h1>
      {coordinatesDeals && <DesignatedPackages />}
      {decidesFinancing && <OpenRequests />}
      {reviews && <ReviewerHome />}
      {can(user, 'buyer_interests.read') && <BuyerInterests />}
      {!sees ? (
        !reviews && !coordinatesDeals && !decidesFinancing && <p className="muted">Proposals reach you when they are assigned to you or referred to your agency.</p>
      ) : (
        <section className="card" aria-labelledby="queue">
          <h2 id="queue">Submitted proposals</h2>
          <label className="inline">
            State
            <select value={state ?? ''} onChange={(e) => void navigate({ search: HomeSearch.parse({ state: e.target.value || undefined }) })}>
              <option value="">All</option>
              <CodeOptions codes={PROPOSAL_STATES.filter((s) => s !== 'draft')} />
            </select>
          </label>
          <ErrorBox error={queue.error} />
          {queue.data ? <ProposalTable items={queue.data.items} caption="Proposal queue" empty="No proposals in this state." columns={QUEUE_COLUMNS} /> : <Loading />}
        </section>
      )}
    </>
  );
}

function ReviewerHome() {
  const reviews = useApiQuery<{ items: { id: string; consortium: string; dueAt: string; coi: string; status: string; overdue: boolean }[] }>('/api/v1/reviews');
  const consultations = useApiQuery<{ items: { id: string; proposalId: string; proposalTitle: string; agency: string; position: string | null; dueAt: string; overdue: boolean }[] }>('/api/v1/consultations');
  return (
    <>
      <section className="card" aria-labelledby="my-reviews">
        <h2 id="my-reviews">Your review assignments</h2>
        {!reviews.data ? (
          <Loading />
        ) : reviews.data.items.length === 0 ? (
          <p className="muted">No assignments.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Consortium</th>
                <th scope="col">Conflict of interest</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {reviews.data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to="/reviews/$id" params={{ id: r.id }}>
                      {r.consortium}
                    </Link>
                  </td>
                  <td>{r.coi === 'pending' ? 'Declare first' : 'None declared'}</td>
                  <td>{humanize(r.status)}</td>
                  <td>
                    {dateTime(r.dueAt)} {r.overdue && <span className="bad">overdue</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {consultations.data && consultations.data.items.length > 0 && (
        <section className="card" aria-labelledby="my-consultations">
          <h2 id="my-consultations">Consultations of your agency</h2>
          <ul className="plain">
            {consultations.data.items.map((c) => (
              <li key={c.id}>
                <Link to="/proposals/$id" params={{ id: c.proposalId }}>
                  {c.proposalTitle}
                </Link> — {c.position ? humanize(c.position) : 'awaiting your position'}, due {dateTime(c.dueAt)}{' '}
                {c.overdue && <span className="bad">overdue</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function BuyerInterests() {
  const interests = useApiQuery<{ items: { id: string; proposalId: string; proposalTitle: string; buyerName: string; buyerKind: string; country: string; contactEmail: string; requirements: Record<string, unknown>; createdAt: string }[] }>('/api/v1/buyer-interests');
  if (!interests.data || interests.data.items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="interest">
      <h2 id="interest">Foreign buyer interest</h2>
      <ul className="plain">
        {interests.data.items.map((i) => (
          <li key={i.id}>
            <strong>{i.buyerName}</strong> ({humanize(i.buyerKind)}, {i.country}, {i.contactEmail}) in <Link to="/proposals/$id" params={{ id: i.proposalId }}>
              {i.proposalTitle}
            </Link>:{' '}
            {Object.entries(i.requirements)
              .map(([k, v]) => `${humanize(k)}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
              .join(' · ')}
          </li>
        ))}
      </ul>
    </section>
  );
}
