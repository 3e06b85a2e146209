// Queries of proposals, their submitted revisions and certifications (the proposals module owns
// proposals, proposal_revisions and certifications). package_json stays text here.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { CertificationsTable, Database, ProposalRevisionsTable, ProposalsTable } from '../../db/schema.ts';
import { runPrepared } from '../../db/prepared.ts';

export function findProposal(db: Kysely<Database>, id: string) {
  return db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The proposal's state, read inside a transaction and locked until it ends (`for update` on
 * PostgreSQL; SQLite has one writer at a time): a check made on it holds for the write that follows.
 */
export function findProposalForUpdate(trx: Transaction<Database>, dialect: Dialect, id: string) {
  return trx
    .selectFrom('proposals')
    .select(['id', 'state', 'version'])
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** A proposal with its consortium's own columns, in one query. */
export async function findProposalWithConsortium(db: Kysely<Database>, id: string) {
  const build = () =>
    db
      .selectFrom('proposals')
      .innerJoin('consortia', 'consortia.id', 'proposals.consortium_id')
      .selectAll('proposals')
      .select(['consortia.name as c_name', 'consortia.anchor_org_id as c_anchor_org_id', 'consortia.version as c_version', 'consortia.created_at as c_created_at'])
      .where('proposals.id', '=', id);
  const [row] = await runPrepared(db, 'proposal-with-consortium', build, [id]);
  return row;
}

export function findCertifications(db: Kysely<Database>, proposalId: string) {
  const build = () =>
    db
      .selectFrom('certifications')
      .innerJoin('users', 'users.id', 'certifications.certified_by')
      .select(['certifications.org_id', 'certifications.kind', 'certifications.certified_at', 'users.name as certifiedByName'])
      .where('certifications.proposal_id', '=', proposalId);
  return runPrepared(db, 'certifications', build, [proposalId]);
}

/** The kinds one organization has certified on a proposal, read in the caller's transaction. */
export async function findCertifiedKindsOfOrg(trx: Transaction<Database>, proposalId: string, orgId: string): Promise<string[]> {
  const rows = await trx.selectFrom('certifications').select('kind').where('proposal_id', '=', proposalId).where('org_id', '=', orgId).execute();
  return rows.map((r) => r.kind);
}

export function findRevisions(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('proposal_revisions').selectAll().where('proposal_id', '=', proposalId).orderBy('revision').execute();
}

/** The last submitted revision of a proposal, or undefined before its first submission. */
export function findLatestRevision(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('proposal_revisions').selectAll().where('proposal_id', '=', proposalId).orderBy('revision', 'desc').limit(1).executeTakeFirst();
}

/** Number and title of every submitted revision of these proposals (to find each one's last). */
export function findRevisionHeads(db: Kysely<Database>, proposalIds: readonly string[]) {
  if (proposalIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('proposal_revisions').select(['proposal_id', 'revision', 'title']).where('proposal_id', 'in', [...proposalIds]).orderBy('revision').execute();
}

export interface ProposalListFilter {
  consortiumIds?: string[];
  governmentVisibleOnly?: boolean;
  state?: string;
  after?: string;
  limit: number;
}

/** The columns of a proposal as lists show it (joined with its consortium): this listing's and the queue's. */
export const PROPOSAL_LIST_COLUMNS = [
  'proposals.id',
  'proposals.title',
  'proposals.state',
  'proposals.revision',
  'proposals.version',
  'proposals.submitted_at',
  'proposals.updated_at',
  'proposals.consortium_id',
  'consortia.name as consortiumName',
] as const;

/** Proposals ordered by id for stable cursor pagination. */
export function listProposalRows(db: Kysely<Database>, f: ProposalListFilter) {
  let q = db.selectFrom('proposals').innerJoin('consortia', 'consortia.id', 'proposals.consortium_id').select(PROPOSAL_LIST_COLUMNS);
  if (f.consortiumIds) q = q.where('proposals.consortium_id', 'in', f.consortiumIds.length ? f.consortiumIds : ['']);
  if (f.governmentVisibleOnly) q = q.where('proposals.submitted_at', 'is not', null);
  if (f.state) q = q.where('proposals.state', '=', f.state);
  if (f.after) q = q.where('proposals.id', '>', f.after);
  return q.orderBy('proposals.id').limit(f.limit + 1).execute();
}

/** Moves a proposal to a new state when it still has the expected state and version; false otherwise. */
export async function setProposalState(trx: Transaction<Database>, id: string, expectedVersion: number, expectedState: string, to: string, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('proposals')
    .set({ state: to, version: expectedVersion + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('state', '=', expectedState)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

// ---- reads for other modules -----------------------------------------------------------------

/** A proposal's title with its consortium's id and name. */
export function findProposalHeading(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('proposals')
    .innerJoin('consortia', 'consortia.id', 'proposals.consortium_id')
    .select(['proposals.id', 'proposals.title', 'consortia.id as consortiumId', 'consortia.name as consortiumName'])
    .where('proposals.id', '=', id)
    .executeTakeFirstOrThrow();
}

/** What the compliance matrix needs of a proposal when the system evaluates it. */
export function findProposalForCompliance(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('proposals')
    .select(['id', 'consortium_id', 'state', 'version', 'package_json', 'title'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findProposalIdsInStates(db: Kysely<Database>, states: readonly string[]): Promise<string[]> {
  if (!states.length) return [];
  const rows = await db.selectFrom('proposals').select('id').where('state', 'in', [...states]).execute();
  return rows.map((r) => r.id);
}

/** Proposals whose consortium the organization is an active member of. */
export function findProposalIdsOfOrg(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('proposals')
    .innerJoin('consortium_members', 'consortium_members.consortium_id', 'proposals.consortium_id')
    .select('proposals.id')
    .where('consortium_members.org_id', '=', orgId)
    .where('consortium_members.status', '=', 'active')
    .execute();
}

/** A consortium's proposals still open to certification (in one of `states`), in the caller's transaction. */
export function findProposalsOfConsortiumInStates(trx: Transaction<Database>, consortiumId: string, states: readonly string[]) {
  return trx.selectFrom('proposals').select(['id', 'title']).where('consortium_id', '=', consortiumId).where('state', 'in', [...states]).execute();
}

/** Active member organizations of the consortium a proposal belongs to. */
export async function findActiveMemberOrgIdsOfProposal(db: Kysely<Database>, proposalId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('proposals')
    .innerJoin('consortium_members', 'consortium_members.consortium_id', 'proposals.consortium_id')
    .select('consortium_members.org_id')
    .where('proposals.id', '=', proposalId)
    .where('consortium_members.status', '=', 'active')
    .execute();
  return rows.map((r) => r.org_id);
}

/** Every proposal's package (as text), by id. */
export function findAllProposalPackages(db: Kysely<Database>) {
  return db.selectFrom('proposals').select(['id', 'consortium_id', 'package_json']).orderBy('id').execute();
}

/** State and submission time of every proposal ever submitted. */
export function findSubmittedProposalStates(db: Kysely<Database>) {
  return db.selectFrom('proposals').select(['state', 'submitted_at']).where('submitted_at', 'is not', null).execute();
}

// ---- writes ------------------------------------------------------------------------------------

export async function insertProposal(trx: Transaction<Database>, row: Insertable<ProposalsTable>): Promise<void> {
  await trx.insertInto('proposals').values(row).execute();
}

/** Changes title, summary and package of an editable proposal at the expected version; false otherwise. */
export async function updateProposalContent(
  trx: Transaction<Database>,
  id: string,
  expectedVersion: number,
  content: { title: string; summary: string; package_json: string },
  at: string,
): Promise<boolean> {
  const res = await trx
    .updateTable('proposals')
    .set({ title: content.title, summary: content.summary, package_json: content.package_json, version: expectedVersion + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('state', 'in', ['draft', 'returned_for_information'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Moves a proposal to submitted at the expected version, keeping its first submission time; false otherwise. */
export async function markProposalSubmitted(trx: Transaction<Database>, id: string, expectedVersion: number, submittedAt: string, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('proposals')
    .set({ state: 'submitted', version: expectedVersion + 1, submitted_at: submittedAt, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Moves a proposal to a state (and revision) at the expected version, whatever its state; false otherwise. */
export async function moveProposal(trx: Transaction<Database>, id: string, expectedVersion: number, to: string, revision: number, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('proposals')
    .set({ state: to, version: expectedVersion + 1, revision, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Replaces the package as a new revision at the expected version; false otherwise. */
export async function replaceProposalPackage(trx: Transaction<Database>, id: string, expectedVersion: number, packageJson: string, revision: number, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('proposals')
    .set({ package_json: packageJson, version: expectedVersion + 1, revision, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function insertRevision(trx: Transaction<Database>, row: Insertable<ProposalRevisionsTable>): Promise<void> {
  await trx.insertInto('proposal_revisions').values(row).execute();
}

export async function insertCertifications(trx: Transaction<Database>, rows: Insertable<CertificationsTable>[]): Promise<void> {
  await trx.insertInto('certifications').values(rows).execute();
}

/** Whether any proposal exists (the demo data go only into a database without one). */
export async function hasAnyProposal(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('proposals').select('id').limit(1).executeTakeFirst()) !== undefined;
}
