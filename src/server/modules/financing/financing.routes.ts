import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CountryCode, Money, NonBlankString } from '../../../shared/contracts/common.ts';
import { SECTORS } from '../../../shared/contracts/review.ts';
import { DEAL_STAGES, FINANCING_ACTIONS } from '../../../shared/domain/financing-lifecycle.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { toCsv } from '../../lib/csv.ts';
import { portfolioPdf } from './financing.reports.ts';
import {
  actOnRequest,
  addAdvocacy,
  checkEligibility,
  createDeal,
  getDeal,
  getRequest,
  importRuleSet,
  INSTRUMENTS,
  listDeals,
  listMonitoring,
  listRequests,
  listRuleSets,
  portfolio,
  referRequest,
  submitMonitoringReport,
  updateDeal,
} from './financing.service.ts';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const Competitor = z.strictObject({ name: NonBlankString(200), country: CountryCode });
const DealBody = z.strictObject({
  country: CountryCode,
  buyerName: NonBlankString(200),
  buyerType: z.enum(['government', 'state_owned', 'private', 'military']),
  valueUsd: Money.gt(0),
  expectedDecisionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  competitors: z.array(Competitor).max(50).default([]),
  sector: z.enum(SECTORS),
});
const RequestTerms = z.strictObject({
  agency: z.enum(['EXIM', 'DFC', 'USTDA', 'SBA']),
  instrument: z.string().min(1).max(64),
  requestedUsd: Money.gt(0),
  projectCostUsd: Money.gt(0).optional(),
  hostSubcontractShare: z.number().min(0).max(1).optional(),
});

export function financingRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/financing/instruments', { schema: { tags: ['financing'], summary: 'Agencies and instruments with their terms' } }, async () => INSTRUMENTS);
  r.get('/api/v1/financing/rules', { schema: { tags: ['financing'], summary: 'Eligibility rule sets with citations and effective dates' } }, async (req) => ({ ruleSets: await listRuleSets(ctxOf(req, deps)) }));
  r.post('/api/v1/financing/rules', { schema: { tags: ['financing'], summary: 'Import a new rule set (admin); history is kept' } }, async (req, reply) =>
    reply.code(201).send({ ruleSets: await importRuleSet(ctxOf(req, deps), req.body) }),
  );

  r.get('/api/v1/deals', { schema: { tags: ['financing'], summary: 'Deals you may see' } }, async (req) => ({ items: await listDeals(ctxOf(req, deps)) }));
  r.post('/api/v1/proposals/:id/deals', { schema: { tags: ['financing'], summary: 'Open a deal under a designated package', params: IdParams, body: DealBody } }, async (req, reply) =>
    reply.code(201).send(await createDeal(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.get('/api/v1/deals/:id', { schema: { tags: ['financing'], summary: 'A deal with its advocacy, requests and license gate', params: IdParams } }, async (req) => getDeal(ctxOf(req, deps), req.params.id));
  r.patch(
    '/api/v1/deals/:id',
    { schema: { tags: ['financing'], params: IdParams, body: DealBody.partial().extend({ stage: z.enum(DEAL_STAGES).optional(), version: z.number().int().positive() }) } },
    async (req) => updateDeal(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post(
    '/api/v1/deals/:id/advocacy',
    {
      schema: {
        tags: ['financing'],
        summary: 'Record an advocacy action',
        params: IdParams,
        body: z.strictObject({ kind: z.enum(['letter', 'meeting', 'call', 'visit', 'other']), occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), description: NonBlankString(4000) }),
      },
    },
    async (req, reply) => reply.code(201).send(await addAdvocacy(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.post('/api/v1/deals/:id/eligibility', { schema: { tags: ['financing'], summary: 'Check an agency’s eligibility rules for this deal', params: IdParams, body: RequestTerms.extend({ asOf: z.string().datetime({ offset: true }).optional() }) } }, async (req) =>
    checkEligibility(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post('/api/v1/deals/:id/financing-requests', { schema: { tags: ['financing'], summary: 'Refer a financing request to an agency (EDAG coordinator)', params: IdParams, body: RequestTerms } }, async (req, reply) =>
    reply.code(201).send(await referRequest(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.get('/api/v1/financing-requests', { schema: { tags: ['financing'], summary: 'Financing requests you may see (an agency sees only its own)' } }, async (req) => ({ items: await listRequests(ctxOf(req, deps)) }));
  r.get('/api/v1/financing-requests/:id', { schema: { tags: ['financing'], params: IdParams } }, async (req) => getRequest(ctxOf(req, deps), req.params.id));
  r.post(
    '/api/v1/financing-requests/:id/actions/:action',
    {
      schema: {
        tags: ['financing'],
        summary: 'Move a request through its stages; final_commitment is refused while a needed license is not approved',
        params: IdParams.extend({ action: z.enum(FINANCING_ACTIONS as [string, ...string[]]) }),
        body: z.strictObject({ amountUsd: Money.gt(0).optional(), note: z.string().max(4000).optional(), version: z.number().int().positive() }),
      },
    },
    async (req) => actOnRequest(ctxOf(req, deps), req.params.id, req.params.action as never, req.body),
  );

  r.get('/api/v1/portfolio', { schema: { tags: ['financing'], summary: 'Pipeline, totals and time to first commitment' } }, async (req) => portfolio(ctxOf(req, deps)));
  r.get('/api/v1/portfolio/deals.csv', { schema: { tags: ['financing'], summary: 'Deals and their requests as CSV' } }, async (req, reply) => {
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
  r.get('/api/v1/portfolio.pdf', { schema: { tags: ['financing'], summary: 'The portfolio as a PDF' } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const [p, deals, requests] = await Promise.all([portfolio(ctx), listDeals(ctx), listRequests(ctx)]);
    const pdf = await portfolioPdf(p, deals, requests, { generatedBy: ctx.actor.name, generatedAt: ctx.clock.nowIso(), compress: (req.query as { compress?: string }).compress !== 'false' });
    return reply.type('application/pdf').header('content-disposition', 'attachment; filename="aiep-portfolio.pdf"').send(pdf);
  });
  r.get('/api/v1/monitoring', { schema: { tags: ['financing'], summary: 'Monitoring reports due, submitted and overdue' } }, async (req) => ({ items: await listMonitoring(ctxOf(req, deps)) }));
  r.put(
    '/api/v1/monitoring/:id',
    {
      schema: {
        tags: ['financing'],
        summary: 'Submit a monitoring report (anchor member)',
        params: IdParams,
        body: z.strictObject({
          timeToOperationDays: z.number().int().min(0).optional(),
          utilizationPct: z.number().min(0).max(100).optional(),
          renewals: z.number().int().min(0).optional(),
          privateCapitalMobilizedUsd: Money.optional(),
          usContentRecertified: z.boolean(),
          securityIncidents: z.number().int().min(0),
          endUseAttested: z.boolean(),
        }),
      },
    },
    async (req) => submitMonitoringReport(ctxOf(req, deps), req.params.id, req.body),
  );
}
