// Queries of the buyer's side: the buyers module owns buyer_requirements, package_follows,
// buyer_interests and buyer_interest_events. The catalog's anonymous registrations and the program
// office's list of every registration go through insertInterest and findBuyerInterests (exported for
// the catalog module, whose service the buyers service uses). Proposal titles and user e-mails are
// joined for display.
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { BuyerInterestEventsTable, BuyerInterestsTable, BuyerRequirementsTable, Database } from '../../db/schema.ts';

export type RequirementRow = Selectable<BuyerRequirementsTable>;

// ── Requirements ─────────────────────────────────────────────────────────────────────────

/** The organization's live (not archived) requirements, oldest first. */
export function findRequirementsOfOrg(db: Kysely<Database>, orgId: string) {
  return db.selectFrom('buyer_requirements').selectAll().where('org_id', '=', orgId).where('archived_at', 'is', null).orderBy('created_at').orderBy('id').execute();
}

/** One live requirement of the organization, or undefined. */
export function findRequirementOfOrg(db: Kysely<Database>, orgId: string, id: string) {
  return db.selectFrom('buyer_requirements').selectAll().where('id', '=', id).where('org_id', '=', orgId).where('archived_at', 'is', null).executeTakeFirst();
}

export async function insertRequirement(trx: Transaction<Database>, row: Insertable<BuyerRequirementsTable>): Promise<void> {
  await trx.insertInto('buyer_requirements').values(row).execute();
}

export type RequirementChanges = Omit<Insertable<BuyerRequirementsTable>, 'id' | 'org_id' | 'created_by' | 'created_at' | 'updated_at' | 'archived_at' | 'version'>;

