import { z } from 'zod';
import { PROPOSAL_STATES } from '../domain/proposal-lifecycle.ts';
import { itemsOf, NonBlankString, page, PageQuery, Timestamp } from './common.ts';
import { CELL_STATUSES } from './compliance.ts';
import { ProposalSummarySchema } from './proposals.ts';

export const CONSULTED_AGENCIES = ['STATE', 'WAR', 'ENERGY', 'OSTP'] as const;
export type ConsultedAgency = (typeof CONSULTED_AGENCIES)[number];

export const CONSULTATION_POSITIONS = ['concur', 'concur_with_conditions', 'non_concur', 'no_comment'] as const;

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export const RubricCriterionInput = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lowercase letters, digits and _'),
  title: NonBlankString(200),
  description: NonBlankString(2000),
  weight: z.number().gt(0).max(1),
});

export const ScoresInput = z.strictObject({
  scores: z.record(z.string(), z.strictObject({ score: z.number().int().min(SCORE_MIN).max(SCORE_MAX), comment: z.string().max(4000).default('') })),
  comment: z.string().max(8000).default(''),
  submit: z.boolean().default(false),
});

export const ConsultationAnswer = z
  .strictObject({
    position: z.enum(CONSULTATION_POSITIONS),
    rationale: NonBlankString(8000),
    conditions: z.array(NonBlankString(2000)).max(50).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.position === 'concur_with_conditions' && a.conditions.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'concurring with conditions needs at least one condition' });
    }
  });

export const SECTORS = ['government_services', 'healthcare', 'education', 'agriculture', 'finance', 'energy', 'transportation', 'manufacturing', 'telecommunications', 'defense_security', 'research', 'software_engineering', 'other'] as const;

export const DecisionInput = z
  .strictObject({
    decision: z.enum(['designated', 'not_designated']),
    nationalInterestDetermination: z.string().trim().max(8000).optional(),
    conditions: z.array(NonBlankString(2000)).max(50).default([]),
    termMonths: z.number().int().min(1).max(120).optional(),
    feedback: z.string().max(8000).default(''),
    publicDescription: z.string().trim().max(2000).optional().describe('the text the public catalog shows'),
    sectors: z.array(z.enum(SECTORS)).max(13).default([]),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'designated') {
      if (!d.nationalInterestDetermination) ctx.addIssue({ code: 'custom', path: ['nationalInterestDetermination'], message: 'a designation records the national-interest determination' });
      if (!d.publicDescription) ctx.addIssue({ code: 'custom', path: ['publicDescription'], message: 'a designation needs the description the public catalog will show' });
      if (d.sectors.length === 0) ctx.addIssue({ code: 'custom', path: ['sectors'], message: 'name at least one sector for the catalog' });
    } else if (!d.feedback.trim()) {
      ctx.addIssue({ code: 'custom', path: ['feedback'], message: 'a decision not to designate gives the applicant feedback' });
    }
  });
export type DecisionInput = z.infer<typeof DecisionInput>;

// ── Requests of the review routes ─────────────────────────────────────────────────────────

// Whether a due date lies ahead is the service's check, on the program's clock.
const DueDate = z.string().datetime({ offset: true });

export const RubricUpdateBody = z.strictObject({ criteria: z.array(RubricCriterionInput).min(1).max(20) });

export const ReviewQueueQuery = PageQuery.extend({ state: z.enum(PROPOSAL_STATES).optional() });

export const AssignReviewersBody = z.strictObject({ reviewerIds: z.array(z.string().max(64)).min(1).max(20), dueAt: DueDate.optional() });

export const ConflictDeclarationBody = z.strictObject({ conflict: z.boolean(), statement: z.string().max(4000).default('') });

export const ConsultationRequestBody = z.strictObject({ dueAt: DueDate.optional() });

export const RecommendationBody = z.strictObject({ recommendation: z.enum(['designate', 'not_designate']), rationale: NonBlankString(8000) });

export const NotificationsReadBody = z.strictObject({ ids: z.array(z.string().max(64)).max(200) });

// ── Responses ─────────────────────────────────────────────────────────────────────────────

export const RubricCriterionSchema = z.object({ key: z.string(), title: z.string(), description: z.string(), weight: z.number() });
export type RubricCriterion = z.infer<typeof RubricCriterionSchema>;

