// GET /metrics of a worker process, on its health port (WORKER_HEALTH_PORT): the worker's own
// counters and running job's age, the queue per kind, pool and process series, under the same
// METRICS_ALLOW rule as the web process's.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.ts';
import { childEnv, killChild, SERVER_ENTRY, spawnNode, waitUntil, workerHealthUrl, type Child } from '../jobs/__fixtures__/processes.ts';
import { insertJob } from '../jobs/jobs.repository.ts';
import type { WorkerStatus } from '../jobs/worker.ts';
import { DIALECTS, openTestDb, testConfig, testDeps } from '../test/harness.ts';
import { registerWorkerMetrics } from './metrics.ts';

/** The value of one sample line (`name{labels} value`) of an exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const job = (id: string, kind: string, runAfter: string) => ({ id, kind, payload_json: '{}', created_at: runAfter, created_by: null, idempotency_key: null, max_attempts: 1, run_after: runAfter });

for (const dialect of DIALECTS) {
  describe(`worker /metrics [${dialect}]`, () => {
    let drop: () => Promise<void> = async () => {};
    let url = '';
    let deps: ReturnType<typeof testDeps>;

    beforeAll(async () => {
      const opened = await openTestDb(dialect, { file: true });
      drop = opened.drop;
      url = opened.url;
      deps = testDeps(opened.db, testConfig());
      await migrateToLatest(deps.db);
    });
    afterAll(async () => drop());

    it('reports the counters of the worker and its running job, the queue per kind, the process', async () => {
      const running = deps.clock.millis() - 42_000;
      const status: WorkerStatus = { id: 'w1', ticks: 7, lastTickAt: null, runningJob: 'job-1', runningJobStartedAt: running, stopping: false, jobsStarted: 5, jobsFailed: 2, jobsRequeued: 1 };
      const due = new Date(deps.clock.millis() - 90_000).toISOString();
      await insertJob(deps.db.db, job('m-a1', 'metrics-kind-a', due));
      await insertJob(deps.db.db, job('m-a2', 'metrics-kind-a', new Date(deps.clock.millis() + 3_600_000).toISOString()));
      await insertJob(deps.db.db, job('m-b1', 'metrics-kind-b', new Date(deps.clock.millis() + 3_600_000).toISOString()));
      const app = Fastify();
      registerWorkerMetrics(app, deps, () => status, { version: '9.9.9' });
      try {
        const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
        const text = res.body;
        expect(sample(text, 'aiep_worker_jobs_started_total')).toBe(5);
        expect(sample(text, 'aiep_worker_jobs_failed_total')).toBe(2);
        expect(sample(text, 'aiep_worker_jobs_requeued_total')).toBe(1);
        expect(sample(text, 'aiep_worker_ticks_total')).toBe(7);
        expect(sample(text, 'aiep_worker_running_job_age_seconds')).toBeGreaterThanOrEqual(42);
        expect(sample(text, 'aiep_worker_stopping')).toBe(0);
        expect(sample(text, 'aiep_jobs_queued')).toBe(3);
        expect(sample(text, 'aiep_jobs_queued_by_kind{kind="metrics-kind-a"}')).toBe(2);
        expect(sample(text, 'aiep_jobs_queued_by_kind{kind="metrics-kind-b"}')).toBe(1);
        expect(sample(text, 'aiep_jobs_oldest_queued_age_seconds')).toBeGreaterThanOrEqual(90);
        expect(sample(text, 'aiep_jobs_oldest_queued_age_seconds_by_kind{kind="metrics-kind-a"}')).toBeGreaterThanOrEqual(90);
        expect(sample(text, 'aiep_jobs_oldest_queued_age_seconds_by_kind{kind="metrics-kind-b"}')).toBe(0);
        expect(sample(text, 'aiep_db_up')).toBe(1);
        expect(sample(text, 'aiep_process_resident_memory_bytes')).toBeGreaterThan(0);
        expect(sample(text, 'aiep_process_cpu_seconds_total')).toBeGreaterThan(0);
        expect(sample(text, 'aiep_build_info{version="9.9.9"}')).toBe(1);
        if (dialect === 'postgres') expect(sample(text, 'aiep_db_pool_total')).toBeGreaterThanOrEqual(1);
        // No HTTP series: a worker serves no API.
        expect(text).not.toContain('aiep_http_requests_total');

        status.runningJob = null;
        status.runningJobStartedAt = null;
        const none = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
        expect(sample(none.body, 'aiep_worker_running_job_age_seconds')).toBe(0);

        const outsider = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
        expect(outsider.statusCode).toBe(404);
        expect(outsider.body).not.toContain('aiep_');
      } finally {
        await app.close();
        await deps.db.db.deleteFrom('jobs').where('id', 'in', ['m-a1', 'm-a2', 'm-b1']).execute();
      }
    });

    it('a worker process serves them on WORKER_HEALTH_PORT, counting the jobs it ran and failed', async () => {
      await insertJob(deps.db.db, job('m-unknown', 'metrics-no-such-kind', deps.clock.nowIso()));
      let worker: Child | undefined;
      try {
        worker = spawnNode(SERVER_ENTRY, childEnv(url, { PROCESS_ROLE: 'worker', WORKER_HEALTH_PORT: '0' }));
        const health = await workerHealthUrl(worker, 60_000);
        // A job of a kind without a handler fails at once: started and failed.
        const text = await waitUntil('the worker reports the failed job', 30_000, async () => {
          const body = await (await fetch(`${health}/metrics`)).text();
          return (sample(body, 'aiep_worker_jobs_failed_total') ?? 0) >= 1 ? body : undefined;
        });
        expect(sample(text, 'aiep_worker_jobs_started_total')).toBeGreaterThanOrEqual(1);
        expect(sample(text, 'aiep_worker_jobs_requeued_total')).toBe(0);
        expect(sample(text, 'aiep_db_up')).toBe(1);
        expect(text).toContain('# TYPE aiep_jobs_queued_by_kind gauge');
        // The web process's allow rule: a forwarded request (no TRUST_PROXY) is refused like an unknown path.
        const forwarded = await fetch(`${health}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
        expect(forwarded.status).toBe(404);
        expect(await forwarded.text()).not.toContain('aiep_');
        // Health and readiness answer as before; other methods are refused.
        expect(await (await fetch(`${health}/healthz`)).json()).toMatchObject({ status: 'ok', role: 'worker' });
        expect((await fetch(`${health}/readyz`)).status).toBe(200);
        expect((await fetch(`${health}/healthz`, { method: 'POST' })).status).toBe(405);
      } finally {
        if (worker) await killChild(worker);
      }
    }, 120_000);
  });
}
