// The alerts queue: potential matches of the parties aiep holds, each disposed of as a false
// positive (with reason) or confirmed.
import { useState } from 'react';
import { ErrorBox, Loading, useLoad } from '../../components/ui.tsx';
import { dateTime, humanize } from '../../lib/format.ts';
import { get, post } from '../../lib/api.ts';
import type { ScreeningAlert } from './api.ts';
import { EffectBadge, ExplanationView, score } from './Explanation.tsx';

export function AlertsPanel({ focus, canDispose }: { focus: string | null; canDispose: boolean }) {
  const [status, setStatus] = useState('open');
  const { data, error, reload } = useLoad(() => get<{ items: ScreeningAlert[] }>(`/api/v1/screening/alerts${status ? `?status=${status}` : ''}`), [status]);
  return (
    <section className="card" aria-labelledby="alerts-h">
      <div className="row">
        <h2 id="alerts-h">Alerts</h2>
        <label className="check">
          Show{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="open">open</option>
            <option value="false_positive">false positives</option>
            <option value="confirmed">confirmed</option>
            <option value="">all</option>
          </select>
        </label>
      </div>
      <ErrorBox error={error} />
      {!data ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <p className="muted">No alerts.</p>
      ) : (
        <ul className="plain">
          {data.items.map((a) => (
            <AlertItem key={a.id} alert={a} open={a.id === focus} canDispose={canDispose} onChange={() => void reload()} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertItem({ alert: a, open, canDispose, onChange }: { alert: ScreeningAlert; open: boolean; canDispose: boolean; onChange: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function dispose(status: 'false_positive' | 'confirmed') {
    try {
      await post(`/api/v1/screening/alerts/${a.id}/disposition`, { status, ...(reason.trim() ? { reason } : {}) });
      setError(null);
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <li className="card alert-item">
      <details open={open}>
        <summary>
          <strong>{a.party.name}</strong> ({humanize(a.party.source ?? 'party')}) ~ <strong>{a.entryName}</strong> <span className="badge">{a.list}</span> <EffectBadge effect={a.effect} /> score {score(a.score)} ·{' '}
          {humanize(a.status)} · {dateTime(a.createdAt)}
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
        {canDispose && (
          <div className="inline">
            <label style={{ flex: '1 1 320px' }}>
              Reason
              <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={4000} />
            </label>
            <button type="button" className="secondary" onClick={() => void dispose('false_positive')}>
              False positive
            </button>
            <button type="button" onClick={() => void dispose('confirmed')}>
              Confirmed match
            </button>
          </div>
        )}
        <ErrorBox error={error} />
      </details>
    </li>
  );
}
