import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../../shared/contracts/common.ts';
import { ProposalDetailSchema } from '../../../shared/contracts/proposals.ts';
import {
  AssignReviewersBody,
  ConflictDeclarationBody,
  ConflictDeclarationResponse,
  ConsultationAnswer,
  ConsultationRequestBody,
  DebriefSchema,
  DecisionInput,
  MyReviewListResponse,
  MyReviewSchema,
  NotificationListResponse,
  NotificationsReadBody,
  RecommendationBody,
  RecommendationEvidenceSchema,
  RecommendationSchema,
  ReviewerListResponse,
  ReviewPanelSchema,
  ReviewQueuePage,
  ReviewQueueQuery,
  RubricResponse,
  RubricUpdateBody,
  ScoresInput,
} from '../../../shared/contracts/review.ts';
import { ctxOf } from '../../http/auth.ts';
import { AgencyConsultationRecordListResponse, ConsultationRecordListResponse, ConsultationRecordSchema, ConsultationRevisionBody } from '../../../shared/contracts/review.ts';
import type { Deps } from '../../lib/context.ts';
import { listNotifications, markNotificationsRead } from '../notifications/notifications.service.ts';
import {
  answerConsultation,
  assignReviewers,
  declareConflict,
  decide,
  getConsultation,
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
  reviseConsultation,
  saveReview,
  updateRubric,
} from './review.service.ts';

