import type { Kysely } from 'kysely';

// Party screening: imported list versions and their entries, the parties aiep screens,
// the alerts they raise, and the jobs table the background queue runs on. Text timestamps and
// JSON, integer booleans: the same on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('screening_lists')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('list_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_code', 'text', (c) => c.notNull().references('screening_lists.code'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('imported_by', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('ready_at', 'text')
    .addColumn('activated_at', 'text')
    .addColumn('activated_by', 'text')
    .execute();
  await db.schema.createIndex('list_versions_list_idx').on('list_versions').columns(['list_code', 'imported_at']).execute();
  // At most one active version per list, whatever happens concurrently.
  await db.schema.createIndex('list_versions_one_active').on('list_versions').column('list_code').unique().where('status' as never, '=', 'active').execute();

  await db.schema
    .createTable('list_entries')
    .addColumn('version_id', 'text', (c) => c.notNull().references('list_versions.id'))
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('entry_hash', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_entries_pk', ['version_id', 'list', 'entry_id'])
    .execute();

  await db.schema
    .createTable('screened_parties')
    .addColumn('party_key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('proposal_id', 'text')
    .addColumn('data_hash', 'text', (c) => c.notNull())
    .addColumn('screened_at', 'text')
    .addColumn('screened_signature', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('screened_parties_org_idx').on('screened_parties').column('org_id').execute();
  await db.schema.createIndex('screened_parties_proposal_idx').on('screened_parties').column('proposal_id').execute();

  await db.schema
    .createTable('screening_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('party_key', 'text', (c) => c.notNull())
    .addColumn('party_name', 'text', (c) => c.notNull())
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('entry_hash', 'text', (c) => c.notNull())
    .addColumn('entry_name', 'text', (c) => c.notNull())
    .addColumn('matched_name', 'text', (c) => c.notNull())
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('explanation_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('disposition_reason', 'text')
    .addColumn('disposed_by', 'text')
    .addColumn('disposed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('screening_alerts_pair', ['party_key', 'list', 'entry_id', 'entry_hash'])
    .execute();
  await db.schema.createIndex('screening_alerts_status_idx').on('screening_alerts').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_at', 'text')
    .addColumn('progress_json', 'text')
    .addColumn('result_json', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('jobs_claim_idx').on('jobs').columns(['status', 'run_after']).execute();
}
