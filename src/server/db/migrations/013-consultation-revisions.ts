import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// An agency's consultation answer is one current record with its history (aiep issue 13, item 3):
// `consultations` keeps the current position and gains a `version` (optimistic, like every row users
// edit); every answer and every later revision is kept in `consultation_revisions` — who, when,
// position, rationale, conditions and, from the second on, the reason for the change. An
// answer recorded before this migration becomes revision 1 of its consultation.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('consultations').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();

  await db.schema
    .createTable('consultation_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('conditions_json', 'text', (c) => c.notNull())
    // null for the first answer; a revision names why the agency changed its position
    .addColumn('reason', 'text')
    .addColumn('answered_by', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('consultation_revisions_number', ['consultation_id', 'revision'])
    .execute();

  await recordAnswersAsFirstRevisions(db);
}

/** Each consultation answered without a revision gets its answer as revision 1 (exported for its test). */
export async function recordAnswersAsFirstRevisions(db: Kysely<unknown>): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migration works on the tables as they are at this step, not on today's types
  const d = db as Kysely<any>;
  const answered = (await d
    .selectFrom('consultations')
    .select(['id', 'position', 'rationale', 'conditions_json', 'answered_by', 'answered_at'])
    .where('answered_at', 'is not', null)
    .where('position', 'is not', null)
    .where('id', 'not in', d.selectFrom('consultation_revisions').select('consultation_id'))
    .execute()) as { id: string; position: string; rationale: string | null; conditions_json: string; answered_by: string | null; answered_at: string }[];
  for (const c of answered) {
    await d
      .insertInto('consultation_revisions')
      .values({
        id: `${c.id}-r1`,
        consultation_id: c.id,
        revision: 1,
        position: c.position,
        rationale: c.rationale ?? '',
        conditions_json: c.conditions_json,
        reason: null,
        answered_by: c.answered_by ?? '',
        answered_at: c.answered_at,
      })
      .execute();
    // The version counts the writes: 1 when requested, 2 once answered.
    await d.updateTable('consultations').set({ version: 2 }).where('id', '=', c.id).execute();
  }
}
