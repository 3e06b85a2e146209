// Review of submitted proposals: published rubric, reviewer assignments with conflict-of-interest
// declarations, scoring, interagency consultations, the recommendation and the decision.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ReviewQueueItem } from '../../../shared/contracts/views.ts';
import { CONSULTED_AGENCIES, type ConsultationAnswer, type DecisionInput, type RubricCriterionInput, type ScoresInput } from '../../../shared/contracts/review.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { answersConsultations, canAnswerConsultation, canDecide, canManageRubric, canReadReview, canRunReview, canWorkOnAssignment, mayBeAssigned, mayDeclareConflicts, readsAllConsultations } from './review.policy.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import { addDays } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import type { ConsultationRecord, ConsultationRevisionBody } from '../../../shared/contracts/review.ts';
import { notify, usersWithRole } from '../notifications/notifications.service.ts';
import { applyTransition, assertTransition, getProposal, listProposals, placeComplianceHold, proposalHeading } from '../proposals/proposals.service.ts';
import { complianceStatusOf, holdReasonFor } from '../compliance/compliance.service.ts';
import { activeMemberNames } from '../consortia/consortia.service.ts';
import { currentRubricOfProposal, recordDefaultRubricVersion, reviewDueDaysOfProposal, rubricVersionById } from '../calls/calls.service.ts';
import { designatePackage } from '../designation/designation.service.ts';
import { assertPackageScreened } from '../screening/screening.parties.ts';
import { enabledUsersWithRole, userIdsOfOrg, usersWithRolesByIds } from '../users/users.service.ts';
import {
  findAssignment,
  findAssignmentForUpdate,
  findAssignmentsOfProposal,
  findAssignmentsOfReviewer,
  findConsultation,
  findConsultations,
  findConsultationForUpdate,
  findConsultationRevisions,
  findConsultationsOfAgency,
  findConflictsOfReviewer,
  findDecision,
  findLatestRecommendation,
  findReviewProgress,
  findRubric,
  insertAssignment,
  insertConsultation,
  insertConsultationRevision,
  insertDecision,
  insertRecommendation,
  recordConflictDeclaration,
  recordConsultationAnswer,
  replaceRubric,
  saveAssignmentScores,
} from './review.repository.ts';

type Scores = Record<string, { score: number; comment: string }>;

const isOverdue = (now: string, dueAt: string, doneAt: string | null) => doneAt === null && dueAt < now;

/** A due date given by the program officer must lie ahead on the program's clock. */
function assertFutureDueAt(ctx: ServiceContext, dueAt: string | undefined) {
  if (dueAt !== undefined && Date.parse(dueAt) <= ctx.clock.millis()) throw invalid('VALIDATION_FAILED', 'The due date must be in the future', [{ path: 'dueAt', message: 'must be in the future' }]);
}

/**
 * Starts review (program officer). From here the export-control matrix governs: a prohibited cell
 * places the proposal on compliance hold in the same transaction, as a system step.
 */
export async function startReview(ctx: ServiceContext, proposalId: string, note: string | undefined) {
  const p = await getProposal(ctx, proposalId);
  assertTransition(ctx, p, 'start_review');
  const hold = await holdReasonFor(ctx, p);
  return applyTransition(ctx, p, 'start_review', note, async (tx, moved) => {
    if (hold) await placeComplianceHold(tx, { id: p.id, ...moved }, hold);
  });
}

function assertProgramOffice(ctx: ServiceContext) {
  if (!canRunReview(ctx.actor)) throw forbidden('Only a program officer may do this');
}

function assertGovernmentReader(ctx: ServiceContext) {
  if (!canReadReview(ctx.actor)) throw notFound('Proposal');
}

// ── Queue ──────────────────────────────────────────────────────────────────────────────────

/**
 * The program office's queue: the proposals it may see, each with what decides its next step —
 * completeness, US content, the compliance matrix's status, review and consultation progress.
 */
