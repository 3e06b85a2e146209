// Small shared building blocks: status badges, alerts, problem lists, the loading line, the box
// a wide table scrolls in.
import type { ReactNode } from 'react';
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
          {f.message}
        </li>
      ))}
    </ul>
  );
}

export function Loading() {
  return <p aria-busy="true">Loading…</p>;
}

/**
 * A box that scrolls sideways when its table is wider than the screen (a phone), so the page
 * itself does not. It is a named region that takes focus, so keyboard users can scroll it too.
 */
export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `table-scroll ${className}` : 'table-scroll'} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
