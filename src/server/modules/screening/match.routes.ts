// HTTP of the yente-compatible match API (match.service.ts). Registered by screeningRoutes, in the
// screening scope (the index watcher is that scope's).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MatchBody, MatchParams, MatchQuery, MatchResponse } from '../../../shared/contracts/match.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { matchEntities } from './match.service.ts';
import { NOT_SCREENED_NOTICE } from './screening.service.ts';

export function matchRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/match/:dataset',
    {
      schema: {
        tags: ['screening'],
        summary:
          'Match entities in the shape of OpenSanctions yente\u2019s POST /match/{dataset}: names with birth / incorporation dates, nationalities, identifiers and addresses, each result scored and explained (whoever may screen; `screening` API keys too). `dataset`: default or sanctions (every active list), us_trade_csl, us_ofac_sdn, un_sc_sanctions, … or a list code. When no list of the dataset is active, `screened` is false and X-Screening-Status is `not_screened`',
        params: MatchParams,
        querystring: MatchQuery,
        body: MatchBody,
        response: { 200: MatchResponse },
      },
    },
    async (req, reply) => {
      const result = await matchEntities(ctxOf(req, deps), req.params.dataset, req.body, { threshold: req.query.threshold, cutoff: req.query.cutoff, limit: req.query.limit });
      // No list, no clearance: as the CSL-style search, the headers say it too.
      reply.header('x-screening-status', result.screened ? 'screened' : 'not_screened');
      if (!result.screened) reply.header('x-screening-notice', result.notice ?? NOT_SCREENED_NOTICE);
      return result;
    },
  );
}