export async function getReviewQueue(ctx: ServiceContext, q: { limit: number; cursor?: string; state?: string }): Promise<{ items: ReviewQueueItem[]; nextCursor: string | null }> {
  if (!canReadReview(ctx.actor)) throw forbidden('The review queue is the program office’s');
  const page = await listProposals(ctx, q);
  const [assignments, consultations] = await findReviewProgress(ctx.db.db, page.items.map((p) => p.id));
  const items = [];
  for (const summary of page.items) {
    const p = await getProposal(ctx, summary.id);
    const mine = assignments.filter((a) => a.proposal_id === p.id);
    const active = mine.filter((a) => a.coi !== 'conflicted');
    const asked = consultations.filter((c) => c.proposal_id === p.id);
    items.push({
      ...summary,
      completeness: { complete: p.completeness.complete, missing: p.completeness.problems.length },
      usContentShare: p.usContent.share,
      usContentPresumptionMet: p.usContent.presumptionMet,
      compliance: summary.state === 'draft' ? null : await complianceStatusOf(ctx, p),
      reviews: {
        minimum: ctx.config.REVIEW_MIN_REVIEWERS,
        active: active.length,
        submitted: active.filter((a) => a.status === 'submitted').length,
        conflicted: mine.length - active.length,
        overdue: active.filter((a) => a.status === 'assigned' && isOverdue(ctx.clock.nowIso(), a.due_at, a.submitted_at)).length,
      },
      consultations: {
        requested: asked.length,
        answered: asked.filter((c) => c.answered_at !== null).length,
        overdue: asked.filter((c) => isOverdue(ctx.clock.nowIso(), c.due_at, c.answered_at)).length,
      },
    });
  }
  return { items, nextCursor: page.nextCursor };
}

// ── Rubric ────────────────────────────────────────────────────────────────────────────────

export async function getRubric(deps: Deps) {
  const rows = await findRubric(deps.db.db);
  return rows.map((r) => ({ key: r.key, title: r.title, description: r.description, weight: r.weight }));
}

type RubricCriteria = Awaited<ReturnType<typeof getRubric>>;

/**
 * The rubric an assignment is scored against: the version its scores were given against once
 * there are any, else the current version of the proposal's call (or of the default rubric).
 */
async function rubricOfAssignment(ctx: ServiceContext, a: { proposal_id: string; rubric_version_id: string | null }): Promise<{ versionId: string | null; criteria: RubricCriteria }> {
  const v = (a.rubric_version_id ? await rubricVersionById(ctx, a.rubric_version_id) : null) ?? (await currentRubricOfProposal(ctx, a.proposal_id));
  return v ? { versionId: v.id, criteria: v.criteria } : { versionId: null, criteria: await getRubric(ctx) };
}

/** The rubric a proposal's panel is summarized against: that of its first scored review, else the current one. */
async function rubricOfPanel(ctx: ServiceContext, proposalId: string, rows: { rubric_version_id: string | null; submitted_at: string | null }[]): Promise<RubricCriteria> {
  const scored = rows.find((r) => r.rubric_version_id && r.submitted_at) ?? rows.find((r) => r.rubric_version_id);
  return (await rubricOfAssignment(ctx, { proposal_id: proposalId, rubric_version_id: scored?.rubric_version_id ?? null })).criteria;
}

export async function updateRubric(ctx: ServiceContext, criteria: z.infer<typeof RubricCriterionInput>[]) {
  if (!canManageRubric(ctx.actor)) throw forbidden('Only the program office changes the rubric');
  const total = criteria.reduce((a, c) => a + c.weight, 0);
  const problems = [];
  if (Math.abs(total - 1) > 0.001) problems.push({ path: 'criteria', message: `weights add up to ${total.toFixed(3)}, not 1` });
  const keys = new Set<string>();
  criteria.forEach((c, i) => {
    if (keys.has(c.key)) problems.push({ path: `criteria.${i}.key`, message: `duplicate key ${c.key}` });
    keys.add(c.key);
  });
  if (problems.length) throw invalid('VALIDATION_FAILED', 'The rubric is invalid', problems);
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.nowIso();
    await replaceRubric(
      tx.trx,
      criteria.map((c, position) => ({ ...c, position, updated_at: now })),
    );
    // The default rubric's next version: scores already given keep the version they used.
    await recordDefaultRubricVersion(tx, criteria, ctx.actor.userId);
    await tx.audit({ actorId: ctx.actor.userId, action: 'rubric.updated', entityType: 'rubric', entityId: 'rubric', data: { criteria } });
  });
  return getRubric(ctx);
}

/** Interagency reviewers the program office can assign, with their agency. */
export async function listReviewers(ctx: ServiceContext) {
  assertProgramOffice(ctx);
  const rows = await enabledUsersWithRole(ctx, 'interagency_reviewer');
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, agency: r.agency }));
}

// ── Reviewer assignments ───────────────────────────────────────────────────────────────────

const REVIEWABLE_STATES = ['eligibility_screening', 'under_review'];

