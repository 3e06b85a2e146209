// Migrations run at start, idempotently, under the start-up lock so concurrent starts are safe.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { withLock, type Db, type Dialect } from './connection.ts';
import * as m001 from './migrations/001-foundation.ts';
import * as m002 from './migrations/002-review.ts';
import * as m003 from './migrations/003-compliance.ts';
import * as m004 from './migrations/004-screening.ts';
import * as m005 from './migrations/005-financing.ts';
import * as m006 from './migrations/006-amendment-content.ts';
import * as m007 from './migrations/007-audit-keyed-chain.ts';
import * as m008 from './migrations/008-screening-duties.ts';
import * as m009 from './migrations/009-account-hardening.ts';
import * as m010 from './migrations/010-access-log-and-org-changes.ts';
import * as m011 from './migrations/011-job-checkpoints.ts';
import * as m012 from './migrations/012-shared-rate-limits.ts';
import * as m013 from './migrations/013-consultation-revisions.ts';
import * as m014 from './migrations/014-advocacy-versions.ts';
import * as m015 from './migrations/015-eligibility-checklist.ts';
import * as m017 from './migrations/017-list-sources.ts';
import * as m016 from './migrations/016-license-lifecycle.ts';
import * as m018 from './migrations/018-deal-parties.ts';
import * as m019 from './migrations/019-mail.ts';
import * as m020 from './migrations/020-identity.ts';
import * as m021 from './migrations/021-mfa.ts';
import * as m023 from './migrations/023-calls.ts';
import * as m027 from './migrations/027-buyers.ts';
import * as m026 from './migrations/026-escalations.ts';
import * as m025 from './migrations/025-records.ts';
import * as m024 from './migrations/024-documents.ts';
import * as m022 from './migrations/022-onboarding.ts';

type DialectMigration = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

const MIGRATIONS: Record<string, DialectMigration> = {
  '001-foundation': m001,
  '002-review': m002,
  '003-compliance': m003,
  '004-screening': m004,
  '005-financing': m005,
  '006-amendment-content': m006,
  '007-audit-keyed-chain': m007,
  '008-screening-duties': m008,
  '009-account-hardening': m009,
  '010-access-log-and-org-changes': m010,
  '011-job-checkpoints': m011,
  '012-shared-rate-limits': m012,
  '013-consultation-revisions': m013,
  '014-advocacy-versions': m014,
  '015-eligibility-checklist': m015,
  '017-list-sources': m017,
  '016-license-lifecycle': m016,
  '018-deal-parties': m018,
  '019-mail': m019,
  '020-identity': m020,
  '021-mfa': m021,
  '023-calls': m023,
  '027-buyers': m027,
  '026-escalations': m026,
  '025-records': m025,
  '024-documents': m024,
  '022-onboarding': m022,
};

function provider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, dialect) };
      return out;
    },
  };
}

/**
 * The migrator, keeping its own tables in the schema the database works in. On PostgreSQL, Kysely
 * looks for them in every schema otherwise: another schema's kysely_migration_lock (a test suite's,
 * another installation's) makes it skip creating the tables here, and migrating fails.
 */
async function migratorOf({ db, dialect }: Db): Promise<Migrator> {
  const schema = dialect === 'postgres' ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : null;
  return new Migrator({ db, provider: provider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
}

/**
 * Brings the schema to head. Under the start-up lock (connection.ts withLock, re-entrant: the
 * server holds it around migrations, the first administrator and the demo data together), so
 * processes started at once on an empty database migrate one after the other: Kysely's own lock
 * does not cover creating its migration tables, which concurrent starts race on.
 */
export function migrateToLatest(database: Db): Promise<void> {
  return withLock(database, STARTUP_LOCK, () => migrateUnlocked(database));
}

/** The lock name of start-up work: migrations, first administrator, demo data. */
export const STARTUP_LOCK = 'startup';

async function migrateUnlocked(database: Db): Promise<void> {
  const migrator = await migratorOf(database);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** True when every known migration has been applied (for /readyz). */
export async function migrationsAtHead(database: Db): Promise<boolean> {
  const migrator = await migratorOf(database);
  const all = await migrator.getMigrations();
  return all.length > 0 && all.every((m) => m.executedAt !== undefined);
}
