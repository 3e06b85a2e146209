// The OpenID providers aiep signs users in with: the OIDC_PROVIDERS setting, a JSON array or the
// path of a file holding one (docs/operations.md#sign-in-with-openid-connect). Validated at start
// with the rest of the configuration; the private keys themselves are read when first needed.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ORGANIZATION_KINDS } from '../../../shared/domain/roles.ts';

export const OidcProviderSetting = z.strictObject({
  /** In the sign-in address (/auth/oidc/<id>/start) and the audit trail. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'must be 1 to 40 lower-case letters, digits and dashes' }),
  /** Shown on the button: "Sign in with <label>". */
  label: z.string().trim().min(1).max(60),
  /** The issuer identifier; its /.well-known/openid-configuration is fetched at run time. */
  issuer: z.string().url(),
  clientId: z.string().min(1).max(500),
  /** private_key_jwt: a PEM (PKCS #8) or JWK file of the private key whose public half is registered with the provider. */
  privateKeyPath: z.string().min(1).optional(),
  /** The signing algorithm of the client assertion (Login.gov: RS256). */
  privateKeyAlg: z.enum(['RS256', 'PS256', 'ES256']).default('RS256'),
  /** client_secret_basic instead (agency providers that issue a secret). */
  clientSecret: z.string().min(1).optional(),
  /** acr_values sent with every request, space-separated (Login.gov: urn:acr.login.gov:auth-only). */
  acrValues: z.string().trim().max(500).optional(),
  scopes: z.string().trim().default('openid email'),
  /** The provider always requires a second factor (Login.gov does): its sign-in counts as two-factor. */
  enforcesMfa: z.boolean().default(false),
  /** Kinds of organization whose users may sign in through this provider. */
  allowedOrgKinds: z.array(z.enum(ORGANIZATION_KINDS)).min(1),
  /** When set, only e-mail addresses of these domains (lower case, exact) are accepted. */
  allowedEmailDomains: z.array(z.string().trim().toLowerCase().min(1)).optional(),
  /** The redirect URI registered with the provider; default PUBLIC_BASE_URL/auth/oidc/<id>/callback. */
  redirectUri: z.string().url().optional(),
  /** Seconds added to this server's time when checking the provider's tokens (a known clock difference); default 0. */
  clockSkewSeconds: z.number().int().min(-3600).max(3600).default(0),
}).refine((p) => Boolean(p.privateKeyPath) !== Boolean(p.clientSecret), { message: 'give exactly one of privateKeyPath (private_key_jwt) and clientSecret (client_secret_basic)' });
export type OidcProviderSetting = z.infer<typeof OidcProviderSetting>;

const ProviderList = z
  .array(OidcProviderSetting)
  .refine((list) => new Set(list.map((p) => p.id)).size === list.length, { message: 'provider ids must be unique' });

/** OIDC_PROVIDERS: empty (no provider), a JSON array, or the path of a JSON file holding one. */
export const OidcProvidersSetting = z
  .string()
  .default('')
  .transform((v, ctx): unknown => {
    const text = v.trim();
    if (!text) return [];
    let json = text;
    if (!text.startsWith('[')) {
      try {
        json = readFileSync(text, 'utf8');
      } catch {
        ctx.addIssue({ code: 'custom', message: `is neither a JSON array nor a readable file (${text})` });
        return z.NEVER;
      }
    }
    try {
      return JSON.parse(json) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON (an array of providers)' });
      return z.NEVER;
    }
  })
  .pipe(ProviderList);

/** The providers a user of this kind of organization may sign in through (all of them without a kind). */
export function providersFor(providers: readonly OidcProviderSetting[], orgKind?: string): { id: string; label: string }[] {
  return providers.filter((p) => orgKind === undefined || (p.allowedOrgKinds as readonly string[]).includes(orgKind)).map((p) => ({ id: p.id, label: p.label }));
}
