// A cluster of real server processes (bin/server.mjs) on one PostgreSQL database of its own: two web
// processes and a worker, faults injected as in production (docs/operations.md, "Losing the database",
// "The worker", "First start"). The scenarios run in order on one set of processes:
//   (4) the three start at once on an empty database: all ready, demo data and first admin once;
//   (1) every database connection of theirs is terminated: all keep running, serve again within 10 s,
//       and no request hangs meanwhile;
//   (5) a list version activated through web 1 is screened against by web 2 within 5 s;
//   (2) the worker is killed (-9) half-way through a 20,000-row batch: a new worker takes it over once
//       the lease expires, resumes from the last checkpoint (not row 1) and completes it within 60 s,
//       every row exactly once, in order;
//   (3) the worker is stopped (SIGTERM) mid-batch: the job is requeued at once, not counted as an
//       attempt, and the next worker finishes it.
// /healthz of both web processes is polled every 20 ms throughout; every poll must answer within the
// deadline, and the longest answers are printed (no timing is asserted: bench/ measures them).
// PostgreSQL only: skipped (and said so) without TEST_DATABASE_URL.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PG_URL, testConfig } from './harness.ts';
import {
  childEnv,
  isRunning,
  killChild,
  pollLatency,
  SERVER_ENTRY,
  serverUrl,
  spawnNode,
  waitUntil,
  workerHealthUrl,
  type Child,
  type LatencyPoller,
} from '../jobs/__fixtures__/processes.ts';
import { login, request, REQUEST_DEADLINE_MS, type ApiResponse, type Session } from './cluster/api.ts';
import { createFreshDatabase, terminateAppConnections, type FreshDatabase } from './cluster/database.ts';
import { batchParties, cslList, MATCH_EVERY, MATCHING_ENTRY, MATCHING_NAME, NEW_VERSION_ENTRY, NEW_VERSION_NAME, type BatchParty } from './cluster/lists.ts';

const ADMIN_EMAIL = 'cluster.admin@agency.example';
const ADMIN_PASSWORD = 'a-long-admin-password-2026';
const ANALYST_EMAIL = 'screening.analyst@ita.example';
const START_MS = 150_000;
const BATCH_ROWS = 20_000;
/** Synthetic list entries beside the fixture's, named like the batch parties: a batch takes seconds, so it can be interrupted. */
const SYNTHETIC_ENTRIES = 100;
/** How often a batch job reports progress (and, with resumable batches, checkpoints): runBatchJob's chunk. */
const PROGRESS_EVERY = 1_000;
/** The processes run with the default lease: a job of a killed worker is taken over once it expires. */
const LEASE_MS = testConfig().JOB_LEASE_MS;

const report = (line: string) => console.log(`» cluster: ${line}`);

if (!PG_URL) process.stderr.write('» PostgreSQL cluster tests (src/server/test/cluster.test.ts) skipped: TEST_DATABASE_URL is not set\n');

interface Web {
  child: Child;
  url: string;
}
interface WorkerProcess {
  child: Child;
  health: string;
}

