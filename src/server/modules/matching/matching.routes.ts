import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../../shared/contracts/common.ts';
import {
  BuyerMatchesResponse,
  MatchLangQuery,
  PackageMatchesResponse,
  PackageProfileBody,
  PackageProfileResponse,
  RequirementMatchesResponse,
  TranslationBody,
  TranslationListResponse,
  TranslationParams,
  TranslationSchema,
} from '../../../shared/contracts/matching.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { getPackageProfile, listBuyerMatches, listTranslations, packageMatches, removeTranslation, requirementMatches, savePackageProfile, saveTranslation } from './matching.service.ts';

/** Package profiles and translations, buyers' matches and a package's matched buyers. */
export function matchingRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/proposals/:id/profile', { schema: { tags: ['matching'], summary: 'What a designated package offers buyers (public by design)', params: IdParams, response: { 200: PackageProfileResponse } } }, async (req) =>
    getPackageProfile(ctxOf(req, deps), req.params.id),
  );
  r.put(
    '/api/v1/proposals/:id/profile',
    { schema: { tags: ['matching'], summary: 'Declare what a designated package offers buyers (anchor; `version` must be the one you read, 0 for the first)', params: IdParams, body: PackageProfileBody, response: { 200: PackageProfileResponse } } },
    async (req) => savePackageProfile(ctxOf(req, deps), req.params.id, req.body),
  );
  r.get('/api/v1/proposals/:id/translations', { schema: { tags: ['matching'], summary: 'The consortium’s translations of the package’s public title and summary', params: IdParams, response: { 200: TranslationListResponse } } }, async (req) =>
    listTranslations(ctxOf(req, deps), req.params.id),
  );
  r.put(
    '/api/v1/proposals/:id/translations/:locale',
    { schema: { tags: ['matching'], summary: 'Write the package’s public title and summary in French, Spanish or Arabic (anchor)', params: TranslationParams, body: TranslationBody, response: { 200: TranslationSchema } } },
    async (req) => saveTranslation(ctxOf(req, deps), req.params.id, req.params.locale, req.body),
  );
  r.delete('/api/v1/proposals/:id/translations/:locale', { schema: { tags: ['matching'], summary: 'Remove a translation (anchor)', params: TranslationParams, response: { 204: NoContent } } }, async (req, reply) => {
    await removeTranslation(ctxOf(req, deps), req.params.id, req.params.locale);
    return reply.code(204).send();
  });
  r.get('/api/v1/proposals/:id/buyer-matches', { schema: { tags: ['matching'], summary: 'The buyers’ requirements a designated package fits, best first (buyers named only with their consent)', params: IdParams, response: { 200: PackageMatchesResponse } } }, async (req) =>
    packageMatches(ctxOf(req, deps), req.params.id),
  );

  r.get('/api/v1/buyer/matches', { schema: { tags: ['buyers'], summary: 'The designated packages matching each of the buyer’s requirements, best first', querystring: MatchLangQuery, response: { 200: BuyerMatchesResponse } } }, async (req) =>
    listBuyerMatches(ctxOf(req, deps), req.query.lang),
  );
  r.get(
    '/api/v1/buyer/requirements/:id/matches',
    { schema: { tags: ['buyers'], summary: 'The designated packages matching one of the buyer’s requirements, best first', params: IdParams, querystring: MatchLangQuery, response: { 200: RequirementMatchesResponse } } },
    async (req) => requirementMatches(ctxOf(req, deps), req.params.id, req.query.lang),
  );
}
