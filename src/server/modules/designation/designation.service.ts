// Designated packages after the decision: amendments (re-reviewed by the program office),
// suspension, revocation, expiry at the end of the term, and renewal.
import { PACKAGE_TRANSITIONS, type PackageAction, type PackageState } from '../../../shared/domain/proposal-lifecycle.ts';
import { AppError, conflict, forbidden, notFound } from '../../../shared/errors.ts';
import { canOn } from '../../../shared/access.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { notify, usersWithRole } from '../notifications/notifications.service.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import { AMENDMENT_KINDS, type AmendmentKind, type MemberFactsChange } from '../../../shared/contracts/designation.ts';
import { changeKinds, diffPackages, type PackageChanges } from '../../../shared/domain/package-diff.ts';
import { assertSuppliersAreMembers, getProposal, proposalForCompliance, proposalIdsOfOrg, putAmendedPackageInForce } from '../proposals/proposals.service.ts';
import { complianceStatusOf } from '../compliance/compliance.service.ts';
import type { MembershipChange } from '../consortia/consortia.service.ts';
import type { OrganizationChange } from '../../lib/ports.ts';
import { userIdsOfOrg } from '../users/users.service.ts';
import {
  findActiveDesignations,
  findAmendment,
  findAmendments,
  findCurrentMembersOfPackage,
  findDesignatedPackage,
  findListedPackages,
  findPackagesInForceOfConsortium,
  findPackagesInForceOfMemberOrg,
  findPublicMembers,
  findTermsEnded,
  hasPendingAmendment,
  insertAmendment,
  insertDesignatedPackage,
  markExpired,
  recordAmendmentDecision,
  setPublicMembers,
  TERM_RUNNING_STATES,
  updatePackageState,
} from './designation.repository.ts';


/** A term that ended is expired, whether or not the worker has recorded it yet. */
function termEnded(row: { state: string; expires_at: string }, now: string): boolean {
  return (TERM_RUNNING_STATES as readonly string[]).includes(row.state) && row.expires_at <= now;
}

/** The package with its effective state (a read: an ended term is recorded by expireDesignations). */
async function loadPackage(ctx: ServiceContext, proposalId: string) {
  const p = await getProposal(ctx, proposalId);
  const row = await findDesignatedPackage(ctx.db.db, proposalId);
  if (!row) throw notFound('Designated package');
  const expiryUnrecorded = termEnded(row, ctx.clock.nowIso());
  return { p, row: expiryUnrecorded ? { ...row, state: 'expired' } : row, expiryUnrecorded };
}

/** Records the expiry of one package in the caller's transaction, with its audit event. */
async function recordExpiry(tx: Tx, row: { proposal_id: string; version: number; expires_at: string }): Promise<boolean> {
  if (!(await markExpired(tx.trx, row.proposal_id, row.version, tx.clock.nowIso()))) return false;
  await tx.audit({ actorId: null, action: 'package.expired', entityType: 'proposal', entityId: row.proposal_id, data: { expiresAt: row.expires_at, system: true } });
  return true;
}

/** Expires every package whose term has ended; the worker runs it on its schedule. Returns how many. */
export async function expireDesignations(deps: Deps): Promise<number> {
  let expired = 0;
  for (const row of await findTermsEnded(deps.db.db, deps.clock.nowIso())) {
    if (await inTransaction(deps, (tx) => recordExpiry(tx, row))) expired++;
  }
  return expired;
}

export async function getDesignatedPackage(ctx: ServiceContext, proposalId: string) {
  const { row } = await loadPackage(ctx, proposalId);
  const amendments = await findAmendments(ctx.db.db, proposalId);
  return {
    proposalId,
    state: row.state as PackageState,
    designatedAt: row.designated_at,
    expiresAt: row.expires_at,
    publicDescription: row.public_description,
    sectors: JSON.parse(row.sectors_json) as string[],
    stateReason: row.state_reason,
    version: row.version,
    amendments: amendments.map((a) => ({
      id: a.id,
      kinds: JSON.parse(a.kinds_json) as string[],
      description: a.description,
      status: a.status,
      requestedAt: a.requested_at,
      decidedAt: a.decided_at,
      decisionNote: a.decision_note,
      proposesPackage: a.package_json !== null,
      changes: a.changes_json ? (JSON.parse(a.changes_json) as PackageChanges) : null,
      ...memberChangeOf(a.data_json),
    })),
  };
}

