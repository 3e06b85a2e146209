import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { runScheduledWork } from '../../jobs/scheduled.ts';
import { auditKeyId, auditKeyring, retireCurrentKey } from '../../lib/audit-keys.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { describeEachDb, openTestDb, testConfig, testDeps } from '../../test/harness.ts';
import { checkpointMac, GENESIS_HASH, keyedHash, legacyHash } from './audit.chain.ts';
import { verifyAuditTrail, writeAuditCheckpoint } from './audit.service.ts';

const run = promisify(execFile);
const OTHER_KEY = 'another-audit-key-fedcba9876543210fedcba9876543210';


/** A fresh, migrated database holding `n` audit events (keyed under the test configuration's key). */
async function chainOf(dialect: 'sqlite' | 'postgres', n: number, overrides: Record<string, string> = {}) {
  const fresh = await openTestDb(dialect, { file: true });
  await migrateToLatest(fresh.db);
  const config = testConfig(overrides);
  const deps = testDeps(fresh.db, config);
  await appendEvents(deps, n);
  return { ...fresh, deps, config };
}

async function appendEvents(deps: ReturnType<typeof testDeps>, n: number, from = 0) {
  for (let i = from; i < from + n; i++) {
    await inTransaction(deps, (tx) => tx.audit({ actorId: null, action: 'test.event', entityType: 'test', entityId: `e${i}`, data: { i } }));
  }
}

const eventsOf = (db: Db) => db.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();

/** What an attacker holding `key` (or, without one, plain SHA-256) does: re-hashes the chain from `position` (1-based). */
async function rehashFrom(db: Db, position: number, key?: { id: string; key: Buffer }) {
  const rows = await eventsOf(db);
  let prev = position > 1 ? rows[position - 2]!.hash : GENESIS_HASH;
  for (const r of rows.slice(position - 1)) {
    const hash = key ? keyedHash(prev, r, key) : legacyHash(prev, r);
    await db.db
      .updateTable('audit_events')
      .set({ prev_hash: prev, hash, alg: key ? 'hmac-sha256' : 'sha256', key_id: key ? key.id : null })
      .where('seq', '=', r.seq)
      .execute();
    prev = hash;
  }
}

const keyOf = (text: string) => ({ id: auditKeyId(Buffer.from(text)), key: Buffer.from(text) });