export const RubricResponse = z.object({ criteria: z.array(RubricCriterionSchema) });

/** A row of the program office's queue: what decides each proposal's next step. */
export const ReviewQueueItemSchema = ProposalSummarySchema.extend({
  completeness: z.object({ complete: z.boolean(), missing: z.number().int() }),
  usContentShare: z.number().nullable().describe('US share of the infrastructure layer’s value, 0–1; null without infrastructure value'),
  usContentPresumptionMet: z.boolean(),
  compliance: z.enum(CELL_STATUSES).nullable().describe('the compliance matrix’s package status; null for drafts'),
  reviews: z.object({ minimum: z.number().int(), active: z.number().int(), submitted: z.number().int(), conflicted: z.number().int(), overdue: z.number().int() }),
  consultations: z.object({ requested: z.number().int(), answered: z.number().int(), overdue: z.number().int() }),
});

export const ReviewQueuePage = page(ReviewQueueItemSchema);

export const ReviewerSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), agency: z.string().nullable() });
export const ReviewerListResponse = itemsOf(ReviewerSchema);

/** Scores by rubric criterion key. */
export const ScoresSchema = z.record(z.string(), z.object({ score: z.number(), comment: z.string() }));

export const PanelAssignmentSchema = z.object({
  id: z.string(),
  revision: z.number().int(),
  reviewer: z.object({ id: z.string(), name: z.string(), agency: z.string().nullable() }),
  dueAt: Timestamp,
  coi: z.string().describe('pending | none | conflicted'),
  coiStatement: z.string().nullable(),
  status: z.string().describe('assigned | conflicted | submitted'),
  overdue: z.boolean(),
  scores: ScoresSchema,
  comment: z.string(),
  submittedAt: Timestamp.nullable(),
});

/** The program office's view of a proposal's reviews. */
export const ReviewPanelSchema = z.object({
  minReviewers: z.number().int(),
  activeReviewers: z.number().int(),
  submittedReviews: z.number().int(),
  needsReplacement: z.number().int().describe('conflicted reviewers to replace'),
  rubric: z.array(RubricCriterionSchema),
  assignments: z.array(PanelAssignmentSchema),
});
export type ReviewPanel = z.infer<typeof ReviewPanelSchema>;

export const MyReviewListItemSchema = z.object({ id: z.string(), consortium: z.string(), dueAt: Timestamp, coi: z.string(), status: z.string(), overdue: z.boolean() });
export const MyReviewListResponse = itemsOf(MyReviewListItemSchema);

/** A reviewer's own assignment; before the conflict declaration only the consortium is shown. */
export const MyReviewSchema = z.object({
  id: z.string(),
  dueAt: Timestamp,
  coi: z.string().describe('pending | none'),
  status: z.string(),
  overdue: z.boolean(),
  consortium: z.object({ name: z.string(), members: z.array(z.object({ name: z.string(), country: z.string() })) }),
  proposal: z.object({ id: z.string(), title: z.string() }).nullable(),
  rubric: z.array(RubricCriterionSchema).nullable(),
  scores: ScoresSchema.nullable(),
  comment: z.string().nullable(),
});
export type MyReview = z.infer<typeof MyReviewSchema>;

/** The answer to a conflict declaration: the assignment, or only its id once conflicted. */
export const ConflictDeclarationResponse = z.union([MyReviewSchema, z.object({ id: z.string(), coi: z.string().describe('conflicted') })]);

export const ConsultationSchema = z.object({
  id: z.string(),
  agency: z.string(),
  dueAt: Timestamp,
  position: z.string().nullable().describe(`${CONSULTATION_POSITIONS.join(' | ')}; null until answered`),
  rationale: z.string().nullable(),
  conditions: z.array(z.string()),
  answeredAt: Timestamp.nullable(),
  overdue: z.boolean(),
});
export type Consultation = z.infer<typeof ConsultationSchema>;

export const ScoreSummarySchema = z.object({
  perCriterion: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      weight: z.number(),
      mean: z.number().nullable(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      spread: z.number().nullable(),
    }),
  ),
  weightedScore: z.number().nullable(),
});