function assertPackageTransition(ctx: ServiceContext, state: string, action: PackageAction, isAnchor: boolean) {
  const t = PACKAGE_TRANSITIONS[action];
  if (!canOn(ctx.actor, `package.${action}`, { anchor: isAnchor })) throw forbidden(`Your role may not ${action.replaceAll('_', ' ')} this package`);
  if (!(t.from as readonly string[]).includes(state)) throw conflict('INVALID_TRANSITION', `Cannot ${action.replaceAll('_', ' ')} a package that is ${state}`, { allowedFrom: t.from });
  return t.to;
}

async function movePackage(tx: Tx, proposalId: string, version: number, to: string, reason: string | null, extra: { expires_at?: string } = {}) {
  if (!(await updatePackageState(tx.trx, proposalId, version, to, reason, tx.clock.nowIso(), extra))) throw conflict('VERSION_CONFLICT', 'The package changed meanwhile; reload and retry');
}

/**
 * The anchor asks to change membership, layers, markets or support; the package waits for
 * re-review. With a proposed package, the changes are computed (and their kinds derived) so the
 * program office re-reviews exactly what changes, and approval puts that package in force.
 */
export async function requestAmendment(ctx: ServiceContext, proposalId: string, input: { kinds?: AmendmentKind[]; description: string; package?: Package }) {
  const { p, row } = await loadPackage(ctx, proposalId);
  assertPackageTransition(ctx, row.state, 'request_amendment', p.consortium.anchorOrgId === ctx.actor.orgId);
  let changes: PackageChanges | null = null;
  const kinds = new Set(input.kinds ?? []);
  if (input.package) {
    assertSuppliersAreMembers(input.package, p.consortium);
    changes = diffPackages(p.package, input.package);
    const derived = changeKinds(changes);
    if (derived.length === 0) throw new AppError(400, 'VALIDATION_FAILED', 'The proposed package is the package in force', [{ path: 'package', message: 'changes nothing' }]);
    for (const k of derived) kinds.add(k);
  }
  if (kinds.size === 0) throw new AppError(400, 'VALIDATION_FAILED', 'Say what the amendment changes', [{ path: 'kinds', message: 'give the kinds of change, or the proposed package' }]);
  const kindList = AMENDMENT_KINDS.filter((k) => kinds.has(k));
  await inTransaction(ctx, (tx) =>
    openAmendment(tx, {
      proposalId,
      packageState: row.state,
      packageVersion: row.version,
      kinds: kindList,
      description: input.description,
      requestedBy: ctx.actor.userId,
      pkg: input.package ?? null,
      changes,
      notice: `${p.consortium.name} asks to amend “${p.title}” (${kindList.join(', ')}): re-review what changed.`,
    }),
  );
  return getDesignatedPackage(ctx, proposalId);
}

