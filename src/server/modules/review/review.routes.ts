import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NonBlankString, PageQuery } from '../../../shared/contracts/common.ts';
import { PROPOSAL_STATES } from '../../../shared/domain/proposal-lifecycle.ts';
import { ConsultationAnswer, DecisionInput, RubricCriterionInput, ScoresInput } from '../../../shared/contracts/review.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { listNotifications, markNotificationsRead } from '../notifications/notifications.service.ts';
import {
  answerConsultation,
  assignReviewers,
  declareConflict,
  decide,
  getDebrief,
  getMyReview,
  getRecommendation,
  getRecommendationEvidence,
  getReviewPanel,
  getReviewQueue,
  getRubric,
  listConsultations,
  listMyAgencyConsultations,
  listMyReviews,
  listReviewers,
  recommend,
  requestConsultations,
  saveReview,
  updateRubric,
} from './review.service.ts';

const IdParams = z.object({ id: z.string().min(1).max(64) });
// Whether a due date lies ahead is the service's check, on the program's clock.
const DueDate = z.string().datetime({ offset: true });

export function reviewRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/rubric', { schema: { tags: ['review'], summary: 'The published review rubric (public)' } }, async () => ({ criteria: await getRubric(deps) }));
  r.put('/api/v1/rubric', { schema: { tags: ['review'], summary: 'Replace the rubric (program office)', body: z.strictObject({ criteria: z.array(RubricCriterionInput).min(1).max(20) }) } }, async (req) => ({
    criteria: await updateRubric(ctxOf(req, deps), req.body.criteria),
  }));

  r.get(
    '/api/v1/review-queue',
    {
      schema: {
        tags: ['review'],
        summary: 'The program office’s queue: completeness, US content, compliance status, review and consultation progress per proposal',
        querystring: PageQuery.extend({ state: z.enum(PROPOSAL_STATES).optional() }),
      },
    },
    async (req) => getReviewQueue(ctxOf(req, deps), req.query),
  );
  r.get('/api/v1/reviewers', { schema: { tags: ['review'], summary: 'Interagency reviewers to assign (program officer)' } }, async (req) => ({ items: await listReviewers(ctxOf(req, deps)) }));
  r.get('/api/v1/proposals/:id/reviews', { schema: { tags: ['review'], summary: 'Reviewers, conflicts, status and scores (government readers)', params: IdParams } }, async (req) =>
    getReviewPanel(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/proposals/:id/reviews',
    { schema: { tags: ['review'], summary: 'Assign reviewers (program officer)', params: IdParams, body: z.strictObject({ reviewerIds: z.array(z.string().max(64)).min(1).max(20), dueAt: DueDate.optional() }) } },
    async (req, reply) => reply.code(201).send(await assignReviewers(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.get('/api/v1/reviews', { schema: { tags: ['review'], summary: 'Your review assignments' } }, async (req) => ({ items: await listMyReviews(ctxOf(req, deps)) }));
  r.get('/api/v1/reviews/:id', { schema: { tags: ['review'], summary: 'Your assignment; before the COI declaration only the consortium and its members', params: IdParams } }, async (req) =>
    getMyReview(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/reviews/:id/conflict-of-interest',
    { schema: { tags: ['review'], summary: 'Declare a conflict of interest, or none', params: IdParams, body: z.strictObject({ conflict: z.boolean(), statement: z.string().max(4000).default('') }) } },
    async (req) => declareConflict(ctxOf(req, deps), req.params.id, req.body),
  );
  r.put('/api/v1/reviews/:id', { schema: { tags: ['review'], summary: 'Save or submit scores and comments', params: IdParams, body: ScoresInput } }, async (req) =>
    saveReview(ctxOf(req, deps), req.params.id, req.body),
  );

  r.get('/api/v1/proposals/:id/consultations', { schema: { tags: ['review'], summary: 'Interagency consultations', params: IdParams } }, async (req) => ({
    items: await listConsultations(ctxOf(req, deps), req.params.id),
  }));
  r.post(
    '/api/v1/proposals/:id/consultations',
    { schema: { tags: ['review'], summary: 'Consult State, War, Energy and OSTP (program officer)', params: IdParams, body: z.strictObject({ dueAt: DueDate.optional() }) } },
    async (req, reply) => reply.code(201).send({ items: await requestConsultations(ctxOf(req, deps), req.params.id, req.body) }),
  );
  r.get('/api/v1/consultations', { schema: { tags: ['review'], summary: 'Consultations of your agency' } }, async (req) => ({ items: await listMyAgencyConsultations(ctxOf(req, deps)) }));
  r.put('/api/v1/consultations/:id', { schema: { tags: ['review'], summary: 'Answer for your agency', params: IdParams, body: ConsultationAnswer } }, async (req) =>
    answerConsultation(ctxOf(req, deps), req.params.id, req.body),
  );

  r.get('/api/v1/proposals/:id/recommendation/evidence', { schema: { tags: ['review'], summary: 'Scores with spread, consultations, compliance, US content, blockers', params: IdParams } }, async (req) =>
    getRecommendationEvidence(ctxOf(req, deps), req.params.id),
  );
  r.get('/api/v1/proposals/:id/recommendation', { schema: { tags: ['review'], params: IdParams } }, async (req) => getRecommendation(ctxOf(req, deps), req.params.id));
  r.post(
    '/api/v1/proposals/:id/recommendation',
    { schema: { tags: ['review'], summary: 'Record the recommendation (program officer)', params: IdParams, body: z.strictObject({ recommendation: z.enum(['designate', 'not_designate']), rationale: NonBlankString(8000) }) } },
    async (req) => recommend(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post('/api/v1/proposals/:id/decision', { schema: { tags: ['review'], summary: 'Record the designation decision (decision official)', params: IdParams, body: DecisionInput } }, async (req) =>
    decide(ctxOf(req, deps), req.params.id, req.body),
  );
  r.get('/api/v1/proposals/:id/debrief', { schema: { tags: ['review'], summary: 'Outcome and rubric scores with comments, reviewers unnamed', params: IdParams } }, async (req) =>
    getDebrief(ctxOf(req, deps), req.params.id),
  );

  r.get('/api/v1/notifications', { schema: { tags: ['notifications'], summary: 'Your notifications, reminders included' } }, async (req) => ({ items: await listNotifications(ctxOf(req, deps)) }));
  r.post('/api/v1/notifications/read', { schema: { tags: ['notifications'], body: z.strictObject({ ids: z.array(z.string().max(64)).max(200) }) } }, async (req, reply) => {
    await markNotificationsRead(ctxOf(req, deps), req.body.ids);
    return reply.code(204).send();
  });
}
