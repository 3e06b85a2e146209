// HTTP of party screening: search (aiep's own and the trade.gov CSL-compatible one), batch jobs,
// alerts with dispositions, and list versions. Registered in a scope of its own so the raw-body
// parsers (CSV, list files) apply to these routes only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, textBody } from '../../../shared/contracts/common.ts';
import {
  AlertListQuery,
  AlertListResponse,
  AlertSchema,
  BatchBody,
  BatchHeaders,
  BatchInlineResponse,
  BatchJobSchema,
  BatchQuery,
  ClearanceApprovalBody,
  ClearanceProposalBody,
  ClearanceRejectionBody,
  ContestBody,
  CslQuery,
  CslSearchResponse,
  DispositionBody,
  JobResultQuery,
  ListCodeParams,
  ListDiffQuery,
  ListImportBody,
  ListImportQuery,
  ListVersionListResponse,
  ListVersionSchema,
  PartySearchBody,
  PackageScreeningSchema,
  PartySearchResponse,
  ScreeningListsResponse,
  VersionDiffSchema,
  type BatchJob,
} from '../../../shared/contracts/screening.ts';
import { ctxOf } from '../../http/auth.ts';
import { registerFileUploads, uploadFileName } from '../../http/upload.ts';
import type { Deps } from '../../lib/context.ts';
import { AppError } from '../../../shared/errors.ts';
import { matchRoutes } from './match.routes.ts';
import { startIndexWatcher, stopIndexWatcher } from './screening.index.ts';
import { canManageLists, canScreen } from './screening.policy.ts';
import { listSourceRoutes } from './screening.sources.routes.ts';
import { activateVersion, diffVersionsFor, IMPORT_FORMATS, importUploadedList, listLists, listVersions } from './screening.lists.ts';
import {
  approveClearance,
  batchJobResult,
  contestAlert,
  cslSearch,
  disposeAlert,
  getAlert,
  getBatchJob,
  listAlerts,
  NOT_SCREENED_NOTICE,
  packageScreeningFor,
  parseBatchCsv,
  proposeClearance,
  rejectClearance,
  searchParty,
  submitBatch,
} from './screening.service.ts';

const RAW_TYPES = ['text/csv', 'text/plain', 'text/xml', 'application/xml', 'text/tab-separated-values', 'application/octet-stream'];
const FILE_BODY_LIMIT = 64 * 1024 * 1024;

export function screeningRoutes(app: FastifyInstance, deps: Deps) {
  void app.register(async (scope) => {
    scope.addHook('onReady', async () => {
      await startIndexWatcher(deps, { onError: (err) => scope.log.warn({ err }, 'screening index watcher') });
    });
    scope.addHook('onClose', async () => stopIndexWatcher(deps));
    routes(scope, deps);
    matchRoutes(scope, deps); // the yente-compatible POST /api/v1/match/:dataset
    listSourceRoutes(scope, deps);
    // The upload routes, in a scope of their own: only they take raw files (CSV, XML, …) and
    // multipart/form-data, up to FILE_BODY_LIMIT, and only from whom their `uploadBy` admits,
    // checked before the body is read (src/server/http/access.ts).
    await scope.register(async (uploads) => {
      uploads.addContentTypeParser(RAW_TYPES, { parseAs: 'string', bodyLimit: FILE_BODY_LIMIT }, (_req, body, done) => done(null, body));
      await registerFileUploads(uploads);
      uploadRoutes(uploads, deps);
    });
  });
}

