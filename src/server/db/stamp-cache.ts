// Read-through cache for hot reads that do not depend on who asks. An entry is reused only while
// the database's change stamp (Db.changeStamp) is the one it was read under, so it is never
// stale: on SQLite any write of this process or commit of another moves the stamp, on PostgreSQL
// any commit of a writing transaction by any process. Where a Db has no stamp, nothing is cached.
//
// Why a hit is never older than the caller may expect: the caller's stamp is read after it called
// (on PostgreSQL a query sent after the call, see sharedFreshRead in connection.ts), so it covers
// every commit the caller could know of. An entry is loaded after its own stamp was read; the same
// stamp means no commit came between the two stamps, so the entry holds at least everything the
// caller's stamp covers (it may hold a commit made during the load: newer, never older).
import type { Db } from './connection.ts';

interface Entry<T> {
  stamp: string;
  /** Pending while loading: callers under the same stamp share one load. */
  value: Promise<T>;
}

export class StampCache<T> {
  private readonly byDb = new WeakMap<Db, Map<string, Entry<T>>>();

  constructor(private readonly maxEntries: number) {}

  async get(db: Db, key: string, load: () => Promise<T>): Promise<T> {
    // A transaction reads its own uncommitted writes (and, on PostgreSQL, may read through an
    // older snapshot): what it reads is neither served from the cache nor kept in it.
    if (db.db.isTransaction) return load();
    // Taken before loading: a write during the load leaves the entry under an older stamp.
    const pending = db.changeStamp();
    const stamp = typeof pending === 'string' || pending === null ? pending : await pending;
    if (stamp === null) return load();
    let entries = this.byDb.get(db);
    if (!entries) {
      entries = new Map();
      this.byDb.set(db, entries);
    }
    const hit = entries.get(key);
    if (hit && hit.stamp === stamp) return hit.value;
    const entry: Entry<T> = { stamp, value: load().then(deepFreeze) };
    entries.delete(key);
    if (entries.size >= this.maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
    // A failed load is not kept: the next caller tries again.
    entry.value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return entry.value;
  }
}

/** Cached values are shared by every caller: frozen, so that a caller changing one fails loudly. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
