import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiKeyCreateBody, ApiKeyCreatedSchema, ApiKeyListResponse, ApiKeyParams, LoginBody, LoginResponse, SessionResponse } from '../../../shared/contracts/auth.ts';
import { NoContent } from '../../../shared/contracts/common.ts';
import { clearSessionCookie, ctxOf, setSessionCookie } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { createApiKey, listApiKeys, login, logout, revokeApiKey, sessionUser } from './auth.service.ts';
import { mfaRoutes } from './mfa.routes.ts';

export function authRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = deps.config.COOKIE_SECURE;
  mfaRoutes(app, deps);

  r.post(
    '/api/v1/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Log in with email and password; sets the session cookie', security: [], body: LoginBody, response: { 200: LoginResponse } },
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const result = await login(deps, req.body.email, req.body.password, req.ip);
      setSessionCookie(reply, secure, result.sessionToken, result.expiresAt);
      return { user: await sessionUser(deps, result.actor), csrfToken: result.csrfToken, expiresAt: result.expiresAt, mfa: result.mfa };
    },
  );

  r.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'End the session', response: { 204: NoContent } }, config: { public: true } }, async (req, reply) => {
    if (req.sessionToken) await logout(deps, req.sessionToken, req.actor);
    clearSessionCookie(reply, secure);
    return reply.code(204).send();
  });

  // Public, and 200 with `user: null` for a visitor: a browser logs every 401 as a console error,
  // and asking "who is logged in?" is not an error when nobody is.
  r.get(
    '/api/v1/auth/session',
    { schema: { tags: ['auth'], summary: 'The current user and the CSRF token for writes; `user` is null when nobody is logged in', security: [], response: { 200: SessionResponse } }, config: { public: true } },
    async (req) => {
      if (!req.actor) return { user: null, csrfToken: null };
      const ctx = ctxOf(req, deps);
      return { user: await sessionUser(deps, ctx.actor), csrfToken: req.csrfToken, mfa: req.sessionMfa };
    },
  );

  r.get('/api/v1/api-keys', { schema: { tags: ['auth'], summary: 'Your API keys (never the secrets)', response: { 200: ApiKeyListResponse } } }, async (req) => listApiKeys(ctxOf(req, deps)));
  r.post(
    '/api/v1/api-keys',
    { schema: { tags: ['auth'], summary: 'Create an API key (scope, expiry); the secret is shown once', body: ApiKeyCreateBody, response: { 201: ApiKeyCreatedSchema } } },
    async (req, reply) => reply.code(201).send(await createApiKey(ctxOf(req, deps), req.body, req.sessionMfa)),
  );
  r.delete('/api/v1/api-keys/:id', { schema: { tags: ['auth'], summary: 'Revoke one of your API keys and the keys created with it', params: ApiKeyParams, response: { 204: NoContent } } }, async (req, reply) => {
    await revokeApiKey(ctxOf(req, deps), req.params.id);
    return reply.code(204).send();
  });
}

