import type { Kysely } from 'kysely';

// The audit chain becomes keyed: new events are HMAC-SHA-256 under a key held outside the database
// (src/server/lib/audit-keys.ts), and name the key's id. Events written before keep verifying as
// plain SHA-256: every existing row gets alg 'sha256' and no key.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('alg', 'text', (c) => c.notNull().defaultTo('sha256')).execute();
  await db.schema.alterTable('audit_events').addColumn('key_id', 'text').execute();
}
