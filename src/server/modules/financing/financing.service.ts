// Deals under designated packages and the EDAG financing requests behind them: referral to an
// agency, each agency's stages (visible to that agency's financing officers only), eligibility
// by the rule book, and the license gate on final commitment.
import rulesDoc from '../../../../data/financing/eligibility-rules.json' with { type: 'json' };
import incomeDoc from '../../../../data/financing/country-income.json' with { type: 'json' };
import instrumentsDoc from '../../../../data/financing/instruments.json' with { type: 'json' };
import { evaluateEligibility, RuleBookSchema, RuleSetSchema, type EligibilityResult, type Facts, type RuleBook } from '../../../engines/financing/eligibility.ts';
import {
  COMMITTED_STATES,
  FINANCING_TRANSITIONS,
  INDICATIVE_STATES,
  OPEN_DEAL_STAGES,
  type DealStage,
  type FinancingAction,
  type FinancingState,
} from '../../../shared/domain/financing-lifecycle.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { canActOnRequest, canImportRules, canMoveDealStage, canOpenDeal, canRecordAdvocacy, canReferRequest, canSubmitMonitoring, canUpdateDeal, dealReach, isRequestAgencyOfficer } from './financing.policy.ts';
import { UNALLOCATED_LAYER, type DealRecord, type MonitoringReportRecord, type Portfolio, type PortfolioPackage } from '../../../shared/contracts/financing.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { auditEventsOf } from '../audit/audit.service.ts';
import { notify, usersOfOrgsWhoMay, usersWithRole } from '../notifications/notifications.service.ts';
import { activeMemberOrgIdsOfProposal, getProposal, proposalFactsForRules, proposalForCompliance, proposalIdsOfOrg } from '../proposals/proposals.service.ts';
import { loadOrganization } from '../organizations/organizations.service.ts';
import { licenseNeedsForMarket } from '../compliance/compliance.service.ts';
import { cellLicenseStanding } from '../compliance/licenses.view.ts';
import { assertDealScreened, dealScreening } from '../screening/screening.parties.ts';
import { dealPartiesView } from './deal-parties.view.ts';
import { designationsUnderMonitoring } from '../designation/designation.service.ts';
import {
  findAdvocacy,
  findAdvocacyAction,
  findDeal,
  findDealForUpdate,
  findDealCompetitors,
  findDeals,
  findImportedRuleSets,
  findMonitoringReports,
  findMonitoringReportViews,
  findRequest,
  findRequestsOfDeals,
  insertAdvocacyAction,
  insertDeal,
  insertMonitoringReport,
  insertRequest,
  insertRuleSet,
  recordMonitoringMetrics,
  updateAdvocacyRow,
  updateDealRow,
  updateRequestRow,
  type DealRow,
  type RequestRow,
} from './financing.repository.ts';

export const INSTRUMENTS = instrumentsDoc;
const SHIPPED_RULES = RuleBookSchema.parse(rulesDoc);
const INCOME: Record<string, string> = incomeDoc.groups;

// ── Who sees what ─────────────────────────────────────────────────────────────────────────

/**
 * Who looks at deals and financing requests: the program-wide readers and the EDAG coordinator see
 * every deal (`agencyNotes` tells which of them see the agencies' notes: the program office, not
 * the EDAG coordinator); a financing officer its agency's; a company its own packages'.
 */
type Viewer = { kind: 'program'; agencyNotes: boolean } | { kind: 'agency'; agency: string } | { kind: 'applicant'; proposalIds: string[] } | { kind: 'none' };

async function viewerOf(ctx: ServiceContext): Promise<Viewer> {
  const reach = dealReach(ctx.actor);
  return reach.kind === 'applicant' ? { kind: 'applicant', proposalIds: await proposalIdsOfOrg(ctx, ctx.actor.orgId) } : reach;
}

/** The deal if the viewer may see it, else 404 (deal-parties.service.ts uses it too). */
export async function dealForViewer(ctx: ServiceContext, id: string): Promise<{ deal: DealRow; viewer: Viewer }> {
  const deal = await findDeal(ctx.db.db, id);
  const viewer = await viewerOf(ctx);
  if (!deal) throw notFound('Deal');
  if (viewer.kind === 'program') return { deal, viewer };
  if (viewer.kind === 'applicant' && viewer.proposalIds.includes(deal.proposal_id)) return { deal, viewer };
  if (viewer.kind === 'agency' && (await findRequestsOfDeals(ctx.db.db, [deal.id], viewer.agency)).length > 0) return { deal, viewer };
  throw notFound('Deal');
}

/** The deal, when the viewer may see it (404 otherwise): for reads of other modules about one deal (its licenses). */
export async function dealSeenBy(ctx: ServiceContext, id: string): Promise<DealRow> {
  return (await dealForViewer(ctx, id)).deal;
}

/** Whether the viewer reads the agency's internal notes on its requests (see the table in docs/domain.md). */
function seesAgencyNotes(viewer: Viewer): boolean {
  return viewer.kind === 'agency' || (viewer.kind === 'program' && viewer.agencyNotes);
}

/**
 * A request as its viewer may see it, field by field from an allow-list (docs/domain.md, "Who
 * sees what of a financing request"): agency notes stay with the agency and the program office —
 * never the applicants, nor the EDAG coordinator.
 */
function requestView(r: RequestRow, viewer: Viewer) {
  const shared = {
    id: r.id,
    dealId: r.deal_id,
    agency: r.agency,
    instrument: r.instrument,
    state: r.state as FinancingState,
    requestedUsd: r.requested_usd,
    indicativeUsd: r.indicative_usd,
    committedUsd: r.committed_usd,
    disbursedUsd: r.disbursed_usd,
    projectCostUsd: r.project_cost_usd,
    hostSubcontractShare: r.host_subcontract_share,
    referredAt: r.referred_at,
    committedAt: r.committed_at,
    version: r.version,
    eligibility: r.eligibility_json ? (JSON.parse(r.eligibility_json) as EligibilityResult) : null,
  };
  return seesAgencyNotes(viewer) ? { ...shared, agencyNotes: r.agency_notes } : shared;
}

// ── Rule book ─────────────────────────────────────────────────────────────────────────────

