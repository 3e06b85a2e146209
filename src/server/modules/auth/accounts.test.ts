// Account hardening (issue 11, item 11): one answer for every refused login, throttling per
// (account, source) and per source that an attacker cannot turn against the owner, expiries moved
// by the clock, the login rate limit, the password policy, and scoped, expiring API keys with
// parents.
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../lib/passwords.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { DEMO_PASSWORD, describeEachDb, inject, type Client, type Harness } from '../../test/harness.ts';
import { ACCOUNT_CEILING, SOURCE_MAX_FAILURES, sourceOf, throttleKeys } from './auth.throttle.ts';
import { completeSecondFactor } from '../../test/mfa-login.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

interface Raw {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

async function loginFrom(h: () => Harness, ip: string, email: string, password: string = DEMO_PASSWORD): Promise<Raw> {
  const res = await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown>, headers: res.headers };
}

/** Logs in from a source of the test's own, so no test spends another's rate-limit budget. */
async function clientFrom(h: () => Harness, ip: string, email: string): Promise<Client> {
  const res = await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD }, remoteAddress: ip });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const body = JSON.parse(res.body) as { csrfToken: string; user: { id: string; email: string }; mfa?: string };
  const client = inject(h().app, String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!, body.csrfToken);
  // Government users and admins pass the second step, as loginTo does.
  if (body.mfa && body.mfa !== 'ok') await completeSecondFactor(h().deps, body, client.post);
  return client;
}

function withKey(h: () => Harness, key: string) {
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const res = await h().app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
  };
  return { get: (u: string) => call('GET', u), post: (u: string, b: unknown = {}) => call('POST', u, b), delete: (u: string) => call('DELETE', u) };
}

async function auditActions(h: () => Harness, entityId: string) {
  const rows = await h().deps.db.db.selectFrom('audit_events').select(['action', 'data_json']).where('entity_id', '=', entityId).where('action', '<>', 'user.created').orderBy('seq').execute();
  return rows.map((r) => ({ action: r.action, data: JSON.parse(r.data_json ?? '{}') as Record<string, unknown> }));
}