export async function assignReviewers(ctx: ServiceContext, proposalId: string, input: { reviewerIds: string[]; dueAt?: string }) {
  assertProgramOffice(ctx);
  const p = await getProposal(ctx, proposalId);
  if (!REVIEWABLE_STATES.includes(p.state)) throw conflict('INVALID_STATE', `Reviewers are assigned during eligibility screening or review, not in ${p.state}`);
  const reviewers = await usersWithRolesByIds(ctx, input.reviewerIds);
  const problems = input.reviewerIds
    .map((id, i) => ({ id, i, r: reviewers.find((x) => x.id === id) }))
    .filter(({ r }) => !r || !mayBeAssigned(JSON.parse(r.roles_json) as Role[]))
    .map(({ i }) => ({ path: `reviewerIds.${i}`, message: 'not an interagency reviewer' }));
  const existing = await findAssignmentsOfProposal(ctx.db.db, proposalId);
  input.reviewerIds.forEach((id, i) => {
    if (existing.some((a) => a.reviewer_id === id && a.revision === p.revision)) problems.push({ path: `reviewerIds.${i}`, message: 'already assigned to this revision' });
  });
  assertFutureDueAt(ctx, input.dueAt);
  if (problems.length) throw invalid('VALIDATION_FAILED', 'Some reviewers cannot be assigned', problems);
  // The review window of the proposal's call, else the program's default.
  const dueAt = input.dueAt ?? addDays(ctx.clock, (await reviewDueDaysOfProposal(ctx, proposalId)) ?? ctx.config.REVIEW_DUE_DAYS);
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.nowIso();
    for (const reviewerId of input.reviewerIds) {
      const id = newId();
      await insertAssignment(tx.trx, { id, proposal_id: proposalId, revision: p.revision, reviewer_id: reviewerId, assigned_by: ctx.actor.userId, assigned_at: now, due_at: dueAt, coi: 'pending', coi_statement: null, coi_declared_at: null, status: 'assigned', scores_json: '{}', comment: '', submitted_at: null, reminded_at: null });
      await notify(tx, [reviewerId], 'review_assigned', `You are asked to review a proposal of ${p.consortium.name}, due ${dueAt.slice(0, 10)}. Declare any conflict of interest first.`, `/reviews/${id}`);
    }
    await tx.audit({ actorId: ctx.actor.userId, action: 'review.assigned', entityType: 'proposal', entityId: proposalId, data: { reviewerIds: input.reviewerIds, dueAt } });
  });
  return getReviewPanel(ctx, proposalId);
}

/** The program office's view of a proposal's reviews: who, conflicts, status, overdue, scores. */
export async function getReviewPanel(ctx: ServiceContext, proposalId: string) {
  assertGovernmentReader(ctx);
  await getProposal(ctx, proposalId);
  const rows = await findAssignmentsOfProposal(ctx.db.db, proposalId);
  const rubric = await rubricOfPanel(ctx, proposalId, rows);
  const assignments = rows.map((a) => ({
    id: a.id,
    revision: a.revision,
    reviewer: { id: a.reviewer_id, name: a.reviewerName, agency: a.reviewerAgency },
    dueAt: a.due_at,
    coi: a.coi,
    coiStatement: a.coi_statement,
    status: a.status,
    overdue: a.status === 'assigned' && a.coi !== 'conflicted' && isOverdue(ctx.clock.nowIso(), a.due_at, a.submitted_at),
    scores: JSON.parse(a.scores_json) as Scores,
    comment: a.comment,
    submittedAt: a.submitted_at,
  }));
  const active = assignments.filter((a) => a.coi !== 'conflicted');
  return {
    minReviewers: ctx.config.REVIEW_MIN_REVIEWERS,
    activeReviewers: active.length,
    submittedReviews: active.filter((a) => a.status === 'submitted').length,
    needsReplacement: assignments.filter((a) => a.coi === 'conflicted').length,
    rubric,
    assignments,
  };
}

export async function listMyReviews(ctx: ServiceContext) {
  if (!mayDeclareConflicts(ctx.actor)) return [];
  const rows = await findAssignmentsOfReviewer(ctx.db.db, ctx.actor.userId);
  return rows
    .filter((a) => a.coi !== 'conflicted')
    .map((a) => ({ id: a.id, consortium: a.consortiumName, dueAt: a.due_at, coi: a.coi, status: a.status, overdue: a.status === 'assigned' && isOverdue(ctx.clock.nowIso(), a.due_at, a.submitted_at) }));
}

