// The job worker. Tests call runJobsOnce(deps) to run what is due, deterministically; a process
// in the `worker` or `all` role (main.ts) calls startWorker(deps), which polls the jobs table,
// queues the periodic party sync and this minute's scheduled work (once across all workers), and
// runs due jobs one at a time.
//
// Leases: a claimed job is held under a lease of JOB_LEASE_MS, renewed every JOB_HEARTBEAT_MS by a
// timer of its own (whether or not the job reports progress). A job whose lease expired — its
// worker died or hung — is taken back by any worker (at once when a worker starts). A worker that
// finds it lost a lease aborts the job's signal, its progress() throws LeaseLostError, and it writes
// nothing more to the job's row. On stop (SIGTERM), the worker takes no new job, lets the running
// one finish within the grace period, else gives it back to the queue without counting the attempt.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Deps } from '../lib/context.ts';
import { inTransaction } from '../lib/transaction.ts';
import { SCREENING_JOB_HANDLERS, SYNC_PARTIES_EVERY_MS, type JobContext, type JobHandler } from '../modules/screening/screening.jobs.ts';
import { MAIL_JOB_HANDLERS, MAIL_SEND_JOB, scheduleMailSend } from '../modules/mail/mail.jobs.ts';
import { enqueueScheduledWork, runScheduledWork, SCHEDULED_WORK_EVERY_MS, SCHEDULED_WORK_JOB } from './scheduled.ts';
import {
  claimJob,
  completeJob,
  deleteFinishedJobs,
  failAbandonedJobs,
  failJob,
  hasPendingJob,
  renewJobLease,
  requeueExpiredJobs,
  requeueJob,
  setJobProgress,
  type JobRow,
} from './jobs.repository.ts';
import { backoffMs, enqueueJob } from './queue.ts';

type Log = (msg: string, err?: unknown) => void;

const stderrLog: Log = (msg, err) => process.stderr.write(`jobs: ${msg}${err ? `: ${err instanceof Error ? err.message : String(err)}` : ''}\n`);

const HANDLERS: Record<string, JobHandler> = {
  ...SCREENING_JOB_HANDLERS,
  ...MAIL_JOB_HANDLERS,
  [SCHEDULED_WORK_JOB]: async (deps) => {
    const report = await runScheduledWork(deps);
    if (report.auditCheckpoint.problem) stderrLog(`audit checkpoint refused: ${report.auditCheckpoint.problem}`);
    return report;
  },
};

/** Periodic jobs whose finished rows are deleted after a day (one row a minute otherwise piles up). */
const PERIODIC_KINDS = ['sync_parties', SCHEDULED_WORK_JOB, MAIL_SEND_JOB];
const PRUNE_EVERY_MS = 3_600_000;
const KEEP_FINISHED_PERIODIC_MS = 86_400_000;

const newWorkerId = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Thrown by a job's progress() once its worker no longer holds the job: stop, write nothing more. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId}: the lease was lost (the job was taken back); stopping`);
    this.name = 'LeaseLostError';
  }
}

/** What a handler receives: the job, progress reporting, and a signal aborted when the lease is lost. */
export interface WorkerJobContext extends JobContext {
  /** Aborted when this worker no longer holds the job (lease lost, or given back at shutdown). */
  signal: AbortSignal;
}

export interface RunOptions {
  workerId?: string;
  /** Stop after this many jobs (default: until none is due). */
  max?: number;
  onError?: (err: unknown, job: { id: string; kind: string }) => void;
  /** Handlers added to (or replacing) the built-in ones, by kind (tests, tools). */
  handlers?: Record<string, JobHandler>;
  /** Lease and heartbeat (default: JOB_LEASE_MS and JOB_HEARTBEAT_MS of the configuration). */
  leaseMs?: number;
  heartbeatMs?: number;
  /** Checked before each claim: true stops taking jobs. */
  stopping?: () => boolean;
  /** Called when a job starts, with what a stopping worker needs to wait for it or give it back. */
  onStart?: (running: RunningJob) => void;
}

export interface RunningJob {
  id: string;
  kind: string;
  /** Settles when the handler returned and its outcome was written. */
  done: Promise<void>;
  /** Gives the job back to the queue (not counted as an attempt); false when this worker no longer held it. */
  requeue(): Promise<boolean>;
}

