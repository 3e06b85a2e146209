// Who is calling: a session cookie (browser) or an API key (machine clients). Cookie-authenticated
// writes must echo the session's CSRF token in X-CSRF-Token; API keys are not ambient, so need none.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { Actor, Deps, ServiceContext } from '../lib/context.ts';
import { assertApiKeyScope, resolveApiKey, resolveSession } from '../modules/auth/auth.service.ts';
import type { MfaState } from '../modules/auth/mfa.policy.ts';
import { buyerNotClear, buyerOrgStatus } from '../modules/buyers/buyers.gate.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    csrfToken: string | null;
    /** The session's two-factor state; null for a visitor or an API key. */
    sessionMfa: MfaState | null;
  }
}

/**
 * What a session whose second factor is still due ('challenge' or 'enroll') may reach: the MFA
 * endpoints, the session read and logout. Any other route that needs a user answers 403
 * MFA_REQUIRED; a public route treats the caller as a visitor.
 */
function reachableWhileMfaPending(method: string, url: string): boolean {
  return url.startsWith('/api/v1/auth/mfa') || (method === 'GET' && url === '/api/v1/auth/session') || (method === 'POST' && url === '/api/v1/auth/logout');
}

/**
 * What a foreign buyer whose organization's screening is not clear may reach besides the public
 * pages: what a pending second factor may, its own screening status and its notifications. Any
 * other route that needs a user answers 403 BUYER_SCREENING_PENDING or BUYER_SCREENING_BLOCKED.
 */
function reachableWhileBuyerNotClear(method: string, url: string): boolean {
  return (
    reachableWhileMfaPending(method, url) ||
    (method === 'GET' && (url === '/api/v1/buyer/status' || url === '/api/v1/notifications')) ||
    (method === 'POST' && url === '/api/v1/notifications/read')
  );
}

/** Whether the request passes the buyer screening gate: always for other users and allowed routes; throws for a non-public route. */
async function passesBuyerGate(deps: Deps, actor: Actor, req: FastifyRequest): Promise<boolean> {
  if (actor.orgKind !== 'buyer' || reachableWhileBuyerNotClear(req.method, req.routeOptions.url ?? '')) return true;
  const status = await buyerOrgStatus(deps, actor.orgId);
  if (status === 'clear') return true;
  if ((req.routeOptions.config as { public?: boolean } | undefined)?.public) return false;
  throw buyerNotClear(status);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this origin (Secure, Path=/, no Domain); it needs HTTPS or localhost.
  return secure ? '__Host-aiep_session' : 'aiep_session';
}

export function registerAuth(app: FastifyInstance, deps: Deps) {
  const cookieName = sessionCookieName(deps.config.COOKIE_SECURE);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionMfa', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    // The route's pattern, not the raw URL: a percent-encoded path (/%61pi/…) matches the same route.
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const actor = await resolveApiKey(deps, header.slice(7).trim());
      if (!actor) throw new AppError(401, 'INVALID_API_KEY', 'The API key is unknown, revoked or expired');
      // ── API key scope (auth module): a method or route outside the key's scope is 403 API_KEY_SCOPE ──
      assertApiKeyScope(actor, req.method, req.routeOptions.url);
      // ── end API key scope ──
      if (!(await passesBuyerGate(deps, actor, req))) return;
      req.actor = actor;
      return;
    }
    const token = req.cookies[cookieName];
    if (!token) return;
    const session = await resolveSession(deps, token);
    if (!session) return;
    if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError(403, 'CSRF_TOKEN_INVALID', 'Missing or wrong X-CSRF-Token header for a cookie-authenticated request');
    }
    // ── Two-factor gate (auth module, mfa.service.ts) ──
    if (session.mfa !== 'ok' && !reachableWhileMfaPending(req.method, req.routeOptions.url)) {
      if ((req.routeOptions.config as { public?: boolean } | undefined)?.public) return;
      throw new AppError(403, 'MFA_REQUIRED', session.mfa === 'enroll' ? 'Set up two-factor sign-in first' : 'Enter your two-factor code first', [], { mfa: session.mfa });
    }
    // ── end two-factor gate ──
    // ── Buyer screening gate (buyers module, buyers.gate.ts): a public route treats the caller as a visitor ──
    if (!(await passesBuyerGate(deps, session.actor, req))) return;
    req.actor = session.actor;
    req.sessionToken = token;
    req.csrfToken = session.csrfToken;
    req.sessionMfa = session.mfa;
  });
}

export function setSessionCookie(reply: FastifyReply, secure: boolean, token: string, expiresAt: string) {
  reply.setCookie(sessionCookieName(secure), token, { path: '/', httpOnly: true, secure, sameSite: 'strict', expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(sessionCookieName(secure), { path: '/', httpOnly: true, secure, sameSite: 'strict' });
}

/** The service context for an authenticated request, or 401. */
export function ctxOf(req: FastifyRequest, deps: Deps): ServiceContext {
  if (!req.actor) throw new AppError(401, 'UNAUTHENTICATED', 'Log in or send an API key');
  return { ...deps, actor: req.actor };
}