async function ruleBook(deps: Deps): Promise<RuleBook> {
  const imported = await findImportedRuleSets(deps.db.db);
  const byVersion = new Map(SHIPPED_RULES.ruleSets.map((s) => [s.version, s]));
  for (const row of imported) byVersion.set(row.version, RuleSetSchema.parse(JSON.parse(row.json)));
  return { ruleSets: [...byVersion.values()] };
}

export async function importRuleSet(ctx: ServiceContext, doc: unknown) {
  if (!canImportRules(ctx.actor)) throw forbidden('Only an administrator imports eligibility rules');
  const parsed = RuleSetSchema.safeParse(doc);
  if (!parsed.success) {
    throw invalid('INVALID_RULE_SET', 'The rule set is invalid', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const existing = await ruleBook(ctx);
  if (existing.ruleSets.some((s) => s.version === parsed.data.version)) throw conflict('RULE_SET_EXISTS', `Rule set ${parsed.data.version} already exists; give the new one its own version`);
  await inTransaction(ctx, async (tx) => {
    await insertRuleSet(tx.trx, { version: parsed.data.version, effective_from: parsed.data.effectiveFrom, json: JSON.stringify(parsed.data), imported_by: ctx.actor.userId, imported_at: ctx.clock.nowIso() });
    await tx.audit({ actorId: ctx.actor.userId, action: 'financing.rules_imported', entityType: 'financing_rules', entityId: parsed.data.version, data: { effectiveFrom: parsed.data.effectiveFrom, rules: parsed.data.rules.length } });
  });
  return listRuleSets(ctx);
}

export async function listRuleSets(deps: Deps) {
  const book = await ruleBook(deps);
  return book.ruleSets.map((s) => ({ version: s.version, effectiveFrom: s.effectiveFrom, uncertain: s.uncertain ?? null, rules: s.rules }));
}

/**
 * For other modules (the market explorer): by deal market, the distinct non-U.S. competitors
 * recorded on deals there (by name, case-insensitive) and how many deals record any competitor.
 * Counts only, across every package's deals: no viewer check, no names leave.
 */
export async function competitionByCountry(deps: Deps): Promise<Map<string, { nonUsCompetitors: number; deals: number }>> {
  const names = new Map<string, Set<string>>();
  const deals = new Map<string, number>();
  for (const row of await findDealCompetitors(deps.db.db)) {
    const competitors = JSON.parse(row.competitors_json) as { name: string; country: string; nonUs?: boolean }[];
    if (competitors.length === 0) continue;
    deals.set(row.country, (deals.get(row.country) ?? 0) + 1);
    let set = names.get(row.country);
    if (!set) names.set(row.country, (set = new Set()));
    for (const c of competitors) if (c.nonUs ?? c.country !== 'US') set.add(c.name.trim().toLowerCase());
  }
  return new Map([...deals].map(([country, n]) => [country, { nonUsCompetitors: names.get(country)?.size ?? 0, deals: n }]));
}

function incomeGroupOf(country: string): string | null {
  return INCOME[country] ?? null;
}

/** The facts the rules need, from the deal, its package and the request. */
async function eligibilityFacts(deps: Deps, deal: DealRow, req: { requestedUsd: number; projectCostUsd?: number | null; hostSubcontractShare?: number | null }): Promise<Facts> {
  const p = await proposalFactsForRules(deps, deal.proposal_id);
  const anchor = p ? await loadOrganization(deps, p.anchorOrgId) : undefined;
  const share = p?.usContent.share ?? null;
  return {
    requestedUsd: req.requestedUsd,
    contractValueUsd: deal.value_usd,
    usContentShare: share,
    usContentValueUsd: share === null ? null : share * deal.value_usd,
    chinaContentShare: p?.chinaContentShare ?? null,
    projectCostUsd: req.projectCostUsd ?? deal.value_usd,
    buyerType: deal.buyer_type,
    incomeGroup: incomeGroupOf(deal.country),
    hostSubcontractShare: req.hostSubcontractShare ?? null,
    exporterSmallBusiness: anchor ? anchor.small_business === 1 : null,
    country: deal.country,
  };
}

export async function checkEligibility(ctx: ServiceContext, dealId: string, input: { agency: string; instrument: string; requestedUsd: number; projectCostUsd?: number; hostSubcontractShare?: number; asOf?: string }) {
  const { deal } = await dealForViewer(ctx, dealId);
  assertInstrument(input.agency, input.instrument);
  return evaluateEligibility(await ruleBook(ctx), input.agency, input.instrument, await eligibilityFacts(ctx, deal, input), input.asOf ?? ctx.clock.nowIso());
}

function assertInstrument(agency: string, instrument: string) {
  const a = (INSTRUMENTS.agencies as Record<string, { instruments: Record<string, unknown> }>)[agency];
  if (!a || !a.instruments[instrument]) {
    throw invalid('VALIDATION_FAILED', 'Unknown agency or instrument', [{ path: 'instrument', message: `${agency} has no instrument "${instrument}"` }]);
  }
}

// ── Deals ─────────────────────────────────────────────────────────────────────────────────

export interface DealInput {
  country: string;
  buyerName: string;
  buyerType: 'government' | 'state_owned' | 'private' | 'military';
  valueUsd: number;
  expectedDecisionDate?: string;
  competitors: { name: string; country: string }[];
  sector: string;
}

function dealView(d: DealRow & { proposalTitle?: string }) {
  return {
    id: d.id,
    proposalId: d.proposal_id,
    proposalTitle: d.proposalTitle,
    country: d.country,
    buyerName: d.buyer_name,
    buyerType: d.buyer_type,
    valueUsd: d.value_usd,
    expectedDecisionDate: d.expected_decision_date,
    competitors: JSON.parse(d.competitors_json) as { name: string; country: string; nonUs: boolean }[],
    sector: d.sector,
    stage: d.stage as DealStage,
    version: d.version,
    createdAt: d.created_at,
  };
}

export async function createDeal(ctx: ServiceContext, proposalId: string, input: DealInput) {
  // Who may not see the proposal learns nothing of it — not even its state: 404 before 403 and 409.
  await getProposal(ctx, proposalId);
  const p = await proposalFactsForRules(ctx, proposalId);
  if (!p) throw notFound('Proposal');
  if (!canOpenDeal(ctx.actor, p.anchorOrgId)) throw forbidden('Deals are opened by the anchor member, the EDAG coordinator or the program office');
  if (!p.designation || !['active', 'amendment_pending'].includes(p.designation.state)) throw conflict('NOT_DESIGNATED', 'Deals are tracked under an active designated package');
  if (!p.countries.includes(input.country)) {
    throw invalid('VALIDATION_FAILED', 'The deal is outside the package', [{ path: 'country', message: `${input.country} is not a target country of this package (${p.countries.join(', ')})` }]);
  }
  const id = newId();
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    await insertDeal(tx.trx, {
      id,
      proposal_id: proposalId,
      country: input.country,
      buyer_name: input.buyerName,
      buyer_type: input.buyerType,
      value_usd: input.valueUsd,
      expected_decision_date: input.expectedDecisionDate ?? null,
      competitors_json: JSON.stringify(input.competitors.map((c) => ({ ...c, nonUs: c.country !== 'US' }))),
      sector: input.sector,
      stage: 'identified',
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await tx.audit({ actorId: ctx.actor.userId, action: 'deal.created', entityType: 'deal', entityId: id, data: { proposalId, country: input.country, buyer: input.buyerName } });
  });
  return getDeal(ctx, id);
}

/**
 * The licenses the deal needs, from the compliance matrix of its package in the deal's country, as
 * of `day` (today; the commitment's day when it is committed): every component found
 * license_required or prohibited there must have a license record that is not_required, or that BIS
 * issued (approved or shipped against), valid on the day and not exhausted for the financed scope —
 * the deal's value times the component's share of the package value (with no package value, a
 * remaining value above zero); and no license record there may be pending (docs/domain.md#export-licenses).
 */
async function licenseGate(deps: Deps, deal: DealRow, day = deps.clock.today()) {
  const needs = await licenseNeedsForMarket(deps, deal.proposal_id, deal.country);
  const items = needs.map((n) => {
    const scopeUsd = n.valueShare === null ? null : n.valueShare * deal.value_usd;
    const { cleared, holding } = cellLicenseStanding(n.licenses, day, scopeUsd);
    const first = holding[0];
    const status = n.licenses.length === 0 ? 'no_license_record' : (first?.license.status ?? n.licenses[0]!.status);
    const reason = n.licenses.length === 0 ? 'no license record' : cleared ? null : (first?.blocker ?? `${first?.license.status ?? status}`);
    const licenses = n.licenses.map((l) => ({
      id: l.id,
      status: l.status,
      bisApplicationNumber: l.bisApplicationNumber,
      licenseNumber: l.licenseNumber,
      expiresAt: l.expiresAt,
      remainingValueUsd: l.remainingValueUsd,
      blocker: holding.find((h) => h.license.id === l.id)?.blocker ?? null,
    }));
    return { componentId: n.componentId, componentName: n.componentName, market: deal.country, matrixStatus: n.matrixStatus, status, cleared, reason, financedScopeUsd: scopeUsd, licenses };
  });
  const blocking = items.filter((i) => !i.cleared && (i.matrixStatus !== 'clear' || i.licenses.length > 0));
  return { licenses: items, blocking, clear: blocking.length === 0 };
}

/** A blocking gate item in words: the component, the market, the status and numbers, and why when BIS issued it. */
function gateItemText(l: Awaited<ReturnType<typeof licenseGate>>['blocking'][number]): string {
  const pending = ['no_license_record', 'draft', 'submitted', 'returned'].includes(l.status);
  const numbers = l.licenses.map((x) => x.licenseNumber ?? x.bisApplicationNumber).filter(Boolean);
  return `${l.componentId} → ${l.market} (${[l.status, ...numbers, ...(pending || !l.reason ? [] : [l.reason])].join(', ')})`;
}

/** The stage changes of a deal, oldest first, from its audit trail (its creation included). */
async function stageHistoryOf(ctx: ServiceContext, dealId: string): Promise<DealRecord['stageHistory']> {
  const events = await auditEventsOf(ctx, 'deal', dealId);
  return events
    .filter((e) => e.action === 'deal.created' || e.action === 'deal.stage_changed')
    .map((e) => {
      const data = JSON.parse(e.data_json) as { from?: string; to?: DealStage; stage?: DealStage; reason?: string; system?: boolean };
      // Moves recorded before the stage had its own step carry the new stage as `stage`.
      if (e.action === 'deal.created') return { at: e.at, from: null, to: 'identified' as const, system: false, reason: null };
      return { at: e.at, from: data.from ?? null, to: (data.to ?? data.stage)!, system: data.system === true, reason: data.reason ?? null };
    });
}

export async function getDeal(ctx: ServiceContext, id: string): Promise<DealRecord> {
  const { deal, viewer } = await dealForViewer(ctx, id);
  const [requests, advocacy, gate, screening, stageHistory, facts] = await Promise.all([
    findRequestsOfDeals(ctx.db.db, [deal.id], viewer.kind === 'agency' ? viewer.agency : undefined),
    findAdvocacy(ctx.db.db, deal.id),
    licenseGate(ctx, deal),
    // What the final commitment's screening gate (actOnRequest) would answer now: the package's
    // parties screened, and no unresolved prohibited match on the deal's buyer, end users or consignees.
    dealScreening(ctx, deal),
    stageHistoryOf(ctx, deal.id),
    proposalFactsForRules(ctx, deal.proposal_id),
  ]);
  return {
    ...dealView(deal),
    incomeGroup: incomeGroupOf(deal.country),
    advocacy: advocacy.map((a) => ({ id: a.id, kind: a.kind, occurredOn: a.occurred_on, description: a.description, version: a.version, updatedAt: a.updated_at ?? a.created_at })),
    requests: requests.map((r) => requestView(r, viewer)),
    licenseGate: gate,
    screeningGate: { clear: screening.screened, message: screening.message },
    stageHistory,
    mayMoveStage: canMoveDealStage(ctx.actor),
    mayEditAdvocacy: canRecordAdvocacy(ctx.actor),
    // Its buyer, end users and consignees with their screening (recorded by whoever updates the deal).
    parties: await dealPartiesView(ctx, deal, canUpdateDeal(ctx.actor, facts?.anchorOrgId)),
  };
}

/** The deals the viewer may see, optionally of one package only (the EDAG coordinator's home page lists them per designated package). */
export async function listDeals(ctx: ServiceContext, q: { proposalId?: string } = {}) {
  const viewer = await viewerOf(ctx);
  if (viewer.kind === 'none') return [];
  const rows = await findDeals(ctx.db.db, viewer.kind === 'applicant' ? { proposalIds: viewer.proposalIds } : viewer.kind === 'agency' ? { agency: viewer.agency } : {});
  return rows.filter((d) => q.proposalId === undefined || d.proposal_id === q.proposalId).map(dealView);
}

const staleDeal = (currentVersion: number) => conflict('VERSION_CONFLICT', `The deal changed meanwhile (now version ${currentVersion}); reload and retry`, { currentVersion });

/** Updates a deal's facts. Its stage is not among them: it follows the financing, or the EDAG coordinator moves it with a reason (moveDealStage). */
export async function updateDeal(ctx: ServiceContext, id: string, input: Partial<DealInput> & { stage?: DealStage; version: number }) {
  const { deal } = await dealForViewer(ctx, id);
  const p = await proposalFactsForRules(ctx, deal.proposal_id);
  if (!canUpdateDeal(ctx.actor, p?.anchorOrgId)) throw forbidden('Only the anchor member and the EDAG coordinator update a deal');
  if (input.stage !== undefined && input.stage !== deal.stage) {
    throw invalid('VALIDATION_FAILED', 'The stage is not changed with the deal’s details', [{ path: 'stage', message: 'the stage follows the deal’s financing; the EDAG coordinator moves it with a reason' }]);
  }
  await inTransaction(ctx, async (tx) => {
    const changes = {
      ...(input.buyerName !== undefined ? { buyer_name: input.buyerName } : {}),
      ...(input.buyerType !== undefined ? { buyer_type: input.buyerType } : {}),
      ...(input.valueUsd !== undefined ? { value_usd: input.valueUsd } : {}),
      ...(input.expectedDecisionDate !== undefined ? { expected_decision_date: input.expectedDecisionDate } : {}),
      ...(input.competitors !== undefined ? { competitors_json: JSON.stringify(input.competitors.map((c) => ({ ...c, nonUs: c.country !== 'US' }))) } : {}),
    };
    if (!(await updateDealRow(tx.trx, id, input.version, changes, ctx.clock.nowIso()))) throw staleDeal((await findDeal(tx.trx, id))?.version ?? deal.version);
    const { stage: _stage, ...data } = input;
    await tx.audit({ actorId: ctx.actor.userId, action: 'deal.updated', entityType: 'deal', entityId: id, data });
  });
  return getDeal(ctx, id);
}

// ── How a deal's stage follows its financing ──────────────────────────────────────────────

/**
 * THE RULE. A deal's financing tells how far it has come at least:
 * - a request referred to an agency (or submitted to it): EDAG qualified the deal → `qualified`;
 * - indicative terms (an indicative offer, due diligence, approval): terms are negotiated → `negotiating`;
 * - a final commitment (and closing): the deal is financed → `financing` (the license gate has
 *   cleared its export licenses by then, so `licensing` lies behind it);
 * - a disbursement (and servicing, completion): agencies disburse against a signed supply
 *   contract → `contract_signed`.
 * After each step of a request the deal moves FORWARD to the furthest stage its requests imply, in
 * the same transaction, audited as a system step. It never moves backward by itself, and never
 * out of `on_hold`, `closed_lost` or `cancelled`; declined, withdrawn and expired requests imply
 * nothing. Every other move — `advocacy`, `licensing`, `in_delivery`, `operational`, a hold, a
 * loss, a correction backward — is the EDAG coordinator's, by hand with a reason (moveDealStage).
 */
const STAGE_IMPLIED_BY_REQUEST: Partial<Record<FinancingState, DealStage>> = {
  referred: 'qualified',
  submitted_to_agency: 'qualified',
  indicative_offer: 'negotiating',
  due_diligence: 'negotiating',
  approval: 'negotiating',
  final_commitment: 'financing',
  closing: 'financing',
  disbursing: 'contract_signed',
  servicing: 'contract_signed',
  completed: 'contract_signed',
};

/** The stage the rule above moves a deal to, given its requests' states; null when it stays. */
export function stageFollowingFinancing(current: DealStage, requestStates: readonly string[]): DealStage | null {
  const rank = (stage: DealStage) => OPEN_DEAL_STAGES.indexOf(stage);
  if (rank(current) < 0) return null;
  let furthest = current;
  for (const state of requestStates) {
    const implied = STAGE_IMPLIED_BY_REQUEST[state as FinancingState];
    if (implied && rank(implied) > rank(furthest)) furthest = implied;
  }
  return furthest === current ? null : furthest;
}

/** Applies the rule inside the transaction of a request's step, on the deal locked for it. */
async function advanceDealWithFinancing(ctx: ServiceContext, tx: Tx, dealId: string, cause: { requestId: string; agency: string; state: FinancingState }) {
  const deal = await findDealForUpdate(tx.trx, tx.dialect, dealId);
  if (!deal) return;
  const next = stageFollowingFinancing(deal.stage as DealStage, (await findRequestsOfDeals(tx.trx, [dealId])).map((r) => r.state));
  if (!next) return;
  if (!(await updateDealRow(tx.trx, dealId, deal.version, { stage: next }, ctx.clock.nowIso()))) throw staleDeal(deal.version);
  await tx.audit({
    actorId: ctx.actor.userId,
    action: 'deal.stage_changed',
    entityType: 'deal',
    entityId: dealId,
    data: { from: deal.stage, to: next, system: true, requestId: cause.requestId, reason: `The ${cause.agency} request reached ${cause.state.replaceAll('_', ' ')}` },
  });
  await announceStageChange(tx, deal, next, ctx.actor.userId);
}

/**
 * Tells the consortium's companies and the financing officers of every agency with a request on
 * the deal (all of whom see the deal and its stage) that the stage moved — but not who acted nor
 * which request moved it: an agency's stages are that agency's own. The user who moved it is not told.
 */
async function announceStageChange(tx: Tx, deal: DealRow, to: DealStage, actorId: string) {
  const companies = await usersOfOrgsWhoMay(tx, await activeMemberOrgIdsOfProposal(tx, deal.proposal_id), 'proposal.read');
  const agencies = [...new Set((await findRequestsOfDeals(tx.trx, [deal.id])).map((r) => r.agency))];
  const officers = (await Promise.all(agencies.map((a) => usersWithRole(tx, 'financing_officer', a)))).flat();
  const recipients = [...new Set([...companies, ...officers])].filter((id) => id !== actorId);
  await notify(tx, recipients, 'financing_stage_changed', `The deal with ${deal.buyer_name} (${deal.country}) moved from ${deal.stage.replaceAll('_', ' ')} to ${to.replaceAll('_', ' ')}.`, `/deals/${deal.id}`);
}

/** The EDAG coordinator moves a deal's stage by hand — anywhere, backward too — with a reason, on the version read. */
export async function moveDealStage(ctx: ServiceContext, id: string, input: { stage: DealStage; reason: string; version: number }) {
  const { deal } = await dealForViewer(ctx, id);
  if (!canMoveDealStage(ctx.actor)) throw forbidden('The EDAG coordinator moves a deal’s stage');
  if (input.stage === deal.stage) throw invalid('VALIDATION_FAILED', 'The deal is already at this stage', [{ path: 'stage', message: `the deal is already ${deal.stage.replaceAll('_', ' ')}` }]);
  if (input.version !== deal.version) throw staleDeal(deal.version);
  await inTransaction(ctx, async (tx) => {
    if (!(await updateDealRow(tx.trx, id, input.version, { stage: input.stage }, ctx.clock.nowIso()))) throw staleDeal((await findDeal(tx.trx, id))?.version ?? deal.version);
    await tx.audit({ actorId: ctx.actor.userId, action: 'deal.stage_changed', entityType: 'deal', entityId: id, data: { from: deal.stage, to: input.stage, reason: input.reason } });
    await announceStageChange(tx, deal, input.stage, ctx.actor.userId);
  });
  return getDeal(ctx, id);
}

export async function addAdvocacy(ctx: ServiceContext, dealId: string, input: { kind: string; occurredOn: string; description: string }) {
  await dealForViewer(ctx, dealId);
  if (!canRecordAdvocacy(ctx.actor)) throw forbidden('Advocacy is recorded by the EDAG coordinator or the program office');
  await inTransaction(ctx, async (tx) => {
    const id = newId();
    const now = ctx.clock.nowIso();
    await insertAdvocacyAction(tx.trx, { id, deal_id: dealId, kind: input.kind, occurred_on: input.occurredOn, description: input.description, created_by: ctx.actor.userId, created_at: now, updated_by: ctx.actor.userId, updated_at: now });
    await tx.audit({ actorId: ctx.actor.userId, action: 'deal.advocacy', entityType: 'deal', entityId: dealId, data: input });
  });
  return getDeal(ctx, dealId);
}

/** Corrects an advocacy action (whoever may record advocacy), on the version read; the earlier text stays in the audit trail. */
export async function updateAdvocacy(ctx: ServiceContext, dealId: string, advocacyId: string, input: { kind: string; occurredOn: string; description: string; version: number }) {
  await dealForViewer(ctx, dealId);
  if (!canRecordAdvocacy(ctx.actor)) throw forbidden('Advocacy is recorded and corrected by the EDAG coordinator or the program office');
  const a = await findAdvocacyAction(ctx.db.db, advocacyId);
  if (!a || a.deal_id !== dealId) throw notFound('Advocacy action');
  const stale = (currentVersion: number) => conflict('VERSION_CONFLICT', `The advocacy action changed meanwhile (now version ${currentVersion}); reload and retry`, { currentVersion });
  if (a.version !== input.version) throw stale(a.version);
  await inTransaction(ctx, async (tx) => {
    const changes = { kind: input.kind, occurred_on: input.occurredOn, description: input.description };
    if (!(await updateAdvocacyRow(tx.trx, advocacyId, dealId, input.version, changes, ctx.actor.userId, ctx.clock.nowIso()))) throw stale((await findAdvocacyAction(tx.trx, advocacyId))?.version ?? a.version);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'deal.advocacy_updated',
      entityType: 'deal',
      entityId: dealId,
      data: { advocacyId, from: { kind: a.kind, occurredOn: a.occurred_on, description: a.description }, kind: input.kind, occurredOn: input.occurredOn, description: input.description },
    });
  });
  return getDeal(ctx, dealId);
}

