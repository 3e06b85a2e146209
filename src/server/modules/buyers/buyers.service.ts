// The buyer's side (docs/buyers.md): a foreign buyer signs its organization up, is screened at once,
// and — once clear — states requirements, follows designated packages and registers interest that
// becomes a record the program office moves along and the buyer follows. The consortium of the
// package sees the interest, naming the buyer only with its consent.
import type { BuyerSignupBody, BuyerStatus, InterestBody, InterestDetail, InterestStatusBody, InterestView, RequirementBody, RequirementUpdateBody, RequirementView } from '../../../shared/contracts/buyers.ts';
import type { OnboardingAccepted } from '../../../shared/contracts/onboarding.ts';
import type { BuyerKind, InterestStatus } from '../../../shared/domain/buyers.ts';
import { countryName } from '../../../shared/reference/geography.ts';
import { conflict, forbidden, notFound } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { buyerInterestReference, consortiumContacts } from '../catalog/catalog.service.ts';
import { listedPackages } from '../designation/designation.service.ts';
import { publicTranslations } from '../matching/profiles.read.ts';
import { notify, usersOfOrgsWhoMay, usersWithRole } from '../notifications/notifications.service.ts';
import { signUpAccount, SIGNUP_ACCEPTED } from '../onboarding/onboarding.service.ts';
import { insertBuyerOrganization, loadOrganization } from '../organizations/organizations.service.ts';
import { getProposal } from '../proposals/proposals.service.ts';
import { screenBuyerOrganization } from '../screening/screening.parties.ts';
import { insertSelfRegisteredUser, markEmailVerified } from '../users/users.service.ts';
import { assertBuyerClear, buyerOrgStatus, buyerScreeningMessage } from './buyers.gate.ts';
import { requirementFields } from './buyers.read.ts';
import { buyerAsConsortiumSeesIt, canManageInterests, canReadPackageInterest, canUseBuyerWorkspace } from './buyers.policy.ts';
import {
  archiveRequirementRow,
  deleteFollow,
  findFollowsOfUser,
  findInterest,
  findInterestEvents,
  findInterestForUpdate,
  findInterestsOfOrg,
  findInterestsOfProposal,
  findRequirementOfOrg,
  findRequirementsOfOrg,
  insertFollowIfNew,
  insertInterest,
  insertInterestEvent,
  insertRequirement,
  updateInterestStatus,
  updateRequirementRow,
  type RequirementChanges,
  type RequirementRow,
} from './buyers.repository.ts';

/** The roles of a buyer organization's first user. */
const BUYER_ROLES = ['foreign_buyer'] as const;

// ── Sign-up and status ───────────────────────────────────────────────────────────────────

/**
 * A foreign buyer signs its organization up: the organization (kind 'buyer', approved — buyers are
 * screened, not reviewed), its first user (role foreign_buyer, its language, e-mail to be
 * confirmed) and the verification e-mail, in one transaction; then the organization is screened at
 * once. The answer is the company sign-up's, whatever the address: an address that has an account
 * gets no second one (a new link if it still waits for confirmation).
 */
export async function buyerSignup(deps: Deps, body: BuyerSignupBody): Promise<OnboardingAccepted> {
  const orgId = await signUpAccount(deps, body.user, async (tx, { orgId, userId, email, passwordHash }) => {
    await insertBuyerOrganization(tx, userId, orgId, { name: body.organization.name, country: body.organization.country, buyerKind: body.organization.kind });
    await insertSelfRegisteredUser(tx, { id: userId, orgId, email, name: body.user.name, passwordHash, roles: [...BUYER_ROLES], locale: body.locale });
    await tx.audit({ actorId: userId, action: 'buyer.signed_up', entityType: 'organization', entityId: orgId, data: { name: body.organization.name, country: body.organization.country, kind: body.organization.kind, userId, email } });
  });
  // Screened now so the buyer learns at once whether its workspace opens. Should this fail, the
  // account stays 'pending' (never clear by mistake) and the periodic party sync screens it.
  if (orgId) await screenBuyerOrganization(deps, orgId).catch(() => undefined);
  return SIGNUP_ACCEPTED;
}

/**
 * Creates a buyer organization with its first user, address confirmed, and screens it (the demo
 * seed and administrators' scripts; no e-mail is sent). Returns the organization's and user's ids.
 */