/** A reviewer's own assignment. Before the conflict declaration it shows only the consortium's name and members. */
export async function getMyReview(ctx: ServiceContext, assignmentId: string) {
  const a = await findAssignment(ctx.db.db, assignmentId);
  if (!a || !canWorkOnAssignment(ctx.actor, a)) throw notFound('Review assignment');
  // The reviewer's own assignment is the policy here: the proposal's title and members, read
  // without the proposal's viewer check (a reviewer sees them before declaring conflicts).
  const proposal = await proposalHeading(ctx, a.proposal_id);
  const members = await activeMemberNames(ctx, proposal.consortiumId);
  const base = {
    id: a.id,
    dueAt: a.due_at,
    coi: a.coi,
    status: a.status,
    overdue: a.status === 'assigned' && isOverdue(ctx.clock.nowIso(), a.due_at, a.submitted_at),
    consortium: { name: proposal.consortiumName, members },
  };
  if (a.coi === 'pending') return { ...base, proposal: null, rubric: null, scores: null, comment: null };
  return { ...base, proposal: { id: proposal.id, title: proposal.title }, rubric: (await rubricOfAssignment(ctx, a)).criteria, scores: JSON.parse(a.scores_json) as Scores, comment: a.comment };
}

/**
 * The reviewer's conflict-of-interest declaration. It is made once and is final: nobody undoes it,
 * and a reviewer who declared a conflict is off the panel (the program officer assigns another).
 * Of declarations racing each other exactly one is recorded; the others get 409.
 */
export async function declareConflict(ctx: ServiceContext, assignmentId: string, input: { conflict: boolean; statement: string }) {
  const a = await findAssignment(ctx.db.db, assignmentId);
  // The reviewer's own assignment, conflicted or not: answering 409 rather than 404 once a conflict
  // is declared tells the reviewer nothing but that their own declaration stands.
  if (!a || a.reviewer_id !== ctx.actor.userId) throw notFound('Review assignment');
  const alreadyDeclared = () => conflict('COI_ALREADY_DECLARED', 'The conflict-of-interest declaration was already made; it cannot be changed');
  if (a.coi !== 'pending') throw alreadyDeclared();
  await inTransaction(ctx, async (tx) => {
    // Re-checked under the assignment's row lock: a declaration made meanwhile wins.
    if ((await findAssignmentForUpdate(tx.trx, tx.dialect, assignmentId))?.coi !== 'pending') throw alreadyDeclared();
    const recorded = await recordConflictDeclaration(tx.trx, assignmentId, {
      coi: input.conflict ? 'conflicted' : 'none',
      coi_statement: input.statement,
      coi_declared_at: ctx.clock.nowIso(),
      status: input.conflict ? 'conflicted' : 'assigned',
    });
    if (!recorded) throw alreadyDeclared();
    await tx.audit({ actorId: ctx.actor.userId, action: input.conflict ? 'review.conflict_declared' : 'review.no_conflict_declared', entityType: 'proposal', entityId: a.proposal_id, data: { assignmentId } });
    if (input.conflict) {
      await notify(tx, await usersWithRole(tx, 'program_officer'), 'reviewer_conflicted', 'A reviewer declared a conflict of interest; assign a replacement.', `/proposals/${a.proposal_id}`);
    }
  });
  return input.conflict ? { id: assignmentId, coi: 'conflicted' } : getMyReview(ctx, assignmentId);
}

export async function saveReview(ctx: ServiceContext, assignmentId: string, input: z.infer<typeof ScoresInput>) {
  const a = await findAssignment(ctx.db.db, assignmentId);
  if (!a || !canWorkOnAssignment(ctx.actor, a)) throw notFound('Review assignment');
  if (a.coi !== 'none') throw conflict('COI_NOT_DECLARED', 'Declare conflicts of interest before scoring');
  if (a.status === 'submitted') throw conflict('REVIEW_SUBMITTED', 'The review was already submitted');
  const { versionId: rubricVersionId, criteria: rubric } = await rubricOfAssignment(ctx, a);
  const keys = new Set(rubric.map((c) => c.key));
  const problems = Object.keys(input.scores)
    .filter((k) => !keys.has(k))
    .map((k) => ({ path: `scores.${k}`, message: 'not a rubric criterion' }));
  if (input.submit) {
    for (const c of rubric) if (!input.scores[c.key]) problems.push({ path: `scores.${c.key}`, message: `Score “${c.title}” before submitting` });
  }
  if (problems.length) throw invalid('VALIDATION_FAILED', 'The review is incomplete', problems);
  await inTransaction(ctx, async (tx) => {
    // Re-checked under the row lock: a submission made meanwhile is not overwritten.
    const locked = await findAssignmentForUpdate(tx.trx, tx.dialect, assignmentId);
    if (locked?.status === 'submitted') throw conflict('REVIEW_SUBMITTED', 'The review was already submitted');
    await saveAssignmentScores(
      tx.trx,
      assignmentId,
      { scores_json: JSON.stringify(input.scores), comment: input.comment, rubric_version_id: rubricVersionId },
      input.submit ? { status: 'submitted', submitted_at: ctx.clock.nowIso() } : undefined,
    );
    await tx.audit({ actorId: ctx.actor.userId, action: input.submit ? 'review.submitted' : 'review.saved', entityType: 'proposal', entityId: a.proposal_id, data: { assignmentId } });
  });
  return getMyReview(ctx, assignmentId);
}

