// The audit chain's hashes, pure. Each event stores the previous event's hash and its own:
//   'hmac-sha256' (every event since the chain was keyed): HMAC-SHA-256 under the key named by the
//     event's key_id, of the previous hash ‖ the canonical JSON of the event (with alg and keyId);
//   'sha256' (events written before): SHA-256 of the previous hash ‖ the canonical JSON of the event.
// Without the key nobody can compute a keyed hash, so an event cannot be altered, inserted or
// removed and the chain re-hashed; the signed checkpoints outside the database (audit.checkpoints.ts)
// catch what remains: the removal of the last events, and a rewrite by whoever holds the key.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { AuditKey } from '../../lib/audit-keys.ts';
import type { AuditEventsTable } from '../../db/schema.ts';

export const GENESIS_HASH = '0'.repeat(64);
export const KEYED_ALG = 'hmac-sha256';
export const LEGACY_ALG = 'sha256';

/** The columns of an audit event that its hash covers. */
export type ChainedEvent = Pick<AuditEventsTable, 'id' | 'at' | 'actor_id' | 'action' | 'entity_type' | 'entity_id' | 'data_json'>;

const eventBody = (e: ChainedEvent) => ({
  id: e.id,
  at: e.at,
  actorId: e.actor_id,
  action: e.action,
  entityType: e.entity_type,
  entityId: e.entity_id,
  data: JSON.parse(e.data_json) as unknown,
});

/** The hash of an event written before the chain was keyed (kept so that those events still verify). */
export function legacyHash(prevHash: string, e: ChainedEvent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(eventBody(e))).digest('hex');
}

/** The keyed hash of an event: its algorithm and key id are part of what is signed. */
export function keyedHash(prevHash: string, e: ChainedEvent, key: AuditKey): string {
  return createHmac('sha256', key.key)
    .update(prevHash)
    .update(canonicalJson({ ...eventBody(e), alg: KEYED_ALG, keyId: key.id }))
    .digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export interface CheckpointBody {
  v: 1;
  at: string;
  /** Events in the chain when the checkpoint was written. */
  count: number;
  /** The seq of the last of them. */
  lastSeq: number;
  /** Its hash: the chain's head. */
  head: string;
  keyId: string;
}

export function checkpointMac(body: CheckpointBody, key: AuditKey): string {
  const { v, at, count, lastSeq, head, keyId } = body;
  return createHmac('sha256', key.key).update(canonicalJson({ v, at, count, lastSeq, head, keyId })).digest('hex');
}
