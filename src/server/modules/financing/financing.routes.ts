import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { binaryDownload, IdParams, textDownload } from '../../../shared/contracts/common.ts';
import {
  AdvocacyBody,
  DealBody,
  DealListResponse,
  DealUpdateBody,
  EligibilityCheckBody,
  EligibilityResultSchema,
  FinancingActionBody,
  FinancingActionParams,
  FinancingRequestListResponse,
  FinancingRequestSchema,
  InstrumentCatalogSchema,
  MonitoringReportBody,
  PortfolioPdfQuery,
  PortfolioSchema,
  RequestTermsBody,
  RuleSetImportBody,
  RuleSetsResponse,
} from '../../../shared/contracts/financing.ts';
import { ctxOf } from '../../http/auth.ts';
import { AdvocacyParams, AdvocacyUpdateBody, DealListQuery, DealRecordSchema, DealStageBody, FinancingRequestListQuery, MonitoringRecordListResponse, MonitoringReportRecordSchema, PortfolioPackagesResponse } from '../../../shared/contracts/financing.ts';
import type { Deps } from '../../lib/context.ts';
import { toCsv } from '../../lib/csv.ts';
import { portfolioPdf } from './financing.reports.ts';
import {
  actOnRequest,
  addAdvocacy,
  checkEligibility,
  createDeal,
  getDeal,
  getMonitoringReport,
  getRequest,
  importRuleSet,
  INSTRUMENTS,
  listDeals,
  listMonitoring,
  listRequests,
  listRuleSets,
  moveDealStage,
  portfolio,
  portfolioPackages,
  referRequest,
  submitMonitoringReport,
  updateAdvocacy,
  updateDeal,
} from './financing.service.ts';

