import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NonBlankString, PageQuery } from '../../../shared/contracts/common.ts';
import { ManifestSchema, PackageSchema } from '../../../shared/contracts/package.ts';
import { CERTIFICATIONS } from '../../../shared/domain/package.ts';
import { PROPOSAL_ACTIONS, PROPOSAL_STATES } from '../../../shared/domain/proposal-lifecycle.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import {
  certifyProposal,
  createProposal,
  exportManifest,
  getCompleteness,
  getProposalJson,
  getProposalHistory,
  getRevision,
  importManifest,
  listProposals,
  submitProposal,
  transitionProposal,
  updateProposal,
} from './proposals.service.ts';
import { startReview } from '../review/review.service.ts';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const ProposalBody = z.strictObject({
  title: NonBlankString(200),
  summary: z.string().max(8000).default(''),
  package: PackageSchema.default({ components: [], targetMarkets: [], operatingModel: [], supportRequests: [] }),
});

export function proposalRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/proposals',
    { schema: { tags: ['proposals'], summary: 'Proposals you may see, cursor-paginated', querystring: PageQuery.extend({ state: z.enum(PROPOSAL_STATES).optional() }) } },
    async (req) => listProposals(ctxOf(req, deps), req.query),
  );
  r.post(
    '/api/v1/proposals',
    { schema: { tags: ['proposals'], summary: 'Start a draft proposal (anchor member)', body: ProposalBody.extend({ consortiumId: z.string().min(1).max(64) }) } },
    async (req, reply) => reply.code(201).send(await createProposal(ctxOf(req, deps), req.body)),
  );
  r.post(
    '/api/v1/proposals/import',
    { schema: { tags: ['proposals'], summary: 'Create a draft from a package manifest', body: z.strictObject({ consortiumId: z.string().min(1).max(64), manifest: ManifestSchema }) } },
    async (req, reply) => reply.code(201).send(await importManifest(ctxOf(req, deps), req.body.consortiumId, req.body.manifest)),
  );
  r.get('/api/v1/proposals/:id', { schema: { tags: ['proposals'], summary: 'A proposal with its package, US content, completeness and your permissions', params: IdParams } }, async (req, reply) => {
    const { json, version } = await getProposalJson(ctxOf(req, deps), req.params.id);
    return reply.header('etag', `"${version}"`).type('application/json; charset=utf-8').send(json);
  });
  r.put(
    '/api/v1/proposals/:id',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Replace the draft’s content; `version` must be the one you read (409 otherwise)',
        params: IdParams,
        body: ProposalBody.extend({ version: z.number().int().positive() }),
      },
    },
    async (req) => updateProposal(ctxOf(req, deps), req.params.id, req.body, req.body.version),
  );
  r.get('/api/v1/proposals/:id/completeness', { schema: { tags: ['proposals'], summary: 'What is missing before submission', params: IdParams } }, async (req) =>
    getCompleteness(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/proposals/:id/certifications',
    { schema: { tags: ['proposals'], summary: 'Certify for your company', params: IdParams, body: z.strictObject({ kinds: z.array(z.enum(CERTIFICATIONS)).min(1) }) } },
    async (req) => certifyProposal(ctxOf(req, deps), req.params.id, req.body.kinds),
  );
  r.post(
    '/api/v1/proposals/:id/submit',
    { schema: { tags: ['proposals'], summary: 'Submit (or resubmit); 422 lists every missing item', params: IdParams, body: z.strictObject({ version: z.number().int().positive().optional() }).optional() } },
    async (req) => submitProposal(ctxOf(req, deps), req.params.id, req.body?.version),
  );
  r.post(
    '/api/v1/proposals/:id/transitions',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Move the proposal through its lifecycle (withdraw, eligibility screening, return for information, …)',
        params: IdParams,
        body: z.strictObject({ action: z.enum(PROPOSAL_ACTIONS), note: z.string().max(4000).optional() }),
      },
    },
    async (req) =>
      req.body.action === 'start_review'
        ? startReview(ctxOf(req, deps), req.params.id, req.body.note)
        : transitionProposal(ctxOf(req, deps), req.params.id, req.body.action, req.body.note),
  );
  r.get('/api/v1/proposals/:id/history', { schema: { tags: ['proposals'], summary: 'Submitted revisions and the audit trail', params: IdParams } }, async (req) =>
    getProposalHistory(ctxOf(req, deps), req.params.id),
  );
  r.get(
    '/api/v1/proposals/:id/revisions/:revision',
    { schema: { tags: ['proposals'], summary: 'One submitted revision, as it was submitted', params: IdParams.extend({ revision: z.coerce.number().int().positive() }) } },
    async (req) => getRevision(ctxOf(req, deps), req.params.id, req.params.revision),
  );
  r.get('/api/v1/proposals/:id/manifest', { schema: { tags: ['proposals'], summary: 'Export in the package manifest format', params: IdParams } }, async (req, reply) => {
    const m = await exportManifest(ctxOf(req, deps), req.params.id);
    return reply.header('content-disposition', `attachment; filename="proposal-${req.params.id}.json"`).send(m);
  });
}
