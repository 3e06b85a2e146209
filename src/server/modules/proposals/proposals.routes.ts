import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, textDownload } from '../../../shared/contracts/common.ts';
import { EligibilityChecklistSchema, EligibilityUpdateBody } from '../../../shared/contracts/eligibility.ts';
import { ProposalQueueFilter, ProposalQueuePage, ProposalQueueQuery } from '../../../shared/contracts/proposal-queue.ts';
import { ManifestViewSchema } from '../../../shared/contracts/package.ts';
import {
  CertifyBody,
  CompletenessResponse,
  ProposalCreateBody,
  ProposalDetailSchema,
  ProposalHistorySchema,
  ProposalImportBody,
  ProposalListQuery,
  ProposalPage,
  ProposalRevisionSchema,
  ProposalUpdateBody,
  RevisionParams,
  SubmitBody,
  TransitionBody,
} from '../../../shared/contracts/proposals.ts';
import type { ProposalDetail } from '../../../shared/contracts/views.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import {
  certifyProposal,
  createProposal,
  getCompleteness,
  getProposalJson,
  getProposalHistory,
  getRevision,
  listProposals,
  submitProposal,
  transitionProposal,
  updateProposal,
} from './proposals.service.ts';
import { exportManifest, importManifest } from './proposals.manifest.ts';
import { getEligibility, saveEligibility } from './eligibility.service.ts';
import { proposalQueue, proposalQueueCsv } from './queue.service.ts';
import { startReview } from '../review/review.service.ts';

