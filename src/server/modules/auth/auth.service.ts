// Login with lockout, database sessions, API keys, and turning a credential into an Actor.
import { ROLES, type Agency, type OrganizationKind, type Role } from '../../../shared/domain/roles.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Actor, Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashToken, randomToken, verifyPassword } from '../../lib/passwords.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { loadOrganization } from '../organizations/organizations.service.ts';
import { actorRowOf, findLoginUser, setLoginFailures } from '../users/users.service.ts';
import { deleteSession, findApiKey, findApiKeysOfUser, findSessionActor, insertApiKey, insertSession, revokeApiKeyOfUser, touchApiKey } from './auth.repository.ts';

// Compared against when the email is unknown, so both paths cost one scrypt and timing does not reveal accounts.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const API_KEY_PREFIX = 'aiep_';

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  actor: Actor;
}

const badLogin = () => new AppError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong');

export async function login(deps: Deps, email: string, password: string): Promise<LoginResult> {
  const { config } = deps;
  const user = await findLoginUser(deps, email);
  if (!user) {
    await verifyPassword(password, DUMMY_HASH);
    throw badLogin();
  }
  const now = deps.clock.now();
  if (user.locked_until && new Date(user.locked_until) > now) {
    throw new AppError(423, 'ACCOUNT_LOCKED', `Too many failed logins; try again after ${user.locked_until}`, [], {
      lockedUntil: user.locked_until,
    });
  }
  const ok = !user.disabled && (await verifyPassword(password, user.password_hash));
  if (!ok) {
    const failures = user.failed_logins + 1;
    const lock = failures >= config.LOGIN_MAX_FAILURES;
    const lockedUntil = lock ? new Date(now.getTime() + config.LOGIN_LOCKOUT_MINUTES * 60_000).toISOString() : null;
    await inTransaction(deps, async (tx) => {
      await setLoginFailures(tx, user.id, lock ? 0 : failures, lockedUntil);
      await tx.audit({ actorId: null, action: lock ? 'auth.locked' : 'auth.login_failed', entityType: 'user', entityId: user.id });
    });
    throw badLogin();
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + config.SESSION_TTL_HOURS * 3_600_000).toISOString();
  await inTransaction(deps, async (tx) => {
    await setLoginFailures(tx, user.id, 0, null);
    await insertSession(tx.trx, { id_hash: hashToken(sessionToken), user_id: user.id, csrf_token: csrfToken, created_at: deps.clock.nowIso(), expires_at: expiresAt });
    await tx.audit({ actorId: user.id, action: 'auth.login', entityType: 'user', entityId: user.id });
  });
  const actor = await loadActor(deps, user.id);
  if (!actor) throw badLogin();
  return { sessionToken, csrfToken, expiresAt, actor };
}

export async function logout(deps: Deps, sessionToken: string): Promise<void> {
  await inTransaction(deps, (tx) => deleteSession(tx.trx, hashToken(sessionToken)));
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
const sessionCache = new WeakMap<object, Map<string, { at: number; value: { actor: Actor; csrfToken: string } | null }>>();

function sessionCacheOf(deps: Deps) {
  let m = sessionCache.get(deps.db);
  if (!m) {
    m = new Map();
    sessionCache.set(deps.db, m);
  }
  return m;
}

export async function resolveSession(deps: Deps, sessionToken: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const idHash = hashToken(sessionToken);
  const cache = sessionCacheOf(deps);
  const now = deps.clock.millis();
  const hit = cache.get(idHash);
  if (hit && now - hit.at < SESSION_CACHE_MS) return hit.value;
  const row = await findSessionActor(deps.db.db, idHash, new Date(now).toISOString());
  const actor = row ? toActor(row) : null;
  const value = actor ? { actor, csrfToken: row!.csrf_token } : null;
  if (cache.size >= SESSION_CACHE_MAX) cache.clear();
  cache.set(idHash, { at: now, value });
  return value;
}

/** Drops cached sessions of this process (after a logout, or a change to users and roles). */
function forgetCachedSessions(deps: Deps, sessionToken?: string): void {
  if (sessionToken) sessionCacheOf(deps).delete(hashToken(sessionToken));
  else sessionCacheOf(deps).clear();
}

const API_KEY_TOUCH_MS = 60_000;

export async function resolveApiKey(deps: Deps, key: string): Promise<Actor | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = await findApiKey(deps.db.db, hashToken(key));
  if (!row) return null;
  // "Last used" to the minute: a request authenticated by a key writes at most once a minute,
  // not on every call (each write would also end the proposal read's snapshot cache on SQLite).
  const now = deps.clock.millis();
  if (row.last_used_at === null || Date.parse(row.last_used_at) <= now - API_KEY_TOUCH_MS) await touchApiKey(deps.db.db, row.id, new Date(now).toISOString());
  return loadActor(deps, row.user_id);
}

/** Creates an API key for the acting user; the secret is returned once and only its hash is kept. */
export async function createApiKey(ctx: Deps & { actor: Actor }, name: string) {
  const secret = `${API_KEY_PREFIX}${randomToken(30)}`;
  const id = newId();
  const createdAt = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    await insertApiKey(tx.trx, { id, user_id: ctx.actor.userId, name, prefix: secret.slice(0, 12), key_hash: hashToken(secret), created_at: createdAt, last_used_at: null, revoked_at: null });
    await tx.audit({ actorId: ctx.actor.userId, action: 'api_key.created', entityType: 'api_key', entityId: id, data: { name } });
  });
  return { id, name, key: secret, prefix: secret.slice(0, 12), createdAt };
}

export async function listApiKeys(ctx: Deps & { actor: Actor }) {
  const rows = await findApiKeysOfUser(ctx.db.db, ctx.actor.userId);
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function revokeApiKey(ctx: Deps & { actor: Actor }, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    if (!(await revokeApiKeyOfUser(tx.trx, id, ctx.actor.userId, ctx.clock.nowIso()))) throw new AppError(404, 'NOT_FOUND', 'API key not found');
    await tx.audit({ actorId: ctx.actor.userId, action: 'api_key.revoked', entityType: 'api_key', entityId: id });
  });
}

/** The user as the web app shows who is logged in: identity, roles and organization. */
export async function sessionUser(deps: Deps, actor: Actor) {
  const org = await loadOrganization(deps, actor.orgId);
  return { id: actor.userId, email: actor.email, name: actor.name, roles: actor.roles, org: { id: actor.orgId, name: org?.name ?? '', kind: actor.orgKind, agency: actor.agency } };
}

