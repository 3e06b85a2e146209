// Sign-in through an OpenID provider (Login.gov, agency providers): the authorization code flow
// with PKCE (S256), state and nonce, as a relying party (openid-client). The state, nonce and code
// verifier are kept server-side (oidc_login_states), bound to the browser that started the sign-in
// by a cookie, and spent by the first callback that names them. The verified e-mail then finds the
// user: by the provider's subject, else by the address (the identity is linked), else through an
// open invitation (the user is created); anyone else is refused and nothing is written but the
// audit event of the refusal.
import * as oidc from 'openid-client';
import type { SignInErrorReason } from '../../../shared/contracts/identity.ts';
import type { Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashToken, randomToken } from '../../lib/passwords.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { startSession, type LoginResult } from '../auth/auth.service.ts';
import { activeConsortiumIdsOf } from '../consortia/consortia.service.ts';
import { actorRowOf, findLoginUser } from '../users/users.service.ts';
import { deleteExpiredLoginStates, findIdentity, insertIdentity, insertLoginState, takeLoginState, touchIdentity } from './identity.repository.ts';
import { acceptInTx, findOpenInvitationByEmail } from './invitations.service.ts';
import { providerConfiguration } from './oidc.client.ts';
import type { OidcProviderSetting } from './oidc.settings.ts';

/** A refused sign-in: the reason the error page explains (SIGN_IN_ERROR_MESSAGES). */
export class SignInRefused extends Error {
  constructor(
    readonly reason: SignInErrorReason,
    readonly detail?: string,
  ) {
    super(`Sign-in refused: ${reason}${detail ? ` (${detail})` : ''}`);
  }
}

/** The providers offered on the sign-in page. */
export function listProviders(deps: Deps): { id: string; label: string }[] {
  return deps.config.OIDC_PROVIDERS.map((p) => ({ id: p.id, label: p.label }));
}

function providerOf(deps: Deps, id: string): OidcProviderSetting {
  const p = deps.config.OIDC_PROVIDERS.find((x) => x.id === id);
  if (!p) throw new SignInRefused('unknown_provider');
  return p;
}

/** The redirect URI registered with the provider. */
export function redirectUriOf(deps: Deps, p: OidcProviderSetting): string {
  return p.redirectUri ?? `${deps.config.PUBLIC_BASE_URL}/auth/oidc/${p.id}/callback`;
}

async function configurationOf(deps: Deps, p: OidcProviderSetting): Promise<oidc.Configuration> {
  try {
    return await providerConfiguration(deps, p);
  } catch (err) {
    throw new SignInRefused('provider_unavailable', errorText(err));
  }
}

/** The library's words about a failure, with the claim or OAuth error it names (no tokens), for the audit trail. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 300);
  const extra: string[] = [];
  // openid-client wraps oauth4webapi's error, whose cause names the claim or the OAuth error.
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const o = e as Record<string, unknown>;
    for (const key of ['code', 'error', 'claim'] as const) if (typeof o[key] === 'string' && !extra.includes(`${key} ${o[key]}`)) extra.push(`${key} ${o[key]}`);
  }
  return `${err.name}: ${err.message}${extra.length ? ` (${extra.join(', ')})` : ''}`.slice(0, 300);
}

/**
 * Starts a sign-in: records the pending sign-in and answers the provider's authorization URL and
 * the browser token (the caller's cookie, or a new one) the callback must come back with.
 */
export async function startSignIn(deps: Deps, providerId: string, browserToken: string | undefined, source: string): Promise<{ url: string; browserToken: string }> {
  try {
    const p = providerOf(deps, providerId);
    const config = await configurationOf(deps, p);
    const browser = browserToken && browserToken.length >= 32 && browserToken.length <= 100 ? browserToken : randomToken(32);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const now = deps.clock.nowIso();
    await inTransaction(deps, async (tx) => {
      await deleteExpiredLoginStates(tx.trx, now);
      await insertLoginState(tx.trx, {
        state_hash: hashToken(state),
        provider: p.id,
        browser_hash: hashToken(browser),
        nonce,
        code_verifier: codeVerifier,
        created_at: now,
        expires_at: new Date(deps.clock.millis() + deps.config.OIDC_STATE_TTL_MINUTES * 60_000).toISOString(),
      });
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUriOf(deps, p),
      scope: p.scopes,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(p.acrValues ? { acr_values: p.acrValues } : {}),
    });
    return { url: url.href, browserToken: browser };
  } catch (err) {
    throw await refused(deps, providerId, source, err);
  }
}

export interface SignedIn {
  session: LoginResult & { mfa: 'ok' | 'challenge' | 'enroll' };
  /** Where the web app opens: a company user's one consortium, else home. */
  landing: string;
}

/**
 * Finishes a sign-in at the callback: spends the state (once, from the browser that started it),
 * redeems the code (PKCE, nonce, the ID token's signature, issuer, audience and expiry checked by
 * openid-client), reads the verified e-mail and opens a session for the user it finds.
 */
