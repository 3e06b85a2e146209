import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// The buyer's side: foreign buyer organizations (organizations of kind 'buyer') state structured
// requirements, follow designated packages and register interest that becomes a tracked record;
// consortia describe what their designated package offers a buyer (its profile) and may supply
// translated titles and summaries. Interest registered before this migration has no buyer
// organization (it was anonymous): its new columns stay null and its status starts 'received'.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('buyer_requirements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('sector', 'text')
    .addColumn('layers_json', 'text', (c) => c.notNull())
    .addColumn('deployments_json', 'text', (c) => c.notNull())
    .addColumn('data_residency', 'text', (c) => c.notNull())
    .addColumn('model_licensing', 'text', (c) => c.notNull())
    .addColumn('languages_json', 'text', (c) => c.notNull())
    .addColumn('budget_min_usd', 'integer')
    .addColumn('budget_max_usd', 'integer')
    .addColumn('timeline', 'text', (c) => c.notNull())
    .addColumn('financing_json', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('share_with_consortia', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('buyer_requirements_org_idx').on('buyer_requirements').columns(['org_id']).execute();
  await db.schema.createIndex('buyer_requirements_country_idx').on('buyer_requirements').columns(['country']).execute();

  await db.schema
    .createTable('package_follows')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('package_follows_pk', ['user_id', 'proposal_id'])
    .execute();
  await db.schema.createIndex('package_follows_proposal_idx').on('package_follows').columns(['proposal_id']).execute();

  await db.schema.alterTable('buyer_interests').addColumn('org_id', 'text', (c) => c.references('organizations.id')).execute();
  await db.schema.alterTable('buyer_interests').addColumn('user_id', 'text', (c) => c.references('users.id')).execute();
  await db.schema.alterTable('buyer_interests').addColumn('requirement_id', 'text', (c) => c.references('buyer_requirements.id')).execute();
  await db.schema.alterTable('buyer_interests').addColumn('consent_to_share', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('buyer_interests').addColumn('status', 'text', (c) => c.notNull().defaultTo('received')).execute();
  await db.schema.alterTable('buyer_interests').addColumn('message', 'text').execute();
  await db.schema.alterTable('buyer_interests').addColumn('updated_at', 'text').execute();
  await db.schema.alterTable('buyer_interests').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex('buyer_interests_org_idx').on('buyer_interests').columns(['org_id']).execute();
  await db.schema.createIndex('buyer_interests_proposal_idx').on('buyer_interests').columns(['proposal_id']).execute();

  await db.schema
    .createTable('buyer_interest_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('interest_id', 'text', (c) => c.notNull().references('buyer_interests.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('buyer_interest_events_interest_idx').on('buyer_interest_events').columns(['interest_id', 'at']).execute();

  await db.schema
    .createTable('package_profiles')
    .addColumn('proposal_id', 'text', (c) => c.primaryKey().references('proposals.id'))
    .addColumn('deployments_json', 'text', (c) => c.notNull())
    .addColumn('data_residency_json', 'text', (c) => c.notNull())
    .addColumn('model_licensing_json', 'text', (c) => c.notNull())
    .addColumn('languages_json', 'text', (c) => c.notNull())
    .addColumn('budget_min_usd', 'integer')
    .addColumn('budget_max_usd', 'integer')
    .addColumn('delivery_months', 'integer')
    .addColumn('financing_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('package_translations')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('package_translations_pk', ['proposal_id', 'locale'])
    .execute();

  // A buyer organization's kind: 'government', 'state_owned' or 'company' (null for other organizations).
  await db.schema.alterTable('organizations').addColumn('buyer_kind', 'text').execute();

  // The language a user reads aiep in (buyers choose it at sign-up); null: the browser's.
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();
}
