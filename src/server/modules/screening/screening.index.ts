// The in-memory screening index of this process, built from the active list versions.
// Freshness: every lookup re-checks the set of active versions when the last check is older
// than POLL_MS (a cheap query on both dialects); an activation in this process marks the index
// stale at once; on PostgreSQL a LISTEN on `list_activated` wakes every other process sharing the
// database, and a background poll rebuilds proactively so the first query after an activation
// does not pay for the build.
import { listen, type Db, type Listener } from '../../db/connection.ts';
import { buildIndex, DEFAULT_THRESHOLD, type ListEntry, type ScreeningIndex, type ScreeningMatch } from '../../../engines/screening/index.ts';
import type { Deps } from '../../lib/context.ts';
import { findActiveEntries, findActiveVersions, findFalsePositivePairs } from './screening.repository.ts';

const POLL_MS = 3000;

export interface ActiveVersion {
  id: string;
  listCode: string;
  activatedAt: string | null;
  entryCount: number;
  fileName: string;
}

export interface IndexState {
  index: ScreeningIndex;
  /** Ids of the active versions it was built from, sorted and joined. */
  signature: string;
  versions: ActiveVersion[];
  /** Content hash of each entry, by `${list}\u0000${entryId}`. */
  hashes: Map<string, string>;
  builtAt: string;
}

interface Holder {
  state?: IndexState;
  building?: Promise<IndexState>;
  lastCheck: number;
  dirty: boolean;
  listener?: Listener;
  timer?: NodeJS.Timeout;
}

const holders = new WeakMap<Db, Holder>();

function holderOf(db: Db): Holder {
  let h = holders.get(db);
  if (!h) {
    h = { lastCheck: 0, dirty: true };
    holders.set(db, h);
  }
  return h;
}

export const entryKey = (list: string, entryId: string) => `${list}\u0000${entryId}`;

/** Every entry of the active versions, parsed (for `aiep screen` without --list). */
export async function loadActiveEntries(deps: Pick<Deps, 'db'>): Promise<ListEntry[]> {
  const rows = await findActiveEntries(deps.db.db);
  return rows.map((r) => JSON.parse(r.json) as ListEntry);
}

async function currentVersions(db: Db): Promise<ActiveVersion[]> {
  const rows = await findActiveVersions(db.db);
  return rows.map((r) => ({ id: r.id, listCode: r.list_code, activatedAt: r.activated_at, entryCount: r.entry_count, fileName: r.file_name }));
}

const signatureOf = (versions: ActiveVersion[]) => versions.map((v) => v.id).join(',');

async function build(db: Db, versions: ActiveVersion[], builtAt: string): Promise<IndexState> {
  const rows = await findActiveEntries(db.db);
  const hashes = new Map<string, string>();
  const entries: ListEntry[] = [];
  for (const r of rows) {
    const key = entryKey(r.list, r.entry_id);
    if (hashes.has(key)) continue; // the same entry from two lists' files (CSL and OFAC): first wins, as in the engine
    hashes.set(key, r.entry_hash);
    entries.push(JSON.parse(r.json) as ListEntry);
  }
  return { index: buildIndex(entries), signature: signatureOf(versions), versions, hashes, builtAt };
}

/** The index for the active versions, rebuilt when they changed. */
export async function getIndex(deps: Pick<Deps, 'db' | 'clock'>): Promise<IndexState> {
  const h = holderOf(deps.db);
  if (h.state && !h.dirty && deps.clock.millis() - h.lastCheck < POLL_MS) return h.state;
  if (h.building) return h.building;
  const run = (async () => {
    h.dirty = false;
    const versions = await currentVersions(deps.db);
    h.lastCheck = deps.clock.millis();
    if (h.state && h.state.signature === signatureOf(versions)) return h.state;
    const state = await build(deps.db, versions, deps.clock.nowIso());
    h.state = state;
    return state;
  })();
  h.building = run;
  try {
    return await run;
  } catch (err) {
    h.dirty = true;
    throw err;
  } finally {
    h.building = undefined;
  }
}

/** The signature of the index this process holds now, without checking the database (tests, health). */
export function heldIndexSignature(deps: Pick<Deps, 'db' | 'clock'>): string | undefined {
  return holders.get(deps.db)?.state?.signature;
}

/** Marks this process's index stale (after an activation here). */
export function invalidateIndex(deps: Pick<Deps, 'db' | 'clock'>): void {
  holderOf(deps.db).dirty = true;
}

export interface WatcherOptions {
  pollMs?: number;
  onError?: (err: unknown) => void;
}

/** Keeps this process's index current: LISTEN list_activated on PostgreSQL, and a poll on both. */
export async function startIndexWatcher(deps: Pick<Deps, 'db' | 'clock'>, opts: WatcherOptions = {}): Promise<void> {
  const h = holderOf(deps.db);
  if (h.timer) return;
  const onError = opts.onError ?? (() => {});
  const refresh = () => void getIndex(deps).catch(onError);
  h.timer = setInterval(() => {
    h.dirty = true; // the poll always asks the database: a cheap read of the active version ids
    refresh();
  }, opts.pollMs ?? POLL_MS);
  h.timer.unref();
  // The listener reconnects by itself after a lost connection and then calls back once (with no
  // payload), so an activation missed meanwhile is picked up.
  if (deps.db.dialect === 'postgres') {
    h.listener = await listen(deps.db, 'list_activated', () => {
      h.dirty = true;
      refresh();
    }, { onError });
  }
}

export async function stopIndexWatcher(deps: Pick<Deps, 'db' | 'clock'>): Promise<void> {
  const h = holderOf(deps.db);
  if (h.timer) clearInterval(h.timer);
  h.timer = undefined;
  const l = h.listener;
  h.listener = undefined;
  if (l) await l.close().catch(() => {});
}

/**
 * Screening hits of a proposal's parties for the export-control matrix, keyed by party id: every
 * active-list entry at or above the default threshold, with the list it is on (its legal effect
 * comes from the reference data), less the pairs disposed of as false positives while the entry
 * is unchanged. With no active list, nobody counts as screened.
 */
export async function screeningHitsForParties(deps: Pick<Deps, 'db' | 'clock'>, proposalId: string, parties: { id: string; name: string; country: string; orgId: string | null }[]) {
  const state = await getIndex(deps);
  if (state.versions.length === 0) return {};
  const orgIds = parties.flatMap((p) => (p.orgId ? [p.orgId] : []));
  const cleared = await findFalsePositivePairs(deps.db.db, proposalId, orgIds);
  const isCleared = (p: (typeof parties)[number], m: ScreeningMatch) => {
    const key = entryKey(m.entry.list, m.entry.entryId);
    return cleared.some(
      (c) =>
        entryKey(c.list, c.entry_id) === key &&
        c.entry_hash === state.hashes.get(key) &&
        (p.orgId ? c.party_key === `org:${p.orgId}` : c.party_key.startsWith('bo:') && sameName(c.party_name, p.name)),
    );
  };
  const hits: Record<string, { list: string; name: string }[]> = {};
  for (const p of parties) {
    hits[p.id] = state.index
      .search({ name: p.name, country: p.country }, { threshold: DEFAULT_THRESHOLD, limit: 5 })
      .filter((m) => !isCleared(p, m))
      .map((m) => ({ list: m.entry.list, name: m.matchedName }));
  }
  return hits;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
