// The eligibility checklist's answers (the proposals module owns eligibility_answers).
import type { Kysely, Transaction } from 'kysely';
import type { Database, EligibilityAnswersTable } from '../../db/schema.ts';

/** The answers given on one submitted revision of a proposal, with the answering user's name. */
export function findEligibilityAnswers(db: Kysely<Database> | Transaction<Database>, proposalId: string, revision: number) {
  return db
    .selectFrom('eligibility_answers')
    .leftJoin('users', 'users.id', 'eligibility_answers.answered_by')
    .select([
      'eligibility_answers.criterion_id',
      'eligibility_answers.answer',
      'eligibility_answers.note',
      'eligibility_answers.answered_at',
      'users.name as answeredByName',
    ])
    .where('eligibility_answers.proposal_id', '=', proposalId)
    .where('eligibility_answers.revision', '=', revision)
    .execute();
}

/** Replaces the answers to these criteria on the revision, in the caller's transaction. */
export async function upsertEligibilityAnswers(trx: Transaction<Database>, rows: EligibilityAnswersTable[]): Promise<void> {
  if (rows.length === 0) return;
  const { proposal_id, revision } = rows[0]!;
  await trx
    .deleteFrom('eligibility_answers')
    .where('proposal_id', '=', proposal_id)
    .where('revision', '=', revision)
    .where(
      'criterion_id',
      'in',
      rows.map((r) => r.criterion_id),
    )
    .execute();
  await trx.insertInto('eligibility_answers').values(rows).execute();
}
