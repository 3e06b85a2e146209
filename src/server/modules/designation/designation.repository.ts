// Queries of the designated packages' lifecycle (the designation module owns designated_packages
// and amendments; proposals and consortia are joined where a read needs their columns).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AmendmentsTable, Database, DesignatedPackagesTable } from '../../db/schema.ts';

/** States in which a package's term runs; at its end the package is expired. */
export const TERM_RUNNING_STATES = ['active', 'amendment_pending'] as const;

export function findDesignatedPackage(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('designated_packages').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
}

/** Packages whose term has ended (at or before `now`) but that are not yet recorded as expired. */
export function findTermsEnded(db: Kysely<Database>, now: string) {
  return db
    .selectFrom('designated_packages')
    .select(['proposal_id', 'version', 'state', 'expires_at'])
    .where('state', 'in', [...TERM_RUNNING_STATES])
    .where('expires_at', '<=', now)
    .execute();
}

/** Records the expiry when the package still has the expected version; false otherwise. */
export async function markExpired(trx: Transaction<Database>, proposalId: string, version: number, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('designated_packages')
    .set({ state: 'expired', version: version + 1, updated_at: at })
    .where('proposal_id', '=', proposalId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** A proposal's package state and designation time, if it was designated. */
export function findDesignationState(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('designated_packages').select(['state', 'designated_at']).where('proposal_id', '=', proposalId).executeTakeFirst();
}

/** Packages under monitoring: in force, waiting for an amendment, or suspended. */
export function findActiveDesignations(db: Kysely<Database>) {
  return db.selectFrom('designated_packages').select(['proposal_id', 'designated_at', 'state']).where('state', 'in', ['active', 'amendment_pending', 'suspended']).execute();
}

/** Packages in one of `states` whose term has not ended, with their proposal and consortium, newest first. */
export function findListedPackages(db: Kysely<Database>, states: readonly string[], now: string, proposalId?: string) {
  let q = db
    .selectFrom('designated_packages')
    .innerJoin('proposals', 'proposals.id', 'designated_packages.proposal_id')
    .innerJoin('consortia', 'consortia.id', 'proposals.consortium_id')
    .select([
      'proposals.id',
      'proposals.title',
      'proposals.package_json',
      'proposals.consortium_id',
      'consortia.name as consortiumName',
      'designated_packages.public_description',
      'designated_packages.sectors_json',
      'designated_packages.designated_at',
      'designated_packages.public_members_json',
    ])
    .where('designated_packages.state', 'in', [...states])
    .where('designated_packages.expires_at', '>', now);
  if (proposalId) q = q.where('proposals.id', '=', proposalId);
  return q.orderBy('designated_packages.designated_at', 'desc').execute();
}

/** Packages in force (active or waiting for an amendment) of a consortium's proposals, with title and package. */
export function findPackagesInForceOfConsortium(db: Kysely<Database>, consortiumId: string) {
  return db
    .selectFrom('designated_packages')
    .innerJoin('proposals', 'proposals.id', 'designated_packages.proposal_id')
    .select(['designated_packages.proposal_id as proposalId', 'designated_packages.state', 'designated_packages.version', 'proposals.title', 'proposals.package_json'])
    .where('proposals.consortium_id', '=', consortiumId)
    .where('designated_packages.state', 'in', [...TERM_RUNNING_STATES])
    .execute();
}

/** Packages in force (active or waiting for an amendment) of the consortia the organization is an active member of. */
export function findPackagesInForceOfMemberOrg(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('designated_packages')
    .innerJoin('proposals', 'proposals.id', 'designated_packages.proposal_id')
    .innerJoin('consortium_members', 'consortium_members.consortium_id', 'proposals.consortium_id')
    .select(['designated_packages.proposal_id as proposalId', 'designated_packages.state', 'designated_packages.version', 'proposals.title', 'proposals.package_json'])
    .where('consortium_members.org_id', '=', orgId)
    .where('consortium_members.status', '=', 'active')
    .where('designated_packages.state', 'in', [...TERM_RUNNING_STATES])
    .orderBy('designated_packages.proposal_id')
    .execute();
}

/** The active members of a designated package's consortium with their names and countries, as they are now, by name. */
export function findCurrentMembersOfPackage(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom('designated_packages')
    .innerJoin('proposals', 'proposals.id', 'designated_packages.proposal_id')
    .innerJoin('consortium_members', 'consortium_members.consortium_id', 'proposals.consortium_id')
    .innerJoin('organizations', 'organizations.id', 'consortium_members.org_id')
    .select(['organizations.id as orgId', 'organizations.name', 'organizations.country_of_incorporation as country'])
    .where('designated_packages.proposal_id', '=', proposalId)
    .where('consortium_members.status', '=', 'active')
    .orderBy('organizations.name')
    .execute();
}

/** The members' public facts as reviewed (JSON text), or null for none recorded. */
export async function findPublicMembers(db: Kysely<Database>, proposalId: string): Promise<string | null> {
  const row = await db.selectFrom('designated_packages').select('public_members_json').where('proposal_id', '=', proposalId).executeTakeFirst();
  return row?.public_members_json ?? null;
}

/** Records the members' public facts as reviewed (JSON text); the package's version is left alone. */
export async function setPublicMembers(trx: Transaction<Database>, proposalId: string, json: string): Promise<void> {
  await trx.updateTable('designated_packages').set({ public_members_json: json }).where('proposal_id', '=', proposalId).execute();
}

export async function insertDesignatedPackage(trx: Transaction<Database>, row: Insertable<DesignatedPackagesTable>): Promise<void> {
  await trx.insertInto('designated_packages').values(row).execute();
}

/** Moves a package to a state (with its reason, and a new end of term on renewal) at the expected version; false otherwise. */
export async function updatePackageState(
  trx: Transaction<Database>,
  proposalId: string,
  expectedVersion: number,
  to: string,
  reason: string | null,
  at: string,
  extra: { expires_at?: string } = {},
): Promise<boolean> {
  const res = await trx
    .updateTable('designated_packages')
    .set({ state: to, state_reason: reason, version: expectedVersion + 1, updated_at: at, ...extra })
    .where('proposal_id', '=', proposalId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

// ---- amendments ------------------------------------------------------------------------------

/** A package's amendments, newest first. */
export function findAmendments(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('amendments').selectAll().where('proposal_id', '=', proposalId).orderBy('requested_at', 'desc').execute();
}

export function findAmendment(db: Kysely<Database>, id: string, proposalId: string) {
  return db.selectFrom('amendments').selectAll().where('id', '=', id).where('proposal_id', '=', proposalId).executeTakeFirst();
}

/** Whether any amendment of the package still waits for a decision. */
export async function hasPendingAmendment(db: Kysely<Database>, proposalId: string): Promise<boolean> {
  const row = await db.selectFrom('amendments').select('id').where('proposal_id', '=', proposalId).where('status', '=', 'pending').executeTakeFirst();
  return row !== undefined;
}

export async function insertAmendment(trx: Transaction<Database>, row: Insertable<AmendmentsTable>): Promise<void> {
  await trx.insertInto('amendments').values(row).execute();
}

export async function recordAmendmentDecision(
  trx: Transaction<Database>,
  id: string,
  decision: { status: 'approved' | 'rejected'; decided_by: string; decided_at: string; decision_note: string },
): Promise<void> {
  await trx
    .updateTable('amendments')
    .set({ status: decision.status, decided_by: decision.decided_by, decided_at: decision.decided_at, decision_note: decision.decision_note })
    .where('id', '=', id)
    .execute();
}
