// The second step of a test login (src/server/test/harness.ts `loginTo`, e2e/browser.ts `apiAs` and
// `loginAs`): the real product asks for it, and the tests answer like a user would.
// - A seeded demo account has the authenticator the demo data derives from DEMO_PASSWORD
//   (demoTotpSecret); an account the helper enrolled itself, the secret the set-up returned.
// - A code is accepted once per 30-second step per user. A test logging the same user in again
//   within one step would be refused, like a replayed code; the helper then uses the next step's
//   code (accepted, ±1 step) and, when that is taken too, moves the server's clock on to the next
//   step — the clock the product reads (deps.clock), not the machine's. Nothing is disabled.
import type { SettableClock } from '../lib/clock.ts';
import type { Deps } from '../lib/context.ts';
import { findUsedMfaSteps } from '../modules/auth/mfa.repository.ts';
import { demoTotpSecret, TOTP_PERIOD_S, totpCodeAtStep, totpStep } from '../modules/auth/mfa.totp.ts';

export type TestDeps = Deps & { clock: SettableClock };
type Post = (url: string, body: unknown) => Promise<{ status: number; body: unknown }>;

/** Secrets of accounts the helper enrolled, per database. */
const enrolledSecrets = new WeakMap<object, Map<string, string>>();

function secretsOf(deps: TestDeps): Map<string, string> {
  let m = enrolledSecrets.get(deps.db);
  if (!m) enrolledSecrets.set(deps.db, (m = new Map()));
  return m;
}

/** The TOTP secret the tests know for an enrolled account (the helper's own enrolment, else the demo one). */
export function knownTotpSecret(deps: TestDeps, email: string): string {
  return secretsOf(deps).get(email.toLowerCase()) ?? demoTotpSecret(email, deps.config.DEMO_PASSWORD);
}

/** Lets the helper know a secret a test enrolled itself. */
export function rememberTotpSecret(deps: TestDeps, email: string, secret: string): void {
  secretsOf(deps).set(email.toLowerCase(), secret);
}

/**
 * A code for the user that the server will accept now: of the current step, or of the next one when
 * the current one was used; if both were, the server's clock moves to the next step first.
 */
export async function nextAcceptedCode(deps: TestDeps, userId: string, secret: string): Promise<string> {
  const used = new Set(await findUsedMfaSteps(deps.db.db, userId));
  let now = totpStep(deps.clock.millis());
  if (used.has(now) && used.has(now + 1)) {
    deps.clock.set(new Date((now + 1) * TOTP_PERIOD_S * 1000).toISOString());
    now = totpStep(deps.clock.millis());
  }
  return totpCodeAtStep(secret, used.has(now) ? now + 1 : now);
}

/**
 * Completes a login whose answer asked for a second step ('challenge': enter a code; 'enroll': set
 * up an authenticator first), through the API with `post` (the session's own client).
 */
export async function completeSecondFactor(deps: TestDeps, login: { user: { id: string; email: string }; mfa?: string }, post: Post): Promise<void> {
  // One second step at a time per user: two concurrent logins of one user (Promise.all in a test)
  // would otherwise pick the same step's code, and the second would be a replay.
  await inTurn(deps, login.user.id, () => secondStep(deps, login, post));
}

const turns = new WeakMap<object, Map<string, Promise<unknown>>>();

async function inTurn<T>(deps: TestDeps, userId: string, fn: () => Promise<T>): Promise<T> {
  let m = turns.get(deps.db);
  if (!m) turns.set(deps.db, (m = new Map()));
  const before = m.get(userId) ?? Promise.resolve();
  const run = before.then(fn, fn);
  m.set(userId, run.catch(() => undefined));
  return run;
}

async function secondStep(deps: TestDeps, login: { user: { id: string; email: string }; mfa?: string }, post: Post): Promise<void> {
  const { id, email } = login.user;
  if (login.mfa === 'challenge') {
    const res = await post('/api/v1/auth/mfa/verify', { code: await nextAcceptedCode(deps, id, knownTotpSecret(deps, email)) });
    if (res.status !== 200) throw new Error(`second step of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  } else if (login.mfa === 'enroll') {
    const started = await post('/api/v1/auth/mfa/enrollment', {});
    if (started.status !== 200) throw new Error(`MFA set-up of ${email} failed: ${started.status} ${JSON.stringify(started.body)}`);
    const { secret } = started.body as { secret: string };
    rememberTotpSecret(deps, email, secret);
    const res = await post('/api/v1/auth/mfa/enrollment/confirm', { code: await nextAcceptedCode(deps, id, secret) });
    if (res.status !== 200) throw new Error(`MFA set-up of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

// Which deps serve an app or a base URL, so the helpers that get only those can reach the clock.
const depsByApp = new WeakMap<object, TestDeps>();
const depsByUrl = new Map<string, TestDeps>();
let lastDeps: TestDeps | undefined;

export function registerTestDeps(deps: TestDeps, where?: { app?: object; baseUrl?: string }): void {
  lastDeps = deps;
  if (where?.app) depsByApp.set(where.app, deps);
  if (where?.baseUrl) depsByUrl.set(where.baseUrl, deps);
}

/** The deps of an app or base URL; else those of the last test database set up in this file. */
export function testDepsOf(where: { app?: object; baseUrl?: string }): TestDeps {
  const deps = (where.app && depsByApp.get(where.app)) || (where.baseUrl && depsByUrl.get(where.baseUrl)) || lastDeps;
  if (!deps) throw new Error('no test deps registered: the second sign-in step needs the server’s clock');
  return deps;
}
