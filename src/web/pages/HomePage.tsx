import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { CallChoice } from '../features/calls/CallChoice.tsx';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { useSession } from '../app/session.tsx';
import { can, mayEver } from '../../shared/access.ts';
import { DesignatedPackages, OpenRequests } from '../features/financing/HomeWork.tsx';
import { ScreeningWork } from '../features/screening/ScreeningWork.tsx';
import { CodeOptions, ErrorBox, Loading, StateBadge, TableScroll } from '../components/ui.tsx';
import { post } from '../lib/api.ts';
import { dateTime, humanize, pct } from '../lib/format.ts';
import { invalidate, useApiQuery } from '../lib/query.ts';
import type { ConsortiumSummary, Proposal, ProposalSummary } from '../lib/types.ts';
import type { ProposalQueueItem, ProposalQueuePageView, QUEUE_SORTS } from '../../shared/contracts/proposal-queue.ts';
import { FINANCING_AGENCIES } from '../../shared/domain/package.ts';
import { REGION_NAMES } from '../../shared/reference/regions.ts';
import { HomeSearch, QUEUE_PAGE_SIZE, queueQuery, type HomeSearchParams } from '../features/queue/search.ts';
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
const QUEUE_COLUMNS: Column<ProposalQueueItem>[] = [
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
  { header: 'In state since', cell: (p) => dateTime(p.stateSince) },
  { header: 'Score', cell: (p) => (p.score === null ? '—' : p.score.toFixed(2)) },
  { header: 'Reference', cell: (p) => <span className="small">{p.reference}</span> },
];

