import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

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

/** The reviewer's own assignments on a proposal (any status), to decide what the reviewer may open. */
export function findReviewerAssignments(db: Kysely<Database>, proposalId: string, reviewerId: string) {
  return db.selectFrom('review_assignments').select(['coi', 'status']).where('proposal_id', '=', proposalId).where('reviewer_id', '=', reviewerId).execute();
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
