// Proposal use cases: authorize → rules → repository in a transaction → audit.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import { checkCompleteness, type CompletenessMember } from '../../../shared/domain/completeness.ts';
import { CERTIFICATIONS, type CertificationKind } from '../../../shared/domain/package.ts';
import {
  availableActions,
  checkTransition,
  EDITABLE_STATES,
  PROPOSAL_TRANSITIONS,
  type ProposalAction,
  type ProposalState,
} from '../../../shared/domain/proposal-lifecycle.ts';
import { can, canOn, consortiumRelations, mayEver, stepRoles } from '../../../shared/access.ts';
import { expandMarkets } from '../../../shared/reference/geography.ts';
import { computeUsContent } from '../../../shared/domain/us-content.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { StampCache } from '../../db/stamp-cache.ts';
import { auditEventsOf, latestAuditEvent } from '../audit/audit.service.ts';
import { blockersSentence, eligibilityBlockers } from './eligibility.criteria.ts';
import { findEligibilityAnswers } from './eligibility.repository.ts';
// Read through the owners' repositories, not their services: the review and designation services
// call this one (a cycle otherwise).
import { findConsultationForAgency, findDecision, findReviewerAssignments } from '../review/review.repository.ts';
import { findDesignationState } from '../designation/designation.repository.ts';
import { activeConsortiumIdsOf, assembleConsortium, loadConsortiumForActor } from '../consortia/consortia.service.ts';
import { consortiumForMember } from '../consortia/consortia.policy.ts';
import { userNames } from '../users/users.service.ts';
import { loadOrganization } from '../organizations/organizations.service.ts';
import { assertOrganizationApproved } from '../onboarding/onboarding.policy.ts';
import { notify, settleRequest, usersOfOrgsWhoMay, usersWithRole } from '../notifications/notifications.service.ts';
import { assertCallTakesSubmission, callForNewProposal } from '../calls/calls.service.ts';
import type { MembershipChange } from '../../lib/ports.ts';
import type { ConsortiumView, MemberCertification, ProposalDetail, ProposalSummary } from '../../../shared/contracts/views.ts';
import {
  canCertify,
  canViewProposal,
  editScope,
  historyAudience,
  historyEventFor,
  relationsTo,
  officeOf,
  seesWorkingRevision,
  type ProposalFacts,
} from './proposals.policy.ts';
import {
  findActiveMemberOrgIdsOfProposal,
  findAllProposalPackages,
  findCertifications,
  findCertifiedKindsOfOrg,
  findLatestRevision,
  findProposal,
  findProposalForUpdate,
  findProposalForCompliance,
  findProposalHeading,
  findProposalIdsInStates,
  findProposalIdsOfOrg,
  findProposalsOfConsortiumInStates,
  findProposalWithConsortium,
  findRevisionHeads,
  findRevisions,
  findSubmittedProposalStates,
  insertCertifications,
  insertProposal,
  insertRevision,
  listProposalRows,
  markProposalSubmitted,
  moveProposal,
  replaceProposalPackage,
  setProposalState,
  updateProposalContent,
} from './proposals.repository.ts';

type ProposalRow = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

/** Which content a viewer reads: the consortium's current one, or the last submitted revision (government). */
type ContentView = 'working' | 'submitted';

interface Loaded {
  row: ProposalRow;
  /** The consortium in `facts` is the one this viewer sees (consortia.policy.ts). */
  facts: ProposalFacts;
  view: ContentView;
  /** The content this viewer sees; `pkg` is its package. */
  content: RevisionContent;
  pkg: Package;
  snapshot: ProposalSnapshot;
}

/** A proposal's content as of one revision, with what is derived from it. */
interface RevisionContent {
  title: string;
  summary: string;
  revision: number;
  pkg: Package;
  certifications: MemberCertification[];
  completeness: ReturnType<typeof checkCompleteness>;
  usContent: ReturnType<typeof computeUsContent>;
  countries: string[];
}

/** What a proposal is, whoever looks at it: read and derived once per change of the database. */
interface ProposalSnapshot {
  row: ProposalRow;
  /** Seen by nobody in particular (government users see it so): `viewerIsAnchor` is set per viewer. */
  consortium: ConsortiumView;
  /** The consortium as its member companies see it: the ownership of members not active withheld. */
  memberConsortium: ConsortiumView;
  /** The current content: what the consortium sees and edits. */
  working: RevisionContent;
  /**
   * What government users see: while the consortium works on a revision it has not submitted
   * (returned for information, or withdrawn from there), the last submitted revision as it was
   * submitted; otherwise the current content.
   */
  submitted: RevisionContent;
  /** The program office's request while the proposal is returned for information. */
  informationRequest: { note: string | null; at: string } | null;
}

const snapshots = new StampCache<ProposalSnapshot | null>(1000);

/** States in which the stored content may be a revision not yet submitted (see ProposalSnapshot.submitted). */
const WORKING_REVISION_STATES: readonly string[] = ['returned_for_information', 'withdrawn'];

