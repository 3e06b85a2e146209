import type { Kysely } from 'kysely';

// Export-control compliance: license records tracked against cells of the package
// compliance matrix, and administrator-imported versions of the export-control reference data.
// Text timestamps and JSON, integer booleans: the same on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('licenses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('component_id', 'text', (c) => c.notNull())
    .addColumn('market', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text')
    .addColumn('bis_application_number', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('conditions_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('expires_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('licenses_proposal_idx').on('licenses').columns(['proposal_id', 'component_id', 'market']).execute();

  await db.schema
    .createTable('reference_data_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('reference_data_versions_kind_version', ['kind', 'version'])
    .execute();
  await db.schema.createIndex('reference_data_versions_active_idx').on('reference_data_versions').columns(['kind', 'active']).execute();
}
