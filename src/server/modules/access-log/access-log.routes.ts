// The access log over HTTP: an onResponse hook that records every answer of a route serving
// business-confidential information (reads and denied attempts alike), and the auditors' read of the
// log. `registerAccessLog(app, deps)` is called once by buildApp (src/server/app.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AccessLogPage, AccessLogQuery } from '../../../shared/contracts/access-log.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { apiKeyOf } from '../auth/auth.service.ts';
import { createAccessLogBuffer, listAccessLog, type AccessLogBuffer } from './access-log.service.ts';

/**
 * The routes whose answers are business-confidential (by route pattern, as Fastify names it), with
 * the kind of entity and the path parameter naming it. Every answer of these is recorded, whatever
 * its status: 200 is a read, 401, 403 and 404 are denied attempts. The public catalog is not here.
 */
export const BCI_ROUTES: ReadonlyMap<string, { entityType: string; param: string | null }> = new Map([
  ['/api/v1/proposals/:id', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/revisions/:revision', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/manifest', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/compliance', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/compliance.csv', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/compliance.pdf', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/pdf', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/foia-export', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/history', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/package', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/documents', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/proposals/:id/narratives', { entityType: 'proposal', param: 'id' }],
  ['/api/v1/documents/versions/:versionId/download', { entityType: 'document_version', param: 'versionId' }],
  ['/api/v1/consortia/:id', { entityType: 'consortium', param: 'id' }],
  ['/api/v1/organizations/:id', { entityType: 'organization', param: 'id' }],
  ['/api/v1/deals/:id', { entityType: 'deal', param: 'id' }],
  ['/api/v1/deals/:id/parties', { entityType: 'deal', param: 'id' }],
  ['/api/v1/financing-requests/:id', { entityType: 'financing_request', param: 'id' }],
  ['/api/v1/portfolio.pdf', { entityType: 'portfolio', param: null }],
  ['/api/v1/portfolio/deals.csv', { entityType: 'portfolio', param: null }],
  // Who looked at the log is recorded too.
  ['/api/v1/access-log', { entityType: 'access_log', param: null }],
]);

const READ_METHODS = new Set(['GET', 'HEAD']);
const MAX_ID = 200;

const buffers = new WeakMap<FastifyInstance, AccessLogBuffer>();

/** Writes the app's buffered entries now (tests; the timer and the app's close do it otherwise). */
export async function flushAccessLog(app: FastifyInstance): Promise<void> {
  await buffers.get(app)?.flush();
}

/**
 * Registers the recording hook, the flush timer (every `flushMs`, and at close) and
 * `GET /api/v1/access-log` on the app. Idempotent: a second call on the same app does nothing.
 */
export function registerAccessLog(app: FastifyInstance, deps: Deps, opts: { flushMs?: number } = {}): void {
  if (buffers.has(app)) return;
  const buffer = createAccessLogBuffer(deps, (err) => app.log.error({ err }, 'access log: entries not written yet'));
  buffers.set(app, buffer);

  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = req.routeOptions.url;
    const bci = route === undefined ? undefined : BCI_ROUTES.get(route);
    if (bci && READ_METHODS.has(req.method)) {
      const params = req.params as Record<string, unknown> | undefined;
      const raw = bci.param ? params?.[bci.param] : undefined;
      const bearer = req.headers.authorization?.startsWith('Bearer ');
      // A key the scope check refused leaves no actor: the entry says 'api_key' without its id then.
      const apiKeyId = req.actor ? (apiKeyOf(req.actor)?.id ?? null) : null;
      buffer.record({
        at: deps.clock.nowIso(),
        user_id: req.actor?.userId ?? null,
        api_key_id: apiKeyId,
        auth: bearer ? 'api_key' : req.actor ? 'session' : 'none',
        method: req.method,
        route: route!,
        entity_type: bci.entityType,
        entity_id: typeof raw === 'string' ? raw.slice(0, MAX_ID) : null,
        status: reply.statusCode,
        ip: req.ip ?? null,
      });
    }
    done();
  });

  const timer = setInterval(() => void buffer.flush(), opts.flushMs ?? 1000);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await buffer.flush();
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/access-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'Reads of business-confidential information and denied attempts, newest first (auditors and administrators)',
        querystring: AccessLogQuery,
        response: { 200: AccessLogPage },
      },
    },
    async (req) => listAccessLog(ctxOf(req, deps), req.query),
  );
}
