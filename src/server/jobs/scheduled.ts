// Time-based work: what falls due because the clock moved, not because someone acted. The workers
// queue it once per SCHEDULED_WORK_EVERY_MS across all of them (enqueueScheduledWork) and one runs
// it; tests call runScheduledWork(deps) after moving the clock.
// Every step is idempotent, and the steps that change a record's state (expiry, holds, scheduled
// reports) write audit events; reminders are notifications and a stale import is marked failed on
// its own row. The last step writes a signed checkpoint of the audit chain outside the database
// (docs/security.md#audit-trail). No GET handler writes "lazily" when something is read.
import type { Deps } from '../lib/context.ts';
import { hasPendingJob } from './jobs.repository.ts';
import { enqueueJob } from './queue.ts';
import { writeAuditCheckpoint, type CheckpointReport } from '../modules/audit/audit.service.ts';
import { pruneRateLimitHits } from '../http/rate-limit-store.ts';
import { pruneAccessLog } from '../modules/access-log/access-log.service.ts';
import { sweepHolds } from '../modules/compliance/compliance.service.ts';
import { deleteOrphanBlobs } from '../modules/documents/blob-store.ts';
import { remindAndExpireLicenses } from '../modules/compliance/licenses.service.ts';
import { expireDesignations } from '../modules/designation/designation.service.ts';
import { scheduleMonitoringReports } from '../modules/financing/financing.service.ts';
import { raiseReviewReminders } from '../modules/notifications/notifications.service.ts';
import { sendDigests } from '../modules/mail/mail.service.ts';
import { raiseEscalations, type EscalationReport } from '../modules/notifications/escalations.ts';
import { expireStaleImports } from '../modules/screening/screening.lists.ts';
import { enqueueDueRefreshes, raiseStaleListAlerts } from '../modules/screening/screening.sources.ts';

export const SCHEDULED_WORK_EVERY_MS = 60_000;

/** The job kind that runs runScheduledWork (handler in worker.ts). */
export const SCHEDULED_WORK_JOB = 'scheduled_work';

/**
 * The once-per-minute guard: queues this minute's run of the scheduled work as a job whose
 * idempotency key is the minute, so however many workers tick in that minute, one job exists and
 * one worker (the one that claims it) runs it. Nothing is queued while an earlier run is still
 * waiting or running.
 */
export async function enqueueScheduledWork(deps: Deps): Promise<void> {
  if (await hasPendingJob(deps.db.db, SCHEDULED_WORK_JOB)) return;
  const slot = Math.floor(deps.clock.millis() / SCHEDULED_WORK_EVERY_MS) * SCHEDULED_WORK_EVERY_MS;
  const key = `${SCHEDULED_WORK_JOB}:${new Date(slot).toISOString()}`;
  await enqueueJob(deps.db.db, deps.clock, SCHEDULED_WORK_JOB, { slot: new Date(slot).toISOString() }, { idempotencyKey: key, maxAttempts: 1 });
}

export interface ScheduledWorkReport {
  staleImportsFailed: number;
  designationsExpired: number;
  monitoringReportsScheduled: number;
  reviewRemindersRaised: number;
  /** Daily e-mail digests queued (once the day's MAIL_DIGEST_HOUR_UTC has come; mail.service.ts). */
  mailDigestsQueued: number;
  /** Consultations' agencies reminded of the due date; overdue reviews, consultations and monitoring reports escalated, once each (escalations.ts). */
  escalations: EscalationReport;
  /** Export licenses: keepers reminded of an approaching end of validity (once per threshold), and licenses past it marked expired. */
  licenses: { reminded: number; expired: number };
  /** Proposals placed on compliance hold: a list or reference-data change can make a cell prohibited. */
  proposalsHeld: string[];
  /** Access-log entries older than ACCESS_LOG_RETENTION_DAYS, deleted. */
  accessLogPruned: number;
  /** Stored files no document refers to, left by an upload whose process stopped half-way, deleted after a day (documents/blob-store.ts). */
  orphanBlobsDeleted: number;
  /** Rate-limit windows that ended, deleted (src/server/http/rate-limit-store.ts). */
  rateLimitHitsPruned: number;
  /** Screening list sources due for a check: a refresh job queued for each (screening.sources.ts). */
  listSourcesQueued: string[];
  /** Lists whose staleness alert went out now (once per staleness episode). */
  listsStaleAlerted: string[];
  /** The audit checkpoint: written when the chain grew, refused (with the problem) when it does not verify. */
  auditCheckpoint: CheckpointReport;
}

export async function runScheduledWork(deps: Deps): Promise<ScheduledWorkReport> {
  return {
    staleImportsFailed: await expireStaleImports(deps),
    designationsExpired: await expireDesignations(deps),
    monitoringReportsScheduled: await scheduleMonitoringReports(deps),
    reviewRemindersRaised: await raiseReviewReminders(deps),
    escalations: await raiseEscalations(deps),
    licenses: await remindAndExpireLicenses(deps),
    proposalsHeld: await sweepHolds(deps),
    accessLogPruned: await pruneAccessLog(deps),
    rateLimitHitsPruned: await pruneRateLimitHits(deps),
    orphanBlobsDeleted: await deleteOrphanBlobs(deps),
    listSourcesQueued: await enqueueDueRefreshes(deps),
    listsStaleAlerted: await raiseStaleListAlerts(deps),
    // After every step that notifies, so that the day's notifications are in the digest.
    mailDigestsQueued: await sendDigests(deps),
    // Last, so that the checkpoint covers what the steps above recorded.
    auditCheckpoint: await writeAuditCheckpoint(deps),
  };
}
