// Consortia: an anchor member plus companies that accept an invitation, each with its layer roles.
import type { ConsortiumMember, ConsortiumView, MemberStatus } from '../../../shared/contracts/views.ts';
import type { Layer } from '../../../shared/domain/package.ts';
import { checkCountryOfConcern, type Owner } from '../../../shared/domain/ownership.ts';
import { conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { notify, settleRequest, usersOfOrgsWhoMay } from '../notifications/notifications.service.ts';
import { loadOrganization } from '../organizations/organizations.service.ts';
import { assertOrganizationApproved } from '../onboarding/onboarding.policy.ts';
// Through the review repository, not the review service: that service calls this one (a cycle otherwise).
import { findConflictsOfReviewer } from '../review/review.repository.ts';
import { canAnswerInvitation, canFormConsortium, canManageConsortium, consortiumForInvitee, consortiumForMember } from './consortia.policy.ts';
import { mayDeclareConflicts } from '../review/review.policy.ts';
import {
  findActiveConsortiumIdsOfOrg,
  findActiveMemberNames,
  findActiveMembersOfConsortia,
  findAllConsortia,
  findConsortiaOfOrg,
  findConsortium,
  findMembers,
  findMembership,
  findMembershipForUpdate,
  insertConsortium,
  insertMember,
  insertMemberIfAbsent,
  reinviteMember,
  setMemberLayerRoles,
  setMemberStatus,
} from './consortia.repository.ts';

export type { MembershipChange } from '../../lib/ports.ts';

/**
 * Company users see the consortia their organization belongs to (without the ownership of members
 * that are not active) and, while invited, only the inviting consortium's name and anchor (see
 * consortia.policy.ts); government users see all, except a reviewer the consortium of a proposal
 * it declared a conflict of interest on.
 */
export async function loadConsortiumForActor(ctx: ServiceContext, id: string): Promise<ConsortiumView> {
  const c = await findConsortium(ctx.db.db, id);
  if (!c) throw notFound('Consortium');
  if (ctx.actor.orgKind === 'company') {
    const m = await findMembership(ctx.db.db, id, ctx.actor.orgId);
    if (!m || (m.status !== 'active' && m.status !== 'invited')) throw notFound('Consortium');
    const view = await assembleConsortium(ctx, c);
    return m.status === 'active' ? consortiumForMember(view) : consortiumForInvitee(view, ctx.actor.orgId);
  }
  if ((await conflictedConsortiumIds(ctx)).has(id)) throw notFound('Consortium');
  return assembleConsortium(ctx, c);
}

/** Consortia of the proposals the acting reviewer declared a conflict of interest on. */
async function conflictedConsortiumIds(ctx: ServiceContext): Promise<Set<string>> {
  if (!mayDeclareConflicts(ctx.actor)) return new Set();
  return new Set((await findConflictsOfReviewer(ctx.db.db, ctx.actor.userId)).map((c) => c.consortiumId));
}

export async function assembleConsortium(
  ctx: Pick<ServiceContext, 'db' | 'config'> & { actor?: ServiceContext['actor'] },
  c: { id: string; name: string; anchor_org_id: string; version: number; created_at: string },
): Promise<ConsortiumView> {
  const rows = await findMembers(ctx.db.db, c.id);
  const members = rows.map((r): ConsortiumMember => {
    const owners = JSON.parse(r.owners_json) as Owner[];
    const ultimateParent = r.ultimate_parent_json ? (JSON.parse(r.ultimate_parent_json) as { name: string; country: string }) : null;
    const facts = { name: r.name, countryOfIncorporation: r.country_of_incorporation, principalPlaceOfBusiness: r.principal_place_of_business, owners, ultimateParent };
    return {
      orgId: r.org_id,
      ...facts,
      role: r.org_id === c.anchor_org_id ? 'anchor' : 'member',
      status: r.status as MemberStatus,
      layerRoles: JSON.parse(r.layer_roles_json) as Layer[],
      countryOfConcern: checkCountryOfConcern(facts, ctx.config.COUNTRIES_OF_CONCERN),
      ownershipWithheld: false,
      invitedAt: r.invited_at,
      respondedAt: r.responded_at,
    };
  });
  return {
    id: c.id,
    name: c.name,
    anchorOrgId: c.anchor_org_id,
    version: c.version,
    createdAt: c.created_at,
    members,
    viewerIsAnchor: ctx.actor?.orgId === c.anchor_org_id,
  };
}

export async function listConsortia(ctx: ServiceContext) {
  if (ctx.actor.orgKind === 'company') {
    const rows = await findConsortiaOfOrg(ctx.db.db, ctx.actor.orgId);
    return rows.map((r) => ({ id: r.id, name: r.name, anchorOrgId: r.anchor_org_id, createdAt: r.created_at, myStatus: r.status, isAnchor: r.anchor_org_id === ctx.actor.orgId }));
  }
  const [rows, conflicted] = await Promise.all([findAllConsortia(ctx.db.db), conflictedConsortiumIds(ctx)]);
  return rows.filter((r) => !conflicted.has(r.id)).map((r) => ({ id: r.id, name: r.name, anchorOrgId: r.anchor_org_id, createdAt: r.created_at, myStatus: null, isAnchor: false }));
}

function assertAnchor(ctx: ServiceContext, c: ConsortiumView) {
  if (!canManageConsortium(ctx.actor, c)) {
    throw forbidden('Only the anchor member manages the consortium');
  }
}

export async function createConsortium(ctx: ServiceContext, input: { name: string; layerRoles: Layer[] }) {
  if (!canFormConsortium(ctx.actor)) {
    throw forbidden('Only a company user with the anchor member role can form a consortium');
  }
  assertOrganizationApproved(await loadOrganization(ctx, ctx.actor.orgId));
  const id = newId();
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    await insertConsortium(tx.trx, { id, name: input.name, anchor_org_id: ctx.actor.orgId, version: 1, created_at: now, updated_at: now });
    await insertMember(tx.trx, { consortium_id: id, org_id: ctx.actor.orgId, status: 'active', layer_roles_json: JSON.stringify(input.layerRoles), invited_by: ctx.actor.userId, invited_at: now, responded_at: now });
    await tx.audit({ actorId: ctx.actor.userId, action: 'consortium.created', entityType: 'consortium', entityId: id, data: { name: input.name, anchorOrgId: ctx.actor.orgId } });
  });
  return loadConsortiumForActor(ctx, id);
}

