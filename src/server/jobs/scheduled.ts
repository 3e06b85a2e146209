// Time-based work: what falls due because the clock moved, not because someone acted. The worker
// runs it every SCHEDULED_WORK_EVERY_MS; tests call runScheduledWork(deps) after moving the clock.
// Every step is idempotent, and the steps that change a record's state (expiry, holds, scheduled
// reports) write audit events; reminders are notifications and a stale import is marked failed on
// its own row. The last step writes a signed checkpoint of the audit chain outside the database
// (docs/security.md#audit-trail). No GET handler writes "lazily" when something is read.
import type { Deps } from '../lib/context.ts';
import { writeAuditCheckpoint, type CheckpointReport } from '../modules/audit/audit.service.ts';
import { sweepHolds } from '../modules/compliance/compliance.service.ts';
import { expireDesignations } from '../modules/designation/designation.service.ts';
import { scheduleMonitoringReports } from '../modules/financing/financing.service.ts';
import { raiseReviewReminders } from '../modules/notifications/notifications.service.ts';
import { expireStaleImports } from '../modules/screening/screening.lists.ts';

export const SCHEDULED_WORK_EVERY_MS = 60_000;

export interface ScheduledWorkReport {
  staleImportsFailed: number;
  designationsExpired: number;
  monitoringReportsScheduled: number;
  reviewRemindersRaised: number;
  /** Proposals placed on compliance hold: a list or reference-data change can make a cell prohibited. */
  proposalsHeld: string[];
  /** The audit checkpoint: written when the chain grew, refused (with the problem) when it does not verify. */
  auditCheckpoint: CheckpointReport;
}

export async function runScheduledWork(deps: Deps): Promise<ScheduledWorkReport> {
  return {
    staleImportsFailed: await expireStaleImports(deps),
    designationsExpired: await expireDesignations(deps),
    monitoringReportsScheduled: await scheduleMonitoringReports(deps),
    reviewRemindersRaised: await raiseReviewReminders(deps),
    proposalsHeld: await sweepHolds(deps),
    // Last, so that the checkpoint covers what the steps above recorded.
    auditCheckpoint: await writeAuditCheckpoint(deps),
  };
}
