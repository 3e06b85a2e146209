// The worker in one process: the lease is renewed by a heartbeat while a job reports no progress; a
// job that lost its lease stops writing; stopping gives a running job back (or reports it could
// not); a starting worker takes back jobs whose lease expired; the scheduled work runs once a
// minute however many workers tick.
import { expect, it } from 'vitest';
import { describeEachDb } from '../test/harness.ts';
import type { JobHandler } from '../modules/screening/screening.jobs.ts';
import { enqueueJob } from './queue.ts';
import { SCHEDULED_WORK_JOB } from './scheduled.ts';
import { LeaseLostError, runJobsOnce, startWorker, type WorkerJobContext } from './worker.ts';
import { waitUntil } from './__fixtures__/processes.ts';

/** A handler that signals when it starts and returns when released. */
function gated() {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const seen: WorkerJobContext[] = [];
  const handler: JobHandler = async (_deps, job) => {
    seen.push(job as WorkerJobContext);
    await gate;
    return { ok: true };
  };
  return { handler, release, seen };
}

describeEachDb(
  'job worker',
  (h) => {
    const row = (id: string) => h().deps.db.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('renews the lease on a timer while the job reports no progress', async () => {
      const g = gated();
      const job = await enqueueJob(h().deps.db.db, h().deps.clock, 't_quiet', {});
      const run = runJobsOnce(h().deps, { handlers: { t_quiet: g.handler }, leaseMs: 1000, heartbeatMs: 50, max: 1 });
      await waitUntil('the job started', 10_000, () => (g.seen.length ? true : undefined));
      const claimedAt = (await row(job.id)).locked_at!;
      h().deps.clock.advance(5_000); // the heartbeat stamps the lease with the clock's time
      const renewedAt = await waitUntil('the lease renewed', 10_000, async () => {
        const at = (await row(job.id)).locked_at!;
        return at > claimedAt ? at : undefined;
      });
      expect(Date.parse(renewedAt)).toBeGreaterThanOrEqual(Date.parse(claimedAt) + 5_000);
      g.release();
      expect(await run).toBe(1);
      expect(await row(job.id)).toMatchObject({ status: 'done', locked_by: null });
    });

    it('a job that lost its lease is told so and writes nothing more', async () => {
      const g = gated();
      let afterProgress = false;
      let progressError: unknown;
      const handler: JobHandler = async (deps, job) => {
        await g.handler(deps, job);
        try {
          await job.progress({ step: 2 });
          afterProgress = true;
        } catch (err) {
          progressError = err;
          throw err;
        }
        return { ok: true };
      };
      const job = await enqueueJob(h().deps.db.db, h().deps.clock, 't_lost', {});
      const run = runJobsOnce(h().deps, { handlers: { t_lost: handler }, leaseMs: 1000, heartbeatMs: 50, max: 1 });
      await waitUntil('the job started', 10_000, () => (g.seen.length ? true : undefined));
      // Another worker took the job over (as it would after the lease expired).
      await h().deps.db.db.updateTable('jobs').set({ locked_by: 'other-worker' }).where('id', '=', job.id).execute();
      await waitUntil('the lease loss noticed', 10_000, () => (g.seen[0]!.signal.aborted ? true : undefined));
      g.release();
      await run;
      expect(afterProgress).toBe(false);
      expect(progressError).toBeInstanceOf(LeaseLostError);
      expect(await row(job.id)).toMatchObject({ status: 'running', locked_by: 'other-worker', progress_json: null, error: null, result_json: null });
    });

    it('stopping gives the running job back to the queue, not counted as an attempt', async () => {
      const g = gated();
      const job = await enqueueJob(h().deps.db.db, h().deps.clock, 't_stop', {});
      const w = startWorker(h().deps, { pollMs: 20, handlers: { t_stop: g.handler } });
      try {
        await waitUntil('the job started', 10_000, () => (g.seen.some((s) => s.id === job.id) ? true : undefined));
        const report = await w.stop(50);
        expect(report).toEqual({ requeued: [job.id], abandoned: [] });
        expect(await row(job.id)).toMatchObject({ status: 'queued', locked_by: null, locked_at: null, attempts: 0 });
        expect(g.seen.find((s) => s.id === job.id)!.signal.aborted).toBe(true);
      } finally {
        g.release();
        await w.stop(0);
      }
    });

    it('stopping reports a job it could not give back (the process then exits non-zero)', async () => {
      const g = gated();
      const job = await enqueueJob(h().deps.db.db, h().deps.clock, 't_stuck', {});
      const w = startWorker(h().deps, { pollMs: 20, heartbeatMs: 50, handlers: { t_stuck: g.handler } });
      try {
        await waitUntil('the job started', 10_000, () => (g.seen.some((s) => s.id === job.id) ? true : undefined));
        await h().deps.db.db.updateTable('jobs').set({ locked_by: 'other-worker' }).where('id', '=', job.id).execute();
        expect(await w.stop(50)).toEqual({ requeued: [], abandoned: [job.id] });
        expect(await row(job.id)).toMatchObject({ status: 'running', locked_by: 'other-worker' });
      } finally {
        g.release();
        await w.stop(0);
      }
    });

    it('a starting worker takes back a job whose lease expired, and fails one without attempts left', async () => {
      const { db } = h().deps.db;
      const expiredAt = new Date(h().deps.clock.millis() - 60_000).toISOString(); // older than the 30 s lease, younger than the old 5 minutes
      const orphan = await enqueueJob(db, h().deps.clock, 't_orphan', {});
      const spent = await enqueueJob(db, h().deps.clock, 't_orphan', {}, { maxAttempts: 1 });
      await db.updateTable('jobs').set({ status: 'running', locked_by: 'dead-worker', locked_at: expiredAt, attempts: 1 }).where('id', 'in', [orphan.id, spent.id]).execute();
      let ran = 0;
      const w = startWorker(h().deps, { pollMs: 20, handlers: { t_orphan: async () => ++ran } });
      try {
        await waitUntil('the orphan done', 10_000, async () => ((await row(orphan.id)).status === 'done' ? true : undefined));
      } finally {
        await w.stop(1000);
      }
      expect(await row(orphan.id)).toMatchObject({ status: 'done', attempts: 2 });
      expect(await row(spent.id)).toMatchObject({ status: 'failed', attempts: 1, locked_by: null });
      expect(ran).toBe(1);
    });

    it('the scheduled work runs once a minute however many workers tick', async () => {
      const { db } = h().deps.db;
      const clock = h().deps.clock;
      const minute = Math.floor(clock.millis() / 60_000) * 60_000 + 60_000; // a fresh minute
      clock.set(new Date(minute + 1_000).toISOString());
      let runs = 0;
      const handlers = { [SCHEDULED_WORK_JOB]: async () => ++runs };
      const a = startWorker(h().deps, { pollMs: 10, handlers });
      const b = startWorker(h().deps, { pollMs: 10, handlers });
      try {
        await waitUntil('both workers ticked a few times after the run', 20_000, () => (runs >= 1 && a.status().ticks >= 10 && b.status().ticks >= 10 ? true : undefined));
        const ticks = [a.status().ticks, b.status().ticks];
        await waitUntil('more ticks', 20_000, () => (a.status().ticks >= ticks[0]! + 5 && b.status().ticks >= ticks[1]! + 5 ? true : undefined));
        expect(runs).toBe(1);
        // The next minute: one more run.
        clock.advance(60_000);
        await waitUntil('the next minute ran', 20_000, () => (runs >= 2 ? true : undefined));
        const later = [a.status().ticks, b.status().ticks];
        await waitUntil('more ticks', 20_000, () => (a.status().ticks >= later[0]! + 5 && b.status().ticks >= later[1]! + 5 ? true : undefined));
        expect(runs).toBe(2);
      } finally {
        await Promise.all([a.stop(1000), b.stop(1000)]);
      }
      const keys = [minute, minute + 60_000].map((m) => `${SCHEDULED_WORK_JOB}:${new Date(m).toISOString()}`);
      const rows = await db.selectFrom('jobs').select(['idempotency_key', 'status']).where('kind', '=', SCHEDULED_WORK_JOB).where('idempotency_key', 'in', keys).execute();
      expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    });
  },
  { demo: false },
);
