// Who may do what in party screening.
import { ALERT_ACTIONS, type AlertAction } from '../../../shared/contracts/screening.ts';
// The roles come from the permission model (src/shared/access.ts, 'screening.*' and 'lists.manage').
import { can } from '../../../shared/access.ts';
import type { Actor } from '../../lib/context.ts';

/** Search and batch screening: compliance and program officers, screening analysts, admins; auditors read. */
export const canScreen = (a: Actor) => can(a, 'screening.search');

/** Lists and versions are read by whoever may screen; only admins import and activate. */
export const canReadLists = canScreen;
export const canManageLists = (a: Actor) => can(a, 'lists.manage');
/** Every batch job, not only one's own (admins). */
export const seesAllJobs = (a: Actor) => can(a, 'screening.jobs.read_all');

/**
 * Every alert: the program office (its officers and screening analysts), admins and auditors —
 * except those about the parties of a proposal never submitted (the repository leaves them out).
 */
export const seesAllAlerts = (a: Actor) => can(a, 'screening.alerts.read_all');
/** A company's compliance officers see the alerts about their company and its proposals' parties. */
export const seesOwnCompanyAlerts = (a: Actor) => a.orgKind === 'company' && can(a, 'screening.alerts.read_company');

// ── Dispositions: separation of duties ──────────────────────────────────────────────────────
// Raising a hit's effect (confirming it) is open to everyone who sees the alert and is not a
// read-only role. Lowering it (clearing it as a false positive) is the program office's screening
// staff's alone — never a company user's, whatever its role, and not an admin's: admins import the
// lists and create the users, and may be users of any organization. A confirmed prohibited match is
// cleared by two different members of that staff (one proposes, another approves). The consortium
// contests an alert about its own party instead of clearing it.

/** Confirm a hit (raise its effect): compliance officers (of the alerts they see), the program office's staff, admins. */
export const canConfirmAlerts = (a: Actor) => can(a, 'screening.confirm');

/** Clear a hit (lower its effect), propose or decide a clearance: the program office's screening staff, users of an agency only. */
export const canClearAlerts = (a: Actor) => a.orgKind === 'agency' && can(a, 'screening.clear');

/** Contest an alert about the company's own party (or its proposal's): the company's compliance officers. */
export const canContestAlerts = (a: Actor) => a.orgKind === 'company' && can(a, 'screening.contest');


/** What the rules need to know of an alert. */
export interface AlertFacts {
  status: string; // open | false_positive | confirmed
  effect: string; // prohibited | license_required | red_flag | check
  /** A contest of the consortium not yet answered by a decision. */
  contestOpen: boolean;
  /** A proposed clearance awaiting its second approval, and who proposed it. */
  clearancePendingBy: string | null;
}

/** A confirmed prohibited match is cleared by two people: a proposal, then another's approval. */
export const needsFourEyes = (f: Pick<AlertFacts, 'status' | 'effect'>) => f.status === 'confirmed' && f.effect === 'prohibited';

/** The role part of an action: whether the actor's roles and organization allow it at all. */
export function roleAllows(a: Actor, action: AlertAction): boolean {
  switch (action) {
    case 'confirm':
      return canConfirmAlerts(a);
    case 'clear':
    case 'propose_clearance':
    case 'approve_clearance':
    case 'reject_clearance':
      return canClearAlerts(a);
    case 'contest':
      return canContestAlerts(a);
  }
}

/**
 * The state part: whether the alert's state allows the action. Confirming a confirmed alert is
 * allowed only to answer an open contest (the decision keeps the hit); while a clearance awaits
 * its second approval, only approving or rejecting it changes the disposition.
 */
export function stateAllows(action: AlertAction, f: AlertFacts): boolean {
  const pending = f.clearancePendingBy !== null;
  switch (action) {
    case 'confirm':
      return !pending && (f.status !== 'confirmed' || f.contestOpen);
    case 'clear':
      return !pending && f.status !== 'false_positive' && !needsFourEyes(f);
    case 'propose_clearance':
      return !pending && needsFourEyes(f);
    case 'approve_clearance':
    case 'reject_clearance':
      return pending;
    case 'contest':
      return f.status !== 'false_positive' && !f.contestOpen;
  }
}

/**
 * The person part, for an actor whose roles allow the action: a clearance is approved by someone
 * other than its proposer, and an open contest is answered by the program office's screening staff
 * (a company user confirming the hit would decide its own company's contest). Null when allowed.
 */
export function personRefusal(a: Actor, action: AlertAction, f: AlertFacts): 'SECOND_PERSON_REQUIRED' | 'CONTEST_DECIDED_BY_PROGRAM_OFFICE' | null {
  if (action === 'approve_clearance' && f.clearancePendingBy === a.userId) return 'SECOND_PERSON_REQUIRED';
  if (action === 'confirm' && f.contestOpen && !canClearAlerts(a)) return 'CONTEST_DECIDED_BY_PROGRAM_OFFICE';
  return null;
}

/** What this viewer may do to an alert it sees: the one source of the API's `allowedActions` and of the checks. */
export function alertActions(a: Actor, f: AlertFacts): AlertAction[] {
  return ALERT_ACTIONS.filter((x) => roleAllows(a, x) && stateAllows(x, f) && personRefusal(a, x, f) === null);
}
