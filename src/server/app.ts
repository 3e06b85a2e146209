// buildApp(deps) → a Fastify instance without listen; tests build it in-process and use inject().
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { migrationsAtHead } from './db/migrate.ts';
import { registerAccessGate } from './http/access.ts';
import { registerAuth } from './http/auth.ts';
import { registerJsonBodyParser } from './http/json-body.ts';
import { registerMetrics } from './http/metrics.ts';
import { sharedRateLimitStore } from './http/rate-limit-store.ts';
import { registerRequestIdHeader, requestIdOf } from './http/request-id.ts';
import { registerTextInputCheck } from './http/text-input.ts';
import { errorHandler, sendProblem } from './http/problem.ts';
import type { Deps } from './lib/context.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { complianceRoutes } from './modules/compliance/compliance.routes.ts';
import { consortiumRoutes } from './modules/consortia/consortia.routes.ts';
import { organizationRoutes } from './modules/organizations/organizations.routes.ts';
import { proposalRoutes } from './modules/proposals/proposals.routes.ts';
import { referenceRoutes } from './modules/reference/reference.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { reviewRoutes } from './modules/review/review.routes.ts';
import { designationRoutes } from './modules/designation/designation.routes.ts';
import { catalogRoutes } from './modules/catalog/catalog.routes.ts';
import { buyerRoutes } from './modules/buyers/buyers.routes.ts';
import { matchingRoutes } from './modules/matching/matching.routes.ts';
import { outcomesRoutes } from './modules/outcomes/outcomes.routes.ts';
import { callRoutes } from './modules/calls/calls.routes.ts';
import { screeningRoutes } from './modules/screening/screening.routes.ts';
import { financingRoutes } from './modules/financing/financing.routes.ts';
import { marketRoutes } from './modules/market/market.routes.ts';
import { dealPartyRoutes } from './modules/financing/deal-parties.routes.ts';
import { registerAccessLog } from './modules/access-log/access-log.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { mailRoutes } from './modules/mail/mail.routes.ts';
import { documentRoutes } from './modules/documents/documents.routes.ts';
import { invitationRoutes } from './modules/identity/invitations.routes.ts';
import { oidcRoutes } from './modules/identity/oidc.routes.ts';
import { onboardingRoutes } from './modules/onboarding/onboarding.routes.ts';
import { recordsRoutes } from './modules/records/records.routes.ts';

export interface AppOptions {
  logger?: boolean;
  webRoot?: string;
}

export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false || deps.config.LOG_LEVEL === 'silent' ? false : { level: deps.config.LOG_LEVEL },
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    trustProxy: deps.config.TRUST_PROXY,
    return503OnClosing: true,
    ajv: undefined,
    // The caller's X-Request-Id when it is a safe token, else a generated one (http/request-id.ts).
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // First: the request durations cover every other hook. GET /metrics answers METRICS_ALLOW only.
  registerMetrics(app, deps);
  registerRequestIdHeader(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
    // Browsers honour it over HTTPS only, so it costs a plain-HTTP development server nothing.
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });
  await app.register(cookie);
  // Per-route limits (login, the interest form) counted in the database: one budget across processes.
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(deps) });
  await app.register(swagger, {
    openapi: {
      info: { title: 'aiep — American AI Exports Program API', version: '1' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: '__Host-aiep_session' } } },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerAuth(app, deps);
  // After the caller is known and before any body is read: 401 / 403 for who may not send one.
  registerAccessGate(app);
  registerJsonBodyParser(app);
  registerTextInputCheck(app);
  // API answers carry confidential data: no browser or proxy keeps a copy. The public catalog's
  // answers may be cached briefly.
  app.addHook('onSend', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    reply.header('cache-control', req.url.startsWith('/api/v1/public/') ? 'public, max-age=60' : 'no-store');
  });

  app.get('/healthz', { schema: { hide: true }, config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => {
    try {
      if (!(await migrationsAtHead(deps.db))) return sendProblem(reply, 503, 'MIGRATIONS_PENDING', 'Database migrations are not at head');
      return { status: 'ready' };
    } catch {
      return sendProblem(reply, 503, 'DATABASE_UNREACHABLE', 'The database cannot be reached');
    }
  });

  authRoutes(app, deps);
  userRoutes(app, deps);
  organizationRoutes(app, deps);
  consortiumRoutes(app, deps);
  proposalRoutes(app, deps);
  referenceRoutes(app, deps);
  complianceRoutes(app, deps);
  reviewRoutes(app, deps);
  designationRoutes(app, deps);
  catalogRoutes(app, deps);
  buyerRoutes(app, deps);
  matchingRoutes(app, deps);
  outcomesRoutes(app, deps);
  callRoutes(app, deps);
  screeningRoutes(app, deps);
  financingRoutes(app, deps);
  marketRoutes(app, deps);
  dealPartyRoutes(app, deps);
  registerAccessLog(app, deps);
  auditRoutes(app, deps);
  mailRoutes(app, deps);
  documentRoutes(app, deps);
  recordsRoutes(app, deps);
  oidcRoutes(app, deps);
  invitationRoutes(app, deps);
  onboardingRoutes(app, deps);

  const webRoot = opts.webRoot ?? resolve('dist/web');
  const hasWeb = existsSync(resolve(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    // Unknown API paths are problems; any other GET is a client-side route of the single-page app.
    if (!req.url.startsWith('/api/') && req.method === 'GET' && hasWeb) return reply.type('text/html').sendFile('index.html');
    return sendProblem(reply, 404, 'NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}`);
  });
  return app;
}
