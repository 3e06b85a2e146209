// Queries of sessions and API keys (the auth module owns sessions and api_keys; users belong to the
// users module, read here only as the join that turns a session into an actor).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ApiKeysTable, Database, SessionsTable } from '../../db/schema.ts';
import { runPrepared } from '../../db/prepared.ts';
import { ACTOR_COLUMNS } from '../users/users.repository.ts';

// Kept for src/cli/commands/package.ts, which imports it from here: the query lives in the users module.


/** A live session with its user and organization, in one query (it runs on every request). */
export async function findSessionActor(db: Kysely<Database>, idHash: string, now: string) {
  const build = () =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('organizations', 'organizations.id', 'users.org_id')
      .select([...ACTOR_COLUMNS, 'sessions.csrf_token'])
      .where('sessions.id_hash', '=', idHash)
      .where('sessions.expires_at', '>', now);
  const [row] = await runPrepared(db, 'session-actor', build, [idHash, now]);
  return row;
}

export function findApiKey(db: Kysely<Database>, keyHash: string) {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function insertSession(trx: Transaction<Database>, row: Insertable<SessionsTable>): Promise<void> {
  await trx.insertInto('sessions').values(row).execute();
}

export async function deleteSession(trx: Transaction<Database>, idHash: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
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
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** Revokes the user's own key unless already revoked; false when there is no such live key. */
export async function revokeApiKeyOfUser(trx: Transaction<Database>, id: string, userId: string, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