export async function decideAmendment(ctx: ServiceContext, proposalId: string, amendmentId: string, input: { approve: boolean; note: string }) {
  const { p, row } = await loadPackage(ctx, proposalId);
  const to = assertPackageTransition(ctx, row.state, input.approve ? 'approve_amendment' : 'reject_amendment', false);
  const amendment = await findAmendment(ctx.db.db, amendmentId, proposalId);
  if (!amendment) throw notFound('Amendment');
  if (amendment.status !== 'pending') throw conflict('AMENDMENT_DECIDED', 'The amendment was already decided');
  const proposed = input.approve && amendment.package_json ? (JSON.parse(amendment.package_json) as Package) : null;
  // As at designation: a package with a prohibited cell cannot be put in force.
  if (proposed && (await complianceStatusOf(ctx, p, proposed)) === 'prohibited') {
    throw conflict('AMENDMENT_PROHIBITED', 'The amended package has a prohibited cell in the compliance matrix; it cannot be approved');
  }
  await inTransaction(ctx, async (tx) => {
    await recordAmendmentDecision(tx.trx, amendmentId, { status: input.approve ? 'approved' : 'rejected', decided_by: ctx.actor.userId, decided_at: ctx.clock.nowIso(), decision_note: input.note });
    // Several amendments can wait at once (a membership change opens its own): the package is
    // active again when the last is decided.
    if (!(await hasPendingAmendment(tx.trx, proposalId))) await movePackage(tx, proposalId, row.version, to, null);
    if (proposed) await putAmendedPackageInForce(tx, p, proposed, amendment.requested_by);
    // The catalog shows a member's changed facts, or a membership change, once approved (not before).
    if (input.approve && amendment.data_json) await applyToPublicMembers(tx, proposalId, JSON.parse(amendment.data_json) as AmendmentData);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: input.approve ? 'package.amendment_approved' : 'package.amendment_rejected',
      entityType: 'proposal',
      entityId: proposalId,
      data: { amendmentId, note: input.note, ...(proposed ? { revision: p.revision + 1 } : {}) },
    });
    await notify(tx, await userIdsOfOrg(tx, p.consortium.anchorOrgId), 'amendment_decided', `Your amendment of “${p.title}” was ${input.approve ? 'approved' : 'rejected'}.`, `/proposals/${proposalId}`);
  });
  return getDesignatedPackage(ctx, proposalId);
}

/**
 * Records a pending amendment, puts a package in force into amendment_pending, audits it and tells
 * the program officers; `system` marks one that aiep opened itself.
 */
async function openAmendment(
  tx: Tx,
  a: {
    proposalId: string;
    packageState: string;
    packageVersion: number;
    kinds: string[];
    description: string;
    requestedBy: string;
    pkg: Package | null;
    changes: PackageChanges | null;
    notice: string;
    system?: boolean;
    data?: AmendmentData;
  },
) {
  const id = newId();
  await insertAmendment(tx.trx, {
    id,
    proposal_id: a.proposalId,
    kinds_json: JSON.stringify(a.kinds),
    description: a.description,
    status: 'pending',
    requested_by: a.requestedBy,
    requested_at: tx.clock.nowIso(),
    decided_by: null,
    decided_at: null,
    decision_note: null,
    package_json: a.pkg ? JSON.stringify(a.pkg) : null,
    changes_json: a.changes ? JSON.stringify(a.changes) : null,
    data_json: a.data ? JSON.stringify(a.data) : null,
  });
  if (a.packageState === 'active') await movePackage(tx, a.proposalId, a.packageVersion, 'amendment_pending', `Amendment requested: ${a.kinds.join(', ')}`);
  const data = { amendmentId: id, kinds: a.kinds, description: a.description, changes: a.changes, ...(a.data ? { data: a.data } : {}), ...(a.system ? { system: true } : {}) };
  await tx.audit({ actorId: a.requestedBy, action: 'package.amendment_requested', entityType: 'proposal', entityId: a.proposalId, data });
  await notify(tx, await usersWithRole(tx, 'program_officer'), 'amendment_requested', a.notice, `/proposals/${a.proposalId}`);
}

/**
 * A company joined or left the consortium of a designated package: each such package that is in
 * force waits for the program office to re-review its membership, as if the anchor had asked.
 */
