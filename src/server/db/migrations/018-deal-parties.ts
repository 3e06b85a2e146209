import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// Every party the program touches is screened (aiep issue 14, part 3). A deal records its other
// parties besides the buyer — end users, consignees, intermediate consignees — each with the
// identifying evidence that tells a true list match from a namesake (dates of birth or
// incorporation, nationalities or jurisdiction, registration / tax / passport numbers, addresses;
// PartyEvidence, src/shared/contracts/party-evidence.ts, as JSON). Organizations may carry the same
// evidence about themselves. The screening mirror keeps the evidence it screened each party with,
// and the deal a party belongs to (a deal's parties hold that deal's final commitment).
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('deal_parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text', (c) => c.notNull().references('deals.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('evidence_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deal_parties_deal_idx').on('deal_parties').column('deal_id').execute();

  await db.schema.alterTable('organizations').addColumn('evidence_json', 'text').execute();
  await db.schema.alterTable('screened_parties').addColumn('evidence_json', 'text').execute();
  await db.schema.alterTable('screened_parties').addColumn('deal_id', 'text').execute();
  await db.schema.createIndex('screened_parties_deal_idx').on('screened_parties').column('deal_id').execute();
}