// ── Financing requests ────────────────────────────────────────────────────────────────────

export async function referRequest(ctx: ServiceContext, dealId: string, input: { agency: string; instrument: string; requestedUsd: number; projectCostUsd?: number; hostSubcontractShare?: number }) {
  if (!canReferRequest(ctx.actor)) throw forbidden('The EDAG coordinator refers financing requests');
  const { deal } = await dealForViewer(ctx, dealId);
  assertInstrument(input.agency, input.instrument);
  const eligibility = evaluateEligibility(await ruleBook(ctx), input.agency, input.instrument, await eligibilityFacts(ctx, deal, input), ctx.clock.nowIso());
  const id = newId();
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    await insertRequest(tx.trx, {
      id,
      deal_id: dealId,
      agency: input.agency,
      instrument: input.instrument,
      requested_usd: input.requestedUsd,
      project_cost_usd: input.projectCostUsd ?? null,
      host_subcontract_share: input.hostSubcontractShare ?? null,
      state: 'referred',
      indicative_usd: null,
      committed_usd: null,
      disbursed_usd: 0,
      agency_notes: '',
      eligibility_json: JSON.stringify(eligibility),
      referred_by: ctx.actor.userId,
      referred_at: now,
      committed_at: null,
      updated_at: now,
      version: 1,
    });
    await tx.audit({ actorId: ctx.actor.userId, action: 'financing.referred', entityType: 'financing_request', entityId: id, data: { dealId, ...input, eligible: eligibility.eligible } });
    await advanceDealWithFinancing(ctx, tx, dealId, { requestId: id, agency: input.agency, state: 'referred' });
    await notify(tx, await usersWithRole(tx, 'financing_officer', input.agency), 'financing_referred', `EDAG referred a ${input.instrument.replaceAll('_', ' ')} request for a deal in ${deal.country}.`, `/deals/${dealId}`);
  });
  return getRequest(ctx, id);
}