/** What the recommendation rests on, and what still stands in its way. */
export const RecommendationEvidenceSchema = z.object({
  proposalId: z.string(),
  revision: z.number().int(),
  scores: ScoreSummarySchema.extend({ reviews: z.number().int() }),
  consultations: z.array(z.object({ agency: z.string(), position: z.string().describe('the position, or pending / no_response'), rationale: z.string().nullable(), conditions: z.array(z.string()) })),
  usContent: z.object({ share: z.number().nullable(), presumptionMet: z.boolean() }),
  compliance: z.object({ status: z.enum(CELL_STATUSES), onHold: z.boolean() }),
  blockers: z.array(z.string()),
  ready: z.boolean(),
});
export type RecommendationEvidence = z.infer<typeof RecommendationEvidenceSchema>;

export const RecommendationSchema = z.object({
  revision: z.number().int(),
  recommendation: z.string().describe('designate | not_designate'),
  rationale: z.string(),
  evidence: RecommendationEvidenceSchema.describe('the evidence as it stood when the recommendation was recorded'),
  draftedAt: Timestamp,
});

/** The applicant's debrief: reviewers numbered, never named. */
export const DebriefSchema = z.object({
  outcome: z.string().describe('designated | not_designated'),
  decidedAt: Timestamp,
  conditions: z.array(z.string()),
  termMonths: z.number().int().nullable(),
  feedback: z.string(),
  rubric: z.array(RubricCriterionSchema),
  summary: ScoreSummarySchema,
  reviews: z.array(z.object({ reviewer: z.string(), scores: ScoresSchema, comment: z.string() })),
});
export type Debrief = z.infer<typeof DebriefSchema>;

export const NotificationSchema = z.object({ id: z.string(), kind: z.string(), text: z.string(), link: z.string().nullable(), createdAt: Timestamp, read: z.boolean() });
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListResponse = itemsOf(NotificationSchema);

// ── An agency's answer with its history: the current position, its optimistic version and every
// revision (who, when, position, conditions, and the reason for the change). ──────────────────

/** Concurring with conditions names at least one condition (the same rule as the first answer). */
function conditionsNamed(a: { position: string; conditions: string[] }, ctx: z.RefinementCtx) {
  if (a.position === 'concur_with_conditions' && a.conditions.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'concurring with conditions needs at least one condition' });
  }
}

/** A change of the agency's answer: the new position in full, why it changed, and the version read. */
export const ConsultationRevisionBody = z
  .strictObject({
    ...ConsultationAnswer.shape,
    reason: NonBlankString(4000).describe('why the agency changes its answer; kept with the revision'),
    version: z.number().int().positive().describe('the consultation’s version as read (409 VERSION_CONFLICT otherwise)'),
  })
  .superRefine(conditionsNamed);
export type ConsultationRevisionBody = z.infer<typeof ConsultationRevisionBody>;

const Person = z.object({ id: z.string(), name: z.string() });

export const ConsultationRevisionSchema = z.object({
  revision: z.number().int().describe('1 for the first answer, then one more per change'),
  position: z.string(),
  rationale: z.string(),
  conditions: z.array(z.string()),
  reason: z.string().nullable().describe('why the agency changed its answer; null for the first answer'),
  answeredBy: Person,
  answeredAt: Timestamp,
});
export type ConsultationRevision = z.infer<typeof ConsultationRevisionSchema>;

export const CONSULTATION_ACTIONS = ['answer', 'revise'] as const;

/** An agency's consultation: its current answer, and every answer it gave, oldest first. */
export const ConsultationRecordSchema = ConsultationSchema.extend({
  version: z.number().int(),
  revision: z.number().int().describe('the current revision; 0 until the agency answers'),
  answeredBy: Person.nullable(),
  revisions: z.array(ConsultationRevisionSchema).describe('every answer of the agency, oldest first; the last is the current one'),
  allowedActions: z.array(z.enum(CONSULTATION_ACTIONS)).describe('answer (PUT, the first answer) or revise (POST …/revisions), for the viewer now'),
});
export type ConsultationRecord = z.infer<typeof ConsultationRecordSchema>;

export const ConsultationRecordListResponse = itemsOf(ConsultationRecordSchema);

export const AgencyConsultationRecordListResponse = itemsOf(ConsultationRecordSchema.extend({ proposalId: z.string(), proposalTitle: z.string(), proposalState: z.string() }));
