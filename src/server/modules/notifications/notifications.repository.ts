// Queries of in-app notifications (the notifications module owns the notifications table).
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database, NotificationsTable } from '../../db/schema.ts';

export async function insertNotifications(trx: Transaction<Database>, rows: Insertable<NotificationsTable>[]): Promise<void> {
  await trx.insertInto('notifications').values(rows).execute();
}

/** A user's latest 100 notifications, unread first, newest first. */
export function findNotificationsOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy(sql`read_at is null`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

/** Marks read those of `ids` that are the user's own. */
export async function markNotificationsOfUserRead(trx: Transaction<Database>, userId: string, ids: string[], at: string): Promise<void> {
  await trx.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('id', 'in', ids).execute();
}

/** Marks read the unread notifications of one kind and link addressed to any of these users. */
export async function markNotificationsOfKindRead(trx: Transaction<Database>, userIds: string[], kind: string, link: string, at: string): Promise<void> {
  if (userIds.length === 0) return;
  await trx
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', 'in', userIds)
    .where('kind', '=', kind)
    .where('link', '=', link)
    .where('read_at', 'is', null)
    .execute();
}
