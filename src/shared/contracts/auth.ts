// Sessions and API keys: what the login, session and API-key routes take and return.
import { z } from 'zod';
import { AGENCIES, ORGANIZATION_KINDS, ROLES } from '../domain/roles.ts';
import { Timestamp } from './common.ts';

export const LoginBody = z.strictObject({ email: z.string().max(254), password: z.string().max(200) });

/**
 * What an API key may do: `read` — GET (and HEAD, OPTIONS) only; `screening` — read, plus party
 * screening (POST /api/v1/screening/search and /batch); `full` — whatever its user may do.
 */
export const API_KEY_SCOPES = ['read', 'screening', 'full'] as const;
export const ApiKeyScopeEnum = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScopeEnum>;

/** A key lives 90 days unless its creator chooses otherwise, and never more than a year. */
export const API_KEY_DEFAULT_DAYS = 90;
export const API_KEY_MAX_DAYS = 365;

export const ApiKeyCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scope: ApiKeyScopeEnum.optional().describe("default 'read'; a key created with an API key may not be wider than that key"),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(API_KEY_MAX_DAYS)
    .optional()
    .describe(`default ${API_KEY_DEFAULT_DAYS}, at most ${API_KEY_MAX_DAYS}; a key created with an API key never outlives that key`),
});
export type ApiKeyCreateBody = z.infer<typeof ApiKeyCreateBody>;

export const ApiKeyParams = z.object({ id: z.string().max(64) });

/** The logged-in user as the web app knows it. */
export const SessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  org: z.object({ id: z.string(), name: z.string(), kind: z.enum(ORGANIZATION_KINDS), agency: z.enum(AGENCIES).nullable() }),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/**
 * A session's two-factor state: `ok`, or pending — `challenge` (a TOTP or recovery code is due) or
 * `enroll` (the user's role requires two-factor sign-in and it is not set up yet). A pending session
 * reaches only the MFA endpoints, GET /api/v1/auth/session and logout (403 MFA_REQUIRED elsewhere).
 */
export const MFA_STATES = ['ok', 'challenge', 'enroll'] as const;
export const MfaStateEnum = z.enum(MFA_STATES);
export type MfaState = z.infer<typeof MfaStateEnum>;

export const LoginResponse = z.object({
  user: SessionUserSchema,
  csrfToken: z.string().describe('send it as X-CSRF-Token on every cookie-authenticated write'),
  expiresAt: Timestamp,
  mfa: MfaStateEnum.describe("'ok', or the second step still due: 'challenge' (enter a code) or 'enroll' (set up two-factor sign-in first)"),
});

export const SessionResponse = z.object({
  user: SessionUserSchema.nullable().describe('null when nobody is logged in'),
  csrfToken: z.string().nullable().describe('null when nobody is logged in or the caller authenticates with an API key'),
  mfa: MfaStateEnum.nullable().optional().describe("the session's two-factor state; null for a visitor or an API key"),
});

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('the first characters of the key, to recognise it'),
  createdAt: Timestamp,
  scope: ApiKeyScopeEnum,
  expiresAt: Timestamp.nullable().describe('null only for a key from before expiries existed; it is refused'),
  parentId: z.string().nullable().describe('the key whose request created this one'),
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const ApiKeyListResponse = z.array(ApiKeySchema);

export const ApiKeyCreatedSchema = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string().describe('the secret: shown this once, only its hash is kept'),
  prefix: z.string(),
  scope: ApiKeyScopeEnum,
  expiresAt: Timestamp,
  parentId: z.string().nullable(),
  createdAt: Timestamp,
});

// ── Two-factor sign-in (TOTP with recovery codes) ──────────────────────────────────────────

/** A 6-digit code of the authenticator app. */
export const TotpCode = z.string().trim().regex(/^\d{6}$/, { message: 'must be the 6 digits your authenticator app shows' });

export const MfaStatusResponse = z.object({
  enrolled: z.boolean().describe('a TOTP authenticator is set up'),
  required: z.boolean().describe("the user's roles require two-factor sign-in (MFA_REQUIRED_ROLES)"),
  session: MfaStateEnum.nullable().describe("this session's state: 'ok', or the step still due"),
  recoveryCodesLeft: z.number().int().describe('unused recovery codes'),
  demoCode: z
    .string()
    .nullable()
    .describe('demo data only: the current code of a seeded demo account that still has its demo authenticator, offered on the sign-in page; null otherwise'),
});
export type MfaStatus = z.infer<typeof MfaStatusResponse>;

export const MfaEnrollmentResponse = z.object({
  secret: z.string().describe('the TOTP secret (base32), shown during set-up only; never returned once set up'),
  otpauthUri: z.string().describe('the otpauth:// URI for the QR code (issuer aiep)'),
});

export const MfaCodeBody = z.strictObject({ code: TotpCode });

export const MfaVerifyBody = z
  .strictObject({
    code: TotpCode.optional(),
    recoveryCode: z.string().trim().min(1).max(40).optional().describe('one of the recovery codes shown at set-up; each works once'),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), { message: 'send either a code or a recovery code', path: ['code'] });
export type MfaVerifyBody = z.infer<typeof MfaVerifyBody>;

export const MfaRecoveryCodesResponse = z.object({
  recoveryCodes: z.array(z.string()).describe('shown this once: each signs in once when the authenticator is not at hand; only their hashes are kept'),
});

export const MfaVerifiedResponse = z.object({ mfa: MfaStateEnum, recoveryCodesLeft: z.number().int() });
