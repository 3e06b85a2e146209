// Who may see and change a proposal. Applicants see only their own consortium's proposals; the
// program office, decision officials, auditors and admins see proposals once submitted. Anyone
// else gets "not found", so the existence of a proposal never leaks.
import { PROGRAM_WIDE_READERS } from '../../../shared/domain/roles.ts';
import { EDITABLE_STATES, type ProposalState } from '../../../shared/domain/proposal-lifecycle.ts';
import { hasRole, type Actor } from '../../lib/context.ts';
import type { ConsortiumView } from '../../../shared/contracts/views.ts';

export interface ProposalFacts {
  state: ProposalState;
  everSubmitted: boolean;
  consortium: ConsortiumView;
  /** How an interagency user reaches this proposal: an assigned reviewer who declared no conflict,
   * a user of an agency consulted on it, or a reviewer who declared a conflict (never sees it). */
  reviewAccess?: 'reviewer' | 'consultation' | 'conflicted' | null;
}

export function activeMemberOrgIds(c: ConsortiumView): string[] {
  return c.members.filter((m) => m.status === 'active').map((m) => m.orgId);
}

export function isConsortiumMember(actor: Actor, p: ProposalFacts): boolean {
  return actor.orgKind === 'company' && activeMemberOrgIds(p.consortium).includes(actor.orgId);
}

export function isAnchorUser(actor: Actor, p: ProposalFacts): boolean {
  return actor.orgId === p.consortium.anchorOrgId && hasRole(actor, 'anchor_member');
}

export function canViewProposal(actor: Actor, p: ProposalFacts): boolean {
  if (p.reviewAccess === 'conflicted') return false;
  if (isConsortiumMember(actor, p)) return true;
  if (!p.everSubmitted) return false;
  // The EDAG coordinator routes designated packages and their deals to the financing agencies.
  if (p.state === 'designated' && actor.roles.includes('edag_coordinator')) return true;
  return PROGRAM_WIDE_READERS.some((r) => actor.roles.includes(r)) || p.reviewAccess === 'reviewer' || p.reviewAccess === 'consultation';
}

export type EditScope = 'all' | 'own_components' | 'none';

/** The anchor edits everything; another member edits only the components it supplies. */
export function editScope(actor: Actor, p: ProposalFacts): EditScope {
  if (!EDITABLE_STATES.includes(p.state) || !isConsortiumMember(actor, p)) return 'none';
  if (isAnchorUser(actor, p)) return 'all';
  return hasRole(actor, 'consortium_member', 'compliance_officer', 'anchor_member') ? 'own_components' : 'none';
}

export function canCertify(actor: Actor, p: ProposalFacts): boolean {
  return EDITABLE_STATES.includes(p.state) && isConsortiumMember(actor, p) && hasRole(actor, 'anchor_member', 'consortium_member');
}
