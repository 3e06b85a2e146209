import type { Kysely, Selectable } from 'kysely';
import type { Database, DealsTable, FinancingRequestsTable } from '../../db/schema.ts';

export type DealRow = Selectable<DealsTable>;
export type RequestRow = Selectable<FinancingRequestsTable>;

export function findDeal(db: Kysely<Database>, id: string) {
  return db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface DealFilter {
  proposalIds?: string[];
  agency?: string;
}

/** Deals, optionally only those of some proposals or those with a request to one agency. */
export function findDeals(db: Kysely<Database>, f: DealFilter) {
  let q = db.selectFrom('deals').innerJoin('proposals', 'proposals.id', 'deals.proposal_id').selectAll('deals').select('proposals.title as proposalTitle');
  if (f.proposalIds) q = q.where('deals.proposal_id', 'in', f.proposalIds.length ? f.proposalIds : ['']);
  if (f.agency) q = q.where('deals.id', 'in', db.selectFrom('financing_requests').select('deal_id').where('agency', '=', f.agency));
  return q.orderBy('deals.created_at').execute();
}

export function findRequestsOfDeals(db: Kysely<Database>, dealIds: string[], agency?: string) {
  if (dealIds.length === 0) return Promise.resolve([] as RequestRow[]);
  let q = db.selectFrom('financing_requests').selectAll().where('deal_id', 'in', dealIds);
  if (agency) q = q.where('agency', '=', agency);
  return q.orderBy('referred_at').execute();
}

export function findRequest(db: Kysely<Database>, id: string) {
  return db.selectFrom('financing_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAdvocacy(db: Kysely<Database>, dealId: string) {
  return db.selectFrom('advocacy_actions').selectAll().where('deal_id', '=', dealId).orderBy('occurred_on').execute();
}

export function findImportedRuleSets(db: Kysely<Database>) {
  return db.selectFrom('financing_rule_sets').selectAll().orderBy('effective_from').execute();
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

export function findMonitoringReports(db: Kysely<Database>, proposalIds?: string[]) {
  let q = db.selectFrom('monitoring_reports').selectAll();
  if (proposalIds) q = q.where('proposal_id', 'in', proposalIds.length ? proposalIds : ['']);
  return q.orderBy('due_at').execute();
}

export function findActiveDesignations(db: Kysely<Database>) {
  return db.selectFrom('designated_packages').select(['proposal_id', 'designated_at', 'state']).where('state', 'in', ['active', 'amendment_pending', 'suspended']).execute();
}