export async function openMembershipAmendments(tx: Tx, change: MembershipChange): Promise<void> {
  const packages = await findPackagesInForceOfConsortium(tx.trx, change.consortiumId);
  for (const pk of packages) {
    const supplied = (JSON.parse(pk.package_json) as Package).components.filter((c) => c.supplier === change.orgId).length;
    const description =
      change.change === 'joined'
        ? `${change.orgName} joined the consortium.`
        : `${change.orgName} left the consortium${supplied ? `; it supplies ${supplied} component(s) of this package` : ''}.`;
    await openAmendment(tx, {
      proposalId: pk.proposalId,
      packageState: pk.state,
      packageVersion: pk.version,
      kinds: ['membership'],
      description,
      requestedBy: change.actorId,
      pkg: null,
      changes: null,
      notice: `Membership of “${pk.title}” changed: ${description} Re-review it.`,
      system: true,
      data: { kind: 'membership', orgId: change.orgId, orgName: change.orgName, change: change.change },
    });
  }
}

/** What an amendment aiep opened itself changes, kept with it (amendments.data_json). */
type AmendmentData =
  | { kind: 'membership'; orgId: string; orgName: string; change: 'joined' | 'removed' }
  | ({ kind: 'member_facts' } & MemberFactsChange);

function memberChangeOf(dataJson: string | null): { memberChange?: MemberFactsChange } {
  if (!dataJson) return {};
  const { kind, ...change } = JSON.parse(dataJson) as AmendmentData;
  return kind === 'member_facts' ? { memberChange: change as MemberFactsChange } : {};
}

/** A member's public facts as the catalog shows them: reviewed at designation or at an approved amendment. */
interface PublicMember {
  orgId: string;
  name: string;
  country: string;
}

/**
 * The package's members as reviewed; a package without them recorded (designated by an earlier
 * version) takes its current members, with `keep` (the facts of one member before an unreviewed
 * change) in place of that member's current ones.
 */
async function publicMembersOf(tx: Tx, proposalId: string, keep?: PublicMember): Promise<PublicMember[]> {
  const json = await findPublicMembers(tx.trx, proposalId);
  if (json) return JSON.parse(json) as PublicMember[];
  const current = await findCurrentMembersOfPackage(tx.trx, proposalId);
  return current.map((m) => (keep && m.orgId === keep.orgId ? keep : { orgId: m.orgId, name: m.name, country: m.country }));
}

/** Puts what an approved amendment changed about the members into the facts the catalog shows. */
async function applyToPublicMembers(tx: Tx, proposalId: string, data: AmendmentData): Promise<void> {
  let members = await publicMembersOf(tx, proposalId);
  if (data.kind === 'member_facts') {
    members = members.map((m) => (m.orgId === data.orgId ? { orgId: m.orgId, name: data.after.name, country: data.after.countryOfIncorporation } : m));
  } else if (data.change === 'removed') {
    members = members.filter((m) => m.orgId !== data.orgId);
  } else if (!members.some((m) => m.orgId === data.orgId)) {
    const joined = (await findCurrentMembersOfPackage(tx.trx, proposalId)).find((m) => m.orgId === data.orgId);
    if (joined) members = [...members, { orgId: joined.orgId, name: joined.name, country: joined.country }];
  }
  members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  await setPublicMembers(tx.trx, proposalId, JSON.stringify(members));
}

/** Proposal states in which a submitted proposal is still being reviewed (not yet decided). */
const IN_REVIEW_STATES: readonly string[] = ['submitted', 'eligibility_screening', 'returned_for_information', 'under_review', 'compliance_hold', 'recommendation', 'decision_pending'];

const FACT_LABELS: Record<OrganizationChange['changed'][number], string> = {
  name: 'legal name',
  countryOfIncorporation: 'country of incorporation',
  principalPlaceOfBusiness: 'principal place of business',
  owners: 'owners',
  ultimateParent: 'ultimate parent',
};

