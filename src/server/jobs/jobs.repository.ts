// SQL of the job queue. Claiming is one statement on both dialects: an UPDATE of the oldest due
// row chosen by a sub-select — with FOR UPDATE SKIP LOCKED on PostgreSQL, so concurrent workers
// never take the same job; SQLite has a single writer, so the statement is atomic as it stands.
// A running job is held under a lease: `locked_by` names the worker, `locked_at` is its last
// renewal (a heartbeat); every write of a running job's row names the worker, so a worker that
// lost its lease writes nothing.
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { Dialect } from '../db/connection.ts';
import type { Database, JobsTable } from '../db/schema.ts';

export type JobRow = Selectable<JobsTable>;

export interface NewJobRow {
  id: string;
  kind: string;
  payload_json: string;
  run_after: string;
  created_at: string;
  created_by: string | null;
  idempotency_key: string | null;
  max_attempts: number;
  progress_json?: string;
}

export async function insertJob(db: Kysely<Database>, job: NewJobRow): Promise<JobRow> {
  if (job.idempotency_key !== null) {
    const inserted = await db
      .insertInto('jobs')
      .values({ ...job, status: 'queued', attempts: 0 })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return inserted;
    return (await findJobByIdempotencyKey(db, job.idempotency_key))!;
  }
  return db.insertInto('jobs').values({ ...job, status: 'queued', attempts: 0 }).returningAll().executeTakeFirstOrThrow();
}

export function findJob(db: Kysely<Database>, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A job without its payload and result: what a status poll needs (both are megabytes for a large batch). */
export type JobStatusRow = Omit<JobRow, 'payload_json' | 'result_json'>;

export function findJobStatus(db: Kysely<Database>, id: string): Promise<JobStatusRow | undefined> {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'status', 'attempts', 'max_attempts', 'run_after', 'locked_by', 'locked_at', 'progress_json', 'error', 'created_by', 'created_at', 'finished_at', 'idempotency_key'])
    .where('id', '=', id)
    .executeTakeFirst();
}

function findJobByIdempotencyKey(db: Kysely<Database>, key: string) {
  return db.selectFrom('jobs').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/** True when a job of this kind is waiting (queued or running), so periodic jobs are not stacked. */
export async function hasPendingJob(db: Kysely<Database>, kind: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('kind', '=', kind).where('status', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes the oldest due job: queued with run_after passed, or running under a lease older than
 * `staleBefore` (its worker died or hung) with attempts left. Returns undefined when there is
 * nothing to do. The UPDATE re-checks the row's state, so of two claims of one row only one wins.
 */
export async function claimJob(db: Kysely<Database>, dialect: Dialect, workerId: string, now: string, staleBefore: string): Promise<JobRow | undefined> {
  const due = (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or([
      eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]),
      eb.and([eb('status', '=', 'running'), eb('locked_at', '<', staleBefore), eb('attempts', '<', eb.ref('max_attempts'))]),
    ]);
  let pick = db.selectFrom('jobs').select('id').where(due).orderBy('run_after').orderBy('created_at').limit(1);
  if (dialect === 'postgres') pick = pick.forUpdate().skipLocked();
  return db
    .updateTable('jobs')
    .set({ status: 'running', locked_by: workerId, locked_at: now, attempts: sql`attempts + 1` })
    .where('id', '=', pick)
    .where(due)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Running jobs whose lease expired and that have no attempt left (their worker died on each of
 * them: a job that crashes its worker must not crash the next one forever) are marked failed.
 */
export async function failAbandonedJobs(db: Kysely<Database>, staleBefore: string, now: string): Promise<number> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'failed', error: 'its worker stopped renewing the lease on every attempt', locked_by: null, locked_at: null, finished_at: now })
    .where('status', '=', 'running')
    .where('locked_at', '<', staleBefore)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Running jobs whose lease expired go back to the queue (a worker starting up takes them back at once). */
export async function requeueExpiredJobs(db: Kysely<Database>, staleBefore: string): Promise<number> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'queued', locked_by: null, locked_at: null })
    .where('status', '=', 'running')
    .where('locked_at', '<', staleBefore)
    .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Extends the lease of a job this worker holds; false when it no longer holds it (taken back). */
export async function renewJobLease(db: Kysely<Database>, id: string, workerId: string, now: string): Promise<boolean> {
  const r = await db.updateTable('jobs').set({ locked_at: now }).where('id', '=', id).where('locked_by', '=', workerId).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Gives a job this worker holds back to the queue, due now, without counting the attempt (the
 * worker is stopping; the job did not fail). False when the worker no longer held it.
 */
export async function requeueJob(db: Kysely<Database>, id: string, workerId: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'queued', locked_by: null, locked_at: null, run_after: now, attempts: sql`case when attempts > 0 then attempts - 1 else 0 end` })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records progress (and renews the lease); false when this worker no longer holds the job. */
export async function setJobProgress(db: Kysely<Database>, id: string, workerId: string, progressJson: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ progress_json: progressJson, locked_at: now })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function completeJob(db: Kysely<Database>, id: string, workerId: string, resultJson: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'done', result_json: resultJson, error: null, locked_by: null, locked_at: null, finished_at: now })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function failJob(db: Kysely<Database>, id: string, workerId: string, error: string, retryAt: string | null, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set(
      retryAt
        ? { status: 'queued', error, run_after: retryAt, locked_by: null, locked_at: null }
        : { status: 'failed', error, locked_by: null, locked_at: null, finished_at: now },
    )
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes finished jobs of the given (periodic) kinds that finished before `before`. */
export async function deleteFinishedJobs(db: Kysely<Database>, kinds: string[], before: string): Promise<number> {
  if (!kinds.length) return 0;
  const r = await db.deleteFrom('jobs').where('kind', 'in', kinds).where('status', 'in', ['done', 'failed']).where('finished_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * What the metrics report of the queue, per job kind: how many jobs are queued, and the `run_after`
 * of the oldest one that is due at `now` (null when none is), from which its wait is computed.
 */
export async function queuedJobStats(db: Kysely<Database>, now: string): Promise<{ kind: string; queued: number; oldestDueRunAfter: string | null }[]> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => [
      'kind',
      eb.fn.countAll<number | string>().as('queued'),
      eb.fn.min<string | null>(eb.case().when('run_after', '<=', now).then(eb.ref('run_after')).else(null).end()).as('oldest'),
    ])
    .where('status', '=', 'queued')
    .groupBy('kind')
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, queued: Number(r.queued), oldestDueRunAfter: r.oldest ?? null }));
}
