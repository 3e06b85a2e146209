// Queries of the review (the review module owns rubric_criteria, review_assignments,
// consultations, recommendations and decisions; users, organizations, proposals and consortia are
// joined where a read needs their columns). JSON columns stay text here.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { ConsultationRevisionsTable, ConsultationsTable, Database, DecisionsTable, RecommendationsTable, ReviewAssignmentsTable, RubricCriteriaTable } from '../../db/schema.ts';

export function findAssignmentsOfProposal(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom('review_assignments')
    .innerJoin('users', 'users.id', 'review_assignments.reviewer_id')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .selectAll('review_assignments')
    .select(['users.name as reviewerName', 'organizations.agency as reviewerAgency'])
    .where('review_assignments.proposal_id', '=', proposalId)
    .orderBy('review_assignments.assigned_at')
    .execute();
}

export function findAssignment(db: Kysely<Database>, id: string) {
  return db.selectFrom('review_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The assignment, read inside a transaction and locked until it ends (`for update` on PostgreSQL;
 * SQLite has one writer at a time): a check made on it holds for the write that follows.
 */
export function findAssignmentForUpdate(trx: Transaction<Database>, dialect: Dialect, id: string) {
  return trx
    .selectFrom('review_assignments')
    .selectAll()
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** The reviewer's own assignments on a proposal (any status), to decide what the reviewer may open. */
export function findReviewerAssignments(db: Kysely<Database>, proposalId: string, reviewerId: string) {
  return db.selectFrom('review_assignments').select(['coi', 'status']).where('proposal_id', '=', proposalId).where('reviewer_id', '=', reviewerId).execute();
}

/**
 * What a reviewer declared a conflict of interest on: the assignments, their proposals and those
 * proposals' consortia — none of which that reviewer may see again (see the conflict rules in
 * docs/domain.md). Read by the proposals, consortia, organizations and notifications modules.
 */
export function findConflictsOfReviewer(db: Kysely<Database>, reviewerId: string) {
  return db
    .selectFrom('review_assignments')
    .innerJoin('proposals', 'proposals.id', 'review_assignments.proposal_id')
    .select(['review_assignments.id as assignmentId', 'review_assignments.proposal_id as proposalId', 'proposals.consortium_id as consortiumId'])
    .where('review_assignments.reviewer_id', '=', reviewerId)
    .where('review_assignments.coi', '=', 'conflicted')
    .execute();
}

/** Organizations that are or were members of a consortium whose proposal the reviewer is conflicted on. */
export async function findOrgIdsOfConflictedConsortia(db: Kysely<Database>, reviewerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('review_assignments')
    .innerJoin('proposals', 'proposals.id', 'review_assignments.proposal_id')
    .innerJoin('consortium_members', 'consortium_members.consortium_id', 'proposals.consortium_id')
    .select('consortium_members.org_id')
    .distinct()
    .where('review_assignments.reviewer_id', '=', reviewerId)
    .where('review_assignments.coi', '=', 'conflicted')
    .execute();
  return rows.map((r) => r.org_id);
}

export function findAssignmentsOfReviewer(db: Kysely<Database>, reviewerId: string) {
  return db
    .selectFrom('review_assignments')
    .innerJoin('proposals', 'proposals.id', 'review_assignments.proposal_id')
    .innerJoin('consortia', 'consortia.id', 'proposals.consortium_id')
    .selectAll('review_assignments')
    .select(['consortia.id as consortiumId', 'consortia.name as consortiumName', 'proposals.state as proposalState'])
    .where('review_assignments.reviewer_id', '=', reviewerId)
    .orderBy('review_assignments.due_at')
    .execute();
}

/** Review and consultation progress of many proposals at once, for the program office's queue. */
export function findReviewProgress(db: Kysely<Database>, proposalIds: string[]) {
  const ids = ['', ...proposalIds];
  return Promise.all([
    db.selectFrom('review_assignments').select(['proposal_id', 'coi', 'status', 'due_at', 'submitted_at']).where('proposal_id', 'in', ids).execute(),
    db.selectFrom('consultations').select(['proposal_id', 'position', 'due_at', 'answered_at']).where('proposal_id', 'in', ids).execute(),
  ]);
}

export function findConsultations(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('consultations').selectAll().where('proposal_id', '=', proposalId).orderBy('agency').execute();
}

export function findConsultationForAgency(db: Kysely<Database>, proposalId: string, agency: string) {
  return db.selectFrom('consultations').selectAll().where('proposal_id', '=', proposalId).where('agency', '=', agency).executeTakeFirst();
}

export function findConsultationsOfAgency(db: Kysely<Database>, agency: string) {
  return db
    .selectFrom('consultations')
    .innerJoin('proposals', 'proposals.id', 'consultations.proposal_id')
    .selectAll('consultations')
    .select(['proposals.title as proposalTitle', 'proposals.state as proposalState'])
    .where('consultations.agency', '=', agency)
    .orderBy('consultations.due_at')
    .execute();
}

export function findRubric(db: Kysely<Database>) {
  return db.selectFrom('rubric_criteria').selectAll().orderBy('position').execute();
}

/** Replaces the whole rubric. */
export async function replaceRubric(trx: Transaction<Database>, criteria: Insertable<RubricCriteriaTable>[]): Promise<void> {
  await trx.deleteFrom('rubric_criteria').execute();
  await trx.insertInto('rubric_criteria').values(criteria).execute();
}

// ---- assignments -------------------------------------------------------------------------------

export async function insertAssignment(trx: Transaction<Database>, row: Insertable<ReviewAssignmentsTable>): Promise<void> {
  await trx.insertInto('review_assignments').values(row).execute();
}

/**
 * Records the reviewer's conflict-of-interest declaration (a conflicted assignment leaves the
 * review). Only a pending declaration is written: false when one was already made.
 */
export async function recordConflictDeclaration(
  trx: Transaction<Database>,
  id: string,
  d: { coi: 'conflicted' | 'none'; coi_statement: string; coi_declared_at: string; status: 'conflicted' | 'assigned' },
): Promise<boolean> {
  const res = await trx
    .updateTable('review_assignments')
    .set({ coi: d.coi, coi_statement: d.coi_statement, coi_declared_at: d.coi_declared_at, status: d.status })
    .where('id', '=', id)
    .where('coi', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Saves scores and comment, and with `submitted` the submission. */
export async function saveAssignmentScores(
  trx: Transaction<Database>,
  id: string,
  review: { scores_json: string; comment: string; rubric_version_id?: string | null },
  submitted?: { status: 'submitted'; submitted_at: string },
): Promise<void> {
  await trx
    .updateTable('review_assignments')
    .set({ scores_json: review.scores_json, comment: review.comment, ...(review.rubric_version_id !== undefined ? { rubric_version_id: review.rubric_version_id } : {}), ...(submitted ?? {}) })
    .where('id', '=', id)
    .execute();
}

/** Open assignments (not conflicted) due at or before `horizon` whose reviewer was not yet reminded. */
export function findAssignmentsToRemind(db: Kysely<Database>, horizon: string) {
  return db
    .selectFrom('review_assignments')
    .select(['id', 'reviewer_id', 'due_at'])
    .where('status', '=', 'assigned')
    .where('coi', '!=', 'conflicted')
    .where('reminded_at', 'is', null)
    .where('due_at', '<=', horizon)
    .execute();
}

export async function markAssignmentReminded(trx: Transaction<Database>, id: string, at: string): Promise<void> {
  await trx.updateTable('review_assignments').set({ reminded_at: at }).where('id', '=', id).execute();
}

// ---- escalations and consultation reminders (raised by the notifications module's scheduled steps) ----

/**
 * Unfinished assignments of the proposal's current revision, without a declared conflict, due
 * before `cutoff` and not escalated yet, while the proposal is in one of `states`.
 */
export function findAssignmentsToEscalate(db: Kysely<Database>, cutoff: string, states: readonly string[]) {
  return db
    .selectFrom('review_assignments')
    .innerJoin('proposals', 'proposals.id', 'review_assignments.proposal_id')
    .select(['review_assignments.id', 'review_assignments.proposal_id', 'review_assignments.due_at', 'proposals.title'])
    .where('review_assignments.status', '=', 'assigned')
    .where('review_assignments.coi', '!=', 'conflicted')
    .where('review_assignments.escalated_at', 'is', null)
    .where('review_assignments.due_at', '<', cutoff)
    .whereRef('review_assignments.revision', '=', 'proposals.revision')
    .where('proposals.state', 'in', [...states])
    .orderBy('review_assignments.due_at')
    .execute();
}

/** Records the escalation, once: false when it was recorded already. */
export async function markAssignmentEscalated(trx: Transaction<Database>, id: string, at: string): Promise<boolean> {
  const res = await trx.updateTable('review_assignments').set({ escalated_at: at }).where('id', '=', id).where('escalated_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Unanswered consultations due by `horizon` whose agency was not reminded yet, while the proposal is in one of `states`. */
export function findConsultationsToRemind(db: Kysely<Database>, horizon: string, states: readonly string[]) {
  return db
    .selectFrom('consultations')
    .innerJoin('proposals', 'proposals.id', 'consultations.proposal_id')
    .select(['consultations.id', 'consultations.proposal_id', 'consultations.agency', 'consultations.due_at'])
    .where('consultations.answered_at', 'is', null)
    .where('consultations.reminded_at', 'is', null)
    .where('consultations.due_at', '<=', horizon)
    .where('proposals.state', 'in', [...states])
    .orderBy('consultations.due_at')
    .execute();
}

/** Records the reminder, once: false when it was recorded already. */
export async function markConsultationReminded(trx: Transaction<Database>, id: string, at: string): Promise<boolean> {
  const res = await trx.updateTable('consultations').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Unanswered consultations due before `cutoff` and not escalated yet, while the proposal is in one of `states`. */
export function findConsultationsToEscalate(db: Kysely<Database>, cutoff: string, states: readonly string[]) {
  return db
    .selectFrom('consultations')
    .innerJoin('proposals', 'proposals.id', 'consultations.proposal_id')
    .select(['consultations.id', 'consultations.proposal_id', 'consultations.agency', 'consultations.due_at', 'proposals.title'])
    .where('consultations.answered_at', 'is', null)
    .where('consultations.escalated_at', 'is', null)
    .where('consultations.due_at', '<', cutoff)
    .where('proposals.state', 'in', [...states])
    .orderBy('consultations.due_at')
    .execute();
}

/** Records the escalation, once: false when it was recorded already. */
export async function markConsultationEscalated(trx: Transaction<Database>, id: string, at: string): Promise<boolean> {
  const res = await trx.updateTable('consultations').set({ escalated_at: at }).where('id', '=', id).where('escalated_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

// ---- consultations -----------------------------------------------------------------------------

export function findConsultation(db: Kysely<Database>, id: string) {
  return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertConsultation(trx: Transaction<Database>, row: Insertable<ConsultationsTable>): Promise<void> {
  await trx.insertInto('consultations').values(row).execute();
}

/**
 * The consultation, read inside a transaction and locked until it ends (`for update` on PostgreSQL;
 * SQLite has one writer at a time): an answer or revision checked on it holds for the write.
 */
export function findConsultationForUpdate(trx: Transaction<Database>, dialect: Dialect, id: string) {
  return trx
    .selectFrom('consultations')
    .selectAll()
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/**
 * Makes an answer the consultation's current one when the stored version is the expected one
 * (false otherwise); the answer itself is kept by insertConsultationRevision.
 */
export async function recordConsultationAnswer(
  trx: Transaction<Database>,
  id: string,
  expectedVersion: number,
  a: { position: string; rationale: string; conditions_json: string; answered_by: string; answered_at: string },
): Promise<boolean> {
  const res = await trx
    .updateTable('consultations')
    .set({ position: a.position, rationale: a.rationale, conditions_json: a.conditions_json, answered_by: a.answered_by, answered_at: a.answered_at, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function insertConsultationRevision(trx: Transaction<Database>, row: Insertable<ConsultationRevisionsTable>): Promise<void> {
  await trx.insertInto('consultation_revisions').values(row).execute();
}

/** The revisions of some consultations, oldest first, with the name of who answered. */
export function findConsultationRevisions(db: Kysely<Database>, consultationIds: string[]) {
  return db
    .selectFrom('consultation_revisions')
    .leftJoin('users', 'users.id', 'consultation_revisions.answered_by')
    .selectAll('consultation_revisions')
    .select('users.name as answeredByName')
    .where('consultation_revisions.consultation_id', 'in', ['', ...consultationIds])
    .orderBy('consultation_revisions.consultation_id')
    .orderBy('consultation_revisions.revision')
    .execute();
}

// ---- recommendation and decision -----------------------------------------------------------------

export async function insertRecommendation(trx: Transaction<Database>, row: Insertable<RecommendationsTable>): Promise<void> {
  await trx.insertInto('recommendations').values(row).execute();
}

/** The recommendation on the latest revision that has one. */
export function findLatestRecommendation(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('recommendations').selectAll().where('proposal_id', '=', proposalId).orderBy('revision', 'desc').executeTakeFirst();
}

export async function insertDecision(trx: Transaction<Database>, row: Insertable<DecisionsTable>): Promise<void> {
  await trx.insertInto('decisions').values(row).execute();
}

export function findDecision(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('decisions').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
}
