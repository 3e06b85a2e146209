// The relying party's view of each configured OpenID provider (openid-client): its metadata,
// discovered from the issuer at run time and kept for the process, and the client authentication
// (private_key_jwt with the configured key, or client_secret_basic).
import { readFile } from 'node:fs/promises';
import { importJWK, importPKCS8, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { Deps } from '../../lib/context.ts';
import type { OidcProviderSetting } from './oidc.settings.ts';

/** http is accepted for a provider on this machine only (development and tests); any other must use https. */
export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** The signing key of the client assertion, from a PEM (PKCS #8) or JWK file. */
async function privateKeyOf(p: OidcProviderSetting): Promise<oidc.PrivateKey> {
  const text = (await readFile(p.privateKeyPath!, 'utf8')).trim();
  if (text.startsWith('{')) {
    const jwk = JSON.parse(text) as JWK;
    const key = await importJWK(jwk, jwk.alg ?? p.privateKeyAlg);
    if (key instanceof Uint8Array) throw new Error(`The private key of OpenID provider ${p.id} is not an asymmetric key`);
    return { key, ...(jwk.kid ? { kid: jwk.kid } : {}) };
  }
  return { key: await importPKCS8(text, p.privateKeyAlg) };
}

const configurations = new WeakMap<object, Map<string, Promise<oidc.Configuration>>>();

/**
 * The provider's configuration: discovery at first use, then kept for this process (per database,
 * as the tests run several). A failed discovery is not kept, so the next sign-in tries again.
 */
export function providerConfiguration(deps: Deps, p: OidcProviderSetting): Promise<oidc.Configuration> {
  let cache = configurations.get(deps.config);
  if (!cache) configurations.set(deps.config, (cache = new Map()));
  const hit = cache.get(p.id);
  if (hit) return hit;
  const made = discover(p);
  cache.set(p.id, made);
  made.catch(() => cache.delete(p.id));
  return made;
}

async function discover(p: OidcProviderSetting): Promise<oidc.Configuration> {
  const issuer = new URL(p.issuer);
  const insecure = issuer.protocol === 'http:';
  if (insecure && !isLoopback(issuer)) throw new Error(`OpenID provider ${p.id}: the issuer must use https`);
  const auth = p.privateKeyPath ? oidc.PrivateKeyJwt(await privateKeyOf(p)) : oidc.ClientSecretBasic(p.clientSecret);
  const metadata: Partial<oidc.ClientMetadata> = {
    ...(p.privateKeyPath ? { token_endpoint_auth_signing_alg: p.privateKeyAlg } : {}),
    ...(p.clockSkewSeconds ? { [oidc.clockSkew]: p.clockSkewSeconds } : {}),
  };
  return oidc.discovery(issuer, p.clientId, metadata, auth, { timeout: 10, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) });
}