// ── Consultations ──────────────────────────────────────────────────────────────────────────

export async function requestConsultations(ctx: ServiceContext, proposalId: string, input: { dueAt?: string }) {
  assertProgramOffice(ctx);
  const p = await getProposal(ctx, proposalId);
  if (!REVIEWABLE_STATES.includes(p.state)) throw conflict('INVALID_STATE', `Consultations are requested during screening or review, not in ${p.state}`);
  const existing = await findConsultations(ctx.db.db, proposalId);
  const missing = CONSULTED_AGENCIES.filter((a) => !existing.some((e) => e.agency === a));
  assertFutureDueAt(ctx, input.dueAt);
  const dueAt = input.dueAt ?? addDays(ctx.clock, ctx.config.CONSULTATION_DUE_DAYS);
  await inTransaction(ctx, async (tx) => {
    for (const agency of missing) {
      await insertConsultation(tx.trx, { id: newId(), proposal_id: proposalId, agency, requested_by: ctx.actor.userId, requested_at: ctx.clock.nowIso(), due_at: dueAt, position: null, rationale: null, conditions_json: '[]', answered_by: null, answered_at: null });
      await notify(tx, await usersWithRole(tx, 'interagency_reviewer', agency), 'consultation_requested', `Your agency is consulted on a proposal of ${p.consortium.name}, due ${dueAt.slice(0, 10)}.`, `/proposals/${proposalId}`);
    }
    await tx.audit({ actorId: ctx.actor.userId, action: 'consultation.requested', entityType: 'proposal', entityId: proposalId, data: { agencies: missing, dueAt } });
  });
  return listConsultations(ctx, proposalId);
}

/** While the proposal is in one of these states its consulted agencies answer and revise their answers. */
const CONSULTATION_OPEN_STATES: readonly string[] = ['eligibility_screening', 'under_review', 'compliance_hold'];

type ConsultationRow = Awaited<ReturnType<typeof findConsultations>>[number];

/**
 * Consultations as records with their history: the current answer, every revision (who, when,
 * position, conditions, reason) and what the viewer may do now, given the proposal's state.
 */
async function consultationRecords(ctx: ServiceContext, rows: (ConsultationRow & { proposalState: string })[]): Promise<ConsultationRecord[]> {
  const revisions = await findConsultationRevisions(ctx.db.db, rows.map((c) => c.id));
  const now = ctx.clock.nowIso();
  return rows.map((c) => {
    const history = revisions
      .filter((r) => r.consultation_id === c.id)
      .map((r) => ({
        revision: r.revision,
        position: r.position,
        rationale: r.rationale,
        conditions: JSON.parse(r.conditions_json) as string[],
        reason: r.reason,
        answeredBy: { id: r.answered_by, name: r.answeredByName ?? 'a former user' },
        answeredAt: r.answered_at,
      }));
    const open = CONSULTATION_OPEN_STATES.includes(c.proposalState) && canAnswerConsultation(ctx.actor, c);
    return {
      id: c.id,
      agency: c.agency,
      dueAt: c.due_at,
      position: c.position,
      rationale: c.rationale,
      conditions: JSON.parse(c.conditions_json) as string[],
      answeredAt: c.answered_at,
      overdue: isOverdue(now, c.due_at, c.answered_at),
      version: c.version,
      revision: history.length,
      answeredBy: history.at(-1)?.answeredBy ?? null,
      revisions: history,
      allowedActions: open ? [c.answered_at === null ? ('answer' as const) : ('revise' as const)] : [],
    };
  });
}

/** All positions for the program office; an agency's reviewers see only their own agency's consultation. */
export async function listConsultations(ctx: ServiceContext, proposalId: string) {
  const p = await getProposal(ctx, proposalId);
  const rows = await findConsultations(ctx.db.db, proposalId);
  const withState = (list: ConsultationRow[]) => list.map((c) => ({ ...c, proposalState: p.state }));
  if (readsAllConsultations(ctx.actor)) return consultationRecords(ctx, withState(rows));
  if (answersConsultations(ctx.actor)) return consultationRecords(ctx, withState(rows.filter((c) => c.agency === ctx.actor.agency)));
  throw notFound('Proposal');
}