function describeFacts(change: OrganizationChange): string {
  const owners = (f: OrganizationChange['before']) => (f.owners.length ? f.owners.map((o) => `${o.name} (${o.country}) ${o.percent} %`).join(', ') : 'none declared');
  const parent = (f: OrganizationChange['before']) => (f.ultimateParent ? `${f.ultimateParent.name} (${f.ultimateParent.country})` : 'none');
  const value = (k: OrganizationChange['changed'][number], f: OrganizationChange['before']) =>
    k === 'owners' ? owners(f) : k === 'ultimateParent' ? parent(f) : f[k];
  return change.changed.map((k) => `${FACT_LABELS[k]}: ${value(k, change.before)} → ${value(k, change.after)}`).join('; ');
}

/** The country-of-concern outcome in words, said explicitly when it changes. */
function describeConcern(change: OrganizationChange): string {
  const { before, after } = change.concern;
  if (after.concern && !before.concern) return ` The member is now OF CONCERN under the country-of-concern test: ${after.reasons.join('; ')}.`;
  if (!after.concern && before.concern) return ' The member is no longer of concern under the country-of-concern test.';
  if (after.concern) return ` The member remains of concern under the country-of-concern test: ${after.reasons.join('; ')}.`;
  return '';
}

/**
 * The deps' reads, through the caller's transaction (the proposals module's reads take deps; on
 * SQLite a read outside the open transaction would wait for it to end).
 */
function readerOf(deps: Deps, tx: Tx): Pick<Deps, 'db'> {
  return { db: { ...deps.db, db: tx.trx } };
}

/**
 * A member changed its screened facts (legal name, country, principal place of business, owners,
 * ultimate parent): every package in force of a consortium it is an active member of waits for the
 * program office to re-review it, as if the anchor had asked, with the facts before and after in the
 * amendment; every proposal of those consortia still under review is flagged to the program office
 * and in its history. The catalog keeps showing the members as reviewed until the amendment is
 * approved.
 */
export async function openOrganizationAmendments(deps: Deps, tx: Tx, change: OrganizationChange): Promise<void> {
  const name = change.before.name;
  const renamed = change.after.name !== name ? ` (now ${change.after.name})` : '';
  const becameOfConcern = change.concern.after.concern && !change.concern.before.concern;
  const memberChange: MemberFactsChange = {
    orgId: change.orgId,
    changed: change.changed,
    before: { ...change.before, owners: [...change.before.owners] },
    after: { ...change.after, owners: [...change.after.owners] },
    countryOfConcern: { before: change.concern.before, after: change.concern.after, becameOfConcern },
  };
  const description = `${name}${renamed}, an active member, changed its ${describeFacts(change)}.${describeConcern(change)}`;
  for (const pk of await findPackagesInForceOfMemberOrg(tx.trx, change.orgId)) {
    // A package designated by an earlier version records its members as reviewed now, with this
    // member as it was: the catalog must not show the unreviewed facts.
    const reviewed = await findPublicMembers(tx.trx, pk.proposalId);
    if (!reviewed) {
      const keep = { orgId: change.orgId, name: change.before.name, country: change.before.countryOfIncorporation };
      await setPublicMembers(tx.trx, pk.proposalId, JSON.stringify(await publicMembersOf(tx, pk.proposalId, keep)));
    }
    await openAmendment(tx, {
      proposalId: pk.proposalId,
      packageState: pk.state,
      packageVersion: pk.version,
      kinds: ['member_facts'],
      description,
      requestedBy: change.actorId,
      pkg: null,
      changes: null,
      notice: `A member of “${pk.title}” changed: ${description} Re-review the package.`,
      system: true,
      data: { kind: 'member_facts', ...memberChange },
    });
  }
  const reader = readerOf(deps, tx);
  for (const id of await proposalIdsOfOrg(reader, change.orgId)) {
    const p = await proposalForCompliance(reader, id);
    if (!p || !IN_REVIEW_STATES.includes(p.state)) continue;
    await tx.audit({ actorId: change.actorId, action: 'proposal.member_facts_changed', entityType: 'proposal', entityId: id, data: { description, memberChange, system: true } });
    await notify(tx, await usersWithRole(tx, 'program_officer'), 'member_facts_changed', `A member of “${p.title}” (${p.state.replaceAll('_', ' ')}) changed: ${description} Take it into the review.`, `/proposals/${id}`);
  }
}