async function requestForViewer(ctx: ServiceContext, id: string) {
  const r = await findRequest(ctx.db.db, id);
  if (!r) throw notFound('Financing request');
  const viewer = await viewerOf(ctx);
  // Another agency's request does not exist for a financing officer.
  if (viewer.kind === 'agency' && viewer.agency !== r.agency) throw notFound('Financing request');
  await dealForViewer(ctx, r.deal_id);
  return { r, viewer };
}

export async function getRequest(ctx: ServiceContext, id: string) {
  const { r, viewer } = await requestForViewer(ctx, id);
  return requestView(r, viewer);
}

/** States in which a request needs nothing more from anyone. */
const CLOSED_REQUEST_STATES: readonly FinancingState[] = ['completed', 'declined', 'withdrawn', 'expired'];

/**
 * The requests the viewer may see (a financing officer: its agency's). `open: true` keeps those
 * still in progress — for a financing officer, the work awaiting the agency.
 */
export async function listRequests(ctx: ServiceContext, q: { open?: boolean } = {}) {
  const viewer = await viewerOf(ctx);
  if (viewer.kind === 'none') return [];
  const deals = await findDeals(ctx.db.db, viewer.kind === 'applicant' ? { proposalIds: viewer.proposalIds } : viewer.kind === 'agency' ? { agency: viewer.agency } : {});
  const rows = await findRequestsOfDeals(ctx.db.db, deals.map((d) => d.id), viewer.kind === 'agency' ? viewer.agency : undefined);
  return rows.filter((r) => q.open === undefined || q.open !== CLOSED_REQUEST_STATES.includes(r.state as FinancingState)).map((r) => requestView(r, viewer));
}

