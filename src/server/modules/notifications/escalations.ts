// Reminders and escalations the scheduled work raises because the clock moved: an agency is
// reminded that its consultation answer falls due; an overdue review or consultation is escalated
// to the program officers, an overdue monitoring report to the financing agencies of its deals and
// to the EDAG coordinators. Each is raised once per item (the item's reminded_at / escalated_at,
// set in the same transaction as the notification, only where still unset). An escalation is
// recorded in the audit trail as a system step; a reminder, like the reviewers' reminders, is a
// notification only.
import type { Deps } from '../../lib/context.ts';
import { addDays } from '../../lib/clock.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
// Through the owners' repositories, not their services: the review and financing services notify
// through this module (a cycle otherwise), as the reviewers' reminders do.
import {
  findAssignmentsToEscalate,
  findConsultationsToEscalate,
  findConsultationsToRemind,
  markAssignmentEscalated,
  markConsultationEscalated,
  markConsultationReminded,
} from '../review/review.repository.ts';
import { findDeals, findMonitoringReportsToEscalate, findRequestsOfDeals, markMonitoringReportEscalated } from '../financing/financing.repository.ts';
import { notify, usersWithRole } from './notifications.service.ts';

/** An agency is reminded of its consultation answer this many days before it falls due (or once it is overdue), like the reviewers. */
export const CONSULTATION_REMIND_DAYS_BEFORE_DUE = 3;

/** While the proposal is in one of these states its reviews and consultations are still awaited. */
const AWAITING_REVIEW_STATES: readonly string[] = ['eligibility_screening', 'under_review', 'compliance_hold'];

/** Financing requests in these states no longer engage their agency in the deal's monitoring. */
const DISENGAGED_REQUEST_STATES: readonly string[] = ['declined', 'withdrawn', 'expired'];

export interface EscalationReport {
  /** Consultations whose agency was reminded that its answer falls due (or is overdue). */
  consultationsReminded: number;
  /** Review assignments overdue by REVIEW_ESCALATION_DAYS, escalated to the program officers. */
  reviewsEscalated: number;
  /** Consultations overdue by CONSULTATION_ESCALATION_DAYS, escalated to the program officers. */
  consultationsEscalated: number;
  /** Monitoring reports overdue by MONITORING_ESCALATION_DAYS, escalated to the financing agencies and the EDAG coordinators. */
  monitoringReportsEscalated: number;
}

const day = (iso: string) => iso.slice(0, 10);
const agencyName = (agency: string) => agency.replaceAll('_', ' ');

/** The instant `days` days before now: an item due before it is overdue by more than `days` days. */
const daysAgo = (deps: Deps, days: number) => addDays(deps.clock, -days);

/** The whole scheduled step: reminders first, then the three escalations. */
export async function raiseEscalations(deps: Deps): Promise<EscalationReport> {
  return {
    consultationsReminded: await remindConsultations(deps),
    reviewsEscalated: await escalateReviews(deps),
    consultationsEscalated: await escalateConsultations(deps),
    monitoringReportsEscalated: await escalateMonitoringReports(deps),
  };
}

/**
 * Reminds, once per consultation, the interagency reviewers of the consulted agency whose answer
 * falls due within CONSULTATION_REMIND_DAYS_BEFORE_DUE days or is overdue. Returns how many.
 */
export async function remindConsultations(deps: Deps): Promise<number> {
  const due = await findConsultationsToRemind(deps.db.db, addDays(deps.clock, CONSULTATION_REMIND_DAYS_BEFORE_DUE), AWAITING_REVIEW_STATES);
  if (due.length === 0) return 0;
  let reminded = 0;
  await inTransaction(deps, async (tx) => {
    const now = tx.clock.nowIso();
    for (const c of due) {
      if (!(await markConsultationReminded(tx.trx, c.id, now))) continue;
      const text = c.due_at < now ? `Your agency’s consultation answer is overdue (due ${day(c.due_at)}).` : `Your agency’s consultation answer is due on ${day(c.due_at)}.`;
      await notify(tx, await usersWithRole(tx, 'interagency_reviewer', c.agency), 'consultation_due_soon', text, `/proposals/${c.proposal_id}`);
      reminded++;
    }
  });
  return reminded;
}

/**
 * Tells the program officers, once per assignment, of a review overdue by REVIEW_ESCALATION_DAYS
 * days (a reviewer who declared a conflict is replaced, not escalated). Returns how many.
 */
