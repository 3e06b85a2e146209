// Company self-onboarding (sign-up, e-mail verification, the program office's review of new
// organizations) and password reset: requests and answers shared by the API and the web app.
import { z } from 'zod';
import { Id, itemsOf, NonBlankString, Timestamp } from './common.ts';
import { OrganizationInput } from './organization.ts';

export const REGISTRATION_STATUSES = ['registered', 'approved', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** How long a verification link and a reset link live. */
export const EMAIL_VERIFICATION_HOURS = 24;
export const PASSWORD_RESET_MINUTES = 30;

const Email = z.string().trim().toLowerCase().max(254).email('must be an e-mail address');
/** A password as sent: the policy (length, deny-list, not the user's own names) is the server's. */
const Password = z.string().min(1, 'must not be empty').max(200);
/** A single-use link's token as the e-mail carries it. */
const Token = z.string().trim().min(16, 'is not a valid link').max(200).regex(/^[A-Za-z0-9_-]+$/, 'is not a valid link');

export const SignupBody = z.strictObject({
  /** The entity data, ownership and ultimate parent exactly as an organization's profile holds them. */
  organization: OrganizationInput,
  registration: z.strictObject({
    registrationNumber: NonBlankString(100).describe('the company registration number in its country of incorporation'),
    address: NonBlankString(500).describe('registered address'),
    website: z
      .string()
      .trim()
      .max(300)
      .regex(/^https?:\/\/[^\s/$.?#].[^\s]*$/i, 'must be a web address starting with http:// or https://')
      .nullable()
      .default(null),
  }),
  user: z.strictObject({ name: NonBlankString(200), email: Email, password: Password }),
});
export type SignupBody = z.infer<typeof SignupBody>;

/** The one answer to a sign-up, a resend and a reset request, whatever the address: no account is revealed. */
export const OnboardingAccepted = z.object({ message: z.string() });
export type OnboardingAccepted = z.infer<typeof OnboardingAccepted>;

export const EmailBody = z.strictObject({ email: Email });
export const TokenBody = z.strictObject({ token: Token });
export const PasswordResetConfirmBody = z.strictObject({ token: Token, password: Password });

export const OnboardingDone = z.object({ message: z.string() });

// ── The program office's queue ───────────────────────────────────────────────────────────

export const RegistrationListQuery = z.object({ status: z.enum(REGISTRATION_STATUSES).default('registered') });

export const RegistrationView = z.object({
  orgId: Id,
  name: z.string(),
  countryOfIncorporation: z.string(),
  principalPlaceOfBusiness: z.string(),
  registrationNumber: z.string(),
  address: z.string(),
  website: z.string().nullable(),
  owners: z.array(z.object({ name: z.string(), country: z.string(), percent: z.number() })),
  ultimateParent: z.object({ name: z.string(), country: z.string() }).nullable(),
  countryOfConcern: z.object({ concern: z.boolean(), reasons: z.array(z.string()) }),
  status: z.enum(REGISTRATION_STATUSES),
  registeredBy: z.object({ name: z.string(), email: z.string() }),
  emailVerified: z.boolean(),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  decidedBy: z.string().nullable().describe('the name of who approved or rejected it'),
  reason: z.string().nullable(),
  version: z.number().int(),
});
export type RegistrationView = z.infer<typeof RegistrationView>;

export const RegistrationListResponse = itemsOf(RegistrationView);

export const RegistrationDecisionBody = z.strictObject({
  version: z.number().int().positive(),
  reason: z.string().trim().max(2000).optional().describe('required to reject; optional to approve'),
});
export type RegistrationDecisionBody = z.infer<typeof RegistrationDecisionBody>;

/** The caller's own organization's registration: whether it may form consortia yet. */
export const OwnRegistrationResponse = z.object({
  status: z.enum(REGISTRATION_STATUSES),
  reason: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
});
export type OwnRegistrationResponse = z.infer<typeof OwnRegistrationResponse>;

