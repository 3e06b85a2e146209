// SQL of job checkpoints: what a long job (a screening batch) has done so far, saved in slices so
// that a run taken over after a crash goes on from there. Written only through the worker's
// checkpoint() (worker.ts), which fences the write on the job's lease in the same transaction.
import type { Kysely, Selectable } from 'kysely';
import type { Database, JobCheckpointsTable } from '../../db/schema.ts';

export type JobCheckpointRow = Selectable<JobCheckpointsTable>;

export async function insertJobCheckpoint(db: Kysely<Database>, row: JobCheckpointRow): Promise<void> {
  await db.insertInto('job_checkpoints').values(row).execute();
}

/** A job's checkpoints, in order. */
export function findJobCheckpoints(db: Kysely<Database>, jobId: string): Promise<JobCheckpointRow[]> {
  return db.selectFrom('job_checkpoints').selectAll().where('job_id', '=', jobId).orderBy('seq').execute();
}

export async function deleteJobCheckpoints(db: Kysely<Database>, jobId: string): Promise<void> {
  await db.deleteFrom('job_checkpoints').where('job_id', '=', jobId).execute();
}
