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

export const LoginResponse = z.object({
  user: SessionUserSchema,
  csrfToken: z.string().describe('send it as X-CSRF-Token on every cookie-authenticated write'),
  expiresAt: Timestamp,
});

export const SessionResponse = z.object({
  user: SessionUserSchema.nullable().describe('null when nobody is logged in'),
  csrfToken: z.string().nullable().describe('null when nobody is logged in or the caller authenticates with an API key'),
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
