// /access-log: who read business-confidential information, and who was refused — filtered by user,
// kind of thing, record, what was read and period (the filters are in the URL), newest first, a
// page at a time; and the audit chain's verification above it. Auditors and administrators.
import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { can, mayEver } from '../../../shared/access.ts';
import type { AccessLogPage as LogPage } from '../../../shared/contracts/access-log.ts';
import type { UserListItem } from '../../../shared/contracts/users.ts';
import { ACCESS_LOG_RESOURCE_LABELS, ACCESS_LOG_ROUTE_LABELS, accessLogAnswerLabel, accessLogRouteLabel } from '../../../shared/labels.ts';
import { useSession } from '../../app/session.tsx';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { dateTime } from '../../lib/format.ts';
import { useApiQuery } from '../../lib/query.ts';
import { AuditChainPanel } from '../audit/AuditChainPanel.tsx';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The page's URL search parameters; a value the page does not know is dropped. */
export const AccessLogSearch = z.object({
  userId: z.string().max(64).optional().catch(undefined),
  entityType: z.enum(Object.keys(ACCESS_LOG_RESOURCE_LABELS) as [string, ...string[]]).optional().catch(undefined),
  entityId: z.string().max(64).optional().catch(undefined),
  route: z.string().max(200).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});
export type AccessLogSearch = z.infer<typeof AccessLogSearch>;

const route = getRouteApi('/app/access-log');
const PAGE_SIZE = 50;

const AUTH_LABELS: Record<string, string> = { session: 'Signed in', api_key: 'API key', none: 'Not signed in' };

export function AccessLogPage() {
  const { user } = useSession();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  if (!can(user, 'access_log.read')) {
    return (
      <section>
        <h1>Access log</h1>
        <Alert kind="info">The access log is for auditors and administrators.</Alert>
      </section>
    );
  }
  return (
    <section aria-labelledby="access-log-heading">
      <h1 id="access-log-heading">Access log</h1>
      {mayEver(user, 'audit.verify') && <AuditChainPanel />}
      <h2>Reads of business-confidential information</h2>
      <p className="muted">Every read of a proposal, a company’s ownership, a deal or a financing request, and every refused attempt, newest first.</p>
      <Filters key={`filters ${JSON.stringify(search)}`} search={search} onApply={(next) => void navigate({ search: next })} />
      {/* A new filter starts again at the newest page. */}
      <Entries key={`entries ${JSON.stringify(search)}`} search={search} />
    </section>
  );
}

function Filters({ search, onApply }: { search: AccessLogSearch; onApply: (s: AccessLogSearch) => void }) {
  const users = useApiQuery<{ items: UserListItem[] }>('/api/v1/users');
  const [f, setF] = useState<AccessLogSearch>(search);
  const set = (k: keyof AccessLogSearch, v: string) => setF({ ...f, [k]: v || undefined });
  const badPeriod = !!(f.from && f.to && f.from > f.to);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!badPeriod) onApply({ ...f, entityId: f.entityId?.trim() || undefined });
  }

  return (
    <form className="card inline" role="search" aria-label="Filter the access log" onSubmit={submit}>
      <label>
        User
        <select value={f.userId ?? ''} onChange={(e) => set('userId', e.target.value)}>
          <option value="">Anyone</option>
          {(users.data?.items ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.email})
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind of record
        <select value={f.entityType ?? ''} onChange={(e) => set('entityType', e.target.value)}>
          <option value="">Any kind</option>
          {Object.entries(ACCESS_LOG_RESOURCE_LABELS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        What was read
        <select value={f.route ?? ''} onChange={(e) => set('route', e.target.value)}>
          <option value="">Anything</option>
          {Object.entries(ACCESS_LOG_ROUTE_LABELS).map(([r, label]) => (
            <option key={r} value={r}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Record identifier
        <input value={f.entityId ?? ''} maxLength={64} placeholder="e.g. a proposal’s identifier" onChange={(e) => set('entityId', e.target.value)} />
      </label>
      <label>
        From
        <input type="date" value={f.from ?? ''} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={f.to ?? ''} onChange={(e) => set('to', e.target.value)} aria-invalid={badPeriod} aria-describedby={badPeriod ? 'period-error' : undefined} />
      </label>
      <div className="actions">
        <button type="submit" disabled={badPeriod}>
          Show
        </button>
        <button type="button" className="link" onClick={() => onApply({})}>
          Clear filters
        </button>
      </div>
      {badPeriod && (
        <p id="period-error" className="bad small">
          The period ends before it starts.
        </p>
      )}
    </form>
  );
}

function queryOf(search: AccessLogSearch, cursor: string | undefined): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (v) q.set(k, v);
  q.set('limit', String(PAGE_SIZE));
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

function Entries({ search }: { search: AccessLogSearch }) {
  // The cursors of the pages before this one (Newer goes back, Older forward).
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const log = useApiQuery<LogPage>(`/api/v1/access-log?${queryOf(search, cursor)}`);
  const pageNo = cursors.length + 1;
  if (log.error) return <ErrorBox error={log.error} />;
  if (!log.data) return <Loading />;
  const { items, nextCursor } = log.data;
  return (
    <>
      {items.length === 0 ? (
        <p className="muted">{pageNo === 1 ? 'No entry matches these filters.' : 'No older entries.'}</p>
      ) : (
        <TableScroll label="Access log entries">
          <table aria-label="Access log">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>How</th>
                <th>What was read</th>
                <th>Record</th>
                <th>Answer</th>
                <th>From address</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.at)}</td>
                  <td>{e.userEmail ?? (e.userId ? 'A removed user' : 'Nobody signed in')}</td>
                  <td>{AUTH_LABELS[e.auth] ?? e.auth}</td>
                  <td>{accessLogRouteLabel(e.route)}</td>
                  <td>
                    <code className="small">{e.entityId ?? '—'}</code>
                  </td>
                  <td className={e.status >= 400 ? 'bad' : undefined}>{accessLogAnswerLabel(e.status)}</td>
                  <td>{e.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav className="actions" aria-label="Access log pages">
        <button type="button" disabled={pageNo === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <span className="small muted" aria-live="polite">
          Page {pageNo}
        </span>
        <button type="button" disabled={!nextCursor} onClick={() => nextCursor && setCursors([...cursors, nextCursor])}>
          Older
        </button>
      </nav>
    </>
  );
}
