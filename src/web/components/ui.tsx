// Small shared building blocks: status badges, alerts, problem lists, a loader hook.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError, type FieldError } from '../lib/api.ts';
import { humanize } from '../lib/format.ts';

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge-${state}`}>{humanize(state)}</span>;
}

/** One <option> per code, labelled in words ("license_required" → "License required"). */
export function CodeOptions({ codes }: { codes: readonly string[] }) {
  return (
    <>
      {codes.map((c) => (
        <option key={c} value={c}>
          {humanize(c)}
        </option>
      ))}
    </>
  );
}

export function Alert({ kind = 'error', children }: { kind?: 'error' | 'info' | 'success'; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <Alert>
      <strong>{e ? e.message : String((error as Error).message ?? error)}</strong>
      {e && e.errors.length > 0 && <FieldErrors errors={e.errors} />}
    </Alert>
  );
}

export function FieldErrors({ errors }: { errors: FieldError[] }) {
  return (
    <ul className="field-errors">
      {errors.map((f, i) => (
        <li key={i}>
          <code>{f.path}</code> {f.message}
        </li>
      ))}
    </ul>
  );
}

/** Loads data on mount and when deps change; exposes reload for after a write. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  // A generic hook: the caller's deps decide when to reload (a version, say, that the loader does
  // not read), so they cannot be listed here.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    try {
      setData(await run());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, setData };
}

export function Loading() {
  return <p aria-busy="true">Loading…</p>;
}