function ApplicantHome() {
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const consortia = useApiQuery<{ items: ConsortiumSummary[] }>('/api/v1/consortia');
  const proposals = useApiQuery<{ items: ProposalSummary[] }>('/api/v1/proposals?limit=200');
  const [name, setName] = useState('');
  // A new proposal starts with its title: the consortium it is for, and the title being typed.
  const [starting, setStarting] = useState<{ consortiumId: string; title: string; callId?: string } | null>(null);
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
      const p = await post<Proposal>('/api/v1/proposals', { consortiumId: starting.consortiumId, title: starting.title.trim(), summary: '', ...(starting.callId ? { callId: starting.callId } : {}) });
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
                    <CallChoice value={starting.callId ?? ''} onChange={(callId) => setStarting({ ...starting, callId: callId || undefined })} />
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

/** The home page's URL search parameters: the program office's queue (src/web/features/queue/search.ts). */
export { HomeSearch };
const route = getRouteApi('/app/');

function GovernmentHome() {
  const { user } = useSession();
  const sees = can(user, 'review.read');
  const reviews = mayEver(user, 'review.score');
  // The financing desks: the EDAG coordinator refers deals' financing, a financing officer decides it.
  const coordinatesDeals = can(user, 'financing.request.refer');
  const decidesFinancing = mayEver(user, 'financing.request.decide');
  // The screening desk: who reads every alert and may lower a hit's effect decides the alerts.
  const decidesAlerts = can(user, 'screening.alerts.read_all') && mayEver(user, 'screening.clear');
  return (
    <>
      <h1>{user.org.name}</h1>
      {decidesAlerts && <ScreeningWork />}
      {coordinatesDeals && <DesignatedPackages />}
      {decidesFinancing && <OpenRequests />}
      {reviews && <ReviewerHome />}
      {can(user, 'buyer_interests.read') && <BuyerInterests />}
      {!sees ? (
        !reviews && !coordinatesDeals && !decidesFinancing && !decidesAlerts && <p className="muted">Proposals reach you when they are assigned to you or referred to your agency.</p>
      ) : (
        <ProposalQueue />
      )}
    </>
  );
}

/**
 * The program office's queue: search, filters, sort and page are the URL's (/?q=…&state=…), so a
 * view can be shared and Back undoes a change; the server filters (a program has hundreds of
 * proposals) and exports the same rows as CSV.
 */
function ProposalQueue() {
  const { reference } = useSession();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search.q ?? '');
  const queue = useApiQuery<ProposalQueuePageView>(`/api/v1/proposals/queue?${queueQuery(search)}`, { placeholderData: keepPreviousData });
  // A change of filter or sort starts again at the first page.
  const go = (patch: Partial<HomeSearchParams>) => void navigate({ search: HomeSearch.parse({ ...search, page: undefined, ...patch }) });
  const choose = (key: 'state' | 'market' | 'region' | 'agency' | 'assigned' | 'sort' | 'dir') => (e: ChangeEvent<HTMLSelectElement>) => go({ [key]: e.target.value || undefined });
  const page = search.page ?? 1;
  const data = queue.data;
  const filtered = Object.entries(search).some(([k, v]) => v !== undefined && k !== 'sort' && k !== 'dir' && k !== 'page');
  return (
    <section className="card" aria-labelledby="queue">
      <h2 id="queue">Submitted proposals</h2>
      <form
        role="search"
        aria-label="Search the proposal queue"
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: text.trim() || undefined });
        }}
      >
        <label>
          Search
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} placeholder="Title, consortium, reference or country" />
        </label>
        <button type="submit">Search</button>
      </form>
      <div className="inline queue-filters">
        <label>
          State
          <select value={search.state ?? ''} onChange={choose('state')}>
            <option value="">All</option>
            <CodeOptions codes={PROPOSAL_STATES.filter((s) => s !== 'draft')} />
          </select>
        </label>
        <label>
          Target market
          <select value={search.market ?? ''} onChange={choose('market')}>
            <option value="">All</option>
            <optgroup label="Regional blocs">
              {reference.blocs.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Countries">
              {reference.countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label>
          Region
          <select value={search.region ?? ''} onChange={choose('region')}>
            <option value="">All</option>
            {Object.entries(REGION_NAMES).map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Support requested from
          <select value={search.agency ?? ''} onChange={choose('agency')}>
            <option value="">Any agency</option>
            {FINANCING_AGENCIES.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reviewers
          <select value={search.assigned ?? ''} onChange={choose('assigned')}>
            <option value="">Assigned or not</option>
            <option value="yes">Assigned</option>
            <option value="no">Not assigned</option>
          </select>
        </label>
        <label>
          Sort by
          <select value={search.sort ?? 'submitted'} onChange={choose('sort')}>
            {Object.entries(SORT_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order
          <select value={search.dir ?? ''} onChange={choose('dir')}>
            <option value="">Default</option>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </label>
      </div>
      <p className="row">
        {data && (
          <span role="status">
            {data.total === 0 ? 'No proposal matches.' : `${data.offset + 1}–${data.offset + data.items.length} of ${data.total} proposals`}
          </span>
        )}
        <a className="button secondary" href={`/api/v1/proposals/queue.csv?${queueQuery(search, true)}`} download>
          Export CSV
        </a>
        {filtered && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setText('');
              void navigate({ search: {} });
            }}
          >
            Clear filters
          </button>
        )}
      </p>
      <ErrorBox error={queue.error} />
      {data ? <ProposalTable items={data.items} caption="Proposal queue" empty={filtered ? 'No proposal matches the search and filters.' : 'No proposals in this state.'} columns={QUEUE_COLUMNS} /> : <Loading />}
      {data && data.total > QUEUE_PAGE_SIZE && (
        <nav aria-label="Queue pages" className="row">
          <button type="button" className="secondary" disabled={page <= 1} onClick={() => void navigate({ search: { ...search, page: page - 1 > 1 ? page - 1 : undefined } })}>
            Previous page
          </button>
          <span>
            Page {page} of {Math.ceil(data.total / QUEUE_PAGE_SIZE)}
          </span>
          <button type="button" className="secondary" disabled={data.offset + data.items.length >= data.total} onClick={() => void navigate({ search: { ...search, page: page + 1 } })}>
            Next page
          </button>
        </nav>
      )}
    </section>
  );
}

const SORT_LABELS: Record<(typeof QUEUE_SORTS)[number], string> = {
  submitted: 'Submitted',
  age: 'Time in state',
  title: 'Title',
  state: 'State',
  score: 'Review score',
};

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
