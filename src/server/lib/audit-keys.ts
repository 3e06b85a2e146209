// The audit chain's keys, held outside the database (docs/security.md#audit-trail). Events and
// checkpoints are signed with HMAC-SHA-256 under the current key; every key has an id derived from
// it, stored with each event, so an event verifies under the key of its epoch: the current key, or
// a retired one kept read-only in AUDIT_KEYRING_DIR. The key comes from AUDIT_HMAC_KEY, or else from
// AUDIT_KEY_FILE, created with mode 0600 on first use (nothing is created just to verify).
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AUDIT_KEY_MIN_LENGTH, type Config } from '../config.ts';

export interface AuditKey {
  /** 16 hex characters derived from the key (not the key): names the key's epoch in events and checkpoints. */
  id: string;
  key: Buffer;
}

export interface AuditKeyring {
  /** The key new events and checkpoints are signed with; the key file is created on first use. */
  signing(): AuditKey;
  /** The key with this id — the current one or a retired one — or undefined when not available. */
  find(id: string): AuditKey | undefined;
  /** Where the current key comes from, for messages ("AUDIT_HMAC_KEY" or the key file's path). */
  source: string;
}

export const auditKeyId = (key: Buffer): string => createHmac('sha256', key).update('aiep audit key id').digest('hex').slice(0, 16);

function keyFrom(material: string, where: string): AuditKey {
  const text = material.trim();
  if (text.length < AUDIT_KEY_MIN_LENGTH) throw new Error(`The audit key in ${where} is shorter than ${AUDIT_KEY_MIN_LENGTH} characters`);
  const key = Buffer.from(text, 'utf8');
  return { id: auditKeyId(key), key };
}

function readKeyFile(path: string): AuditKey | undefined {
  if (!existsSync(path)) return undefined;
  return keyFrom(readFileSync(path, 'utf8'), path);
}

/** Creates the key file with a new random key (mode 0600), unless another process just did. */
function createKeyFile(path: string): AuditKey {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readKeyFile(path)!;
}

/** Retired keys: every `*.key` file of the keyring directory, by id. */
function readRetiredKeys(dir: string): Map<string, AuditKey> {
  const out = new Map<string, AuditKey>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.key')).sort()) {
    const k = keyFrom(readFileSync(join(dir, name), 'utf8'), join(dir, name));
    out.set(k.id, k);
  }
  return out;
}

export function auditKeyring(config: Pick<Config, 'AUDIT_HMAC_KEY' | 'AUDIT_KEY_FILE' | 'AUDIT_KEYRING_DIR'>): AuditKeyring {
  let current: AuditKey | undefined = config.AUDIT_HMAC_KEY ? keyFrom(config.AUDIT_HMAC_KEY, 'AUDIT_HMAC_KEY') : undefined;
  let retired: Map<string, AuditKey> | undefined;
  const currentOrFile = () => (current ??= readKeyFile(config.AUDIT_KEY_FILE));
  return {
    source: config.AUDIT_HMAC_KEY ? 'AUDIT_HMAC_KEY' : config.AUDIT_KEY_FILE,
    signing() {
      return currentOrFile() ?? (current = createKeyFile(config.AUDIT_KEY_FILE));
    },
    find(id) {
      const now = currentOrFile();
      if (now?.id === id) return now;
      retired ??= readRetiredKeys(config.AUDIT_KEYRING_DIR);
      return retired.get(id);
    },
  };
}

/**
 * Retires the current key: copies it read-only (0400) into the keyring directory as `<id>.key`.
 * A key file is then removed, so the next process to sign creates a new key — a new epoch; a key
 * from AUDIT_HMAC_KEY must be replaced in the environment by the operator. Returns the retired id.
 */
export function retireCurrentKey(config: Pick<Config, 'AUDIT_HMAC_KEY' | 'AUDIT_KEY_FILE' | 'AUDIT_KEYRING_DIR'>): { id: string; path: string; fromFile: boolean } {
  const fromFile = !config.AUDIT_HMAC_KEY;
  const current = fromFile ? readKeyFile(config.AUDIT_KEY_FILE) : keyFrom(config.AUDIT_HMAC_KEY!, 'AUDIT_HMAC_KEY');
  if (!current) throw new Error(`No audit key to retire: ${config.AUDIT_KEY_FILE} does not exist and AUDIT_HMAC_KEY is not set`);
  mkdirSync(config.AUDIT_KEYRING_DIR, { recursive: true, mode: 0o700 });
  const path = join(config.AUDIT_KEYRING_DIR, `${current.id}.key`);
  if (!existsSync(path)) {
    writeFileSync(path, `${current.key.toString('utf8')}\n`, { flag: 'wx', mode: 0o400 });
    chmodSync(path, 0o400);
  }
  if (fromFile) unlinkSync(config.AUDIT_KEY_FILE);
  return { id: current.id, path, fromFile };
}
