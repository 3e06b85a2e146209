// HTTP of party screening: search (aiep's own and the trade.gov CSL-compatible one), batch jobs,
// alerts with dispositions, and list versions. Registered in a scope of its own so the raw-body
// parsers (CSV, list files) apply to these routes only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../../../engines/screening/index.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { AppError } from '../../../shared/errors.ts';
import { startIndexWatcher, stopIndexWatcher } from './screening.index.ts';
import { activateVersion, diffVersionsFor, IMPORT_FORMATS, importUploadedList, listLists, listVersions } from './screening.lists.ts';
import {
  batchJobResult,
  cslSearch,
  disposeAlert,
  getAlert,
  getBatchJob,
  listAlerts,
  parseBatchCsv,
  searchParty,
  submitBatch,
} from './screening.service.ts';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const EntityTypeEnum = z.enum(['person', 'organization', 'vessel', 'aircraft']);
const Country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
  .transform((c) => c.toUpperCase());
const Dob = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const Threshold = z.number().min(0).max(1);

const PartyInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(MAX_NAME_LENGTH),
  type: EntityTypeEnum.optional(),
  country: Country.optional(),
  dob: Dob.optional(),
});

const BatchRow = z.object({ id: z.union([z.string().max(200), z.number()]).optional(), name: z.string().max(10_000).optional(), type: z.string().max(40).optional(), country: z.string().max(10).optional(), dob: z.string().max(40).optional() });
const BatchBody = z.union([
  z.string().describe('a CSV with a header naming `name` (and optionally id, type, country, dob), sent as text/csv'),
  z.array(BatchRow).max(200_000),
  z.strictObject({ parties: z.array(BatchRow).max(200_000), threshold: Threshold.optional() }),
]);

const CslQuery = z.object({
  name: z.string().max(MAX_NAME_LENGTH).optional(),
  fuzzy_name: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  sources: z.string().max(500).optional(),
  countries: z.string().max(1000).optional(),
  types: z.string().max(200).optional(),
  size: z.coerce.number().int().min(1).max(100).default(10),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const RAW_TYPES = ['text/csv', 'text/plain', 'text/xml', 'application/xml', 'text/tab-separated-values', 'application/octet-stream'];
const FILE_BODY_LIMIT = 64 * 1024 * 1024;

export function screeningRoutes(app: FastifyInstance, deps: Deps) {
  void app.register(async (scope) => {
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'string', bodyLimit: FILE_BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.addHook('onReady', async () => {
      await startIndexWatcher(deps, { pgUrl: deps.config.DATABASE_URL, onError: (err) => scope.log.warn({ err }, 'screening index watcher') });
    });
    scope.addHook('onClose', async () => stopIndexWatcher(deps));
    routes(scope, deps);
  });
}

function routes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/screening/search',
    { schema: { tags: ['screening'], summary: 'Screen one party; every match explained (compliance, program officers, auditors, admins)', body: PartyInput.extend({ threshold: Threshold.optional(), limit: z.number().int().min(1).max(100).optional() }) } },
    async (req) => searchParty(ctxOf(req, deps), req.body),
  );

  r.get(
    '/api/v1/screening/search',
    { schema: { tags: ['screening'], summary: 'Search in the trade.gov Consolidated Screening List API shape (name, fuzzy_name, sources, countries, types, size, offset)', querystring: CslQuery } },
    async (req) => cslSearch(ctxOf(req, deps), req.query),
  );

  r.post(
    '/api/v1/screening/batch',
    {
      bodyLimit: FILE_BODY_LIMIT,
      schema: {
        tags: ['screening'],
        summary: 'Screen many parties: up to 100 as JSON are answered at once; a CSV upload (text/csv), more rows or an Idempotency-Key make a job (202)',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        querystring: z.object({ threshold: z.coerce.number().min(0).max(1).optional() }),
        body: BatchBody,
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
      if (res.inline) return { threshold: res.threshold, results: res.results };
      return reply.code(202).header('location', `/api/v1/screening/jobs/${res.job.id}`).send(res.job);
    },
  );

  r.get(
    '/api/v1/screening/jobs/:id',
    { schema: { tags: ['screening'], summary: 'A batch job: status and progress; ?format=jsonl|csv downloads the result', params: IdParams, querystring: z.object({ format: z.enum(['json', 'jsonl', 'csv']).default('json') }) } },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const { format } = req.query;
      if (format === 'json') return getBatchJob(ctx, req.params.id);
      const text = await batchJobResult(ctx, req.params.id, format);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="screening-${req.params.id}.${format}"`)
        .send(text);
    },
  );

  r.get(
    '/api/v1/screening/alerts',
    { schema: { tags: ['screening'], summary: 'Screening alerts: all for the program office, a company\u2019s own for its compliance officers', querystring: z.object({ status: z.enum(['open', 'false_positive', 'confirmed']).optional(), limit: z.coerce.number().int().min(1).max(500).default(200) }) } },
    async (req) => ({ items: await listAlerts(ctxOf(req, deps), req.query) }),
  );
  r.get('/api/v1/screening/alerts/:id', { schema: { tags: ['screening'], params: IdParams } }, async (req) => getAlert(ctxOf(req, deps), req.params.id));
  r.post(
    '/api/v1/screening/alerts/:id/disposition',
    { schema: { tags: ['screening'], summary: 'Dispose of an alert: a false positive (with reason) or a confirmed match', params: IdParams, body: z.strictObject({ status: z.enum(['false_positive', 'confirmed']), reason: z.string().max(4000).optional() }) } },
    async (req) => disposeAlert(ctxOf(req, deps), req.params.id, req.body),
  );

  r.get('/api/v1/lists', { schema: { tags: ['screening'], summary: 'The screening lists and their active versions' } }, async (req) => ({ items: await listLists(ctxOf(req, deps)) }));
  r.get('/api/v1/lists/:code/versions', { schema: { tags: ['screening'], params: z.object({ code: z.string().min(1).max(32) }) } }, async (req) => ({ items: await listVersions(ctxOf(req, deps), req.params.code) }));
  r.post(
    '/api/v1/lists/import',
    {
      bodyLimit: FILE_BODY_LIMIT,
      schema: {
        tags: ['screening'],
        summary: 'Import a list file as a new version (admin); the body is the file (CSL CSV/JSON, OFAC CSV, UN XML, BIS DPL)',
        querystring: z.object({
          fileName: z.string().min(1).max(300).default('upload'),
          format: z.enum([...IMPORT_FORMATS, 'csl']).optional(),
          activate: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        body: z.unknown(),
      },
    },
    async (req, reply) => {
      const body = req.body;
      const text = typeof body === 'string' ? body : body && typeof body === 'object' ? JSON.stringify(body) : '';
      if (!text) throw new AppError(400, 'EMPTY_BODY', 'Send the list file as the request body');
      const version = await importUploadedList(ctxOf(req, deps), { text, fileName: req.query.fileName, ...(req.query.format ? { format: req.query.format } : {}), activate: req.query.activate });
      return reply.code(201).send(version);
    },
  );
  r.post('/api/v1/lists/versions/:id/activate', { schema: { tags: ['screening'], summary: 'Make this version its list\u2019s active one (admin); re-screens every party', params: IdParams } }, async (req) =>
    activateVersion(ctxOf(req, deps), req.params.id),
  );
  r.get(
    '/api/v1/lists/diff',
    { schema: { tags: ['screening'], summary: 'Entries added, removed and changed between two versions', querystring: z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) }) } },
    async (req) => diffVersionsFor(ctxOf(req, deps), req.query.from, req.query.to),
  );
}
