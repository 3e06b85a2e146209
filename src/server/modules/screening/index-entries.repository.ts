// SQL of the screening index build: the entries of one list version, a page at a time in key
// order, so that reading ~30,000 rows never holds the event loop for long (better-sqlite3 reads
// synchronously) and the rows go to the index thread as they come.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface EntryCursor {
  list: string;
  entryId: string;
}

/** Entries of a version after `after` (exclusive), ordered by (list, entry_id): the primary key's order. */
export function findVersionEntriesPage(db: Kysely<Database>, versionId: string, after: EntryCursor | null, limit: number) {
  let q = db.selectFrom('list_entries').select(['list', 'entry_id', 'entry_hash', 'json']).where('version_id', '=', versionId);
  if (after) q = q.where((eb) => eb(eb.refTuple('list', 'entry_id'), '>', eb.tuple(after.list, after.entryId)));
  return q.orderBy('list').orderBy('entry_id').limit(limit).execute();
}