function contentOf(
  ctx: Pick<ServiceContext, 'config'>,
  consortium: ConsortiumView,
  c: { title: string; summary: string; revision: number; pkg: Package; certifications: MemberCertification[] },
): RevisionContent {
  return {
    ...c,
    completeness: checkCompleteness(c.pkg, completenessMembers(consortium, c.certifications), ctx.config.COUNTRIES_OF_CONCERN),
    usContent: computeUsContent(c.pkg.components),
    countries: expandMarkets(c.pkg.targetMarkets),
  };
}

function loadSnapshot(ctx: Pick<ServiceContext, 'db' | 'config'>, id: string): Promise<ProposalSnapshot | null> {
  return snapshots.get(ctx.db, id, async () => {
    const row = await findProposalWithConsortium(ctx.db.db, id);
    if (!row) return null;
    const consortium = await assembleConsortium(
      { db: ctx.db, config: ctx.config },
      { id: row.consortium_id, name: row.c_name, anchor_org_id: row.c_anchor_org_id, version: row.c_version, created_at: row.c_created_at },
    );
    const pkg = JSON.parse(row.package_json) as Package;
    const certifications = await certificationsOf(ctx, row.id, consortium);
    const working = contentOf(ctx, consortium, { title: row.title, summary: row.summary, revision: row.revision, pkg, certifications });
    let submitted = working;
    if (row.submitted_at !== null && WORKING_REVISION_STATES.includes(row.state)) {
      const last = await findLatestRevision(ctx.db.db, row.id);
      if (last && last.revision !== row.revision) {
        submitted = contentOf(ctx, consortium, {
          title: last.title,
          summary: last.summary,
          revision: last.revision,
          pkg: JSON.parse(last.package_json) as Package,
          certifications: JSON.parse(last.certifications_json) as MemberCertification[],
        });
      }
    }
    const returned = row.state === 'returned_for_information' ? await latestAuditEvent(ctx, 'proposal', row.id, 'proposal.return_for_information') : undefined;
    return {
      row,
      consortium,
      memberConsortium: consortiumForMember(consortium),
      working,
      submitted,
      informationRequest: returned ? { note: (JSON.parse(returned.data_json) as { note: string | null }).note, at: returned.at } : null,
    };
  });
}

async function loadForActor(ctx: ServiceContext, id: string): Promise<Loaded> {
  const snapshot = await loadSnapshot(ctx, id);
  if (!snapshot) throw notFound('Proposal');
  const { row } = snapshot;
  const facts: ProposalFacts = {
    state: row.state as ProposalState,
    everSubmitted: row.submitted_at !== null,
    // The policy reads the members and their statuses only; the viewer's form is set below.
    consortium: snapshot.consortium,
    reviewAccess: await reviewAccessOf(ctx, id),
  };
  if (!canViewProposal(ctx.actor, facts)) throw notFound('Proposal');
  const view: ContentView = seesWorkingRevision(ctx.actor, facts) ? 'working' : 'submitted';
  // Member companies see the consortium without the ownership of companies not active in it.
  const consortium = view === 'working' ? snapshot.memberConsortium : snapshot.consortium;
  facts.consortium = { ...consortium, viewerIsAnchor: ctx.actor.orgId === consortium.anchorOrgId };
  const content = snapshot[view];
  return { row, facts, view, content, pkg: content.pkg, snapshot };
}

/** How an interagency reviewer reaches a proposal; see ProposalFacts.reviewAccess. */
async function reviewAccessOf(ctx: ServiceContext, proposalId: string): Promise<ProposalFacts['reviewAccess']> {
  if (!mayEver(ctx.actor, 'review.score') && !mayEver(ctx.actor, 'consultation.respond')) return null;
  const mine = await findReviewerAssignments(ctx.db.db, proposalId, ctx.actor.userId);
  if (mine.some((a) => a.coi === 'conflicted')) return 'conflicted';
  if (mine.some((a) => a.coi === 'none')) return 'reviewer';
  if (ctx.actor.agency && (await findConsultationForAgency(ctx.db.db, proposalId, ctx.actor.agency))) return 'consultation';
  return null;
}

async function certificationsOf(ctx: Pick<ServiceContext, 'db'>, proposalId: string, consortium: ConsortiumView): Promise<MemberCertification[]> {
  const rows = await findCertifications(ctx.db.db, proposalId);
  return consortium.members
    .filter((m) => m.status === 'active')
    .map((m) => {
      const kinds = Object.fromEntries(
        CERTIFICATIONS.map((k) => {
          const r = rows.find((x) => x.org_id === m.orgId && x.kind === k);
          return [k, { certified: !!r, at: r?.certified_at ?? null, by: r?.certifiedByName ?? null }];
        }),
      ) as MemberCertification['kinds'];
      return { orgId: m.orgId, orgName: m.name, kinds };
    });
}

