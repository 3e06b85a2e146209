import type { Kysely } from 'kysely';

// Deals under designated packages, EDAG financing requests, imported eligibility rule sets and
// monitoring reports. Amounts are USD as double precision (reals) on both dialects.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('buyer_name', 'text', (c) => c.notNull())
    .addColumn('buyer_type', 'text', (c) => c.notNull())
    .addColumn('value_usd', 'real', (c) => c.notNull())
    .addColumn('expected_decision_date', 'text')
    .addColumn('competitors_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deals_proposal_idx').on('deals').column('proposal_id').execute();

  await db.schema
    .createTable('advocacy_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text', (c) => c.notNull().references('deals.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('financing_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text', (c) => c.notNull().references('deals.id'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('instrument', 'text', (c) => c.notNull())
    .addColumn('requested_usd', 'real', (c) => c.notNull())
    .addColumn('project_cost_usd', 'real')
    .addColumn('host_subcontract_share', 'real')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('indicative_usd', 'real')
    .addColumn('committed_usd', 'real')
    .addColumn('disbursed_usd', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('agency_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('eligibility_json', 'text')
    .addColumn('referred_by', 'text', (c) => c.notNull())
    .addColumn('referred_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('financing_requests_deal_idx').on('financing_requests').column('deal_id').execute();
  await db.schema.createIndex('financing_requests_agency_idx').on('financing_requests').columns(['agency', 'state']).execute();

  await db.schema
    .createTable('financing_rule_sets')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('monitoring_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('deal_id', 'text')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('metrics_json', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text')
    .addUniqueConstraint('monitoring_reports_subject_period', ['proposal_id', 'deal_id', 'period'])
    .execute();
}
