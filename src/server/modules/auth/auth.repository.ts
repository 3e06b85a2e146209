import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { runPrepared } from '../../db/prepared.ts';

export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

const ACTOR_COLUMNS = [
  'users.id as userId',
  'users.email',
  'users.name',
  'users.roles_json',
  'users.disabled',
  'users.org_id as orgId',
  'organizations.kind as orgKind',
  'organizations.agency',
  'organizations.name as orgName',
] as const;

/** The user behind a session or API key, joined with the organization facts policies need. */
export function findActorRow(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select(ACTOR_COLUMNS)
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

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
