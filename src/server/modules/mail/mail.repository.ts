// Queries of the e-mail outbox and the users' e-mail preferences (the mail module owns both tables).
// params_json stays text here and is parsed by the caller.
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, MailOutboxTable } from '../../db/schema.ts';

export type MailRow = Selectable<MailOutboxTable>;

export async function insertMail(trx: Transaction<Database>, row: Insertable<MailOutboxTable>): Promise<void> {
  await trx.insertInto('mail_outbox').values(row).execute();
}

export async function insertMails(trx: Transaction<Database>, rows: Insertable<MailOutboxTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('mail_outbox').values(rows).execute();
}

export function findMail(db: Kysely<Database>, id: string): Promise<MailRow | undefined> {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the next attempt at a pending e-mail: counts it, only when the row is still pending with
 * `attempts` attempts so far, so two jobs for the same e-mail never both send it. False: another
 * took it, or it is no longer pending.
 */
export async function claimMailAttempt(db: Kysely<Database>, id: string, attemptsSoFar: number): Promise<boolean> {
  const r = await db
    .updateTable('mail_outbox')
    .set({ attempts: attemptsSoFar + 1 })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', attemptsSoFar)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markMailSent(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: at, next_attempt_at: null, last_error: null }).where('id', '=', id).execute();
}

/** Records a failed attempt: the next attempt's time (still pending), or `failed` when none is left. */
export async function recordMailFailure(trx: Transaction<Database>, id: string, error: string, nextAttemptAt: string | null): Promise<void> {
  await trx
    .updateTable('mail_outbox')
    .set({ status: nextAttemptAt ? 'pending' : 'failed', last_error: error, next_attempt_at: nextAttemptAt })
    .where('id', '=', id)
    .execute();
}

export async function markMailSuppressed(db: Kysely<Database>, id: string, reason: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ status: 'suppressed', last_error: reason, next_attempt_at: null }).where('id', '=', id).where('status', 'in', ['pending', 'digest']).execute();
}

/** Starts a failed (or pending) e-mail afresh: pending, no attempt counted. False when it is in another state. */
export async function resetMailForRetry(trx: Transaction<Database>, id: string, at: string): Promise<boolean> {
  const r = await trx
    .updateTable('mail_outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'pending'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The outbox, newest first, of some statuses. */
export function findMails(db: Kysely<Database>, statuses: readonly string[], limit: number): Promise<MailRow[]> {
  return db.selectFrom('mail_outbox').selectAll().where('status', 'in', [...statuses]).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Pending e-mails whose attempt is due (or that never had one scheduled), oldest first. */
export function findDuePendingMails(db: Kysely<Database>, at: string, limit: number): Promise<MailRow[]> {
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)]))
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** E-mails waiting for a digest, created before `before`, by user and time. */
export function findDigestRows(db: Kysely<Database>, before: string): Promise<MailRow[]> {
  return db.selectFrom('mail_outbox').selectAll().where('status', '=', 'digest').where('created_at', '<', before).orderBy('user_id').orderBy('created_at').execute();
}

/** Marks the rows a digest e-mail carries (only those still waiting); returns how many it took. */
export async function markDigestCollected(trx: Transaction<Database>, ids: string[], digestId: string, at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await trx
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: at, digest_id: digestId })
    .where('id', 'in', ids)
    .where('status', '=', 'digest')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function findPreferencesOfUser(db: Kysely<Database>, userId: string) {
  return db.selectFrom('mail_preferences').select(['kind', 'mode']).where('user_id', '=', userId).execute();
}

/** The users' choices for one kind (users without a row chose nothing: immediate). */
export function findModesForKind(db: Kysely<Database>, userIds: string[], kind: string) {
  return db.selectFrom('mail_preferences').select(['user_id', 'mode']).where('kind', '=', kind).where('user_id', 'in', userIds).execute();
}

export async function upsertPreferences(trx: Transaction<Database>, userId: string, items: { kind: string; mode: string }[], at: string): Promise<void> {
  if (items.length === 0) return;
  await trx
    .insertInto('mail_preferences')
    .values(items.map((i) => ({ user_id: userId, kind: i.kind, mode: i.mode, updated_at: at })))
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({ mode: eb.ref('excluded.mode'), updated_at: eb.ref('excluded.updated_at') })))
    .execute();
}