export async function actOnRequest(ctx: ServiceContext, id: string, action: FinancingAction, input: { amountUsd?: number; note?: string; version: number }) {
  const { r } = await requestForViewer(ctx, id);
  const t = FINANCING_TRANSITIONS[action];
  const isAgencyOfficer = isRequestAgencyOfficer(ctx.actor, r);
  const deal = (await findDeal(ctx.db.db, r.deal_id))!;
  const p = await proposalFactsForRules(ctx, deal.proposal_id);
  if (!canActOnRequest(ctx.actor, action, r, p?.anchorOrgId)) throw forbidden(`Your role may not ${action.replaceAll('_', ' ')} this request`);
  if (!(t.from as readonly string[]).includes(r.state)) throw conflict('INVALID_TRANSITION', `Cannot ${action.replaceAll('_', ' ')} a request that is ${r.state}`, { allowedFrom: t.from });
  const needsAmount = action === 'indicative_offer' || action === 'final_commitment' || action === 'disburse';
  if (needsAmount && !(input.amountUsd && input.amountUsd > 0)) throw invalid('VALIDATION_FAILED', 'An amount is required', [{ path: 'amountUsd', message: `${action.replaceAll('_', ' ')} needs an amount in USD` }]);
  if (action === 'final_commitment') {
    // No list, no clearance: the package's parties are screened against an active list first, then
    // the deal's own parties (screened now if need be) must have no unresolved prohibited match.
    await assertDealScreened(ctx, deal, 'Final commitment');
    const gate = await licenseGate(ctx, deal);
    if (!gate.clear) {
      throw new AppError(
        409,
        'LICENSE_GATE',
        `Final commitment refused: ${gate.blocking.length} export license(s) the deal needs are not approved and valid on ${ctx.clock.today()}: ${gate.blocking.map(gateItemText).join('; ')}`,
        [],
        { blockingLicenses: gate.blocking },
      );
    }
  }
  if (action === 'disburse' && r.committed_usd !== null && r.disbursed_usd + input.amountUsd! > r.committed_usd + 0.005) {
    throw invalid('VALIDATION_FAILED', 'Disbursements exceed the commitment', [{ path: 'amountUsd', message: `only ${r.committed_usd - r.disbursed_usd} USD remain committed` }]);
  }
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    const changes = {
      state: t.to,
      ...(action === 'indicative_offer' ? { indicative_usd: input.amountUsd } : {}),
      ...(action === 'final_commitment' ? { committed_usd: input.amountUsd, committed_at: now } : {}),
      ...(action === 'disburse' ? { disbursed_usd: r.disbursed_usd + input.amountUsd! } : {}),
      ...(input.note && isAgencyOfficer ? { agency_notes: r.agency_notes ? `${r.agency_notes}\n${input.note}` : input.note } : {}),
    };
    if (!(await updateRequestRow(tx.trx, id, input.version, changes, now))) throw conflict('VERSION_CONFLICT', 'The request changed meanwhile; reload and retry');
    await tx.audit({ actorId: ctx.actor.userId, action: `financing.${action}`, entityType: 'financing_request', entityId: id, data: { from: r.state, to: t.to, amountUsd: input.amountUsd ?? null } });
    await advanceDealWithFinancing(ctx, tx, r.deal_id, { requestId: id, agency: r.agency, state: t.to });
  });
  return getRequest(ctx, id);
}