function completenessMembers(consortium: ConsortiumView, certs: MemberCertification[]): CompletenessMember[] {
  return consortium.members
    .filter((m) => m.status === 'active')
    .map((m) => {
      const c = certs.find((x) => x.orgId === m.orgId);
      return {
        ...m,
        id: m.orgId,
        certifications: Object.fromEntries(CERTIFICATIONS.map((k) => [k, c?.kinds[k].certified ?? false])),
      };
    });
}

/** The part of a proposal's detail that is the same for every viewer of one view (consortium or government). */
function sharedPart({ row }: ProposalSnapshot, c: RevisionContent) {
  return {
    id: row.id,
    title: c.title,
    summary: c.summary,
    state: row.state as ProposalState,
    version: row.version,
    revision: c.revision,
    submittedAt: row.submitted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    package: c.pkg,
    countries: c.countries,
    usContent: c.usContent,
    completeness: c.completeness,
    certifications: c.certifications,
  };
}

/** The part that depends on who looks: the consortium as this viewer sees it, permissions, the information request. */
function viewerPart(ctx: ServiceContext, { facts, snapshot }: Loaded) {
  return {
    consortium: facts.consortium,
    permissions: {
      edit: editScope(ctx.actor, facts),
      certify: canCertify(ctx.actor, facts),
      actions: isViewerAllowedActions(ctx, facts),
    },
    informationRequest: snapshot.informationRequest,
  };
}

function assemble(ctx: ServiceContext, loaded: Loaded): ProposalDetail {
  return { ...sharedPart(loaded.snapshot, loaded.content), ...viewerPart(ctx, loaded) };
}

/** Per snapshot and view, the shared part as JSON text and the consortium without the viewer flag. */
const sharedJson = new WeakMap<ProposalSnapshot, Partial<Record<ContentView, { open: string; consortiumOpen: string }>>>();

/**
 * The proposal read as JSON text, for the API's hottest route: the shared part is serialized once
 * per snapshot (serializing the whole ~9 KB detail on every read cost a third of the request) and
 * only the viewer's part is added. Parses to exactly what getProposal returns.
 */
export async function getProposalJson(ctx: ServiceContext, id: string): Promise<{ json: string; version: number }> {
  const loaded = await loadForActor(ctx, id);
  let parts = sharedJson.get(loaded.snapshot);
  if (!parts) {
    parts = {};
    sharedJson.set(loaded.snapshot, parts);
  }
  let shared = parts[loaded.view];
  if (!shared) {
    // The consortium as this view shows it (government users and member companies see it differently).
    const { viewerIsAnchor: _perViewer, ...consortium } = loaded.facts.consortium;
    // Both are non-empty objects: dropping the closing brace leaves room for more members.
    shared = { open: JSON.stringify(sharedPart(loaded.snapshot, loaded.content)).slice(0, -1), consortiumOpen: JSON.stringify(consortium).slice(0, -1) };
    parts[loaded.view] = shared;
  }
  const viewer = viewerPart(ctx, loaded);
  const json = `${shared.open},"consortium":${shared.consortiumOpen},"viewerIsAnchor":${viewer.consortium.viewerIsAnchor}},"permissions":${JSON.stringify(viewer.permissions)},"informationRequest":${JSON.stringify(viewer.informationRequest)}}`;
  return { json, version: loaded.row.version };
}

function isViewerAllowedActions(ctx: ServiceContext, facts: ProposalFacts): ProposalAction[] {
  // Applicant actions need the anchor's own organization, not only the anchor_member role.
  const roles = stepRoles(ctx.actor, relationsTo(ctx.actor, facts));
  return availableActions(facts.state, roles);
}

/** China as a place of origin: the mainland, Hong Kong and Macau. */
const CHINA_ORIGINS: readonly string[] = ['CN', 'HK', 'MO'];

/** Share of the package's component value that originates in `origins` (null without any value). */
function originShare(components: Package['components'], origins: readonly string[]): number | null {
  let total = 0;
  let from = 0;
  for (const c of components) {
    const value = c.unitValueUsd * c.quantity;
    total += value;
    if (origins.includes(c.countryOfOrigin)) from += value;
  }
  return total > 0 ? from / total : null;
}

/**
 * Facts about a proposal for other modules' rules (financing eligibility, the license gate), read
 * without the viewer's visibility check: callers must apply their own policy before returning
 * anything derived from it.
 */
export async function proposalFactsForRules(deps: Pick<ServiceContext, 'db' | 'config'>, id: string) {
  const snapshot = await loadSnapshot(deps, id);
  if (!snapshot) return null;
  const { row, consortium, working } = snapshot;
  const designation = await findDesignationState(deps.db.db, id);
  return {
    id: row.id,
    title: row.title,
    state: row.state as ProposalState,
    consortiumId: consortium.id,
    consortiumName: consortium.name,
    anchorOrgId: consortium.anchorOrgId,
    countries: working.countries,
    usContent: working.usContent,
    chinaContentShare: originShare(working.pkg.components, CHINA_ORIGINS),
    designation: designation ? { state: designation.state, designatedAt: designation.designated_at } : null,
  };
}

