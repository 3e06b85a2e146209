// Export licenses through their life (docs/domain.md#export-licenses): records against cells of the
// compliance matrix, the lifecycle steps (src/shared/domain/license-lifecycle.ts) enforced here,
// shipments drawn against an issued license, the expiry reminders and expiries of the scheduled
// work, and the critical path: which licenses hold up which cells and deals, and for how long.
import type {
  LicenseCreate,
  LicenseCriticalPath,
  LicensePatch,
  LicenseShipmentCreate,
  LicenseShipmentView,
  LicenseStatus,
  LicenseView,
} from '../../../shared/contracts/compliance.ts';
import {
  daysBetween,
  LICENSE_CREATE_STATUSES,
  LICENSE_STATUSES_WITH_APPLICATION,
  LICENSE_TRANSITIONS,
  licenseInvalidOn,
  licenseTransitionAllowed,
} from '../../../shared/domain/license-lifecycle.ts';
import { COMMITTED_STATES, FINANCING_STATES, type FinancingState } from '../../../shared/domain/financing-lifecycle.ts';
import { AppError, conflict, forbidden, invalid, notFound, type FieldProblem } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { notify, usersOfOrgsWhoMay } from '../notifications/notifications.service.ts';
import { activeMemberOrgIdsOfProposal, getProposal } from '../proposals/proposals.service.ts';
import { findDeals, findRequestsOfDeals } from '../financing/financing.repository.ts';
import { dealSeenBy, listDeals } from '../financing/financing.service.ts';
import { canEditLicenses } from './compliance.policy.ts';
import { declaredParties } from './compliance.matrix.ts';
import { licenseNeedsForMarket } from './compliance.service.ts';
import {
  deleteLicenseRow,
  findIssuedLicensesEndingBy,
  findLicense,
  findLicensesOfProposal,
  findShipments,
  insertLicense,
  insertShipment,
  updateLicenseBySystem,
  updateLicenseRow,
  type LicenseChanges,
  type LicenseRow,
} from './licenses.repository.ts';
import { agingOf, cellLicenseStanding, toLicenseView } from './licenses.view.ts';

const KEEPERS_ONLY = 'Only the anchor member, the member companies’ compliance officers and the program office keep license records';

function assertApplicationNumber(status: LicenseStatus, number: string | null, path: string) {
  if (LICENSE_STATUSES_WITH_APPLICATION.includes(status) && !number) {
    throw invalid('VALIDATION_FAILED', `A ${status} license needs its BIS application number`, [{ path, message: `is required when the status is ${status}` }]);
  }
}

/** Validity and authorized amounts that make sense together, and against what is already shipped. */
function assertLicenseFacts(r: Pick<LicenseRow, 'valid_from' | 'expires_at' | 'authorized_quantity' | 'authorized_value_usd' | 'shipped_quantity' | 'shipped_value_usd'>) {
  const problems: FieldProblem[] = [];
  if (r.valid_from && r.expires_at && r.valid_from > r.expires_at) problems.push({ path: 'expiresAt', message: `the validity ends (${r.expires_at}) before it starts (${r.valid_from})` });
  if (r.authorized_quantity !== null && r.authorized_quantity < r.shipped_quantity) problems.push({ path: 'authorizedQuantity', message: `${r.shipped_quantity} are already shipped against the license` });
  if (r.authorized_value_usd !== null && r.authorized_value_usd < r.shipped_value_usd) problems.push({ path: 'authorizedValueUsd', message: `${r.shipped_value_usd} USD are already shipped against the license` });
  if (problems.length) throw invalid('VALIDATION_FAILED', 'The license’s validity or authorized amounts do not fit', problems);
}

function assertNotFuture(ctx: ServiceContext, day: string | undefined | null, path: string) {
  if (day && day > ctx.clock.today()) throw invalid('VALIDATION_FAILED', 'A date of something that happened cannot be in the future', [{ path, message: `${day} is after today (${ctx.clock.today()})` }]);
}

