// Login with throttling, database sessions, API keys with scopes and expiries, and turning a
// credential into an Actor.
import { setTimeout as sleep } from 'node:timers/promises';
import { API_KEY_DEFAULT_DAYS, API_KEY_MAX_DAYS, type ApiKeyCreateBody, type ApiKeyScope } from '../../../shared/contracts/auth.ts';
import { ROLES, type Agency, type OrganizationKind, type Role } from '../../../shared/domain/roles.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Actor, Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashToken, randomToken, verifyPassword } from '../../lib/passwords.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { loadOrganization } from '../organizations/organizations.service.ts';
import { actorRowOf, findLoginUser } from '../users/users.service.ts';
import { apiKeyScopeAllows, isApiKeyScope, scopeWithin } from './auth.policy.ts';
import { initialMfaState, mfaRequiredFor, type MfaState } from './mfa.policy.ts';
import { findUserMfa } from './mfa.repository.ts';
import {
  deleteExpiredThrottles,
  deleteSession,
  deleteSessionsOfUser,
  deleteThrottlesOfAccount,
  deleteThrottle,
  findApiKey,
  findApiKeyForUpdate,
  findApiKeysOfUser,
  findApiKeyTreeOfUserForUpdate,
  findSessionActor,
  findThrottles,
  insertApiKey,
  insertSession,
  lockThrottle,
  revokeApiKeysOfUser,
  saveThrottle,
  touchApiKey,
} from './auth.repository.ts';
import { ACCOUNT_CEILING, ACCOUNT_SLOW_MS, afterFailure, isBlocked, liveFailures, SOURCE_MAX_FAILURES, throttleKeys, type ThrottleKeys } from './auth.throttle.ts';

// Compared against when the email is unknown (or the source throttled), so every path costs one
// scrypt and timing does not reveal accounts.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const API_KEY_PREFIX = 'aiep_';
const DAY_MS = 86_400_000;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  actor: Actor;
}

/**
 * The one answer to every refused login — unknown e-mail, wrong password, disabled user, throttled
 * source — so the answer never tells which, nor that an account exists or is throttled.
 */
const badLogin = () => new AppError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong');

/**
 * Logs in from `sourceIp`. Throttling (auth.throttle.ts) is per (e-mail, source) and per source,
 * so failures from one address never keep the owner out from another; failures past the per-account
 * ceiling only slow every attempt on the e-mail down.
 */
export async function login(deps: Deps, email: string, password: string, sourceIp: string): Promise<LoginResult & { mfa: MfaState }> {
  const nowMs = deps.clock.millis();
  const keys = throttleKeys(email, sourceIp);
  const [user, counters] = await Promise.all([findLoginUser(deps, email), findThrottles(deps.db.db, [keys.accountSource, keys.sourceOnly, keys.account])]);
  const counter = (key: string) => counters.find((c) => c.key === key);
  const subject = user ? { entityType: 'user', entityId: user.id } : { entityType: 'login', entityId: keys.emailHash };

  if (isBlocked(counter(keys.accountSource), nowMs) || isBlocked(counter(keys.sourceOnly), nowMs)) {
    await verifyPassword(password, DUMMY_HASH);
    await inTransaction(deps, (tx) => tx.audit({ actorId: null, action: 'auth.throttled', ...subject, data: { source: keys.source } }));
    throw badLogin();
  }
  const slowed = liveFailures(counter(keys.account), nowMs) >= ACCOUNT_CEILING;
  if (slowed) await sleep(ACCOUNT_SLOW_MS);

  const ok = user ? (await verifyPassword(password, user.password_hash)) && !user.disabled : await verifyPassword(password, DUMMY_HASH).then(() => false);
  if (!user || !ok) {
    await inTransaction(deps, async (tx) => {
      const throttledUntil = await recordLoginFailure(tx, deps, keys, deps.clock.millis());
      await tx.audit({ actorId: null, action: 'auth.login_failed', ...subject, data: { source: keys.source, ...(throttledUntil ? { throttledUntil } : {}), ...(slowed ? { slowed } : {}) } });
    });
    throw badLogin();
  }
  // Told only to whoever knows the password: a self-registered user confirms its address first.
  if (user.email_verification_pending === 1) {
    throw new AppError(403, 'EMAIL_NOT_VERIFIED', 'Confirm your e-mail address first: open the link we sent you, or ask for a new one');
  }
  return startSession(deps, user.id, { method: 'password', mfaSatisfied: false, source: keys.source, ...(slowed ? { slowed } : {}) }, async (tx) => {
    await deleteThrottle(tx.trx, keys.accountSource);
  });
}

