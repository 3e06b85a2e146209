// Export-control compliance use cases: the package compliance matrix (recomputed on every read,
// so it follows the package, the parties' screening and the reference data), one-off
// determinations, the classification helper, the compliance hold, and administrator imports of
// the reference data. License records and their lifecycle are licenses.service.ts.
import { createHash } from 'node:crypto';
import {
  defaultReferenceData,
  determine,
  ExportControlInputError,
  loadReferenceData,
  ReferenceDataError,
  suggestClassification,
  type ClassificationInput,
  type Determination,
  type ReferenceData,
} from '../../../engines/export-control/index.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import {
  type CellStatus,
  type ComplianceMatrixView,
  type ReferenceDataInfo,
  type ReferenceDataVersionView,
} from '../../../shared/contracts/compliance.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import type { ProposalDetail } from '../../../shared/contracts/views.ts';
import { PROPOSAL_TRANSITIONS, type ProposalState } from '../../../shared/domain/proposal-lifecycle.ts';
import { expandMarkets } from '../../../shared/reference/geography.ts';
import { conflict, forbidden, invalid, notFound, type FieldProblem } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { getProposal, placeComplianceHold, proposalForCompliance, proposalIdsInStates, type ComplianceHoldReason } from '../proposals/proposals.service.ts';
import { organizationOwnershipFacts } from '../organizations/organizations.service.ts';
import { buildMatrixView, declaredParties, type MatrixSubject, type OrgFacts } from './compliance.matrix.ts';
import { canEditLicenses, canImportReferenceData } from './compliance.policy.ts';
import { activateReferenceDataVersion, findActiveReferenceData, findReferenceDataVersion, insertReferenceDataVersion, listReferenceDataVersions, EXPORT_CONTROL_KIND } from './compliance.repository.ts';
import { findLicensesOfProposal } from './licenses.repository.ts';
import { toLicenseView } from './licenses.view.ts';

// ---- reference data ------------------------------------------------------------------------------

const compiledVersions = new Map<string, ReferenceData>();

function shippedInfo(ref: ReferenceData): ReferenceDataInfo {
  return { version: ref.version, effectiveDate: ref.effectiveDate, source: 'shipped', importedAt: null, importedBy: null };
}

/** The reference data in force: the active imported version, or the shipped file when none is. */
async function activeReferenceData(deps: Deps): Promise<{ ref: ReferenceData; info: ReferenceDataInfo }> {
  const row = await findActiveReferenceData(deps.db.db);
  if (!row) {
    const ref = defaultReferenceData();
    return { ref, info: shippedInfo(ref) };
  }
  let ref = compiledVersions.get(row.id);
  if (!ref) {
    ref = loadReferenceData(JSON.parse(row.json));
    if (compiledVersions.size >= 8) compiledVersions.delete(compiledVersions.keys().next().value!);
    compiledVersions.set(row.id, ref);
  }
  return { ref, info: { version: row.version, effectiveDate: row.effective_date, source: 'imported', importedAt: row.imported_at, importedBy: row.imported_by } };
}

// ---- the matrix ----------------------------------------------------------------------------------

/** States from which the system places a proposal on compliance hold (before designation). */
const HOLDABLE_STATES: readonly ProposalState[] = PROPOSAL_TRANSITIONS.place_compliance_hold.from;

async function orgFactsFor(deps: Deps, pkg: Package): Promise<Map<string, OrgFacts>> {
  const ids = new Set<string>();
  for (const e of pkg.operatingModel) for (const r of [e.build, e.own, e.operate]) for (const p of r) if (p.orgId) ids.add(p.orgId);
  const rows = await organizationOwnershipFacts(deps, [...ids]);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        principalPlaceOfBusiness: r.principal_place_of_business,
        owners: JSON.parse(r.owners_json) as OrgFacts['owners'],
        ultimateParent: r.ultimate_parent_json ? (JSON.parse(r.ultimate_parent_json) as OrgFacts['ultimateParent']) : null,
      },
    ]),
  );
}

