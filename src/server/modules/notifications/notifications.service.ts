// In-app notifications, written in the same transaction as the event they announce.
import { grantsOf, type Permission } from '../../../shared/access.ts';
import { ROLES } from '../../../shared/domain/roles.ts';
import type { NotificationKind } from '../../../shared/labels.ts';
import { addDays } from '../../lib/clock.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
// Through the review repository, not the review service: that service notifies through this one (a cycle otherwise).
import { findAssignmentsToRemind, findConflictsOfReviewer, markAssignmentReminded } from '../review/review.repository.ts';
import { mayDeclareConflicts } from '../review/review.policy.ts';
import { mailNotifications } from '../mail/mail.service.ts';
import { userIdsOfOrg, userIdsOfOrgsWithRole, userIdsWithRole } from '../users/users.service.ts';
import { findNotificationsOfUser, insertNotifications, markNotificationsOfKindRead, markNotificationsOfUserRead } from './notifications.repository.ts';

export async function notify(tx: Tx, userIds: readonly string[], kind: NotificationKind, text: string, link: string | null) {
  if (userIds.length === 0) return;
  const at = tx.clock.nowIso();
  const rows = userIds.map((user_id) => ({ id: newId(), user_id, kind, text, link, created_at: at, read_at: null }));
  await insertNotifications(tx.trx, rows);
  // And by e-mail, as each recipient chose for the kind (the e-mail never carries `text`).
  await mailNotifications(
    tx,
    rows.map((r) => ({ id: r.id, userId: r.user_id, kind, link, createdAt: at })),
  );
}

/**
 * A request to an organization has been answered (its certifications made, its invitation accepted
 * or declined): the notifications that asked any of its users for it are marked read, so they no
 * longer wait in the bell's unread count for a colleague who did not act himself.
 */
export async function settleRequest(tx: Tx, orgId: string, kind: NotificationKind, link: string): Promise<void> {
  await markNotificationsOfKindRead(tx.trx, await userIdsOfOrg(tx, orgId), kind, link, tx.clock.nowIso());
}

/** Users of the given roles (optionally of one agency), for addressing notifications. */
export function usersWithRole(tx: Tx, role: string, agency?: string): Promise<string[]> {
  return userIdsWithRole(tx, role, agency);
}

/**
 * Users of these organizations whose roles may take the step (with whatever relation the step
 * needs: the caller knows the thing), once each — those a hand-off asks to act.
 */
export async function usersOfOrgsWhoMay(tx: Tx, orgIds: readonly string[], permission: Permission): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const ids = new Set<string>();
  for (const role of ROLES.filter((r) => grantsOf(r, permission).length > 0)) {
    for (const id of await userIdsOfOrgsWithRole(tx, [...orgIds], role)) ids.add(id);
  }
  return [...ids];
}

/** Reminders for review assignments due within this many days (or overdue) are raised once. */
const REMIND_DAYS_BEFORE_DUE = 3;

/**
 * Raises, once per assignment, a reminder to each reviewer whose review falls due within
 * REMIND_DAYS_BEFORE_DUE days or is overdue; the worker runs it on its schedule. Returns how many.
 */
export async function raiseReviewReminders(deps: Deps): Promise<number> {
  const horizon = addDays(deps.clock, REMIND_DAYS_BEFORE_DUE);
  const due = await findAssignmentsToRemind(deps.db.db, horizon);
  if (due.length === 0) return 0;
  const now = deps.clock.nowIso();
  // One transaction for all reminders, without an audit event (see Known debts in docs/architecture.md).
  await inTransaction(deps, async (tx) => {
    for (const a of due) {
      const overdue = a.due_at < now;
      const kind = overdue ? 'review_overdue' : 'review_due_soon';
      const text = overdue ? `Your review is overdue (due ${a.due_at.slice(0, 10)})` : `Your review is due on ${a.due_at.slice(0, 10)}`;
      await notify(tx, [a.reviewer_id], kind, text, `/reviews/${a.id}`);
      await markAssignmentReminded(tx.trx, a.id, now);
    }
  });
  return due.length;
}

/**
 * The user's notifications. A reviewer who declared a conflict of interest no longer finds the
 * ones that lead to that proposal or to the assignment (they name its consortium).
 */
export async function listNotifications(ctx: ServiceContext) {
  const [all, conflicts] = await Promise.all([
    findNotificationsOfUser(ctx.db.db, ctx.actor.userId),
    mayDeclareConflicts(ctx.actor) ? findConflictsOfReviewer(ctx.db.db, ctx.actor.userId) : [],
  ]);
  const hidden = new Set(conflicts.flatMap((c) => [`/proposals/${c.proposalId}`, `/reviews/${c.assignmentId}`]));
  const rows = hidden.size ? all.filter((r) => !(r.link && hidden.has(r.link))) : all;
  return rows.map((r) => ({ id: r.id, kind: r.kind, text: r.text, link: r.link, createdAt: r.created_at, read: r.read_at !== null }));
}

export async function markNotificationsRead(ctx: ServiceContext, ids: string[]) {
  if (ids.length === 0) return;
  await inTransaction(ctx, (tx) => markNotificationsOfUserRead(tx.trx, ctx.actor.userId, ids, ctx.clock.nowIso()));
}