export async function getProposal(ctx: ServiceContext, id: string): Promise<ProposalDetail> {
  return assemble(ctx, await loadForActor(ctx, id));
}

export async function getCompleteness(ctx: ServiceContext, id: string) {
  const p = await getProposal(ctx, id);
  return { ...(await withCallRequirements(ctx, p)), usContent: p.usContent };
}

/**
 * The completeness of the content the viewer sees, with what the proposal's call asks of the
 * consortium's working content (narratives and attachments; through the callCompleteness port).
 */
async function withCallRequirements(ctx: ServiceContext, p: ProposalDetail): Promise<ProposalDetail['completeness']> {
  if (!seesWorkingRevisionOf(ctx, p)) return p.completeness;
  const problems = [...p.completeness.problems, ...(await ctx.ports.callCompleteness(ctx, p.id))];
  return { complete: problems.length === 0, problems };
}

/** Whether the viewer reads the working content of an editable proposal (a member company of the consortium). */
const seesWorkingRevisionOf = (ctx: ServiceContext, p: ProposalDetail): boolean => ctx.actor.orgKind === 'company' && EDITABLE_STATES.includes(p.state);

export async function listProposals(ctx: ServiceContext, q: { limit: number; cursor?: string; state?: string }) {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  let filter;
  if (ctx.actor.orgKind === 'company') {
    filter = { consortiumIds: await activeConsortiumIdsOf(ctx, ctx.actor.orgId) };
  } else if (can(ctx.actor, 'proposal.read_all')) {
    filter = { governmentVisibleOnly: true };
  } else {
    return { items: [], nextCursor: null };
  }
  const rows = await listProposalRows(ctx.db.db, { ...filter, state: q.state, after, limit: q.limit });
  // Government users see the last submitted revision while the consortium works on the next one.
  const submittedHeads = filter.governmentVisibleOnly ? await lastSubmittedHeads(ctx, rows) : new Map<string, { revision: number; title: string }>();
  const items = rows.slice(0, q.limit).map((r): ProposalSummary => ({
    id: r.id,
    title: submittedHeads.get(r.id)?.title ?? r.title,
    state: r.state as ProposalState,
    revision: submittedHeads.get(r.id)?.revision ?? r.revision,
    version: r.version,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    consortium: { id: r.consortium_id, name: r.consortiumName },
  }));
  return { items, nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1]!.id) : null };
}

/** The last submitted revision's number and title of the rows whose content is a revision not yet submitted. */
async function lastSubmittedHeads(ctx: ServiceContext, rows: { id: string; state: string; revision: number }[]) {
  const open = rows.filter((r) => WORKING_REVISION_STATES.includes(r.state));
  const last = new Map<string, { revision: number; title: string }>();
  for (const h of await findRevisionHeads(ctx.db.db, open.map((r) => r.id))) last.set(h.proposal_id, { revision: h.revision, title: h.title });
  for (const r of open) if (last.get(r.id)?.revision === r.revision) last.delete(r.id);
  return last;
}

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[\w-]{1,64}$/.test(id)) throw new AppError(400, 'INVALID_CURSOR', 'The pagination cursor is not valid');
  return id;
}

export interface ProposalInput {
  title: string;
  summary: string;
  package: Package;
}

export async function createProposal(ctx: ServiceContext, input: ProposalInput & { consortiumId: string; callId?: string }) {
  const consortium = await loadConsortiumForActor(ctx, input.consortiumId);
  if (!canOn(ctx.actor, 'proposal.create', consortiumRelations(ctx.actor, consortium))) {
    throw forbidden('Only the anchor member starts a proposal for its consortium');
  }
  assertOrganizationApproved(await loadOrganization(ctx, ctx.actor.orgId));
  assertSuppliersAreMembers(input.package, consortium);
  // A proposal answers an open call (checked again at submission against its closing time).
  const call = input.callId !== undefined ? await callForNewProposal(ctx, input.callId) : null;
  const id = newId();
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    await insertProposal(tx.trx, {
      id,
      consortium_id: consortium.id,
      title: input.title,
      summary: input.summary,
      state: 'draft',
      package_json: JSON.stringify(input.package),
      version: 1,
      revision: 1,
      submitted_at: null,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
      call_id: call?.id ?? null,
    });
    await tx.audit({ actorId: ctx.actor.userId, action: 'proposal.created', entityType: 'proposal', entityId: id, data: { consortiumId: consortium.id, title: input.title, callId: call?.id ?? null } });
    const members = consortium.members.filter((m) => m.status === 'active').map((m) => m.orgId);
    const asked = (await usersOfOrgsWhoMay(tx, members, 'proposal.certify')).filter((u) => u !== ctx.actor.userId);
    await askToCertify(tx, asked, { id, title: input.title });
  });
  return getProposal(ctx, id);
}

