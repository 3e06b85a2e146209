import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createDb } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { loadDemoData } from '../../seed/demo.ts';
import { describeEachDb, testDeps } from '../../test/harness.ts';
import { verifyAuditChain } from './audit.repository.ts';

const run = promisify(execFile);

describeEachDb('audit chain', (h) => {
  it('verifies intact after the demo history', async () => {
    const r = await verifyAuditChain(h().deps.db.db);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(40);
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
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  });

  it('names the first altered event', async () => {
    const db = h().deps.db.db;
    const target = await db.selectFrom('audit_events').select(['seq', 'data_json']).orderBy('seq').offset(10).limit(1).executeTakeFirstOrThrow();
    await db.updateTable('audit_events').set({ data_json: '{"tampered":true}' }).where('seq', '=', target.seq).execute();
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: target.seq, problem: 'altered' });
    await db.updateTable('audit_events').set({ data_json: target.data_json }).where('seq', '=', target.seq).execute();
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('names the event after a deleted one', async () => {
    const db = h().deps.db.db;
    const rows = await db.selectFrom('audit_events').select('seq').orderBy('seq').offset(20).limit(2).execute();
    await db.deleteFrom('audit_events').where('seq', '=', rows[0]!.seq).execute();
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: rows[1]!.seq, problem: 'missing_predecessor' });
  });
});

describe('aiep audit verify (CLI)', () => {
  it('exits 0 on an intact chain and 2 naming the event after tampering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiep-audit-'));
    const url = `sqlite:${join(dir, 'audit.db')}`;
    const db = createDb(url);
    await migrateToLatest(db);
    await loadDemoData(testDeps(db, loadConfig({ LOG_LEVEL: 'silent' })));
    const env = { ...process.env, DATABASE_URL: url };
    const ok = await run('node', ['bin/aiep.mjs', 'audit', 'verify'], { env });
    expect(ok.stdout).toMatch(/intact/);
    const victim = await db.db.selectFrom('audit_events').select('seq').orderBy('seq').offset(5).limit(1).executeTakeFirstOrThrow();
    await db.db.updateTable('audit_events').set({ action: 'proposal.forged' }).where('seq', '=', victim.seq).execute();
    await db.destroy();
    const broken = await run('node', ['bin/aiep.mjs', 'audit', 'verify', '--json'], { env }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(broken.code).toBe(2);
    expect(JSON.parse(broken.stdout).firstBroken.seq).toBe(victim.seq);
  });
});