/** The consultations of the user's agency, leaving out the proposals this user declared a conflict of interest on. */
export async function listMyAgencyConsultations(ctx: ServiceContext) {
  if (!answersConsultations(ctx.actor)) return [];
  const [rows, conflicts] = await Promise.all([findConsultationsOfAgency(ctx.db.db, ctx.actor.agency), findConflictsOfReviewer(ctx.db.db, ctx.actor.userId)]);
  const conflicted = new Set(conflicts.map((c) => c.proposalId));
  const mine = rows.filter((c) => !conflicted.has(c.proposal_id));
  const records = await consultationRecords(ctx, mine);
  return records.map((r, i) => ({ ...r, proposalId: mine[i]!.proposal_id, proposalTitle: mine[i]!.proposalTitle, proposalState: mine[i]!.proposalState }));
}

/** The consultation's proposal; one the viewer may not see (a conflicted reviewer) hides the consultation too. */
async function proposalOfConsultation(ctx: ServiceContext, c: ConsultationRow) {
  try {
    return await getProposal(ctx, c.proposal_id);
  } catch (err) {
    throw err instanceof AppError && err.status === 404 ? notFound('Consultation') : err;
  }
}

/**
 * A consultation with its history: every agency's for the program-wide readers, the own agency's
 * for its reviewers; anything else is 404, as for the proposal's list.
 */
export async function getConsultation(ctx: ServiceContext, consultationId: string): Promise<ConsultationRecord> {
  const c = await findConsultation(ctx.db.db, consultationId);
  if (!c || !(readsAllConsultations(ctx.actor) || canAnswerConsultation(ctx.actor, c))) throw notFound('Consultation');
  const p = await proposalOfConsultation(ctx, c);
  return (await consultationRecords(ctx, [{ ...c, proposalState: p.state }]))[0]!;
}

/** The checks an answer and a revision share: the agency's own consultation, still open. */
async function loadConsultationToAnswer(ctx: ServiceContext, consultationId: string) {
  const c = await findConsultation(ctx.db.db, consultationId);
  // Another agency's consultation does not exist for this user.
  if (!c || !canAnswerConsultation(ctx.actor, c)) throw notFound('Consultation');
  const p = await proposalOfConsultation(ctx, c);
  if (!CONSULTATION_OPEN_STATES.includes(p.state)) throw conflict('INVALID_STATE', `The consultation closed when the proposal moved to ${p.state}`);
  return { c, p };
}

const alreadyAnswered = (agency: string, version: number) =>
  conflict('CONSULTATION_ANSWERED', `${agency} has already answered this consultation; to change the answer, revise it and give the reason`, { currentVersion: version });

const staleConsultation = (version: number) => conflict('VERSION_CONFLICT', `The consultation was changed meanwhile (now version ${version}); reload it and apply your change again`, { currentVersion: version });

/**
 * The agency's first answer. One answer per agency: once it stands, a change is a revision with a
 * reason (reviseConsultation), so a second reviewer of the agency never overwrites it unawares —
 * of two first answers racing each other, one is recorded and the other gets 409.
 */
export async function answerConsultation(ctx: ServiceContext, consultationId: string, input: z.infer<typeof ConsultationAnswer>) {
  const { c } = await loadConsultationToAnswer(ctx, consultationId);
  if (c.answered_at !== null) throw alreadyAnswered(c.agency, c.version);
  await inTransaction(ctx, async (tx) => {
    const locked = await findConsultationForUpdate(tx.trx, tx.dialect, consultationId);
    if (!locked || locked.answered_at !== null) throw alreadyAnswered(c.agency, locked?.version ?? c.version);
    await writeConsultationAnswer(ctx, tx, locked, { ...input, reason: null }, 1);
    await tx.audit({ actorId: ctx.actor.userId, action: 'consultation.answered', entityType: 'proposal', entityId: c.proposal_id, data: { consultationId, agency: c.agency, position: input.position, revision: 1 } });
  });
  return getConsultation(ctx, consultationId);
}

/**
 * A change of the agency's answer by one of its reviewers: the whole new answer with the reason, on
 * the version the reviewer read (409 VERSION_CONFLICT otherwise, writing nothing). The earlier
 * answers stay as revisions; the program office is told.
 */
