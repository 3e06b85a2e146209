// Queries of the audit trail (the audit module owns audit_events). Events are appended only by
// tx.audit (src/server/lib/transaction.ts), keyed under the current audit key (audit.chain.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { Dialect } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import type { AuditKey } from '../../lib/audit-keys.ts';
import { newId } from '../../lib/ids.ts';
import { GENESIS_HASH, KEYED_ALG, keyedHash } from './audit.chain.ts';

// Serializes audit appends across PostgreSQL connections so the chain never forks (and seq order is
// commit order: a reader always sees a prefix of the chain).
const AUDIT_LOCK_KEY = 7_140_320;

export interface AuditInput {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
}

/** Appends one event, signed with `key`; call it inside the transaction that makes the change it records. */
export async function appendAuditEvent(trx: Transaction<Database>, dialect: Dialect, input: AuditInput, at: string, key: AuditKey): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const last = await trx.selectFrom('audit_events').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    id: newId(),
    at,
    actor_id: input.actorId,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId,
    data_json: canonicalJson(input.data ?? {}),
  };
  await trx
    .insertInto('audit_events')
    .values({ ...row, prev_hash: prevHash, hash: keyedHash(prevHash, row, key), alg: KEYED_ALG, key_id: key.id })
    .execute();
}

export async function listAuditEvents(db: Kysely<Database>, entityType: string, entityId: string) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();
}

export function findLatestAuditEvent(db: Kysely<Database>, entityType: string, entityId: string, action: string) {
  return db
    .selectFrom('audit_events')
    .select(['at', 'data_json'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('action', '=', action)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The chain in order, a batch at a time: events after `afterSeq`. */
export function findAuditEventsAfter(db: Kysely<Database>, afterSeq: number, limit: number) {
  return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

/** The time of the latest event of one action per entity of a type (e.g. each user's last sign-in). */
export function findLatestActionAtByEntity(db: Kysely<Database>, entityType: string, action: string) {
  return db
    .selectFrom('audit_events')
    .select(['entity_id', (e) => e.fn.max('at').as('at')])
    .where('entity_type', '=', entityType)
    .where('action', '=', action)
    .groupBy('entity_id')
    .execute();
}
