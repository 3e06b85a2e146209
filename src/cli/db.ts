// Opens the configured database for a CLI command, migrated, and closes it afterwards.
import { loadConfig, loadDotEnv, type Config } from '../server/config.ts';
import { createDb, poolSettingsOf } from '../server/db/connection.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { composeDeps } from '../server/compose.ts';
import { clockFromEnv } from '../server/lib/clock.ts';
import type { Deps } from '../server/lib/context.ts';

export async function withDatabase<T>(fn: (deps: Deps) => Promise<T>): Promise<T> {
  loadDotEnv();
  const config: Config = loadConfig();
  const db = createDb(config.DATABASE_URL, { pool: poolSettingsOf(config), applicationName: 'aiep-cli' });
  try {
    await migrateToLatest(db);
    return await fn(composeDeps({ db, config, clock: clockFromEnv() }));
  } finally {
    await db.destroy();
  }
}