/** Suspension, reinstatement, revocation (each with its reason) and renewal for a new term. */
export async function changePackageState(ctx: ServiceContext, proposalId: string, action: 'suspend' | 'reinstate' | 'revoke' | 'renew', input: { reason: string; termMonths?: number }) {
  const { row, expiryUnrecorded } = await loadPackage(ctx, proposalId);
  const to = assertPackageTransition(ctx, row.state, action, false);
  if (action === 'revoke' || action === 'suspend') {
    if (!input.reason.trim()) throw new AppError(400, 'VALIDATION_FAILED', 'A reason is required', [{ path: 'reason', message: 'must not be empty' }]);
  }
  await inTransaction(ctx, async (tx) => {
    // Renewing a term that ended before the worker recorded it: the expiry goes on the record first.
    let version = row.version;
    if (expiryUnrecorded) {
      if (!(await recordExpiry(tx, row))) throw conflict('VERSION_CONFLICT', 'The designated package changed meanwhile; reload and try again');
      version++;
    }
    let extra = {};
    if (action === 'renew') {
      const from = new Date(Math.max(ctx.clock.millis(), Date.parse(row.expires_at)));
      from.setUTCMonth(from.getUTCMonth() + (input.termMonths ?? ctx.config.DESIGNATION_TERM_MONTHS));
      extra = { expires_at: from.toISOString() };
    }
    await movePackage(tx, proposalId, version, to, input.reason || null, extra);
    await tx.audit({ actorId: ctx.actor.userId, action: `package.${action}`, entityType: 'proposal', entityId: proposalId, data: { reason: input.reason, from: row.state, to, ...extra } });
  });
  return getDesignatedPackage(ctx, proposalId);
}

// ── For other modules ──────────────────────────────────────────────────────────────────────

/**
 * Records the designated package of a proposal the decision official designated, in the caller's
 * transaction (the review module's decision, which audits the step).
 */
export async function designatePackage(tx: Tx, d: { proposalId: string; designatedAt: Date; termMonths: number; publicDescription: string; sectors: string[] }): Promise<void> {
  const expires = new Date(d.designatedAt);
  expires.setUTCMonth(expires.getUTCMonth() + d.termMonths);
  await insertDesignatedPackage(tx.trx, {
    proposal_id: d.proposalId,
    state: 'active',
    designated_at: d.designatedAt.toISOString(),
    expires_at: expires.toISOString(),
    public_description: d.publicDescription,
    sectors_json: JSON.stringify(d.sectors),
    state_reason: null,
    version: 1,
    updated_at: d.designatedAt.toISOString(),
    public_members_json: null,
  });
  // The members' public facts as designated: what the catalog shows until an amendment is approved.
  const members = await findCurrentMembersOfPackage(tx.trx, d.proposalId);
  await setPublicMembers(tx.trx, d.proposalId, JSON.stringify(members.map((m) => ({ orgId: m.orgId, name: m.name, country: m.country }))));
}

/** States in which a package is listed in the public catalog (while its term runs). */
const LISTED_STATES = ['active', 'amendment_pending'];

/**
 * Packages listed in the public catalog now (or the one of `proposalId`), newest first, with their
 * proposal's title and package (as text) and their consortium's name. No viewer's check: the
 * catalog decides which of these fields leave the server.
 */
export function listedPackages(deps: Pick<Deps, 'db' | 'clock'>, proposalId?: string) {
  return findListedPackages(deps.db.db, LISTED_STATES, deps.clock.nowIso(), proposalId);
}

/** Packages that owe monitoring reports (active, waiting for an amendment, or suspended), with their designation time. */
export function designationsUnderMonitoring(deps: Pick<Deps, 'db'>) {
  return findActiveDesignations(deps.db.db);
}
