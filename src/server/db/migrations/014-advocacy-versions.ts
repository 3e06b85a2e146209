import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// Advocacy actions become editable (aiep issue 13, item 5): each gets an optimistic `version` and
// who changed it last, when. Actions recorded before this migration start at version 1, last
// changed when they were recorded.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('advocacy_actions').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('advocacy_actions').addColumn('updated_by', 'text').execute();
  await db.schema.alterTable('advocacy_actions').addColumn('updated_at', 'text').execute();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migration works on the table as it is at this step
  const d = db as Kysely<any>;
  await d
    .updateTable('advocacy_actions')
    .set((eb: { ref: (c: string) => unknown }) => ({ updated_by: eb.ref('created_by'), updated_at: eb.ref('created_at') }))
    .execute();
}