export async function createBuyerAccount(
  deps: Deps,
  input: { orgId?: string; name: string; country: string; kind: BuyerKind; user: { name: string; email: string; password: string; locale: string } },
): Promise<{ orgId: string; userId: string }> {
  const orgId = input.orgId ?? newId();
  const userId = newId();
  const email = input.user.email.toLowerCase();
  const passwordHash = await hashPassword(input.user.password);
  await inTransaction(deps, async (tx) => {
    await insertBuyerOrganization(tx, null, orgId, { name: input.name, country: input.country, buyerKind: input.kind });
    await insertSelfRegisteredUser(tx, { id: userId, orgId, email, name: input.user.name, passwordHash, roles: [...BUYER_ROLES], locale: input.user.locale });
    await markEmailVerified(tx, userId);
  });
  await screenBuyerOrganization(deps, orgId);
  return { orgId, userId };
}

/** The buyer's own organization and where its screening stands (answers whatever the status). */
export async function buyerStatus(ctx: ServiceContext): Promise<BuyerStatus> {
  if (!canUseBuyerWorkspace(ctx.actor)) throw forbidden('The buyer workspace is for foreign buyer organizations');
  const org = await loadOrganization(ctx, ctx.actor.orgId);
  if (!org) throw notFound('Organization');
  const screening = await buyerOrgStatus(ctx, org.id);
  return {
    organization: { id: org.id, name: org.name, country: org.country_of_incorporation, kind: (org.buyer_kind ?? 'company') as BuyerKind },
    screening,
    message: buyerScreeningMessage(screening),
  };
}

/** A buyer user whose organization is clear; 403 otherwise (the auth layer refuses first). */
async function assertWorkspace(ctx: ServiceContext): Promise<void> {
  if (!canUseBuyerWorkspace(ctx.actor)) throw forbidden('The buyer workspace is for foreign buyer organizations');
  await assertBuyerClear(ctx);
}

// ── Requirements ─────────────────────────────────────────────────────────────────────────

function requirementView(r: RequirementRow): RequirementView {
  return { ...requirementFields(r), version: r.version, notes: r.notes, createdAt: r.created_at, updatedAt: r.updated_at };
}

function requirementColumns(b: RequirementBody): RequirementChanges {
  return {
    title: b.title,
    country: b.country,
    sector: b.sector,
    layers_json: JSON.stringify(b.layers),
    deployments_json: JSON.stringify(b.deployments),
    data_residency: b.dataResidency,
    model_licensing: b.modelLicensing,
    languages_json: JSON.stringify(b.languages),
    budget_min_usd: b.budgetMinUsd,
    budget_max_usd: b.budgetMaxUsd,
    timeline: b.timeline,
    financing_json: JSON.stringify(b.financing),
    notes: b.notes ? b.notes : null,
    share_with_consortia: b.shareWithConsortia ? 1 : 0,
  };
}

export async function listRequirements(ctx: ServiceContext): Promise<RequirementView[]> {
  await assertWorkspace(ctx);
  return (await findRequirementsOfOrg(ctx.db.db, ctx.actor.orgId)).map(requirementView);
}

/** One live requirement of the caller's organization; another organization's is 404. */
export async function getRequirement(ctx: ServiceContext, id: string): Promise<RequirementView> {
  await assertWorkspace(ctx);
  const row = await findRequirementOfOrg(ctx.db.db, ctx.actor.orgId, id);
  if (!row) throw notFound('Requirement');
  return requirementView(row);
}

export async function createRequirement(ctx: ServiceContext, body: RequirementBody): Promise<RequirementView> {
  await assertWorkspace(ctx);
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    const now = tx.clock.nowIso();
    await insertRequirement(tx.trx, { id, org_id: ctx.actor.orgId, ...requirementColumns(body), created_by: ctx.actor.userId, created_at: now, updated_at: now, archived_at: null, version: 1 });
    await tx.audit({ actorId: ctx.actor.userId, action: 'buyer.requirement.create', entityType: 'buyer_requirement', entityId: id, data: { title: body.title, country: body.country } });
  });
  return getRequirement(ctx, id);
}

const staleRequirement = (currentVersion: number) => conflict('VERSION_CONFLICT', `The requirement changed meanwhile (now version ${currentVersion}); reload and retry`, { currentVersion });

export async function updateRequirement(ctx: ServiceContext, id: string, body: RequirementUpdateBody): Promise<RequirementView> {
  await assertWorkspace(ctx);
  const { version, ...fields } = body;
  await inTransaction(ctx, async (tx) => {
    const current = await findRequirementOfOrg(tx.trx, ctx.actor.orgId, id);
    if (!current) throw notFound('Requirement');
    if (!(await updateRequirementRow(tx.trx, ctx.actor.orgId, id, version, requirementColumns(fields), tx.clock.nowIso()))) throw staleRequirement(current.version);
    await tx.audit({ actorId: ctx.actor.userId, action: 'buyer.requirement.update', entityType: 'buyer_requirement', entityId: id, data: { title: fields.title, country: fields.country } });
  });
  return getRequirement(ctx, id);
}

