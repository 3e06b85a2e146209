import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { runPrepared } from '../../db/prepared.ts';

export function findProposal(db: Kysely<Database>, id: string) {
  return db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
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

export function findRevisions(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('proposal_revisions').selectAll().where('proposal_id', '=', proposalId).orderBy('revision').execute();
}

export function findEverSubmitted(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('proposal_revisions').select('revision').where('proposal_id', '=', proposalId).limit(1).executeTakeFirst();
}

export interface ProposalListFilter {
  consortiumIds?: string[];
  governmentVisibleOnly?: boolean;
  state?: string;
  after?: string;
  limit: number;
}

/** Proposals ordered by id for stable cursor pagination. */
export function listProposalRows(db: Kysely<Database>, f: ProposalListFilter) {
  let q = db
    .selectFrom('proposals')
    .innerJoin('consortia', 'consortia.id', 'proposals.consortium_id')
    .select([
      'proposals.id',
      'proposals.title',
      'proposals.state',
      'proposals.revision',
      'proposals.version',
      'proposals.submitted_at',
      'proposals.updated_at',
      'proposals.consortium_id',
      'consortia.name as consortiumName',
    ]);
  if (f.consortiumIds) q = q.where('proposals.consortium_id', 'in', f.consortiumIds.length ? f.consortiumIds : ['']);
  if (f.governmentVisibleOnly) q = q.where('proposals.submitted_at', 'is not', null);
  if (f.state) q = q.where('proposals.state', '=', f.state);
  if (f.after) q = q.where('proposals.id', '>', f.after);
  return q.orderBy('proposals.id').limit(f.limit + 1).execute();
}

export function findDesignationState(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('designated_packages').select(['state', 'designated_at']).where('proposal_id', '=', proposalId).executeTakeFirst();
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
