// Queries of the users table (the users module owns it). Other modules read and write users
// through users.service.ts; roles_json stays text here and is parsed by the caller.
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, UsersTable } from '../../db/schema.ts';

export type UserRow = Selectable<UsersTable>;

export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** Only whether a user has this email (the email as stored: lower case). */
export function findUserIdByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** The columns an Actor is made of (a user with its organization); auth's session lookup selects them too. */
export const ACTOR_COLUMNS = [
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

/** Every user (or one) with the name and kind of their organization, by email. */
export function findUsersWithOrganization(db: Kysely<Database> | Transaction<Database>, id?: string) {
  const q = db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select(['users.id', 'users.email', 'users.name', 'users.roles_json', 'users.org_id', 'organizations.name as orgName', 'organizations.kind as orgKind', 'users.disabled', 'users.locked_until'])
    .orderBy('users.email');
  return (id === undefined ? q : q.where('users.id', '=', id)).execute();
}

/** Enabled users holding a role, with their agency, by name. */
export function findEnabledUsersWithRole(db: Kysely<Database>, role: string) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select(['users.id', 'users.name', 'users.email', 'organizations.agency', 'users.roles_json'])
    .where('users.disabled', '=', 0)
    .where('users.roles_json', 'like', `%"${role}"%`)
    .orderBy('users.name')
    .execute();
}

/** Ids of enabled users holding a role, optionally only those of one agency. */
export async function findEnabledUserIdsWithRole(db: Kysely<Database>, role: string, agency?: string): Promise<string[]> {
  let q = db.selectFrom('users').innerJoin('organizations', 'organizations.id', 'users.org_id').select('users.id').where('users.disabled', '=', 0);
  // roles_json is a JSON array of strings; a quoted LIKE match is exact for role names.
  q = q.where('users.roles_json', 'like', `%"${role}"%`);
  if (agency) q = q.where('organizations.agency', '=', agency);
  return (await q.execute()).map((r) => r.id);
}

/** Ids of enabled users of these organizations holding a role. */
export async function findEnabledUserIdsOfOrgsWithRole(db: Kysely<Database>, orgIds: string[], role: string): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', 'in', orgIds)
    .where('disabled', '=', 0)
    .where('roles_json', 'like', `%"${role}"%`)
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of every user of an organization (enabled or not). */
export async function findUserIdsOfOrg(db: Kysely<Database>, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('org_id', '=', orgId).execute();
  return rows.map((r) => r.id);
}

/** Users by id, with their roles (ids that do not exist are left out). */
export function findUsersWithRoles(db: Kysely<Database>, ids: string[]) {
  return db.selectFrom('users').select(['id', 'name', 'roles_json']).where('id', 'in', ids).execute();
}

/** The e-mail addresses of users by id and whether each is disabled (the mail module's recipients); `ids` must not be empty. */
export function findUserEmails(db: Kysely<Database>, ids: string[]) {
  return db.selectFrom('users').select(['id', 'email', 'disabled']).where('id', 'in', ids).execute();
}

/** The names and organizations of users by id; `ids` must not be empty. */
export function findUserNames(db: Kysely<Database>, ids: string[]) {
  return db.selectFrom('users').select(['id', 'name', 'org_id']).where('id', 'in', ids).execute();
}

export async function insertUser(trx: Transaction<Database>, row: Insertable<UsersTable>): Promise<void> {
  await trx.insertInto('users').values(row).execute();
}

/** Sets a user's roles and/or whether it is disabled. */
export async function updateUserAccess(trx: Transaction<Database>, id: string, change: { roles_json?: string; disabled?: number }): Promise<void> {
  await trx.updateTable('users').set(change).where('id', '=', id).execute();
}

/** Confirms a self-registered user's e-mail address (it may sign in from now on). */
export async function updateUserEmailVerified(trx: Transaction<Database>, id: string): Promise<void> {
  await trx.updateTable('users').set({ email_verification_pending: 0 }).where('id', '=', id).execute();
}

/** Sets a new password hash and clears the user's lockout. */
export async function updateUserPassword(trx: Transaction<Database>, id: string, passwordHash: string): Promise<void> {
  await trx.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}
