import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// The program office's eligibility checklist (aiep issue 13, program office desk): per proposal and
// submitted revision, one answer per criterion — met, not met or not applicable — with a note, who
// answered and when. A resubmitted proposal is a new revision, screened afresh. The criteria
// themselves are data of the proposals module (eligibility.criteria.ts), not rows.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('eligibility_answers')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('criterion_id', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('answered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('eligibility_answers_pk', ['proposal_id', 'revision', 'criterion_id'])
    .execute();
}
