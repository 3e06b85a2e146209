import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// Records management (docs/operations.md#records-retention-and-foia): disposal runs — a report of
// what a record class's retention period would dispose of, kept with its item ids, and disposed of
// only once an administrator approves that very run — and legal holds, which keep a record (a
// proposal with everything filed under it) from any disposal while they are in force.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('disposal_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_class', 'text', (c) => c.notNull())
    /** 'reported' (waiting for approval) | 'disposed' | 'discarded' */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('cutoff', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('items_json', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text')
    .addColumn('reported_by', 'text', (c) => c.references('users.id'))
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('disposal_runs_reported_idx').on('disposal_runs').column('reported_at').execute();

  await db.schema
    .createTable('legal_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** 'proposal' (the proposal, its narratives, documents and review records) */
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('released_by', 'text', (c) => c.references('users.id'))
    .addColumn('released_at', 'text')
    .addColumn('release_reason', 'text')
    .execute();
  await db.schema.createIndex('legal_holds_entity_idx').on('legal_holds').columns(['entity_type', 'entity_id']).execute();
}
