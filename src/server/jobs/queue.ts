// A small job queue over the jobs table. Enqueue inside the transaction of the change that
// causes the job, so the job exists exactly when the change does; state lives in the table,
// so a restart loses nothing (a job whose worker died is taken again once its lease expires).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { findJob, findJobStatus, insertJob, type JobRow, type JobStatusRow } from './jobs.repository.ts';

export interface EnqueueOptions {
  idempotencyKey?: string;
  createdBy?: string | null;
  runAfter?: Date;
  maxAttempts?: number;
  /** The progress to report before the job starts (e.g. the size of the work). */
  progress?: unknown;
}

/** Adds a job (or, with an idempotency key already used, returns the job it created). */
export function enqueueJob(db: Kysely<Database>, clock: Clock, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<JobRow> {
  const now = clock.nowIso();
  return insertJob(db, {
    id: newId(),
    kind,
    payload_json: JSON.stringify(payload ?? {}),
    run_after: opts.runAfter ? opts.runAfter.toISOString() : now,
    created_at: now,
    created_by: opts.createdBy ?? null,
    idempotency_key: opts.idempotencyKey ?? null,
    max_attempts: opts.maxAttempts ?? 5,
    ...(opts.progress !== undefined ? { progress_json: JSON.stringify(opts.progress) } : {}),
  });
}

export interface JobView {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  progress: unknown;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function jobView(row: JobStatusRow): JobView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    progress: row.progress_json ? JSON.parse(row.progress_json) : null,
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export { findJob, findJobStatus };

/** Delay before retry number `attempt` (1-based): 2 s, 4 s, 8 s … capped at 10 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(2000 * 2 ** (attempt - 1), 600_000);
}