async function loadForLicenses(ctx: ServiceContext, proposalId: string) {
  const p = await getProposal(ctx, proposalId);
  const { byMarket } = declaredParties(p.package, p.countries);
  return { p, byMarket };
}

export async function listLicenses(ctx: ServiceContext, proposalId: string): Promise<{ items: LicenseView[]; canEdit: boolean }> {
  const { p, byMarket } = await loadForLicenses(ctx, proposalId);
  const rows = await findLicensesOfProposal(ctx.db.db, proposalId);
  return { items: rows.map((r) => toLicenseView(r, p.package, p.countries, byMarket, ctx)), canEdit: canEditLicenses(ctx.actor, p.consortium) };
}

export async function createLicense(ctx: ServiceContext, proposalId: string, input: LicenseCreate): Promise<LicenseView> {
  const { p, byMarket } = await loadForLicenses(ctx, proposalId);
  if (!canEditLicenses(ctx.actor, p.consortium)) throw forbidden(KEEPERS_ONLY);
  const problems: FieldProblem[] = [];
  if (!p.package.components.some((c) => c.id === input.componentId)) problems.push({ path: 'componentId', message: `"${input.componentId}" is not a component of the package` });
  if (!p.countries.includes(input.market)) problems.push({ path: 'market', message: `"${input.market}" is not a target market of the proposal` });
  else if (input.partyId !== null && !(byMarket.get(input.market) ?? []).includes(input.partyId))
    problems.push({ path: 'partyId', message: `"${input.partyId}" is not a build, own or operate party for ${input.market}` });
  if (!LICENSE_CREATE_STATUSES.includes(input.status))
    problems.push({ path: 'status', message: `a license record starts as ${LICENSE_CREATE_STATUSES.join(', ')}; ${input.status} is reached by its steps` });
  if (problems.length) throw invalid('VALIDATION_FAILED', 'The license record does not match a cell of the compliance matrix', problems);
  assertApplicationNumber(input.status, input.bisApplicationNumber, 'bisApplicationNumber');
  assertNotFuture(ctx, input.submittedOn, 'submittedOn');
  const today = ctx.clock.today();
  const now = ctx.clock.nowIso();
  const row: LicenseRow = {
    id: newId(),
    proposal_id: proposalId,
    component_id: input.componentId,
    market: input.market,
    party_id: input.partyId,
    bis_application_number: input.bisApplicationNumber,
    status: input.status,
    conditions_json: JSON.stringify(input.conditions),
    expires_at: input.expiresAt,
    version: 1,
    created_by: ctx.actor.userId,
    created_at: now,
    updated_by: ctx.actor.userId,
    updated_at: now,
    license_number: input.licenseNumber,
    submitted_on: input.submittedOn ?? (input.status === 'submitted' ? today : null),
    decided_on: null,
    returned_reason: null,
    valid_from: input.validFrom,
    authorized_quantity: input.authorizedQuantity,
    authorized_value_usd: input.authorizedValueUsd,
    status_changed_on: today,
    reminders_sent_json: '[]',
    shipped_quantity: 0,
    shipped_value_usd: 0,
  };
  assertLicenseFacts(row);
  await inTransaction(ctx, async (tx) => {
    await insertLicense(tx.trx, row);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'license.created',
      entityType: 'proposal',
      entityId: proposalId,
      data: { licenseId: row.id, componentId: row.component_id, market: row.market, partyId: row.party_id, status: row.status, bisApplicationNumber: row.bis_application_number, on: today },
    });
  });
  return toLicenseView(row, p.package, p.countries, byMarket, ctx);
}

/** Loads a license through its proposal; one the viewer may not see is "not found". */
async function loadLicenseForActor(ctx: ServiceContext, licenseId: string) {
  const row = await findLicense(ctx.db.db, licenseId);
  if (!row) throw notFound('License');
  try {
    return { row, ...(await loadForLicenses(ctx, row.proposal_id)) };
  } catch (err) {
    if (err instanceof AppError && err.status === 404) throw notFound('License');
    throw err;
  }
}

