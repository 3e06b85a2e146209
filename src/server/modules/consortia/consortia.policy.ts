// What a company sees of a consortium. Ownership (owners, percentages, ultimate parent, and the
// country-of-concern check derived from them) is shared among the active members only: an
// invitation is not a membership. Government users see every member in full.
import { can, canOn, consortiumRelations } from '../../../shared/access.ts';
import type { ConsortiumMember, ConsortiumView } from '../../../shared/contracts/views.ts';
import type { Actor } from '../../lib/context.ts';

// ── Who may act (roles from src/shared/access.ts) ─────────────────────────────────────────

/** Forming a consortium: a company user whose role may form one; its company becomes the anchor. */
export const canFormConsortium = (actor: Actor): boolean => actor.orgKind === 'company' && can(actor, 'consortium.form');

/** Inviting, changing and removing members: the anchor company's anchor member users. */
export const canManageConsortium = (actor: Actor, c: ConsortiumView): boolean => canOn(actor, 'consortium.manage', consortiumRelations(actor, c));

/** Answering the company's invitation. */
export const canAnswerInvitation = (actor: Actor): boolean => can(actor, 'consortium.invitation.respond');

// ── What is shown ─────────────────────────────────────────────────────────────────────────

/** Stands in for the country-of-concern check of a member whose ownership the viewer may not see. */
const OWNERSHIP_WITHHELD = 'Ownership is shown to active members of the consortium only';

/** A member with its ownership facts withheld: name, role, status, places and dates stay. */
function withOwnershipWithheld(m: ConsortiumMember): ConsortiumMember {
  return { ...m, owners: [], ultimateParent: null, countryOfConcern: { concern: false, reasons: [OWNERSHIP_WITHHELD] }, ownershipWithheld: true };
}

/**
 * The consortium as its active member companies see it: the active members in full, the others
 * (invited, declined, removed) without their ownership.
 */
export function consortiumForMember(c: ConsortiumView): ConsortiumView {
  if (c.members.every((m) => m.status === 'active')) return c;
  return { ...c, members: c.members.map((m) => (m.status === 'active' ? m : withOwnershipWithheld(m))) };
}

/**
 * The consortium as an invited company sees it before it answers: its name, who invites (the
 * anchor company, without its ownership or layer roles) and its own invitation — nothing else.
 */
export function consortiumForInvitee(c: ConsortiumView, viewerOrgId: string): ConsortiumView {
  return {
    ...c,
    members: c.members
      .filter((m) => m.orgId === viewerOrgId || m.orgId === c.anchorOrgId)
      .map((m) => (m.orgId === viewerOrgId ? m : { ...withOwnershipWithheld(m), layerRoles: [] })),
    viewerIsAnchor: false,
  };
}