export function assertSuppliersAreMembers(pkg: Package, consortium: ConsortiumView) {
  const active = new Set(consortium.members.filter((m) => m.status === 'active').map((m) => m.orgId));
  const problems = pkg.components
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !active.has(c.supplier))
    .map(({ c, i }) => ({ path: `package.components.${i}.supplier`, message: `"${c.supplier}" is not an active member of the consortium` }));
  if (problems.length) throw new AppError(400, 'VALIDATION_FAILED', 'Request is invalid', problems);
}

/** The proposal as seen by a member that may edit only its own components. */
function othersView(p: ProposalInput, orgId: string) {
  return canonicalJson({ title: p.title, summary: p.summary, package: { ...p.package, components: p.package.components.filter((c) => c.supplier !== orgId) } });
}

export async function updateProposal(ctx: ServiceContext, id: string, input: ProposalInput, expectedVersion: number) {
  const loaded = await loadForActor(ctx, id);
  // Permission first: whoever may never change the proposal is refused as such (403) in any state;
  // only a member who could edit it hears that its state refuses the change (409).
  const rel = consortiumRelations(ctx.actor, loaded.facts.consortium);
  if (!canOn(ctx.actor, 'proposal.edit', rel) && !canOn(ctx.actor, 'proposal.edit_own_components', rel)) throw forbidden('You may not change this proposal');
  const scope = editScope(ctx.actor, loaded.facts);
  if (scope === 'none') {
    if (!['draft', 'returned_for_information'].includes(loaded.facts.state)) {
      throw conflict('PROPOSAL_IMMUTABLE', `A ${loaded.facts.state} proposal cannot be changed; it was submitted as revision ${loaded.row.revision}`);
    }
    throw forbidden('You may not change this proposal');
  }
  if (scope === 'own_components') {
    const before = { title: loaded.row.title, summary: loaded.row.summary, package: loaded.pkg };
    if (othersView(before, ctx.actor.orgId) !== othersView(input, ctx.actor.orgId)) {
      throw forbidden('A consortium member may change only the components it supplies; ask the anchor member for other changes');
    }
  }
  assertSuppliersAreMembers(input.package, loaded.facts.consortium);
  await inTransaction(ctx, async (tx) => {
    const content = { title: input.title, summary: input.summary, package_json: JSON.stringify(input.package) };
    if (!(await updateProposalContent(tx.trx, id, expectedVersion, content, ctx.clock.nowIso()))) await throwWriteConflict(tx, id);
    await tx.audit({ actorId: ctx.actor.userId, action: 'proposal.updated', entityType: 'proposal', entityId: id, data: { version: expectedVersion + 1, components: input.package.components.length } });
  });
  return getProposal(ctx, id);
}

async function throwWriteConflict(tx: Tx, id: string, editingContent = true): Promise<never> {
  const now = await findProposal(tx.trx, id);
  if (!now) throw notFound('Proposal');
  if (editingContent && !['draft', 'returned_for_information'].includes(now.state)) {
    throw conflict('PROPOSAL_IMMUTABLE', `A ${now.state} proposal cannot be changed`);
  }
  throw conflict('VERSION_CONFLICT', `The proposal was changed by someone else (now version ${now.version}); reload and apply your change again`, {
    currentVersion: now.version,
  });
}

/** Each member company certifies before submission: its users who may are asked to, with a link. */
async function askToCertify(tx: Tx, userIds: readonly string[], p: { id: string; title: string }) {
  await notify(tx, userIds, 'certification_requested', `Your company is asked to make its certifications for “${p.title}” before it can be submitted.`, `/proposals/${p.id}`);
}

/**
 * A company that joins a consortium is asked to certify for each of its proposals still open to
 * certification (the composition root calls this when membership changes).
 */
export async function askJoinedMemberToCertify(tx: Tx, change: MembershipChange): Promise<void> {
  if (change.change !== 'joined') return;
  const open = await findProposalsOfConsortiumInStates(tx.trx, change.consortiumId, EDITABLE_STATES);
  if (open.length === 0) return;
  const asked = await usersOfOrgsWhoMay(tx, [change.orgId], 'proposal.certify');
  for (const p of open) {
    // A company that certified before it left and came back is not asked again.
    if ((await findCertifiedKindsOfOrg(tx.trx, p.id, change.orgId)).length < CERTIFICATIONS.length) await askToCertify(tx, asked, p);
  }
}

