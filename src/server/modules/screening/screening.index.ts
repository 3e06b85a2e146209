// The screening index of this process, built from the active list versions.
//
// Freshness: the index is re-checked against the active versions when the last check is older
// than POLL_MS (a cheap query on both dialects); an activation in this process marks it stale at
// once; on PostgreSQL a LISTEN on `list_activated` wakes every other process sharing the database,
// and a background poll rebuilds proactively.
//
// Building never holds up a request: a new index is built beside the one serving (in a worker
// thread, SCREENING_INDEX_THREAD=on, see index-host.ts), and swapped in once built; until then, and
// for good when the build fails (it is tried again at the next check), the old index answers. Only
// the very first build of a process is waited for, and jobs that must screen against the lists
// active now (re-screening after an activation, batches) ask for a fresh index.
import { listen, type Db, type Listener } from '../../db/connection.ts';
import { DEFAULT_THRESHOLD, type ListEntry, type ScreeningMatch } from '../../../engines/screening/index.ts';
import type { Deps } from '../../lib/context.ts';
import { buildInProcessIndex, buildThreadIndex, runningIndexThreads, type IndexReader } from './index-host.ts';
import { findVersionEntriesPage, type EntryCursor } from './index-entries.repository.ts';
import { findActiveEntries, findActiveVersions, findFalsePositivePairs } from './screening.repository.ts';

const POLL_MS = 3000;
/** Rows read from the database at a time while building (each read blocks the loop on SQLite). */
const BUILD_PAGE_ROWS = 2000;
/**
 * Below this many entries the index is built in this thread even with SCREENING_INDEX_THREAD=on:
 * it builds in well under 100 ms, less than starting a thread (which loads the engine's code) costs.
 */
export const THREAD_MIN_ENTRIES = 250;

export interface ActiveVersion {
  id: string;
  listCode: string;
  activatedAt: string | null;
  entryCount: number;
  fileName: string;
}

export interface IndexState {
  index: IndexReader;
  /** Ids of the active versions it was built from, sorted and joined. */
  signature: string;
  versions: ActiveVersion[];
  /** Content hash of each entry, by `${list}\u0000${entryId}`. */
  hashes: Map<string, string>;
  builtAt: string;
}

type IndexDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

interface Holder {
  state?: IndexState;
  refreshing?: Promise<IndexState>;
  lastCheck: number;
  dirty: boolean;
  /** Counts invalidations, so that a fresh index is one checked after the latest of them. */
  generation: number;
  checkedGeneration: number;
  /** After a failed build, background refreshes wait until then. */
  retryAt: number;
  /** How long the last successful build took (reading, parsing and indexing), in ms. */
  lastBuildMs?: number;
  buildFailures: number;
  onError: (err: unknown) => void;
  listener?: Listener;
  timer?: NodeJS.Timeout;
}

const holders = new WeakMap<Db, Holder>();

