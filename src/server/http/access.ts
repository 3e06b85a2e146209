// Who may send a body at all, decided before it is read. Every /api/ route needs a caller
// (session or API key) unless it declares itself public with `config: { public: true }`; an upload
// route also names who may upload (`config: { uploadBy: canManageLists }`). Both checks run in
// an onRequest hook, after the caller is resolved (auth.ts) and before Fastify reads and parses
// the body, so an anonymous 64 MiB upload is refused without reading a byte of it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../lib/context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers without a login: logging in, the public catalog, published reference data, health. */
    public?: boolean;
    /** An upload route (large bodies): who may send one. Checked before the body is read. */
    uploadBy?: (actor: Actor) => boolean;
  }
}

/** The message of the 401 answered to a request without a caller, here and in ctxOf. */
export const UNAUTHENTICATED_MESSAGE = 'Log in or send an API key';

/** Whether a route is an API route, from the pattern it matched (not the raw URL, which may be percent-encoded). */
function isApiRoute(req: FastifyRequest): boolean {
  const pattern = req.routeOptions.url;
  return pattern !== undefined && pattern.startsWith('/api/');
}

/** 401 or 403 for a request that may not send its body; nothing when it may go on. */
export function refuseBeforeBody(req: FastifyRequest): AppError | null {
  if (req.is404 || !isApiRoute(req)) return null;
  const config = req.routeOptions.config;
  if (config.public === true) return null;
  if (!req.actor) return new AppError(401, 'UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE);
  if (config.uploadBy && !config.uploadBy(req.actor)) return new AppError(403, 'FORBIDDEN', 'Your role may not upload to this route');
  return null;
}

/**
 * Registers the check. Call it after registerAuth, so that the caller is known, and before any
 * route: it is a hook of the root instance and applies to every route, whatever its scope.
 */
export function registerAccessGate(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const refusal = refuseBeforeBody(req);
    if (refusal) throw refusal;
  });
}