export async function reviseConsultation(ctx: ServiceContext, consultationId: string, input: ConsultationRevisionBody) {
  const { c, p } = await loadConsultationToAnswer(ctx, consultationId);
  if (c.answered_at === null) throw conflict('CONSULTATION_NOT_ANSWERED', `${c.agency} has not answered yet: give the first answer instead`);
  if (c.version !== input.version) throw staleConsultation(c.version);
  const unchanged = c.position === input.position && c.rationale === input.rationale && c.conditions_json === JSON.stringify(input.conditions);
  if (unchanged) throw invalid('VALIDATION_FAILED', 'The revision changes nothing', [{ path: 'position', message: 'change the position, the rationale or the conditions' }]);
  await inTransaction(ctx, async (tx) => {
    const locked = await findConsultationForUpdate(tx.trx, tx.dialect, consultationId);
    if (!locked || locked.version !== input.version) throw staleConsultation(locked?.version ?? c.version);
    const revision = (await findConsultationRevisions(tx.trx, [consultationId])).length + 1;
    await writeConsultationAnswer(ctx, tx, locked, input, revision);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'consultation.revised',
      entityType: 'proposal',
      entityId: c.proposal_id,
      data: { consultationId, agency: c.agency, revision, from: { position: locked.position, conditions: JSON.parse(locked.conditions_json) as string[] }, position: input.position, conditions: input.conditions, reason: input.reason },
    });
    await notify(tx, await usersWithRole(tx, 'program_officer'), 'consultation_revised', `${c.agency} revised its consultation answer on “${p.title}”: ${input.position.replaceAll('_', ' ')}.`, `/proposals/${c.proposal_id}`);
  });
  return getConsultation(ctx, consultationId);
}

/** Keeps the answer as a revision and makes it the current one, on the locked row's version. */
async function writeConsultationAnswer(ctx: ServiceContext, tx: Tx, locked: ConsultationRow, input: z.infer<typeof ConsultationAnswer> & { reason: string | null }, revision: number) {
  const answer = { position: input.position, rationale: input.rationale, conditions_json: JSON.stringify(input.conditions), answered_by: ctx.actor.userId, answered_at: ctx.clock.nowIso() };
  await insertConsultationRevision(tx.trx, { id: newId(), consultation_id: locked.id, revision, reason: input.reason, ...answer });
  if (!(await recordConsultationAnswer(tx.trx, locked.id, locked.version, answer))) throw staleConsultation(locked.version);
}

// ── Recommendation and decision ───────────────────────────────────────────────────────────

function summarizeScores(rubric: Awaited<ReturnType<typeof getRubric>>, reviews: Scores[]) {
  const perCriterion = rubric.map((c) => {
    const values = reviews.map((r) => r[c.key]?.score).filter((v): v is number => typeof v === 'number');
    const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    return { key: c.key, title: c.title, weight: c.weight, mean, min: values.length ? Math.min(...values) : null, max: values.length ? Math.max(...values) : null, spread: values.length ? Math.max(...values) - Math.min(...values) : null };
  });
  const weighted = perCriterion.every((c) => c.mean !== null) ? perCriterion.reduce((a, c) => a + c.weight * c.mean!, 0) : null;
  return { perCriterion, weightedScore: weighted };
}

/** Everything the recommendation rests on, and what still stands in its way. */
export async function getRecommendationEvidence(ctx: ServiceContext, proposalId: string) {
  assertGovernmentReader(ctx);
  const p = await getProposal(ctx, proposalId);
  const panel = await getReviewPanel(ctx, proposalId);
  const submitted = panel.assignments.filter((a) => a.status === 'submitted' && a.revision === p.revision);
  const consultations = await listConsultations(ctx, proposalId);
  const blockers: string[] = [];
  if (submitted.length < panel.minReviewers) blockers.push(`${submitted.length} of ${panel.minReviewers} required reviews submitted`);
  for (const agency of CONSULTED_AGENCIES) {
    const c = consultations.find((x) => x.agency === agency);
    if (!c) blockers.push(`${agency} has not been consulted`);
    else if (!c.position && !c.overdue) blockers.push(`${agency} has not answered (due ${c.dueAt.slice(0, 10)})`);
  }
  const complianceStatus = await complianceStatusOf(ctx, p);
  if (p.state === 'compliance_hold') blockers.push('The proposal is on compliance hold');
  else if (complianceStatus === 'prohibited') blockers.push('The export-control matrix has a prohibited cell');
  return {
    proposalId,
    revision: p.revision,
    scores: { reviews: submitted.length, ...summarizeScores(panel.rubric, submitted.map((a) => a.scores)) },
    consultations: consultations.map((c) => ({ agency: c.agency, position: c.position ?? (c.overdue ? 'no_response' : 'pending'), rationale: c.rationale, conditions: c.conditions })),
    usContent: { share: p.usContent.share, presumptionMet: p.usContent.presumptionMet },
    compliance: { status: complianceStatus, onHold: p.state === 'compliance_hold' },
    blockers,
    ready: blockers.length === 0 && p.state === 'under_review',
  };
}

