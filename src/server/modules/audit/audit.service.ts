// The audit trail: reads for other modules, the verification of the chain and its checkpoints,
// and the writing of checkpoints. Events are written by inTransaction's tx.audit
// (src/server/lib/transaction.ts); the reads below carry no viewer's check: the caller applies its
// own policy to the entity before showing its events. data_json comes back as text.
import { can } from '../../../shared/access.ts';
import type { AuditVerification } from '../../../shared/contracts/audit.ts';
import { forbidden } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { GENESIS_HASH, KEYED_ALG, keyedHash, LEGACY_ALG, legacyHash, sameDigest } from './audit.chain.ts';
import { appendCheckpoint, checkpointSignature, readCheckpoints, readLastCheckpoint, signCheckpoint, type Checkpoint } from './audit.checkpoints.ts';
import { findAuditEventsAfter, findLatestActionAtByEntity, findLatestAuditEvent, listAuditEvents } from './audit.repository.ts';

/** Every event of one entity, oldest first. */
export function auditEventsOf(deps: Pick<Deps, 'db'>, entityType: string, entityId: string) {
  return listAuditEvents(deps.db.db, entityType, entityId);
}

/** The latest event of one action on one entity (its time and data), or undefined. */
export function latestAuditEvent(deps: Pick<Deps, 'db'>, entityType: string, entityId: string, action: string) {
  return findLatestAuditEvent(deps.db.db, entityType, entityId, action);
}

/** The time of the latest event of one action for each entity of a type, by entity id. */
export async function latestActionAtByEntity(deps: Pick<Deps, 'db'>, entityType: string, action: string): Promise<Map<string, string>> {
  const rows = await findLatestActionAtByEntity(deps.db.db, entityType, action);
  return new Map(rows.map((r) => [r.entity_id, String(r.at)]));
}

// ── Verification ───────────────────────────────────────────────────────────────────────────

export type ChainProblem = 'altered' | 'missing_predecessor' | 'unknown_key' | 'downgraded';
export type CheckpointProblem = 'truncated' | 'rehashed' | 'invalid_signature' | 'unknown_key' | 'malformed';

export interface VerifyResult {
  ok: boolean;
  /** Events verified, in chain order. */
  checked: number;
  /** Of them, plain SHA-256 events from before the chain was keyed. */
  unkeyed: number;
  /** Checkpoints found outside the database. */
  checkpoints: number;
  /** The first event whose link, content or key does not hold. */
  firstBroken?: { seq: number; id: string; position: number; problem: ChainProblem };
  /** The first checkpoint the chain no longer matches (or that is not validly signed). */
  checkpoint?: { line: number; at: string | null; count: number | null; problem: CheckpointProblem };
  message: string;
}

type VerifyDeps = Pick<Deps, 'db' | 'config' | 'auditKeys'>;

/** A point of the chain: how many events up to it, the last one's seq and hash. */
interface ChainPoint {
  count: number;
  seq: number;
  head: string;
}

const GENESIS: ChainPoint = { count: 0, seq: -1, head: GENESIS_HASH };

interface Walk {
  end: ChainPoint;
  unkeyed: number;
  broken?: { seq: number; id: string; position: number; problem: ChainProblem; message: string };
}

/**
 * Walks the chain from `from` to its end, checking every event's link and hash under the key of its
 * epoch. Unkeyed (legacy SHA-256) events may only precede every keyed one, and only up to position
 * `unkeyedUpTo` (the first checkpoint: all of them were written before the chain was keyed).
 */
