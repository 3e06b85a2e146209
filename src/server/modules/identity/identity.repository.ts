// Queries of the identity module's tables: user_identities, user_invitations, oidc_login_states.
// Organizations and users are joined only for a name to show.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { Database, OidcLoginStatesTable, UserIdentitiesTable, UserInvitationsTable } from '../../db/schema.ts';

// ── Identities ──────────────────────────────────────────────────────────────────────────

/** The identity of a provider's subject, or undefined. */
export function findIdentity(db: Kysely<Database>, provider: string, subject: string) {
  return db.selectFrom('user_identities').select(['id', 'user_id', 'email']).where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
}

/** Whether the user already has an identity at this provider (another subject). */
export function findIdentityOfUser(db: Kysely<Database>, userId: string, provider: string) {
  return db.selectFrom('user_identities').select(['id', 'subject']).where('user_id', '=', userId).where('provider', '=', provider).executeTakeFirst();
}

export async function insertIdentity(trx: Transaction<Database>, row: Insertable<UserIdentitiesTable>): Promise<void> {
  await trx.insertInto('user_identities').values(row).execute();
}

export async function touchIdentity(trx: Transaction<Database>, id: string, at: string): Promise<void> {
  await trx.updateTable('user_identities').set({ last_login_at: at }).where('id', '=', id).execute();
}

// ── Invitations ─────────────────────────────────────────────────────────────────────────

const INVITATION_COLUMNS = [
  'user_invitations.id',
  'user_invitations.email',
  'user_invitations.org_id',
  'user_invitations.roles_json',
  'user_invitations.invited_by',
  'user_invitations.created_at',
  'user_invitations.expires_at',
  'user_invitations.accepted_at',
  'user_invitations.accepted_user_id',
  'user_invitations.revoked_at',
  'organizations.name as orgName',
  'organizations.kind as orgKind',
  'users.name as invitedByName',
] as const;

function invitationsWithNames(db: Kysely<Database> | Transaction<Database>) {
  return db
    .selectFrom('user_invitations')
    .innerJoin('organizations', 'organizations.id', 'user_invitations.org_id')
    .innerJoin('users', 'users.id', 'user_invitations.invited_by')
    .select(INVITATION_COLUMNS);
}

export type InvitationRow = Awaited<ReturnType<typeof findInvitation>> & object;

export function findInvitation(db: Kysely<Database>, id: string) {
  return invitationsWithNames(db).where('user_invitations.id', '=', id).executeTakeFirst();
}

export function findInvitationByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return invitationsWithNames(db).where('user_invitations.token_hash', '=', tokenHash).executeTakeFirst();
}

/** Invitations, newest first: of one organization, or every one. */
export function findInvitations(db: Kysely<Database>, orgId: string | null) {
  return invitationsWithNames(db)
    .$if(orgId !== null, (q) => q.where('user_invitations.org_id', '=', orgId!))
    .orderBy('user_invitations.created_at', 'desc')
    .orderBy('user_invitations.id')
    .execute();
}

/** The newest invitation of an e-mail (lower case) that is neither accepted, revoked nor expired at `now`. */
export function findOpenInvitationOfEmail(db: Kysely<Database> | Transaction<Database>, email: string, now: string) {
  return invitationsWithNames(db)
    .where('user_invitations.email', '=', email)
    .where('user_invitations.accepted_at', 'is', null)
    .where('user_invitations.revoked_at', 'is', null)
    .where('user_invitations.expires_at', '>', now)
    .orderBy('user_invitations.created_at', 'desc')
    .executeTakeFirst();
}

/** An invitation row again, locked on PostgreSQL: its openness is re-checked before it is spent. */
export function findInvitationForUpdate(trx: Transaction<Database>, dialect: Dialect, id: string) {
  return trx
    .selectFrom('user_invitations')
    .select(['id', 'email', 'org_id', 'roles_json', 'expires_at', 'accepted_at', 'revoked_at'])
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function insertInvitation(trx: Transaction<Database>, row: Insertable<UserInvitationsTable>): Promise<void> {
  await trx.insertInto('user_invitations').values(row).execute();
}

/** Marks an open invitation accepted; false when it was not open any more. */
export async function markInvitationAccepted(trx: Transaction<Database>, id: string, userId: string, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('user_invitations')
    .set({ accepted_at: at, accepted_user_id: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Revokes an invitation that is neither accepted nor revoked; false when it was not. */
export async function markInvitationRevoked(trx: Transaction<Database>, id: string, at: string): Promise<boolean> {
  const res = await trx.updateTable('user_invitations').set({ revoked_at: at }).where('id', '=', id).where('accepted_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ── Pending sign-ins ────────────────────────────────────────────────────────────────────

export async function insertLoginState(trx: Transaction<Database>, row: Insertable<OidcLoginStatesTable>): Promise<void> {
  await trx.insertInto('oidc_login_states').values(row).execute();
}

/** Deletes a pending sign-in and returns it: the one use of a state (undefined when unknown or already used). */
export function takeLoginState(trx: Transaction<Database>, stateHash: string) {
  return trx.deleteFrom('oidc_login_states').where('state_hash', '=', stateHash).returning(['provider', 'browser_hash', 'nonce', 'code_verifier', 'expires_at']).executeTakeFirst();
}

export async function deleteExpiredLoginStates(trx: Transaction<Database>, now: string): Promise<void> {
  await trx.deleteFrom('oidc_login_states').where('expires_at', '<=', now).execute();
}
