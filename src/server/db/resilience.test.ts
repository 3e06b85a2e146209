// Losing the database: requests fail fast with 503 DATABASE_UNAVAILABLE while it cannot be reached;
// on PostgreSQL, terminating every connection of the app (what a failover, a restart or an idle
// timeout does) crashes nothing, /readyz and reads recover by themselves, and LISTEN subscribes
// again and re-checks what it may have missed.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { inTransaction } from '../lib/transaction.ts';
import { loadDemoData } from '../seed/demo.ts';
import { loginTo, PG_URL, testDemoOptions, testDeps } from '../test/harness.ts';
import { waitUntil } from '../jobs/__fixtures__/processes.ts';
import { createDb, isDatabaseUnavailable, listen, type Db } from './connection.ts';
import { migrateToLatest } from './migrate.ts';

const quiet = () => {};

describe('database unreachable', () => {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    // Nothing listens on port 1: every connection attempt is refused at once.
    db = createDb('postgres://aiep@127.0.0.1:1/aiep', { pool: { connectTimeoutMs: 2_000 }, onConnectionError: quiet });
    app = await buildApp(testDeps(db), { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('requests answer 503 DATABASE_UNAVAILABLE as problem+json, and /readyz 503', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'program.officer@ita.example', password: 'demo-password-2026' } });
    expect(login.statusCode).toBe(503);
    expect(login.headers['content-type']).toContain('application/problem+json');
    expect(login.json()).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(login.headers['retry-after']).toBe('5');
    const read = await app.inject({ method: 'GET', url: '/api/v1/proposals', headers: { cookie: '__Host-aiep_session=whatever' } });
    expect(read.statusCode).toBe(503);
    expect(read.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(JSON.stringify(read.json())).not.toContain('ECONNREFUSED'); // no internals
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
  });

  it('tells connection losses from other errors', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

if (!PG_URL) process.stderr.write('» PostgreSQL connection-loss tests skipped: TEST_DATABASE_URL is not set\n');

describe.skipIf(!PG_URL)('PostgreSQL connection loss', () => {
  const appName = `aiep-test-${randomBytes(4).toString('hex')}`;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let db: Db;
  let app: FastifyInstance;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  const deps = () => testDeps(db);

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }
  /** Terminates every connection of this app (and only those: other suites share the database). */
  async function terminateAppConnections(): Promise<number[]> {
    const terminate = 'select pid, pg_terminate_backend(pid) from (select pid from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid() offset 0) app';
    const pids = await admin(async (c) => (await c.query<{ pid: number }>(terminate, [appName])).rows.map((r) => r.pid));
    await waitUntil('the terminated backends gone', 10_000, () =>
      admin(async (c) => ((await c.query('select 1 from pg_stat_activity where pid = any($1::int[])', [pids])).rowCount === 0 ? true : undefined)),
    );
    await sleep(300); // let the closed sockets' events reach this process
    return pids;
  }

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    await admin((c) => c.query(`create schema ${schema}`));
    db = createDb(PG_URL!, { pgSchema: schema, applicationName: appName, pool: { max: 6, connectTimeoutMs: 3_000 }, onConnectionError: quiet });
    await migrateToLatest(db);
    await loadDemoData(deps(), testDemoOptions());
    app = await buildApp(deps(), { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await app?.close();
    await db?.destroy();
    await admin((c) => c.query(`drop schema ${schema} cascade`));
  });

  it('terminating every connection crashes nothing; /readyz and a proposal read recover by themselves', { timeout: 60_000 }, async () => {
    const po = await loginTo(app, 'program.officer@ita.example');
    const list = await po.get('/api/v1/proposals');
    expect(list.status).toBe(200);
    const id = String(list.body.items[0].id);
    // Several idle connections in the pool, and one checked out inside a transaction across the kill.
    await Promise.all(Array.from({ length: 5 }, () => po.get(`/api/v1/proposals/${id}`)));
    let inside = false;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const held = inTransaction(deps(), async (tx) => {
      await sql`select 1`.execute(tx.trx);
      inside = true;
      await gate;
      await sql`select 1`.execute(tx.trx);
    }).then(
      () => null,
      (err: unknown) => err,
    );
    await waitUntil('the transaction open', 10_000, () => (inside ? true : undefined));

    const killed = await terminateAppConnections();
    expect(killed.length).toBeGreaterThanOrEqual(2);
    release();
    expect(isDatabaseUnavailable(await held)).toBe(true); // its connection is gone: the transaction fails, as unavailable

    const statuses: number[] = [];
    await waitUntil('/readyz answers 200 again', 10_000, async () => {
      const r = await app.inject({ method: 'GET', url: '/readyz' });
      statuses.push(r.statusCode);
      return r.statusCode === 200 ? true : undefined;
    });
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect((await po.get(`/api/v1/proposals/${id}`)).status).toBe(200);
    expect(uncaught).toEqual([]);
  });

  it('LISTEN reconnects after its connection is terminated, subscribes again and re-checks once', { timeout: 60_000 }, async () => {
    const got: (string | null)[] = [];
    const listener = await listen(db, 'aiep_test_channel', (p) => got.push(p), { minBackoffMs: 50, onError: quiet });
    try {
      expect(listener.connected()).toBe(true);
      const notify = (payload: string) => admin((c) => c.query('select pg_notify($1, $2)', ['aiep_test_channel', payload]));
      await notify('before');
      await waitUntil('the notification before the kill', 10_000, () => (got.includes('before') ? true : undefined));

      await terminateAppConnections();
      await waitUntil('subscribed again, with one re-check', 10_000, () => (listener.connected() && got.includes(null) ? true : undefined));
      expect(got.filter((p) => p === null)).toHaveLength(1);
      await notify('after');
      await waitUntil('the notification after the kill', 10_000, () => (got.includes('after') ? true : undefined));
      expect(uncaught).toEqual([]);
    } finally {
      await listener.close();
    }
    expect(listener.connected()).toBe(false);
  });
});