export interface StartSessionOptions {
  method: 'password' | 'oidc';
  /** True when the sign-in already proved a second factor (an identity provider enforcing MFA, or its `amr`). */
  mfaSatisfied: boolean;
  /** Where the sign-in came from, for the audit trail (the throttle's source label or the client address). */
  source: string;
  /** The OpenID provider's name, for method 'oidc'. */
  provider?: string;
  /** The login was slowed down by the per-account ceiling (recorded in the audit event). */
  slowed?: boolean;
}

/**
 * Opens a session for a user whose first factor is proven (password or OpenID provider): records
 * the session with its MFA state — 'ok', or pending 'challenge' (enrolled: a TOTP code is due) or
 * 'enroll' (MFA_REQUIRED_ROLES: set it up first) — and audits `auth.login`, in one transaction
 * (with `alsoInTx`, the caller's own writes). A disabled or unknown user gets INVALID_CREDENTIALS.
 */
export async function startSession(
  deps: Deps,
  userId: string,
  opts: StartSessionOptions,
  alsoInTx?: (tx: Tx) => Promise<void>,
): Promise<LoginResult & { mfa: MfaState }> {
  const actor = await loadActor(deps, userId);
  if (!actor) throw badLogin();
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const nowMs = deps.clock.millis();
  const expiresAt = new Date(nowMs + deps.config.SESSION_TTL_HOURS * 3_600_000).toISOString();
  let mfa: MfaState = 'ok';
  await inTransaction(deps, async (tx) => {
    const enrolled = Boolean((await findUserMfa(tx.trx, userId))?.enabled_at);
    mfa = initialMfaState({ mfaSatisfied: opts.mfaSatisfied, enrolled, required: mfaRequiredFor(actor.roles, deps.config.MFA_REQUIRED_ROLES) });
    if (alsoInTx) await alsoInTx(tx);
    await insertSession(tx.trx, {
      id_hash: hashToken(sessionToken),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: deps.clock.nowIso(),
      expires_at: expiresAt,
      mfa_state: mfa,
      auth_method: opts.method,
      auth_provider: opts.provider ?? null,
    });
    await tx.audit({
      actorId: userId,
      action: 'auth.login',
      entityType: 'user',
      entityId: userId,
      // method and provider for an OpenID sign-in, the MFA state when a second step is due
      data: {
        source: opts.source,
        ...(opts.method !== 'password' ? { method: opts.method } : {}),
        ...(opts.provider ? { provider: opts.provider } : {}),
        ...(mfa !== 'ok' ? { mfa } : {}),
        ...(opts.slowed ? { slowed: true } : {}),
      },
    });
  });
  return { sessionToken, csrfToken, expiresAt, actor, mfa };
}

/**
 * A second-factor attempt from `sourceIp` for the account: refused (429 MFA_THROTTLED) while the
 * login throttle refuses this source for the e-mail or for every e-mail. Wrong codes count as
 * failed logins (recordSecondFactorFailure), so they lead to the same lockout.
 */
export async function assertSecondFactorAllowed(deps: Deps, email: string, sourceIp: string): Promise<void> {
  const keys = throttleKeys(email, sourceIp);
  const nowMs = deps.clock.millis();
  const counters = await findThrottles(deps.db.db, [keys.accountSource, keys.sourceOnly]);
  const blocked = counters.filter((c) => isBlocked(c, nowMs));
  if (blocked.length) {
    const until = blocked.map((c) => c.blocked_until!).sort().at(-1)!;
    throw new AppError(429, 'MFA_THROTTLED', 'Too many wrong codes: try again later', [], { retryAt: until });
  }
}

