import type { Kysely } from 'kysely';

// An amendment can carry the package it proposes and what that changes, so the program office
// re-reviews the change itself and approval puts it in force.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('amendments').addColumn('package_json', 'text').execute();
  await db.schema.alterTable('amendments').addColumn('changes_json', 'text').execute();
}