async function userId(h: () => Harness, email: string): Promise<string> {
  return (await h().deps.db.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

describeEachDb('account hardening: logins', (h) => {
  it('answers an unknown e-mail, a wrong password and a throttled account identically', async () => {
    const ip = '198.51.100.1';
    const wrong = await loginFrom(h, ip, 'anchor@meridian.example', 'not-the-password-1');
    const unknown = await loginFrom(h, ip, 'ghost@nowhere.example', 'not-the-password-1');
    for (let i = 0; i < 5; i++) expect((await loginFrom(h, ip, 'member@pampa.example', 'not-the-password-1')).status).toBe(401);
    // The right password, from the throttled source: the same answer, nothing about a lock.
    const throttled = await loginFrom(h, ip, 'member@pampa.example', DEMO_PASSWORD);
    for (const res of [wrong, unknown, throttled]) {
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['retry-after']).toBeUndefined();
    }
    // Identical but for the request id every answer carries.
    const sameness = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(sameness(unknown.body)).toEqual(sameness(wrong.body));
    expect(sameness(throttled.body)).toEqual(sameness(wrong.body));
    // The trail knows what the client does not.
    const events = await auditActions(h, await userId(h, 'member@pampa.example'));
    expect(events.map((e) => e.action)).toEqual(['auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.throttled']);
    expect(events[4]!.data).toMatchObject({ source: ip, throttledUntil: expect.any(String) });
    expect(events[5]!.data).toEqual({ source: ip });
  });

  it('an attacker failing 20 times from one source does not keep the owner out from another', async () => {
    const attacker = '203.0.113.7';
    for (let i = 1; i <= 20; i++) expectProblem(await loginFrom(h, attacker, 'admin@aiep.example', `guess-number-${i}-x`), 401, 'INVALID_CREDENTIALS');
    // Five failures throttle the attacker's source for this account; its later attempts are not even checked.
    const events = (await auditActions(h, await userId(h, 'admin@aiep.example'))).filter((e) => e.data.source === attacker);
    expect(events.filter((e) => e.action === 'auth.login_failed')).toHaveLength(5);
    expect(events.filter((e) => e.action === 'auth.throttled')).toHaveLength(15);
    const owner = await loginFrom(h, '192.0.2.10', 'admin@aiep.example');
    expect(owner.status).toBe(200);
  });

  it('addresses of one IPv6 /64 are one source', async () => {
    for (let i = 1; i <= 5; i++) await loginFrom(h, `2001:db8:1:2::${i}`, 'decision@ita.example', 'not-the-password-2');
    expectProblem(await loginFrom(h, '2001:db8:1:2::99', 'decision@ita.example'), 401, 'INVALID_CREDENTIALS');
    expect((await loginFrom(h, '2001:db8:1:3::1', 'decision@ita.example')).status).toBe(200);
  });

  it('a throttle ends when the clock passes it, and grows with further failures', async () => {
    const ip = '198.51.100.3';
    const email = 'anchor@harborhealth.example';
    for (let i = 0; i < 5; i++) await loginFrom(h, ip, email, 'not-the-password-3');
    expectProblem(await loginFrom(h, ip, email), 401, 'INVALID_CREDENTIALS');
    h().deps.clock.advance(MINUTE + 1000);
    expect((await loginFrom(h, ip, email)).status).toBe(200);
    // A success forgets the source's failures; five more throttle it again for a minute, a sixth for two.
    for (let i = 0; i < 5; i++) await loginFrom(h, ip, email, 'not-the-password-3');
    h().deps.clock.advance(MINUTE + 1000);
    expectProblem(await loginFrom(h, ip, email, 'not-the-password-3'), 401, 'INVALID_CREDENTIALS');
    h().deps.clock.advance(MINUTE + 1000);
    expectProblem(await loginFrom(h, ip, email), 401, 'INVALID_CREDENTIALS');
    h().deps.clock.advance(MINUTE);
    expect((await loginFrom(h, ip, email)).status).toBe(200);
  });

  it('a source failing on many e-mails is refused for every e-mail, other sources are not', async () => {
    // 49 failures over many e-mails already counted for the source (the route's rate limit of 20 a
    // minute makes the real ones take minutes); the 50th throttles it for every e-mail.
    const ip = '198.51.100.4';
    const expires = new Date(h().deps.clock.millis() + 30 * MINUTE).toISOString();
    await h().deps.db.db.insertInto('login_throttles').values({ key: throttleKeys('x@x.example', ip).sourceOnly, failures: SOURCE_MAX_FAILURES - 1, blocked_until: null, expires_at: expires }).execute();
    expect((await loginFrom(h, ip, 'anchor@cascade.example')).status).toBe(200);
    expectProblem(await loginFrom(h, ip, 'spray@nowhere.example', 'spring-2026-guess'), 401, 'INVALID_CREDENTIALS');
    expectProblem(await loginFrom(h, ip, 'anchor@cascade.example'), 401, 'INVALID_CREDENTIALS');
    expect((await loginFrom(h, '198.51.100.40', 'anchor@cascade.example')).status).toBe(200);
    h().deps.clock.advance(MINUTE + 1000);
    expect((await loginFrom(h, ip, 'anchor@cascade.example')).status).toBe(200);
  });

  it('past the per-account ceiling, logins are slowed and audited as such, never refused', async () => {
    const email = 'anchor@prairiesignal.example';
    const keys = throttleKeys(email, '0.0.0.0');
    const expires = new Date(h().deps.clock.millis() + 30 * MINUTE).toISOString();
    await h().deps.db.db.insertInto('login_throttles').values({ key: keys.account, failures: ACCOUNT_CEILING, blocked_until: null, expires_at: expires }).execute();
    expect((await loginFrom(h, '198.51.100.5', email)).status).toBe(200);
    const last = (await auditActions(h, await userId(h, email))).at(-1)!;
    expect(last).toEqual({ action: 'auth.login', data: { source: '198.51.100.5', slowed: true } });
  });

  it('a session ends when the clock passes its expiry', async () => {
    const c = await clientFrom(h, '198.51.100.6', 'auditor@oig.example');
    expect((await c.get('/api/v1/auth/session')).status).toBe(200);
    h().deps.clock.advance(h().deps.config.SESSION_TTL_HOURS * 3_600_000 - MINUTE);
    expect((await c.get('/api/v1/auth/session')).status).toBe(200);
    h().deps.clock.advance(2 * MINUTE);
    expect((await c.get('/api/v1/auth/session')).body).toMatchObject({ user: null });
    expectProblem(await c.get('/api/v1/proposals'), 401, 'UNAUTHENTICATED');
  });

  it('logout ends the session and is audited', async () => {
    const c = await clientFrom(h, '198.51.100.7', 'finance@exim.example');
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await c.get('/api/v1/auth/session')).body).toMatchObject({ user: null });
    expect((await c.get('/api/v1/proposals')).status).toBe(401);
    const id = await userId(h, 'finance@exim.example');
    // A financing officer's sign-in has a second step (MFA_REQUIRED_ROLES), audited on its own.
    expect((await auditActions(h, id)).map((e) => e.action).slice(-3)).toEqual(['auth.login', 'auth.mfa_verified', 'auth.logout']);
  });

  it('the login route answers 429 after 20 attempts a minute from one address', async () => {
    for (let i = 0; i < 20; i++) expect((await loginFrom(h, '198.51.100.8', `nobody${i}@nowhere.example`, 'irrelevant-pass')).status).toBe(401);
    expectProblem(await loginFrom(h, '198.51.100.8', 'anchor@meridian.example'), 429, 'RATE_LIMITED');
    expect((await loginFrom(h, '198.51.100.9', 'anchor@meridian.example')).status).toBe(200);
  });
});

