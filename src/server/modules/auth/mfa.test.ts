// Two-factor sign-in: enrolment, the second step of a sign-in, replayed and wrong codes, recovery
// codes, pending sessions kept away from the rest of the API, who must enrol, the administrator's
// reset, and what one user can do about another's set-up.
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { DEMO_PASSWORD, describeEachDb, inject, type Client, type Harness } from '../../test/harness.ts';
import { knownTotpSecret, nextAcceptedCode, rememberTotpSecret } from '../../test/mfa-login.ts';
import { initialMfaState, mfaRequiredFor } from './mfa.policy.ts';
import { resetUserMfaByEmail } from './mfa.service.ts';
import { demoTotpSecret, matchTotp, openSecret, recoveryCodeHash, sealSecret, totpCodeAtStep, totpStep } from './mfa.totp.ts';

const PASSWORD = 'a-long-enough-test-password-42';

interface PendingLogin {
  client: Client;
  status: number;
  body: { mfa?: string; user?: { id: string; email: string }; code?: string };
}

/** A raw password login that stops before the second step (from a source of the test's own). */
async function passwordLogin(h: () => Harness, email: string, password = DEMO_PASSWORD, ip = '203.0.113.10'): Promise<PendingLogin> {
  const res = await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  const body = JSON.parse(res.body) as PendingLogin['body'] & { csrfToken?: string };
  const setCookie = res.headers['set-cookie'];
  const cookie = setCookie ? String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]! : '';
  return { client: inject(h().app, cookie, body.csrfToken ?? ''), status: res.statusCode, body };
}

/** POSTs from a given source address (the throttle counts per source). */
async function postFrom(h: () => Harness, c: Client, ip: string, url: string, payload: unknown) {
  const res = await h().app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, remoteAddress: ip, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf } });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> & { code?: string }, headers: res.headers };
}

async function auditOf(h: () => Harness, entityId: string) {
  const rows = await h().deps.db.db.selectFrom('audit_events').select(['action', 'actor_id', 'data_json']).where('entity_id', '=', entityId).orderBy('seq').execute();
  return rows.map((r) => ({ action: r.action, actorId: r.actor_id, data: r.data_json ? (JSON.parse(r.data_json) as Record<string, unknown>) : null }));
}

