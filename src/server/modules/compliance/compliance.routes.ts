import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CaseSchema } from '../../../engines/export-control/types.ts';
import { binaryDownload, IdParams, NoContent, textDownload } from '../../../shared/contracts/common.ts';
import {
  AsOfQuery,
  ClassificationInputSchema,
  ClassificationSuggestionSchema,
  ComplianceMatrixSchema,
  DeterminationResponse,
  LicenseCreateSchema,
  LicenseDeleteQuery,
  LicenseListResponse,
  LicensePatchSchema,
  LicenseViewSchema,
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
  createLicense,
  deleteLicense,
  determineCase,
  getActiveReferenceDocument,
  getComplianceMatrix,
  importReferenceData,
  listLicenses,
  listReferenceData,
  suggestEccn,
  updateLicense,
} from './compliance.service.ts';

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
        description: 'Unknown ECCN, country, end use or list: 400 naming it. Missing facts: licenseRequired null with needsInformation.',
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

  r.get('/api/v1/proposals/:id/licenses', { schema: { tags: ['compliance'], summary: 'License records of a proposal', params: IdParams, response: { 200: LicenseListResponse } } }, async (req) =>
    listLicenses(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/proposals/:id/licenses',
    { schema: { tags: ['compliance'], summary: 'Record a license against a cell (component × market, optionally one party)', params: IdParams, body: LicenseCreateSchema, response: { 201: LicenseViewSchema } } },
    async (req, reply) => reply.code(201).send(await createLicense(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.patch(
    '/api/v1/licenses/:id',
    { schema: { tags: ['compliance'], summary: 'Update a license record; `version` must be the one you read (409 otherwise)', params: IdParams, body: LicensePatchSchema, response: { 200: LicenseViewSchema } } },
    async (req) => updateLicense(ctxOf(req, deps), req.params.id, req.body),
  );
  r.delete(
    '/api/v1/licenses/:id',
    { schema: { tags: ['compliance'], summary: 'Delete a license record entered in error', params: IdParams, querystring: LicenseDeleteQuery, response: { 204: NoContent } } },
    async (req, reply) => {
      await deleteLicense(ctxOf(req, deps), req.params.id, req.query.version);
      return reply.code(204).send();
    },
  );

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