describeEachDb('account hardening: password policy', (h) => {
  it('refuses short, long, common and personal passwords with clear codes, writing nothing', async () => {
    const admin = await clientFrom(h, '198.51.100.20', 'admin@aiep.example');
    const user = (password: string, email = 'jordan.blake@meridian.example') => ({ email, name: 'Jordan Blake', orgId: 'org-meridian', roles: ['consortium_member'], password });
    const before = await h().deps.db.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const cases: [string, string][] = [
      ['short-pass', 'PASSWORD_TOO_SHORT'],
      ['ab'.repeat(65), 'PASSWORD_TOO_LONG'],
      ['password1234', 'PASSWORD_TOO_COMMON'],
      ['Password1234', 'PASSWORD_TOO_COMMON'],
      ['qwertyuiop123', 'PASSWORD_TOO_COMMON'],
      ['september2025!', 'PASSWORD_TOO_COMMON'],
      ['aaaaaaaaaaaaaaaa', 'PASSWORD_TOO_COMMON'],
      ['Jordan.Blake@Meridian', 'PASSWORD_TOO_COMMON'],
      ['my name is jordan blake', 'PASSWORD_TOO_COMMON'],
    ];
    for (const [password, code] of cases) {
      const res = await admin.post('/api/v1/users', user(password));
      expectProblem(res, 400, code);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'password', code })]);
    }
    const after = await h().deps.db.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // A passphrase of the user's own is accepted, and logs in; a non-admin is still refused first.
    const anchor = await clientFrom(h, '198.51.100.21', 'anchor@meridian.example');
    expectProblem(await anchor.post('/api/v1/users', user('password1234')), 403, 'FORBIDDEN');
    expect((await admin.post('/api/v1/users', user('tea kettle on a windy moor'))).status).toBe(201);
    expect((await loginFrom(h, '198.51.100.22', 'jordan.blake@meridian.example', 'tea kettle on a windy moor')).status).toBe(200);
  });
});