export async function finishSignIn(deps: Deps, providerId: string, query: URLSearchParams, browserToken: string | undefined, source: string): Promise<SignedIn> {
  try {
    const p = providerOf(deps, providerId);
    const state = query.get('state');
    const pending = state ? await inTransaction(deps, (tx) => takeLoginState(tx.trx, hashToken(state))) : undefined;
    if (!pending || pending.provider !== p.id || pending.expires_at <= deps.clock.nowIso() || !browserToken || hashToken(browserToken) !== pending.browser_hash) {
      throw new SignInRefused('invalid_state', !pending ? 'unknown or already used state' : 'state expired, of another provider or another browser');
    }
    const error = query.get('error');
    if (error) throw new SignInRefused(error === 'access_denied' ? 'cancelled' : 'provider_error', `${error}: ${(query.get('error_description') ?? '').slice(0, 200)}`);
    const config = await configurationOf(deps, p);
    const currentUrl = new URL(redirectUriOf(deps, p));
    currentUrl.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.code_verifier, expectedState: state!, expectedNonce: pending.nonce, idTokenExpected: true });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...userInfo, ...idClaims, email: userInfo.email ?? idClaims.email, email_verified: userInfo.email_verified ?? idClaims.email_verified };
    } catch (err) {
      throw new SignInRefused('token_rejected', errorText(err));
    }
    return await signInWithClaims(deps, p, claims, source);
  } catch (err) {
    throw await refused(deps, providerId, source, err);
  }
}

/** The person the provider vouched for → a session, or a refusal. */
async function signInWithClaims(deps: Deps, p: OidcProviderSetting, claims: Record<string, unknown>, source: string): Promise<SignedIn> {
  const subject = String(claims.sub);
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email || !(claims.email_verified === true || claims.email_verified === 'true')) throw new SignInRefused('email_unverified', email || 'no e-mail claim');
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (p.allowedEmailDomains && !p.allowedEmailDomains.includes(domain)) throw new SignInRefused('email_domain_not_allowed', email);
  const amr = Array.isArray(claims.amr) ? claims.amr.map(String) : [];
  const mfaSatisfied = p.enforcesMfa || amr.includes('mfa');
  const opts = { method: 'oidc' as const, mfaSatisfied, source, provider: p.id };
  const now = deps.clock.nowIso();
  const allowedKind = (kind: string) => (p.allowedOrgKinds as readonly string[]).includes(kind);

  const checkUser = async (userId: string) => {
    const row = await actorRowOf(deps, userId);
    if (!row) throw new SignInRefused('no_account', email);
    if (row.disabled) throw new SignInRefused('account_disabled', email);
    if (!allowedKind(row.orgKind)) throw new SignInRefused('org_kind_not_allowed', `${email} (${row.orgKind})`);
  };

  const identity = await findIdentity(deps.db.db, p.id, subject);
  if (identity) {
    await checkUser(identity.user_id);
    const session = await startSession(deps, identity.user_id, opts, (tx) => touchIdentity(tx.trx, identity.id, now));
    return { session, landing: await landingOf(deps, session) };
  }

  const link = (userId: string) => ({ id: newId(), user_id: userId, provider: p.id, subject, email, created_at: now, last_login_at: now });
  const user = await findLoginUser(deps, email);
  if (user) {
    await checkUser(user.id);
    const row = link(user.id);
    const session = await startSession(deps, user.id, opts, async (tx) => {
      await insertIdentity(tx.trx, row);
      await tx.audit({ actorId: user.id, action: 'identity.linked', entityType: 'user', entityId: user.id, data: { provider: p.id, subject, email, via: 'email' } });
    });
    return { session, landing: await landingOf(deps, session) };
  }

  const invitation = await findOpenInvitationByEmail(deps, email);
  if (!invitation) throw new SignInRefused('no_account', email);
  if (!allowedKind(invitation.orgKind)) throw new SignInRefused('org_kind_not_allowed', `${email} (${invitation.orgKind})`);
  const userId = newId();
  const name = nameOf(claims, email);
  await inTransaction(deps, async (tx) => {
    await acceptInTx(tx, invitation, userId, { name, passwordHash: null, via: 'oidc', provider: p.id });
    await insertIdentity(tx.trx, link(userId));
    await tx.audit({ actorId: userId, action: 'identity.linked', entityType: 'user', entityId: userId, data: { provider: p.id, subject, email, via: 'invitation', invitationId: invitation.id } });
  });
  const session = await startSession(deps, userId, opts);
  return { session, landing: await landingOf(deps, session) };
}

/** A display name from the claims (Login.gov gives none with the e-mail scope: the address's local part). */
function nameOf(claims: Record<string, unknown>, email: string): string {
  const given = [claims.given_name, claims.family_name].filter((s): s is string => typeof s === 'string' && s.trim() !== '').join(' ');
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : given || email.slice(0, email.indexOf('@'));
  return name.slice(0, 200);
}

async function landingOf(deps: Deps, session: SignedIn['session']): Promise<string> {
  if (session.actor.orgKind !== 'company') return '/';
  const ids = await activeConsortiumIdsOf(deps, session.actor.orgId);
  return ids.length === 1 ? `/consortia/${encodeURIComponent(ids[0]!)}` : '/';
}

/** Audits a refused sign-in (nothing else is written) and answers the refusal to show. */
async function refused(deps: Deps, providerId: string, source: string, err: unknown): Promise<SignInRefused> {
  const refusal = err instanceof SignInRefused ? err : new SignInRefused('provider_error', errorText(err));
  await inTransaction(deps, (tx) =>
    tx.audit({ actorId: null, action: 'auth.oidc_refused', entityType: 'oidc_provider', entityId: providerId.slice(0, 64), data: { reason: refusal.reason, source, ...(refusal.detail ? { detail: refusal.detail } : {}) } }),
  );
  return refusal;
}
