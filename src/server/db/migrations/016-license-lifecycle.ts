import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// Export licenses through their whole life (aiep issue 15): the facts of each step (application
// submitted, returned with a reason, approved with its license number, validity and the quantity
// and value it authorizes), the shipments that draw it down, and the expiry reminders already sent.
// The status `needed` of earlier records is now `draft` (see src/shared/domain/license-lifecycle.ts);
// `submitted`, `approved`, `denied`, `returned` and `not_required` keep their meaning and their name.
// Amounts are double precision on both dialects (SQLite reads the type name as REAL).
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const add = (name: string, type: 'text' | 'double precision') => db.schema.alterTable('licenses').addColumn(name, type).execute();
  await add('license_number', 'text');
  await add('submitted_on', 'text');
  await add('decided_on', 'text');
  await add('returned_reason', 'text');
  await add('valid_from', 'text');
  await add('authorized_quantity', 'double precision');
  await add('authorized_value_usd', 'double precision');
  await add('status_changed_on', 'text');
  await db.schema.alterTable('licenses').addColumn('reminders_sent_json', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('licenses').addColumn('shipped_quantity', 'double precision', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('licenses').addColumn('shipped_value_usd', 'double precision', (c) => c.notNull().defaultTo(0)).execute();

  await sql`update licenses set status = 'draft' where status = 'needed'`.execute(db);
  // The day of the last status change: the last update of an existing record is the best there is.
  await sql`update licenses set status_changed_on = substr(updated_at, 1, 10)`.execute(db);
  await sql`update licenses set submitted_on = substr(updated_at, 1, 10) where status = 'submitted'`.execute(db);

  await db.schema
    .createTable('license_shipments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('shipped_on', 'text', (c) => c.notNull())
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('value_usd', 'double precision', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('license_shipments_license_idx').on('license_shipments').columns(['license_id', 'shipped_on']).execute();
  await db.schema.createIndex('licenses_status_idx').on('licenses').columns(['status', 'expires_at']).execute();
}
