// The screening index in a worker thread: it answers as the index built in-process; an activation
// swaps a new index in while the old one keeps answering; a failed build keeps the old one; old
// threads end. And batch screening in the thread with checkpoints: a job taken over after its
// worker froze resumes after the last checkpoint, and the frozen worker's checkpoint is refused.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndex, parseListText, screenPartyRow, type ListEntry } from '../../../engines/screening/index.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { LeaseLostError, runJobsOnce } from '../../jobs/worker.ts';
import { waitUntil } from '../../jobs/__fixtures__/processes.ts';
import { DIALECTS, openTestDb, testConfig, testDeps } from '../../test/harness.ts';
import { syntheticCsl } from './__fixtures__/synthetic-list.ts';
import { runningIndexThreads } from './index-host.ts';
import type { SearchRequest } from './index-ops.ts';
import { getIndex, heldIndexSignature, screeningIndexStatus, stopIndexWatcher } from './screening.index.ts';
import type { JobHandler } from './screening.jobs.ts';
import { activateListVersion, importParsedList, parseUploadedList } from './screening.lists.ts';
import { BATCH_CHECKPOINT_ROWS, runBatchJob, type RowOutcome } from './screening.service.ts';

const noThreadLeft = () => waitUntil('every index thread ended', 15_000, () => (runningIndexThreads() === 0 ? true : undefined));
const threadsLeft = (n: number) => waitUntil(`${n} index thread(s) left`, 15_000, () => (runningIndexThreads() === n ? true : undefined));

/** Searches of the kinds the API makes, from the list's own names: exact, misspelt, reordered, with evidence and filters, and misses. */
function searchesOf(rows: ReturnType<typeof syntheticCsl>['rows']): SearchRequest[] {
  const out: SearchRequest[] = [];
  rows.slice(0, 60).forEach((r, i) => {
    const misspelt = r.name.replace(/[aeiou](?=[^aeiou]*$)/, '');
    const reordered = r.name.split(' ').reverse().join(' ');
    out.push({ query: { name: r.name }, options: { threshold: 0.8, limit: 10 } });
    out.push({ query: { name: misspelt, country: r.country }, options: { threshold: 0.7, limit: 10 } });
    out.push({ query: { name: reordered, type: r.person ? 'person' : 'organization' }, options: { threshold: 0.5, limit: 500 } });
    if (i % 5 === 0) out.push({ query: { name: r.name, dob: '1970' }, options: { threshold: 0.8, limit: 10, sources: ['SDN', 'EL'] } });
    if (i % 4 === 0) out.push({ query: { name: misspelt, evidence: { birthDate: '1970-01-01', nationalities: ['RU'], identifiers: [{ type: 'passport', number: `P${i}000`, country: 'RU' }] } }, options: { threshold: 0.7, limit: 10 } });
  });
  out.push({ query: { name: 'Nobody At All Incorporated' }, options: { threshold: 0.8, limit: 10 } });
  return out;
}

