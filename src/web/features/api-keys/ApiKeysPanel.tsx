// The user's API keys: create one with a scope and an expiry (the secret is shown once), see each
// key's scope, expiry, parent and last use, and revoke a key (with the keys created with it).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { API_KEY_DEFAULT_DAYS, API_KEY_MAX_DAYS, API_KEY_SCOPES, type ApiKey, type ApiKeyScope } from '../../../shared/contracts/auth.ts';
import { Alert, ErrorBox, Loading } from '../../components/ui.tsx';
import { del, post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useApiQuery } from '../../lib/query.ts';

const SCOPE_LABELS: Record<ApiKeyScope, string> = {
  read: 'Read — GET requests only',
  screening: 'Screening — read, plus party screening (search and batch)',
  full: 'Full — everything you may do',
};

const EXPIRY_CHOICES = [7, 30, API_KEY_DEFAULT_DAYS, 180, API_KEY_MAX_DAYS];

/** What a key is now: revoked, expired, or live. */
function keyState(k: ApiKey, now: number): string {
  if (k.revokedAt) return 'revoked';
  if (!k.expiresAt || Date.parse(k.expiresAt) <= now) return 'expired';
  return 'active';
}

const KEYS = '/api/v1/api-keys';

export function ApiKeysPanel() {
  const { data, error } = useApiQuery<ApiKey[]>(KEYS);
  const queryClient = useQueryClient();
  const reload = () => invalidate(queryClient, [KEYS]);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('read');
  const [days, setDays] = useState(API_KEY_DEFAULT_DAYS);
  const [created, setCreated] = useState<{ name: string; key: string; expiresAt: string } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  // For the "expired" badge only; the server decides whether a key still works.
  const [now] = useState(() => Date.now());

  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      const res = await post<{ name: string; key: string; expiresAt: string }>(KEYS, { name, scope, expiresInDays: days });
      setCreated(res);
      setName('');
      setActionError(null);
      await reload();
    } catch (err) {
      setActionError(err);
    }
  }

  async function revoke(k: ApiKey) {
    if (!window.confirm(`Revoke "${k.name}" and every key created with it?`)) return;
    try {
      await del(`${KEYS}/${k.id}`);
      setActionError(null);
      await reload();
    } catch (err) {
      setActionError(err);
    }
  }

  const names = new Map((data ?? []).map((k) => [k.id, k.name]));
  return (
    <section aria-label="API keys">
      <h1>API keys</h1>
      <ErrorBox error={error ?? actionError} />
      {created && (
        <Alert kind="success">
          Key <strong>{created.name}</strong> created; it expires {dateTime(created.expiresAt)}. Copy it now — it is not shown again:{' '}
          <code data-testid="new-api-key">{created.key}</code>
        </Alert>
      )}
      <form onSubmit={create} className="card" aria-label="Create an API key">
        <label>
          Name
          <input value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Scope
          <select aria-label="Scope" value={scope} onChange={(e) => setScope(e.target.value as ApiKeyScope)}>
            {API_KEY_SCOPES.map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Expires after
          <select aria-label="Expires after" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {EXPIRY_CHOICES.map((d) => (
              <option key={d} value={d}>
                {d === API_KEY_MAX_DAYS ? '1 year' : `${d} days`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Create key</button>
      </form>
      {!data ? (
        !error && <Loading />
      ) : data.length === 0 ? (
        <p className="muted">No API keys yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Scope</th>
              <th>Expires</th>
              <th>Created with</th>
              <th>Last used</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.map((k) => {
              const state = keyState(k, now);
              return (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.scope}</td>
                  <td>{dateTime(k.expiresAt)}</td>
                  <td>{k.parentId ? `key "${names.get(k.parentId) ?? k.parentId}"` : 'your login'}</td>
                  <td>{dateTime(k.lastUsedAt)}</td>
                  <td>
                    <span className={`badge badge-${state}`}>{state}</span>
                  </td>
                  <td>
                    {state === 'active' && (
                      <button className="link" onClick={() => void revoke(k)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
