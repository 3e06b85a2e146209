// The rate limits of login and the interest form are counted in the database: two app instances
// over one database (as two web processes would be, each with its own connection) share one
// budget, counts never get lost under concurrency, ended windows are pruned, and an unreachable
// database fails the request closed (503), never open.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createDb, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { expectProblem } from '../test/expect-problem.ts';
import { DIALECTS, openTestDb, testClock, testConfig, testDeps, type Response } from '../test/harness.ts';
import { pruneRateLimitHits } from './rate-limit-store.ts';
import { countHit, peekHits } from './rate-limit.repository.ts';

const LOGIN_LIMIT = 20; // auth.routes.ts: 20 a minute
const MINUTE = 60_000;

async function login(app: FastifyInstance, ip: string, i: number): Promise<Response> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `nobody${i}@nowhere.example`, password: 'irrelevant-pass' }, remoteAddress: ip });
  return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
}

for (const dialect of DIALECTS) {
  describe(`shared rate limits [${dialect}]`, () => {
    let drop: () => Promise<void> = async () => {};
    let second: Db | undefined;
    const clock = testClock();
    let a: FastifyInstance;
    let b: FastifyInstance;
    let first: Db;

    beforeAll(async () => {
      // A database file (SQLite) or schema (PostgreSQL) that a second connection opens too.
      const opened = await openTestDb(dialect, { file: true });
      drop = opened.drop;
      first = opened.db;
      await migrateToLatest(first);
      second = createDb(opened.url);
      const config = testConfig();
      a = await buildApp(testDeps(first, config, clock), { logger: false });
      b = await buildApp(testDeps(second, config, clock), { logger: false });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await second?.destroy();
      await drop();
    });

    it('two app instances share one login budget: the 21st attempt is refused wherever it lands', async () => {
      const ip = '198.51.100.31';
      for (let i = 0; i < LOGIN_LIMIT; i++) expect((await login(i % 2 ? b : a, ip, i)).status).toBe(401);
      expectProblem(await login(a, ip, 100), 429, 'RATE_LIMITED');
      expectProblem(await login(b, ip, 101), 429, 'RATE_LIMITED');
      // Another address has a budget of its own.
      expect((await login(b, '198.51.100.32', 102)).status).toBe(401);
      // A window lasts the route's minute; then the address may try again, on either instance.
      clock.advance(MINUTE + 1000);
      expect((await login(b, ip, 103)).status).toBe(401);
    });

    it('concurrent attempts on both instances never exceed the budget (no count is lost)', async () => {
      const ip = '198.51.100.33';
      const answers = await Promise.all(Array.from({ length: 2 * LOGIN_LIMIT }, (_, i) => login(i % 2 ? b : a, ip, 200 + i)));
      expect(answers.filter((r) => r.status === 401)).toHaveLength(LOGIN_LIMIT);
      expect(answers.filter((r) => r.status === 429)).toHaveLength(LOGIN_LIMIT);
      expect(await peekHits(first.db, `POST /api/v1/auth/login|${ip}`, clock.millis())).toMatchObject({ current: 2 * LOGIN_LIMIT });
    });

    it('each route has its own budget: an exhausted login limit leaves the interest form open', async () => {
      const ip = '198.51.100.34';
      for (let i = 0; i < LOGIN_LIMIT + 1; i++) await login(a, ip, 300 + i);
      expectProblem(await login(b, ip, 400), 429, 'RATE_LIMITED');
      const interest = await b.inject({ method: 'POST', url: '/api/v1/public/catalog/no-such-entry/interest', payload: {}, remoteAddress: ip });
      expect(interest.statusCode).not.toBe(429);
    });

    it('counts atomically over two connections and prunes ended windows only', async () => {
      const now = clock.millis();
      const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => countHit(i % 2 ? first.db : second!.db, 'test|atomic', now, MINUTE)));
      expect(counts.map((c) => c.current).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      for (const c of counts) expect(c.ttl).toBe(MINUTE);
      // A hit after the window ended opens a new one at 1.
      expect(await countHit(first.db, 'test|atomic', now + MINUTE, MINUTE)).toEqual({ current: 1, ttl: MINUTE });
      await countHit(first.db, 'test|short', now, 1000);
      const deps = testDeps(first, testConfig(), clock);
      clock.advance(2000);
      const before = await first.db.selectFrom('rate_limit_hits').select('key').execute();
      const pruned = await pruneRateLimitHits(deps);
      const after = (await first.db.selectFrom('rate_limit_hits').select('key').execute()).map((r) => r.key);
      expect(pruned).toBeGreaterThanOrEqual(1);
      expect(after).not.toContain('test|short');
      expect(after).toContain('test|atomic');
      expect(before.length - after.length).toBe(pruned);
    });
  });
}

describe('shared rate limits: database unreachable', () => {
  it('fails closed: login answers 503 DATABASE_UNAVAILABLE, not an unlimited attempt', async () => {
    // Nothing listens on port 1: every connection is refused at once.
    const db = createDb('postgres://aiep@127.0.0.1:1/none', { pool: { connectTimeoutMs: 1000 }, onConnectionError: () => {} });
    const app = await buildApp(testDeps(db), { logger: false });
    try {
      const res = await login(app, '198.51.100.40', 1);
      expectProblem(res, 503, 'DATABASE_UNAVAILABLE');
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