function routes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // A batch job's progress and summary are read back from the jobs table as JSON, so the service
  // types them loosely; `as BatchJob` names their shape, and the serializer checks it on the way out.

  r.post(
    '/api/v1/screening/search',
    { schema: { tags: ['screening'], summary: 'Screen one party; every match explained (compliance, program officers, auditors, admins)', body: PartySearchBody, response: { 200: PartySearchResponse } } },
    async (req) => searchParty(ctxOf(req, deps), req.body),
  );

  r.get(
    '/api/v1/screening/search',
    {
      schema: {
        tags: ['screening'],
        summary:
          'Search in the trade.gov Consolidated Screening List API shape (name, fuzzy_name, sources, countries, types, size, offset); the header X-Screening-Status is `not_screened` (and X-Screening-Notice says why) when no list is active, so an empty result is not a clean one',
        querystring: CslQuery,
        response: { 200: CslSearchResponse },
      },
    },
    async (req, reply) => {
      const { screened, result } = await cslSearch(ctxOf(req, deps), req.query);
      // No list, no clearance: trade.gov's shape has no field for it, so the headers say it.
      reply.header('x-screening-status', screened ? 'screened' : 'not_screened');
      if (!screened) reply.header('x-screening-notice', NOT_SCREENED_NOTICE);
      return result;
    },
  );

  r.get(
    '/api/v1/proposals/:id/screening',
    {
      schema: {
        tags: ['screening'],
        summary: 'Whether every party of the package is screened against the active screening lists (designation and final financing commitment wait for it); whoever sees the proposal',
        params: IdParams,
        response: { 200: PackageScreeningSchema },
      },
    },
    async (req) => packageScreeningFor(ctxOf(req, deps), req.params.id),
  );

  r.get(
    '/api/v1/screening/jobs/:id',
    {
      schema: {
        tags: ['screening'],
        summary: 'A batch job: status and progress; ?format=jsonl|csv downloads the result',
        params: IdParams,
        querystring: JobResultQuery,
        response: {
          200: {
            description: 'the job (format=json), or its result (jsonl, csv) once it is done',
            content: {
              'application/json': { schema: BatchJobSchema },
              'application/x-ndjson': textBody('one JSON object per screened row'),
              'text/csv': textBody('one row per match (or per row without one)'),
            },
          },
        },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const { format } = req.query;
      if (format === 'json') return (await getBatchJob(ctx, req.params.id)) as BatchJob;
      const text = await batchJobResult(ctx, req.params.id, format);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="screening-${req.params.id}.${format}"`)
        .send(text);
    },
  );

  r.get(
    '/api/v1/screening/alerts',
    {
      schema: {
        tags: ['screening'],
        summary: 'Screening alerts: all for the program office, a company\u2019s own for its compliance officers',
        querystring: AlertListQuery,
        response: { 200: AlertListResponse },
      },
    },
    async (req) => ({ items: await listAlerts(ctxOf(req, deps), req.query) }),
  );
  r.get('/api/v1/screening/alerts/:id', { schema: { tags: ['screening'], summary: 'One screening alert', params: IdParams, response: { 200: AlertSchema } } }, async (req) => getAlert(ctxOf(req, deps), req.params.id));
  r.post(
    '/api/v1/screening/alerts/:id/disposition',
    {
      schema: {
        tags: ['screening'],
        summary: 'Dispose of an alert: confirmed (raises the effect; whoever sees it and may act) or a false positive with reason (the program office\u2019s screening staff; a confirmed prohibited match needs the two-person clearance)',
        params: IdParams,
        body: DispositionBody,
        response: { 200: AlertSchema },
      },
    },
    async (req) => disposeAlert(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post(
    '/api/v1/screening/alerts/:id/contest',
    {
      schema: {
        tags: ['screening'],
        summary: 'Contest an alert about the company\u2019s own party (its compliance officers): reason and evidence; the hit keeps its effect and enters the analysts\u2019 queue',
        params: IdParams,
        body: ContestBody,
        response: { 200: AlertSchema },
      },
    },
    async (req) => contestAlert(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post(
    '/api/v1/screening/alerts/:id/clearance',
    {
      schema: {
        tags: ['screening'],
        summary: 'Propose clearing a confirmed prohibited match (program-office screening staff); it stays confirmed until another of the staff approves',
        params: IdParams,
        body: ClearanceProposalBody,
        response: { 200: AlertSchema },
      },
    },
    async (req) => proposeClearance(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post(
    '/api/v1/screening/alerts/:id/clearance/approve',
    {
      schema: {
        tags: ['screening'],
        summary: 'Approve a proposed clearance: a second, different member of the program-office screening staff; the hit becomes a false positive',
        params: IdParams,
        body: ClearanceApprovalBody,
        response: { 200: AlertSchema },
      },
    },
    async (req) => approveClearance(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post(
    '/api/v1/screening/alerts/:id/clearance/reject',
    {
      schema: { tags: ['screening'], summary: 'Reject (or, by its proposer, withdraw) a proposed clearance; the hit stays confirmed', params: IdParams, body: ClearanceRejectionBody, response: { 200: AlertSchema } },
    },
    async (req) => rejectClearance(ctxOf(req, deps), req.params.id, req.body),
  );

  r.get('/api/v1/lists', { schema: { tags: ['screening'], summary: 'The screening lists and their active versions', response: { 200: ScreeningListsResponse } } }, async (req) => ({ items: await listLists(ctxOf(req, deps)) }));
  r.get('/api/v1/lists/:code/versions', { schema: { tags: ['screening'], summary: 'The versions of one list, newest first', params: ListCodeParams, response: { 200: ListVersionListResponse } } }, async (req) => ({ items: await listVersions(ctxOf(req, deps), req.params.code) }));
  r.post('/api/v1/lists/versions/:id/activate', { schema: { tags: ['screening'], summary: 'Make this version its list\u2019s active one (admin); re-screens every party', params: IdParams, response: { 200: ListVersionSchema } } }, async (req) =>
    activateVersion(ctxOf(req, deps), req.params.id),
  );
  r.get(
    '/api/v1/lists/diff',
    { schema: { tags: ['screening'], summary: 'Entries added, removed and changed between two versions', querystring: ListDiffQuery, response: { 200: VersionDiffSchema } } },
    async (req) => diffVersionsFor(ctxOf(req, deps), req.query.from, req.query.to),
  );
}

/** The upload routes: a file as the raw body or as the one file part of multipart/form-data. */
function uploadRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/screening/batch',
    {
      bodyLimit: FILE_BODY_LIMIT,
      config: { uploadBy: canScreen },
      schema: {
        tags: ['screening'],
        summary: 'Screen many parties: up to 100 as JSON are answered at once; a CSV upload (text/csv, or the one file part of multipart/form-data), more rows or an Idempotency-Key make a job (202)',
        headers: BatchHeaders,
        querystring: BatchQuery,
        body: BatchBody,
        response: { 200: BatchInlineResponse, 202: BatchJobSchema.describe('the job; Location names it') },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const body = req.body;
      const csv = typeof body === 'string';
      const rows = csv ? parseBatchCsv(body) : Array.isArray(body) ? body : body.parties;
      const threshold = (!csv && !Array.isArray(body) ? body.threshold : undefined) ?? req.query.threshold;
      const key = req.headers['idempotency-key'];
      const res = await submitBatch(ctx, { rows, ...(threshold !== undefined ? { threshold } : {}), ...(key ? { idempotencyKey: key } : {}), forceJob: csv });
      if (res.inline) return { threshold: res.threshold, screened: res.screened, notice: res.notice, results: res.results };
      return reply.code(202).header('location', `/api/v1/screening/jobs/${res.job.id}`).send(res.job as BatchJob);
    },
  );

  r.post(
    '/api/v1/lists/import',
    {
      bodyLimit: FILE_BODY_LIMIT,
      config: { uploadBy: canManageLists },
      schema: {
        tags: ['screening'],
        summary: 'Import a list file as a new version (admin; the same file again answers 200 with that version, writing nothing); the body is the file (CSL CSV/JSON, OFAC CSV, UN XML, BIS DPL), raw or as the one file part of multipart/form-data',
        querystring: ListImportQuery([...IMPORT_FORMATS, 'csl']),
        body: ListImportBody,
        response: { 200: ListVersionSchema, 201: ListVersionSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const text = typeof body === 'string' ? body : body && typeof body === 'object' ? JSON.stringify(body) : '';
      if (!text) throw new AppError(400, 'EMPTY_BODY', 'Send the list file as the request body');
      const version = await importUploadedList(ctxOf(req, deps), { text, fileName: uploadFileName(req, req.query.fileName), ...(req.query.format ? { format: req.query.format } : {}), activate: req.query.activate });
      return reply.code(version.alreadyImported ? 200 : 201).send(version);
    },
  );
}