async function createUser(h: () => Harness, email: string, orgId: string, roles: string[]): Promise<string> {
  const admin = await h().login('admin@aiep.example');
  const res = await admin.post('/api/v1/users', { email, name: `User ${email.split('@')[0]}`, orgId, roles, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { id: string }).id;
}

/** Enrols a pending 'enroll' session through the API; the secret and the recovery codes. */
async function enrol(h: () => Harness, c: Client, userId: string, email: string) {
  const started = await c.post('/api/v1/auth/mfa/enrollment');
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const { secret } = started.body as { secret: string };
  const confirmed = await c.post('/api/v1/auth/mfa/enrollment/confirm', { code: await nextAcceptedCode(h().deps, userId, secret) });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  rememberTotpSecret(h().deps, email, secret);
  return { secret, recoveryCodes: (confirmed.body as { recoveryCodes: string[] }).recoveryCodes };
}

describe('mfa rules (pure)', () => {
  it('codes match within one step either side, and not further', () => {
    const secret = demoTotpSecret('someone@agency.example', DEMO_PASSWORD);
    const now = Date.parse('2026-11-16T12:00:10.000Z');
    const step = totpStep(now);
    expect(matchTotp(secret, totpCodeAtStep(secret, step), now)).toBe(step);
    expect(matchTotp(secret, totpCodeAtStep(secret, step - 1), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCodeAtStep(secret, step + 1), now)).toBe(step + 1);
    expect(matchTotp(secret, totpCodeAtStep(secret, step + 2), now)).toBeNull();
    expect(matchTotp(secret, totpCodeAtStep(secret, step - 2), now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('secrets are sealed per user and the same code normalizes the same', () => {
    const config = { MFA_SECRET_KEY: 'k'.repeat(40), MFA_KEY_FILE: '/nonexistent' };
    const sealed = sealSecret(config, 'user-1', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(config, 'user-1', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(openSecret(config, 'user-2', sealed)).toBeNull();
    expect(openSecret({ ...config, MFA_SECRET_KEY: 'z'.repeat(40) }, 'user-1', sealed)).toBeNull();
    expect(recoveryCodeHash('ABCDE-fghjk')).toBe(recoveryCodeHash(' abcde fghjk '));
  });

  it('who must use a second factor, and the state a sign-in starts in', () => {
    expect(mfaRequiredFor(['program_officer'], ['program_officer', 'admin'])).toBe(true);
    expect(mfaRequiredFor(['anchor_member'], ['program_officer', 'admin'])).toBe(false);
    expect(initialMfaState({ mfaSatisfied: true, enrolled: true, required: true })).toBe('ok');
    expect(initialMfaState({ mfaSatisfied: false, enrolled: true, required: false })).toBe('challenge');
    expect(initialMfaState({ mfaSatisfied: false, enrolled: false, required: true })).toBe('enroll');
    expect(initialMfaState({ mfaSatisfied: false, enrolled: false, required: false })).toBe('ok');
  });
});

describeEachDb('two-factor sign-in', (h) => {
  it('a government user without an authenticator must set one up before anything else', async () => {
    const email = 'new.officer@ita.example';
    const userId = await createUser(h, email, 'org-ita', ['program_officer']);
    const login = await passwordLogin(h, email, PASSWORD);
    expect(login.status).toBe(200);
    expect(login.body.mfa).toBe('enroll');
    const c = login.client;

    const blocked = await c.get('/api/v1/proposals');
    expectProblem(blocked, 403, 'MFA_REQUIRED');
    expect(blocked.body.mfa).toBe('enroll');
    expectProblem(await c.post('/api/v1/api-keys', { name: 'early' }), 403, 'MFA_REQUIRED');
    expectProblem(await c.post('/api/v1/auth/mfa/verify', { code: '123456' }), 403, 'MFA_REQUIRED');
    expect((await c.get('/api/v1/auth/session')).body).toMatchObject({ user: { email }, mfa: 'enroll' });
    expect((await c.get('/api/v1/auth/mfa')).body).toMatchObject({ enrolled: false, required: true, session: 'enroll', demoCode: null });

    expectProblem(await c.post('/api/v1/auth/mfa/enrollment/confirm', { code: '123456' }), 409, 'MFA_ENROLLMENT_NOT_STARTED');
    const started = await c.post('/api/v1/auth/mfa/enrollment');
    expect(started.status).toBe(200);
    const { secret, otpauthUri } = started.body as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/aiep:new.officer%40ita.example\?/);
    expect(otpauthUri).toContain('issuer=aiep');
    expect(otpauthUri).toContain(`secret=${secret}`);

    // A wrong code enables nothing and leaves the session pending.
    const wrong = await c.post('/api/v1/auth/mfa/enrollment/confirm', { code: totpCodeAtStep(secret, totpStep(h().deps.clock.millis()) + 5) });
    expectProblem(wrong, 400, 'MFA_CODE_INVALID');
    expectProblem(await c.post('/api/v1/auth/mfa/enrollment/confirm', { code: 'nope' }), 400, 'VALIDATION_FAILED');
    expect((await c.get('/api/v1/auth/mfa')).body).toMatchObject({ enrolled: false, session: 'enroll' });
    expectProblem(await c.get('/api/v1/proposals'), 403, 'MFA_REQUIRED');

    const confirmed = await c.post('/api/v1/auth/mfa/enrollment/confirm', { code: await nextAcceptedCode(h().deps, userId, secret) });
    expect(confirmed.status).toBe(200);
    const codes = (confirmed.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    rememberTotpSecret(h().deps, email, secret);

    expect((await c.get('/api/v1/proposals')).status).toBe(200);
    const status = (await c.get('/api/v1/auth/mfa')).body;
    expect(status).toEqual({ enrolled: true, required: true, session: 'ok', recoveryCodesLeft: 10, demoCode: null });
    expect(JSON.stringify(status)).not.toContain(secret);
    expectProblem(await c.post('/api/v1/auth/mfa/enrollment'), 409, 'MFA_ALREADY_ENROLLED');

    // At rest: the secret encrypted, the recovery codes hashed.
    const row = await h().deps.db.db.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(secret);
    expect(row.pending_secret_enc).toBeNull();
    const stored = await h().deps.db.db.selectFrom('mfa_recovery_codes').select('code_hash').where('user_id', '=', userId).execute();
    expect(stored.map((s) => s.code_hash)).not.toContain(codes[0]);
    expect((await auditOf(h, userId)).map((e) => e.action)).toEqual(expect.arrayContaining(['mfa.enrollment_started', 'auth.mfa_failed', 'mfa.enrolled']));

    // The next sign-in asks for a code.
    const again = await passwordLogin(h, email, PASSWORD);
    expect(again.body.mfa).toBe('challenge');
  });

  it('an enrolled user signs in with a code; a wrong or replayed code is refused', async () => {
    const email = 'decision@ita.example';
    const first = await passwordLogin(h, email);
    expect(first.body.mfa).toBe('challenge');
    const userId = first.body.user!.id;
    expectProblem(await first.client.get('/api/v1/proposals'), 403, 'MFA_REQUIRED');
    expect((await first.client.get('/api/v1/proposals')).body.mfa).toBe('challenge');
    expectProblem(await first.client.post('/api/v1/auth/mfa/enrollment'), 403, 'MFA_REQUIRED');

    const secret = knownTotpSecret(h().deps, email);
    const now = totpStep(h().deps.clock.millis());
    expectProblem(await first.client.post('/api/v1/auth/mfa/verify', { code: totpCodeAtStep(secret, now + 3) }), 400, 'MFA_CODE_INVALID');
    expectProblem(await first.client.get('/api/v1/proposals'), 403, 'MFA_REQUIRED');
    const code = await nextAcceptedCode(h().deps, userId, secret);
    const ok = await first.client.post('/api/v1/auth/mfa/verify', { code });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ mfa: 'ok' });
    expect((await first.client.get('/api/v1/proposals')).status).toBe(200);
    expectProblem(await first.client.post('/api/v1/auth/mfa/verify', { code }), 409, 'MFA_ALREADY_VERIFIED');

    // The same code on another sign-in is a replay, however soon.
    const second = await passwordLogin(h, email);
    expectProblem(await second.client.post('/api/v1/auth/mfa/verify', { code }), 400, 'MFA_CODE_INVALID');
    expectProblem(await second.client.get('/api/v1/proposals'), 403, 'MFA_REQUIRED');
    // Another valid code (of the next step) is fine.
    expect((await second.client.post('/api/v1/auth/mfa/verify', { code: await nextAcceptedCode(h().deps, userId, secret) })).status).toBe(200);
    const actions = (await auditOf(h, userId)).map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.mfa_verified')).toHaveLength(2);
    expect(actions.filter((a) => a === 'auth.mfa_failed')).toHaveLength(2);
    const loginEvent = (await auditOf(h, userId)).find((e) => e.action === 'auth.login');
    expect(loginEvent?.data).toMatchObject({ mfa: 'challenge' });
  });

  it('recovery codes work once each; regenerating them ends the old ones', async () => {
    const email = 'recovery.analyst@ita.example';
    const userId = await createUser(h, email, 'org-ita', ['screening_analyst']);
    const { recoveryCodes } = await enrol(h, (await passwordLogin(h, email, PASSWORD)).client, userId, email);

    const a = await passwordLogin(h, email, PASSWORD);
    const used = await a.client.post('/api/v1/auth/mfa/verify', { recoveryCode: recoveryCodes[0]!.toUpperCase() });
    expect(used.status).toBe(200);
    expect(used.body).toEqual({ mfa: 'ok', recoveryCodesLeft: 9 });
    const b = await passwordLogin(h, email, PASSWORD);
    expectProblem(await b.client.post('/api/v1/auth/mfa/verify', { recoveryCode: recoveryCodes[0] }), 400, 'MFA_CODE_INVALID');
    expectProblem(await b.client.post('/api/v1/auth/mfa/verify', { recoveryCode: recoveryCodes[1], code: '123456' }), 400, 'VALIDATION_FAILED');

    // Regenerating needs a current code, and the old codes then fail.
    expectProblem(await a.client.post('/api/v1/auth/mfa/recovery-codes', { code: '000000' }), 400, 'MFA_CODE_INVALID');
    const fresh = await a.client.post('/api/v1/auth/mfa/recovery-codes', { code: await nextAcceptedCode(h().deps, userId, knownTotpSecret(h().deps, email)) });
    expect(fresh.status).toBe(200);
    const newCodes = (fresh.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(newCodes).toHaveLength(10);
    expectProblem(await b.client.post('/api/v1/auth/mfa/verify', { recoveryCode: recoveryCodes[1] }), 400, 'MFA_CODE_INVALID');
    expect((await b.client.post('/api/v1/auth/mfa/verify', { recoveryCode: newCodes[1] })).status).toBe(200);
    expect((await auditOf(h, userId)).map((e) => e.action)).toContain('mfa.recovery_codes_regenerated');
  });

  it('company users may sign in without a second factor, set one up and turn it off again; required users may not', async () => {
    const email = 'anchor@northstar.example';
    const login = await passwordLogin(h, email);
    expect(login.body.mfa).toBe('ok');
    const c = login.client;
    expect((await c.get('/api/v1/auth/mfa')).body).toMatchObject({ enrolled: false, required: false, session: 'ok' });
    const userId = login.body.user!.id;
    const { secret } = await enrol(h, c, userId, email);
    expect((await c.get('/api/v1/proposals')).status).toBe(200);

    const next = await passwordLogin(h, email);
    expect(next.body.mfa).toBe('challenge');
    expect((await next.client.post('/api/v1/auth/mfa/verify', { code: await nextAcceptedCode(h().deps, userId, secret) })).status).toBe(200);
    expectProblem(await next.client.post('/api/v1/auth/mfa/disable', { code: '999999' }), 400, 'MFA_CODE_INVALID');
    expect((await next.client.post('/api/v1/auth/mfa/disable', { code: await nextAcceptedCode(h().deps, userId, secret) })).status).toBe(204);
    expect((await passwordLogin(h, email)).body.mfa).toBe('ok');
    expect((await auditOf(h, userId)).map((e) => e.action)).toContain('mfa.disabled');

    const officer = await h().login('program.officer@ita.example');
    const poId = (await officer.get('/api/v1/auth/session')).body.user.id as string;
    expectProblem(await officer.post('/api/v1/auth/mfa/disable', { code: await nextAcceptedCode(h().deps, poId, knownTotpSecret(h().deps, 'program.officer@ita.example')) }), 403, 'MFA_REQUIRED_BY_ROLE');
    expect((await officer.get('/api/v1/auth/mfa')).body).toMatchObject({ enrolled: true, required: true });
  });

  it('an administrator resets a user’s set-up: audited, mailed, sessions ended, set up again at the next sign-in', async () => {
    const email = 'reset.reviewer@state.example';
    const userId = await createUser(h, email, 'org-state', ['interagency_reviewer']);
    const userClient = (await passwordLogin(h, email, PASSWORD)).client;
    await enrol(h, userClient, userId, email);
    expect((await userClient.get('/api/v1/auth/session')).body.user).not.toBeNull();

    // Not an administrator: 403, whatever the target; the target is untouched.
    const officer = await h().login('program.officer@ita.example');
    expectProblem(await officer.post(`/api/v1/users/${userId}/mfa/reset`), 403, 'FORBIDDEN');
    expectProblem(await userClient.post(`/api/v1/users/${userId}/mfa/reset`), 403, 'FORBIDDEN');
    expect(await h().deps.db.db.selectFrom('user_mfa').select('user_id').where('user_id', '=', userId).executeTakeFirst()).toBeDefined();

    const admin = await h().login('admin@aiep.example');
    expectProblem(await admin.post('/api/v1/users/no-such-user/mfa/reset'), 404, 'NOT_FOUND');
    expect((await admin.post(`/api/v1/users/${userId}/mfa/reset`)).status).toBe(204);
    expect(await h().deps.db.db.selectFrom('user_mfa').select('user_id').where('user_id', '=', userId).executeTakeFirst()).toBeUndefined();
    expect(await h().deps.db.db.selectFrom('mfa_recovery_codes').select('id').where('user_id', '=', userId).execute()).toEqual([]);
    expect((await userClient.get('/api/v1/auth/session')).body.user).toBeNull();

    const reset = (await auditOf(h, userId)).find((e) => e.action === 'mfa.reset')!;
    const adminId = (await admin.get('/api/v1/auth/session')).body.user.id as string;
    expect(reset).toMatchObject({ actorId: adminId, data: { hadAuthenticator: true, sessionsEnded: 1 } });
    const mail = await h().deps.db.db.selectFrom('mail_outbox').select(['to_address', 'template', 'params_json']).where('user_id', '=', userId).where('template', '=', 'mfa_reset').execute();
    expect(mail).toEqual([{ to_address: email, template: 'mfa_reset', params_json: '{}' }]);

    expect((await passwordLogin(h, email, PASSWORD)).body.mfa).toBe('enroll');

    // The operator's reset from the host (aiep users mfa-reset), for an administrator with nobody to reset it.
    expect(await resetUserMfaByEmail(h().deps, 'nobody@nowhere.example')).toBe(false);
    const adminRow = await h().deps.db.db.selectFrom('users').select('id').where('email', '=', 'admin@aiep.example').executeTakeFirstOrThrow();
    expect(await resetUserMfaByEmail(h().deps, 'admin@aiep.example')).toBe(true);
    expect((await admin.get('/api/v1/auth/session')).body.user).toBeNull();
    expect((await auditOf(h, adminRow.id)).at(-1)).toMatchObject({ action: 'mfa.reset', actorId: null, data: { hadAuthenticator: true, via: 'cli' } });
    expect((await passwordLogin(h, 'admin@aiep.example')).body.mfa).toBe('enroll');
    // The harness enrols the administrator again at its next login.
    expect((await (await h().login('admin@aiep.example')).get('/api/v1/users')).status).toBe(200);
  });

  it('one user cannot read or change another’s set-up, nor manage it with an API key', async () => {
    const anchor = await h().login('anchor@meridian.example');
    const officerId = (await (await h().login('program.officer@ita.example')).get('/api/v1/auth/session')).body.user.id as string;
    // Every MFA route acts on the caller: nothing names another user except the administrator's reset.
    expect((await anchor.get('/api/v1/auth/mfa')).body).toMatchObject({ enrolled: false, required: false });
    expectProblem(await anchor.post(`/api/v1/users/${officerId}/mfa/reset`), 403, 'FORBIDDEN');

    const key = (await anchor.post('/api/v1/api-keys', { name: 'ci', scope: 'full' })).body.key as string;
    const withKey = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      h().app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
    expect((await withKey('POST', '/api/v1/auth/mfa/enrollment', {})).statusCode).toBe(403);
    expect((await withKey('POST', '/api/v1/auth/mfa/verify', { code: '123456' })).statusCode).toBe(403);
    // A key of a user is unaffected by MFA (it is made from a fully signed-in session).
    expect((await withKey('GET', '/api/v1/proposals')).statusCode).toBe(200);
  });

  it('wrong codes count toward the login throttle: the source is refused for the account, codes and password alike', async () => {
    const email = 'edag@state.example';
    const ip = '203.0.113.77';
    const login = await passwordLogin(h, email, DEMO_PASSWORD, ip);
    expect(login.body.mfa).toBe('challenge');
    const max = h().deps.config.LOGIN_MAX_FAILURES;
    for (let i = 0; i < max; i++) expect((await postFrom(h, login.client, ip, '/api/v1/auth/mfa/verify', { code: '000000' })).status).toBe(400);
    const refused = await postFrom(h, login.client, ip, '/api/v1/auth/mfa/verify', { code: await nextAcceptedCode(h().deps, login.body.user!.id, knownTotpSecret(h().deps, email)) });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 429, code: 'MFA_THROTTLED' });
    expect(refused.body.retryAt).toEqual(expect.any(String));
    expect((await passwordLogin(h, email, DEMO_PASSWORD, ip)).status).toBe(401);
    // Another source is not affected.
    expect((await passwordLogin(h, email, DEMO_PASSWORD, '203.0.113.78')).body.mfa).toBe('challenge');
    h().deps.clock.advance(2 * 60_000);
    const after = await passwordLogin(h, email, DEMO_PASSWORD, ip);
    expect((await postFrom(h, after.client, ip, '/api/v1/auth/mfa/verify', { code: await nextAcceptedCode(h().deps, after.body.user!.id, knownTotpSecret(h().deps, email)) })).status).toBe(200);
  });

  it('the demo data’s accounts have demo authenticators; the code is offered only with demo data on', async () => {
    const login = await passwordLogin(h, 'auditor@oig.example');
    expect(login.body.mfa).toBe('challenge');
    // The test configuration has DEMO_DATA=off: no code offered.
    expect((await login.client.get('/api/v1/auth/mfa')).body).toMatchObject({ enrolled: true, demoCode: null, session: 'challenge' });
    const config = h().deps.config;
    const saved = config.DEMO_DATA;
    try {
      config.DEMO_DATA = 'auto';
      const offered = (await login.client.get('/api/v1/auth/mfa')).body.demoCode as string;
      expect(offered).toMatch(/^\d{6}$/);
      expect((await login.client.post('/api/v1/auth/mfa/verify', { code: offered })).status).toBe(200);
      // Once signed in, no code is offered.
      expect((await login.client.get('/api/v1/auth/mfa')).body.demoCode).toBeNull();
    } finally {
      config.DEMO_DATA = saved;
    }
  });
});
