// The alerts queue: potential matches of the parties aiep holds. What a viewer may do to an alert
// comes from the server (`allowedActions`): confirming raises a hit's effect; clearing it as a false
// positive is the program office's screening staff's, and a confirmed prohibited match takes two of
// them (one proposes, another approves); the consortium contests an alert about its own party.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ErrorBox, Loading } from '../../components/ui.tsx';
import { dateTime, humanize } from '../../lib/format.ts';
import { post } from '../../lib/api.ts';
import { invalidate, useApiQuery } from '../../lib/query.ts';
import { MIN_CONTEST_REASON_LENGTH } from '../../../shared/contracts/screening.ts';
import type { AlertAction, ScreeningAlert } from './api.ts';
import { EffectBadge, ExplanationView, score } from './Explanation.tsx';

/** The queue's filters, kept by the page in its URL: which alerts (open unless said), contested only. */
export const AlertFilters = z.object({
  status: z.enum(['open', 'false_positive', 'confirmed', 'all']).optional().catch(undefined),
  contested: z.boolean().optional().catch(undefined),
});
type Filters = z.infer<typeof AlertFilters>;

const ALERTS = '/api/v1/screening/alerts';

export function AlertsPanel({ focus, note, filters, onFilters }: { focus: string | null; note: string | null; filters: Filters; onFilters: (f: Filters) => void }) {
  const { status = 'open', contested = false } = filters;
  const query = new URLSearchParams({ ...(status !== 'all' ? { status } : {}), ...(contested ? { contested: 'true' } : {}) }).toString();
  const { data, error } = useApiQuery<{ items: ScreeningAlert[] }>(`${ALERTS}${query ? `?${query}` : ''}`);
  // A link to one alert (a notification's) opens it whatever the filters: one the filters leave out
  // (a confirmed match whose clearance awaits approval, under the default "open") is shown first.
  const listed = !data || focus === null || data.items.some((a) => a.id === focus);
  const focused = useApiQuery<ScreeningAlert>(`${ALERTS}/${focus}`, { enabled: !listed });
  const extra = !listed && focused.data ? focused.data : null;
  const queryClient = useQueryClient();
  // A decision moves an alert from one filter's list to another's: every list is stale.
  const changed = () => void invalidate(queryClient, [ALERTS]);
  // The defaults stay out of the URL.
  const filter = (next: Filters) => onFilters({ status: next.status === 'open' ? undefined : next.status, contested: next.contested || undefined });
  return (
    <section className="card" aria-labelledby="alerts-h">
      <div className="row">
        <h2 id="alerts-h">Alerts</h2>
        <label className="check">
          Show{' '}
          <select value={status} onChange={(e) => filter({ status: AlertFilters.shape.status.parse(e.target.value), contested })}>
            <option value="open">open</option>
            <option value="false_positive">false positives</option>
            <option value="confirmed">confirmed</option>
            <option value="all">all</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={contested} onChange={(e) => filter({ status, contested: e.target.checked })} /> Contested only
        </label>
      </div>
      {note && <p className="small muted">{note}</p>}
      <ErrorBox error={error ?? (listed ? null : focused.error)} />
      {!data ? (
        <Loading />
      ) : data.items.length === 0 && !extra ? (
        <p className="muted">No alerts.</p>
      ) : (
        <ul className="plain">
          {extra && <AlertItem key={extra.id} alert={extra} open onChange={changed} />}
          {data.items.map((a) => (
            <AlertItem key={a.id} alert={a} open={a.id === focus} onChange={changed} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The decision buttons, in the order they are offered; each sends the reason box's text as it needs. */
const DECISIONS: { action: Exclude<AlertAction, 'contest'>; label: string; secondary?: boolean }[] = [
  { action: 'clear', label: 'False positive', secondary: true },
  { action: 'propose_clearance', label: 'Propose clearance', secondary: true },
  { action: 'approve_clearance', label: 'Approve clearance' },
  { action: 'reject_clearance', label: 'Reject clearance', secondary: true },
  { action: 'confirm', label: 'Confirmed match' },
];

function request(id: string, action: Exclude<AlertAction, 'contest'>, reason: string): [string, unknown] {
  const base = `/api/v1/screening/alerts/${id}`;
  const withReason = reason.trim() ? { reason } : {};
  switch (action) {
    case 'confirm':
      return [`${base}/disposition`, { status: 'confirmed', ...withReason }];
    case 'clear':
      return [`${base}/disposition`, { status: 'false_positive', ...withReason }];
    case 'propose_clearance':
      return [`${base}/clearance`, { reason }];
    case 'approve_clearance':
      return [`${base}/clearance/approve`, reason.trim() ? { note: reason } : {}];
    case 'reject_clearance':
      return [`${base}/clearance/reject`, { reason }];
  }
}

function AlertItem({ alert: a, open, onChange }: { alert: ScreeningAlert; open: boolean; onChange: () => void }) {
  const [reason, setReason] = useState('');
  const [contestReason, setContestReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [error, setError] = useState<unknown>(null);
  const allowed = new Set(a.allowedActions);
  const decisions = DECISIONS.filter((d) => allowed.has(d.action));
  async function send(url: string, body: unknown) {
    try {
      await post(url, body);
      setError(null);
      setReason('');
      setContestReason('');
      setEvidence('');
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  const pending = a.clearance?.status === 'pending' ? a.clearance : null;
  return (
    <li className="card alert-item">
      <details open={open}>
        <summary>
          <strong>{a.party.name}</strong> ({humanize(a.party.source ?? 'party')}) ~ <strong>{a.entryName}</strong> <span className="badge">{a.list}</span> <EffectBadge effect={a.effect} /> score {score(a.score)} ·{' '}
          {humanize(a.status)}
          {a.contested && (
            <>
              {' '}
              <span className="badge">contested</span>
            </>
          )}
          {pending && (
            <>
              {' '}
              <span className="badge">clearance proposed</span>
            </>
          )}{' '}
          · {dateTime(a.createdAt)}
        </summary>
        <p className="small muted">
          {a.listTitle} · entry {a.entryId}
          {a.matchedName !== a.entryName && ` · matched name “${a.matchedName}”`}
        </p>
        <ExplanationView explanation={a.explanation} />
        {a.disposition && (
          <p>
            Disposed as <strong>{humanize(a.status)}</strong> on {dateTime(a.disposition.at)}
            {a.disposition.reason && <>: {a.disposition.reason}</>}
          </p>
        )}
        {pending && (
          <p role="status">
            Clearance proposed by <strong>{pending.proposedByName ?? 'an analyst'}</strong> on {dateTime(pending.proposedAt)}, awaiting second approval
            {pending.reason && <>: {pending.reason}</>}
          </p>
        )}
        {a.clearance?.status === 'rejected' && (
          <p className="small muted">
            A clearance proposed by {a.clearance.proposedByName ?? 'an analyst'} was rejected on {dateTime(a.clearance.decidedAt)}
            {a.clearance.note && <>: {a.clearance.note}</>}
          </p>
        )}
        {a.contests.length > 0 && (
          <div>
            <h3 className="small">Contests</h3>
            <ul className="plain">
              {a.contests.map((c) => (
                <li key={c.id} className="small">
                  {dateTime(c.at)} by {c.byName ?? 'the consortium'} — {c.open ? <strong>awaiting decision</strong> : <>answered: {humanize(c.resolution ?? 'decided')}</>}: {c.reason}
                  {c.evidence && <> (evidence: {c.evidence})</>}
                </li>
              ))}
            </ul>
          </div>
        )}
        {decisions.length > 0 && (
          <div className="inline">
            <label style={{ flex: '1 1 320px' }}>
              Reason
              <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={4000} />
            </label>
            {decisions.map((d) => (
              <button key={d.action} type="button" className={d.secondary ? 'secondary' : undefined} onClick={() => void send(...request(a.id, d.action, reason))}>
                {d.label}
              </button>
            ))}
          </div>
        )}
        {allowed.has('contest') && (
          <div className="inline">
            <label style={{ flex: '1 1 320px' }}>
              Why the party is not the listed one
              <textarea value={contestReason} onChange={(e) => setContestReason(e.target.value)} rows={2} minLength={MIN_CONTEST_REASON_LENGTH} maxLength={4000} />
            </label>
            <label style={{ flex: '1 1 240px' }}>
              Evidence (registration numbers, dates of birth, document references)
              <textarea value={evidence} onChange={(e) => setEvidence(e.target.value)} rows={2} maxLength={8000} />
            </label>
            <button
              type="button"
              className="secondary"
              onClick={() => void send(`/api/v1/screening/alerts/${a.id}/contest`, { reason: contestReason, ...(evidence.trim() ? { evidence } : {}) })}
            >
              Contest
            </button>
          </div>
        )}
        <ErrorBox error={error} />
      </details>
    </li>
  );
}
