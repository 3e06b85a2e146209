import type { Transaction } from 'kysely';
import type { Dialect } from '../db/connection.ts';
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

/** Runs a change and its audit events atomically: either all are written, or none. */
export function inTransaction<T>(deps: Pick<Deps, 'db' | 'clock' | 'auditKeys'>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { db, clock, auditKeys } = deps;
  return db.db.transaction().execute((trx) =>
    fn({ trx, dialect: db.dialect, clock, audit: (e) => appendAuditEvent(trx, db.dialect, e, clock.nowIso(), auditKeys.signing()) }),
  );
}
