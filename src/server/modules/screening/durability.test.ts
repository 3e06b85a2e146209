// Durability of screening state across processes: a killed import, jobs across a restart, and an
// activation reaching another process's index (LISTEN/NOTIFY on PostgreSQL, the poll on both).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Deps } from '../../lib/context.ts';
import { claimJob } from '../../jobs/jobs.repository.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { runJobsOnce } from '../../jobs/worker.ts';
import { DIALECTS, PG_URL, testClock, testConfig, testDeps } from '../../test/harness.ts';
import { getIndex, heldIndexSignature, loadActiveEntries, startIndexWatcher, stopIndexWatcher } from './screening.index.ts';
import { activateListVersion, failStaleImportsNow, importParsedList, parseUploadedList } from './screening.lists.ts';

const FIX = join(import.meta.dirname, '__fixtures__');
// The shared benchmark data sits beside the repository when present (AIEP_SHARED_DATA moves it).
const SHARED_CSL = resolve(import.meta.dirname, '../../../..', process.env.AIEP_SHARED_DATA ?? '../shared/data', 'csl/consolidated_2022-05.csv');

/** A big CSL file: the 2022 CSL when present, else a generated one of 30,000 entries. */
function bigListFile(dir: string): string {
  if (existsSync(SHARED_CSL)) return SHARED_CSL;
  const head = readFileSync(join(FIX, 'csl_test_v1.csv'), 'utf8').split(/\r?\n/)[0]!; // the fixture has CRLF line ends
  const cols = head.split(',').length;
  const lines = [head];
  for (let i = 0; i < 30_000; i++) {
    const cells = Array.from({ length: cols }, () => '""');
    cells[0] = `"gen-${i}"`;
    cells[1] = '"Entity List (EL) - Bureau of Industry and Security"';
    cells[5] = `"Generated Trading Company Number ${i} Limited"`;
    lines.push(cells.join(','));
  }
  const file = join(dir, 'big_csl.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

interface SharedDb {
  url: string;
  schema?: string;
  open(): Db;
  drop(): Promise<void>;
}

async function sharedDb(dialect: 'sqlite' | 'postgres', dir: string): Promise<SharedDb> {
  if (dialect === 'sqlite') {
    const url = `sqlite:${join(dir, `t-${randomBytes(4).toString('hex')}.db`)}`;
    return { url, open: () => createDb(url), drop: async () => {} };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  return {
    url: PG_URL!,
    schema,
    open: () => createDb(PG_URL!, { pgSchema: schema }),
    async drop() {
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`drop schema ${schema} cascade`);
      await d.end();
    },
  };
}

// One pinned clock for the suite and the child processes it starts (AIEP_NOW).
const clock = testClock();
const deps = (db: Db): Deps => testDeps(db, testConfig(), clock);
const v1 = () => parseUploadedList(readFileSync(join(FIX, 'csl_test_v1.csv'), 'utf8'), 'csl_test_v1.csv');

for (const dialect of DIALECTS) {
  describe(`screening durability [${dialect}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiep-screening-'));
    let shared: SharedDb;
    let db: Db;
    let activeId: string;

    beforeAll(async () => {
      shared = await sharedDb(dialect, dir);
      db = shared.open();
      await migrateToLatest(db);
      const v = await importParsedList(deps(db), v1(), { actorId: null });
      activeId = (await activateListVersion(deps(db), null, v.id)).id;
    });
    afterAll(async () => {
      await db?.destroy();
      await shared?.drop();
    });

    it('an import killed mid-way leaves the previous version active and no half version', { timeout: 120_000 }, async () => {
      const big = bigListFile(dir);
      const child = spawn(process.execPath, ['--import', 'tsx', join(FIX, 'import-child.ts'), shared.url, shared.schema ?? '', big], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AIEP_NOW: clock.nowIso() } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += String(d);
          if (/batch (\d+)\/\d+\n[\s\S]*batch/.test(out)) resolve(); // two batches written: well inside the transaction
          if (out.includes('done')) reject(new Error('the import finished before it could be killed'));
        });
        void exited.then(() => reject(new Error(`child exited early: ${stderr}`)));
      });
      const during = await db.db.selectFrom('list_versions').selectAll().where('status', '=', 'importing').execute();
      expect(during).toHaveLength(1);
      child.kill('SIGKILL');
      await exited;
      const killedId = during[0]!.id;
      const entries = await db.db.selectFrom('list_entries').select((eb) => eb.fn.countAll().as('n')).where('version_id', '=', killedId).executeTakeFirstOrThrow();
      expect(Number(entries.n)).toBe(0);
      const active = await db.db.selectFrom('list_versions').select(['id']).where('status', '=', 'active').execute();
      expect(active.map((a) => a.id)).toEqual([activeId]);
      expect((await loadActiveEntries(deps(db))).map((e) => e.entryId).sort()).toEqual(['9001', 't-dpl-petrov', 't-el-jade', 't-meu-aspt', 't-uvl-atlas']);
      await expect(activateListVersion(deps(db), null, killedId)).rejects.toMatchObject({ code: 'VERSION_NOT_READY' });
      expect(await failStaleImportsNow(deps(db))).toBe(1);
      expect((await db.db.selectFrom('list_versions').select('status').where('id', '=', killedId).executeTakeFirstOrThrow()).status).toBe('failed');
      // The database is usable afterwards: a new import goes through, and importing the active
      // version's file again writes nothing and answers that version.
      const same = await importParsedList(deps(db), v1(), { actorId: null });
      expect(same).toMatchObject({ id: activeId, alreadyImported: true });
      const again = await importParsedList(deps(db), parseUploadedList(readFileSync(join(FIX, 'csl_test_v2.csv'), 'utf8'), 'csl_test_v2.csv'), { actorId: null });
      expect(again).toMatchObject({ status: 'ready', alreadyImported: false });
    });

    it('jobs survive a restart: a new worker picks up queued work, and work a dead worker held', async () => {
      await runJobsOnce(deps(db)); // the re-screening queued by the activation above
      const first = shared.open();
      const queued = await enqueueJob(first.db, clock, 'screen_batch', { rows: [{ name: 'Riyadh Sovereign Cloud Company' }], threshold: 0.8 });
      const held = await enqueueJob(first.db, clock, 'screen_batch', { rows: [{ name: 'Atlas Sanatgaran' }], threshold: 0.8 });
      // A worker claims the second job, then its process dies.
      const now = clock.now();
      const claimed = await claimJob(first.db, first.dialect, 'dead-worker', now.toISOString(), new Date(now.getTime() - 300_000).toISOString());
      expect(claimed?.id).toBe(queued.id); // oldest first
      await first.destroy();

      const second = shared.open();
      try {
        expect(await runJobsOnce(deps(second), { workerId: 'new-worker' })).toBe(1); // the held one is still leased
        const rows = await second.db.selectFrom('jobs').select(['id', 'status', 'locked_by']).where('id', 'in', [queued.id, held.id]).execute();
        expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [queued.id]: 'running', [held.id]: 'done' });
        // Once the dead worker's lease has expired, another worker takes the job over.
        await second.db.updateTable('jobs').set({ locked_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', queued.id).execute();
        expect(await runJobsOnce(deps(second), { workerId: 'new-worker' })).toBe(1);
        const done = await second.db.selectFrom('jobs').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow();
        expect(done.status).toBe('done');
        expect(done.attempts).toBe(2);
        expect(JSON.parse(done.result_json!).summary).toMatchObject({ rows: 1, matched: 1 });
      } finally {
        await second.destroy();
      }
    });

    it('a failing job is retried with backoff, then marked failed', async () => {
      const job = await enqueueJob(db.db, clock, 'no_such_kind', {}, { maxAttempts: 2 });
      await runJobsOnce(deps(db));
      let row = await db.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('failed'); // an unknown kind is never retried
      const flaky = await enqueueJob(db.db, clock, 'screen_batch', { rows: null }, { maxAttempts: 2 });
      await runJobsOnce(deps(db));
      row = await db.db.selectFrom('jobs').selectAll().where('id', '=', flaky.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('queued');
      expect(row.attempts).toBe(1);
      expect(Date.parse(row.run_after)).toBeGreaterThan(clock.millis());
      await db.db.updateTable('jobs').set({ run_after: '2000-01-01T00:00:00.000Z' }).where('id', '=', flaky.id).execute();
      await runJobsOnce(deps(db));
      row = await db.db.selectFrom('jobs').selectAll().where('id', '=', flaky.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('failed');
      expect(row.error).toBeTruthy();
    });

    it('an activation reaches another process\u2019s index within seconds', { timeout: 20_000 }, async () => {
      const other = shared.open();
      try {
        await getIndex(deps(other));
        const before = heldIndexSignature(deps(other));
        // On PostgreSQL the poll is made slow, so only LISTEN/NOTIFY can deliver in time.
        await startIndexWatcher(deps(other), dialect === 'postgres' ? { pollMs: 60_000 } : { pollMs: 200 });
        const v = await importParsedList(deps(db), parseUploadedList(readFileSync(join(FIX, 'csl_test_v2.csv'), 'utf8'), 'csl_test_v2.csv'), { actorId: null });
        await activateListVersion(deps(db), null, v.id);
        const deadline = Date.now() + 8000;
        while (heldIndexSignature(deps(other)) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(heldIndexSignature(deps(other))).toBe(v.id);
        const state = await getIndex(deps(other));
        expect((await state.index.search([{ query: { name: 'Northwind Avionics LLC' }, options: {} }]))[0]!.map((m) => m.entry.entryId)).toEqual(['t-el-northwind']);
      } finally {
        await stopIndexWatcher(deps(other));
        await other.destroy();
      }
    });
  });
}