export async function certifyProposal(ctx: ServiceContext, id: string, kinds: CertificationKind[]) {
  const loaded = await loadForActor(ctx, id);
  // Permission first (403 for whoever may never certify for it), then the state (409 once submitted).
  if (!canOn(ctx.actor, 'proposal.certify', consortiumRelations(ctx.actor, loaded.facts.consortium))) throw forbidden('Only a user of a member company may certify for it');
  if (!canCertify(ctx.actor, loaded.facts)) throw conflict('PROPOSAL_IMMUTABLE', `A ${loaded.facts.state} proposal can no longer be certified`);
  // Each certification is made once per organization: asking again for only what is certified
  // already — a second click, or a colleague's request racing this one — is 409.
  const alreadyCertified = () => conflict('ALREADY_CERTIFIED', 'Your organization has already made these certifications');
  const existing = await findCertifications(ctx.db.db, id);
  if (!kinds.some((k) => !existing.some((e) => e.org_id === ctx.actor.orgId && e.kind === k))) throw alreadyCertified();
  await inTransaction(ctx, async (tx) => {
    // Re-checked under the proposal's row lock, so certifications racing each other or a submission
    // never write a certification twice (a primary-key error otherwise) or after the submission.
    const locked = await findProposalForUpdate(tx.trx, tx.dialect, id);
    if (!locked || !EDITABLE_STATES.includes(locked.state as ProposalState)) throw conflict('PROPOSAL_IMMUTABLE', `A ${locked?.state ?? 'removed'} proposal can no longer be certified`);
    const certified = await findCertifiedKindsOfOrg(tx.trx, id, ctx.actor.orgId);
    const fresh = kinds.filter((k, i) => !certified.includes(k) && kinds.indexOf(k) === i);
    if (fresh.length === 0) throw alreadyCertified();
    const at = ctx.clock.nowIso();
    await insertCertifications(
      tx.trx,
      fresh.map((kind) => ({ proposal_id: id, org_id: ctx.actor.orgId, kind, certified_by: ctx.actor.userId, certified_at: at })),
    );
    await tx.audit({ actorId: ctx.actor.userId, action: 'proposal.certified', entityType: 'proposal', entityId: id, data: { orgId: ctx.actor.orgId, kinds: fresh } });
    // Every certification made: the request to the company is done.
    if (certified.length + fresh.length >= CERTIFICATIONS.length) await settleRequest(tx, ctx.actor.orgId, 'certification_requested', `/proposals/${id}`);
  });
  return getProposal(ctx, id);
}

export async function submitProposal(ctx: ServiceContext, id: string, expectedVersion?: number) {
  const p = await getProposal(ctx, id);
  const action: ProposalAction = p.state === 'returned_for_information' ? 'resubmit' : 'submit';
  assertTransition(ctx, p, action);
  if (expectedVersion !== undefined && expectedVersion !== p.version) {
    throw conflict('VERSION_CONFLICT', `The proposal was changed since you loaded it (now version ${p.version})`, { currentVersion: p.version });
  }
  // The call's deadline holds for the first submission; a proposal returned for information may
  // always be resubmitted. A rolling call never refuses.
  if (action === 'submit') await assertCallTakesSubmission(ctx, id);
  const completeness = await withCallRequirements(ctx, p);
  if (!completeness.complete) {
    throw unprocessable(
      'PROPOSAL_INCOMPLETE',
      `The proposal is not complete: ${completeness.problems.length} item(s) missing`,
      completeness.problems,
    );
  }
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    if (!(await markProposalSubmitted(tx.trx, id, p.version, p.submittedAt ?? now, now))) await throwWriteConflict(tx, id);
    await insertRevision(tx.trx, {
      proposal_id: id,
      revision: p.revision,
      title: p.title,
      summary: p.summary,
      package_json: JSON.stringify(p.package),
      certifications_json: JSON.stringify(p.certifications),
      submitted_at: now,
      submitted_by: ctx.actor.userId,
    });
    await tx.audit({
      actorId: ctx.actor.userId,
      action: `proposal.${action}`,
      entityType: 'proposal',
      entityId: id,
      data: { revision: p.revision, from: p.state, to: 'submitted', packageSha256: createHash('sha256').update(canonicalJson(p.package)).digest('hex') },
    });
    await notify(tx, await usersWithRole(tx, 'program_officer'), 'proposal_submitted', `${p.consortium.name} ${action === 'resubmit' ? 'resubmitted' : 'submitted'} “${p.title}” (revision ${p.revision}).`, `/proposals/${id}`);
  });
  return getProposal(ctx, id);
}

export function assertTransition(ctx: ServiceContext, p: ProposalDetail, action: ProposalAction) {
  const roles = stepRoles(ctx.actor, consortiumRelations(ctx.actor, p.consortium));
  const check = checkTransition(action, p.state, roles);
  if (check.ok) return check.to;
  if (check.reason === 'forbidden_role') throw forbidden(`Your role may not ${action.replaceAll('_', ' ')} this proposal`);
  throw conflict('INVALID_TRANSITION', `Cannot ${action.replaceAll('_', ' ')} a proposal in state ${p.state}`, { allowedFrom: check.allowedFrom });
}