/** `q` is the transaction when called inside one (SQLite has a single connection). */
async function throwLicenseConflict(q: Tx['trx'] | ServiceContext['db']['db'], id: string): Promise<never> {
  const now = await findLicense(q, id);
  if (!now) throw notFound('License');
  throw conflict('VERSION_CONFLICT', `The license record was changed by someone else (now version ${now.version}); reload and apply your change again`, { currentVersion: now.version });
}

/** The facts a step records besides the status (the day it happened, BIS's reason or decision). */
function stepChanges(from: LicenseStatus, to: LicenseStatus, patch: LicensePatch, on: string): LicenseChanges {
  if (to === 'shipped_against') throw conflict('INVALID_TRANSITION', 'A license is shipped against by recording a shipment against it, not by setting its status', { allowed: LICENSE_TRANSITIONS[from] });
  if (!licenseTransitionAllowed(from, to)) {
    const allowed = LICENSE_TRANSITIONS[from];
    throw conflict('INVALID_TRANSITION', `A ${from} license cannot become ${to}; ${allowed.length ? `from ${from} it can become ${allowed.join(', ')}` : `${from} is final`}`, { allowed });
  }
  const changes: LicenseChanges = { status: to, status_changed_on: on };
  if (to === 'submitted') Object.assign(changes, { submitted_on: on, decided_on: null, returned_reason: null });
  if (to === 'returned') {
    if (!patch.returnedReason) throw invalid('VALIDATION_FAILED', 'Returning a license application needs BIS’s reason', [{ path: 'returnedReason', message: 'is required to return the application without action' }]);
    Object.assign(changes, { decided_on: on, returned_reason: patch.returnedReason });
  }
  if (to === 'approved' || to === 'denied') changes.decided_on = on;
  return changes;
}

export async function updateLicense(ctx: ServiceContext, licenseId: string, patch: LicensePatch): Promise<LicenseView> {
  const { row, p, byMarket } = await loadLicenseForActor(ctx, licenseId);
  if (!canEditLicenses(ctx.actor, p.consortium)) throw forbidden(KEEPERS_ONLY);
  if (row.version !== patch.version) await throwLicenseConflict(ctx.db.db, licenseId);
  assertNotFuture(ctx, patch.on, 'on');
  const from = row.status as LicenseStatus;
  const on = patch.on ?? ctx.clock.today();
  const changes: LicenseChanges = patch.status !== undefined && patch.status !== from ? stepChanges(from, patch.status, patch, on) : {};
  if (patch.returnedReason !== undefined && changes.status !== 'returned' && from === 'returned') changes.returned_reason = patch.returnedReason;
  if (patch.bisApplicationNumber !== undefined) changes.bis_application_number = patch.bisApplicationNumber;
  if (patch.conditions !== undefined) changes.conditions_json = JSON.stringify(patch.conditions);
  if (patch.expiresAt !== undefined) changes.expires_at = patch.expiresAt;
  if (patch.licenseNumber !== undefined) changes.license_number = patch.licenseNumber;
  if (patch.validFrom !== undefined) changes.valid_from = patch.validFrom;
  if (patch.authorizedQuantity !== undefined) changes.authorized_quantity = patch.authorizedQuantity;
  if (patch.authorizedValueUsd !== undefined) changes.authorized_value_usd = patch.authorizedValueUsd;
  const next: LicenseRow = { ...row, ...changes, version: row.version + 1, updated_by: ctx.actor.userId, updated_at: ctx.clock.nowIso() };
  assertApplicationNumber(next.status as LicenseStatus, next.bis_application_number, patch.bisApplicationNumber === undefined ? 'status' : 'bisApplicationNumber');
  assertLicenseFacts(next);
  await inTransaction(ctx, async (tx) => {
    if (!(await updateLicenseRow(tx.trx, licenseId, patch.version, changes, ctx.actor.userId, next.updated_at))) await throwLicenseConflict(tx.trx, licenseId);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'license.updated',
      entityType: 'proposal',
      entityId: row.proposal_id,
      data: { licenseId, version: next.version, from, to: next.status, ...(next.status !== from ? { on } : {}), changed: Object.keys(changes) },
    });
  });
  return toLicenseView(next, p.package, p.countries, byMarket, ctx);
}