const leaseOf = (deps: Deps, opts: RunOptions) => {
  const leaseMs = opts.leaseMs ?? deps.config.JOB_LEASE_MS;
  // The heartbeat must come well within the lease, whatever the configuration says.
  const heartbeatMs = Math.max(10, Math.min(opts.heartbeatMs ?? deps.config.JOB_HEARTBEAT_MS, Math.floor(leaseMs / 3)));
  return { leaseMs, heartbeatMs };
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs due jobs one by one until none is left (or `max` ran); returns how many ran. */
export async function runJobsOnce(deps: Deps, opts: RunOptions = {}): Promise<number> {
  const workerId = opts.workerId ?? newWorkerId();
  const handlers = { ...HANDLERS, ...opts.handlers };
  const { leaseMs } = leaseOf(deps, opts);
  let ran = 0;
  while (opts.max === undefined || ran < opts.max) {
    if (opts.stopping?.()) break;
    const now = deps.clock.millis();
    const job = await claimJob(deps.db.db, deps.db.dialect, workerId, iso(now), iso(now - leaseMs));
    if (!job) break;
    ran++;
    await runJob(deps, job, workerId, handlers, opts);
  }
  return ran;
}

async function runJob(deps: Deps, job: JobRow, workerId: string, handlers: Record<string, JobHandler>, opts: RunOptions): Promise<void> {
  const db = deps.db.db;
  const { heartbeatMs } = leaseOf(deps, opts);
  const lease = new AbortController();
  const lose = () => {
    if (!lease.signal.aborted) lease.abort(new LeaseLostError(job.id));
  };
  const heartbeat = setInterval(() => {
    if (lease.signal.aborted) return;
    renewJobLease(db, job.id, workerId, deps.clock.nowIso()).then(
      (held) => {
        if (!held) lose();
      },
      () => {}, // the database is unreachable: try again at the next beat (the lease outlasts a few)
    );
  }, heartbeatMs);
  heartbeat.unref();

  let settle: () => void = () => {};
  const done = new Promise<void>((r) => (settle = r));
  opts.onStart?.({
    id: job.id,
    kind: job.kind,
    done,
    async requeue() {
      if (lease.signal.aborted) return false;
      const ok = await requeueJob(db, job.id, workerId, deps.clock.nowIso());
      lose(); // from now on the job's writes are refused, whether or not it was given back
      return ok;
    },
  });

  const handler: JobHandler | undefined = handlers[job.kind];
  const ctx: WorkerJobContext = {
    id: job.id,
    payload: JSON.parse(job.payload_json),
    attempts: job.attempts,
    signal: lease.signal,
    async progress(p) {
      if (lease.signal.aborted) throw new LeaseLostError(job.id);
      if (!(await setJobProgress(db, job.id, workerId, JSON.stringify(p), deps.clock.nowIso()))) {
        lose();
        throw new LeaseLostError(job.id);
      }
    },
    async checkpoint(p, write) {
      if (lease.signal.aborted) throw new LeaseLostError(job.id);
      // The progress write names this worker: when it touches no row the job is another's, and
      // `write` never runs. On PostgreSQL it also locks the job's row until the commit, so the job
      // cannot be taken over between the check and the write.
      const held = await inTransaction(deps, async (tx) => {
        if (!(await setJobProgress(tx.trx, job.id, workerId, JSON.stringify(p), deps.clock.nowIso()))) return false;
        await write(tx);
        return true;
      });
      if (!held) {
        lose();
        throw new LeaseLostError(job.id);
      }
    },
  };
  try {
    if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
    const result = await handler(deps, ctx);
    if (!lease.signal.aborted) await completeJob(db, job.id, workerId, JSON.stringify(result ?? null), deps.clock.nowIso());
  } catch (err) {
    if (!lease.signal.aborted) {
      opts.onError?.(err, job);
      const retry = job.kind in handlers && job.attempts < job.max_attempts ? iso(deps.clock.millis() + backoffMs(job.attempts)) : null;
      await failJob(db, job.id, workerId, err instanceof Error ? err.message.slice(0, 2000) : String(err), retry, deps.clock.nowIso()).catch((e: unknown) => opts.onError?.(e, job));
    }
  } finally {
    clearInterval(heartbeat);
    settle();
  }
}

/** Queues a party sync unless one is already waiting (one per interval across workers). */
export async function scheduleSync(deps: Deps): Promise<void> {
  if (await hasPendingJob(deps.db.db, 'sync_parties')) return;
  const slot = Math.floor(deps.clock.millis() / SYNC_PARTIES_EVERY_MS) * SYNC_PARTIES_EVERY_MS;
  await enqueueJob(deps.db.db, deps.clock, 'sync_parties', {}, { idempotencyKey: `sync_parties:${iso(slot)}` });
}

/**
 * Gives expired leases back to the queue and fails the jobs that used up their attempts that way.
 * A starting worker does this first; every worker does it again each minute.
 */
export async function reclaimExpiredJobs(deps: Deps, leaseMs: number = deps.config.JOB_LEASE_MS): Promise<{ requeued: number; failed: number }> {
  const now = deps.clock.millis();
  const failed = await failAbandonedJobs(deps.db.db, iso(now - leaseMs), iso(now));
  const requeued = await requeueExpiredJobs(deps.db.db, iso(now - leaseMs));
  return { requeued, failed };
}

export interface StopReport {
  /** Jobs given back to the queue because they did not finish within the grace period. */
  requeued: string[];
  /** Jobs that could be neither finished nor given back (their lease will expire and another worker takes them). */
  abandoned: string[];
}

export interface WorkerStatus {
  id: string;
  ticks: number;
  lastTickAt: number | null;
  runningJob: string | null;
  /** When the running job started (clock millis), null when none runs. */
  runningJobStartedAt: number | null;
  stopping: boolean;
  /** Since the worker started: jobs it began, jobs that failed (an attempt), jobs given back at stop. */
  jobsStarted: number;
  jobsFailed: number;
  jobsRequeued: number;
}

export interface Worker {
  /** Stops taking jobs; the running one may finish within `graceMs` (default SHUTDOWN_GRACE_MS), else it is requeued. */
  stop(graceMs?: number): Promise<StopReport>;
  status(): WorkerStatus;
}

export interface WorkerOptions {
  pollMs?: number;
  log?: Log;
  handlers?: Record<string, JobHandler>;
  leaseMs?: number;
  heartbeatMs?: number;
  /** Keep the process alive while the worker runs (a worker-only process has nothing else to). */
  keepAlive?: boolean;
}

/** Starts the worker loop in this process. */
export function startWorker(deps: Deps, opts: WorkerOptions = {}): Worker {
  const workerId = newWorkerId();
  const log = opts.log ?? stderrLog;
  const { leaseMs } = leaseOf(deps, opts);
  let stopped = false;
  let tickPromise: Promise<unknown> | null = null;
  let current: RunningJob | null = null;
  let lastSync = Number.NEGATIVE_INFINITY;
  let lastScheduled = Number.NEGATIVE_INFINITY;
  let lastPrune = Number.NEGATIVE_INFINITY;
  let ticks = 0;
  let lastTickAt: number | null = null;
  let currentStartedAt: number | null = null;
  const counts = { jobsStarted: 0, jobsFailed: 0, jobsRequeued: 0 };
  let lastFailedId: string | null = null;

  const tick = async () => {
    const now = deps.clock.millis();
    if (now - lastScheduled >= SCHEDULED_WORK_EVERY_MS || lastScheduled === Number.NEGATIVE_INFINITY) {
      // First thing at start, then once a minute: take back what dead workers held.
      const reclaimed = await reclaimExpiredJobs(deps, leaseMs);
      if (reclaimed.requeued || reclaimed.failed) log(`took back ${reclaimed.requeued} job(s) with an expired lease; ${reclaimed.failed} failed after their last attempt`);
      lastScheduled = now;
      await enqueueScheduledWork(deps);
    }
    if (now - lastSync >= SYNC_PARTIES_EVERY_MS) {
      lastSync = now;
      await scheduleSync(deps);
    }
    // E-mail that is due: one mail.send job at a time (mail.jobs.ts).
    await scheduleMailSend(deps).catch((err: unknown) => log('queueing e-mail failed', err));
    if (now - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now;
      await deleteFinishedJobs(deps.db.db, PERIODIC_KINDS, iso(now - KEEP_FINISHED_PERIODIC_MS));
    }
    await runJobsOnce(deps, {
      workerId,
      handlers: opts.handlers,
      leaseMs,
      heartbeatMs: opts.heartbeatMs,
      stopping: () => stopped,
      onStart: (r) => {
        current = r;
        currentStartedAt = deps.clock.millis();
        counts.jobsStarted++;
        void r.done.then(() => {
          if (current === r) current = null;
        });
      },
      onError: (err, job) => {
        // A failure whose outcome could not be written is reported twice: count the job once.
        if (job.id !== lastFailedId) counts.jobsFailed++;
        lastFailedId = job.id;
        log(`job ${job.kind} ${job.id} failed`, err);
      },
    });
  };
  const run = () => {
    if (stopped || tickPromise) return; // one tick at a time; a long job simply delays the next
    tickPromise = tick()
      .catch((err: unknown) => log('worker tick failed', err))
      .finally(() => {
        ticks++;
        lastTickAt = deps.clock.millis();
        tickPromise = null;
      });
  };
  const timer = setInterval(run, opts.pollMs ?? 1000);
  if (!opts.keepAlive) timer.unref();
  setImmediate(run);

  return {
    status: () => ({ id: workerId, ticks, lastTickAt, runningJob: current?.id ?? null, runningJobStartedAt: current ? currentStartedAt : null, stopping: stopped, ...counts }),
    async stop(graceMs = deps.config.SHUTDOWN_GRACE_MS) {
      stopped = true;
      clearInterval(timer);
      const report: StopReport = { requeued: [], abandoned: [] };
      const pending = tickPromise;
      if (!pending) return report;
      const finished = await within(pending, graceMs);
      const job = current;
      if (finished || !job) {
        if (!finished) await pending; // scheduling work, not a job: it is short, wait for it
        return report;
      }
      try {
        if (await job.requeue()) {
          report.requeued.push(job.id);
          counts.jobsRequeued++;
        } else report.abandoned.push(job.id);
      } catch (err) {
        log(`job ${job.kind} ${job.id} could not be given back`, err);
        report.abandoned.push(job.id);
      }
      return report;
    },
  };
}

/** True when `p` settles within `ms`. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    void p.finally(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
