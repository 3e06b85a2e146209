import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, textDownload } from '../../../shared/contracts/common.ts';
import { MarketQuery, MarketViewSchema, weightsOf } from '../../../shared/contracts/market.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { marketCsv } from './market.reports.ts';
import { exploreMarkets } from './market.service.ts';

export function marketRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/proposals/:id/market',
    {
      schema: {
        tags: ['market'],
        summary: 'Every candidate country for the package ranked by licensing, financing, demand and competition, with adjustable weights',
        params: IdParams,
        querystring: MarketQuery,
        response: { 200: MarketViewSchema },
      },
    },
    async (req) => exploreMarkets(ctxOf(req, deps), req.params.id, weightsOf(req.query)),
  );
  r.get(
    '/api/v1/proposals/:id/market.csv',
    { schema: { tags: ['market'], summary: 'The ranked countries as CSV (same weights)', params: IdParams, querystring: MarketQuery, response: { 200: textDownload('text/csv', 'one row per candidate country') } } },
    async (req, reply) => {
      const view = await exploreMarkets(ctxOf(req, deps), req.params.id, weightsOf(req.query));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="market-${req.params.id}.csv"`).send(marketCsv(view));
    },
  );
}
