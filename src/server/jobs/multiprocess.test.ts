// Jobs across worker processes (real child processes running main.ts in the worker role): two
// workers drain 50 jobs with every job run exactly once; SIGTERM mid-job gives the job back to the
// queue at once (not counted as an attempt) and another worker finishes it; a job that finishes
// within the grace period is completed by the stopping worker. SQLite file and PostgreSQL.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DIALECTS, openTestDb, testClock } from '../test/harness.ts';
import { enqueueJob } from './queue.ts';
import { childEnv, killChild, spawnNode, waitUntil, WORKER_CHILD, type Child } from './__fixtures__/processes.ts';

const READY = /aiep worker \S+ is running/;
// Due at once for every process, whichever moment each one's clock started at.
const DUE = { runAfter: new Date('2000-01-01T00:00:00.000Z') };

function runsOf(logFile: string): { what: string; id: string; pid: number }[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [what, id, pid] = l.split(' ');
      return { what: what!, id: id!, pid: Number(pid) };
    });
}

for (const dialect of DIALECTS) {
  describe(`jobs across worker processes [${dialect}]`, () => {
    let db: Db;
    let url: string;
    let drop: () => Promise<void>;
    let dir: string;
    const children: Child[] = [];
    const clock = testClock();
    const spawnWorker = (log: string, extra: Record<string, string> = {}) => {
      const c = spawnNode(WORKER_CHILD, childEnv(url, { TEST_RUN_LOG: log, ...extra }));
      children.push(c);
      return c;
    };
    const jobRow = (id: string) => db.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    beforeAll(async () => {
      const opened = await openTestDb(dialect, { file: true });
      ({ db, url, drop } = opened);
      await migrateToLatest(db);
      dir = mkdtempSync(join(tmpdir(), 'aiep-jobs-'));
    });
    afterAll(async () => {
      await Promise.all(children.map(killChild));
      await drop();
    });

    it('two workers claim 50 jobs: every job runs exactly once', { timeout: 120_000 }, async () => {
      const log = join(dir, 'fifty.log');
      writeFileSync(log, '');
      const a = spawnWorker(log);
      const b = spawnWorker(log);
      await Promise.all([a.waitForOutput(READY, 60_000), b.waitForOutput(READY, 60_000)]);
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) ids.push((await enqueueJob(db.db, clock, 'test_record', { i }, DUE)).id);
      await waitUntil('all 50 jobs done', 90_000, async () => {
        const rows = await db.db.selectFrom('jobs').select(['id', 'status']).where('kind', '=', 'test_record').execute();
        return rows.length === 50 && rows.every((r) => r.status === 'done') ? true : undefined;
      });
      a.proc.kill('SIGTERM');
      b.proc.kill('SIGTERM');
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);

      const runs = runsOf(log);
      for (const id of ids) {
        expect(runs.filter((r) => r.what === 'start' && r.id === id)).toHaveLength(1);
        expect(runs.filter((r) => r.what === 'end' && r.id === id)).toHaveLength(1);
      }
      const rows = await db.db.selectFrom('jobs').select(['id', 'attempts', 'result_json']).where('id', 'in', ids).execute();
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
      // The worker that ran a job is the one that completed it.
      for (const r of rows) expect(JSON.parse(r.result_json!).pid).toBe(runs.find((x) => x.id === r.id && x.what === 'end')!.pid);
    });

    it('SIGTERM mid-job: the job is requeued at once, not counted as an attempt, and another worker finishes it', { timeout: 120_000 }, async () => {
      const log = join(dir, 'sigterm.log');
      writeFileSync(log, '');
      const first = spawnWorker(log, { TEST_SLOW_MS: '600000', SHUTDOWN_GRACE_MS: '300' });
      await first.waitForOutput(READY, 60_000);
      const job = await enqueueJob(db.db, clock, 'test_slow', {}, DUE);
      await waitUntil('the first worker started the job', 30_000, () => (runsOf(log).some((r) => r.what === 'start' && r.id === job.id) ? true : undefined));
      expect((await jobRow(job.id)).status).toBe('running');

      first.proc.kill('SIGTERM');
      expect(await first.exited).toBe(0); // it could give the job back
      const requeued = await jobRow(job.id);
      expect(requeued).toMatchObject({ status: 'queued', locked_by: null, attempts: 0 });
      expect(first.stderr()).toContain(`gave back to the queue: ${job.id}`);

      const second = spawnWorker(log, { TEST_SLOW_MS: '10' });
      await waitUntil('the second worker finished the job', 60_000, async () => ((await jobRow(job.id)).status === 'done' ? true : undefined));
      const done = await jobRow(job.id);
      expect(done.attempts).toBe(1);
      const runs = runsOf(log).filter((r) => r.id === job.id);
      expect(runs.filter((r) => r.what === 'end').map((r) => r.pid)).toEqual([second.proc.pid]);
      expect(runs.filter((r) => r.what === 'start').map((r) => r.pid)).toEqual([first.proc.pid, second.proc.pid]);
      second.proc.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    });

    it('SIGTERM mid-job: a job that ends within the grace period is completed by the stopping worker', { timeout: 120_000 }, async () => {
      const log = join(dir, 'grace.log');
      writeFileSync(log, '');
      const w = spawnWorker(log, { TEST_SLOW_MS: '1500', SHUTDOWN_GRACE_MS: '20000' });
      await w.waitForOutput(READY, 60_000);
      const job = await enqueueJob(db.db, clock, 'test_slow', {}, DUE);
      await waitUntil('the worker started the job', 30_000, () => (runsOf(log).some((r) => r.what === 'start' && r.id === job.id) ? true : undefined));
      w.proc.kill('SIGTERM');
      expect(await w.exited).toBe(0);
      expect(await jobRow(job.id)).toMatchObject({ status: 'done', attempts: 1, locked_by: null });
      expect(runsOf(log).filter((r) => r.id === job.id && r.what === 'end').map((r) => r.pid)).toEqual([w.proc.pid]);
    });
  });
}