// ── Portfolio ─────────────────────────────────────────────────────────────────────────────

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function tally<T>(items: T[], key: (t: T) => string, value: (t: T) => number = () => 1) {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + value(i);
  return out;
}

/**
 * Each layer's share of the value of the package's components (unit value × quantity): the rule by
 * which a commitment, which finances the package rather than a layer, is split across layers
 * (docs/domain.md#deals-and-financing). Empty when the package lists no component value.
 */
function layerShares(pkg: Pick<Package, 'components'>): [string, number][] {
  const byLayer = tally(pkg.components, (c) => c.layer, (c) => c.unitValueUsd * c.quantity);
  const total = sum(Object.values(byLayer));
  return total > 0 ? Object.entries(byLayer).filter(([, v]) => v > 0).map(([layer, v]) => [layer, v / total]) : [];
}

const committedUsd = (r: RequestRow) => r.committed_usd ?? 0;

/** Commitments by month (YYYY-MM), every month from the first commitment to the last, so that a gap shows as zero. */
function byMonth(committed: RequestRow[]): Record<string, number> {
  const tallied = tally(committed.filter((r) => r.committed_at), (r) => r.committed_at!.slice(0, 7), committedUsd);
  const months = Object.keys(tallied).sort();
  if (months.length === 0) return {};
  const out: Record<string, number> = {};
  const [firstYear, firstMonth] = months[0]!.split('-').map(Number) as [number, number];
  for (let i = 0; ; i++) {
    const at = new Date(Date.UTC(firstYear, firstMonth - 1 + i, 1)).toISOString().slice(0, 7);
    out[at] = tallied[at] ?? 0;
    if (at === months.at(-1)) return out;
  }
}

const toCents = (tallied: Record<string, number>) => Object.fromEntries(Object.entries(tallied).map(([k, v]) => [k, Math.round(v * 100) / 100]));