async function walkChain(deps: VerifyDeps, from: ChainPoint, unkeyedUpTo: number, onEvent?: (position: number, hash: string) => void): Promise<Walk> {
  const keys = deps.auditKeys;
  let at = { ...from };
  let unkeyed = 0;
  let keyedSeen = false;
  const batch = 5000;
  for (;;) {
    const rows = await findAuditEventsAfter(deps.db.db, at.seq, batch);
    for (const r of rows) {
      const position = at.count + 1;
      const fail = (problem: ChainProblem, message: string): Walk => ({ end: at, unkeyed, broken: { seq: r.seq, id: r.id, position, problem, message } });
      if (r.prev_hash !== at.head) {
        return fail('missing_predecessor', `Event #${r.seq} (${r.id}) does not follow the event before it: an earlier event was removed or altered`);
      }
      if (r.alg === KEYED_ALG && r.key_id) {
        const key = keys.find(r.key_id);
        if (!key) {
          return fail(
            'unknown_key',
            `Event #${r.seq} (${r.id}) is signed with audit key ${r.key_id}, which is not available: the configured key (${keys.source}) is the wrong one, or the retired key of that epoch is missing from ${deps.config.AUDIT_KEYRING_DIR} — or the event was forged`,
          );
        }
        if (!sameDigest(keyedHash(r.prev_hash, r, key), r.hash)) {
          return fail('altered', `Event #${r.seq} (${r.id}, ${r.action}) was altered: its content no longer matches its keyed hash`);
        }
        keyedSeen = true;
      } else if (r.alg === LEGACY_ALG && r.key_id === null) {
        if (keyedSeen || position > unkeyedUpTo) {
          return fail('downgraded', `Event #${r.seq} (${r.id}, ${r.action}) is an unkeyed SHA-256 event where only keyed ones can be: the chain was rewritten from here without the audit key`);
        }
        if (legacyHash(r.prev_hash, r) !== r.hash) {
          return fail('altered', `Event #${r.seq} (${r.id}, ${r.action}) was altered: its content no longer matches its hash`);
        }
        unkeyed++;
      } else {
        return fail('altered', `Event #${r.seq} (${r.id}) names no known hash algorithm ("${r.alg}")`);
      }
      at = { count: position, seq: r.seq, head: r.hash };
      onEvent?.(position, r.hash);
    }
    if (rows.length < batch) break;
  }
  return { end: at, unkeyed };
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/**
 * Verifies the audit trail: the whole chain (each event unaltered, none removed from the middle,
 * each keyed under the key of its epoch) and every checkpoint outside the database (validly signed,
 * and still a prefix of the chain: events removed from the end, or a chain rewritten and re-hashed,
 * are told apart and named).
 */
export async function verifyAuditTrail(deps: VerifyDeps): Promise<VerifyResult> {
  const file = deps.config.AUDIT_CHECKPOINT_FILE;
  const lines = (await readCheckpoints(file)) ?? [];
  let checkpointProblem: VerifyResult['checkpoint'];
  let checkpointMessage = '';
  const valid: (Checkpoint & { line: number })[] = [];
  for (const { line, checkpoint: c } of lines) {
    const sig = checkpointSignature(c, deps.auditKeys);
    if (sig === 'valid') {
      valid.push({ ...c!, line });
      continue;
    }
    if (checkpointProblem) continue;
    checkpointProblem = { line, at: c?.at ?? null, count: c?.count ?? null, problem: sig };
    checkpointMessage =
      sig === 'malformed'
        ? `Checkpoint line ${line} of ${file} is not a checkpoint: the file was altered`
        : sig === 'unknown_key'
          ? `Checkpoint line ${line} of ${file} is signed with audit key ${c!.keyId}, which is not available: the configured key (${deps.auditKeys.source}) is the wrong one, or the retired key of that epoch is missing from ${deps.config.AUDIT_KEYRING_DIR}`
          : `Checkpoint line ${line} of ${file} has an invalid signature: it was forged or altered, or the configured audit key (${deps.auditKeys.source}) is the wrong one`;
  }

  const wanted = new Set(valid.map((c) => c.count));
  const hashAt = new Map<number, string>();
  const unkeyedUpTo = valid.length ? Math.min(...valid.map((c) => c.count)) : Number.POSITIVE_INFINITY;
  const walk = await walkChain(deps, GENESIS, unkeyedUpTo, (position, hash) => {
    if (wanted.has(position)) hashAt.set(position, hash);
  });
  const base = { checked: walk.end.count, unkeyed: walk.unkeyed, checkpoints: lines.length };
  if (walk.broken) {
    const { message, ...firstBroken } = walk.broken;
    return { ok: false, ...base, firstBroken, ...(checkpointProblem ? { checkpoint: checkpointProblem } : {}), message };
  }
  if (!checkpointProblem) {
    for (const c of valid) {
      const cp = { line: c.line, at: c.at, count: c.count };
      if (c.count > walk.end.count) {
        checkpointProblem = { ...cp, problem: 'truncated' };
        checkpointMessage = `Audit chain truncated: the checkpoint of ${c.at} (line ${c.line} of ${file}) recorded ${c.count} events, the chain now has ${walk.end.count}: at least its last ${c.count - walk.end.count} events were removed`;
        break;
      }
      if (hashAt.get(c.count) !== c.head) {
        checkpointProblem = { ...cp, problem: 'rehashed' };
        checkpointMessage = `Audit chain re-hashed: event ${c.count} of the chain is no longer the one the checkpoint of ${c.at} (line ${c.line} of ${file}) recorded (head ${short(c.head)}, now ${short(hashAt.get(c.count) ?? '')}): events up to it were altered or removed and the chain was rewritten after the checkpoint`;
        break;
      }
    }
  }
  if (checkpointProblem) return { ok: false, ...base, checkpoint: checkpointProblem, message: checkpointMessage };
  const unkeyedNote = walk.unkeyed ? ` (${walk.unkeyed} of them unkeyed, from before the chain was keyed)` : '';
  const checkpointNote = valid.length
    ? `; ${valid.length} checkpoint${valid.length === 1 ? '' : 's'} of ${file} match`
    : `; no checkpoint yet in ${file}: the removal of the last events could not be detected`;
  return { ok: true, ...base, message: `Audit chain intact: ${walk.end.count} events verified${unkeyedNote}${checkpointNote}` };
}

/**
 * The verification for an auditor or administrator (403 otherwise): the same walk as the command
 * line's, without its message, which names the server's files and key locations.
 */
export async function verifyAuditTrailAs(ctx: ServiceContext): Promise<AuditVerification> {
  if (!can(ctx.actor, 'audit.verify')) throw forbidden('Only auditors and administrators verify the audit chain');
  const r = await verifyAuditTrail(ctx);
  return {
    ok: r.ok,
    verifiedAt: ctx.clock.nowIso(),
    checked: r.checked,
    unkeyed: r.unkeyed,
    checkpoints: r.checkpoints,
    firstBroken: r.firstBroken ?? null,
    checkpoint: r.checkpoint ?? null,
  };
}

// ── Checkpoints ────────────────────────────────────────────────────────────────────────────

export interface CheckpointReport {
  /** True when a checkpoint line was appended. */
  written: boolean;
  /** Events in the chain at the checkpoint (or at the last one when nothing new was written). */
  count: number;
  /** Why no checkpoint was written although events were added: the chain or the last checkpoint does not verify. */
  problem?: string;
}

/**
 * Appends a signed checkpoint of the chain's current count and head to AUDIT_CHECKPOINT_FILE, when
 * the chain grew since the last one. It extends only what verifies: the events since the last
 * checkpoint must follow its head and carry valid keyed hashes, or nothing is written and the
 * problem is reported (a checkpoint must never vouch for a tampered chain).
 */
export async function writeAuditCheckpoint(deps: Pick<Deps, 'db' | 'config' | 'clock' | 'auditKeys'>): Promise<CheckpointReport> {
  const file = deps.config.AUDIT_CHECKPOINT_FILE;
  const last = await readLastCheckpoint(file);
  let from = GENESIS;
  if (last) {
    const sig = checkpointSignature(last.checkpoint, deps.auditKeys);
    if (sig !== 'valid') return { written: false, count: 0, problem: `the last checkpoint of ${file} does not verify (${sig}); run aiep audit verify` };
    const c = last.checkpoint!;
    from = { count: c.count, seq: c.lastSeq, head: c.head };
  }
  const walk = await walkChain(deps, from, from.count > 0 ? from.count : Number.POSITIVE_INFINITY);
  if (walk.broken) return { written: false, count: from.count, problem: `${walk.broken.message}; run aiep audit verify` };
  if (walk.end.count === from.count) return { written: false, count: from.count };
  const key = deps.auditKeys.signing();
  await appendCheckpoint(file, signCheckpoint({ v: 1, at: deps.clock.nowIso(), count: walk.end.count, lastSeq: walk.end.seq, head: walk.end.head, keyId: key.id }, key));
  return { written: true, count: walk.end.count };
}