/** Actions that carry their own record and so go through their own endpoint, not the generic one. */
const ACTIONS_WITH_OWN_ENDPOINT: Partial<Record<ProposalAction, string>> = {
  recommend: 'POST /api/v1/proposals/{id}/recommendation',
  designate: 'POST /api/v1/proposals/{id}/decision',
  not_designate: 'POST /api/v1/proposals/{id}/decision',
};

/** Transitions other than submission: withdraw, and the program office's steps. */
export async function transitionProposal(ctx: ServiceContext, id: string, action: ProposalAction, note: string | undefined) {
  if (action === 'submit' || action === 'resubmit') return submitProposal(ctx, id);
  // Entering review decides the compliance hold in the same transaction, which needs the
  // compliance module: that use case is startReview in the review module.
  if (action === 'start_review') throw new Error('start_review is startReview() of the review module');
  const endpoint = ACTIONS_WITH_OWN_ENDPOINT[action];
  if (endpoint) throw new AppError(400, 'USE_DEDICATED_ENDPOINT', `${action} is recorded with ${endpoint}`);
  return applyTransition(ctx, await getProposal(ctx, id), action, note);
}

/** Why the system holds a proposal: the prohibited cells of its compliance matrix. */
export interface ComplianceHoldReason {
  note: string;
  referenceDataVersion: string;
  prohibitedCells: { componentId: string; market: string; partyId: string | null; reason: string; citation: string }[];
}

/**
 * The system's compliance hold, in the caller's transaction: checked against the state machine and
 * written with its audit event. False when the proposal cannot be held in its state or moved
 * meanwhile (the next sweep tries again).
 */
export async function placeComplianceHold(tx: Tx, p: { id: string; state: string; version: number }, reason: ComplianceHoldReason): Promise<boolean> {
  const check = checkTransition('place_compliance_hold', p.state as ProposalState, PROPOSAL_TRANSITIONS.place_compliance_hold.roles);
  if (!check.ok) return false;
  if (!(await setProposalState(tx.trx, p.id, p.version, p.state, check.to, tx.clock.nowIso()))) return false;
  await tx.audit({
    actorId: null,
    action: 'proposal.place_compliance_hold',
    entityType: 'proposal',
    entityId: p.id,
    data: { from: p.state, to: check.to, note: reason.note, system: true, referenceDataVersion: reason.referenceDataVersion, prohibitedCells: reason.prohibitedCells },
  });
  return true;
}

/**
 * Checks the transition against the state machine and the actor's roles, then moves the proposal
 * and audits it; `alsoWrite` adds the records that belong to the step (a decision, say) to the
 * same transaction, so the state and its record never disagree.
 */
/**
 * Puts an approved amendment's package in force on a designated proposal, as a new revision kept
 * in the history like a submission. Runs in the caller's transaction.
 */
export async function putAmendedPackageInForce(tx: Tx, p: ProposalDetail, pkg: Package, requestedBy: string) {
  const now = tx.clock.nowIso();
  const revision = p.revision + 1;
  if (!(await replaceProposalPackage(tx.trx, p.id, p.version, JSON.stringify(pkg), revision, now))) await throwWriteConflict(tx, p.id, false);
  await insertRevision(tx.trx, { proposal_id: p.id, revision, title: p.title, summary: p.summary, package_json: JSON.stringify(pkg), certifications_json: JSON.stringify(p.certifications), submitted_at: now, submitted_by: requestedBy });
}

export async function applyTransition(
  ctx: ServiceContext,
  p: ProposalDetail,
  action: ProposalAction,
  note: string | undefined,
  alsoWrite?: (tx: Tx, moved: { state: ProposalState; version: number }) => Promise<void>,
): Promise<ProposalDetail> {
  const to = assertTransition(ctx, p, action);
  await inTransaction(ctx, async (tx) => {
    // Review starts only on a complete eligibility checklist of the revision screened (read in the
    // transaction, so an answer changed meanwhile is seen); returning for information needs none.
    if (action === 'start_review') {
      const blockers = eligibilityBlockers(await findEligibilityAnswers(tx.trx, p.id, p.revision));
      if (blockers.length) throw conflict('ELIGIBILITY_INCOMPLETE', blockersSentence(blockers), { blockers });
    }
    // Returning a submitted proposal opens a new working revision; the submitted one stays as it was.
    const revision = action === 'return_for_information' ? p.revision + 1 : p.revision;
    if (!(await moveProposal(tx.trx, p.id, p.version, to, revision, ctx.clock.nowIso()))) await throwWriteConflict(tx, p.id, false);
    await tx.audit({ actorId: ctx.actor.userId, action: `proposal.${action}`, entityType: 'proposal', entityId: p.id, data: { from: p.state, to, note: note ?? null } });
    // The consortium's companies are asked for what the program office needs: whoever may edit their part.
    if (action === 'return_for_information') {
      const askedUsers = await usersOfOrgsWhoMay(tx, await activeMemberOrgIdsOfProposal(tx, p.id), 'proposal.edit_own_components');
      await notify(tx, askedUsers, 'information_requested', `The program office returned “${p.title}” for more information${note ? `: ${note}` : '.'}`, `/proposals/${p.id}`);
    }
    await alsoWrite?.(tx, { state: to, version: p.version + 1 });
  });
  return getProposal(ctx, p.id);
}

