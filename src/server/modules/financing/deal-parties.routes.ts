import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common.ts';
import { DealPartiesResponse, DealPartyBody, DealPartyDeleteQuery, DealPartyParams, DealPartyUpdateBody } from '../../../shared/contracts/deal-parties.ts';
import { DealRecordSchema } from '../../../shared/contracts/financing.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { addDealParty, listDealParties, removeDealParty, updateDealParty } from './deal-parties.service.ts';

export function dealPartyRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/deals/:id/parties',
    { schema: { tags: ['financing'], summary: 'The deal’s buyer, end users and consignees with their identifying evidence, and where their screening stands', params: IdParams, response: { 200: DealPartiesResponse } } },
    async (req) => listDealParties(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/deals/:id/parties',
    {
      schema: {
        tags: ['financing'],
        summary: 'Record an end user, consignee or intermediate consignee of the deal (whoever updates the deal); it is screened at once. Answers with the deal',
        params: IdParams,
        body: DealPartyBody,
        response: { 201: DealRecordSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await addDealParty(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.put(
    '/api/v1/deals/:id/parties/:partyId',
    { schema: { tags: ['financing'], summary: 'Correct a party of the deal (the whole party again); `version` must be the one you read (409 otherwise). It is screened again', params: DealPartyParams, body: DealPartyUpdateBody, response: { 200: DealRecordSchema } } },
    async (req) => updateDealParty(ctxOf(req, deps), req.params.id, req.params.partyId, req.body),
  );
  r.delete(
    '/api/v1/deals/:id/parties/:partyId',
    { schema: { tags: ['financing'], summary: 'Remove a party of the deal; `version` must be the one you read (409 otherwise)', params: DealPartyParams, querystring: DealPartyDeleteQuery, response: { 200: DealRecordSchema } } },
    async (req) => removeDealParty(ctxOf(req, deps), req.params.id, req.params.partyId, req.query.version),
  );
}