export async function deleteLicense(ctx: ServiceContext, licenseId: string, version: number): Promise<void> {
  const { row, p } = await loadLicenseForActor(ctx, licenseId);
  if (!canEditLicenses(ctx.actor, p.consortium)) throw forbidden(KEEPERS_ONLY);
  await inTransaction(ctx, async (tx) => {
    if (!(await deleteLicenseRow(tx.trx, licenseId, version))) await throwLicenseConflict(tx.trx, licenseId);
    await tx.audit({ actorId: ctx.actor.userId, action: 'license.deleted', entityType: 'proposal', entityId: row.proposal_id, data: { licenseId, componentId: row.component_id, market: row.market, status: row.status } });
  });
}

// ---- shipments -----------------------------------------------------------------------------------

function shipmentView(s: { id: string; license_id: string; shipped_on: string; quantity: number; value_usd: number; reference: string; created_by: string; created_at: string }): LicenseShipmentView {
  return { id: s.id, licenseId: s.license_id, shippedOn: s.shipped_on, quantity: Number(s.quantity), valueUsd: Number(s.value_usd), reference: s.reference, createdBy: s.created_by, createdAt: s.created_at };
}

export async function listShipments(ctx: ServiceContext, licenseId: string): Promise<{ items: LicenseShipmentView[] }> {
  await loadLicenseForActor(ctx, licenseId);
  return { items: (await findShipments(ctx.db.db, licenseId)).map(shipmentView) };
}

/**
 * Records a shipment against an issued license and draws its balance down; refused (409, nothing
 * written) when the license is not valid on the shipment's day or the shipment exceeds what remains.
 */
export async function recordShipment(ctx: ServiceContext, licenseId: string, input: LicenseShipmentCreate): Promise<LicenseView> {
  const { row, p, byMarket } = await loadLicenseForActor(ctx, licenseId);
  if (!canEditLicenses(ctx.actor, p.consortium)) throw forbidden(KEEPERS_ONLY);
  if (row.version !== input.version) await throwLicenseConflict(ctx.db.db, licenseId);
  assertNotFuture(ctx, input.shippedOn, 'shippedOn');
  const today = ctx.clock.today();
  const view = toLicenseView(row, p.package, p.countries, byMarket, ctx);
  const name = `License ${row.license_number ?? row.bis_application_number ?? row.id} (${row.component_id} → ${row.market})`;
  const notValid = licenseInvalidOn(view, input.shippedOn);
  if (notValid) throw conflict('LICENSE_NOT_VALID', `${name} does not authorize a shipment on ${input.shippedOn}: ${notValid}`);
  if (view.remainingQuantity !== null && input.quantity > view.remainingQuantity + 1e-9)
    throw conflict('LICENSE_EXHAUSTED', `${name}: the shipment's quantity ${input.quantity} exceeds the ${view.remainingQuantity} remaining of ${view.authorizedQuantity} authorized`, { remainingQuantity: view.remainingQuantity });
  if (view.remainingValueUsd !== null && input.valueUsd > view.remainingValueUsd + 0.005)
    throw conflict('LICENSE_EXHAUSTED', `${name}: the shipment's value ${input.valueUsd} USD exceeds the ${view.remainingValueUsd} USD remaining of ${view.authorizedValueUsd} USD authorized`, { remainingValueUsd: view.remainingValueUsd });
  const now = ctx.clock.nowIso();
  const changes: LicenseChanges = {
    shipped_quantity: view.shippedQuantity + input.quantity,
    shipped_value_usd: view.shippedValueUsd + input.valueUsd,
    ...(row.status === 'approved' ? { status: 'shipped_against', status_changed_on: today } : {}),
  };
  const shipment = { id: newId(), license_id: licenseId, shipped_on: input.shippedOn, quantity: input.quantity, value_usd: input.valueUsd, reference: input.reference, created_by: ctx.actor.userId, created_at: now };
  await inTransaction(ctx, async (tx) => {
    // The version guard makes the balance check above hold: a concurrent shipment makes this one 409.
    if (!(await updateLicenseRow(tx.trx, licenseId, input.version, changes, ctx.actor.userId, now))) await throwLicenseConflict(tx.trx, licenseId);
    await insertShipment(tx.trx, shipment);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'license.shipment_recorded',
      entityType: 'proposal',
      entityId: row.proposal_id,
      data: { licenseId, shipmentId: shipment.id, on: input.shippedOn, quantity: input.quantity, valueUsd: input.valueUsd, reference: input.reference, from: row.status, to: changes.status ?? row.status },
    });
  });
  return toLicenseView({ ...row, ...changes, version: row.version + 1, updated_by: ctx.actor.userId, updated_at: now }, p.package, p.countries, byMarket, ctx);
}

