import type { Kysely } from 'kysely';

// Request rate limits shared by every web process (issue 12, shared limits): one row per limited
// key — a route and a client address — counting the requests of its current window
// (src/server/http/rate-limit-store.ts). A row whose expires_at has passed starts a new window at
// its next request; the scheduled work deletes rows long expired.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_expires_idx').on('rate_limit_hits').column('expires_at').execute();
}