/** Archives the requirement: it is no longer matched or counted as demand; interest records that named it keep it. */
export async function archiveRequirement(ctx: ServiceContext, id: string): Promise<void> {
  await assertWorkspace(ctx);
  await inTransaction(ctx, async (tx) => {
    const current = await findRequirementOfOrg(tx.trx, ctx.actor.orgId, id);
    if (!current) throw notFound('Requirement');
    if (!(await archiveRequirementRow(tx.trx, ctx.actor.orgId, id, tx.clock.nowIso(), current.version))) throw staleRequirement(current.version);
    await tx.audit({ actorId: ctx.actor.userId, action: 'buyer.requirement.archive', entityType: 'buyer_requirement', entityId: id, data: {} });
  });
}

// ── Follows ──────────────────────────────────────────────────────────────────────────────

/** The packages the user follows that are still in the catalog, with the consortium's translation into the user's language where there is one. */
export async function listFollows(ctx: ServiceContext) {
  await assertWorkspace(ctx);
  const listed = new Set((await listedPackages(ctx)).map((p) => p.id));
  const follows = (await findFollowsOfUser(ctx.db.db, ctx.actor.userId)).filter((f) => listed.has(f.proposal_id));
  const translations = await publicTranslations(ctx, follows[0]?.locale ?? undefined, follows.map((f) => f.proposal_id));
  return follows.map((f) => ({ proposalId: f.proposal_id, title: f.title, translation: translations.get(f.proposal_id) ?? null, followedAt: f.created_at }));
}

/** A package in the public catalog now, or 404. */
async function assertListed(deps: Deps, proposalId: string): Promise<{ id: string; title: string }> {
  const [row] = await listedPackages(deps, proposalId);
  if (!row) throw notFound('Catalog entry');
  return row;
}

export async function followPackage(ctx: ServiceContext, proposalId: string): Promise<void> {
  await assertWorkspace(ctx);
  await assertListed(ctx, proposalId);
  await inTransaction(ctx, async (tx) => {
    if (await insertFollowIfNew(tx.trx, { user_id: ctx.actor.userId, proposal_id: proposalId, created_at: tx.clock.nowIso() })) {
      await tx.audit({ actorId: ctx.actor.userId, action: 'buyer.follow', entityType: 'user', entityId: ctx.actor.userId, data: { proposalId } });
    }
  });
}

export async function unfollowPackage(ctx: ServiceContext, proposalId: string): Promise<void> {
  await assertWorkspace(ctx);
  await inTransaction(ctx, async (tx) => {
    if (!(await deleteFollow(tx.trx, ctx.actor.userId, proposalId))) throw notFound('Follow');
    await tx.audit({ actorId: ctx.actor.userId, action: 'buyer.unfollow', entityType: 'user', entityId: ctx.actor.userId, data: { proposalId } });
  });
}

// ── Interest records ─────────────────────────────────────────────────────────────────────

type InterestRow = NonNullable<Awaited<ReturnType<typeof findInterest>>>;

function interestView(r: InterestRow): InterestView {
  return {
    id: r.id,
    reference: buyerInterestReference(r.id),
    proposalId: r.proposal_id,
    proposalTitle: r.title,
    requirementId: r.requirement_id,
    status: r.status as InterestStatus,
    consentToShare: r.consent_to_share === 1,
    message: r.message,
    createdAt: r.created_at,
    updatedAt: r.updated_at ?? r.created_at,
  };
}

export async function listInterests(ctx: ServiceContext): Promise<InterestView[]> {
  await assertWorkspace(ctx);
  return (await findInterestsOfOrg(ctx.db.db, ctx.actor.orgId)).map(interestView);
}

/** One of the organization's interest records with its history; another's is 404. */
export async function getInterest(ctx: ServiceContext, id: string): Promise<InterestDetail> {
  await assertWorkspace(ctx);
  const row = await findInterest(ctx.db.db, id);
  if (!row || row.org_id !== ctx.actor.orgId) throw notFound('Interest record');
  const events = await findInterestEvents(ctx.db.db, id);
  return { ...interestView(row), events: events.map((e) => ({ at: e.at, status: e.status as InterestStatus, note: e.note })) };
}

/**
 * The buyer registers interest in a package of the catalog, optionally answering one of its own
 * requirements: the record starts 'received'; the program office and the consortium are told (the
 * consortium learns the buyer's name only with its consent).
 */