for (const dialect of DIALECTS) {
  describe(`screening index thread [${dialect}]`, () => {
    let db: Db;
    let drop: () => Promise<void> = async () => {};
    let deps: ReturnType<typeof testDeps>;

    /** Imports a list file and activates it; returns the version's id. */
    const activate = async (csv: string, fileName: string) => {
      const v = await importParsedList(deps, parseUploadedList(csv, fileName), { actorId: null });
      await activateListVersion(deps, null, v.id);
      return v.id;
    };

    beforeAll(async () => {
      const opened = await openTestDb(dialect);
      db = opened.db;
      drop = opened.drop;
      deps = testDeps(db, testConfig({ SCREENING_INDEX_THREAD: 'on' }));
      await migrateToLatest(deps.db);
    });
    afterEach(async () => {
      await stopIndexWatcher(deps);
      await noThreadLeft();
    });
    afterAll(async () => {
      await drop();
    });

    it('the thread builds the index and answers as the index built in-process does (and as SCREENING_INDEX_THREAD=off)', async () => {
      const list = syntheticCsl(400, 7);
      const versionId = await activate(list.csv, 'synthetic-a.csv');
      const state = await getIndex(deps, { fresh: true });
      expect(state.index.mode).toBe('thread');
      expect(state.signature).toBe(versionId);
      expect(runningIndexThreads()).toBe(1);
      expect(screeningIndexStatus(deps)).toMatchObject({ signature: versionId, entries: 400, mode: 'thread', threads: 1, buildFailures: 0 });
      expect(screeningIndexStatus(deps).lastBuildSeconds).toBeGreaterThan(0);

      const local = buildIndex(parseListText(list.csv, 'synthetic-a.csv', 'csl'));
      const searches = searchesOf(list.rows);
      const expected = searches.map((s) => local.search(s.query, s.options));
      expect(expected.filter((m) => m.length > 0).length).toBeGreaterThan(150); // the comparison is about real matches
      expect(await state.index.search(searches)).toEqual(expected);

      const filter = { sources: ['EL' as const, 'SDN' as const], countries: ['RU', 'IR'], types: ['person' as const] };
      const countries = (e: ListEntry) => [...e.nationalities, ...e.addresses.flatMap((a) => (a.country ? [a.country] : []))];
      const passing = local.entries.filter((e) => filter.sources.includes(e.list as 'EL') && e.type === 'person' && countries(e).some((c) => filter.countries.includes(c)));
      expect(passing.length).toBeGreaterThan(15);
      // The listing pages the entries in the database's key order (the build's), not the file's.
      const listed = await state.index.entries(filter, 5, 10);
      expect({ total: listed.total, lists: [...listed.lists].sort(), page: listed.page.length }).toEqual({ total: passing.length, lists: [...new Set(passing.map((e) => e.list))].sort(), page: 10 });
      expect(listed.page.every((e) => passing.some((p) => p.entryId === e.entryId && p.list === e.list))).toBe(true);

      const rows = [...list.rows.slice(0, 30).map((r) => ({ id: r.id, name: r.name, country: r.country })), { name: '' }, { name: 'x', country: 'ZZ' }, { name: 'y', dob: 'soon' }];
      expect(await state.index.screenRows(rows, 0.8)).toEqual(rows.map((r) => screenPartyRow(local, r, 0.8)));

      // The same database screened in-process answers alike, with no thread.
      await stopIndexWatcher(deps);
      await noThreadLeft();
      const offDeps = testDeps(db, testConfig({ SCREENING_INDEX_THREAD: 'off' }));
      const inProcess = await getIndex(offDeps, { fresh: true });
      expect(inProcess.index.mode).toBe('in-process');
      expect(await inProcess.index.search(searches)).toEqual(expected);
      expect(await inProcess.index.entries(filter, 5, 10)).toEqual(listed);
      expect(runningIndexThreads()).toBe(0);
    });

    it('SCREENING_INDEX_THREAD is on by default, and anything but on or off is refused', () => {
      expect(loadConfig({}).SCREENING_INDEX_THREAD).toBe('on');
      expect(loadConfig({ SCREENING_INDEX_THREAD: 'OFF' }).SCREENING_INDEX_THREAD).toBe('off');
      expect(() => loadConfig({ SCREENING_INDEX_THREAD: 'maybe' })).toThrow(/SCREENING_INDEX_THREAD/);
    });

    it('an activation swaps the new index in while the old one goes on answering; a holder keeps the old one until it lets go', async () => {
      const before = syntheticCsl(400, 11);
      const after = syntheticCsl(450, 11); // the same 400 entries, and 50 more
      const newcomer = after.rows[449]!;
      const probe: SearchRequest = { query: { name: newcomer.name }, options: { threshold: 0.9, limit: 5 } };
      const v1 = await activate(before.csv, 'synthetic-before.csv');
      const old = await getIndex(deps, { fresh: true });
      expect((await old.index.search([probe]))[0]).toEqual([]);
      const release = old.index.hold();

      const v2 = await activate(after.csv, 'synthetic-after.csv');
      // A request right after the activation is answered at once, by the index built before it.
      const during = await getIndex(deps);
      expect(during).toBe(old);
      const answered: { signature: string; found: boolean }[] = [];
      while (heldIndexSignature(deps) !== v2) {
        const s = await getIndex(deps);
        const [m] = await s.index.search([probe]);
        answered.push({ signature: s.signature, found: (m ?? []).length > 0 });
        if (answered.length > 100_000) throw new Error('the new index never came');
      }
      expect(answered[0]).toEqual({ signature: v1, found: false });
      expect(answered.every((a) => a.signature === v1 && !a.found)).toBe(true);

      const now = await getIndex(deps);
      expect(now.signature).toBe(v2);
      expect((await now.index.search([probe]))[0]!.map((m) => m.entry.entryId)).toEqual([newcomer.id]);
      // The old index is held: it still answers, as before.
      expect(runningIndexThreads()).toBe(2);
      expect((await old.index.search([probe]))[0]).toEqual([]);
      release();
      await threadsLeft(1);
      await expect(old.index.search([probe])).rejects.toThrow(/ended/);
    });

    it('a failed build leaves the old index serving, and is tried again', async () => {
      const good = syntheticCsl(300, 31);
      const next = syntheticCsl(320, 31);
      const v1 = await activate(good.csv, 'synthetic-good.csv');
      await getIndex(deps, { fresh: true });
      const v2 = await importParsedList(deps, parseUploadedList(next.csv, 'synthetic-next.csv'), { actorId: null });
      const broken = next.rows[310]!.id;
      const original = await db.db.selectFrom('list_entries').select('json').where('version_id', '=', v2.id).where('entry_id', '=', broken).executeTakeFirstOrThrow();
      await db.db.updateTable('list_entries').set({ json: '{"list": "EL", "name": ' }).where('version_id', '=', v2.id).where('entry_id', '=', broken).execute();
      await activateListVersion(deps, null, v2.id);

      const failuresBefore = screeningIndexStatus(deps).buildFailures;
      await expect(getIndex(deps, { fresh: true })).rejects.toThrow(/could not be built/);
      expect(screeningIndexStatus(deps)).toMatchObject({ signature: v1, buildFailures: failuresBefore + 1 });
      const serving = await getIndex(deps);
      expect(serving.signature).toBe(v1);
      const [m] = await serving.index.search([{ query: { name: good.rows[0]!.name }, options: { threshold: 0.9, limit: 5 } }]);
      expect(m!.map((x) => x.entry.entryId)).toContain(good.rows[0]!.id);
      await threadsLeft(1); // the failed build's thread ended

      await db.db.updateTable('list_entries').set({ json: original.json }).where('version_id', '=', v2.id).where('entry_id', '=', broken).execute();
      expect((await getIndex(deps, { fresh: true })).signature).toBe(v2.id);
      await threadsLeft(1);
    });

    it('five activations in a row leave one thread; stopping the watcher ends it', async () => {
      const signatures: string[] = [];
      for (let i = 0; i < 5; i++) {
        const v = await activate(syntheticCsl(300, 100 + i).csv, `synthetic-${i}.csv`);
        signatures.push((await getIndex(deps, { fresh: true })).signature);
        expect(signatures[i]).toBe(v);
      }
      await threadsLeft(1);
      await stopIndexWatcher(deps);
      await noThreadLeft();
      expect(heldIndexSignature(deps)).toBeUndefined();
    });

    it('a batch taken over after its worker froze resumes after the last checkpoint; the frozen worker writes nothing more', async () => {
      const list = syntheticCsl(400, 21);
      await activate(list.csv, 'synthetic-batch.csv');
      await db.db.deleteFrom('jobs').execute(); // the activation's re-screening: not the subject here
      const total = 2500;
      const rows = Array.from({ length: total }, (_, i) => ({
        id: `r${i}`,
        name: i % 3 === 0 ? list.rows[i % 400]!.name : `Nobody Special ${i}`,
        ...(i % 97 === 5 ? { country: 'ZZ' } : {}),
      }));
      const job = await enqueueJob(db.db, deps.clock, 'screen_batch', { rows, threshold: 0.8 }, { maxAttempts: 3 });
      const checkpoints = () => db.db.selectFrom('job_checkpoints').select(['seq']).where('job_id', '=', job.id).orderBy('seq').execute();
      const state = await getIndex(deps, { fresh: true });
      expect(state.index.mode).toBe('thread');

      // The first worker freezes right after its first checkpoint (as a process stopped mid-run).
      let thaw: () => void = () => {};
      const frozen = new Promise<void>((r) => (thaw = r));
      let firstRunError: unknown;
      const freezing: JobHandler = async (d, ctx) => {
        let saved = 0;
        try {
          return await runBatchJob(d, ctx.payload as { rows: Record<string, unknown>[]; threshold: number }, {
            id: ctx.id,
            progress: (p) => ctx.progress(p),
            checkpoint: async (p, write) => {
              await ctx.checkpoint(p, write);
              if (++saved === 1) await frozen;
            },
          });
        } catch (err) {
          firstRunError = err;
          throw err;
        }
      };
      const firstRun = runJobsOnce(deps, { workerId: 'w-frozen', handlers: { screen_batch: freezing }, max: 1, leaseMs: 600_000, heartbeatMs: 600_000 });
      await waitUntil('the first checkpoint', 30_000, async () => ((await checkpoints()).length === 1 ? true : undefined));
      expect(await checkpoints()).toEqual([{ seq: 0 }]);

      // Its lease expires; another worker takes the job over and screens only the rows after the checkpoint.
      await db.db.updateTable('jobs').set({ locked_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', job.id).execute();
      const screenRows = vi.spyOn(state.index, 'screenRows');
      expect(await runJobsOnce(deps, { workerId: 'w-next', max: 1 })).toBe(1);
      expect(screenRows.mock.calls.reduce((n, [chunk]) => n + chunk.length, 0)).toBe(total - BATCH_CHECKPOINT_ROWS);
      screenRows.mockRestore();

      const done = await db.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
      expect(done).toMatchObject({ status: 'done', attempts: 2 });
      const result = JSON.parse(done.result_json!) as { summary: { rows: number; matched: number; errors: number }; results: RowOutcome[] };
      expect(result.results.map((r) => r.id)).toEqual(rows.map((r) => r.id));
      // Every row once, in order, as one uninterrupted run screens it.
      const straight = await state.index.screenRows(rows, 0.8);
      expect(result.results.map(({ error, matches }) => ({ ...(error ? { error } : {}), matches }))).toEqual(straight);
      expect(result.summary).toMatchObject({ rows: total, matched: straight.filter((s) => s.matches.length).length, errors: straight.filter((s) => s.error).length });
      expect(result.summary.matched).toBeGreaterThan(0);
      expect(result.summary.errors).toBeGreaterThan(0);
      expect(await checkpoints()).toEqual([]);

      // The frozen worker wakes up: its next checkpoint is refused, and it writes nothing.
      thaw();
      expect(await firstRun).toBe(1);
      expect(firstRunError).toBeInstanceOf(LeaseLostError);
      expect(await checkpoints()).toEqual([]);
      const after = await db.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
      expect(after).toEqual(done);
    });
  });
}