export async function escalateReviews(deps: Deps): Promise<number> {
  const days = deps.config.REVIEW_ESCALATION_DAYS;
  const overdue = await findAssignmentsToEscalate(deps.db.db, daysAgo(deps, days), AWAITING_REVIEW_STATES);
  if (overdue.length === 0) return 0;
  let escalated = 0;
  await inTransaction(deps, async (tx) => {
    const officers = await usersWithRole(tx, 'program_officer');
    for (const a of overdue) {
      if (!(await markAssignmentEscalated(tx.trx, a.id, tx.clock.nowIso()))) continue;
      await notify(tx, officers, 'review_escalated', `A review of “${a.title}” is overdue (due ${day(a.due_at)}); follow up with the reviewer or assign another.`, `/proposals/${a.proposal_id}`);
      await audit(tx, 'review.escalated', a.proposal_id, { assignmentId: a.id, dueAt: a.due_at, escalationDays: days });
      escalated++;
    }
  });
  return escalated;
}

/** Tells the program officers, once per consultation, of an answer overdue by CONSULTATION_ESCALATION_DAYS days. Returns how many. */
export async function escalateConsultations(deps: Deps): Promise<number> {
  const days = deps.config.CONSULTATION_ESCALATION_DAYS;
  const overdue = await findConsultationsToEscalate(deps.db.db, daysAgo(deps, days), AWAITING_REVIEW_STATES);
  if (overdue.length === 0) return 0;
  let escalated = 0;
  await inTransaction(deps, async (tx) => {
    const officers = await usersWithRole(tx, 'program_officer');
    for (const c of overdue) {
      if (!(await markConsultationEscalated(tx.trx, c.id, tx.clock.nowIso()))) continue;
      await notify(tx, officers, 'consultation_escalated', `The ${agencyName(c.agency)} consultation on “${c.title}” is overdue (due ${day(c.due_at)}).`, `/proposals/${c.proposal_id}`);
      await audit(tx, 'consultation.escalated', c.proposal_id, { consultationId: c.id, agency: c.agency, dueAt: c.due_at, escalationDays: days });
      escalated++;
    }
  });
  return escalated;
}

/**
 * Tells, once per report, the financing agencies engaged in the report's deal (for a report on the
 * whole package, in any of its deals) and the EDAG coordinators that a monitoring report is overdue
 * by MONITORING_ESCALATION_DAYS days. Financing officers read deals, not monitoring reports, so
 * their link is the deal; the EDAG coordinators' is the report. Returns how many.
 */
export async function escalateMonitoringReports(deps: Deps): Promise<number> {
  const days = deps.config.MONITORING_ESCALATION_DAYS;
  const overdue = await findMonitoringReportsToEscalate(deps.db.db, daysAgo(deps, days));
  if (overdue.length === 0) return 0;
  let escalated = 0;
  await inTransaction(deps, async (tx) => {
    const coordinators = await usersWithRole(tx, 'edag_coordinator');
    for (const r of overdue) {
      if (!(await markMonitoringReportEscalated(tx.trx, r.id, tx.clock.nowIso()))) continue;
      const text = `The ${r.period} monitoring report of “${r.title}” is overdue (due ${day(r.due_at)}).`;
      await notify(tx, coordinators, 'monitoring_report_overdue', text, `/monitoring/${r.id}`);
      for (const [agency, dealId] of await engagedAgencies(tx, r.proposal_id, r.deal_id)) {
        await notify(tx, await usersWithRole(tx, 'financing_officer', agency), 'monitoring_report_overdue', text, `/deals/${dealId}`);
      }
      await audit(tx, 'monitoring.escalated', r.proposal_id, { reportId: r.id, dealId: r.deal_id, period: r.period, dueAt: r.due_at, escalationDays: days });
      escalated++;
    }
  });
  return escalated;
}

/** The agencies with a live financing request on the deal (or on any deal of the package), each with a deal of theirs to link to. */
async function engagedAgencies(tx: Tx, proposalId: string, dealId: string | null): Promise<Map<string, string>> {
  const dealIds = dealId ? [dealId] : (await findDeals(tx.trx, { proposalIds: [proposalId] })).map((d) => d.id);
  const out = new Map<string, string>();
  for (const req of await findRequestsOfDeals(tx.trx, dealIds)) {
    if (!DISENGAGED_REQUEST_STATES.includes(req.state) && !out.has(req.agency)) out.set(req.agency, req.deal_id);
  }
  return out;
}

function audit(tx: Tx, action: string, proposalId: string, data: Record<string, unknown>) {
  return tx.audit({ actorId: null, action, entityType: 'proposal', entityId: proposalId, data: { ...data, system: true } });
}