export async function inviteMember(ctx: ServiceContext, consortiumId: string, input: { orgId: string; layerRoles: Layer[] }) {
  const c = await loadConsortiumForActor(ctx, consortiumId);
  assertAnchor(ctx, c);
  const org = await loadOrganization(ctx, input.orgId);
  if (!org || org.kind !== 'company') throw invalid('VALIDATION_FAILED', 'Request is invalid', [{ path: 'orgId', message: 'no such company' }]);
  const alreadyIn = (status: string) => conflict('ALREADY_MEMBER', `${org.name} is already ${status === 'active' ? 'a member' : 'invited'}`);
  const known = c.members.find((m) => m.orgId === input.orgId);
  if (known && (known.status === 'active' || known.status === 'invited')) throw alreadyIn(known.status);
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    // Re-checked under the membership's row lock, and a racing first invitation is caught by the
    // primary key without an error: of invitations racing each other exactly one is recorded.
    const existing = await findMembershipForUpdate(tx.trx, tx.dialect, consortiumId, input.orgId);
    if (existing && (existing.status === 'active' || existing.status === 'invited')) throw alreadyIn(existing.status);
    const invitation = { layer_roles_json: JSON.stringify(input.layerRoles), invited_by: ctx.actor.userId, invited_at: now };
    if (existing) {
      await reinviteMember(tx.trx, consortiumId, input.orgId, invitation);
    } else if (!(await insertMemberIfAbsent(tx.trx, { consortium_id: consortiumId, org_id: input.orgId, status: 'invited', ...invitation, responded_at: null }))) {
      throw alreadyIn('invited');
    }
    await tx.audit({ actorId: ctx.actor.userId, action: 'consortium.member_invited', entityType: 'consortium', entityId: consortiumId, data: input });
    // The invited company hears of it where its users look: the bell, with a link to answer.
    const anchorName = c.members.find((m) => m.role === 'anchor')?.name ?? 'A company';
    const layers = input.layerRoles.length ? ` for the ${input.layerRoles.join(', ')} layer${input.layerRoles.length > 1 ? 's' : ''}` : '';
    await notify(
      tx,
      await usersOfOrgsWhoMay(tx, [input.orgId], 'consortium.invitation.respond'),
      'consortium_invitation',
      `${anchorName} invites ${org.name} to join the consortium “${c.name}”${layers}. Accept or decline it.`,
      `/consortia/${consortiumId}`,
    );
  });
  return loadConsortiumForActor(ctx, consortiumId);
}

