// Who must use a second factor, and which session MFA state a sign-in starts in. Pure.
import type { Role } from '../../../shared/domain/roles.ts';

export type MfaState = 'ok' | 'challenge' | 'enroll';

/**
 * Whether a user with these roles must sign in with a second factor. Not a permission (those are
 * GRANTS in src/shared/access.ts): the operator's setting MFA_REQUIRED_ROLES names the roles.
 */
export function mfaRequiredFor(held: readonly Role[], requiredRoles: readonly Role[]): boolean {
  const required = new Set<Role>(requiredRoles);
  return held.some((r) => required.has(r));
}

/**
 * The MFA state of a new session: satisfied (an identity provider that enforces MFA) → ok;
 * enrolled → a code is due; required but not enrolled → set it up first; otherwise ok.
 */
export function initialMfaState(facts: { mfaSatisfied: boolean; enrolled: boolean; required: boolean }): MfaState {
  if (facts.mfaSatisfied) return 'ok';
  if (facts.enrolled) return 'challenge';
  return facts.required ? 'enroll' : 'ok';
}
