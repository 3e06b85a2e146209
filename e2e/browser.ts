// Shared set-up for browser tests: the real server on a free port (SQLite file, demo data) and
// Debian's Chromium driven by playwright-core. Skipped, with a notice, where Chromium is absent.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { build } from 'vite';
import { buildApp } from '../src/server/app.ts';
import { createDb, type Db } from '../src/server/db/connection.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { loadDemoData } from '../src/server/seed/demo.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { startWorker, type Worker } from '../src/server/jobs/worker.ts';
import { testClock, testConfig, testDeps } from '../src/server/test/harness.ts';
import { completeSecondFactor, knownTotpSecret, nextAcceptedCode, registerTestDeps, rememberTotpSecret, testDepsOf } from '../src/server/test/mfa-login.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

export interface BrowserEnv {
  baseUrl: string;
  browser: Browser;
  /** What the job worker reported (failed jobs, failed ticks), when the environment runs one. */
  workerLog: string[];
  close(): Promise<void>;
}

export interface BrowserEnvOptions {
  /**
   * Runs the job worker in the server's process, as the `all` role does (src/server/main.ts): the
   * re-screening a list activation queues, batch screening jobs, the periodic party sync.
   */
  worker?: boolean;
  /** Settings over the test configuration (read when the environment starts). */
  config?: Partial<Record<string, string>>;
  /** The port to listen on (default: a free one), for settings that must name the server's address. */
  port?: number;
}

let built: Promise<unknown> | null = null;

/** Builds the web app once per test process into a private folder. */
function buildWeb(outDir: string) {
  built ??= build({ configFile: 'vite.config.ts', logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  return built;
}

export async function startBrowserEnv(opts: BrowserEnvOptions = {}): Promise<BrowserEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'aiep-e2e-'));
  const webRoot = join(dir, 'web');
  await buildWeb(webRoot);
  const db: Db = createDb(`sqlite:${join(dir, 'e2e.db')}`);
  await migrateToLatest(db);
  const config = testConfig(opts.config);
  // The browser keeps real time (cookie expiry, date inputs), so the server runs on the real clock here.
  const deps = testDeps(db, config, testClock(systemClock.nowIso()));
  await loadDemoData(deps);
  const app: FastifyInstance = await buildApp(deps, { logger: false, webRoot });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  // The second sign-in step of apiAs and loginAs reads (and steps) this server's clock (mfa-login.ts).
  registerTestDeps(deps, { baseUrl: `http://localhost:${port}` });
  const workerLog: string[] = [];
  const worker: Worker | null = opts.worker
    ? startWorker(deps, { pollMs: 250, log: (msg, err) => workerLog.push(`${msg}${err ? `: ${err instanceof Error ? err.message : String(err)}` : ''}`) })
    : null;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // playwright-core runs headless with a fresh temporary profile (--user-data-dir) on every launch.
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    baseUrl: `http://localhost:${port}`,
    browser,
    workerLog,
    async close() {
      await browser.close();
      await worker?.stop(5_000);
      await app.close();
      await db.destroy();
    },
  };
}

/** Every console error and uncaught script error the page logs from now on. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** A logged-in API client over real HTTP, for setting the scene of a browser test. */
export async function apiAs(baseUrl: string, email: string, password = 'demo-password-2026') {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`login ${email}: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const answer = (await login.json()) as { csrfToken: string; user: { id: string; email: string }; mfa?: string };
  const { csrfToken } = answer;
  // Government users and admins answer the second step as a user would (src/server/test/mfa-login.ts).
  if (answer.mfa && answer.mfa !== 'ok') {
    await completeSecondFactor(testDepsOf({ baseUrl }), answer, async (path, body) => {
      const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    });
  }
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // Tests read the API's answers as they come (untyped JSON).
    const json: any = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  /** A request whose body is not JSON (a list file upload). */
  const postText = async (path: string, body: string, contentType: string) => {
    const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': contentType }, body });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    const json: any = await res.json();
    return json;
  };
  /** The status a call answers, for asserting refusals (the calls above throw on them). */
  const status = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.status;
  };
  return { get: (p: string) => call('GET', p), post: (p: string, b: unknown = {}) => call('POST', p, b), put: (p: string, b: unknown) => call('PUT', p, b), postText, status };
}

/** A fresh browser context logged in as `email` on the web app's login form. */
export async function loginAs(env: BrowserEnv, email: string, password = 'demo-password-2026') {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(env.baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Log in' }).click();
  const login = (await (await answered).json()) as { user?: { id: string; email: string }; mfa?: string };
  // The second step, as a user with an authenticator would take it (src/server/test/mfa-login.ts).
  if (login.user && login.mfa === 'challenge') {
    const deps = testDepsOf({ baseUrl: env.baseUrl });
    await page.getByLabel('Authentication code').fill(await nextAcceptedCode(deps, login.user.id, knownTotpSecret(deps, email)));
    await page.getByRole('button', { name: 'Verify' }).click();
  } else if (login.user && login.mfa === 'enroll') {
    // A user whose role requires two-factor sign-in sets up an authenticator with the secret shown.
    const deps = testDepsOf({ baseUrl: env.baseUrl });
    const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
    await page.getByLabel('Authentication code').fill(await nextAcceptedCode(deps, login.user.id, secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: /I have saved these codes/ }).click();
    rememberTotpSecret(deps, email, secret);
  }
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  return { page, close: () => context.close() };
}

/**
 * Starts the app and Chromium around the enclosing `describe` block: `env()` is the running
 * environment, `login(email)` a fresh browser context logged in on the web app's form.
 */
export function useBrowserEnv(opts: BrowserEnvOptions = {}) {
  let current: BrowserEnv | undefined;
  beforeAll(async () => {
    current = await startBrowserEnv(opts);
  }, 120_000);
  afterAll(async () => current?.close());
  const env = (): BrowserEnv => {
    if (!current) throw new Error('the browser environment is not running');
    return current;
  };
  return { env, login: (email: string, password?: string) => loginAs(env(), email, password) };
}

/** Every answer of the server with a 5xx status the page receives from now on (method, path and status). */
export function serverErrors(page: Page): string[] {
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 500) failures.push(`${r.request().method()} ${new URL(r.url()).pathname}: ${r.status()}`);
  });
  return failures;
}