// ---- expiry reminders and expiries (scheduled work) -------------------------------------------------

/**
 * Reminds the keepers of each issued license whose validity ends within a threshold of
 * LICENSE_EXPIRY_REMINDER_DAYS, once per threshold, and marks those past their last valid day
 * expired (audited, as a system step). Idempotent. Returns the counts.
 */
export async function remindAndExpireLicenses(deps: Deps): Promise<{ reminded: number; expired: number }> {
  const thresholds = deps.config.LICENSE_EXPIRY_REMINDER_DAYS;
  const today = deps.clock.today();
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + Math.max(0, ...thresholds) * 86_400_000).toISOString().slice(0, 10);
  let reminded = 0;
  let expired = 0;
  for (const row of await findIssuedLicensesEndingBy(deps.db.db, horizon)) {
    const ends = row.expires_at!;
    const label = `${row.license_number ?? row.bis_application_number ?? 'license'} (${row.component_id} → ${row.market})`;
    if (ends < today) {
      const done = await inTransaction(deps, async (tx) => {
        if (!(await updateLicenseBySystem(tx.trx, row.id, row.version, { status: 'expired', status_changed_on: today }, true, deps.clock.nowIso()))) return false;
        await tx.audit({ actorId: null, action: 'license.expired', entityType: 'proposal', entityId: row.proposal_id, data: { licenseId: row.id, from: row.status, to: 'expired', on: today, expiresAt: ends, system: true } });
        await notify(tx, await keepersOf(tx, row.proposal_id), 'license_expiring', `Export license ${label} expired on ${ends}`, `/proposals/${row.proposal_id}/compliance`);
        return true;
      });
      if (done) expired++;
      continue;
    }
    const left = daysBetween(today, ends);
    const sent = JSON.parse(row.reminders_sent_json) as number[];
    const due = thresholds.filter((t) => left <= t && !sent.includes(t));
    if (due.length === 0) continue;
    const done = await inTransaction(deps, async (tx) => {
      if (!(await updateLicenseBySystem(tx.trx, row.id, row.version, { reminders_sent_json: JSON.stringify([...sent, ...due].sort((a, b) => b - a)) }, false, deps.clock.nowIso()))) return false;
      await notify(tx, await keepersOf(tx, row.proposal_id), 'license_expiring', `Export license ${label} expires on ${ends}, in ${left} day(s)`, `/proposals/${row.proposal_id}/compliance`);
      return true;
    });
    if (done) reminded++;
  }
  return { reminded, expired };
}

/** Who keeps the license records of a proposal: the users of its member companies whose roles keep them. */
async function keepersOf(tx: Tx, proposalId: string): Promise<string[]> {
  return usersOfOrgsWhoMay(tx, await activeMemberOrgIdsOfProposal(tx, proposalId), 'licenses.edit');
}

// ---- the critical path ------------------------------------------------------------------------------