/** Counts a wrong second-factor code as a failed login and audits it (`auth.mfa_failed`), in its own transaction. */
export async function recordSecondFactorFailure(deps: Deps, userId: string, email: string, sourceIp: string, reason: string): Promise<void> {
  const keys = throttleKeys(email, sourceIp);
  await inTransaction(deps, async (tx) => {
    const throttledUntil = await recordLoginFailure(tx, deps, keys, deps.clock.millis());
    await tx.audit({ actorId: userId, action: 'auth.mfa_failed', entityType: 'user', entityId: userId, data: { source: keys.source, reason, ...(throttledUntil ? { throttledUntil } : {}) } });
  });
}

/** Forgets the (account, source) failures after a correct second factor, as a correct password does. */
export async function clearSecondFactorFailures(tx: Tx, email: string, sourceIp: string): Promise<void> {
  await deleteThrottle(tx.trx, throttleKeys(email, sourceIp).accountSource);
}

/**
 * Counts a failed login on its three counters, in the caller's transaction (keys locked in sorted
 * order), and forgets some expired counters. The instant until which this source is now refused for
 * the e-mail (or for every e-mail), if it is.
 */
async function recordLoginFailure(tx: Tx, deps: Deps, keys: ThrottleKeys, nowMs: number): Promise<string | null> {
  const capMs = deps.config.LOGIN_LOCKOUT_MINUTES * 60_000;
  const nowIso = new Date(nowMs).toISOString();
  const thresholds: Record<string, number | null> = {
    [keys.accountSource]: deps.config.LOGIN_MAX_FAILURES,
    [keys.sourceOnly]: SOURCE_MAX_FAILURES,
    [keys.account]: null,
  };
  let until: string | null = null;
  for (const key of Object.keys(thresholds).sort()) {
    const row = await lockThrottle(tx.trx, tx.dialect, key, nowIso);
    const next = afterFailure(row, nowMs, thresholds[key] ?? null, capMs);
    await saveThrottle(tx.trx, { key, ...next });
    if (next.blocked_until && (!until || next.blocked_until > until)) until = next.blocked_until;
  }
  await deleteExpiredThrottles(tx.trx, tx.dialect, nowIso);
  return until;
}

