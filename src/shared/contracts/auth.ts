// Sessions and API keys: what the login, session and API-key routes take and return.
import { z } from 'zod';
import { AGENCIES, ORGANIZATION_KINDS, ROLES } from '../domain/roles.ts';
import { Timestamp } from './common.ts';

export const LoginBody = z.strictObject({ email: z.string().max(254), password: z.string().max(200) });

export const ApiKeyCreateBody = z.strictObject({ name: z.string().trim().min(1).max(100) });

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
  user: SessionUserSchema,
  csrfToken: z.string().nullable().describe('null when the caller authenticates with an API key'),
});

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('the first characters of the key, to recognise it'),
  createdAt: Timestamp,
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
  createdAt: Timestamp,
});