const AWAITING_COMMITMENT: readonly FinancingState[] = FINANCING_STATES.filter((s) => !COMMITTED_STATES.includes(s) && !['declined', 'withdrawn', 'expired'].includes(s));
const AGING_RANK = { overdue: 3, due_soon: 2, on_track: 1 } as const;

type DealRef = { id: string; buyerName: string; country: string; awaitingCommitment: boolean };

async function dealRefs(deps: Deps, deals: { id: string; buyer_name: string; country: string }[]): Promise<DealRef[]> {
  const requests = await findRequestsOfDeals(deps.db.db, deals.map((d) => d.id));
  return deals.map((d) => ({ id: d.id, buyerName: d.buyer_name, country: d.country, awaitingCommitment: requests.some((r) => r.deal_id === d.id && AWAITING_COMMITMENT.includes(r.state as FinancingState)) }));
}

async function criticalPathOf(deps: Deps, proposalId: string, market: string | null, deals: DealRef[]): Promise<LicenseCriticalPath> {
  const today = deps.clock.today();
  const target = deps.config.LICENSE_PENDING_TARGET_DAYS;
  const needs = await licenseNeedsForMarket(deps, proposalId, market);
  const items: LicenseCriticalPath['items'] = [];
  for (const n of needs) {
    const blocked = deals.filter((d) => d.country === n.market);
    const base = { componentId: n.componentId, componentName: n.componentName, market: n.market, matrixStatus: n.matrixStatus, blocksCells: n.cellsNeedingLicense, blocksDeals: blocked };
    if (n.licenses.length === 0) {
      if (n.matrixStatus === 'clear') continue;
      items.push({ ...base, licenseId: null, status: 'no_license_record', bisApplicationNumber: null, submittedOn: null, daysPending: null, aging: null, reason: 'no license record: the application is not started' });
      continue;
    }
    // As the financing gate: a pending record holds its cell up even where the matrix finds it clear.
    const standing = cellLicenseStanding(n.licenses, today, null);
    if (standing.cleared) continue;
    for (const { license: l, blocker } of standing.holding) {
      const aging = agingOf(l.daysPending, target);
      const reason = l.status === 'submitted' ? `with BIS for ${l.daysPending ?? '?'} day(s) (target ${target})` : (blocker ?? l.status);
      items.push({ ...base, licenseId: l.id, status: l.status, bisApplicationNumber: l.bisApplicationNumber, submittedOn: l.submittedOn, daysPending: l.daysPending, aging, reason });
    }
  }
  const awaiting = (i: (typeof items)[number]) => i.blocksDeals.filter((d) => d.awaitingCommitment).length;
  items.sort(
    (a, b) =>
      awaiting(b) - awaiting(a) ||
      (b.aging ? AGING_RANK[b.aging] : 0) - (a.aging ? AGING_RANK[a.aging] : 0) ||
      (b.daysPending ?? -1) - (a.daysPending ?? -1) ||
      b.blocksCells - a.blocksCells ||
      a.componentId.localeCompare(b.componentId) ||
      a.market.localeCompare(b.market),
  );
  return { asOf: today, targetDays: target, items };
}

/** The licenses holding up a proposal's cells and its deals the viewer may see, worst first (404 for who may not see the proposal). */
export async function proposalLicenseCriticalPath(ctx: ServiceContext, proposalId: string): Promise<LicenseCriticalPath> {
  await getProposal(ctx, proposalId);
  const visible = new Set((await listDeals(ctx, { proposalId })).map((d) => d.id));
  const deals = (await findDeals(ctx.db.db, { proposalIds: [proposalId] })).filter((d) => visible.has(d.id));
  return criticalPathOf(ctx, proposalId, null, await dealRefs(ctx, deals));
}

/** The licenses holding up one deal, worst first (404 for who may not see the deal). */
export async function dealLicenseCriticalPath(ctx: ServiceContext, dealId: string): Promise<LicenseCriticalPath> {
  const deal = await dealSeenBy(ctx, dealId);
  return criticalPathOf(ctx, deal.proposal_id, deal.country, await dealRefs(ctx, [deal]));
}