async function computeMatrix(deps: Deps, subject: MatrixSubject, opts: { asOf?: string; canEditLicenses: boolean }): Promise<ComplianceMatrixView> {
  const { ref, info } = await activeReferenceData(deps);
  const { parties, byMarket } = declaredParties(subject.pkg, subject.countries);
  const [hits, licenseRows] = await Promise.all([
    deps.ports.screeningHits(deps, subject.id, [...parties.values()].map(({ id, name, country, orgId }) => ({ id, name, country, orgId }))),
    findLicensesOfProposal(deps.db.db, subject.id),
  ]);
  const licenses = licenseRows.map((r) => toLicenseView(r, subject.pkg, subject.countries, byMarket, deps));
  try {
    return buildMatrixView(subject, ref, { asOf: opts.asOf ?? deps.clock.today(), hits, licenses, referenceData: info, computedAt: deps.clock.nowIso(), canEditLicenses: opts.canEditLicenses });
  } catch (err) {
    // Only a bad asOf or a screening hit on a list the reference data does not know get here.
    if (err instanceof ExportControlInputError) throw invalid(err.code, err.message);
    throw err;
  }
}

/** The matrix subject of a stored proposal row, for system steps that run without a viewer. */
async function storedSubject(deps: Deps, row: { id: string; title: string; state: string; package_json: string }): Promise<MatrixSubject> {
  const pkg = JSON.parse(row.package_json) as Package;
  return { id: row.id, title: row.title, state: row.state, pkg, countries: expandMarkets(pkg.targetMarkets), orgs: await orgFactsFor(deps, pkg) };
}

/** The matrix subject of a proposal as read by its viewer, optionally with another package. */
async function subjectOf(ctx: ServiceContext, p: ProposalDetail, pkg: Package = p.package): Promise<MatrixSubject> {
  const countries = pkg === p.package ? p.countries : expandMarkets(pkg.targetMarkets);
  return { id: p.id, title: p.title, state: p.state, pkg, countries, orgs: await orgFactsFor(ctx, pkg) };
}

