// SQLite beside another writer (the CLI beside the server): a write transaction started while
// another connection — another process — holds the write lock waits for it and succeeds, instead of
// failing with "database is locked"; one that waits longer than the busy timeout is started again.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../lib/transaction.ts';
import { testDeps } from '../test/harness.ts';
import { REPO_ROOT } from '../jobs/__fixtures__/processes.ts';
import { createDb, type Db } from './connection.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * Another process that takes the write lock (`begin immediate`), writes a job row, says "locked",
 * holds the lock for `holdMs`, then commits and says "committed".
 */
function holdWriteLock(file: string, holdMs: number) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.pragma('busy_timeout = 5000');
    db.exec('begin immediate');
    db.prepare("insert into jobs (id, kind, payload_json, status, attempts, max_attempts, run_after, created_at) values ('held-by-other', 'x', '{}', 'done', 0, 1, '2000-01-01', '2000-01-01')").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('commit'); db.close(); process.stdout.write('committed\\n'); }, ${holdMs});
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) resolve();
    });
    child.once('exit', () => reject(new Error(`the lock holder ended early: ${out}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { locked, exited, output: () => out };
}

describe('SQLite write transactions beside another writer', () => {
  const opened: Db[] = [];
  const open = (busyMs?: number) => {
    const file = join(mkdtempSync(join(tmpdir(), 'aiep-lock-')), 'test.db');
    const db = createDb(`sqlite:${file}`, busyMs === undefined ? {} : { sqliteBusyTimeoutMs: busyMs });
    opened.push(db);
    return { file, db };
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((d) => d.destroy()));
  });

  /** A read, then a write, in one transaction: the shape that failed with a deferred BEGIN. */
  const readThenWrite = (db: Db, id: string) =>
    inTransaction(testDeps(db), async (tx) => {
      await sql`select count(*) as n from jobs`.execute(tx.trx);
      await tx.trx
        .insertInto('jobs')
        .values({ id, kind: 'x', payload_json: '{}', status: 'done', attempts: 0, max_attempts: 1, run_after: '2000-01-01', created_at: '2000-01-01', locked_by: null, locked_at: null, progress_json: null, result_json: null, error: null, created_by: null, finished_at: null, idempotency_key: null })
        .execute();
      return 'written';
    });

  it('waits for the other writer and succeeds', { timeout: 30_000 }, async () => {
    const { file, db } = open();
    await migrateToLatest(db);
    // A read of this connection first, so that it holds a snapshot from before the other commit.
    await sql`select 1`.execute(db.db);
    const other = holdWriteLock(file, 1_000);
    await other.locked;
    expect(await readThenWrite(db, 'mine')).toBe('written');
    expect(await other.exited).toBe(0);
    const ids = (await db.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(ids).toEqual(['held-by-other', 'mine']);
  });

  it('a start that waited longer than the busy timeout is tried again, and succeeds', { timeout: 30_000 }, async () => {
    const { file, db } = open(100); // a busy timeout far shorter than the other writer holds the lock
    await migrateToLatest(db);
    const other = holdWriteLock(file, 1_500);
    await other.locked;
    expect(await readThenWrite(db, 'mine')).toBe('written');
    expect(await other.exited).toBe(0);
    expect(await db.db.selectFrom('jobs').select('id').where('id', '=', 'mine').executeTakeFirst()).toEqual({ id: 'mine' });
  });
});
