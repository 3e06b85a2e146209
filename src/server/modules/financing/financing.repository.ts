// Queries of deals and financing (the financing module owns deals, advocacy_actions,
// financing_requests, financing_rule_sets and monitoring_reports; proposals are joined for a
// deal's title). JSON columns stay text here.
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type {
  AdvocacyActionsTable,
  Database,
  DealsTable,
  FinancingRequestsTable,
  FinancingRuleSetsTable,
  MonitoringReportsTable,
} from '../../db/schema.ts';

export type DealRow = Selectable<DealsTable>;
export type RequestRow = Selectable<FinancingRequestsTable>;

export function findDeal(db: Kysely<Database>, id: string) {
  return db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The deal, read inside a transaction and locked until it ends (`for update` on PostgreSQL; SQLite
 * has one writer at a time): the stage computed from it holds for the write that follows.
 */
export function findDealForUpdate(trx: Transaction<Database>, dialect: Dialect, id: string) {
  return trx
    .selectFrom('deals')
    .selectAll()
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
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

/** The market and the competitors of every deal that records any (the market explorer's competition factor). */
export function findDealCompetitors(db: Kysely<Database>) {
  return db.selectFrom('deals').select(['country', 'competitors_json']).where('competitors_json', '<>', '[]').orderBy('id').execute();
}

export function findAdvocacyAction(db: Kysely<Database>, id: string) {
  return db.selectFrom('advocacy_actions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every monitoring report (the scheduler's bookkeeping). */
export function findMonitoringReports(db: Kysely<Database>) {
  return db.selectFrom('monitoring_reports').selectAll().orderBy('due_at').execute();
}

/** Unfiled monitoring reports due before `cutoff` and not escalated yet, with their package's title (the notifications module's escalation). */
export function findMonitoringReportsToEscalate(db: Kysely<Database>, cutoff: string) {
  return db
    .selectFrom('monitoring_reports')
    .innerJoin('proposals', 'proposals.id', 'monitoring_reports.proposal_id')
    .select(['monitoring_reports.id', 'monitoring_reports.proposal_id', 'monitoring_reports.deal_id', 'monitoring_reports.period', 'monitoring_reports.due_at', 'proposals.title'])
    .where('monitoring_reports.submitted_at', 'is', null)
    .where('monitoring_reports.escalated_at', 'is', null)
    .where('monitoring_reports.due_at', '<', cutoff)
    .orderBy('monitoring_reports.due_at')
    .execute();
}

/** Records the escalation, once: false when it was recorded already. */
export async function markMonitoringReportEscalated(trx: Transaction<Database>, id: string, at: string): Promise<boolean> {
  const res = await trx.updateTable('monitoring_reports').set({ escalated_at: at }).where('id', '=', id).where('escalated_at', 'is', null).where('submitted_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Monitoring reports with their package's title and their deal's buyer and country, optionally of some proposals only or one report. */
export function findMonitoringReportViews(db: Kysely<Database>, f: { proposalIds?: string[]; id?: string } = {}) {
  let q = db
    .selectFrom('monitoring_reports')
    .innerJoin('proposals', 'proposals.id', 'monitoring_reports.proposal_id')
    .leftJoin('deals', 'deals.id', 'monitoring_reports.deal_id')
    .selectAll('monitoring_reports')
    .select(['proposals.title as proposalTitle', 'deals.buyer_name as dealBuyerName', 'deals.country as dealCountry']);
  if (f.proposalIds) q = q.where('monitoring_reports.proposal_id', 'in', f.proposalIds.length ? f.proposalIds : ['']);
  if (f.id) q = q.where('monitoring_reports.id', '=', f.id);
  return q.orderBy('monitoring_reports.due_at').orderBy('monitoring_reports.period').execute();
}

export async function insertRuleSet(trx: Transaction<Database>, row: Insertable<FinancingRuleSetsTable>): Promise<void> {
  await trx.insertInto('financing_rule_sets').values(row).execute();
}

export async function insertDeal(trx: Transaction<Database>, row: Insertable<DealsTable>): Promise<void> {
  await trx.insertInto('deals').values(row).execute();
}

export type DealChanges = Partial<Pick<DealRow, 'buyer_name' | 'buyer_type' | 'value_usd' | 'expected_decision_date' | 'competitors_json' | 'stage'>>;

/** Applies changes to a deal when the stored version is the expected one; false otherwise. */
export async function updateDealRow(trx: Transaction<Database>, id: string, expectedVersion: number, changes: DealChanges, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('deals')
    .set({ ...changes, version: expectedVersion + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export type AdvocacyChanges = Partial<Pick<Selectable<AdvocacyActionsTable>, 'kind' | 'occurred_on' | 'description'>>;

/** Applies changes to an advocacy action of the deal when the stored version is the expected one; false otherwise. */
export async function updateAdvocacyRow(trx: Transaction<Database>, id: string, dealId: string, expectedVersion: number, changes: AdvocacyChanges, by: string, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('advocacy_actions')
    .set({ ...changes, version: expectedVersion + 1, updated_by: by, updated_at: at })
    .where('id', '=', id)
    .where('deal_id', '=', dealId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function insertAdvocacyAction(trx: Transaction<Database>, row: Insertable<AdvocacyActionsTable>): Promise<void> {
  await trx.insertInto('advocacy_actions').values(row).execute();
}

export async function insertRequest(trx: Transaction<Database>, row: Insertable<FinancingRequestsTable>): Promise<void> {
  await trx.insertInto('financing_requests').values(row).execute();
}

export type RequestChanges = Partial<Pick<RequestRow, 'state' | 'indicative_usd' | 'committed_usd' | 'committed_at' | 'disbursed_usd' | 'agency_notes'>>;

/** Applies changes to a financing request when the stored version is the expected one; false otherwise. */
export async function updateRequestRow(trx: Transaction<Database>, id: string, expectedVersion: number, changes: RequestChanges, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('financing_requests')
    .set({ ...changes, version: expectedVersion + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function insertMonitoringReport(trx: Transaction<Database>, row: Insertable<MonitoringReportsTable>): Promise<void> {
  await trx.insertInto('monitoring_reports').values(row).execute();
}

/** Records a report's submission, once: false when it was already submitted. */
export async function recordMonitoringMetrics(trx: Transaction<Database>, id: string, report: { metrics_json: string; submitted_by: string; submitted_at: string }): Promise<boolean> {
  const res = await trx
    .updateTable('monitoring_reports')
    .set({ metrics_json: report.metrics_json, submitted_by: report.submitted_by, submitted_at: report.submitted_at })
    .where('id', '=', id)
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