/** Pipeline and totals for what the viewer may see: everything, one agency, or one's own deals. */
export async function portfolio(ctx: ServiceContext): Promise<Portfolio> {
  const viewer = await viewerOf(ctx);
  if (viewer.kind === 'none') throw forbidden('No portfolio for this role');
  const deals = await findDeals(ctx.db.db, viewer.kind === 'applicant' ? { proposalIds: viewer.proposalIds } : viewer.kind === 'agency' ? { agency: viewer.agency } : {});
  const dealOf = new Map(deals.map((d) => [d.id, d]));
  const requests = await findRequestsOfDeals(ctx.db.db, deals.map((d) => d.id), viewer.kind === 'agency' ? viewer.agency : undefined);
  const committed = requests
    .filter((r) => COMMITTED_STATES.includes(r.state as FinancingState))
    .sort((a, b) => (a.committed_at ?? '').localeCompare(b.committed_at ?? ''));
  const indicative = requests.filter((r) => INDICATIVE_STATES.includes(r.state as FinancingState));
  const packages = new Map<string, { title: string; designatedAt: string }>();
  for (const d of deals) {
    if (packages.has(d.proposal_id)) continue;
    const facts = await proposalFactsForRules(ctx, d.proposal_id);
    packages.set(d.proposal_id, { title: facts?.title ?? '', designatedAt: facts?.designation?.designatedAt ?? '' });
  }
  const firstCommitment = new Map<string, string>();
  for (const r of committed) {
    const pid = dealOf.get(r.deal_id)!.proposal_id;
    if (r.committed_at && !firstCommitment.has(pid)) firstCommitment.set(pid, r.committed_at);
  }
  const byPackage = [...firstCommitment.entries()]
    .map(([proposalId, at]) => ({ proposalId, title: packages.get(proposalId)!.title, days: (Date.parse(at) - Date.parse(packages.get(proposalId)!.designatedAt)) / 86_400_000 }))
    .filter((p) => Number.isFinite(p.days))
    .sort((a, b) => a.days - b.days || a.title.localeCompare(b.title));
  const days = byPackage.map((p) => p.days);
  const sharesOf = new Map<string, [string, number][]>();
  for (const pid of new Set(committed.map((r) => dealOf.get(r.deal_id)!.proposal_id))) {
    const row = await proposalForCompliance(ctx, pid);
    sharesOf.set(pid, row ? layerShares(JSON.parse(row.package_json) as Package) : []);
  }
  const committedByLayer: Record<string, number> = {};
  for (const r of committed) {
    const shares = sharesOf.get(dealOf.get(r.deal_id)!.proposal_id)!;
    for (const [layer, share] of shares.length ? shares : [[UNALLOCATED_LAYER, 1] as const]) committedByLayer[layer] = (committedByLayer[layer] ?? 0) + committedUsd(r) * share;
  }
  return {
    scope: viewer.kind === 'agency' ? viewer.agency : viewer.kind,
    deals: {
      count: deals.length,
      open: deals.filter((d) => OPEN_DEAL_STAGES.includes(d.stage as DealStage)).length,
      valueUsd: sum(deals.map((d) => d.value_usd)),
      byStage: tally(deals, (d) => d.stage),
      byCountry: tally(deals, (d) => d.country),
      bySector: tally(deals, (d) => d.sector),
    },
    requests: {
      count: requests.length,
      byState: tally(requests, (r) => r.state),
      byAgency: tally(requests, (r) => r.agency),
      byInstrument: tally(requests, (r) => `${r.agency}:${r.instrument}`),
      indicativeUsd: sum(indicative.map((r) => r.indicative_usd ?? 0)),
      committedUsd: sum(committed.map(committedUsd)),
      disbursedUsd: sum(requests.map((r) => r.disbursed_usd)),
      committedByAgency: tally(committed, (r) => r.agency, committedUsd),
      committedByMonth: byMonth(committed),
      committedByCountry: tally(committed, (r) => dealOf.get(r.deal_id)!.country, committedUsd),
    },
    committedByLayer: toCents(committedByLayer),
    daysFromDesignationToFirstCommitment: days.length ? { mean: sum(days) / days.length, min: Math.min(...days), max: Math.max(...days), packages: days.length, byPackage } : null,
  };
}

/**
 * The designated packages under which the viewer follows deals, each with those deals: every
 * package for the program-wide readers and the EDAG coordinator, one's own for a company, the
 * packages of its agency's deals for a financing officer.
 */
export async function portfolioPackages(ctx: ServiceContext): Promise<PortfolioPackage[]> {
  const viewer = await viewerOf(ctx);
  if (viewer.kind === 'none') throw forbidden('No portfolio for this role');
  const deals = await findDeals(ctx.db.db, viewer.kind === 'applicant' ? { proposalIds: viewer.proposalIds } : viewer.kind === 'agency' ? { agency: viewer.agency } : {});
  const designations = (await designationsUnderMonitoring(ctx)).filter((d) =>
    viewer.kind === 'program' ? true : viewer.kind === 'applicant' ? viewer.proposalIds.includes(d.proposal_id) : deals.some((x) => x.proposal_id === d.proposal_id),
  );
  const out = [];
  for (const d of designations.sort((a, b) => b.designated_at.localeCompare(a.designated_at))) {
    const p = await proposalFactsForRules(ctx, d.proposal_id);
    if (!p) continue;
    out.push({
      proposalId: p.id,
      title: p.title,
      consortiumName: p.consortiumName,
      designationState: d.state,
      designatedAt: d.designated_at,
      countries: p.countries,
      mayOpenDeal: ['active', 'amendment_pending'].includes(d.state) && canOpenDeal(ctx.actor, p.anchorOrgId),
      deals: deals.filter((x) => x.proposal_id === p.id).map(dealView),
    });
  }
  return out;
}

// ── Monitoring ────────────────────────────────────────────────────────────────────────────

/** Reports fall due 30 days after each calendar quarter ends. */
const REPORT_GRACE_DAYS = 30;
const REPORTING_DEAL_STAGES = ['contract_signed', 'in_delivery', 'operational'];

