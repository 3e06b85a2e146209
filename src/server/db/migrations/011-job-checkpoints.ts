import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// job_checkpoints: the work a long job has done so far, in slices (a screening batch saves its
// screened rows every 1,000), written in one transaction with the job's progress and only while its
// worker holds the job. A job taken over after a crash resumes after its last slice; the slices are
// deleted when it completes (its result is in jobs.result_json).
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('job_checkpoints')
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    // Where the slice starts in the job's work (for a batch: the index of its first row).
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_checkpoints_pk', ['job_id', 'seq'])
    .execute();
}
