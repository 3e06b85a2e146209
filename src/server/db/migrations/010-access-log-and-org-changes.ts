import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// Two things (aiep issue 11, items 8 and 10):
//
// 1. A designated package keeps the public facts of its members as reviewed
//    (designated_packages.public_members_json: [{ orgId, name, country }]), so the public catalog
//    shows what the program office designated or approved, not a country or a name a member changed
//    since. An amendment aiep opens itself records what changed (amendments.data_json), so that its
//    approval can put exactly those facts in the catalog. Packages designated before this migration
//    take their members as they are now.
// 2. access_log: an append-only record of reads of business-confidential information (and of the
//    denied attempts), written in batches off the request path (src/server/modules/access-log).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const isPg = dialect === 'postgres';
  await db.schema.alterTable('designated_packages').addColumn('public_members_json', 'text').execute();
  await db.schema.alterTable('amendments').addColumn('data_json', 'text').execute();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migration works on the tables as they are at this step, not on today's types
  const d = db as Kysely<any>;
  const rows = (await d
    .selectFrom('designated_packages as dp')
    .innerJoin('proposals as p', 'p.id', 'dp.proposal_id')
    .innerJoin('consortium_members as cm', 'cm.consortium_id', 'p.consortium_id')
    .innerJoin('organizations as o', 'o.id', 'cm.org_id')
    .select(['dp.proposal_id as proposalId', 'o.id as orgId', 'o.name as name', 'o.country_of_incorporation as country'])
    .where('cm.status', '=', 'active')
    .orderBy('o.name')
    .execute()) as { proposalId: string; orgId: string; name: string; country: string }[];
  const byPackage = new Map<string, { orgId: string; name: string; country: string }[]>();
  for (const r of rows) {
    const list = byPackage.get(r.proposalId) ?? [];
    list.push({ orgId: r.orgId, name: r.name, country: r.country });
    byPackage.set(r.proposalId, list);
  }
  for (const [proposalId, members] of byPackage) {
    await d.updateTable('designated_packages').set({ public_members_json: JSON.stringify(members) }).where('proposal_id', '=', proposalId).execute();
  }

  await db.schema
    .createTable('access_log')
    // A generated integer: rows are appended at the end of the key, which keeps a batch's insert cheap.
    .addColumn('id', isPg ? 'bigserial' : 'integer', (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('api_key_id', 'text')
    // session | api_key | none
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('access_log_at_idx').on('access_log').column('at').execute();
  await db.schema.createIndex('access_log_entity_idx').on('access_log').columns(['entity_id', 'at']).execute();
  await db.schema.createIndex('access_log_user_idx').on('access_log').columns(['user_id', 'at']).execute();
}