export async function recommend(ctx: ServiceContext, proposalId: string, input: { recommendation: 'designate' | 'not_designate'; rationale: string }) {
  assertProgramOffice(ctx);
  const evidence = await getRecommendationEvidence(ctx, proposalId);
  if (evidence.blockers.length) throw new AppError(409, 'RECOMMENDATION_NOT_READY', `Not ready for a recommendation: ${evidence.blockers.join('; ')}`, [], { blockers: evidence.blockers });
  const p = await getProposal(ctx, proposalId);
  return applyTransition(ctx, p, 'recommend', input.rationale, async (tx) => {
    await insertRecommendation(tx.trx, { proposal_id: proposalId, revision: p.revision, recommendation: input.recommendation, rationale: input.rationale, evidence_json: JSON.stringify(evidence), drafted_by: ctx.actor.userId, drafted_at: ctx.clock.nowIso() });
  });
}

export async function getRecommendation(ctx: ServiceContext, proposalId: string) {
  assertGovernmentReader(ctx);
  await getProposal(ctx, proposalId);
  const r = await findLatestRecommendation(ctx.db.db, proposalId);
  if (!r) throw notFound('Recommendation');
  return { revision: r.revision, recommendation: r.recommendation, rationale: r.rationale, evidence: JSON.parse(r.evidence_json), draftedAt: r.drafted_at };
}

export async function decide(ctx: ServiceContext, proposalId: string, input: DecisionInput) {
  if (!canDecide(ctx.actor)) throw forbidden('Only the decision official records the designation decision');
  const p = await getProposal(ctx, proposalId);
  const action = input.decision === 'designated' ? 'designate' : 'not_designate';
  if (action === 'designate' && (await complianceStatusOf(ctx, p)) === 'prohibited') {
    throw conflict('COMPLIANCE_PROHIBITED', 'The export-control matrix has a prohibited cell: the package cannot be designated until it is resolved');
  }
  // No list, no clearance: every party of the package is screened against an active list first.
  if (action === 'designate') await assertPackageScreened(ctx, proposalId, 'Designation');
  const termMonths = input.termMonths ?? ctx.config.DESIGNATION_TERM_MONTHS;
  return applyTransition(ctx, p, action, input.feedback || input.nationalInterestDetermination, async (tx) => {
    const now = ctx.clock.now();
    await insertDecision(tx.trx, {
      proposal_id: proposalId,
      decision: input.decision,
      national_interest: input.nationalInterestDetermination ?? null,
      conditions_json: JSON.stringify(input.conditions),
      term_months: input.decision === 'designated' ? termMonths : null,
      feedback: input.feedback,
      decided_by: ctx.actor.userId,
      decided_at: now.toISOString(),
    });
    if (input.decision === 'designated') {
      await designatePackage(tx, { proposalId, designatedAt: now, termMonths, publicDescription: input.publicDescription!, sectors: input.sectors });
    }
    await notify(tx, await userIdsOfOrg(tx, p.consortium.anchorOrgId), 'decision', input.decision === 'designated' ? `“${p.title}” was designated a priority AI export package.` : `“${p.title}” was not designated; see the debrief.`, `/proposals/${proposalId}`);
  });
}

/**
 * The order in which the debrief numbers the reviews: by submission time, ties broken by a hash of
 * the assignment's id — never the order of assignment, which the audit trail records
 * (review.assigned lists the reviewers in that order).
 */
function debriefOrder(a: { id: string; submitted_at: string | null }, b: { id: string; submitted_at: string | null }): number {
  const at = (a.submitted_at ?? '').localeCompare(b.submitted_at ?? '');
  if (at !== 0) return at;
  const key = (x: { id: string }) => createHash('sha256').update(`debrief:${x.id}`).digest('hex');
  return key(a).localeCompare(key(b));
}

/**
 * The applicant's debrief: outcome, conditions, feedback and the rubric scores with comments —
 * reviewers are numbered (see debriefOrder), never named, and consultation positions stay inside
 * government.
 */
export async function getDebrief(ctx: ServiceContext, proposalId: string) {
  const p = await getProposal(ctx, proposalId);
  const d = await findDecision(ctx.db.db, proposalId);
  if (!d) throw notFound('Decision');
  const rows = await findAssignmentsOfProposal(ctx.db.db, proposalId);
  const submitted = rows.filter((a) => a.status === 'submitted' && a.revision === p.revision).sort(debriefOrder);
  const rubric = await rubricOfPanel(ctx, proposalId, submitted);
  const reviews = submitted.map((a) => JSON.parse(a.scores_json) as Scores);
  const comments = submitted.map((a) => a.comment);
  return {
    outcome: d.decision,
    decidedAt: d.decided_at,
    conditions: JSON.parse(d.conditions_json) as string[],
    termMonths: d.term_months,
    feedback: d.feedback,
    rubric,
    summary: summarizeScores(rubric, reviews),
    reviews: reviews.map((scores, i) => ({ reviewer: `Reviewer ${i + 1}`, scores, comment: comments[i] ?? '' })),
  };
}