function holderOf(db: Db): Holder {
  let h = holders.get(db);
  if (!h) {
    h = { lastCheck: 0, dirty: true, generation: 0, checkedGeneration: -1, retryAt: 0, buildFailures: 0, onError: () => {} };
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

/**
 * The entries' JSON of these versions, a page at a time, in list-code order then key order (the
 * order the engine's "first wins" sees), recording each entry's content hash on the way.
 */
async function* entryPages(db: Db, versions: ActiveVersion[], hashes: Map<string, string>): AsyncGenerator<string[]> {
  const byList = [...versions].sort((a, b) => (a.listCode < b.listCode ? -1 : a.listCode > b.listCode ? 1 : 0));
  for (const v of byList) {
    let after: EntryCursor | null = null;
    for (;;) {
      const rows = await findVersionEntriesPage(db.db, v.id, after, BUILD_PAGE_ROWS);
      if (rows.length === 0) break;
      const json: string[] = [];
      for (const r of rows) {
        const key = entryKey(r.list, r.entry_id);
        if (hashes.has(key)) continue; // the same entry from two lists' files (CSL and OFAC): first wins, as in the engine
        hashes.set(key, r.entry_hash);
        json.push(r.json);
      }
      if (json.length) yield json;
      const last = rows.at(-1)!; // rows is not empty
      after = { list: last.list, entryId: last.entry_id };
      if (rows.length < BUILD_PAGE_ROWS) break;
    }
  }
}

async function build(deps: IndexDeps, h: Holder, versions: ActiveVersion[]): Promise<IndexState> {
  const hashes = new Map<string, string>();
  const pages = entryPages(deps.db, versions, hashes);
  const entryCount = versions.reduce((n, v) => n + v.entryCount, 0);
  const inThread = deps.config.SCREENING_INDEX_THREAD === 'on' && entryCount >= THREAD_MIN_ENTRIES;
  const index = inThread ? await buildThreadIndex(pages, (lost, err) => lostIndex(h, lost, err)) : await buildInProcessIndex(pages);
  return { index, signature: signatureOf(versions), versions, hashes, builtAt: deps.clock.nowIso() };
}

/** The thread of an index ended by itself: a current index is dropped, and the next lookup builds anew. */
function lostIndex(h: Holder, index: IndexReader, err: Error) {
  h.onError(err);
  if (h.state && h.state.index === index) {
    h.state = undefined;
    h.dirty = true;
  }
}

/** Checks the active versions and, when they changed, builds their index and swaps it in. One at a time. */
function refresh(deps: IndexDeps, h: Holder): Promise<IndexState> {
  if (h.refreshing) return h.refreshing;
  const run = async () => {
    h.dirty = false;
    const generation = h.generation;
    const versions = await currentVersions(deps.db);
    h.lastCheck = deps.clock.millis();
    h.checkedGeneration = generation;
    if (h.state && h.state.signature === signatureOf(versions)) return h.state;
    const started = performance.now();
    const next = await build(deps, h, versions);
    h.lastBuildMs = performance.now() - started;
    const old = h.state;
    h.state = next;
    old?.index.retire(); // it answers what it was asked, then its thread ends
    return next;
  };
  h.refreshing = run()
    .catch((err: unknown) => {
      h.buildFailures++;
      h.dirty = true;
      h.retryAt = deps.clock.millis() + POLL_MS;
      throw err;
    })
    .finally(() => {
      h.refreshing = undefined;
    });
  return h.refreshing;
}

export interface IndexOptions {
  /**
   * Wait for the index of the versions active now (checked after the latest invalidation) rather
   * than answer with the one serving while a new one builds. For jobs, not requests.
   */
  fresh?: boolean;
}

/**
 * The index to screen with. A request gets the one this process holds at once (a check of the
 * active versions, and a rebuild when they changed, go on in the background when due); only a
 * process's first lookup waits for a build. With `fresh`, waits for the active versions' index.
 */
export async function getIndex(deps: IndexDeps, opts: IndexOptions = {}): Promise<IndexState> {
  const h = holderOf(deps.db);
  const due = h.dirty || deps.clock.millis() - h.lastCheck >= POLL_MS;
  if (h.state && !opts.fresh) {
    if (due && !h.refreshing && deps.clock.millis() >= h.retryAt) refresh(deps, h).catch(h.onError);
    return h.state;
  }
  if (h.state && !due) return h.state;
  const wanted = h.generation;
  let state = await refresh(deps, h);
  // A refresh already under way may have read the versions before the latest invalidation.
  if (h.checkedGeneration < wanted) state = await refresh(deps, h);
  return state;
}

/**
 * Runs `fn` with the index, kept answering for `fn`'s whole run even if a newer one replaces it
 * meanwhile (a batch screens all its chunks against one index).
 */
export async function withIndex<T>(deps: IndexDeps, opts: IndexOptions, fn: (state: IndexState) => Promise<T>): Promise<T> {
  const state = await getIndex(deps, opts);
  const release = state.index.hold();
  try {
    return await fn(state);
  } finally {
    release();
  }
}

/** The signature of the index this process holds now, without checking the database (tests, health). */
export function heldIndexSignature(deps: Pick<Deps, 'db'>): string | undefined {
  return holders.get(deps.db)?.state?.signature;
}

export interface IndexStatus {
  /** The active versions of the index this process serves with (null: none built yet). */
  signature: string | null;
  entries: number;
  mode: IndexReader['mode'] | null;
  builtAt: string | null;
  lastBuildSeconds: number | null;
  /** Builds (or checks) that failed since the process started; the previous index served meanwhile. */
  buildFailures: number;
  /** Index threads of this process: the serving one, one building, and replaced ones still answering. */
  threads: number;
}

/** What /metrics reports of this process's index, without touching the database. */
export function screeningIndexStatus(deps: Pick<Deps, 'db'>): IndexStatus {
  const h = holders.get(deps.db);
  const s = h?.state;
  return {
    signature: s?.signature ?? null,
    entries: s?.hashes.size ?? 0,
    mode: s?.index.mode ?? null,
    builtAt: s?.builtAt ?? null,
    lastBuildSeconds: h?.lastBuildMs !== undefined ? h.lastBuildMs / 1000 : null,
    buildFailures: h?.buildFailures ?? 0,
    threads: runningIndexThreads(),
  };
}

/** Marks this process's index stale (after an activation here). */
export function invalidateIndex(deps: Pick<Deps, 'db'>): void {
  const h = holderOf(deps.db);
  h.dirty = true;
  h.generation++;
}

export interface WatcherOptions {
  pollMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * Keeps this process's index current: LISTEN list_activated on PostgreSQL, and a poll on both.
 * Builds the first index at once, in the background, so the first search does not wait for it.
 */
export async function startIndexWatcher(deps: IndexDeps, opts: WatcherOptions = {}): Promise<void> {
  const h = holderOf(deps.db);
  if (h.timer) return;
  h.onError = opts.onError ?? (() => {});
  const check = () => {
    h.dirty = true;
    getIndex(deps, { fresh: true }).catch(h.onError);
  };
  h.timer = setInterval(check, opts.pollMs ?? POLL_MS); // the poll always asks the database: a cheap read of the active version ids
  h.timer.unref();
  if (!h.state) check();
  // The listener reconnects by itself after a lost connection and then calls back once (with no
  // payload), so an activation missed meanwhile is picked up.
  if (deps.db.dialect === 'postgres') h.listener = await listen(deps.db, 'list_activated', check, { onError: h.onError });
}

/** Stops the watcher and retires this process's index (its thread ends once it has answered what it was asked). */
export async function stopIndexWatcher(deps: Pick<Deps, 'db'>): Promise<void> {
  const h = holderOf(deps.db);
  if (h.timer) clearInterval(h.timer);
  h.timer = undefined;
  const l = h.listener;
  h.listener = undefined;
  if (l) await l.close().catch(() => {});
  await h.refreshing?.catch(() => {});
  h.state?.index.retire();
  h.state = undefined;
  h.dirty = true;
}

/**
 * Screening hits of a proposal's parties for the export-control matrix, keyed by party id: every
 * active-list entry at or above the default threshold, with the list it is on (its legal effect
 * comes from the reference data), less the pairs disposed of as false positives while the entry
 * is unchanged. With no active list, nobody counts as screened.
 */
export async function screeningHitsForParties(deps: IndexDeps, proposalId: string, parties: { id: string; name: string; country: string; orgId: string | null }[]) {
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
  const found = await state.index.search(parties.map((p) => ({ query: { name: p.name, country: p.country }, options: { threshold: DEFAULT_THRESHOLD, limit: 5 } })));
  const hits: Record<string, { list: string; name: string }[]> = {};
  parties.forEach((p, i) => {
    hits[p.id] = (found[i] ?? []).filter((m) => !isCleared(p, m)).map((m) => ({ list: m.entry.list, name: m.matchedName }));
  });
  return hits;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
