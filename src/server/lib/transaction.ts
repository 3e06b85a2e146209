import type { Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { appendAuditEvent, type AuditInput } from '../modules/audit/audit.repository.ts';

export interface Tx {
  trx: Transaction<Database>;
  /** Records an audit event in this same transaction. */
  audit(event: AuditInput): Promise<void>;
}

/** Runs a change and its audit events atomically: either all are written, or none. */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.db.transaction().execute((trx) => fn({ trx, audit: (e) => appendAuditEvent(trx, db.dialect, e) }));
}
