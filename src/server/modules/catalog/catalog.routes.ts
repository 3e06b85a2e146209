import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CountryCode, NonBlankString } from '../../../shared/contracts/common.ts';
import { LAYERS } from '../../../shared/domain/package.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { getCatalogEntry, listBuyerInterests, programStatistics, registerBuyerInterest, searchCatalog } from './catalog.service.ts';

export function catalogRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/public/catalog',
    {
      schema: {
        tags: ['public'],
        summary: 'Designated priority AI export packages (no login)',
        security: [],
        querystring: z.object({ q: z.string().max(200).optional(), country: z.string().max(2).optional(), region: z.string().max(40).optional(), layer: z.enum(LAYERS).optional(), sector: z.string().max(40).optional() }),
      },
    },
    async (req) => searchCatalog(deps, req.query),
  );
  r.get('/api/v1/public/catalog/:id', { schema: { tags: ['public'], security: [], params: z.object({ id: z.string().max(64) }) } }, async (req) => getCatalogEntry(deps, req.params.id));
  r.get('/api/v1/public/statistics', { schema: { tags: ['public'], summary: 'Program statistics (no login)', security: [] } }, async () => programStatistics(deps));
  r.post(
    '/api/v1/public/catalog/:id/interest',
    {
      schema: {
        tags: ['public'],
        summary: 'A foreign buyer registers interest and states requirements (no login)',
        security: [],
        params: z.object({ id: z.string().max(64) }),
        body: z.strictObject({
          buyerName: NonBlankString(200),
          buyerKind: z.enum(['government', 'company', 'other']),
          country: CountryCode,
          contactEmail: z.string().email().max(254),
          requirements: z.strictObject({
            dataResidency: z.string().max(500).optional(),
            languages: z.array(z.string().max(50)).max(20).optional(),
            scale: z.string().max(500).optional(),
            timeline: z.string().max(500).optional(),
            notes: z.string().max(4000).optional(),
          }),
        }),
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => reply.code(201).send(await registerBuyerInterest(deps, req.params.id, req.body)),
  );
  r.get('/api/v1/buyer-interests', { schema: { tags: ['catalog'], summary: 'Buyer interest registered against catalog entries (program office)' } }, async (req) => ({
    items: await listBuyerInterests(ctxOf(req, deps)),
  }));
}
