// Reading the audit trail for other modules. Events are written by inTransaction's tx.audit
// (src/server/lib/transaction.ts); these reads carry no viewer's check: the caller applies its own
// policy to the entity before showing its events. data_json comes back as text.
import type { Deps } from '../../lib/context.ts';
import { findLatestAuditEvent, listAuditEvents } from './audit.repository.ts';

/** Every event of one entity, oldest first. */
export function auditEventsOf(deps: Pick<Deps, 'db'>, entityType: string, entityId: string) {
  return listAuditEvents(deps.db.db, entityType, entityId);
}

/** The latest event of one action on one entity (its time and data), or undefined. */
export function latestAuditEvent(deps: Pick<Deps, 'db'>, entityType: string, entityId: string, action: string) {
  return findLatestAuditEvent(deps.db.db, entityType, entityId, action);
}
