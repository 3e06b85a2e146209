// SQL of the job queue. Claiming is one statement on both dialects: an UPDATE of the oldest due
// row chosen by a sub-select — with FOR UPDATE SKIP LOCKED on PostgreSQL, so concurrent workers
// never take the same job; SQLite has a single writer, so the statement is atomic as it stands.
import { sql, type Kysely, type Selectable } from 'kysely';
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

function findJobByIdempotencyKey(db: Kysely<Database>, key: string) {
  return db.selectFrom('jobs').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/** True when a job of this kind is waiting (queued or running), so periodic jobs are not stacked. */
export async function hasPendingJob(db: Kysely<Database>, kind: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('kind', '=', kind).where('status', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes the oldest due job: queued with run_after passed, or running under a lock older than
 * the lease (its worker died). Returns undefined when there is nothing to do.
 */
export async function claimJob(db: Kysely<Database>, dialect: Dialect, workerId: string, now: string, staleBefore: string): Promise<JobRow | undefined> {
  let pick = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('run_after')
    .orderBy('created_at')
    .limit(1);
  if (dialect === 'postgres') pick = pick.forUpdate().skipLocked();
  return db
    .updateTable('jobs')
    .set({ status: 'running', locked_by: workerId, locked_at: now, attempts: sql`attempts + 1` })
    .where('id', '=', pick)
    .returningAll()
    .executeTakeFirst();
}

export async function setJobProgress(db: Kysely<Database>, id: string, workerId: string, progressJson: string, now: string) {
  await db.updateTable('jobs').set({ progress_json: progressJson, locked_at: now }).where('id', '=', id).where('locked_by', '=', workerId).execute();
}

export async function completeJob(db: Kysely<Database>, id: string, workerId: string, resultJson: string, now: string) {
  await db
    .updateTable('jobs')
    .set({ status: 'done', result_json: resultJson, error: null, locked_by: null, locked_at: null, finished_at: now })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function failJob(db: Kysely<Database>, id: string, workerId: string, error: string, retryAt: string | null, now: string) {
  await db
    .updateTable('jobs')
    .set(
      retryAt
        ? { status: 'queued', error, run_after: retryAt, locked_by: null, locked_at: null }
        : { status: 'failed', error, locked_by: null, locked_at: null, finished_at: now },
    )
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}
