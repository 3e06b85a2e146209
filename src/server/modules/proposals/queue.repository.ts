// Reads behind the program office's queue: every submitted proposal in one query, the last
// submitted revision of those being reworked, when each entered its state, and the scores of
// submitted reviews. Text columns (package_json, scores_json) stay text here.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { PROPOSAL_ACTIONS } from '../../../shared/domain/proposal-lifecycle.ts';
import { PROPOSAL_LIST_COLUMNS } from './proposals.repository.ts';

/** Every proposal ever submitted, with its consortium's name and its current package. */
export function findQueueRows(db: Kysely<Database>) {
  return db
    .selectFrom('proposals')
    .innerJoin('consortia', 'consortia.id', 'proposals.consortium_id')
    .select([...PROPOSAL_LIST_COLUMNS, 'proposals.package_json'])
    .where('proposals.submitted_at', 'is not', null)
    .execute();
}

/** The last submitted revision (number, title, package) of each of these proposals. */
export async function findLastSubmittedRevisions(db: Kysely<Database>, proposalIds: readonly string[]) {
  const out = new Map<string, { revision: number; title: string; package_json: string }>();
  if (proposalIds.length === 0) return out;
  const rows = await db
    .selectFrom('proposal_revisions')
    .select(['proposal_id', 'revision', 'title', 'package_json'])
    .where('proposal_id', 'in', [...proposalIds])
    .orderBy('revision')
    .execute();
  for (const r of rows) out.set(r.proposal_id, r);
  return out;
}

/** Every audited step that moves a proposal to another state (`proposal.<action>`). */
const STATE_STEPS = PROPOSAL_ACTIONS.map((a) => `proposal.${a}`);

/** When each proposal last changed state: its latest state step in the audit trail. */
export async function findStateEnteredAt(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['entity_id', (eb) => eb.fn.max('at').as('at')])
    .where('entity_type', '=', 'proposal')
    .where('action', 'in', STATE_STEPS)
    .groupBy('entity_id')
    .execute();
  return new Map(rows.map((r) => [r.entity_id, String(r.at)]));
}

/**
 * The scores of every submitted review (review_assignments belongs to the review module; this is a
 * read of it, like review.repository's findReviewProgress, kept here so the queue sorts in one pass).
 */
export function findSubmittedReviewScores(db: Kysely<Database>) {
  return db.selectFrom('review_assignments').select(['proposal_id', 'revision', 'scores_json', 'rubric_version_id']).where('status', '=', 'submitted').execute();
}