/** Applies the changes when the live requirement is at the expected version; false otherwise. */
export async function updateRequirementRow(trx: Transaction<Database>, orgId: string, id: string, expectedVersion: number, changes: RequirementChanges, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('buyer_requirements')
    .set({ ...changes, updated_at: at, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Archives the live requirement; false when there is none. */
export async function archiveRequirementRow(trx: Transaction<Database>, orgId: string, id: string, at: string, version: number): Promise<boolean> {
  const res = await trx
    .updateTable('buyer_requirements')
    .set({ archived_at: at, updated_at: at, version: version + 1 })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ── Follows ──────────────────────────────────────────────────────────────────────────────

export function findFollowsOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('package_follows as f')
    .innerJoin('proposals as p', 'p.id', 'f.proposal_id')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['f.proposal_id', 'f.created_at', 'p.title', 'u.locale'])
    .where('f.user_id', '=', userId)
    .orderBy('f.created_at', 'desc')
    .orderBy('f.proposal_id')
    .execute();
}

/** Follows the package; false when the user already follows it. */
export async function insertFollowIfNew(trx: Transaction<Database>, row: { user_id: string; proposal_id: string; created_at: string }): Promise<boolean> {
  const res = await trx.insertInto('package_follows').values(row).onConflict((oc) => oc.columns(['user_id', 'proposal_id']).doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Stops following; false when the user did not follow it. */
export async function deleteFollow(trx: Transaction<Database>, userId: string, proposalId: string): Promise<boolean> {
  const res = await trx.deleteFrom('package_follows').where('user_id', '=', userId).where('proposal_id', '=', proposalId).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

// ── Interest records ─────────────────────────────────────────────────────────────────────

export async function insertInterest(trx: Transaction<Database>, row: Insertable<BuyerInterestsTable>): Promise<void> {
  await trx.insertInto('buyer_interests').values(row).execute();
}

export async function insertInterestEvent(trx: Transaction<Database>, row: Insertable<BuyerInterestEventsTable>): Promise<void> {
  await trx.insertInto('buyer_interest_events').values(row).execute();
}

const interestColumns = [
  'i.id',
  'i.proposal_id',
  'i.requirement_id',
  'i.status',
  'i.consent_to_share',
  'i.message',
  'i.created_at',
  'i.updated_at',
  'i.version',
  'i.org_id',
  'i.buyer_name',
  'i.buyer_kind',
  'i.country',
  'i.contact_email',
  'p.title',
] as const;

/** The organization's interest records, newest first. */
export function findInterestsOfOrg(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('buyer_interests as i')
    .innerJoin('proposals as p', 'p.id', 'i.proposal_id')
    .select(interestColumns)
    .where('i.org_id', '=', orgId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute();
}

/** One interest record (any registrant), or undefined. */
export function findInterest(db: Kysely<Database>, id: string) {
  return db.selectFrom('buyer_interests as i').innerJoin('proposals as p', 'p.id', 'i.proposal_id').select(interestColumns).where('i.id', '=', id).executeTakeFirst();
}

/** The interest record locked until the transaction ends (`for update` on PostgreSQL). */
export function findInterestForUpdate(trx: Transaction<Database>, dialect: Dialect, id: string) {
  return trx
    .selectFrom('buyer_interests')
    .select(['id', 'version', 'status', 'org_id', 'proposal_id'])
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Interest records in one package, newest first. */
export function findInterestsOfProposal(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom('buyer_interests as i')
    .innerJoin('proposals as p', 'p.id', 'i.proposal_id')
    .select(interestColumns)
    .where('i.proposal_id', '=', proposalId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute();
}

export function findInterestEvents(db: Kysely<Database>, interestId: string) {
  return db.selectFrom('buyer_interest_events').select(['at', 'status', 'note']).where('interest_id', '=', interestId).orderBy('at').orderBy('id').execute();
}

/** Moves the record to `status` when it is at the expected version; false otherwise. */
export async function updateInterestStatus(trx: Transaction<Database>, id: string, expectedVersion: number, status: string, at: string): Promise<boolean> {
  const res = await trx.updateTable('buyer_interests').set({ status, updated_at: at, version: expectedVersion + 1 }).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ── For buyers.read.ts (matching and demand) ─────────────────────────────────────────────

/** Live requirements (of one organization, or all) with their buyer organization's name, country and kind, oldest first. */
export function findLiveRequirementsWithBuyer(db: Kysely<Database>, orgId?: string) {
  let q = db
    .selectFrom('buyer_requirements as r')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .select(['r.id', 'r.org_id', 'r.title', 'r.country', 'r.sector', 'r.layers_json', 'r.deployments_json', 'r.data_residency', 'r.model_licensing', 'r.languages_json', 'r.budget_min_usd', 'r.budget_max_usd', 'r.timeline', 'r.financing_json', 'r.share_with_consortia', 'o.name as org_name', 'o.country_of_incorporation as org_country', 'o.buyer_kind'])
    .where('r.archived_at', 'is', null);
  if (orgId) q = q.where('r.org_id', '=', orgId);
  return q.orderBy('r.created_at').orderBy('r.id').execute();
}

/** The country (and buyer organization, if any) of every interest record in a package. */
export function findInterestCountriesOfProposal(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('buyer_interests').select(['country', 'org_id']).where('proposal_id', '=', proposalId).execute();
}

/** The buyer organizations (id and country) of the users following a package. */
export function findBuyerFollowersOfProposal(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom('package_follows as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .innerJoin('organizations as o', 'o.id', 'u.org_id')
    .select(['o.id as org_id', 'o.country_of_incorporation as country'])
    .where('f.proposal_id', '=', proposalId)
    .where('o.kind', '=', 'buyer')
    .execute();
}

/** Every buyer interest with the title of the proposal it is about, newest first (for the catalog module). */
export function findBuyerInterests(db: Kysely<Database>) {
  return db
    .selectFrom('buyer_interests')
    .innerJoin('proposals', 'proposals.id', 'buyer_interests.proposal_id')
    // The language of the buyer user who registered it from the workspace (null for an anonymous registration).
    .leftJoin('users', 'users.id', 'buyer_interests.user_id')
    .selectAll('buyer_interests')
    .select(['proposals.title', 'users.locale as language'])
    .orderBy('buyer_interests.created_at', 'desc')
    .execute();
}