export function proposalRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/proposals',
    { schema: { tags: ['proposals'], summary: 'Proposals you may see, cursor-paginated', querystring: ProposalListQuery, response: { 200: ProposalPage } } },
    async (req) => listProposals(ctxOf(req, deps), req.query),
  );
  r.get(
    '/api/v1/proposals/queue',
    {
      schema: {
        tags: ['proposals'],
        summary: 'The program office’s queue: submitted proposals searched, filtered, sorted and paged, with completeness, US content, compliance, review progress and score',
        querystring: ProposalQueueQuery,
        response: { 200: ProposalQueuePage },
      },
    },
    async (req) => proposalQueue(ctxOf(req, deps), req.query),
  );
  r.get(
    '/api/v1/proposals/queue.csv',
    {
      schema: {
        tags: ['proposals'],
        summary: 'The program office’s queue as CSV: every row the filters select, in the order asked (a download)',
        querystring: ProposalQueueFilter,
        response: { 200: textDownload('text/csv', 'one row per proposal, with headings') },
      },
    },
    async (req, reply) => {
      const csv = await proposalQueueCsv(ctxOf(req, deps), req.query);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="aiep-proposal-queue.csv"').send(csv);
    },
  );
  r.post(
    '/api/v1/proposals',
    { schema: { tags: ['proposals'], summary: 'Start a draft proposal (anchor member)', body: ProposalCreateBody, response: { 201: ProposalDetailSchema } } },
    async (req, reply) => reply.code(201).send(await createProposal(ctxOf(req, deps), req.body)),
  );
  r.post(
    '/api/v1/proposals/import',
    { schema: { tags: ['proposals'], summary: 'Create a draft from a package manifest', body: ProposalImportBody, response: { 201: ProposalDetailSchema } } },
    async (req, reply) => reply.code(201).send(await importManifest(ctxOf(req, deps), req.body.consortiumId, req.body.manifest)),
  );
  r.get(
    '/api/v1/proposals/:id',
    {
      schema: {
        tags: ['proposals'],
        summary: 'A proposal with its package, US content, completeness and your permissions',
        params: IdParams,
        response: { 200: ProposalDetailSchema },
      },
    },
    async (req, reply) => {
      const { json, version } = await getProposalJson(ctxOf(req, deps), req.params.id);
      // The hottest read: JSON text spliced from parts cached per snapshot (getProposalJson).
      // Fastify sends a string as it is, so the schema above documents this answer without
      // re-serializing it; proposal-read.contract.test.ts parses the text against the schema.
      return reply
        .header('etag', `"${version}"`)
        .type('application/json; charset=utf-8')
        .send(json as unknown as ProposalDetail);
    },
  );
  r.put(
    '/api/v1/proposals/:id',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Replace the draft’s content; `version` must be the one you read (409 otherwise)',
        params: IdParams,
        body: ProposalUpdateBody,
        response: { 200: ProposalDetailSchema },
      },
    },
    async (req) => updateProposal(ctxOf(req, deps), req.params.id, req.body, req.body.version),
  );
  r.get('/api/v1/proposals/:id/completeness', { schema: { tags: ['proposals'], summary: 'What is missing before submission', params: IdParams, response: { 200: CompletenessResponse } } }, async (req) =>
    getCompleteness(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/proposals/:id/certifications',
    { schema: { tags: ['proposals'], summary: 'Certify for your company', params: IdParams, body: CertifyBody, response: { 200: ProposalDetailSchema } } },
    async (req) => certifyProposal(ctxOf(req, deps), req.params.id, req.body.kinds),
  );
  r.post(
    '/api/v1/proposals/:id/submit',
    { schema: { tags: ['proposals'], summary: 'Submit (or resubmit); 422 lists every missing item', params: IdParams, body: SubmitBody, response: { 200: ProposalDetailSchema } } },
    async (req) => submitProposal(ctxOf(req, deps), req.params.id, req.body?.version),
  );
  r.post(
    '/api/v1/proposals/:id/transitions',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Move the proposal through its lifecycle (withdraw, eligibility screening, return for information, …)',
        params: IdParams,
        body: TransitionBody,
        response: { 200: ProposalDetailSchema },
      },
    },
    async (req) =>
      req.body.action === 'start_review'
        ? startReview(ctxOf(req, deps), req.params.id, req.body.note)
        : transitionProposal(ctxOf(req, deps), req.params.id, req.body.action, req.body.note),
  );
  r.get(
    '/api/v1/proposals/:id/eligibility',
    {
      schema: {
        tags: ['proposals'],
        summary: 'The eligibility checklist: each criterion with its rule, the system’s pre-assessment and the program officer’s answer (government readers)',
        params: IdParams,
        response: { 200: EligibilityChecklistSchema },
      },
    },
    async (req) => getEligibility(ctxOf(req, deps), req.params.id),
  );
  r.put(
    '/api/v1/proposals/:id/eligibility',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Answer eligibility criteria (program officer, in eligibility screening); the others keep their answers',
        params: IdParams,
        body: EligibilityUpdateBody,
        response: { 200: EligibilityChecklistSchema },
      },
    },
    async (req) => saveEligibility(ctxOf(req, deps), req.params.id, req.body.answers),
  );
  r.get('/api/v1/proposals/:id/history', { schema: { tags: ['proposals'], summary: 'Submitted revisions and the audit trail', params: IdParams, response: { 200: ProposalHistorySchema } } }, async (req) =>
    getProposalHistory(ctxOf(req, deps), req.params.id),
  );
  r.get(
    '/api/v1/proposals/:id/revisions/:revision',
    { schema: { tags: ['proposals'], summary: 'One submitted revision, as it was submitted', params: RevisionParams, response: { 200: ProposalRevisionSchema } } },
    async (req) => getRevision(ctxOf(req, deps), req.params.id, req.params.revision),
  );
  r.get('/api/v1/proposals/:id/manifest', { schema: { tags: ['proposals'], summary: 'Export in the package manifest format (a download)', params: IdParams, response: { 200: ManifestViewSchema } } }, async (req, reply) => {
    const m = await exportManifest(ctxOf(req, deps), req.params.id);
    return reply.header('content-disposition', `attachment; filename="proposal-${req.params.id}.json"`).send(m);
  });
}
