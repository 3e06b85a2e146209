import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// Calls for proposals, each with its requirements and its own versioned rubric, and the narrative
// sections of a proposal (one row per section and save; a submission keeps the rows it was
// submitted with). The global rubric becomes the default rubric version (call_id null), and the
// review assignments record the rubric version their scores were given against.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rubric_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('criteria_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rubric_versions_call_idx').on('rubric_versions').columns(['call_id', 'version']).execute();

  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text')
    .addColumn('review_cutoffs_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('eligible_regions_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('eligible_sectors_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('requirements_json', 'text', (c) => c.notNull())
    .addColumn('review_due_days', 'integer', (c) => c.notNull())
    .addColumn('rubric_version_id', 'text', (c) => c.notNull().references('rubric_versions.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('calls_status_idx').on('calls').column('status').execute();

  await db.schema
    .createTable('proposal_narratives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('section_key', 'text', (c) => c.notNull())
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('bci', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bci_justification', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    // The proposal's working revision the text was saved in: a submission of revision R keeps, per
    // section, the latest row with proposal_revision <= R.
    .addColumn('proposal_revision', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('proposal_narratives_section_revision', ['proposal_id', 'section_key', 'revision'])
    .execute();

  await db.schema.alterTable('proposals').addColumn('call_id', 'text').execute();
  await db.schema.createIndex('proposals_call_idx').on('proposals').column('call_id').execute();
  await db.schema.alterTable('review_assignments').addColumn('rubric_version_id', 'text').execute();

  // The global rubric as it stands becomes the default rubric, version 1; the scores already
  // recorded were given against it.
  const old = db as Kysely<{
    rubric_criteria: { key: string; title: string; description: string; weight: number; position: number };
    rubric_versions: { id: string; call_id: string | null; version: number; criteria_json: string; created_by: string | null; created_at: string };
    review_assignments: { rubric_version_id: string | null; scores_json: string };
  }>;
  const criteria = await old.selectFrom('rubric_criteria').select(['key', 'title', 'description', 'weight']).orderBy('position').execute();
  const id = randomUUID();
  await old
    .insertInto('rubric_versions')
    .values({ id, call_id: null, version: 1, criteria_json: JSON.stringify(criteria.map((c) => ({ key: c.key, title: c.title, description: c.description, weight: Number(c.weight) }))), created_by: null, created_at: new Date().toISOString() })
    .execute();
  await old.updateTable('review_assignments').set({ rubric_version_id: id }).where('scores_json', '!=', '{}').execute();
}
