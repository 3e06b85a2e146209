import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import { isSqliteBusy, type Dialect } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { appendAuditEvent, type AuditInput } from '../modules/audit/audit.repository.ts';
import type { Clock } from './clock.ts';
import type { Deps } from './context.ts';

export interface Tx {
  trx: Transaction<Database>;
  /**
   * The database's dialect, for the repositories' row locks: `select … for update` on PostgreSQL;
   * SQLite has one writer at a time, so a check re-made inside the transaction holds as it is.
   */
  dialect: Dialect;
  /** The clock of the deps the transaction was opened with. */
  clock: Clock;
  /** Records an audit event in this same transaction. */
  audit(event: AuditInput): Promise<void>;
}

/** How often a transaction whose start found the SQLite database locked is tried again. */
const BUSY_START_RETRIES = 5;

/**
 * Runs a change and its audit events atomically: either all are written, or none.
 *
 * On SQLite every transaction starts with `begin immediate` (db/connection.ts), taking the write
 * lock up front and waiting up to the busy timeout for it; when another connection (the CLI beside
 * the server, or the server beside the CLI) holds it longer, the start fails with SQLITE_BUSY before
 * anything ran, and is tried again after a pause that lets this process's event loop go on.
 */
export async function inTransaction<T>(deps: Pick<Deps, 'db' | 'clock' | 'auditKeys'>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { db, clock, auditKeys } = deps;
  for (let attempt = 0; ; attempt++) {
    let started = false;
    try {
      return await db.db.transaction().execute((trx) => {
        started = true;
        return fn({ trx, dialect: db.dialect, clock, audit: (e) => appendAuditEvent(trx, db.dialect, e, clock.nowIso(), auditKeys.signing()) });
      });
    } catch (err) {
      if (started || db.dialect !== 'sqlite' || !isSqliteBusy(err) || attempt >= BUSY_START_RETRIES) throw err;
      await sleep(100 * 2 ** attempt + Math.floor(Math.random() * 100));
    }
  }
}
