// The in-process job worker. Tests call runJobsOnce(deps) to run what is due, deterministically;
// the server calls startWorker(deps), which polls the jobs table, queues the periodic party sync
// and runs the time-based work of scheduled.ts. JOBS_WORKER=off starts none of it (a web-only
// process sharing PostgreSQL with dedicated workers).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Deps } from '../lib/context.ts';
import { SCREENING_JOB_HANDLERS, SYNC_PARTIES_EVERY_MS, type JobHandler } from '../modules/screening/screening.jobs.ts';
import { runScheduledWork, SCHEDULED_WORK_EVERY_MS } from './scheduled.ts';
import { claimJob, completeJob, failJob, hasPendingJob, setJobProgress } from './jobs.repository.ts';
import { backoffMs, enqueueJob } from './queue.ts';

const HANDLERS: Record<string, JobHandler> = { ...SCREENING_JOB_HANDLERS };

/** A running job whose worker has not reported for this long is taken over by another. */
const LEASE_MS = 5 * 60_000;

const newWorkerId = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export interface RunOptions {
  workerId?: string;
  /** Stop after this many jobs (default: until none is due). */
  max?: number;
  onError?: (err: unknown, job: { id: string; kind: string }) => void;
}

/** Runs due jobs one by one until none is left (or `max` ran); returns how many ran. */
export async function runJobsOnce(deps: Deps, opts: RunOptions = {}): Promise<number> {
  const workerId = opts.workerId ?? newWorkerId();
  let ran = 0;
  while (opts.max === undefined || ran < opts.max) {
    const now = deps.clock.millis();
    const job = await claimJob(deps.db.db, deps.db.dialect, workerId, new Date(now).toISOString(), new Date(now - LEASE_MS).toISOString());
    if (!job) break;
    ran++;
    const handler: JobHandler | undefined = HANDLERS[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      const result = await handler(deps, {
        id: job.id,
        payload: JSON.parse(job.payload_json),
        attempts: job.attempts,
        progress: (p) => setJobProgress(deps.db.db, job.id, workerId, JSON.stringify(p), deps.clock.nowIso()),
      });
      await completeJob(deps.db.db, job.id, workerId, JSON.stringify(result ?? null), deps.clock.nowIso());
    } catch (err) {
      opts.onError?.(err, job);
      const retry = job.kind in HANDLERS && job.attempts < job.max_attempts ? new Date(deps.clock.millis() + backoffMs(job.attempts)).toISOString() : null;
      await failJob(deps.db.db, job.id, workerId, err instanceof Error ? err.message.slice(0, 2000) : String(err), retry, deps.clock.nowIso());
    }
  }
  return ran;
}

/** Queues a party sync unless one is already waiting. */
export async function scheduleSync(deps: Deps): Promise<void> {
  if (!(await hasPendingJob(deps.db.db, 'sync_parties'))) await enqueueJob(deps.db.db, deps.clock, 'sync_parties', {});
}

export interface Worker {
  stop(): Promise<void>;
}

export interface WorkerOptions {
  pollMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

/** Starts the worker loop in this process (unless JOBS_WORKER=off); null when not started. */
export function startWorker(deps: Deps, opts: WorkerOptions = {}): Worker | null {
  if ((process.env.JOBS_WORKER ?? 'on').toLowerCase() === 'off') return null;
  const workerId = newWorkerId();
  const log = opts.log ?? ((msg, err) => process.stderr.write(`jobs: ${msg}${err ? `: ${err instanceof Error ? err.message : String(err)}` : ''}\n`));
  let stopped = false;
  let running: Promise<unknown> | null = null;
  let lastSync = 0;
  let lastScheduled = 0;
  const tick = async () => {
    if (deps.clock.millis() - lastSync >= SYNC_PARTIES_EVERY_MS) {
      lastSync = deps.clock.millis();
      await scheduleSync(deps);
    }
    if (deps.clock.millis() - lastScheduled >= SCHEDULED_WORK_EVERY_MS) {
      lastScheduled = deps.clock.millis();
      const report = await runScheduledWork(deps);
      if (report.auditCheckpoint.problem) log(`audit checkpoint refused: ${report.auditCheckpoint.problem}`);
    }
    await runJobsOnce(deps, { workerId, onError: (err, job) => log(`job ${job.kind} ${job.id} failed`, err) });
  };
  const timer = setInterval(() => {
    if (stopped || running) return; // one tick at a time; a long job simply delays the next
    running = tick()
      .catch((err: unknown) => log('worker tick failed', err))
      .finally(() => {
        running = null;
      });
  }, opts.pollMs ?? 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