export async function respondToInvitation(ctx: ServiceContext, consortiumId: string, accept: boolean) {
  const c = await loadConsortiumForActor(ctx, consortiumId);
  const me = c.members.find((m) => m.orgId === ctx.actor.orgId);
  if (!me || me.status !== 'invited') throw conflict('NO_PENDING_INVITATION', 'Your organization has no pending invitation to this consortium');
  if (!canAnswerInvitation(ctx.actor)) throw forbidden('Only a consortium member or anchor member user can answer an invitation');
  const at = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    // Re-checked under the membership's row lock: of answers racing each other exactly one is recorded.
    if ((await findMembershipForUpdate(tx.trx, tx.dialect, consortiumId, ctx.actor.orgId))?.status !== 'invited') {
      throw conflict('NO_PENDING_INVITATION', 'Your organization has no pending invitation to this consortium');
    }
    await setMemberStatus(tx.trx, consortiumId, ctx.actor.orgId, accept ? 'active' : 'declined', at);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: accept ? 'consortium.invitation_accepted' : 'consortium.invitation_declined',
      entityType: 'consortium',
      entityId: consortiumId,
      data: { orgId: ctx.actor.orgId },
    });
    // The anchor, who is waiting on the answer, is told it.
    await notify(
      tx,
      await usersOfOrgsWhoMay(tx, [c.anchorOrgId], 'consortium.manage'),
      'invitation_answered',
      `${me.name} ${accept ? 'accepted' : 'declined'} the invitation to join “${c.name}”.`,
      `/consortia/${consortiumId}`,
    );
    await settleRequest(tx, ctx.actor.orgId, 'consortium_invitation', `/consortia/${consortiumId}`);
    if (accept) await ctx.ports.membershipChanged(tx, { consortiumId, orgId: me.orgId, orgName: me.name, change: 'joined', actorId: ctx.actor.userId });
  });
  if (accept) return loadConsortiumForActor(ctx, consortiumId);
  // A company that declined no longer sees the consortium: it gets back what it saw, with its answer.
  return { ...c, members: c.members.map((m) => (m.orgId === me.orgId ? { ...m, status: 'declined' as const, respondedAt: at } : m)) };
}

export async function updateMember(ctx: ServiceContext, consortiumId: string, orgId: string, input: { layerRoles?: Layer[]; remove?: boolean }) {
  const c = await loadConsortiumForActor(ctx, consortiumId);
  assertAnchor(ctx, c);
  const isCurrent = (status: string | undefined) => status === 'active' || status === 'invited';
  const member = c.members.find((m) => m.orgId === orgId && isCurrent(m.status));
  if (!member) throw notFound('Member');
  if (input.remove && orgId === c.anchorOrgId) throw conflict('ANCHOR_CANNOT_LEAVE', 'The anchor member cannot be removed from its consortium');
  await inTransaction(ctx, async (tx) => {
    // Re-read under the row lock: a member removed (or who answered) meanwhile is not removed twice.
    const locked = await findMembershipForUpdate(tx.trx, tx.dialect, consortiumId, orgId);
    if (!isCurrent(locked?.status)) throw notFound('Member');
    const wasActive = locked?.status === 'active';
    if (input.remove) await setMemberStatus(tx.trx, consortiumId, orgId, 'removed', ctx.clock.nowIso());
    else await setMemberLayerRoles(tx.trx, consortiumId, orgId, JSON.stringify(input.layerRoles ?? member.layerRoles));
    await tx.audit({ actorId: ctx.actor.userId, action: input.remove ? 'consortium.member_removed' : 'consortium.member_updated', entityType: 'consortium', entityId: consortiumId, data: { orgId, ...input } });
    if (input.remove && wasActive) await ctx.ports.membershipChanged(tx, { consortiumId, orgId, orgName: member.name, change: 'removed', actorId: ctx.actor.userId });
  });
  return loadConsortiumForActor(ctx, consortiumId);
}

// ── For other modules ──────────────────────────────────────────────────────────────────────
// Reads without the viewer's check of loadConsortiumForActor: callers apply their own policy.

/** Ids of the consortia the organization is an active member of. */
export function activeConsortiumIdsOf(deps: Pick<Deps, 'db'>, orgId: string): Promise<string[]> {
  return findActiveConsortiumIdsOfOrg(deps.db.db, orgId);
}

/** Names and countries of incorporation of a consortium's active members, by name. */
export function activeMemberNames(deps: Pick<Deps, 'db'>, consortiumId: string) {
  return findActiveMemberNames(deps.db.db, consortiumId);
}

/** Active members (name, country of incorporation) of several consortia, by name. */
export function activeMembersOfConsortia(deps: Pick<Deps, 'db'>, consortiumIds: string[]) {
  return findActiveMembersOfConsortia(deps.db.db, consortiumIds);
}
