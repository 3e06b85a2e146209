// Read-through cache for hot reads that do not depend on who asks. An entry is reused only while
// the database's change stamp is the one it was read under, so it is never stale: any write by
// this process or commit by another changes the stamp. Where the database has no stamp
// (PostgreSQL), nothing is cached.
import type { Db } from './connection.ts';

interface Entry<T> {
  stamp: string;
  value: T;
}

export class StampCache<T> {
  private readonly byDb = new WeakMap<Db, Map<string, Entry<T>>>();

  constructor(private readonly maxEntries: number) {}

  async get(db: Db, key: string, load: () => Promise<T>): Promise<T> {
    // Taken before loading: a write during the load leaves the entry under an older stamp.
    const stamp = db.changeStamp();
    if (stamp === null) return load();
    let entries = this.byDb.get(db);
    if (!entries) {
      entries = new Map();
      this.byDb.set(db, entries);
    }
    const hit = entries.get(key);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = deepFreeze(await load());
    entries.delete(key);
    if (entries.size >= this.maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, { stamp, value });
    return value;
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