describeEachDb('audit chain', (h) => {
  it('verifies intact after the demo history, every event keyed', async () => {
    const r = await verifyAuditTrail(h().deps);
    expect(r).toMatchObject({ ok: true, unkeyed: 0 });
    expect(r.checked).toBeGreaterThan(40);
    const keys = await h().deps.db.db.selectFrom('audit_events').select(['alg', 'key_id']).distinct().execute();
    expect(keys).toEqual([{ alg: 'hmac-sha256', key_id: auditKeyId(Buffer.from(h().deps.config.AUDIT_HMAC_KEY!)) }]);
  });

  it('a failed transaction leaves neither the change nor its audit event', async () => {
    const db = h().deps.db;
    const before = await db.db.selectFrom('audit_events').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    await expect(
      inTransaction(h().deps, async (tx) => {
        await tx.trx.updateTable('organizations').set({ name: 'Half-written' }).where('id', '=', 'org-meridian').execute();
        await tx.audit({ actorId: null, action: 'organization.updated', entityType: 'organization', entityId: 'org-meridian' });
        throw new Error('fault after the writes');
      }),
    ).rejects.toThrow('fault after the writes');
    const org = await db.db.selectFrom('organizations').select('name').where('id', '=', 'org-meridian').executeTakeFirstOrThrow();
    expect(org.name).toBe('Meridian Compute Inc.');
    const after = await db.db.selectFrom('audit_events').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await verifyAuditTrail(h().deps)).ok).toBe(true);
  });

  it('names the first altered event', async () => {
    const db = h().deps.db.db;
    const target = await db.selectFrom('audit_events').select(['seq', 'data_json']).orderBy('seq').offset(10).limit(1).executeTakeFirstOrThrow();
    await db.updateTable('audit_events').set({ data_json: '{"tampered":true}' }).where('seq', '=', target.seq).execute();
    const r = await verifyAuditTrail(h().deps);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: target.seq, position: 11, problem: 'altered' });
    await db.updateTable('audit_events').set({ data_json: target.data_json }).where('seq', '=', target.seq).execute();
    expect((await verifyAuditTrail(h().deps)).ok).toBe(true);
  });

  it('the scheduled work writes a signed checkpoint when the chain grew, and verify checks it', async () => {
    const file = h().deps.config.AUDIT_CHECKPOINT_FILE;
    const first = (await runScheduledWork(h().deps)).auditCheckpoint;
    expect(first).toMatchObject({ written: true });
    expect((await runScheduledWork(h().deps)).auditCheckpoint).toEqual({ written: false, count: first.count });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ v: 1, count: first.count, keyId: auditKeyId(Buffer.from(h().deps.config.AUDIT_HMAC_KEY!)) });
    const r = await verifyAuditTrail(h().deps);
    expect(r).toMatchObject({ ok: true, checkpoints: 1, checked: first.count });
    expect(r.message).toMatch(/^Audit chain intact: \d+ events verified; 1 checkpoint of .* match$/);
  });

  it('names the event after a deleted one', async () => {
    const c = await chainOf(h().dialect, 12);
    try {
      const rows = await eventsOf(c.db);
      await c.db.db.deleteFrom('audit_events').where('seq', '=', rows[5]!.seq).execute();
      const r = await verifyAuditTrail(c.deps);
      expect(r.ok).toBe(false);
      expect(r.firstBroken).toMatchObject({ seq: rows[6]!.seq, problem: 'missing_predecessor' });
    } finally {
      await c.drop();
    }
  });

  it('detects the removal of the last events after a checkpoint (truncated)', async () => {
    const c = await chainOf(h().dialect, 10);
    try {
      expect(await writeAuditCheckpoint(c.deps)).toEqual({ written: true, count: 10 });
      const rows = await eventsOf(c.db);
      await c.db.db.deleteFrom('audit_events').where('seq', '>=', rows[7]!.seq).execute();
      const r = await verifyAuditTrail(c.deps);
      expect(r).toMatchObject({ ok: false, checked: 7, checkpoint: { line: 1, count: 10, problem: 'truncated' } });
      expect(r.firstBroken).toBeUndefined();
      expect(r.message).toMatch(/truncated.*recorded 10 events, the chain now has 7: at least its last 3 events were removed/);
      // Nor does the next checkpoint vouch for the shortened chain.
      await appendEvents(c.deps, 1, 100);
      expect((await writeAuditCheckpoint(c.deps)).problem).toMatch(/does not follow the event before it/);
    } finally {
      await c.drop();
    }
  });

  it('detects an event edited and the chain re-hashed without the key (downgraded)', async () => {
    const c = await chainOf(h().dialect, 10);
    try {
      await writeAuditCheckpoint(c.deps);
      const rows = await eventsOf(c.db);
      await c.db.db.updateTable('audit_events').set({ data_json: '{"i":"forged"}' }).where('seq', '=', rows[3]!.seq).execute();
      await rehashFrom(c.db, 4);
      const r = await verifyAuditTrail(c.deps);
      expect(r).toMatchObject({ ok: false, firstBroken: { seq: rows[3]!.seq, position: 4, problem: 'downgraded' } });
      expect(r.message).toMatch(/unkeyed SHA-256 event where only keyed ones can be/);
    } finally {
      await c.drop();
    }
  });

  it('detects a chain rewritten entirely as unkeyed SHA-256, by its checkpoint (rehashed)', async () => {
    const c = await chainOf(h().dialect, 10);
    try {
      await writeAuditCheckpoint(c.deps);
      const rows = await eventsOf(c.db);
      await c.db.db.updateTable('audit_events').set({ data_json: '{"i":"forged"}' }).where('seq', '=', rows[3]!.seq).execute();
      await rehashFrom(c.db, 1);
      const r = await verifyAuditTrail(c.deps);
      expect(r).toMatchObject({ ok: false, checked: 10, unkeyed: 10, checkpoint: { line: 1, count: 10, problem: 'rehashed' } });
      expect(r.message).toMatch(/^Audit chain re-hashed: event 10 of the chain is no longer the one the checkpoint/);
    } finally {
      await c.drop();
    }
  });

  it('detects an event edited and re-hashed even by someone holding the key, after a checkpoint (rehashed)', async () => {
    const c = await chainOf(h().dialect, 10);
    try {
      await writeAuditCheckpoint(c.deps);
      await appendEvents(c.deps, 3, 10);
      const rows = await eventsOf(c.db);
      await c.db.db.updateTable('audit_events').set({ action: 'test.forged' }).where('seq', '=', rows[4]!.seq).execute();
      await rehashFrom(c.db, 5, keyOf(c.config.AUDIT_HMAC_KEY!));
      const r = await verifyAuditTrail(c.deps);
      expect(r).toMatchObject({ ok: false, checked: 13, checkpoint: { problem: 'rehashed', count: 10 } });
      expect(r.firstBroken).toBeUndefined();
    } finally {
      await c.drop();
    }
  });

  it('a wrong key verifies neither the events nor the checkpoints', async () => {
    const c = await chainOf(h().dialect, 5);
    try {
      await writeAuditCheckpoint(c.deps);
      const wrong = testDeps(c.db, testConfig({ AUDIT_HMAC_KEY: OTHER_KEY, AUDIT_CHECKPOINT_FILE: c.config.AUDIT_CHECKPOINT_FILE }));
      const r = await verifyAuditTrail(wrong);
      expect(r).toMatchObject({ ok: false, firstBroken: { position: 1, problem: 'unknown_key' }, checkpoint: { line: 1, problem: 'unknown_key' } });
      expect(r.message).toMatch(/signed with audit key [0-9a-f]{16}, which is not available: the configured key \(AUDIT_HMAC_KEY\) is the wrong one/);
      // A checkpoint forged with another key, under the right key's id, is named too.
      const line = JSON.parse(readFileSync(c.config.AUDIT_CHECKPOINT_FILE, 'utf8').trim());
      expect(line.keyId).toBe(auditKeyId(Buffer.from(c.config.AUDIT_HMAC_KEY!)));
      const forged = { ...line, count: 4, mac: checkpointMac({ ...line, count: 4 }, keyOf(OTHER_KEY)) };
      appendFileSync(c.config.AUDIT_CHECKPOINT_FILE, `${JSON.stringify(forged)}\n`);
      const f = await verifyAuditTrail(c.deps);
      expect(f).toMatchObject({ ok: false, checkpoint: { line: 2, problem: 'invalid_signature' } });
      expect(f.message).toMatch(/^Checkpoint line 2 of .* has an invalid signature/);
    } finally {
      await c.drop();
    }
  });

  it('events from before the chain was keyed keep verifying; keyed ones follow them', async () => {
    const fresh = await openTestDb(h().dialect, { file: true });
    try {
      await migrateToLatest(fresh.db);
      // Rows as the previous version wrote them: plain SHA-256, alg 'sha256' (the migration's default), no key.
      let prev = GENESIS_HASH;
      for (let i = 0; i < 4; i++) {
        const row = { id: `legacy-${i}`, at: `2026-01-0${i + 1}T00:00:00.000Z`, actor_id: null, action: 'legacy.event', entity_type: 'test', entity_id: `l${i}`, data_json: `{"i":${i}}` };
        const hash = legacyHash(prev, row);
        await fresh.db.db.insertInto('audit_events').values({ ...row, prev_hash: prev, hash, alg: 'sha256', key_id: null }).execute();
        prev = hash;
      }
      const deps = testDeps(fresh.db);
      await appendEvents(deps, 3);
      expect(await verifyAuditTrail(deps)).toMatchObject({ ok: true, checked: 7, unkeyed: 4 });
      expect((await writeAuditCheckpoint(deps)).written).toBe(true);
      expect(await verifyAuditTrail(deps)).toMatchObject({ ok: true, checked: 7, unkeyed: 4, checkpoints: 1 });
    } finally {
      await fresh.drop();
    }
  });

  it('rotating the key starts a new epoch; the old one verifies with the retired key', async () => {
    const c = await chainOf(h().dialect, 4);
    try {
      await writeAuditCheckpoint(c.deps);
      const retired = retireCurrentKey(c.config);
      expect(statSync(retired.path).mode & 0o777).toBe(0o400);
      const next = testDeps(c.db, { ...c.config, AUDIT_HMAC_KEY: OTHER_KEY });
      await appendEvents(next, 3, 4);
      await writeAuditCheckpoint(next);
      const epochs = await c.db.db.selectFrom('audit_events').select('key_id').orderBy('seq').execute();
      expect(new Set(epochs.map((e) => e.key_id)).size).toBe(2);
      expect(await verifyAuditTrail(next)).toMatchObject({ ok: true, checked: 7, checkpoints: 2 });
      // Without the retired key, the old epoch is named as not verifiable.
      const noRing = testDeps(c.db, { ...c.config, AUDIT_HMAC_KEY: OTHER_KEY, AUDIT_KEYRING_DIR: join(tmpdir(), 'aiep-no-keyring') });
      expect(await verifyAuditTrail(noRing)).toMatchObject({ ok: false, firstBroken: { position: 1, problem: 'unknown_key' } });
    } finally {
      await c.drop();
    }
  });
});