export function reviewRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/rubric', { schema: { tags: ['review'], summary: 'The published review rubric (public)', security: [], response: { 200: RubricResponse } }, config: { public: true } }, async () => ({ criteria: await getRubric(deps) }));
  r.put('/api/v1/rubric', { schema: { tags: ['review'], summary: 'Replace the rubric (program office)', body: RubricUpdateBody, response: { 200: RubricResponse } } }, async (req) => ({
    criteria: await updateRubric(ctxOf(req, deps), req.body.criteria),
  }));

  r.get(
    '/api/v1/review-queue',
    {
      schema: {
        tags: ['review'],
        summary: 'The program office’s queue: completeness, US content, compliance status, review and consultation progress per proposal',
        querystring: ReviewQueueQuery,
        response: { 200: ReviewQueuePage },
      },
    },
    async (req) => getReviewQueue(ctxOf(req, deps), req.query),
  );
  r.get('/api/v1/reviewers', { schema: { tags: ['review'], summary: 'Interagency reviewers to assign (program officer)', response: { 200: ReviewerListResponse } } }, async (req) => ({ items: await listReviewers(ctxOf(req, deps)) }));
  r.get('/api/v1/proposals/:id/reviews', { schema: { tags: ['review'], summary: 'Reviewers, conflicts, status and scores (government readers)', params: IdParams, response: { 200: ReviewPanelSchema } } }, async (req) =>
    getReviewPanel(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/proposals/:id/reviews',
    { schema: { tags: ['review'], summary: 'Assign reviewers (program officer); answers the review panel', params: IdParams, body: AssignReviewersBody, response: { 201: ReviewPanelSchema } } },
    async (req, reply) => reply.code(201).send(await assignReviewers(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.get('/api/v1/reviews', { schema: { tags: ['review'], summary: 'Your review assignments', response: { 200: MyReviewListResponse } } }, async (req) => ({ items: await listMyReviews(ctxOf(req, deps)) }));
  r.get('/api/v1/reviews/:id', { schema: { tags: ['review'], summary: 'Your assignment; before the COI declaration only the consortium and its members', params: IdParams, response: { 200: MyReviewSchema } } }, async (req) =>
    getMyReview(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/reviews/:id/conflict-of-interest',
    { schema: { tags: ['review'], summary: 'Declare a conflict of interest, or none', params: IdParams, body: ConflictDeclarationBody, response: { 200: ConflictDeclarationResponse } } },
    async (req) => declareConflict(ctxOf(req, deps), req.params.id, req.body),
  );
  r.put('/api/v1/reviews/:id', { schema: { tags: ['review'], summary: 'Save or submit scores and comments', params: IdParams, body: ScoresInput, response: { 200: MyReviewSchema } } }, async (req) =>
    saveReview(ctxOf(req, deps), req.params.id, req.body),
  );

  r.get(
    '/api/v1/proposals/:id/consultations',
    { schema: { tags: ['review'], summary: 'Interagency consultations: each agency’s current answer with every revision (program office; an agency sees its own)', params: IdParams, response: { 200: ConsultationRecordListResponse } } },
    async (req) => ({ items: await listConsultations(ctxOf(req, deps), req.params.id) }),
  );
  r.post(
    '/api/v1/proposals/:id/consultations',
    { schema: { tags: ['review'], summary: 'Consult State, War, Energy and OSTP (program officer)', params: IdParams, body: ConsultationRequestBody, response: { 201: ConsultationRecordListResponse } } },
    async (req, reply) => reply.code(201).send({ items: await requestConsultations(ctxOf(req, deps), req.params.id, req.body) }),
  );
  r.get('/api/v1/consultations', { schema: { tags: ['review'], summary: 'Consultations of your agency, with their revisions', response: { 200: AgencyConsultationRecordListResponse } } }, async (req) => ({
    items: await listMyAgencyConsultations(ctxOf(req, deps)),
  }));
  r.get('/api/v1/consultations/:id', { schema: { tags: ['review'], summary: 'A consultation: the agency’s current answer and every revision', params: IdParams, response: { 200: ConsultationRecordSchema } } }, async (req) =>
    getConsultation(ctxOf(req, deps), req.params.id),
  );
  r.put(
    '/api/v1/consultations/:id',
    { schema: { tags: ['review'], summary: 'Your agency’s first answer; once answered, 409 CONSULTATION_ANSWERED (revise it instead)', params: IdParams, body: ConsultationAnswer, response: { 200: ConsultationRecordSchema } } },
    async (req) => answerConsultation(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post(
    '/api/v1/consultations/:id/revisions',
    {
      schema: {
        tags: ['review'],
        summary: 'Revise your agency’s answer with a reason; `version` must be the one you read (409 VERSION_CONFLICT otherwise). Earlier answers stay as revisions',
        params: IdParams,
        body: ConsultationRevisionBody,
        response: { 201: ConsultationRecordSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await reviseConsultation(ctxOf(req, deps), req.params.id, req.body)),
  );

  r.get('/api/v1/proposals/:id/recommendation/evidence', { schema: { tags: ['review'], summary: 'Scores with spread, consultations, compliance, US content, blockers', params: IdParams, response: { 200: RecommendationEvidenceSchema } } }, async (req) =>
    getRecommendationEvidence(ctxOf(req, deps), req.params.id),
  );
  r.get('/api/v1/proposals/:id/recommendation', { schema: { tags: ['review'], summary: 'The recorded recommendation with its evidence (government readers)', params: IdParams, response: { 200: RecommendationSchema } } }, async (req) => getRecommendation(ctxOf(req, deps), req.params.id));
  r.post(
    '/api/v1/proposals/:id/recommendation',
    { schema: { tags: ['review'], summary: 'Record the recommendation (program officer); answers the proposal', params: IdParams, body: RecommendationBody, response: { 200: ProposalDetailSchema } } },
    async (req) => recommend(ctxOf(req, deps), req.params.id, req.body),
  );
  r.post('/api/v1/proposals/:id/decision', { schema: { tags: ['review'], summary: 'Record the designation decision (decision official); answers the proposal', params: IdParams, body: DecisionInput, response: { 200: ProposalDetailSchema } } }, async (req) =>
    decide(ctxOf(req, deps), req.params.id, req.body),
  );
  r.get('/api/v1/proposals/:id/debrief', { schema: { tags: ['review'], summary: 'Outcome and rubric scores with comments, reviewers unnamed', params: IdParams, response: { 200: DebriefSchema } } }, async (req) =>
    getDebrief(ctxOf(req, deps), req.params.id),
  );

  r.get('/api/v1/notifications', { schema: { tags: ['notifications'], summary: 'Your notifications, reminders included', response: { 200: NotificationListResponse } } }, async (req) => ({ items: await listNotifications(ctxOf(req, deps)) }));
  r.post('/api/v1/notifications/read', { schema: { tags: ['notifications'], summary: 'Mark notifications read', body: NotificationsReadBody, response: { 204: NoContent } } }, async (req, reply) => {
    await markNotificationsRead(ctxOf(req, deps), req.body.ids);
    return reply.code(204).send();
  });
}