export function financingRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/financing/instruments', { schema: { tags: ['financing'], summary: 'Agencies and instruments with their terms', security: [], response: { 200: InstrumentCatalogSchema } }, config: { public: true } }, async () => INSTRUMENTS);
  r.get('/api/v1/financing/rules', { schema: { tags: ['financing'], summary: 'Eligibility rule sets with citations and effective dates', response: { 200: RuleSetsResponse } } }, async (req) => ({ ruleSets: await listRuleSets(ctxOf(req, deps)) }));
  r.post('/api/v1/financing/rules', { schema: { tags: ['financing'], summary: 'Import a new rule set (admin); history is kept. Validated whole: 400 INVALID_RULE_SET names every problem', body: RuleSetImportBody, response: { 201: RuleSetsResponse } } }, async (req, reply) =>
    reply.code(201).send({ ruleSets: await importRuleSet(ctxOf(req, deps), req.body) }),
  );

  r.get('/api/v1/deals', { schema: { tags: ['financing'], summary: 'Deals you may see, optionally of one package', querystring: DealListQuery, response: { 200: DealListResponse } } }, async (req) => ({
    items: await listDeals(ctxOf(req, deps), req.query),
  }));
  r.post('/api/v1/proposals/:id/deals', { schema: { tags: ['financing'], summary: 'Open a deal under a designated package', params: IdParams, body: DealBody, response: { 201: DealRecordSchema } } }, async (req, reply) =>
    reply.code(201).send(await createDeal(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.get('/api/v1/deals/:id', { schema: { tags: ['financing'], summary: 'A deal with its advocacy, requests, and license and screening gates', params: IdParams, response: { 200: DealRecordSchema } } }, async (req) => getDeal(ctxOf(req, deps), req.params.id));
  r.patch(
    '/api/v1/deals/:id',
    { schema: { tags: ['financing'], summary: 'Update a deal’s details; `version` must be the one you read (409 otherwise). The stage is not changed here (see …/stage)', params: IdParams, body: DealUpdateBody, response: { 200: DealRecordSchema } } },
    async (req) => updateDeal(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post(
    '/api/v1/deals/:id/advocacy',
    {
      schema: {
        tags: ['financing'],
        summary: 'Record an advocacy action',
        params: IdParams,
        body: AdvocacyBody,
        response: { 201: DealRecordSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await addAdvocacy(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.put(
    '/api/v1/deals/:id/advocacy/:advocacyId',
    { schema: { tags: ['financing'], summary: 'Correct an advocacy action (who may record advocacy); `version` must be the one you read', params: AdvocacyParams, body: AdvocacyUpdateBody, response: { 200: DealRecordSchema } } },
    async (req) => updateAdvocacy(ctxOf(req, deps), req.params.id, req.params.advocacyId, req.body),
  );
  r.post(
    '/api/v1/deals/:id/stage',
    {
      schema: {
        tags: ['financing'],
        summary: 'Move the deal’s stage by hand, with a reason (EDAG coordinator); it otherwise follows its financing requests forward by itself',
        params: IdParams,
        body: DealStageBody,
        response: { 200: DealRecordSchema },
      },
    },
    async (req) => moveDealStage(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post('/api/v1/deals/:id/eligibility', { schema: { tags: ['financing'], summary: 'Check an agency’s eligibility rules for this deal', params: IdParams, body: EligibilityCheckBody, response: { 200: EligibilityResultSchema } } }, async (req) =>
    checkEligibility(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post('/api/v1/deals/:id/financing-requests', { schema: { tags: ['financing'], summary: 'Refer a financing request to an agency (EDAG coordinator)', params: IdParams, body: RequestTermsBody, response: { 201: FinancingRequestSchema } } }, async (req, reply) =>
    reply.code(201).send(await referRequest(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.get(
    '/api/v1/financing-requests',
    { schema: { tags: ['financing'], summary: 'Financing requests you may see (an agency sees only its own); `open=true` for those still in progress', querystring: FinancingRequestListQuery, response: { 200: FinancingRequestListResponse } } },
    async (req) => ({ items: await listRequests(ctxOf(req, deps), req.query.open === undefined ? {} : { open: req.query.open === 'true' }) }),
  );
  r.get('/api/v1/financing-requests/:id', { schema: { tags: ['financing'], summary: 'A financing request', params: IdParams, response: { 200: FinancingRequestSchema } } }, async (req) => getRequest(ctxOf(req, deps), req.params.id));
  r.post(
    '/api/v1/financing-requests/:id/actions/:action',
    {
      schema: {
        tags: ['financing'],
        summary: 'Move a request through its stages; final_commitment is refused while a needed license is not approved',
        params: FinancingActionParams,
        body: FinancingActionBody,
        response: { 200: FinancingRequestSchema },
      },
    },
    async (req) => actOnRequest(ctxOf(req, deps), req.params.id, req.params.action as never, req.body),
  );

  r.get('/api/v1/portfolio', { schema: { tags: ['financing'], summary: 'Pipeline, totals and time to first commitment', response: { 200: PortfolioSchema } } }, async (req) => portfolio(ctxOf(req, deps)));
  r.get(
    '/api/v1/portfolio/packages',
    { schema: { tags: ['financing'], summary: 'The designated packages you follow deals under, each with its deals (the EDAG coordinator’s starting point)', response: { 200: PortfolioPackagesResponse } } },
    async (req) => ({ items: await portfolioPackages(ctxOf(req, deps)) }),
  );
  r.get('/api/v1/portfolio/deals.csv', { schema: { tags: ['financing'], summary: 'Deals and their requests as CSV', response: { 200: textDownload('text/csv', 'one row per deal and financing request') } } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const [deals, requests] = await Promise.all([listDeals(ctx), listRequests(ctx)]);
    const rows = deals.flatMap((d) => {
      const rs = requests.filter((x) => x.dealId === d.id);
      const base = [d.id, d.proposalTitle ?? '', d.country, d.buyerName, d.buyerType, d.sector, d.stage, d.valueUsd];
      return rs.length ? rs.map((x) => [...base, x.agency, x.instrument, x.state, x.requestedUsd, x.indicativeUsd, x.committedUsd, x.disbursedUsd]) : [[...base, '', '', '', '', '', '', '']];
    });
    const csv = toCsv(['deal_id', 'package', 'country', 'buyer', 'buyer_type', 'sector', 'stage', 'deal_value_usd', 'agency', 'instrument', 'request_state', 'requested_usd', 'indicative_usd', 'committed_usd', 'disbursed_usd'], rows);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="aiep-portfolio.csv"').send(csv);
  });
  r.get('/api/v1/portfolio.pdf', { schema: { tags: ['financing'], summary: 'The portfolio as a PDF', querystring: PortfolioPdfQuery, response: { 200: binaryDownload('application/pdf', 'the portfolio report') } } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const [p, deals, requests] = await Promise.all([portfolio(ctx), listDeals(ctx), listRequests(ctx)]);
    const pdf = await portfolioPdf(p, deals, requests, { generatedBy: ctx.actor.name, generatedAt: ctx.clock.nowIso(), compress: req.query.compress !== 'false' });
    return reply.type('application/pdf').header('content-disposition', 'attachment; filename="aiep-portfolio.pdf"').send(pdf);
  });
  r.get('/api/v1/monitoring', { schema: { tags: ['financing'], summary: 'Monitoring reports due, submitted and overdue, with whether you file each', response: { 200: MonitoringRecordListResponse } } }, async (req) => ({
    items: await listMonitoring(ctxOf(req, deps)),
  }));
  r.get('/api/v1/monitoring/:id', { schema: { tags: ['financing'], summary: 'A monitoring report', params: IdParams, response: { 200: MonitoringReportRecordSchema } } }, async (req) => getMonitoringReport(ctxOf(req, deps), req.params.id));
  r.put(
    '/api/v1/monitoring/:id',
    {
      schema: {
        tags: ['financing'],
        summary: 'Submit a monitoring report (anchor member)',
        params: IdParams,
        body: MonitoringReportBody,
        response: { 200: MonitoringReportRecordSchema },
      },
    },
    async (req) => submitMonitoringReport(ctxOf(req, deps), req.params.id, req.body),
  );
}