describeEachDb(
  'account hardening: the first administrator',
  (h) => {
    it('is not created with a common ADMIN_PASSWORD, and start-up says why', async () => {
      const { bootstrapAdmin } = await import('../users/users.service.ts');
      await expect(bootstrapAdmin(h().deps)).rejects.toThrow(/ADMIN_PASSWORD is refused \(PASSWORD_TOO_COMMON\)/);
      expect(await h().deps.db.db.selectFrom('users').select('id').execute()).toEqual([]);
      expect(await h().deps.db.db.selectFrom('organizations').select('id').execute()).toEqual([]);
    });
  },
  { demo: false, config: { ADMIN_EMAIL: 'root@agency.example', ADMIN_PASSWORD: 'administrator123' } },
);

describeEachDb(
  'account hardening: behind a trusted reverse proxy (TRUST_PROXY)',
  (h) => {
    it('counts the client address the proxy forwards, not the proxy\u2019s own, as the source', async () => {
      const viaProxy = (client: string, password: string) =>
        h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@aiep.example', password }, remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': client } });
      for (let i = 1; i <= 6; i++) expect((await viaProxy('203.0.113.50', `guess-number-${i}-x`)).statusCode).toBe(401);
      // The attacker's forwarded address is throttled; the owner behind the same proxy is not.
      expect((await viaProxy('203.0.113.50', DEMO_PASSWORD)).statusCode).toBe(401);
      expect((await viaProxy('198.51.100.60', DEMO_PASSWORD)).statusCode).toBe(200);
      const sources = (await auditActions(h, await userId(h, 'admin@aiep.example'))).map((e) => e.data.source);
      expect(sources).toContain('203.0.113.50');
      expect(sources).not.toContain('10.0.0.2');
    });
  },
  { config: { TRUST_PROXY: '10.0.0.0/8' } },
);

describe('password policy rules', () => {
  const me = { email: 'sam.river@example.org', name: 'Sam River' };
  it('counts characters after NFKC normalization and sets no composition rules', () => {
    expect(passwordProblem('correct staple', me)).toBeNull();
    expect(passwordProblem('ｆｕｌｌｗｉｄｔｈ ok', me)).toBeNull();
    expect(passwordProblem('ünïcödé-ok', me)?.code).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('x'.repeat(5) + 'y'.repeat(124), me)?.code).toBe('PASSWORD_TOO_LONG');
    expect(passwordProblem('abcdefghijkl', me)?.code).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('sam.river-secret', me)?.code).toBe('PASSWORD_TOO_COMMON');
    // The demo password is not on the deny-list, so the seeded demo users keep working.
    expect(passwordProblem(DEMO_PASSWORD, { email: 'admin@aiep.example', name: 'Sky Admin' })).toBeNull();
  });

  it('counts IPv6 sources by their /64 and IPv4-mapped ones as IPv4', () => {
    expect(sourceOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(sourceOf('192.0.2.1')).toBe('192.0.2.1');
  });
});

