// What every server process does to a database before it serves or works: migrations, the first
// administrator and the demo data, all under one start-up lock (a PostgreSQL advisory lock; on a
// SQLite file an exclusive lock beside it). N processes started at once on an empty database run
// these one after the other: the first does the work, the others find it done.
import type { Config } from '../config.ts';
import { composeDeps } from '../compose.ts';
import { withLock, type Db } from '../db/connection.ts';
import { migrateToLatest, STARTUP_LOCK } from '../db/migrate.ts';
import type { Clock } from '../lib/clock.ts';
import type { Deps } from '../lib/context.ts';
import { bootstrapAdmin } from '../modules/users/users.service.ts';
import { loadDemoDataIfEmpty, type DemoSummary } from './demo.ts';
import { bootstrapShippedSnapshot } from '../modules/screening/screening.sources.ts';

export interface Prepared {
  deps: Deps;
  /** The demo users when the demo data is present (DEMO_DATA=auto), else null. */
  demo: DemoSummary | null;
}

export function prepareDatabase(db: Db, config: Config, clock: Clock): Promise<Prepared> {
  return withLock(db, STARTUP_LOCK, async () => {
    await migrateToLatest(db); // re-enters the lock held here
    const deps = composeDeps({ db, config, clock });
    // Creates the audit key file on first start when no key is set (one process at a time).
    deps.auditKeys.signing();
    await bootstrapAdmin(deps);
    const demo = config.DEMO_DATA === 'auto' ? await loadDemoDataIfEmpty(deps) : null;
    // Screening from the first minute: with no list ever imported, the shipped CSL snapshot of May
    // 2022, once (SCREENING_BOOTSTRAP_SNAPSHOT; docs/operations.md#screening-list-sources).
    if (config.SCREENING_BOOTSTRAP_SNAPSHOT === 'on' && (await bootstrapShippedSnapshot(deps))) {
      process.stderr.write('aiep: no screening list was imported yet: activated the shipped CSL snapshot of May 2022; replace it with a current list (enable the CSL source or import a file)\n');
    }
    return { deps, demo };
  });
}
