import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { Dialect } from '../../db/connection.ts';
import type { AuditEventsTable, Database } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';

export const GENESIS_HASH = '0'.repeat(64);
// Serializes audit appends across PostgreSQL connections so the chain never forks.
const AUDIT_LOCK_KEY = 7_140_320;

export interface AuditInput {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
}

type AuditRow = Omit<AuditEventsTable, 'seq'>;

export function hashEvent(prevHash: string, e: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  const body = canonicalJson({
    id: e.id,
    at: e.at,
    actorId: e.actor_id,
    action: e.action,
    entityType: e.entity_type,
    entityId: e.entity_id,
    data: JSON.parse(e.data_json),
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** Appends one event; call it inside the transaction that makes the change it records. */
export async function appendAuditEvent(trx: Transaction<Database>, dialect: Dialect, input: AuditInput, at: string): Promise<void> {
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
    .values({ ...row, prev_hash: prevHash, hash: hashEvent(prevHash, row) })
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

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; id: string; problem: 'altered' | 'missing_predecessor' };
  message: string;
}

/** Walks the chain in order; names the first event whose content or link does not hold. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let checked = 0;
  const batch = 5000;
  let after = -1;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(batch).execute();
    for (const r of rows) {
      if (r.prev_hash !== prev) {
        return {
          ok: false,
          checked,
          firstBroken: { seq: r.seq, id: r.id, problem: 'missing_predecessor' },
          message: `Event #${r.seq} (${r.id}) does not follow the event before it: an earlier event was removed or altered`,
        };
      }
      if (hashEvent(r.prev_hash, r) !== r.hash) {
        return {
          ok: false,
          checked,
          firstBroken: { seq: r.seq, id: r.id, problem: 'altered' },
          message: `Event #${r.seq} (${r.id}, ${r.action}) was altered: its content no longer matches its hash`,
        };
      }
      prev = r.hash;
      checked++;
      after = r.seq;
    }
    if (rows.length < batch) break;
  }
  return { ok: true, checked, message: `Audit chain intact: ${checked} events verified` };
}