/**
 * Submitted revisions and the audit trail, each event filtered for its viewer (historyEventFor in
 * proposals.policy.ts): the program office sees everything, the consortium its own actions and the
 * outcome meant for it, other government users also their own part of the review.
 */
export async function getProposalHistory(ctx: ServiceContext, id: string) {
  const { facts, snapshot } = await loadForActor(ctx, id);
  const [revisions, events] = await Promise.all([findRevisions(ctx.db.db, id), auditEventsOf(ctx, 'proposal', id)]);
  const audience = historyAudience(ctx.actor, facts);
  const actorIds = [...new Set(events.map((e) => e.actor_id).filter((x): x is string => !!x))];
  const users = new Map((await userNames(ctx, actorIds)).map((u) => [u.id, u]));
  const consortiumOrgs = new Set(snapshot.consortium.members.map((m) => m.orgId));
  const decided = audience.kind !== 'program' && events.some((e) => e.action === 'proposal.designate' || e.action === 'proposal.not_designate');
  const decision = decided ? await findDecision(ctx.db.db, id) : undefined;
  const historyFacts = { lastSubmittedAt: revisions.at(-1)?.submitted_at ?? null, decisionFeedback: decision?.feedback || null };
  const shown = [];
  for (const e of events) {
    const user = e.actor_id ? users.get(e.actor_id) : undefined;
    const data = JSON.parse(e.data_json) as Record<string, unknown>;
    const v = historyEventFor(audience, { action: e.action, at: e.at, actorId: e.actor_id, byConsortium: !!user && consortiumOrgs.has(user.org_id), data }, historyFacts);
    if (!v) continue;
    const actor = v.actor === 'name' ? (user?.name ?? null) : v.actor === 'office' ? officeOf(e.action) : null;
    shown.push({ seq: e.seq, at: e.at, action: e.action, actor, data: v.data });
  }
  return {
    revisions: revisions.map((r) => ({ revision: r.revision, title: r.title, submittedAt: r.submitted_at, submittedBy: r.submitted_by })),
    events: shown,
  };
}

export async function getRevision(ctx: ServiceContext, id: string, revision: number) {
  await loadForActor(ctx, id);
  const r = (await findRevisions(ctx.db.db, id)).find((x) => x.revision === revision);
  if (!r) throw notFound('Revision');
  return {
    revision: r.revision,
    title: r.title,
    summary: r.summary,
    submittedAt: r.submitted_at,
    package: JSON.parse(r.package_json) as Package,
    certifications: JSON.parse(r.certifications_json) as MemberCertification[],
  };
}

// ── For other modules ──────────────────────────────────────────────────────────────────────
// Reads without the viewer's check, like proposalFactsForRules: callers apply their own policy
// before returning anything derived from them. package_json comes back as text.

/** A proposal's title and its consortium's id and name; throws when there is no such proposal. */
export function proposalHeading(deps: Pick<Deps, 'db'>, id: string) {
  return findProposalHeading(deps.db.db, id);
}

/** What the compliance matrix needs when the system evaluates a proposal (state, version, package). */
export function proposalForCompliance(deps: Pick<Deps, 'db'>, id: string) {
  return findProposalForCompliance(deps.db.db, id);
}

export function proposalIdsInStates(deps: Pick<Deps, 'db'>, states: readonly string[]): Promise<string[]> {
  return findProposalIdsInStates(deps.db.db, states);
}

/** Proposals whose consortium the organization is an active member of. */
export async function proposalIdsOfOrg(deps: Pick<Deps, 'db'>, orgId: string): Promise<string[]> {
  return (await findProposalIdsOfOrg(deps.db.db, orgId)).map((r) => r.id);
}

/** Every proposal's package as text, by id (party screening). */
export function allProposalPackages(deps: Pick<Deps, 'db'>) {
  return findAllProposalPackages(deps.db.db);
}

/** State and submission time of every proposal ever submitted (program statistics). */
export function submittedProposalStates(deps: Pick<Deps, 'db'>) {
  return findSubmittedProposalStates(deps.db.db);
}

/** Active member organizations of a proposal's consortium, in the caller's transaction. */
/**
 * The proposal's state read again under its row lock, for a write beside it that must not race a
 * submission (the calls module's narratives); undefined when it is gone.
 */
export async function lockedProposalState(tx: Tx, proposalId: string): Promise<ProposalState | undefined> {
  return (await findProposalForUpdate(tx.trx, tx.dialect, proposalId))?.state as ProposalState | undefined;
}

export function activeMemberOrgIdsOfProposal(tx: Tx, proposalId: string): Promise<string[]> {
  return findActiveMemberOrgIdsOfProposal(tx.trx, proposalId);
}
