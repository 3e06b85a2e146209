import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { binaryDownload, IdParams } from '../../../shared/contracts/common.ts';
import {
  DisposalDecisionBody,
  DisposalRunCreateBody,
  DisposalRunList,
  DisposalRunSchema,
  LegalHoldCreateBody,
  LegalHoldList,
  LegalHoldReleaseBody,
  LegalHoldSchema,
  RetentionClassList,
} from '../../../shared/contracts/records.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { foiaExport, proposalRecordPdf } from './records.service.ts';
import {
  approveDisposalRun,
  discardDisposalRun,
  getDisposalRun,
  listDisposalRuns,
  listLegalHolds,
  listRetentionClasses,
  placeLegalHold,
  releaseLegalHold,
  reportDisposal,
} from './retention.ts';

const HoldListQuery = z.object({ active: z.enum(['true', 'false']).optional().describe('true: only holds in force') });

export function recordsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/proposals/:id/pdf',
    {
      schema: {
        tags: ['records'],
        summary: 'The proposal as one PDF: cover, narratives, package tables, attachments list; pages holding business-confidential information carry a banner',
        params: IdParams,
        response: { 200: binaryDownload('application/pdf', 'the proposal') },
      },
    },
    async (req, reply) => {
      const pdf = await proposalRecordPdf(ctxOf(req, deps), req.params.id);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="proposal-${req.params.id}.pdf"`).send(pdf);
    },
  );
  r.get(
    '/api/v1/proposals/:id/foia-export',
    {
      schema: {
        tags: ['records'],
        summary: 'FOIA export (program office, auditors, administrators; recorded in the access log): a ZIP of the public material and a manifest of what was withheld',
        params: IdParams,
        response: { 200: binaryDownload('application/zip', 'the public material and manifest.json') },
      },
    },
    async (req, reply) => {
      const { zip, fileName } = await foiaExport(ctxOf(req, deps), req.params.id);
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${fileName}"`).send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
    },
  );

  r.get(
    '/api/v1/records/retention-classes',
    { schema: { tags: ['records'], summary: 'Record classes with their retention periods (settings) and how each is disposed of', response: { 200: RetentionClassList } } },
    async (req) => listRetentionClasses(ctxOf(req, deps)),
  );
  r.get('/api/v1/records/disposal-runs', { schema: { tags: ['records'], summary: 'Disposal runs, newest first', response: { 200: DisposalRunList } } }, async (req) =>
    listDisposalRuns(ctxOf(req, deps)),
  );
  r.post(
    '/api/v1/records/disposal-runs',
    {
      schema: {
        tags: ['records'],
        summary: 'Report what a record class’s retention period would dispose of now (deletes nothing; approve the run to dispose)',
        body: DisposalRunCreateBody,
        response: { 201: DisposalRunSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await reportDisposal(ctxOf(req, deps), req.body.recordClass)),
  );
  r.get('/api/v1/records/disposal-runs/:id', { schema: { tags: ['records'], summary: 'A disposal run', params: IdParams, response: { 200: DisposalRunSchema } } }, async (req) =>
    getDisposalRun(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/records/disposal-runs/:id/approve',
    {
      schema: {
        tags: ['records'],
        summary: 'Approve a reported run: each item is checked again and disposed of if it still qualifies (never a designated package or anything under a legal hold)',
        params: IdParams,
        body: DisposalDecisionBody,
        response: { 200: DisposalRunSchema },
      },
    },
    async (req) => approveDisposalRun(ctxOf(req, deps), req.params.id, req.body.version),
  );
  r.post(
    '/api/v1/records/disposal-runs/:id/discard',
    { schema: { tags: ['records'], summary: 'Discard a reported run: nothing is disposed of', params: IdParams, body: DisposalDecisionBody, response: { 200: DisposalRunSchema } } },
    async (req) => discardDisposalRun(ctxOf(req, deps), req.params.id, req.body.version),
  );
  r.get(
    '/api/v1/records/legal-holds',
    { schema: { tags: ['records'], summary: 'Legal holds, newest first', querystring: HoldListQuery, response: { 200: LegalHoldList } } },
    async (req) => listLegalHolds(ctxOf(req, deps), { activeOnly: req.query.active === 'true' }),
  );
  r.post(
    '/api/v1/records/legal-holds',
    { schema: { tags: ['records'], summary: 'Place a legal hold on a proposal: nothing of it is disposed of while the hold is in force', body: LegalHoldCreateBody, response: { 201: LegalHoldSchema } } },
    async (req, reply) => reply.code(201).send(await placeLegalHold(ctxOf(req, deps), req.body)),
  );
  r.post(
    '/api/v1/records/legal-holds/:id/release',
    { schema: { tags: ['records'], summary: 'Release a legal hold', params: IdParams, body: LegalHoldReleaseBody, response: { 200: LegalHoldSchema } } },
    async (req) => releaseLegalHold(ctxOf(req, deps), req.params.id, req.body.reason),
  );
}
