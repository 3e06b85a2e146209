import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, inject, DEMO_PASSWORD } from '../../test/harness.ts';

describeEachDb('auth', (h) => {
  it('logs in with a __Host- session cookie and returns a CSRF token', async () => {
    const res = await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ANCHOR@meridian.example', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-aiep_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
    expect(JSON.parse(res.body).csrfToken).toHaveLength(32);
  });

  it('answers 401 without credentials and a wrong password the same way as an unknown user', async () => {
    const anon = inject(h().app, '', '');
    expect((await anon.get('/api/v1/proposals')).status).toBe(401);
    const wrong = await anon.post('/api/v1/auth/login', { email: 'anchor@meridian.example', password: 'nope-nope-nope' });
    const unknown = await anon.post('/api/v1/auth/login', { email: 'ghost@nowhere.example', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('throttles the source after repeated failures, even for the right password, without saying so', async () => {
    const anon = inject(h().app, '', '');
    for (let i = 0; i < 5; i++) await anon.post('/api/v1/auth/login', { email: 'member@pampa.example', password: 'wrong-password' });
    const throttled = await anon.post('/api/v1/auth/login', { email: 'member@pampa.example', password: DEMO_PASSWORD });
    expectProblem(throttled, 401, 'INVALID_CREDENTIALS');
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const c = await h().login('anchor@northstar.example');
    const noCsrf = inject(h().app, c.cookie, '');
    const res = await noCsrf.post('/api/v1/consortia', { name: 'CSRF attempt' });
    expectProblem(res, 403, 'CSRF_TOKEN_INVALID');
    expect((await c.get('/api/v1/consortia')).body.items.map((x: { name: string }) => x.name)).not.toContain('CSRF attempt');
    expect((await noCsrf.get('/api/v1/consortia')).status).toBe(200);
  });

  it('issues API keys that work without CSRF, are stored hashed and can be revoked', async () => {
    const c = await h().login('anchor@northstar.example');
    const created = await c.post('/api/v1/api-keys', { name: 'ci', scope: 'full' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key.startsWith('aiep_')).toBe(true);
    const stored = await h().deps.db.db.selectFrom('api_keys').select('key_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    const call = (k: string) => h().app.inject({ method: 'POST', url: '/api/v1/consortia', headers: { authorization: `Bearer ${k}` }, payload: { name: 'Via API key' } });
    expect((await call(key)).statusCode).toBe(201);
    expect((await c.delete(`/api/v1/api-keys/${created.body.id}`)).status).toBe(204);
    const after = await call(key);
    expect(after.statusCode).toBe(401);
    expect(JSON.parse(after.body).code).toBe('INVALID_API_KEY');
  });

  it('logout ends the session server-side', async () => {
    const c = await h().login('auditor@oig.example');
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    const after = await c.get('/api/v1/auth/session');
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ user: null, csrfToken: null });
    expect((await c.get('/api/v1/proposals')).status).toBe(401);
  });

  it('only admins create users; roles must fit the organization', async () => {
    const admin = await h().login('admin@aiep.example');
    const ok = await admin.post('/api/v1/users', { email: 'new@meridian.example', name: 'New', orgId: 'org-meridian', roles: ['consortium_member'], password: 'long-enough-password' });
    expect(ok.status).toBe(201);
    const dup = await admin.post('/api/v1/users', { email: 'new@meridian.example', name: 'New', orgId: 'org-meridian', roles: ['consortium_member'], password: 'long-enough-password' });
    expectProblem(dup, 409, 'EMAIL_TAKEN');
    const misplaced = await admin.post('/api/v1/users', { email: 'po@meridian.example', name: 'X', orgId: 'org-meridian', roles: ['program_officer'], password: 'long-enough-password' });
    expect(misplaced.status).toBe(400);
    const anchor = await h().login('anchor@meridian.example');
    // A valid request with its CSRF token: only the anchor's role refuses it.
    expectProblem(await anchor.post('/api/v1/users', { email: 'x@x.example', name: 'X', orgId: 'org-meridian', roles: ['consortium_member'], password: 'long-enough-password' }), 403, 'FORBIDDEN');
  });
});

describeEachDb(
  'admin bootstrap',
  (h) => {
    it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD, once', async () => {
      const { bootstrapAdmin } = await import('../users/users.service.ts');
      expect(await bootstrapAdmin(h().deps)).toBeTruthy();
      expect(await bootstrapAdmin(h().deps)).toBeNull();
      const c = await h().login('root@agency.example', 'a-very-long-admin-password');
      expect((await c.get('/api/v1/users')).status).toBe(200);
    });
  },
  { demo: false, config: { ADMIN_EMAIL: 'root@agency.example', ADMIN_PASSWORD: 'a-very-long-admin-password' } },
);