/** Why a matrix with prohibited cells holds its proposal (the hold's audit event carries it). */
function holdReasonOf(view: ComplianceMatrixView): ComplianceHoldReason {
  const seen = new Set<string>();
  const cells = [];
  for (const c of view.cells) {
    if (c.status !== 'prohibited') continue;
    const d = view.determinations[c.determination]!;
    const r = d.reasons[0] ?? { text: 'prohibited', citation: '' };
    const key = `${c.componentId}|${c.market}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cells.push({ componentId: c.componentId, market: c.market, partyId: c.partyId, reason: r.text, citation: r.citation });
  }
  const first = cells
    .slice(0, 5)
    .map((c) => `${c.componentId} → ${c.market}: ${c.reason} (${c.citation})`)
    .join('; ');
  return {
    note: `The export-control compliance matrix has ${view.package.counts.prohibited} prohibited cell(s) under reference data ${view.referenceData.version}: ${first}${cells.length > 5 ? '; …' : ''}`,
    referenceDataVersion: view.referenceData.version,
    prohibitedCells: cells.slice(0, 50),
  };
}

/** The compliance matrix of a proposal its viewer may see (404 otherwise). */
export async function getComplianceMatrix(ctx: ServiceContext, id: string, opts: { asOf?: string } = {}): Promise<ComplianceMatrixView> {
  const p = await getProposal(ctx, id);
  // A read only: a prohibited cell is held by start_review and by the worker's sweep, never by a GET.
  return computeMatrix(ctx, await subjectOf(ctx, p), { asOf: opts.asOf, canEditLicenses: canEditLicenses(ctx.actor, p.consortium) });
}

/**
 * Why the proposal would be held if the matrix as of today governs it, or null when nothing in
 * it is prohibited. A pure query: the caller writes the hold (see placeComplianceHold).
 */
export async function holdReasonFor(ctx: ServiceContext, p: ProposalDetail): Promise<ComplianceHoldReason | null> {
  const view = await computeMatrix(ctx, await subjectOf(ctx, p), { canEditLicenses: false });
  return view.status === 'prohibited' ? holdReasonOf(view) : null;
}

/**
 * The package's compliance status, for the queue, the recommendation and to block designation;
 * with `pkg`, the status the proposal would have with that package instead (an amendment's).
 * Pass the proposal already read, when the caller has it, rather than its id.
 */
export async function complianceStatusOf(ctx: ServiceContext, proposal: string | ProposalDetail, pkg?: Package): Promise<CellStatus> {
  const p = typeof proposal === 'string' ? await getProposal(ctx, proposal) : proposal;
  return (await computeMatrix(ctx, await subjectOf(ctx, p, pkg), { canEditLicenses: false })).status;
}

/**
 * A system step: when the matrix of a proposal in review (or later, before designation) has a
 * prohibited cell, the proposal goes to compliance_hold. The sweep calls it whenever the reference
 * data change and on the worker's schedule; reading the matrix never does.
 */
export async function holdIfProhibited(deps: Deps, proposalId: string): Promise<{ held: boolean; status: CellStatus }> {
  const row = await proposalForCompliance(deps, proposalId);
  if (!row) throw notFound('Proposal');
  const view = await computeMatrix(deps, await storedSubject(deps, row), { canEditLicenses: false });
  if (view.status !== 'prohibited' || !HOLDABLE_STATES.includes(row.state as ProposalState)) return { held: false, status: view.status };
  const held = await inTransaction(deps, (tx) => placeComplianceHold(tx, row, holdReasonOf(view)));
  return { held, status: view.status };
}

/**
 * What must clear before financing of a deal in one market (or, with market null, in any market of
 * the package) can be committed: each component the matrix finds license_required or prohibited
 * there, with the license records against it, how many cells (component × party) need it, and the
 * component's share of the package value (null when the package carries no value). A system read
 * (no viewer policy): the financing and license modules apply their own.
 */
export async function licenseNeedsForMarket(deps: Deps, proposalId: string, market: string | null) {
  const row = await proposalForCompliance(deps, proposalId);
  if (!row) throw notFound('Proposal');
  const view = await computeMatrix(deps, await storedSubject(deps, row), { canEditLicenses: false });
  const inScope = (m: string) => market === null || m === market;
  const entries = view.grid.filter((g) => inScope(g.market) && (g.status === 'license_required' || g.status === 'prohibited'));
  const inMarket = view.licenses.filter((l) => inScope(l.market));
  const pkg = JSON.parse(row.package_json) as Package;
  const total = pkg.components.reduce((sum, c) => sum + c.unitValueUsd * c.quantity, 0);
  const keys = new Map<string, { componentId: string; market: string }>();
  for (const x of [...entries, ...inMarket]) keys.set(`${x.componentId}|${x.market}`, { componentId: x.componentId, market: x.market });
  return [...keys.values()].map(({ componentId, market: m }) => {
    const entry = entries.find((g) => g.componentId === componentId && g.market === m);
    const component = pkg.components.find((c) => c.id === componentId);
    return {
      componentId,
      componentName: view.components.find((c) => c.id === componentId)?.name ?? componentId,
      market: m,
      matrixStatus: entry?.status ?? 'clear',
      cellsNeedingLicense: entry ? entry.counts.license_required + entry.counts.prohibited : 0,
      valueShare: component && total > 0 ? (component.unitValueUsd * component.quantity) / total : null,
      licenses: inMarket.filter((l) => l.componentId === componentId && l.market === m),
    };
  });
}

/**
 * Re-evaluates every proposal that could be held: after the reference data changes, and on the
 * worker's schedule (a list activation or a new hit can make a cell prohibited). Returns those held.
 */
export async function sweepHolds(deps: Deps): Promise<string[]> {
  const held: string[] = [];
  for (const id of await proposalIdsInStates(deps, HOLDABLE_STATES)) {
    if ((await holdIfProhibited(deps, id)).held) held.push(id);
  }
  return held;
}

// ---- one-off determinations and the classification helper ------------------------------------------

function fieldOf(err: ExportControlInputError): string {
  switch (err.code) {
    case 'UNKNOWN_ECCN':
      return 'item.eccn';
    case 'UNKNOWN_COUNTRY':
      return / in ([\w.[\]]+)$/.exec(err.message)?.[1] ?? 'destination';
    case 'UNKNOWN_END_USE':
      return 'endUse';
    case 'UNKNOWN_LIST':
      return 'endUser.listHits';
    case 'INVALID_DATE':
      return 'asOf';
    default:
      return '';
  }
}

function statusOfDetermination(d: Determination): CellStatus {
  if (d.licenseRequired === 'prohibited') return 'prohibited';
  if (d.licenseRequired === true) return 'license_required';
  if (d.licenseRequired === null) return 'needs_information';
  return 'clear';
}

export async function determineCase(ctx: ServiceContext, input: unknown): Promise<Determination & { status: CellStatus; referenceData: ReferenceDataInfo }> {
  const { ref, info } = await activeReferenceData(ctx);
  try {
    const d = determine(input, ref, { today: ctx.clock.today(), explain: true });
    return { ...d, status: statusOfDetermination(d), referenceData: info };
  } catch (err) {
    if (err instanceof ExportControlInputError) throw invalid(err.code, err.message, [{ path: fieldOf(err), message: err.message, code: err.code }]);
    throw err;
  }
}

export function suggestEccn(input: ClassificationInput) {
  return suggestClassification(input);
}

// ---- reference data administration -----------------------------------------------------------------

export async function listReferenceData(ctx: ServiceContext): Promise<{ active: ReferenceDataInfo; versions: ReferenceDataVersionView[] }> {
  const { info } = await activeReferenceData(ctx);
  const rows = await listReferenceDataVersions(ctx.db.db);
  const shipped = defaultReferenceData();
  const versions: ReferenceDataVersionView[] = rows.map((r) => ({
    version: r.version,
    effectiveDate: r.effective_date,
    source: 'imported',
    importedAt: r.imported_at,
    importedBy: r.importedByName ?? r.imported_by,
    active: r.active === 1,
    sha256: r.sha256,
  }));
  versions.push({ ...shippedInfo(shipped), active: !rows.some((r) => r.active === 1), sha256: null });
  return { active: info, versions };
}

export async function getActiveReferenceDocument(ctx: ServiceContext) {
  return (await activeReferenceData(ctx)).ref.doc;
}

function problemsOf(err: ReferenceDataError): FieldProblem[] {
  return err.problems.slice(0, 200).map((p) => {
    const i = p.indexOf(': ');
    return i > 0 ? { path: p.slice(0, i), message: p.slice(i + 2) } : { path: '', message: p };
  });
}

export async function importReferenceData(ctx: ServiceContext, doc: unknown): Promise<{ imported: ReferenceDataVersionView; heldProposals: string[] }> {
  if (!canImportReferenceData(ctx.actor)) throw forbidden('Only an administrator imports export-control reference data');
  let ref: ReferenceData;
  try {
    ref = loadReferenceData(doc);
  } catch (err) {
    if (err instanceof ReferenceDataError) throw invalid('REFERENCE_DATA_INVALID', err.message, problemsOf(err));
    throw err;
  }
  if (ref.version === defaultReferenceData().version || (await findReferenceDataVersion(ctx.db.db, ref.version))) {
    throw conflict('REFERENCE_DATA_VERSION_EXISTS', `Reference data version ${ref.version} already exists; give the new file a new version`);
  }
  const json = JSON.stringify(doc);
  const row = {
    id: newId(),
    kind: EXPORT_CONTROL_KIND,
    version: ref.version,
    effective_date: ref.effectiveDate,
    json,
    sha256: createHash('sha256').update(canonicalJson(doc)).digest('hex'),
    imported_by: ctx.actor.userId,
    imported_at: ctx.clock.nowIso(),
    active: 0,
  };
  await inTransaction(ctx, async (tx) => {
    await insertReferenceDataVersion(tx.trx, row);
    await activateReferenceDataVersion(tx.trx, row.id);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'reference_data.imported',
      entityType: 'reference_data',
      entityId: `${EXPORT_CONTROL_KIND}@${row.version}`,
      data: { version: row.version, effectiveDate: row.effective_date, sha256: row.sha256 },
    });
  });
  compiledVersions.set(row.id, ref);
  const heldProposals = await sweepHolds(ctx);
  return {
    imported: { version: row.version, effectiveDate: row.effective_date, source: 'imported', importedAt: row.imported_at, importedBy: ctx.actor.name, active: true, sha256: row.sha256 },
    heldProposals,
  };
}

/** Makes an earlier version (or the shipped file) the one in force again; history is kept. */
export async function activateReferenceData(ctx: ServiceContext, version: string) {
  if (!canImportReferenceData(ctx.actor)) throw forbidden('Only an administrator changes the export-control reference data in force');
  const shipped = defaultReferenceData();
  const row = version === shipped.version ? null : await findReferenceDataVersion(ctx.db.db, version);
  if (version !== shipped.version && !row) throw notFound('Reference data version');
  await inTransaction(ctx, async (tx) => {
    await activateReferenceDataVersion(tx.trx, row?.id ?? '(shipped)');
    await tx.audit({ actorId: ctx.actor.userId, action: 'reference_data.activated', entityType: 'reference_data', entityId: `${EXPORT_CONTROL_KIND}@${version}`, data: { version } });
  });
  const heldProposals = await sweepHolds(ctx);
  return { ...(await listReferenceData(ctx)), heldProposals };
}