describeEachDb('account hardening: API keys', (h) => {
  async function createKey(c: Client | ReturnType<typeof withKey>, body: Record<string, unknown>) {
    const res = await c.post('/api/v1/api-keys', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; key: string; scope: string; expiresAt: string; parentId: string | null };
  }

  it('a read key only reads; a screening key screens but creates nothing else', async () => {
    const anchor = await clientFrom(h, '198.51.100.30', 'anchor@northstar.example');
    const read = await createKey(anchor, { name: 'dashboard' });
    expect(read.scope).toBe('read');
    const k = withKey(h, read.key);
    expect((await k.get('/api/v1/consortia')).status).toBe(200);
    expectProblem(await k.post('/api/v1/consortia', { name: 'Via a read key' }), 403, 'API_KEY_SCOPE');
    expect((await anchor.get('/api/v1/consortia')).body.items.map((x: { name: string }) => x.name)).not.toContain('Via a read key');

    const po = await clientFrom(h, '198.51.100.31', 'program.officer@ita.example');
    const screening = withKey(h, (await createKey(po, { name: 'screening robot', scope: 'screening' })).key);
    expect((await screening.post('/api/v1/screening/search', { name: 'Shenzhen Jade Holdings' })).status).toBe(200);
    expectProblem(await screening.post('/api/v1/proposals', { consortiumId: 'x', title: 'Not allowed' }), 403, 'API_KEY_SCOPE');
    expectProblem(await screening.post('/api/v1/api-keys', { name: 'wider', scope: 'full' }), 403, 'API_KEY_SCOPE');
  });

  it('keys expire: 90 days by default, at most a year, and an expired key is 401', async () => {
    const c = await clientFrom(h, '198.51.100.32', 'anchor@cascade.example');
    const now = h().deps.clock.millis();
    const byDefault = await createKey(c, { name: 'default' });
    expect(Date.parse(byDefault.expiresAt) - now).toBeGreaterThanOrEqual(90 * DAY - MINUTE);
    expect(Date.parse(byDefault.expiresAt) - now).toBeLessThanOrEqual(90 * DAY + MINUTE);
    expectProblem(await c.post('/api/v1/api-keys', { name: 'too long', expiresInDays: 366 }), 400, 'VALIDATION_FAILED');
    const short = await createKey(c, { name: 'one day', expiresInDays: 1, scope: 'full' });
    const k = withKey(h, short.key);
    expect((await k.get('/api/v1/consortia')).status).toBe(200);
    h().deps.clock.advance(DAY + MINUTE);
    expectProblem(await k.get('/api/v1/consortia'), 401, 'INVALID_API_KEY');
    expect((await withKey(h, byDefault.key).get('/api/v1/consortia')).status).toBe(200);
  });

  it('a key made with a key is its child: never wider nor longer-lived, and revoked with its parent', async () => {
    const c = await clientFrom(h, '198.51.100.33', 'anchor@meridian.example');
    const parent = await createKey(c, { name: 'parent', scope: 'full', expiresInDays: 30 });
    const p = withKey(h, parent.key);
    const child = await createKey(p, { name: 'child', scope: 'screening' });
    expect(child).toMatchObject({ parentId: parent.id, scope: 'screening', expiresAt: parent.expiresAt });
    expectProblem(await p.post('/api/v1/api-keys', { name: 'outlives', expiresInDays: 31 }), 400, 'API_KEY_OUTLIVES_PARENT');
    const grandchild = await createKey(p, { name: 'second child', scope: 'full', expiresInDays: 10 });
    const g = withKey(h, grandchild.key);
    const greatGrandchild = await createKey(g, { name: 'grandchild' });
    expect(greatGrandchild.parentId).toBe(grandchild.id);
    expectProblem(await withKey(h, child.key).post('/api/v1/api-keys', { name: 'from a screening key' }), 403, 'API_KEY_SCOPE');

    const listed = (await c.get('/api/v1/api-keys')).body as { id: string; scope: string; parentId: string | null; expiresAt: string; lastUsedAt: string | null; revokedAt: string | null }[];
    expect(listed.find((x) => x.id === child.id)).toMatchObject({ scope: 'screening', parentId: parent.id, expiresAt: parent.expiresAt, revokedAt: null });
    expect(listed.find((x) => x.id === parent.id)!.lastUsedAt).not.toBeNull();

    expect((await c.delete(`/api/v1/api-keys/${parent.id}`)).status).toBe(204);
    for (const key of [parent, child, grandchild, greatGrandchild]) expectProblem(await withKey(h, key.key).get('/api/v1/consortia'), 401, 'INVALID_API_KEY');
    const after = (await c.get('/api/v1/api-keys')).body as { id: string; revokedAt: string | null }[];
    expect(after.filter((x) => [parent.id, child.id, grandchild.id, greatGrandchild.id].includes(x.id)).every((x) => x.revokedAt !== null)).toBe(true);
    const revoked = (await auditActions(h, parent.id)).find((e) => e.action === 'api_key.revoked')!;
    expect((revoked.data.descendants as string[]).sort()).toEqual([child.id, grandchild.id, greatGrandchild.id].sort());
    expectProblem(await c.delete(`/api/v1/api-keys/${child.id}`), 404, 'NOT_FOUND');
  });
});
