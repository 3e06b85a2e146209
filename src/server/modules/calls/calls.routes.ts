import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CallListQuery,
  CallListSchema,
  CallSchema,
  CallStepBody,
  CreateCallBody,
  NarrativeBody,
  NarrativeListSchema,
  NarrativeParams,
  PublicCallListSchema,
  UpdateCallBody,
} from '../../../shared/contracts/calls.ts';
import { IdParams } from '../../../shared/contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { createCall, getCall, listCalls, listPublicCalls, moveCall, updateCall } from './calls.service.ts';
import { listNarratives, saveNarrative } from './narratives.service.ts';

/** Calls for proposals, the public list of open calls, and the narratives of a proposal. */
export function callRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/calls', { schema: { tags: ['calls'], summary: 'Calls for proposals (drafts only for the program office)', querystring: CallListQuery, response: { 200: CallListSchema } } }, async (req) =>
    listCalls(ctxOf(req, deps), req.query),
  );
  r.post('/api/v1/calls', { schema: { tags: ['calls'], summary: 'Draft a call for proposals (program office)', body: CreateCallBody, response: { 201: CallSchema } } }, async (req, reply) =>
    reply.code(201).send(await createCall(ctxOf(req, deps), req.body)),
  );
  r.get('/api/v1/calls/:id', { schema: { tags: ['calls'], summary: 'One call with its requirements and current rubric version', params: IdParams, response: { 200: CallSchema } } }, async (req) =>
    getCall(ctxOf(req, deps), req.params.id),
  );
  r.patch(
    '/api/v1/calls/:id',
    {
      schema: {
        tags: ['calls'],
        summary: 'Edit a draft or open call; a new rubric becomes the rubric’s next version (`version` must be the one you read)',
        params: IdParams,
        body: UpdateCallBody,
        response: { 200: CallSchema },
      },
    },
    async (req) => updateCall(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post('/api/v1/calls/:id/publish', { schema: { tags: ['calls'], summary: 'Publish a draft call (it opens)', params: IdParams, body: CallStepBody, response: { 200: CallSchema } } }, async (req) =>
    moveCall(ctxOf(req, deps), req.params.id, 'publish', req.body.version),
  );
  r.post('/api/v1/calls/:id/close', { schema: { tags: ['calls'], summary: 'Close an open call', params: IdParams, body: CallStepBody, response: { 200: CallSchema } } }, async (req) =>
    moveCall(ctxOf(req, deps), req.params.id, 'close', req.body.version),
  );
  r.get(
    '/api/v1/public/calls',
    { schema: { tags: ['public'], summary: 'Open calls for proposals: title, summary, dates, eligible regions and sectors (no login)', security: [], response: { 200: PublicCallListSchema } }, config: { public: true } },
    async () => listPublicCalls(deps),
  );

  r.get(
    '/api/v1/proposals/:id/narratives',
    { schema: { tags: ['proposals'], summary: 'The narrative sections of a proposal: the working texts for its consortium, the submitted texts for government users', params: IdParams, response: { 200: NarrativeListSchema } } },
    async (req) => listNarratives(ctxOf(req, deps), req.params.id),
  );
  r.put(
    '/api/v1/proposals/:id/narratives/:sectionKey',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Save one narrative section (anchor member, while the proposal is editable; `expectedRevision` must be the one you read)',
        params: NarrativeParams,
        body: NarrativeBody,
        response: { 200: NarrativeListSchema },
      },
    },
    async (req) => saveNarrative(ctxOf(req, deps), req.params.id, req.params.sectionKey, req.body),
  );
}
