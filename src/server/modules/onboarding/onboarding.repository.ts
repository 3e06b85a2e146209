// Queries of the onboarding module's tables: organization_registrations, email_verification_tokens
// and password_reset_tokens. The queue joins organizations and users to read their names and the
// registration status (those tables are written by their owners only).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { Database, OrganizationRegistrationsTable } from '../../db/schema.ts';

export type TokenTable = 'email_verification_tokens' | 'password_reset_tokens';

export async function insertRegistration(trx: Transaction<Database>, row: Insertable<OrganizationRegistrationsTable>): Promise<void> {
  await trx.insertInto('organization_registrations').values(row).execute();
}

const REGISTRATION_COLUMNS = [
  'organization_registrations.org_id',
  'organization_registrations.registration_number',
  'organization_registrations.address',
  'organization_registrations.website',
  'organization_registrations.email_verified_at',
  'organization_registrations.decided_at',
  'organization_registrations.reason',
  'organization_registrations.created_at',
  'organization_registrations.version',
  'organizations.name',
  'organizations.country_of_incorporation',
  'organizations.principal_place_of_business',
  'organizations.owners_json',
  'organizations.ultimate_parent_json',
  'organizations.registration_status',
  'registrant.name as registrant_name',
  'registrant.email as registrant_email',
  'decider.name as decider_name',
] as const;

function registrationQuery(db: Kysely<Database>) {
  return db
    .selectFrom('organization_registrations')
    .innerJoin('organizations', 'organizations.id', 'organization_registrations.org_id')
    .innerJoin('users as registrant', 'registrant.id', 'organization_registrations.registered_by')
    .leftJoin('users as decider', 'decider.id', 'organization_registrations.decided_by')
    .select(REGISTRATION_COLUMNS);
}

export type RegistrationRow = NonNullable<Awaited<ReturnType<typeof findRegistration>>>;

/** Registrations in a status, oldest first (the queue works through them in order). */
export function findRegistrations(db: Kysely<Database>, status: string) {
  return registrationQuery(db).where('organizations.registration_status', '=', status).orderBy('organization_registrations.created_at').orderBy('organization_registrations.org_id').execute();
}

export function findRegistration(db: Kysely<Database>, orgId: string) {
  return registrationQuery(db).where('organization_registrations.org_id', '=', orgId).executeTakeFirst();
}

/** The registration's row, locked on PostgreSQL until the transaction ends (a decision re-checks it). */
export function findRegistrationForUpdate(trx: Transaction<Database>, dialect: Dialect, orgId: string) {
  return trx
    .selectFrom('organization_registrations')
    .select(['org_id', 'version', 'registered_by', 'decided_at'])
    .where('org_id', '=', orgId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Records the decision when the stored version is the expected one; false otherwise. */
export async function updateRegistrationDecision(trx: Transaction<Database>, orgId: string, expectedVersion: number, change: { decided_by: string; decided_at: string; reason: string | null }): Promise<boolean> {
  const res = await trx
    .updateTable('organization_registrations')
    .set({ ...change, version: expectedVersion + 1 })
    .where('org_id', '=', orgId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function markRegistrationVerified(trx: Transaction<Database>, registeredBy: string, at: string): Promise<string | null> {
  const row = await trx.selectFrom('organization_registrations').select('org_id').where('registered_by', '=', registeredBy).where('email_verified_at', 'is', null).executeTakeFirst();
  if (!row) return null;
  await trx.updateTable('organization_registrations').set({ email_verified_at: at }).where('org_id', '=', row.org_id).execute();
  return row.org_id;
}

// ── Single-use tokens ───────────────────────────────────────────────────────────────────

/** Ends the user's open tokens (a newer one supersedes them). */
export async function supersedeTokens(trx: Transaction<Database>, table: TokenTable, userId: string, at: string): Promise<void> {
  await trx.updateTable(table).set({ superseded_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).where('superseded_at', 'is', null).execute();
}

export async function insertToken(trx: Transaction<Database>, table: TokenTable, row: { id: string; user_id: string; token_hash: string; created_at: string; expires_at: string }): Promise<void> {
  await trx
    .insertInto(table)
    .values({ ...row, used_at: null, superseded_at: null })
    .execute();
}

/** How many tokens the user was sent since `since` (the per-address throttle). */
export async function countTokensSince(db: Kysely<Database>, table: TokenTable, userId: string, since: string): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('created_at', '>', since).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A token by its hash (the check made before a transaction re-checks it locked). */
export function findToken(db: Kysely<Database>, table: TokenTable, tokenHash: string) {
  return db.selectFrom(table).selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** A token by its hash, locked on PostgreSQL (it is used at most once). */
export function findTokenForUpdate(trx: Transaction<Database>, dialect: Dialect, table: TokenTable, tokenHash: string) {
  return trx
    .selectFrom(table)
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Marks a token used, if it still is unused; false when another request used it first. */
export async function markTokenUsed(trx: Transaction<Database>, table: TokenTable, id: string, at: string): Promise<boolean> {
  const res = await trx.updateTable(table).set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