/** Ends a session; the logout is audited for the session's user. */
export async function logout(deps: Deps, sessionToken: string, actor: Actor | null): Promise<void> {
  await inTransaction(deps, async (tx) => {
    await deleteSession(tx.trx, hashToken(sessionToken));
    if (actor) await tx.audit({ actorId: actor.userId, action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
  forgetCachedSessions(deps, sessionToken);
}

export async function loadActor(deps: Deps, userId: string): Promise<Actor | null> {
  const row = await actorRowOf(deps, userId);
  return row ? toActor(row) : null;
}

type ActorRow = NonNullable<Awaited<ReturnType<typeof actorRowOf>>>;

function toActor(row: ActorRow): Actor | null {
  if (row.disabled) return null;
  return {
    userId: row.userId,
    orgId: row.orgId,
    orgKind: row.orgKind as OrganizationKind,
    agency: row.agency as Agency | null,
    roles: (JSON.parse(row.roles_json) as string[]).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    email: row.email,
    name: row.name,
  };
}

/**
 * Resolved sessions are kept for a moment, because every request resolves one. Logging out drops
 * the entry at once in this process; another process sharing the database sees a logout, a
 * disabled user or a role change within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 2000;
const SESSION_CACHE_MAX = 10_000;
const sessionCache = new WeakMap<object, Map<string, { at: number; value: ResolvedSession | null }>>();

/** A live session: its user, CSRF token and MFA state (pending sessions reach only the MFA endpoints). */
export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  mfa: MfaState;
}

function sessionCacheOf(deps: Deps) {
  let m = sessionCache.get(deps.db);
  if (!m) {
    m = new Map();
    sessionCache.set(deps.db, m);
  }
  return m;
}

export async function resolveSession(deps: Deps, sessionToken: string): Promise<ResolvedSession | null> {
  const idHash = hashToken(sessionToken);
  const cache = sessionCacheOf(deps);
  const now = deps.clock.millis();
  const hit = cache.get(idHash);
  if (hit && now - hit.at < SESSION_CACHE_MS) return hit.value;
  const row = await findSessionActor(deps.db.db, idHash, new Date(now).toISOString());
  const actor = row ? toActor(row) : null;
  const value = actor ? { actor, csrfToken: row!.csrf_token, mfa: row!.mfa_state } : null;
  if (cache.size >= SESSION_CACHE_MAX) cache.clear();
  cache.set(idHash, { at: now, value });
  return value;
}

/** Drops cached sessions of this process (after a logout, an MFA step, or a change to users and roles). */
export function forgetCachedSessions(deps: Deps, sessionToken?: string): void {
  if (sessionToken) sessionCacheOf(deps).delete(hashToken(sessionToken));
  else sessionCacheOf(deps).clear();
}

const API_KEY_TOUCH_MS = 60_000;

/** The key a request authenticated with: what its scope allows, and what a key it creates may be. */
export interface ApiKeyAuth {
  id: string;
  scope: ApiKeyScope;
  expiresAt: string;
}

/**
 * The key behind each actor resolved from an API key. The actor object is made per request by
 * resolveApiKey and carried to the services as ctx.actor, so the key travels with it without
 * widening the Actor type every module sees.
 */
const keyOfActor = new WeakMap<Actor, ApiKeyAuth>();

/** The API key the actor authenticated with, or undefined for a session. */
export function apiKeyOf(actor: Actor): ApiKeyAuth | undefined {
  return keyOfActor.get(actor);
}

/** The actor of a live key (not revoked, not expired), or null. */
export async function resolveApiKey(deps: Deps, key: string): Promise<Actor | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const now = deps.clock.millis();
  const row = await findApiKey(deps.db.db, hashToken(key), new Date(now).toISOString());
  if (!row || !row.expires_at || !isApiKeyScope(row.scope)) return null;
  // "Last used" to the minute: a request authenticated by a key writes at most once a minute,
  // not on every call (each write would also end the proposal read's snapshot cache on SQLite).
  if (row.last_used_at === null || Date.parse(row.last_used_at) <= now - API_KEY_TOUCH_MS) await touchApiKey(deps.db.db, row.id, new Date(now).toISOString());
  const actor = await loadActor(deps, row.user_id);
  if (actor) keyOfActor.set(actor, { id: row.id, scope: row.scope, expiresAt: row.expires_at });
  return actor;
}

/**
 * The scope check of every API-key request, called by the authentication hook (src/server/http/auth.ts)
 * once the route is matched: 403 API_KEY_SCOPE when the key's scope does not cover the method and
 * route. A session is not concerned.
 */
export function assertApiKeyScope(actor: Actor, method: string, routeUrl: string | undefined): void {
  const key = apiKeyOf(actor);
  if (key && !apiKeyScopeAllows(key.scope, method, routeUrl)) {
    throw new AppError(403, 'API_KEY_SCOPE', `This API key's scope (${key.scope}) does not allow ${method} ${routeUrl ?? 'on this path'}`, [], { scope: key.scope });
  }
}

/**
 * Creates an API key for the acting user; the secret is returned once and only its hash is kept.
 * Scope 'read' and 90 days unless chosen (at most a year). A key created by a request authenticated
 * with a key records that key as its parent, may not be wider (403 API_KEY_SCOPE) and never outlives
 * it: by default it ends with its parent, and asking for later is 400 API_KEY_OUTLIVES_PARENT.
 * Without a parent key, the session must have passed its second step (403 MFA_REQUIRED otherwise).
 */
export async function createApiKey(ctx: Deps & { actor: Actor }, body: ApiKeyCreateBody, sessionMfa: MfaState | null = null) {
  const parent = apiKeyOf(ctx.actor);
  // A key is made from a key, or from a session whose second factor is done (when one is due).
  if (!parent && sessionMfa !== 'ok') throw new AppError(403, 'MFA_REQUIRED', 'API keys are created from a fully signed-in session', [], { mfa: sessionMfa ?? 'challenge' });
  const scope: ApiKeyScope = body.scope ?? 'read';
  if (parent && !scopeWithin(scope, parent.scope)) {
    throw new AppError(403, 'API_KEY_SCOPE', `A key created with a ${parent.scope} key may not have the wider scope ${scope}`, [], { scope: parent.scope });
  }
  const nowMs = ctx.clock.millis();
  const days = body.expiresInDays ?? API_KEY_DEFAULT_DAYS;
  if (days < 1 || days > API_KEY_MAX_DAYS) throw new AppError(400, 'VALIDATION_FAILED', 'Request is invalid', [{ path: 'expiresInDays', message: `must be 1 to ${API_KEY_MAX_DAYS}` }]);
  let expiresAt = new Date(nowMs + days * DAY_MS).toISOString();
  if (parent && expiresAt > parent.expiresAt) {
    if (body.expiresInDays !== undefined) {
      throw new AppError(400, 'API_KEY_OUTLIVES_PARENT', `A key created with an API key may not outlive it (it expires at ${parent.expiresAt})`, [{ path: 'expiresInDays', message: `must end by ${parent.expiresAt}` }]);
    }
    expiresAt = parent.expiresAt;
  }
  const secret = `${API_KEY_PREFIX}${randomToken(30)}`;
  const id = newId();
  const createdAt = ctx.clock.nowIso();
  const prefix = secret.slice(0, 12);
  await inTransaction(ctx, async (tx) => {
    if (parent) {
      // The parent again, locked: revoked or expired since this request began, it creates nothing.
      const row = await findApiKeyForUpdate(tx.trx, tx.dialect, parent.id);
      if (!row || row.revoked_at !== null || !row.expires_at || row.expires_at <= createdAt) throw new AppError(401, 'INVALID_API_KEY', 'The API key is unknown, revoked or expired');
    }
    await insertApiKey(tx.trx, {
      id,
      user_id: ctx.actor.userId,
      name: body.name,
      prefix,
      key_hash: hashToken(secret),
      scope,
      expires_at: expiresAt,
      parent_id: parent?.id ?? null,
      created_at: createdAt,
      last_used_at: null,
      revoked_at: null,
    });
    await tx.audit({ actorId: ctx.actor.userId, action: 'api_key.created', entityType: 'api_key', entityId: id, data: { name: body.name, scope, expiresAt, parentId: parent?.id ?? null } });
  });
  return { id, name: body.name, key: secret, prefix, scope, expiresAt, parentId: parent?.id ?? null, createdAt };
}

export async function listApiKeys(ctx: Deps & { actor: Actor }) {
  const rows = await findApiKeysOfUser(ctx.db.db, ctx.actor.userId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scope: isApiKeyScope(r.scope) ? r.scope : ('read' as const),
    expiresAt: r.expires_at,
    parentId: r.parent_id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes one of the user's live keys and every key descended from it (404 when there is no such live key). */
export async function revokeApiKey(ctx: Deps & { actor: Actor }, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const tree = await findApiKeyTreeOfUserForUpdate(tx.trx, tx.dialect, ctx.actor.userId);
    const target = tree.find((k) => k.id === id);
    if (!target || target.revoked_at !== null) throw new AppError(404, 'NOT_FOUND', 'API key not found');
    const revoked = [id];
    for (let i = 0; i < revoked.length; i++) for (const k of tree) if (k.parent_id === revoked[i]) revoked.push(k.id);
    await revokeApiKeysOfUser(tx.trx, revoked, ctx.actor.userId, ctx.clock.nowIso());
    await tx.audit({ actorId: ctx.actor.userId, action: 'api_key.revoked', entityType: 'api_key', entityId: id, data: { descendants: revoked.slice(1) } });
  });
}

/** The user as the web app shows who is logged in: identity, roles and organization. */
export async function sessionUser(deps: Deps, actor: Actor) {
  const org = await loadOrganization(deps, actor.orgId);
  return { id: actor.userId, email: actor.email, name: actor.name, roles: actor.roles, org: { id: actor.orgId, name: org?.name ?? '', kind: actor.orgKind, agency: actor.agency } };
}

// ── For the onboarding module (password reset) ──────────────────────────────────────────

/**
 * Ends every session of the user and forgets the failed-login counters of its e-mail (from every
 * source), in the caller's transaction; the number of sessions ended. Call forgetCachedSessions
 * once the transaction has committed.
 */
export async function endSessionsAndLockoutOf(tx: Tx, userId: string, email: string): Promise<number> {
  await deleteThrottlesOfAccount(tx.trx, throttleKeys(email, '0.0.0.0').emailHash);
  return deleteSessionsOfUser(tx.trx, userId);
}
