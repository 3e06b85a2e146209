import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OidcProviderListResponse } from '../../../shared/contracts/identity.ts';
import { setSessionCookie } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { finishSignIn, listProviders, SignInRefused, startSignIn } from './oidc.service.ts';

const ProviderParams = z.object({ provider: z.string().min(1).max(64) });

/**
 * The browser binding of a pending sign-in: an httpOnly cookie, SameSite=Lax because the callback
 * is a top-level navigation coming back from the provider's site.
 */
function bindingCookie(secure: boolean): string {
  return secure ? '__Host-aiep_oidc' : 'aiep_oidc';
}

export function oidcRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = deps.config.COOKIE_SECURE;
  const cookieName = bindingCookie(secure);
  const toErrorPage = (reply: FastifyReply, err: unknown) => {
    const reason = err instanceof SignInRefused ? err.reason : 'provider_error';
    return reply.header('cache-control', 'no-store').redirect(`/sign-in-error?reason=${reason}`, 303);
  };

  r.get(
    '/api/v1/auth/oidc/providers',
    { schema: { tags: ['auth'], summary: 'The OpenID providers offered on the sign-in page', security: [], response: { 200: OidcProviderListResponse } }, config: { public: true } },
    async () => ({ items: listProviders(deps) }),
  );

  // Browser navigations, not API calls: outside /api/ and the OpenAPI document. Errors become the
  // sign-in error page, never a problem document or a stack trace. Each start writes a pending
  // sign-in, so both are limited per client address like the login.
  r.get('/auth/oidc/:provider/start', { schema: { hide: true, params: ProviderParams }, config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (req, reply) => {
    try {
      const started = await startSignIn(deps, req.params.provider, req.cookies[cookieName], req.ip);
      reply.setCookie(cookieName, started.browserToken, { path: '/', httpOnly: true, secure, sameSite: 'lax', maxAge: deps.config.OIDC_STATE_TTL_MINUTES * 60 });
      return reply.header('cache-control', 'no-store').redirect(started.url, 303);
    } catch (err) {
      if (!(err instanceof SignInRefused)) req.log.error({ err }, 'OpenID sign-in could not start');
      return toErrorPage(reply, err);
    }
  });

  r.get('/auth/oidc/:provider/callback', { schema: { hide: true, params: ProviderParams }, config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (req, reply) => {
    const query = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
    try {
      const { session, landing } = await finishSignIn(deps, req.params.provider, query, req.cookies[cookieName], req.ip);
      setSessionCookie(reply, secure, session.sessionToken, session.expiresAt);
      return reply.header('cache-control', 'no-store').redirect(landing, 303);
    } catch (err) {
      if (!(err instanceof SignInRefused)) req.log.error({ err }, 'OpenID sign-in could not finish');
      return toErrorPage(reply, err);
    }
  });
}
