// Signed checkpoints of the audit chain, kept outside the database: an append-only file of JSON
// lines (AUDIT_CHECKPOINT_FILE), each the chain's event count and head hash at a moment, with an
// HMAC under the audit key. Whoever alters the database cannot alter them, so `aiep audit verify`
// proves every checkpoint still a prefix of the chain: events removed from its end, or a chain
// rewritten and re-hashed, no longer match.
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditKey, AuditKeyring } from '../../lib/audit-keys.ts';
import { checkpointMac, sameDigest, type CheckpointBody } from './audit.chain.ts';

export interface Checkpoint extends CheckpointBody {
  mac: string;
}

export interface CheckpointLine {
  /** 1-based line number in the file. */
  line: number;
  checkpoint: Checkpoint | null;
}

export type CheckpointSignature = 'valid' | 'unknown_key' | 'invalid_signature' | 'malformed';

const isHex = (s: unknown, len?: number): s is string => typeof s === 'string' && /^[0-9a-f]+$/.test(s) && (len === undefined || s.length === len);

function parseCheckpoint(text: string): Checkpoint | null {
  try {
    const c = JSON.parse(text) as Record<string, unknown>;
    if (c.v !== 1 || typeof c.at !== 'string' || !Number.isSafeInteger(c.count) || !Number.isSafeInteger(c.lastSeq)) return null;
    if (!isHex(c.head, 64) || !isHex(c.keyId, 16) || !isHex(c.mac, 64)) return null;
    return { v: 1, at: c.at, count: c.count as number, lastSeq: c.lastSeq as number, head: c.head, keyId: c.keyId, mac: c.mac };
  } catch {
    return null;
  }
}

const splitLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** Every line of the file in order (a malformed one with `checkpoint: null`); null when there is no file. */
export async function readCheckpoints(file: string): Promise<CheckpointLine[] | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return splitLines(text).map((l, i) => ({ line: i + 1, checkpoint: parseCheckpoint(l) }));
}

/** The last checkpoint of the file (read from its end), or null when there is none. */
export async function readLastCheckpoint(file: string): Promise<{ checkpoint: Checkpoint | null } | null> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    const length = Math.min(size, 8192);
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, size - length);
    const last = splitLines(buf.toString('utf8')).at(-1);
    return last === undefined ? null : { checkpoint: parseCheckpoint(last) };
  } finally {
    await fh.close();
  }
}

export function signCheckpoint(body: CheckpointBody, key: AuditKey): Checkpoint {
  return { ...body, mac: checkpointMac(body, key) };
}

export function checkpointSignature(c: Checkpoint | null, keys: AuditKeyring): CheckpointSignature {
  if (!c) return 'malformed';
  const key = keys.find(c.keyId);
  if (!key) return 'unknown_key';
  return sameDigest(checkpointMac(c, key), c.mac) ? 'valid' : 'invalid_signature';
}

/** Appends one checkpoint line (the file and its directory are created, the file with mode 0600). */
export async function appendCheckpoint(file: string, c: Checkpoint): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(c)}\n`, { encoding: 'utf8', mode: 0o600, flag: 'a' });
}