describe('audit key configuration', () => {
  it('refuses an AUDIT_HMAC_KEY that is too short, saying how to make one', () => {
    expect(() => loadConfig({ AUDIT_HMAC_KEY: 'short-key' })).toThrow(/AUDIT_HMAC_KEY: must be at least 32 characters \(generate one with: openssl rand -hex 32\)/);
  });

  it('without AUDIT_HMAC_KEY, creates a key file with mode 0600 on first use, and only then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiep-audit-key-'));
    const file = join(dir, 'data', 'audit.key');
    const ring = auditKeyring({ AUDIT_KEY_FILE: file, AUDIT_KEYRING_DIR: join(dir, 'keys'), AUDIT_HMAC_KEY: undefined });
    expect(ring.find('0123456789abcdef')).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    const key = ring.signing();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    const again = auditKeyring({ AUDIT_KEY_FILE: file, AUDIT_KEYRING_DIR: join(dir, 'keys'), AUDIT_HMAC_KEY: undefined });
    expect(again.signing().id).toBe(key.id);
  });
});

describeEachDb(
  'aiep audit verify (CLI)',
  (h) => {
    const verify = async (url: string, config: { AUDIT_CHECKPOINT_FILE: string; AUDIT_KEYRING_DIR: string }, key: string) => {
      const env = { ...process.env, DATABASE_URL: url, AUDIT_HMAC_KEY: key, AUDIT_CHECKPOINT_FILE: config.AUDIT_CHECKPOINT_FILE, AUDIT_KEYRING_DIR: config.AUDIT_KEYRING_DIR, LOG_LEVEL: 'silent' };
      const out = await run('node', ['bin/aiep.mjs', 'audit', 'verify', '--json'], { env }).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => e,
      );
      return { code: out.code, result: JSON.parse(out.stdout) as { ok: boolean; message: string; firstBroken?: { problem: string }; checkpoint?: { problem: string } } };
    };

    // Each verify starts a CLI process (a few seconds each on a busy 2-core machine): three in a row.
    it('exits 0 when intact, 2 naming a wrong key, and 2 naming the truncation', { timeout: 120_000 }, async () => {
      const c = await chainOf(h().dialect, 8);
      try {
        await writeAuditCheckpoint(c.deps);
        const ok = await verify(c.url, c.config, c.config.AUDIT_HMAC_KEY!);
        expect(ok).toMatchObject({ code: 0, result: { ok: true } });
        expect(ok.result.message).toMatch(/^Audit chain intact: 8 events verified; 1 checkpoint/);

        const wrong = await verify(c.url, c.config, OTHER_KEY);
        expect(wrong).toMatchObject({ code: 2, result: { ok: false, firstBroken: { problem: 'unknown_key' } } });
        expect(wrong.result.message).toMatch(/is the wrong one/);

        const rows = await eventsOf(c.db);
        await c.db.db.deleteFrom('audit_events').where('seq', '>', rows[5]!.seq).execute();
        const truncated = await verify(c.url, c.config, c.config.AUDIT_HMAC_KEY!);
        expect(truncated).toMatchObject({ code: 2, result: { ok: false, checkpoint: { problem: 'truncated' } } });
        expect(truncated.result.message).toMatch(/^Audit chain truncated: .* at least its last 2 events were removed$/);
      } finally {
        await c.drop();
      }
    });

    it('exits 2 naming an event edited and re-hashed after a checkpoint', { timeout: 60_000 }, async () => {
      const c = await chainOf(h().dialect, 8);
      try {
        await writeAuditCheckpoint(c.deps);
        const rows = await eventsOf(c.db);
        await c.db.db.updateTable('audit_events').set({ action: 'test.forged' }).where('seq', '=', rows[2]!.seq).execute();
        await rehashFrom(c.db, 3, keyOf(c.config.AUDIT_HMAC_KEY!));
        const r = await verify(c.url, c.config, c.config.AUDIT_HMAC_KEY!);
        expect(r).toMatchObject({ code: 2, result: { ok: false, checkpoint: { problem: 'rehashed' } } });
        expect(r.result.message).toMatch(/^Audit chain re-hashed: /);
      } finally {
        await c.drop();
      }
    });
  },
  { demo: false },
);