function quartersSince(startIso: string, now: Date): { period: string; dueAt: string }[] {
  const out = [];
  const start = new Date(startIso);
  let y = start.getUTCFullYear();
  let q = Math.floor(start.getUTCMonth() / 3);
  for (;;) {
    const end = new Date(Date.UTC(y, q * 3 + 3, 1));
    if (end > now) break;
    out.push({ period: `${y}-Q${q + 1}`, dueAt: new Date(end.getTime() + REPORT_GRACE_DAYS * 86_400_000).toISOString() });
    q++;
    if (q === 4) {
      q = 0;
      y++;
    }
  }
  return out;
}

/**
 * Creates the reports that have fallen due since designation (per package) and since the deal was
 * recorded (per deal, once it reaches a reporting stage), each with its audit event; the worker runs it on its schedule. Returns how many it created.
 */
export async function scheduleMonitoringReports(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const designations = await designationsUnderMonitoring(deps);
  const existing = new Set((await findMonitoringReports(deps.db.db)).map((r) => `${r.proposal_id}|${r.deal_id ?? ''}|${r.period}`));
  const missing: { proposal_id: string; deal_id: string | null; period: string; due_at: string }[] = [];
  for (const d of designations) {
    for (const q of quartersSince(d.designated_at, now)) if (!existing.has(`${d.proposal_id}||${q.period}`)) missing.push({ proposal_id: d.proposal_id, deal_id: null, period: q.period, due_at: q.dueAt });
  }
  const deals = (await findDeals(deps.db.db, {})).filter((d) => REPORTING_DEAL_STAGES.includes(d.stage));
  for (const d of deals) {
    for (const q of quartersSince(d.created_at, now)) if (!existing.has(`${d.proposal_id}|${d.id}|${q.period}`)) missing.push({ proposal_id: d.proposal_id, deal_id: d.id, period: q.period, due_at: q.dueAt });
  }
  if (missing.length) {
    const titles = new Map<string, string>();
    for (const pid of new Set(missing.map((m) => m.proposal_id))) {
      const facts = await proposalFactsForRules(deps, pid);
      if (facts) titles.set(pid, `“${facts.title}”`);
    }
    await inTransaction(deps, async (tx) => {
      for (const m of missing) {
        const id = newId();
        await insertMonitoringReport(tx.trx, { id, ...m, metrics_json: null, submitted_by: null, submitted_at: null });
        await tx.audit({ actorId: null, action: 'monitoring.scheduled', entityType: 'proposal', entityId: m.proposal_id, data: { reportId: id, dealId: m.deal_id, period: m.period, dueAt: m.due_at, system: true } });
        // The consortium hears that the report is due (the anchor company files it; its members read it).
        const companies = await usersOfOrgsWhoMay(tx, await activeMemberOrgIdsOfProposal(tx, m.proposal_id), 'proposal.read');
        await notify(tx, companies, 'monitoring_report_due', `The ${m.period} monitoring report of ${titles.get(m.proposal_id) ?? 'your designated package'} is due on ${m.due_at.slice(0, 10)}; the anchor company files it.`, `/monitoring/${id}`);
      }
    });
  }
  return missing.length;
}

/**
 * Monitoring reports as a screen shows them: the package's anchor company files them; its members,
 * the program-wide readers and the EDAG coordinator read them; financing officers see none.
 */
export async function listMonitoring(ctx: ServiceContext, only: { id?: string } = {}): Promise<MonitoringReportRecord[]> {
  const viewer = await viewerOf(ctx);
  if (viewer.kind === 'none' || viewer.kind === 'agency') return [];
  const rows = await findMonitoringReportViews(ctx.db.db, { ...(viewer.kind === 'applicant' ? { proposalIds: viewer.proposalIds } : {}), ...only });
  const anchors = new Map<string, string | undefined>();
  for (const pid of new Set(rows.map((r) => r.proposal_id))) anchors.set(pid, (await proposalFactsForRules(ctx, pid))?.anchorOrgId);
  const now = ctx.clock.nowIso();
  return rows.map((r) => ({
    id: r.id,
    proposalId: r.proposal_id,
    proposalTitle: r.proposalTitle,
    dealId: r.deal_id,
    deal: r.deal_id && r.dealBuyerName && r.dealCountry ? { buyerName: r.dealBuyerName, country: r.dealCountry } : null,
    period: r.period,
    dueAt: r.due_at,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    overdue: !r.submitted_at && r.due_at < now,
    metrics: r.metrics_json ? (JSON.parse(r.metrics_json) as Record<string, unknown>) : null,
    maySubmit: !r.submitted_at && viewer.kind === 'applicant' && canSubmitMonitoring(ctx.actor, anchors.get(r.proposal_id)),
  }));
}

/** One monitoring report; one the viewer may not read is 404. */
export async function getMonitoringReport(ctx: ServiceContext, id: string): Promise<MonitoringReportRecord> {
  const [report] = await listMonitoring(ctx, { id });
  if (!report) throw notFound('Monitoring report');
  return report;
}

export interface MonitoringMetrics {
  timeToOperationDays?: number;
  utilizationPct?: number;
  renewals?: number;
  privateCapitalMobilizedUsd?: number;
  usContentRecertified: boolean;
  securityIncidents: number;
  endUseAttested: boolean;
}

/** The anchor member files a report, once: a second submission, or one racing the first, is 409. */
export async function submitMonitoringReport(ctx: ServiceContext, id: string, metrics: MonitoringMetrics) {
  const viewer = await viewerOf(ctx);
  const report = await getMonitoringReport(ctx, id);
  // Only the package's own companies file reports; the readers among the government see it but may not.
  if (viewer.kind !== 'applicant') throw forbidden('The anchor member reports for the package');
  const p = await proposalFactsForRules(ctx, report.proposalId);
  if (!canSubmitMonitoring(ctx.actor, p?.anchorOrgId)) throw forbidden('The anchor member reports for the package');
  const submitted = () => conflict('REPORT_SUBMITTED', 'This report was already submitted');
  if (report.submittedAt) throw submitted();
  await inTransaction(ctx, async (tx) => {
    if (!(await recordMonitoringMetrics(tx.trx, id, { metrics_json: JSON.stringify(metrics), submitted_by: ctx.actor.userId, submitted_at: ctx.clock.nowIso() }))) throw submitted();
    await tx.audit({ actorId: ctx.actor.userId, action: 'monitoring.submitted', entityType: 'proposal', entityId: report.proposalId, data: { reportId: id, period: report.period, ...metrics } });
  });
  return getMonitoringReport(ctx, id);
}
