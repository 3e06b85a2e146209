import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CaseSchema } from '../../../engines/export-control/types.ts';
import { binaryDownload, IdParams, textDownload } from '../../../shared/contracts/common.ts';
import {
  AsOfQuery,
  ClassificationInputSchema,
  ClassificationSuggestionSchema,
  ComplianceMatrixSchema,
  DeterminationResponse,
  ReferenceDataActivateResponse,
  ReferenceDataDocument,
  ReferenceDataImportResponse,
  ReferenceDataListResponse,
  ReferenceDataVersionParams,
} from '../../../shared/contracts/compliance.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { complianceCsv, compliancePdf } from './compliance.reports.ts';
import { canImportReferenceData } from './compliance.policy.ts';
import {
  activateReferenceData,
  determineCase,
  getActiveReferenceDocument,
  getComplianceMatrix,
  importReferenceData,
  listReferenceData,
  suggestEccn,
} from './compliance.service.ts';
import { licenseRoutes } from './licenses.routes.ts';

const REFERENCE_DATA_LIMIT = 16 * 1024 * 1024;

export function complianceRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/proposals/:id/compliance',
    {
      schema: {
        tags: ['compliance'],
        summary: 'The package compliance matrix: components × markets × parties, with roll-ups, reasons, citations and license records',
        description: 'Recomputed on every read, and never changes anything: a prohibited cell on a proposal in review (or later, before designation) places it on compliance hold when review starts or at the worker’s next sweep.',
        params: IdParams,
        querystring: AsOfQuery,
        response: { 200: ComplianceMatrixSchema },
      },
    },
    async (req) => getComplianceMatrix(ctxOf(req, deps), req.params.id, { asOf: req.query.asOf }),
  );
  r.get(
    '/api/v1/proposals/:id/compliance.csv',
    { schema: { tags: ['compliance'], summary: 'Every cell of the compliance matrix as CSV', params: IdParams, querystring: AsOfQuery, response: { 200: textDownload('text/csv', 'the compliance matrix, one row per cell') } } },
    async (req, reply) => {
      const view = await getComplianceMatrix(ctxOf(req, deps), req.params.id, { asOf: req.query.asOf });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="compliance-${req.params.id}.csv"`)
        .send(complianceCsv(view));
    },
  );
  r.get(
    '/api/v1/proposals/:id/compliance.pdf',
    {
      schema: {
        tags: ['compliance'],
        summary: 'The compliance report for signature (matrix, reasons with citations, screening, licenses, reference data)',
        params: IdParams,
        querystring: AsOfQuery,
        response: { 200: binaryDownload('application/pdf', 'the compliance report') },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const view = await getComplianceMatrix(ctx, req.params.id, { asOf: req.query.asOf });
      const pdf = await compliancePdf(view, { generatedBy: `${ctx.actor.name} <${ctx.actor.email}>` });
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="compliance-${req.params.id}.pdf"`).send(pdf);
    },
  );

  r.post(
    '/api/v1/determinations',
    {
      schema: {
        tags: ['compliance'],
        summary: 'One export-control determination: item × destination × end use × end user × date',
        description:
          'Unknown ECCN, country, end use or list: 400 naming it. Missing facts: named in needsInformation; answered under stated defaults where one exists (assumed, assumptions, conditions), else licenseRequired null. sensitivity lists the single-fact changes that would flip the answer.',
        body: CaseSchema,
        response: { 200: DeterminationResponse },
      },
    },
    async (req) => determineCase(ctxOf(req, deps), req.body),
  );
  r.post(
    '/api/v1/classification-suggestions',
    {
      schema: {
        tags: ['compliance'],
        summary: 'Suggest 3A090.a/.b/.c, 3A991.p or the computer ECCNs from TPP, performance density and the datacenter flag',
        body: ClassificationInputSchema,
        response: { 200: ClassificationSuggestionSchema },
      },
    },
    async (req) => {
      ctxOf(req, deps);
      return suggestEccn(req.body);
    },
  );

  licenseRoutes(app, deps);

  r.get('/api/v1/reference-data/export-control', { schema: { tags: ['compliance'], summary: 'The export-control reference data in force and its import history', response: { 200: ReferenceDataListResponse } } }, async (req) =>
    listReferenceData(ctxOf(req, deps)),
  );
  r.get('/api/v1/reference-data/export-control/active.json', { schema: { tags: ['compliance'], summary: 'The export-control reference data document in force', response: { 200: ReferenceDataDocument } } }, async (req) =>
    getActiveReferenceDocument(ctxOf(req, deps)),
  );
  r.post(
    '/api/v1/reference-data/export-control',
    {
      bodyLimit: REFERENCE_DATA_LIMIT,
      config: { uploadBy: canImportReferenceData },
      schema: {
        tags: ['compliance'],
        summary: 'Import a new version of the export-control reference data (administrator); validated whole, history kept',
        body: ReferenceDataDocument,
        response: { 201: ReferenceDataImportResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await importReferenceData(ctxOf(req, deps), req.body)),
  );
  r.post(
    '/api/v1/reference-data/export-control/:version/activate',
    { schema: { tags: ['compliance'], summary: 'Put an earlier version (or the shipped one) back in force (administrator)', params: ReferenceDataVersionParams, response: { 200: ReferenceDataActivateResponse } } },
    async (req) => activateReferenceData(ctxOf(req, deps), req.params.version),
  );
}
