// In-app notifications, written in the same transaction as the event they announce.
import { sql } from 'kysely';
import { addDays } from '../../lib/clock.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import type { Tx } from '../../lib/transaction.ts';

export async function notify(tx: Tx, userIds: readonly string[], kind: string, text: string, link: string | null) {
  if (userIds.length === 0) return;
  const at = tx.clock.nowIso();
  await tx.trx
    .insertInto('notifications')
    .values(userIds.map((user_id) => ({ id: newId(), user_id, kind, text, link, created_at: at, read_at: null })))
    .execute();
}

/** Users of the given roles (optionally of one agency), for addressing notifications. */
export async function usersWithRole(tx: Tx, role: string, agency?: string): Promise<string[]> {
  let q = tx.trx.selectFrom('users').innerJoin('organizations', 'organizations.id', 'users.org_id').select('users.id').where('users.disabled', '=', 0);
  // roles_json is a JSON array of strings; a quoted LIKE match is exact for role names.
  q = q.where('users.roles_json', 'like', `%"${role}"%`);
  if (agency) q = q.where('organizations.agency', '=', agency);
  return (await q.execute()).map((r) => r.id);
}

/** Reminders for review assignments due within this many days (or overdue) are raised once. */
const REMIND_DAYS_BEFORE_DUE = 3;

/**
 * Raises, once per assignment, a reminder to each reviewer whose review falls due within
 * REMIND_DAYS_BEFORE_DUE days or is overdue; the worker runs it on its schedule. Returns how many.
 */
export async function raiseReviewReminders(deps: Deps): Promise<number> {
  const horizon = addDays(deps.clock, REMIND_DAYS_BEFORE_DUE);
  const due = await deps.db.db
    .selectFrom('review_assignments')
    .select(['id', 'reviewer_id', 'due_at'])
    .where('status', '=', 'assigned')
    .where('coi', '!=', 'conflicted')
    .where('reminded_at', 'is', null)
    .where('due_at', '<=', horizon)
    .execute();
  if (due.length === 0) return 0;
  const now = deps.clock.nowIso();
  await deps.db.db.transaction().execute(async (trx) => {
    for (const a of due) {
      const overdue = a.due_at < now;
      await trx
        .insertInto('notifications')
        .values({
          id: newId(),
          user_id: a.reviewer_id,
          kind: overdue ? 'review_overdue' : 'review_due_soon',
          text: overdue ? `Your review is overdue (due ${a.due_at.slice(0, 10)})` : `Your review is due on ${a.due_at.slice(0, 10)}`,
          link: `/reviews/${a.id}`,
          created_at: now,
          read_at: null,
        })
        .execute();
      await trx.updateTable('review_assignments').set({ reminded_at: now }).where('id', '=', a.id).execute();
    }
  });
  return due.length;
}

export async function listNotifications(ctx: ServiceContext) {
  const rows = await ctx.db.db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', ctx.actor.userId)
    .orderBy(sql`read_at is null`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, text: r.text, link: r.link, createdAt: r.created_at, read: r.read_at !== null }));
}

export async function markNotificationsRead(ctx: ServiceContext, ids: string[]) {
  if (ids.length === 0) return;
  await ctx.db.db.updateTable('notifications').set({ read_at: ctx.clock.nowIso() }).where('user_id', '=', ctx.actor.userId).where('id', 'in', ids).execute();
}
