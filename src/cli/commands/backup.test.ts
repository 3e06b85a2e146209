// `aiep backup` / `aiep restore` on SQLite: an online backup of a live database while another
// connection keeps writing, restored into a new path, equals the source at one instant and its
// audit chain verifies; a truncated or corrupted backup is refused with nothing changed at the
// target; a database in use is not replaced; an audit event altered in the backup is named by the
// restore's verification. PostgreSQL: the pg_dump command, without the password.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.ts';
import { createDb, type Db } from '../../server/db/connection.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import type { Deps } from '../../server/lib/context.ts';
import { inTransaction } from '../../server/lib/transaction.ts';
import { writeAuditCheckpoint } from '../../server/modules/audit/audit.service.ts';
import { loadDemoData } from '../../server/seed/demo.ts';
import { TEST_AUDIT_KEY, TEST_NOW, testConfig, testDemoOptions, testDeps } from '../../server/test/harness.ts';
import { BackupError, backupSqlite, manifestPathOf, postgresCommands, restoreSqlite, sha256OfFile, type BackupManifest } from './backup.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a separate process on `databaseUrl`, with the test's audit key and checkpoint file. */
function cli(args: string[], databaseUrl: string, config: Config): Promise<Run> {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUDIT_HMAC_KEY: TEST_AUDIT_KEY,
    AUDIT_KEY_FILE: config.AUDIT_KEY_FILE,
    AUDIT_KEYRING_DIR: config.AUDIT_KEYRING_DIR,
    AUDIT_CHECKPOINT_FILE: config.AUDIT_CHECKPOINT_FILE,
    DEMO_DATA: 'off',
    LOG_LEVEL: 'silent',
    AIEP_NOW: TEST_NOW,
  };
  return promisify(execFile)('node', ['bin/aiep.mjs', ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

type Row = Record<string, unknown>;

function rowsOf(file: string, table: string, orderBy: string): Row[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare(`select * from "${table}" order by ${orderBy}`).all() as Row[];
  } finally {
    db.close();
  }
}

function tablesOf(file: string): string[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Appends one audited change (an audit event and a login_throttles row) in one transaction. */
const tick = (deps: Deps, n: number) =>
  inTransaction(deps, async (tx) => {
    await tx.trx.insertInto('login_throttles').values({ key: `tick-${String(n).padStart(6, '0')}`, failures: n, blocked_until: null, expires_at: TEST_NOW }).execute();
    await tx.audit({ actorId: null, action: 'test.tick', entityType: 'test', entityId: `tick-${n}`, data: { n } });
  });

describe('aiep backup and restore (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiep-backup-'));
  const source = join(dir, 'live.db');
  let db: Db;
  let deps: Deps;
  let config: Config;

  beforeAll(async () => {
    config = testConfig();
    db = createDb(`sqlite:${source}`);
    deps = testDeps(db, config);
    await migrateToLatest(db);
    await loadDemoData(deps, testDemoOptions());
    // A checkpoint outside the database, which the restored chain must still extend.
    expect((await writeAuditCheckpoint(deps)).written).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up a live database while another connection writes; the restore equals the source at the backup instant and its chain verifies', async () => {
    let written = 0;
    let stop = false;
    const writer = (async () => {
      // SQLite answers synchronously: yield to the event loop between writes, or the CLI's exit is never seen.
      while (!stop) {
        await tick(deps, ++written);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const deadline = Date.now() + 30_000;
    while (written < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const before = written - 1; // committed for sure before the backup started (one may be in flight)
    const file = join(dir, 'live-backup.db');
    const backup = await cli(['backup', file], `sqlite:${source}`, config);
    const after = written;
    stop = true;
    await writer;
    expect(after - before, 'the writer went on while the backup ran').toBeGreaterThan(2);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Backup written: .*live-backup\.db .*integrity ok/);

    const manifest = JSON.parse(readFileSync(manifestPathOf(file), 'utf8')) as BackupManifest;
    expect(manifest.sha256).toBe(sha256OfFile(file));
    expect(manifest.schemaVersion).toMatch(/^\d{3}-/);
    const ticks = manifest.tables.login_throttles!;
    expect(ticks).toBeGreaterThanOrEqual(before);
    expect(ticks).toBeLessThanOrEqual(after);

    const target = join(dir, 'restored', 'aiep.db');
    const restore = await cli(['restore', file], `sqlite:${target}`, config);
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored .* to .*aiep\.db/);
    expect(restore.stdout).toMatch(/Audit chain intact/);

    // The restored database is the source as it was at one instant: every table the writer did not
    // touch is equal, and the two it wrote to hold exactly its first `ticks` changes, in order.
    expect(tablesOf(target)).toEqual(tablesOf(source));
    for (const table of tablesOf(source)) {
      const restored = rowsOf(target, table, table === 'audit_events' ? 'seq' : '1, 2');
      expect(restored.length, table).toBe(manifest.tables[table]);
      if (table === 'login_throttles') {
        expect(restored).toEqual(rowsOf(source, table, 'key').slice(0, ticks));
      } else if (table === 'audit_events') {
        const all = rowsOf(source, table, 'seq');
        expect(restored).toEqual(all.slice(0, restored.length));
        expect(restored.filter((e) => e.action === 'test.tick')).toHaveLength(ticks);
      } else {
        expect(restored, table).toEqual(rowsOf(source, table, '1, 2'));
      }
    }
  }, 180_000);

  it('refuses a truncated or corrupted backup and leaves the target as it was', async () => {
    const good = join(dir, 'good.db');
    await backupSqlite(source, good, TEST_NOW);
    const target = join(dir, 'target', 'aiep.db');
    await backupSqlite(source, target, TEST_NOW); // an existing database at the target
    rmSync(manifestPathOf(target));
    const targetSha = sha256OfFile(target);
    const targetDir = readdirSync(join(dir, 'target'));

    const truncated = join(dir, 'truncated.db');
    copyFileSync(good, truncated);
    copyFileSync(manifestPathOf(good), manifestPathOf(truncated));
    truncateSync(truncated, Math.floor(readFileSync(good).length / 2));
    await expect(restoreSqlite(truncated, target, { force: true })).rejects.toThrow(/does not match its manifest .*truncated, damaged or altered/);
    rmSync(manifestPathOf(truncated));
    await expect(restoreSqlite(truncated, target, { force: true })).rejects.toThrow(BackupError);

    const corrupted = join(dir, 'corrupted.db');
    const bytes = readFileSync(good);
    bytes.fill(0x5a, 4096, 4096 + 512); // the middle of the second page
    writeFileSync(corrupted, bytes);
    copyFileSync(manifestPathOf(good), manifestPathOf(corrupted));
    await expect(restoreSqlite(corrupted, target, { force: true })).rejects.toThrow(/does not match its manifest/);
    const overwritten = join(dir, 'overwritten.db');
    writeFileSync(overwritten, Buffer.concat([Buffer.from('not a database at all'), bytes.subarray(32)]));
    await expect(restoreSqlite(overwritten, target, { force: true })).rejects.toThrow(/cannot be opened as a SQLite database|not a sound SQLite database|integrity/);

    expect(sha256OfFile(target)).toBe(targetSha);
    expect(readdirSync(join(dir, 'target'))).toEqual(targetDir);
  }, 60_000);

  it('replaces an existing database only with --force, and never one a process has open', async () => {
    const file = join(dir, 'for-force.db');
    await backupSqlite(source, file, TEST_NOW);
    const target = join(dir, 'in-use', 'aiep.db');
    await backupSqlite(source, target, TEST_NOW);
    await expect(restoreSqlite(file, target)).rejects.toThrow(/exists: stop every process using it .* --force/);

    const server = createDb(`sqlite:${target}`); // as a running server holds it: open, in WAL mode
    try {
      await server.db.selectFrom('users').select('id').limit(1).execute();
      const shaInUse = sha256OfFile(target);
      await expect(restoreSqlite(file, target, { force: true })).rejects.toThrow(/in use/);
      expect(sha256OfFile(target)).toBe(shaInUse);
    } finally {
      await server.destroy();
    }
    const report = await restoreSqlite(file, target, { force: true });
    expect(report.replaced).toBe(true);
    expect(sha256OfFile(target)).toBe(sha256OfFile(file));
    expect(existsSync(`${target}-wal`)).toBe(false);
  }, 60_000);

  it("names the altered audit event when a backup's chain was tampered with (manifest re-made to match)", async () => {
    const file = join(dir, 'tampered.db');
    await backupSqlite(source, file, TEST_NOW);
    const tamper = new SQLite(file);
    const victim = tamper.prepare("select id, seq from audit_events where action <> 'test.tick' order by seq limit 1 offset 3").get() as { id: string; seq: number };
    tamper.prepare('update audit_events set data_json = ? where id = ?').run('{"tampered":true}', victim.id);
    tamper.close();
    const manifest = JSON.parse(readFileSync(manifestPathOf(file), 'utf8')) as BackupManifest;
    writeFileSync(manifestPathOf(file), JSON.stringify({ ...manifest, sha256: sha256OfFile(file) }));

    const restore = await cli(['restore', file], `sqlite:${join(dir, 'tampered-restore', 'aiep.db')}`, config);
    expect(restore.code).toBe(2);
    expect(restore.stdout).toContain(`broken at event ${victim.id} (seq ${victim.seq}, altered)`);
  }, 60_000);

  it('refuses to overwrite an existing backup file', async () => {
    const file = join(dir, 'once.db');
    await backupSqlite(source, file, TEST_NOW);
    await expect(backupSqlite(source, file, TEST_NOW)).rejects.toThrow(/already exists/);
  });
});

describe('aiep backup (PostgreSQL)', () => {
  it('prints the pg_dump and pg_restore commands without the password and writes nothing', async () => {
    const c = postgresCommands('postgres://aiep:s3cret@db.example:5432/aiep', '2026-11-16T12:00:00.000Z');
    expect(c.dump).toBe("PGPASSWORD=… pg_dump --format=custom --no-owner --file=aiep-20261116T120000Z.dump --dbname='postgres://aiep@db.example:5432/aiep'");
    expect(c.restore).toContain("pg_restore --clean --if-exists --no-owner --single-transaction --dbname='postgres://aiep@db.example:5432/aiep' aiep-20261116T120000Z.dump");
    const run = await cli(['backup'], 'postgres://aiep:s3cret@db.example:5432/aiep', testConfig());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pg_dump --format=custom');
    expect(run.stdout).not.toContain('s3cret');
  }, 60_000);
});
