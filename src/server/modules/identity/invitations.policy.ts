// Who may invite whom (docs/security.md#invitations): pure checks of the actor against the
// permission model (src/shared/access.ts).
import { can } from '../../../shared/access.ts';
import { COMPANY_ROLES, type Role } from '../../../shared/domain/roles.ts';
import type { Actor } from '../../lib/context.ts';

/** Whether the actor may invite anyone at all (the invitation list and form are offered). */
export const mayInvite = (actor: Actor): boolean => can(actor, 'users.invite') || can(actor, 'users.invite_colleagues');

/** Whether the actor sees every organization's invitations (else only its own organization's). */
export const seesAllInvitations = (actor: Actor): boolean => can(actor, 'users.invite');

/**
 * Why the actor may not invite into this organization with these roles, or null when it may.
 * Administrators invite anyone anywhere (the roles must fit the organization, checked apart); a
 * company's anchor invites colleagues into its own company with company roles only.
 */
export function invitationRefusal(actor: Actor, orgId: string, roles: readonly Role[]): string | null {
  if (can(actor, 'users.invite')) return null;
  if (!can(actor, 'users.invite_colleagues')) return 'Your role may not invite users';
  if (orgId !== actor.orgId || actor.orgKind !== 'company') return 'You may invite colleagues into your own company only';
  const other = roles.filter((r) => !COMPANY_ROLES.includes(r));
  if (other.length > 0) return `You may grant company roles only (not ${other.join(', ')})`;
  return null;
}

/** Whether the actor may see (and revoke) an invitation into this organization. */
export const mayManageInvitationOf = (actor: Actor, orgId: string): boolean => seesAllInvitations(actor) || (can(actor, 'users.invite_colleagues') && orgId === actor.orgId);
