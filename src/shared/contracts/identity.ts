// Sign-in with OpenID Connect (the providers offered) and invitations to create an account.
import { z } from 'zod';
import { ROLES } from '../domain/roles.ts';
import { Id, itemsOf, NonBlankString } from './common.ts';

/** A provider as the sign-in page offers it: GET /api/v1/auth/oidc/providers. */
export const OidcProviderView = z.object({ id: z.string(), label: z.string() });
export type OidcProviderView = z.infer<typeof OidcProviderView>;
export const OidcProviderListResponse = itemsOf(OidcProviderView);

/**
 * Why a sign-in through a provider was refused: the `reason` of /sign-in-error. Each has one
 * message for the user (SIGN_IN_ERROR_MESSAGES); none says whether an account exists beyond what
 * the person may know.
 */
export const SIGN_IN_ERROR_REASONS = [
  'unknown_provider',
  'provider_unavailable',
  'provider_error',
  'cancelled',
  'invalid_state',
  'token_rejected',
  'email_unverified',
  'email_domain_not_allowed',
  'no_account',
  'account_disabled',
  'org_kind_not_allowed',
] as const;
export type SignInErrorReason = (typeof SIGN_IN_ERROR_REASONS)[number];

export const SIGN_IN_ERROR_MESSAGES: Record<SignInErrorReason, string> = {
  unknown_provider: 'This sign-in provider is not offered here.',
  provider_unavailable: 'The sign-in provider cannot be reached just now. Try again in a few minutes, or sign in with your password.',
  provider_error: 'The sign-in provider reported an error and did not sign you in. Try again.',
  cancelled: 'The sign-in was cancelled at the provider.',
  invalid_state: 'This sign-in link has expired or was already used, or it was started in another browser. Start again from the sign-in page.',
  token_rejected: 'The answer of the sign-in provider could not be verified (it may have expired). Start again from the sign-in page.',
  email_unverified: 'The provider has not verified your e-mail address. Verify it with the provider, then sign in again.',
  email_domain_not_allowed: 'Addresses of this e-mail domain may not sign in through this provider.',
  no_account: 'There is no account or open invitation for this e-mail address. Ask your program office or your company administrator for an invitation.',
  account_disabled: 'This account is disabled. Ask your program office or your company administrator.',
  org_kind_not_allowed: 'Users of your organization may not sign in through this provider. Use the sign-in method your organization was given.',
};

/** The body of POST /api/v1/invitations. */
export const InvitationCreateBody = z.strictObject({
  email: z.string().trim().email().max(254),
  orgId: Id,
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
});
export type InvitationCreateBody = z.infer<typeof InvitationCreateBody>;

export const InvitationStatus = z.enum(['open', 'accepted', 'revoked', 'expired']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const InvitationView = z.object({
  id: z.string(),
  email: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  roles: z.array(z.string()),
  invitedBy: z.string().describe('the inviting user’s name'),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: InvitationStatus,
});
export type InvitationView = z.infer<typeof InvitationView>;
export const InvitationListResponse = itemsOf(InvitationView);

/** The body of POST /api/v1/invitations/preview: the token of the e-mailed link. */
export const InvitationTokenBody = z.strictObject({ token: z.string().min(10).max(200) });
export type InvitationTokenBody = z.infer<typeof InvitationTokenBody>;

/** What the acceptance page shows before anyone is signed in (no more than the e-mail said). */
export const InvitationPreview = z.object({
  email: z.string(),
  orgName: z.string(),
  roles: z.array(z.string()),
  expiresAt: z.string(),
  /** The providers this invitation may be accepted through (the organization's kind allows them). */
  providers: z.array(OidcProviderView),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

/** The body of POST /api/v1/invitations/accept: a local account with a password. */
export const InvitationAcceptBody = z.strictObject({
  token: z.string().min(10).max(200),
  name: NonBlankString(200),
  // Checked by the password policy in the service; here only a bound on the input.
  password: z.string().max(1024).describe('12 to 128 characters, not a common password, not the e-mail or name'),
});
export type InvitationAcceptBody = z.infer<typeof InvitationAcceptBody>;

export const InvitationAcceptedResponse = z.object({ userId: z.string(), email: z.string() });
