import type { Kysely } from 'kysely';

// Review, consultation, decision, designated packages, the public catalog's buyer interest, notifications.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rubric_criteria')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('weight', 'real', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('review_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('coi', 'text', (c) => c.notNull())
    .addColumn('coi_statement', 'text')
    .addColumn('coi_declared_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scores_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('submitted_at', 'text')
    .addColumn('reminded_at', 'text')
    .execute();
  await db.schema.createIndex('review_assignments_proposal_idx').on('review_assignments').column('proposal_id').execute();
  await db.schema.createIndex('review_assignments_reviewer_idx').on('review_assignments').column('reviewer_id').execute();

  await db.schema
    .createTable('consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('rationale', 'text')
    .addColumn('conditions_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    .addUniqueConstraint('consultations_proposal_agency', ['proposal_id', 'agency'])
    .execute();

  await db.schema
    .createTable('recommendations')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('recommendation', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('evidence_json', 'text', (c) => c.notNull())
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('drafted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommendations_pk', ['proposal_id', 'revision'])
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('proposal_id', 'text', (c) => c.primaryKey().references('proposals.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('national_interest', 'text')
    .addColumn('conditions_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('term_months', 'integer')
    .addColumn('feedback', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('designated_packages')
    .addColumn('proposal_id', 'text', (c) => c.primaryKey().references('proposals.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('designated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('public_description', 'text', (c) => c.notNull())
    .addColumn('sectors_json', 'text', (c) => c.notNull())
    .addColumn('state_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('amendments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('kinds_json', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();

  await db.schema
    .createTable('buyer_interests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('buyer_name', 'text', (c) => c.notNull())
    .addColumn('buyer_kind', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('requirements_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();

  // The published default rubric; the program office may change it (PUT /api/v1/rubric).
  const now = new Date().toISOString();
  await (db as Kysely<{ rubric_criteria: Record<string, unknown> }>)
    .insertInto('rubric_criteria')
    .values(DEFAULT_RUBRIC.map((c, position) => ({ ...c, position, updated_at: now })))
    .execute();
}

const DEFAULT_RUBRIC = [
  { key: 'stack', title: 'Completeness and quality of the full stack', weight: 0.25, description: 'All five layers present, credible and integrated: hardware, data, models, security and applications that work together for the named use cases.' },
  { key: 'us_content', title: 'US content', weight: 0.15, description: 'Share of US-origin value, above all in the infrastructure layer (presumption at 51 %), and the US firms that benefit.' },
  { key: 'market', title: 'Market strategy and additionality', weight: 0.2, description: 'Why these markets, the demand signal and competition, and why federal support makes the difference.' },
  { key: 'security', title: 'Security measures', weight: 0.15, description: 'Cybersecurity, model-weight protection, chip location verification, access control and end-use monitoring.' },
  { key: 'business', title: 'Business and operating model', weight: 0.15, description: 'Who builds, owns and operates; financing plan; path to operation and sustainability.' },
  { key: 'compliance', title: 'Compliance risk', weight: 0.1, description: 'Export-control classification and licensing path, party screening results, outbound-investment and anti-bribery posture.' },
];
