// A real OpenID provider (node-oidc-provider) in the test process, on a free loopback port, for
// the sign-in tests: a client registered for private_key_jwt with PKCE (its private key written to
// a PEM file the relying party's settings point at), one for client_secret_basic, accounts with
// verified and unverified e-mails, a configurable ID token lifetime, and a login page of its own
// (a form naming the account) that the tests fill in — with fetch, or in Chromium.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  emailVerified: boolean;
  name?: string;
  /** Authentication methods the ID token reports (e.g. ['pwd', 'mfa']). */
  amr?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  /** Accounts by id (the `sub`): add or change them at any time. */
  accounts: Map<string, TestAccount>;
  /** The private_key_jwt client and the file of its private key (PKCS #8 PEM). */
  jwtClient: { clientId: string; privateKeyPath: string };
  /** The client_secret_basic client. */
  secretClient: { clientId: string; clientSecret: string };
  /**
   * Follows an authorization URL through the provider (its login form as `accountId`, then
   * consent) with fetch and a cookie jar, and answers the redirect back to the relying party: the
   * callback URL with code, state and iss (or an error).
   */
  authorize(authorizationUrl: string, accountId: string): Promise<URL>;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** Redirect URIs the clients may use (the relying party's callbacks). */
  redirectUris: string[];
  /** The ID tokens' lifetime in seconds (default an hour). */
  idTokenTtlSeconds?: number;
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startTestOidcProvider(opts: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const accounts = new Map<string, TestAccount>();
  const clientKeys = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(clientKeys.publicKey)), use: 'sig', alg: 'RS256' };
  const dir = mkdtempSync(join(tmpdir(), 'aiep-oidc-'));
  const privateKeyPath = join(dir, 'client-key.pem');
  writeFileSync(privateKeyPath, await exportPKCS8(clientKeys.privateKey), { mode: 0o600 });
  const signing = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = { ...(await exportJWK(signing.privateKey)), use: 'sig', alg: 'RS256', kid: 'test-signing' };
  const clientSecret = randomBytes(24).toString('hex');
  const common = { redirect_uris: opts.redirectUris, response_types: ['code'], grant_types: ['authorization_code'], id_token_signed_response_alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: [
      { ...common, client_id: 'aiep-jwt', token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'RS256', jwks: { keys: [publicJwk] } },
      { ...common, client_id: 'aiep-secret', client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic' },
    ],
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    acrValues: ['urn:acr.login.gov:auth-only', 'http://idmanagement.gov/ns/assurance/ial/1'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { IdToken: opts.idTokenTtlSeconds ?? 3600, AccessToken: 3600, AuthorizationCode: 600, Interaction: 3600, Session: 3600, Grant: 3600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, email: account.email, email_verified: account.emailVerified, ...(account.name ? { name: account.name } : {}) }),
      };
    },
  });
  // Nothing in the console for expected refusals (a replayed code, a wrong client).
  provider.on('server_error', () => {});
  const callback = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    // A browser asks for the icon of the login page: none, and no 404 in its console.
    if (url.pathname === '/favicon.ico') {
      res.statusCode = 204;
      return void res.end();
    }
    const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (!m) return void callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          if (req.method === 'POST' && m[2]) {
            const accountId = (await readBody(req)).get('account') ?? '';
            if (!accounts.has(accountId)) {
              res.statusCode = 400;
              return void res.end('unknown account');
            }
            return await provider.interactionFinished(req, res, { login: { accountId, amr: accounts.get(accountId)!.amr ?? ['pwd'] } }, { mergeWithLastSubmission: false });
          }
          res.setHeader('content-type', 'text/html; charset=utf-8');
          return void res.end(
            `<!doctype html><html lang="en"><head><title>Test provider sign-in</title></head><body><h1>Test OpenID provider</h1>` +
              `<form method="post" action="/interaction/${escapeHtml(details.uid)}/login"><label>Account <input name="account" autocomplete="off"></label>` +
              `<button type="submit">Continue</button></form></body></html>`,
          );
        }
        // Consent: granted at once for what the client asked.
        const accountId = details.session!.accountId;
        const grant = details.grantId ? (await provider.Grant.find(details.grantId))! : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
        const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      } catch (err) {
        res.statusCode = 500;
        res.end(String(err));
      }
    })();
  });

  async function authorize(authorizationUrl: string, accountId: string): Promise<URL> {
    const jar = new Map<string, string>();
    const remember = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let next = new URL(authorizationUrl);
    let init: RequestInit = {};
    for (let hop = 0; hop < 20; hop++) {
      if (next.origin !== issuer) return next;
      const res = await fetch(next, { ...init, redirect: 'manual', headers: { ...((init.headers) ?? {}), cookie: cookie() } });
      remember(res);
      init = {};
      const location = res.headers.get('location');
      if (location) {
        next = new URL(location, next);
        continue;
      }
      const html = await res.text();
      const action = /action="([^"]+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action) throw new Error(`test provider answered ${res.status}: ${html.slice(0, 300)}`);
      next = new URL(action.replace(/&#(\d+);/g, (_s, n: string) => String.fromCharCode(Number(n))), next);
      init = { method: 'POST', body: new URLSearchParams({ account: accountId }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    }
    throw new Error('too many redirects at the test provider');
  }

  return {
    issuer,
    accounts,
    jwtClient: { clientId: 'aiep-jwt', privateKeyPath },
    secretClient: { clientId: 'aiep-secret', clientSecret },
    authorize,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
