// The list_sources table (migration 017): one row per list family's download source.
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, ListSourcesTable } from '../../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;
export type ListSourceRow = Selectable<ListSourcesTable>;

export function findSources(db: Q): Promise<ListSourceRow[]> {
  return db.selectFrom('list_sources').selectAll().orderBy('list_code').execute();
}

export function findSource(db: Q, code: string): Promise<ListSourceRow | undefined> {
  return db.selectFrom('list_sources').selectAll().where('list_code', '=', code).executeTakeFirst();
}

export async function insertSource(db: Q, row: ListSourceRow): Promise<void> {
  await db.insertInto('list_sources').values(row).execute();
}

export async function updateSource(db: Q, code: string, set: Updateable<ListSourcesTable>): Promise<void> {
  await db.updateTable('list_sources').set(set).where('list_code', '=', code).execute();
}

/** Opens a staleness episode: true only for the one caller that set the mark (so one alert goes out). */
export async function markStaleAlerted(db: Q, code: string, at: string): Promise<boolean> {
  const res = await db.updateTable('list_sources').set({ stale_alerted_at: at }).where('list_code', '=', code).where('stale_alerted_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Whether any list version was ever imported completely (a fresh installation has none; a failed or interrupted import does not count). */
export async function hasAnyListVersion(db: Q): Promise<boolean> {
  return (await db.selectFrom('list_versions').select('id').where('status', 'in', ['ready', 'active', 'superseded']).limit(1).executeTakeFirst()) !== undefined;
}

/** The active version of every list, with what the sources view shows of it. */
export function findActiveVersionFacts(db: Q) {
  return db
    .selectFrom('list_versions')
    .select(['id', 'list_code', 'file_name', 'sha256', 'entry_count', 'imported_at', 'ready_at', 'activated_at'])
    .where('status', '=', 'active')
    .execute();
}
