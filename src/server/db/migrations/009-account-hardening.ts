import type { Kysely } from 'kysely';

// Account hardening (issue 11, item 11).
// - login_throttles: failed-login counters shared by every web process, keyed by (account, source),
//   by source and by account (src/server/modules/auth/auth.throttle.ts). A row forgets itself at
//   expires_at; blocked_until is when the throttled source may try again.
// - api_keys get a scope (read, screening, full), an expiry and the key that created them. Keys
//   made before this migration could do anything: they become 'full' and expire 90 days from now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_throttles_expires_idx').on('login_throttles').column('expires_at').execute();

  await db.schema.alterTable('api_keys').addColumn('scope', 'text', (c) => c.notNull().defaultTo('full')).execute();
  await db.schema.alterTable('api_keys').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('parent_id', 'text', (c) => c.references('api_keys.id').onDelete('cascade')).execute();
  // Migrations may read the machine's time (the lint rule exempts them): existing keys live 90 more days.
  const expiresAt = new Date(Date.now() + 90 * 86_400_000).toISOString();
  await (db as Kysely<{ api_keys: { expires_at: string | null } }>).updateTable('api_keys').set({ expires_at: expiresAt }).where('expires_at', 'is', null).execute();
  await db.schema.createIndex('api_keys_parent_idx').on('api_keys').column('parent_id').execute();
}
