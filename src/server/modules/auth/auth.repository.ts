// Queries of sessions and API keys (the auth module owns sessions and api_keys; users belong to the
// users module, read here only as the join that turns a session into an actor).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { ApiKeysTable, Database, LoginThrottlesTable, SessionsTable } from '../../db/schema.ts';
import { runPrepared } from '../../db/prepared.ts';
import { ACTOR_COLUMNS } from '../users/users.repository.ts';

/** A live session with its user and organization, in one query (it runs on every request). */
export async function findSessionActor(db: Kysely<Database>, idHash: string, now: string) {
  const build = () =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('organizations', 'organizations.id', 'users.org_id')
      .select([...ACTOR_COLUMNS, 'sessions.csrf_token', 'sessions.mfa_state'])
      .where('sessions.id_hash', '=', idHash)
      .where('sessions.expires_at', '>', now);
  const [row] = await runPrepared(db, 'session-actor', build, [idHash, now]);
  return row;
}

/** A live key by its hash: not revoked and not expired at `now` (a key without an expiry is refused). */
export function findApiKey(db: Kysely<Database>, keyHash: string, now: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'user_id', 'scope', 'expires_at', 'last_used_at'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** A key by id, locked on PostgreSQL: a parent re-checked before its child is written. */
export function findApiKeyForUpdate(trx: Transaction<Database>, dialect: Dialect, id: string) {
  return trx
    .selectFrom('api_keys')
    .select(['id', 'user_id', 'scope', 'expires_at', 'revoked_at'])
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function insertSession(trx: Transaction<Database>, row: Insertable<SessionsTable>): Promise<void> {
  await trx.insertInto('sessions').values(row).execute();
}

export async function deleteSession(trx: Transaction<Database>, idHash: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Sets a session's MFA state (a pending session whose code was accepted becomes 'ok'); false when the session is gone. */
export async function updateSessionMfaState(trx: Transaction<Database>, idHash: string, state: 'ok' | 'challenge' | 'enroll'): Promise<boolean> {
  const res = await trx.updateTable('sessions').set({ mfa_state: state }).where('id_hash', '=', idHash).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Ends every session of a user (after an administrator reset the user's second factor). */
export async function deleteSessionsOfUser(trx: Transaction<Database>, userId: string): Promise<number> {
  const res = await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function insertApiKey(trx: Transaction<Database>, row: Insertable<ApiKeysTable>): Promise<void> {
  await trx.insertInto('api_keys').values(row).execute();
}

/** Records when a key was last used: one statement, atomic on its own, so no transaction around it. */
export async function touchApiKey(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** A user's keys, without their hashes, oldest first. */
export function findApiKeysOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'scope', 'expires_at', 'parent_id', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Every key of a user as a tree (id, parent, revoked), locked on PostgreSQL, to revoke one with its descendants. */
export function findApiKeyTreeOfUserForUpdate(trx: Transaction<Database>, dialect: Dialect, userId: string) {
  return trx
    .selectFrom('api_keys')
    .select(['id', 'parent_id', 'revoked_at'])
    .where('user_id', '=', userId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .execute();
}

/** Revokes these keys of the user that are not revoked yet; the number revoked. */
export async function revokeApiKeysOfUser(trx: Transaction<Database>, ids: string[], userId: string, at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await trx
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', 'in', ids)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

// ── Login throttles ────────────────────────────────────────────────────────────────────────

/** The counters of these keys (expired ones included: the caller tells them apart). */
export function findThrottles(db: Kysely<Database>, keys: string[]) {
  return db.selectFrom('login_throttles').selectAll().where('key', 'in', keys).execute();
}

/**
 * The counter of a key, created empty (already expired) when missing, and locked on PostgreSQL
 * until the transaction ends; callers lock keys in sorted order, so two failures never deadlock.
 */
export async function lockThrottle(trx: Transaction<Database>, dialect: Dialect, key: string, now: string) {
  await trx
    .insertInto('login_throttles')
    .values({ key, failures: 0, blocked_until: null, expires_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return trx
    .selectFrom('login_throttles')
    .selectAll()
    .where('key', '=', key)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirstOrThrow();
}

export async function saveThrottle(trx: Transaction<Database>, row: LoginThrottlesTable): Promise<void> {
  await trx.updateTable('login_throttles').set({ failures: row.failures, blocked_until: row.blocked_until, expires_at: row.expires_at }).where('key', '=', row.key).execute();
}

export async function deleteThrottle(trx: Transaction<Database>, key: string): Promise<void> {
  await trx.deleteFrom('login_throttles').where('key', '=', key).execute();
}

/**
 * Deletes up to `limit` forgotten counters. On PostgreSQL rows another login holds are skipped,
 * not waited for, so the clean-up never blocks nor deadlocks a concurrent failure.
 */
export async function deleteExpiredThrottles(trx: Transaction<Database>, dialect: Dialect, now: string, limit = 100): Promise<void> {
  await trx
    .deleteFrom('login_throttles')
    .where('key', 'in', (eb) =>
      eb
        .selectFrom('login_throttles')
        .select('key')
        .where('expires_at', '<=', now)
        .limit(limit)
        .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .execute();
}

/** Deletes the failed-login counters of one e-mail (by its hash): per account and per (account, source). */
export async function deleteThrottlesOfAccount(trx: Transaction<Database>, emailHash: string): Promise<void> {
  await trx
    .deleteFrom('login_throttles')
    .where((eb) => eb.or([eb('key', '=', `a:${emailHash}`), eb('key', 'like', `as:${emailHash}:%`)]))
    .execute();
}