describe.skipIf(!PG_URL)('a cluster of real processes on PostgreSQL: 2 web + worker', () => {
  let db: FreshDatabase;
  let env: Record<string, string>;
  const children: Child[] = [];
  let webs: Web[] = [];
  let worker: WorkerProcess;
  const pollers = new Map<string, LatencyPoller>();
  let admin: Session;
  let analyst: Session;

  const spawnServer = (extra: Record<string, string>) => {
    const c = spawnNode(SERVER_ENTRY, { ...env, ...extra });
    children.push(c);
    return c;
  };
  // A short grace period: a stopped worker gives a running batch back rather than finishing it.
  const spawnWorker = () => spawnServer({ PROCESS_ROLE: 'worker', WORKER_HEALTH_PORT: '0', SHUTDOWN_GRACE_MS: '300' });
  const spawnWeb = () => spawnServer({ PROCESS_ROLE: 'web', PORT: '0' });

  beforeAll(async () => {
    db = await createFreshDatabase(PG_URL!);
    // The machine's clock (AIEP_NOW empty): processes started at different moments must agree on
    // "now", or a job queued by one would not be due yet for another.
    env = childEnv(db.url, { AIEP_NOW: '', DEMO_DATA: 'auto', ADMIN_EMAIL, ADMIN_PASSWORD, DB_POOL_MAX: '4' });
  });
  afterAll(async () => {
    await Promise.all([...pollers.values()].map((p) => p.stop()));
    await Promise.all(children.map(killChild));
    await db?.drop();
  });

  it('(4) two web processes and a worker started at once on an empty database all become ready; demo data and the first admin exist once', { timeout: START_MS + 30_000 }, async () => {
    const spawnedAt = performance.now();
    const started = [spawnWeb(), spawnWeb(), spawnWorker()];
    const [url1, url2, health] = await Promise.all([serverUrl(started[0]!, START_MS), serverUrl(started[1]!, START_MS), workerHealthUrl(started[2]!, START_MS)]);
    report(`start-up on an empty database: all three running ${((performance.now() - spawnedAt) / 1000).toFixed(1)} s after they were started`);
    webs = [
      { child: started[0]!, url: url1 },
      { child: started[1]!, url: url2 },
    ];
    worker = { child: started[2]!, health };
    for (const w of webs) pollers.set(w.url, pollLatency(`${w.url}/healthz`, 20, REQUEST_DEADLINE_MS));

    for (const url of [url1, url2, health]) expect((await request(`${url}/readyz`)).status).toBe(200);
    // Each web process prints the demo logins: the data is there, whoever loaded it.
    for (const w of webs) expect(w.child.stdout()).toContain('Demo logins');
    const count = async (q: string, values: unknown[] = []) => Number((await db.query<{ n: string }>(q, values))[0]!.n);
    expect(await count('select count(*) as n from users where email = $1', [ADMIN_EMAIL])).toBe(1);
    // Loaded once: a second load would have created every consortium and proposal again.
    expect(await count('select count(*) as n from consortia')).toBeGreaterThan(0);
    expect(await count('select count(*) as n from proposals')).toBeGreaterThan(0);
    expect(await db.query('select name from consortia group by name having count(*) > 1')).toEqual([]);
    expect(await db.query('select title from proposals group by title having count(*) > 1')).toEqual([]);

    // The first admin and a demo user log in through either process.
    admin = await login(url1, ADMIN_EMAIL, ADMIN_PASSWORD);
    analyst = await login(url2, ANALYST_EMAIL, DEMO_PASSWORD);
  });

  it('(1) terminating every database connection of the processes: all keep running, serve again within 10 s, no request hangs', { timeout: 60_000 }, async () => {
    const po = await login(webs[0]!.url, 'program.officer@ita.example', DEMO_PASSWORD);
    for (const w of webs) expect((await po.at(w.url).get('/api/v1/proposals')).status).toBe(200);

    // Authenticated reads against both web processes, one after another, before, during and after the outage.
    let reading = true;
    const answers: ApiResponse[] = [];
    const hangs: string[] = [];
    const readers = webs.map(async (w) => {
      const s = po.at(w.url);
      while (reading) {
        await s.get('/api/v1/proposals').then(
          (a) => answers.push(a),
          (err: unknown) => hangs.push(String(err)), // no answer within the deadline
        );
        await sleep(50);
      }
    });
    await sleep(300);

    const terminatedAt = performance.now();
    const killed = await terminateAppConnections(db);
    expect(new Set(killed.map((k) => k.app))).toEqual(new Set(['aiep-web', 'aiep-worker']));
    // Retries `check` (given the time left as its requests' deadline) until it passes, at most 10 s after the termination.
    const recovered = async (what: string, check: (deadlineMs: number) => Promise<void>) => {
      let last = 'not tried';
      for (;;) {
        const left = 10_000 - (performance.now() - terminatedAt);
        if (left <= 0) throw new Error(`${what}: not within 10 s of the termination (last: ${last})`);
        try {
          return await check(left);
        } catch (err) {
          last = err instanceof Error ? err.message : String(err);
        }
        await sleep(100);
      }
    };
    await Promise.all([
      ...webs.map((w) =>
        recovered(`${w.url} ready and serving an authenticated read again`, async (deadline) => {
          const ready = await request(`${w.url}/readyz`, {}, deadline);
          if (ready.status !== 200) throw new Error(`/readyz ${ready.status} ${ready.text}`);
          const read = await po.at(w.url).get('/api/v1/proposals', deadline);
          if (read.status !== 200) throw new Error(`read ${read.status} ${read.text}`);
        }),
      ),
      recovered('the worker ready again', async (deadline) => {
        const ready = await request(`${worker.health}/readyz`, {}, deadline);
        if (ready.status !== 200) throw new Error(`/readyz ${ready.status} ${ready.text}`);
      }),
    ]);
    const recoveredMs = performance.now() - terminatedAt;
    await sleep(300);
    reading = false;
    await Promise.all(readers);

    for (const c of [...webs.map((w) => w.child), worker.child]) expect(isRunning(c)).toBe(true);
    expect((await request(`${worker.health}/healthz`)).status).toBe(200);
    expect(hangs).toEqual([]);
    // Every read answered: 200, or during the outage 503 DATABASE_UNAVAILABLE as problem+json.
    const unavailable = answers.filter((a) => a.status !== 200);
    for (const a of unavailable) {
      expect(a.status).toBe(503);
      expect(a.contentType).toContain('application/problem+json');
      expect(a.body.code).toBe('DATABASE_UNAVAILABLE');
    }
    report(`connection loss: ${killed.length} connections terminated (${[...new Set(killed.map((k) => k.app))].join(', ')}); all serving again after ${recoveredMs.toFixed(0)} ms; ${answers.length} reads meanwhile, ${unavailable.length} answered 503`);
  });

  it('(5) a list version imported and activated through web 1 is screened against by web 2 within 5 s', { timeout: 120_000 }, async () => {
    const matches = async (s: Session, name: string, entryId: string) => {
      const res = await s.post('/api/v1/screening/search', { name });
      expect(res.status).toBe(200);
      return (res.body.matches as { entryId: string }[]).some((m) => m.entryId === entryId);
    };
    // The first version (the list the batches below are screened against).
    const first = await admin.postText('/api/v1/lists/import?fileName=cluster-v1.csv&activate=true', cslList('csl_test_v1.csv', SYNTHETIC_ENTRIES), 'text/csv');
    expect(first.status).toBe(201);
    await waitUntil('web 2 screens against the first version', 30_000, async () => ((await matches(analyst, MATCHING_NAME, MATCHING_ENTRY)) ? true : undefined), 100);
    expect(await matches(analyst, NEW_VERSION_NAME, NEW_VERSION_ENTRY)).toBe(false);

    const from = performance.now();
    const imported = await admin.postText('/api/v1/lists/import?fileName=cluster-v2.csv', cslList('csl_test_v2.csv', SYNTHETIC_ENTRIES), 'text/csv');
    expect(imported.status).toBe(201);
    const activated = await admin.post(`/api/v1/lists/versions/${imported.body.id}/activate`);
    expect(activated.status).toBe(200);
    expect(activated.body.status).toBe('active');
    const activatedAt = performance.now();
    await waitUntil('web 2 matches a name only the new version has', 5_000, async () => ((await matches(analyst, NEW_VERSION_NAME, NEW_VERSION_ENTRY)) ? true : undefined), 50);
    const seenBy2 = performance.now() - activatedAt;
    await waitUntil('web 1 matches it too', 5_000, async () => ((await matches(analyst.at(webs[0]!.url), NEW_VERSION_NAME, NEW_VERSION_ENTRY)) ? true : undefined), 50);
    const to = performance.now();
    const max = webs.map((w) => pollers.get(w.url)!.maxBetween(from, to).toFixed(0));
    report(`list activation (${SYNTHETIC_ENTRIES + 6} entries): web 2 screened against it ${seenBy2.toFixed(0)} ms after activation; longest /healthz answer from import to both processes matching: web 1 ${max[0]} ms, web 2 ${max[1]} ms`);
  });

  const jobPath = (id: string) => `/api/v1/screening/jobs/${id}`;
  const job = async (id: string) => {
    const res = await analyst.get(jobPath(id));
    expect(res.status).toBe(200);
    return res.body;
  };
  const submitBatch = async (parties: BatchParty[], key: string): Promise<string> => {
    const res = await analyst.post('/api/v1/screening/batch', { parties }, { 'idempotency-key': key });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  /** Waits until the job runs and has screened at least `rows` rows; `attempts` names which run. */
  const runningPast = (id: string, rows: number, attempts: number) =>
    waitUntil(`job ${id} running past row ${rows}`, 60_000, async () => {
      const j = await job(id);
      if (j.status === 'done' || j.status === 'failed') throw new Error(`the job ended before it could be interrupted (${j.status}): make the batch slower`);
      return j.status === 'running' && j.attempts === attempts && j.progress.done >= rows ? j : undefined;
    }, 50);
  /** Waits until the job is done or failed (failing after `ms`), noting the progress of each poll. */
  const finished = async (id: string, ms: number, onPoll: (j: any) => void = () => {}) => {
    const j = await waitUntil(`job ${id} finished`, ms, async () => {
      const v = await job(id);
      onPoll(v);
      return v.status === 'done' || v.status === 'failed' ? v : undefined;
    }, 50);
    expect(j, JSON.stringify(j)).toMatchObject({ status: 'done', error: null });
    return j;
  };
  /** The job's JSONL result holds every party exactly once, in input order, and the expected matches. */
  const expectCompleteResult = async (id: string, parties: BatchParty[]) => {
    const res = await analyst.get(`${jobPath(id)}?format=jsonl`);
    expect(res.status).toBe(200);
    const lines = res.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; name: string; error?: string; matches: { entryId: string }[] });
    expect(lines.map((l) => l.id)).toEqual(parties.map((p) => p.id));
    expect(lines.filter((l) => l.error)).toEqual([]);
    const matching = lines.filter((l) => l.name === MATCHING_NAME);
    expect(matching).toHaveLength(Math.ceil((parties.length - 7) / MATCH_EVERY));
    for (const l of matching) expect(l.matches.map((m) => m.entryId)).toContain(MATCHING_ENTRY);
  };

  it('(2) kill -9 of the worker during a 20,000-row batch: a new worker completes it within 60 s, every row exactly once, in order', { timeout: 180_000 }, async () => {
    const parties = batchParties(BATCH_ROWS);
    const id = await submitBatch(parties, 'cluster-kill-9');
    // Half-way: starting again from row 1 would show in the progress, and what is left fits the 60 s.
    await runningPast(id, BATCH_ROWS / 2, 1);
    worker.child.proc.kill('SIGKILL');
    await worker.child.exited;
    const atKill = await job(id);
    expect(atKill).toMatchObject({ status: 'running', attempts: 1 });
    expect(atKill.progress.done).toBeLessThan(BATCH_ROWS);

    const next = spawnWorker();
    const startedAt = performance.now();
    const secondRun: number[] = [];
    let takenOverMs: number | null = null;
    const done = await finished(id, 60_000, (j) => {
      if (j.status !== 'running' || j.attempts !== 2) return;
      takenOverMs ??= performance.now() - startedAt;
      secondRun.push(j.progress.done);
    });
    const completedMs = performance.now() - startedAt;
    worker = { child: next, health: await workerHealthUrl(next, 1_000) };
    expect(done.attempts).toBe(2);
    expect(done.summary.rows).toBe(BATCH_ROWS);
    await expectCompleteResult(id, parties);

    // The batch resumed from its last checkpoint: the second run never reported less than the first
    // had reached (progress and checkpoint are written together), so it did not start from row 1.
    expect(secondRun.length).toBeGreaterThan(0);
    expect(Math.min(...secondRun)).toBeGreaterThanOrEqual(atKill.progress.done);
    report(`kill -9 at row ${atKill.progress.done} of ${BATCH_ROWS}: taken over ${takenOverMs === null ? '?' : ((takenOverMs as number) / 1000).toFixed(1)} s and completed ${(completedMs / 1000).toFixed(1)} s after the new worker was started (JOB_LEASE_MS ${LEASE_MS} ms); progress seen in its run: ${secondRun.length ? `${Math.min(...secondRun)}…${Math.max(...secondRun)}` : 'none'}`);
  });

  it('(3) SIGTERM of the worker mid-batch: the job is requeued at once, not counted as an attempt, and the next worker finishes it', { timeout: 180_000 }, async () => {
    const parties = batchParties(BATCH_ROWS);
    const id = await submitBatch(parties, 'cluster-sigterm');
    await runningPast(id, PROGRESS_EVERY, 1);
    worker.child.proc.kill('SIGTERM');
    expect(await worker.child.exited).toBe(0); // it could give the job back
    expect(worker.child.stderr()).toContain(`gave back to the queue: ${id}`);
    expect(await job(id)).toMatchObject({ status: 'queued', attempts: 0 });

    const next = spawnWorker();
    const done = await finished(id, 60_000);
    worker = { child: next, health: await workerHealthUrl(next, 1_000) };
    expect(done.attempts).toBe(1);
    await expectCompleteResult(id, parties);
  });

  it('every /healthz poll of both web processes answered 200 within the deadline, and the processes still run', async () => {
    for (const w of webs) {
      const samples = await pollers.get(w.url)!.stop();
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.filter((s) => s.status !== 200)).toEqual([]);
      const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
      report(`/healthz of ${w.url}: ${samples.length} polls, p50 ${sorted[Math.floor(sorted.length * 0.5)]!.toFixed(0)} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
      expect(isRunning(w.child)).toBe(true);
    }
  });
});
