import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  BuyerInterestBody,
  BuyerInterestListResponse,
  BuyerInterestReceipt,
  CatalogEntryParams,
  CatalogEntryQuery,
  CatalogEntryResponse,
  CatalogQuery,
  CatalogSearchResponse,
  ProgramStatisticsSchema,
} from '../../../shared/contracts/catalog.ts';
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
        querystring: CatalogQuery,
        response: { 200: CatalogSearchResponse },
      },
      config: { public: true },
    },
    async (req) => searchCatalog(deps, req.query),
  );
  r.get('/api/v1/public/catalog/:id', { schema: { tags: ['public'], summary: 'One designated package of the catalog (no login)', security: [], params: CatalogEntryParams, querystring: CatalogEntryQuery, response: { 200: CatalogEntryResponse } }, config: { public: true } }, async (req) => getCatalogEntry(deps, req.params.id, req.query.lang));
  r.get('/api/v1/public/statistics', { schema: { tags: ['public'], summary: 'Program statistics (no login)', security: [], response: { 200: ProgramStatisticsSchema } }, config: { public: true } }, async () => programStatistics(deps));
  r.post(
    '/api/v1/public/catalog/:id/interest',
    {
      schema: {
        tags: ['public'],
        summary: 'A foreign buyer registers interest and states requirements (no login)',
        security: [],
        params: CatalogEntryParams,
        body: BuyerInterestBody,
        response: { 201: BuyerInterestReceipt },
      },
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => reply.code(201).send(await registerBuyerInterest(deps, req.params.id, req.body)),
  );
  r.get('/api/v1/buyer-interests', { schema: { tags: ['catalog'], summary: 'Buyer interest registered against catalog entries (program office)', response: { 200: BuyerInterestListResponse } } }, async (req) => ({
    items: await listBuyerInterests(ctxOf(req, deps)),
  }));
}
