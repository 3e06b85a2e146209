// Who may review self-registered companies, and what a company may do before the program office
// has approved it. Pure: the facts are passed in.
import { can } from '../../../shared/access.ts';
import type { RegistrationStatus } from '../../../shared/contracts/onboarding.ts';
import { AppError } from '../../../shared/errors.ts';
import { COMPANY_ROLES, type Role } from '../../../shared/domain/roles.ts';
import type { Actor } from '../../lib/context.ts';

/** The program office's queue of new organizations: program officers and administrators. */
export const canReviewRegistrations = (actor: Actor): boolean => can(actor, 'organization.registrations.review');

const STATUS_MESSAGE: Record<Exclude<RegistrationStatus, 'approved'>, string> = {
  registered: 'Your organization’s registration is waiting for the program office’s approval; you can form a consortium or start a proposal once it is approved',
  rejected: 'Your organization’s registration was not approved; contact the program office',
};

/**
 * Refuses (403 ORGANIZATION_NOT_APPROVED) a step only an approved organization may take — forming a
 * consortium, starting a proposal — while the organization is registered or rejected. Organizations
 * created by an administrator, the seed or before self-registration existed are approved.
 */
export function assertOrganizationApproved(org: { registration_status: string } | undefined): void {
  const status = (org?.registration_status ?? 'approved') as RegistrationStatus;
  if (status === 'approved') return;
  throw new AppError(403, 'ORGANIZATION_NOT_APPROVED', STATUS_MESSAGE[status] ?? STATUS_MESSAGE.registered, [], { registrationStatus: status });
}

/**
 * The roles of a self-registered company's first user: every company role but the plain member's —
 * it forms the company's consortia (anchor member), keeps its profile and its compliance.
 */
export const FIRST_USER_ROLES: readonly Role[] = COMPANY_ROLES.filter((r) => r !== 'consortium_member');