export async function registerInterest(ctx: ServiceContext, body: InterestBody): Promise<{ id: string; reference: string }> {
  await assertWorkspace(ctx);
  const entry = await assertListed(ctx, body.proposalId);
  if (body.requirementId && !(await findRequirementOfOrg(ctx.db.db, ctx.actor.orgId, body.requirementId))) throw notFound('Requirement');
  const org = await loadOrganization(ctx, ctx.actor.orgId);
  if (!org) throw notFound('Organization');
  const id = newId();
  const reference = buyerInterestReference(id);
  const consent = body.consentToShare;
  await inTransaction(ctx, async (tx) => {
    const now = tx.clock.nowIso();
    await insertInterest(tx.trx, {
      id,
      proposal_id: entry.id,
      buyer_name: org.name,
      buyer_kind: org.buyer_kind ?? 'company',
      country: org.country_of_incorporation,
      contact_email: ctx.actor.email,
      requirements_json: '{}',
      created_at: now,
      org_id: org.id,
      user_id: ctx.actor.userId,
      requirement_id: body.requirementId ?? null,
      consent_to_share: consent ? 1 : 0,
      status: 'received',
      message: body.message ?? null,
      updated_at: now,
      version: 1,
    });
    await insertInterestEvent(tx.trx, { id: newId(), interest_id: id, at: now, actor_id: ctx.actor.userId, status: 'received', note: null });
    await tx.audit({ actorId: ctx.actor.userId, action: 'buyer.interest.register', entityType: 'buyer_interest', entityId: id, data: { reference, proposalId: entry.id, requirementId: body.requirementId ?? null, consentToShare: consent } });
    const named = `${org.name} (${countryName(org.country_of_incorporation)})`;
    const unnamed = `a buyer from ${countryName(org.country_of_incorporation)}`;
    await notify(tx, await usersWithRole(tx, 'program_officer'), 'buyer_interest', `${named} registered interest in “${entry.title}” (${reference}).`, '/');
    await notify(
      tx,
      await consortiumContacts(tx, entry.id),
      'buyer_interest',
      consent
        ? `A buyer is interested in your designated package “${entry.title}”: ${named}, reference ${reference}. The program office will put you in touch.`
        : `A buyer is interested in your designated package “${entry.title}”: ${unnamed}, reference ${reference}. The buyer has not agreed to share its name; the program office follows it up.`,
      `/proposals/${entry.id}`,
    );
  });
  return { id, reference };
}

/**
 * The program office moves an interest record along (any status to any other; the same status with
 * a note records the note): the buyer organization's users are notified and follow it in the
 * record's history. A stale `version` is 409 VERSION_CONFLICT.
 */
export async function setInterestStatus(ctx: ServiceContext, id: string, body: InterestStatusBody) {
  if (!canManageInterests(ctx.actor)) throw forbidden('Only the program office moves buyer interest records along');
  await inTransaction(ctx, async (tx) => {
    const current = await findInterestForUpdate(tx.trx, tx.dialect, id);
    if (!current) throw notFound('Interest record');
    const now = tx.clock.nowIso();
    if (!(await updateInterestStatus(tx.trx, id, body.version, body.status, now))) {
      throw conflict('VERSION_CONFLICT', `The interest record changed meanwhile (now version ${current.version}); reload and retry`, { currentVersion: current.version });
    }
    await insertInterestEvent(tx.trx, { id: newId(), interest_id: id, at: now, actor_id: ctx.actor.userId, status: body.status, note: body.note ?? null });
    const reference = buyerInterestReference(id);
    await tx.audit({ actorId: ctx.actor.userId, action: 'buyer.interest.status', entityType: 'buyer_interest', entityId: id, data: { reference, from: current.status, to: body.status, note: body.note ?? null } });
    if (current.org_id) {
      await notify(tx, await usersOfOrgsWhoMay(tx, [current.org_id], 'buyer.workspace'), 'buyer_interest_status', `Your interest record ${reference} is now “${body.status.replace('_', ' ')}”.`, `/buyer/interests/${id}`);
    }
  });
  const row = await findInterest(ctx.db.db, id);
  return { ...interestView(row!), version: row!.version };
}

/**
 * The interest a designated package received, for its consortium's members, the program office and
 * the EDAG coordinator: the buyer named with its contact only when it agreed. A proposal the
 * caller may not see is 404.
 */
export async function listPackageInterests(ctx: ServiceContext, proposalId: string) {
  const proposal = await getProposal(ctx, proposalId);
  if (!canReadPackageInterest(ctx.actor, proposal.consortium)) throw forbidden('The interest a package received is for its consortium and the program office');
  return (await findInterestsOfProposal(ctx.db.db, proposalId)).map((r) => ({
    id: r.id,
    reference: buyerInterestReference(r.id),
    status: r.status as InterestStatus,
    createdAt: r.created_at,
    message: r.message,
    buyer: buyerAsConsortiumSeesIt(r),
  }));
}
