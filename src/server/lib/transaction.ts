import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAuditEvent, type AuditInput } from '../modules/audit/audit.repository.ts';
import type { Clock } from './clock.ts';
import type { Deps } from './context.ts';

export interface Tx {
  trx: Transaction<Database>;
  /** The clock of the deps the transaction was opened with. */
  clock: Clock;
  /** Records an audit event in this same transaction. */
  audit(event: AuditInput): Promise<void>;
}

/** Runs a change and its audit events atomically: either all are written, or none. */
export function inTransaction<T>(deps: Pick<Deps, 'db' | 'clock'>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { db, clock } = deps;
  return db.db.transaction().execute((trx) => fn({ trx, clock, audit: (e) => appendAuditEvent(trx, db.dialect, e, clock.nowIso()) }));
}
