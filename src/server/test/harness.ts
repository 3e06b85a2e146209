// Test harness: every database-touching suite runs once per dialect — SQLite always, PostgreSQL
// when TEST_DATABASE_URL is set (each suite in a schema of its own, dropped afterwards).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { createDb, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { composeDeps } from '../compose.ts';
import { clockStartingAt, type SettableClock } from '../lib/clock.ts';
import type { Deps } from '../lib/context.ts';
import { loadDemoData, shippedScreeningList, type DemoOptions } from '../seed/demo.ts';
import { parseUploadedList, type ParsedList } from '../modules/screening/screening.lists.ts';
import { completeSecondFactor, registerTestDeps, testDepsOf } from './mfa-login.ts';

export const PG_URL = process.env.TEST_DATABASE_URL;
export const DEMO_PASSWORD = 'demo-password-2026';

/**
 * Every test runs on a pinned clock, so no expectation depends on the day the suite runs. The
 * default is a fixed instant; AIEP_TEST_NOW moves the whole suite to another date (the test script
 * runs a slice of it in 2027 and 2030 that way).
 */
export const TEST_NOW = process.env.AIEP_TEST_NOW ?? '2026-11-16T12:00:00.000Z';
export const testClock = (startIso: string = TEST_NOW): SettableClock => clockStartingAt(startIso);

/** Deps for a test: the given database, the test configuration and a pinned clock. */
export const testDeps = (db: Db, config: Config = testConfig(), clock: SettableClock = testClock()): Deps & { clock: SettableClock } => {
  const deps = composeDeps({ db, config, clock });
  // The second sign-in step of loginTo reads (and steps) this clock (mfa-login.ts).
  registerTestDeps(deps);
  return deps;
};

/**
 * The screening list the tests' demo data activates unless a suite asks for the shipped snapshot:
 * 30 entries of the snapshot (five of each of its lists). No demo party matches the snapshot, so
 * the demo screens the same with either; the snapshot's index costs a second or two per database.
 */
export const DEMO_SAMPLE_LIST_FILE = new URL('../seed/__fixtures__/csl-2022-05-sample.csv', import.meta.url);
let sampleList: ParsedList | undefined;

/** The demo options of a test database: the sample list, or with `'snapshot'` the shipped one. */
export function testDemoOptions(list: 'sample' | 'snapshot' = 'sample'): DemoOptions {
  if (list === 'snapshot') return { screeningList: shippedScreeningList() };
  sampleList ??= parseUploadedList(readFileSync(DEMO_SAMPLE_LIST_FILE, 'utf8'), 'csl-2022-05-sample.csv', 'csl');
  return { screeningList: sampleList };
}

export const DIALECTS: ('sqlite' | 'postgres')[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface Harness {
  app: FastifyInstance;
  deps: Deps & { clock: SettableClock };
  dialect: 'sqlite' | 'postgres';
  /** Logs a user in and returns a client that sends its cookie and CSRF token. */
  login(email: string, password?: string): Promise<Client>;
}

export interface Response {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on parsed JSON of many shapes
  headers: Record<string, unknown>;
}

export interface Client {
  get(url: string): Promise<Response>;
  post(url: string, body?: unknown): Promise<Response>;
  put(url: string, body?: unknown): Promise<Response>;
  patch(url: string, body?: unknown): Promise<Response>;
  delete(url: string): Promise<Response>;
  cookie: string;
  csrf: string;
}

/** The audit key of the tests' configurations (any key of 32 characters or more does). */
export const TEST_AUDIT_KEY = 'test-audit-key-0123456789abcdef0123456789abcdef';

/** The key that encrypts TOTP secrets in the tests' configurations (so no key file is written). */
export const TEST_MFA_KEY = 'test-mfa-key-0123456789abcdef0123456789abcdef';

/**
 * The test configuration. The audit chain is keyed with TEST_AUDIT_KEY, and its checkpoints (and any
 * key file) go to a directory of the configuration's own under the system's temporary directory.
 */
export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  const auditDir = join(tmpdir(), 'aiep-test-audit', randomBytes(6).toString('hex'));
  return loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'off',
    COOKIE_SECURE: 'true',
    AUDIT_HMAC_KEY: TEST_AUDIT_KEY,
    AUDIT_KEY_FILE: join(auditDir, 'audit.key'),
    AUDIT_KEYRING_DIR: join(auditDir, 'audit-keys'),
    AUDIT_CHECKPOINT_FILE: join(auditDir, 'audit-checkpoints.jsonl'),
    MFA_SECRET_KEY: TEST_MFA_KEY,
    ...overrides,
  });
}

/**
 * A fresh database of the dialect: SQLite in memory (or in a file, with `file`, so that a child
 * process such as the CLI can open it too), or a PostgreSQL schema of its own, dropped by `drop`.
 * `url` is what another process passes as DATABASE_URL to reach the same database.
 */
export async function openTestDb(dialect: 'sqlite' | 'postgres', opts: { file?: boolean } = {}): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const url = opts.file ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'aiep-test-')), 'test.db')}` : 'sqlite::memory:';
    const db = createDb(url);
    return { db, url, drop: () => db.destroy() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = createDb(PG_URL!, { pgSchema: schema });
  return {
    db,
    url: `${PG_URL!}${PG_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/** Logs a user in to an app and returns a client that sends its session cookie and CSRF token. */
export async function loginTo(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const cookie = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;
  const body = JSON.parse(res.body) as { csrfToken: string; user: { id: string; email: string }; mfa?: string };
  const client = inject(app, cookie, body.csrfToken);
  // Users whose roles require two-factor sign-in answer the second step as a user would (mfa-login.ts).
  if (body.mfa && body.mfa !== 'ok') await completeSecondFactor(testDepsOf({ app }), body, client.post);
  return client;
}

export function inject(app: FastifyInstance, cookie: string, csrf: string): Client {
  const call = async (method: string, url: string, body?: unknown): Promise<Response> => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  };
  return {
    cookie,
    csrf,
    get: (u) => call('GET', u),
    post: (u, b) => call('POST', u, b ?? {}),
    put: (u, b) => call('PUT', u, b),
    patch: (u, b) => call('PATCH', u, b),
    delete: (u) => call('DELETE', u),
  };
}

/**
 * Declares `title` once per dialect with a fresh, migrated database holding the demo data (with
 * the sample screening list, unless `demoList: 'snapshot'`).
 * The callback receives a getter, since the harness exists only once beforeAll has run.
 */
export function describeEachDb(
  title: string,
  fn: (h: () => Harness) => void,
  opts: { demo?: boolean; /** the screening list the demo activates (testDemoOptions) */ demoList?: 'sample' | 'snapshot'; config?: Partial<Record<string, string>> } = {},
) {
  for (const dialect of DIALECTS) {
    describe(`${title} [${dialect}]`, () => {
      let harness: Harness | undefined;
      let drop: () => Promise<void> = async () => {};
      beforeAll(async () => {
        const opened = await openTestDb(dialect);
        drop = opened.drop;
        const deps = testDeps(opened.db, testConfig(opts.config));
        await migrateToLatest(deps.db);
        if (opts.demo !== false) await loadDemoData(deps, testDemoOptions(opts.demoList));
        const app = await buildApp(deps, { logger: false });
        await app.ready();
        registerTestDeps(deps, { app });
        harness = {
          app,
          deps,
          dialect,
          login: (email, password) => loginTo(app, email, password),
        };
      });
      afterAll(async () => {
        await harness?.app.close();
        await drop();
      });
      fn(() => {
        if (!harness) throw new Error('harness not ready');
        return harness;
      });
    });
  }
}
