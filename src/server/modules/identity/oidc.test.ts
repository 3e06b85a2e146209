import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, inject, type Harness } from '../../test/harness.ts';
import { startTestOidcProvider, type TestOidcProvider } from '../../test/oidc-provider.ts';

// Only the program officer needs a second factor here: it shows how a provider's MFA counts.
const config: Record<string, string> = { MFA_REQUIRED_ROLES: 'program_officer' };
const BASE = 'http://localhost:3000';
let tp: TestOidcProvider;

beforeAll(async () => {
  tp = await startTestOidcProvider({ redirectUris: ['logingov', 'agency', 'skewed'].map((id) => `${BASE}/auth/oidc/${id}/callback`), idTokenTtlSeconds: 600 });
  const secret = { clientId: tp.secretClient.clientId, clientSecret: tp.secretClient.clientSecret };
  config.PUBLIC_BASE_URL = BASE;
  config.OIDC_PROVIDERS = JSON.stringify([
    {
      id: 'logingov',
      label: 'Login.gov',
      issuer: tp.issuer,
      clientId: tp.jwtClient.clientId,
      privateKeyPath: tp.jwtClient.privateKeyPath,
      acrValues: 'urn:acr.login.gov:auth-only',
      enforcesMfa: true,
      allowedOrgKinds: ['company', 'agency', 'oversight'],
    },
    { id: 'agency', label: 'Agency sign-in', issuer: tp.issuer, ...secret, allowedOrgKinds: ['agency', 'oversight'] },
    // This server's clock an hour ahead of the provider's: every ID token (10 minutes) has expired.
    { id: 'skewed', label: 'Skewed', issuer: tp.issuer, ...secret, allowedOrgKinds: ['company', 'agency'], clockSkewSeconds: 3600 },
  ]);
});
afterAll(async () => tp?.close());

interface Attempt {
  /** The URL the provider sent the browser back to. */
  callback: URL;
  /** The browser-binding cookie the start set. */
  browserCookie: string;
}

const cookieOf = (setCookie: unknown, prefix: string) =>
  ([] as string[])
    .concat((setCookie as string | string[] | undefined) ?? [])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(prefix));

/** Starts a sign-in at aiep and signs in at the provider as `accountId`. */
async function attempt(h: Harness, provider: string, accountId: string): Promise<Attempt> {
  const start = await h.app.inject({ method: 'GET', url: `/auth/oidc/${provider}/start` });
  expect(start.statusCode).toBe(303);
  const browserCookie = cookieOf(start.headers['set-cookie'], '__Host-aiep_oidc=')!;
  expect(browserCookie).toBeTruthy();
  const auth = new URL(String(start.headers.location));
  expect(auth.origin).toBe(tp.issuer);
  expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
  expect(auth.searchParams.get('nonce')).toBeTruthy();
  const callback = await tp.authorize(auth.href, accountId);
  expect(callback.href.startsWith(`${BASE}/auth/oidc/${provider}/callback?`)).toBe(true);
  return { callback, browserCookie };
}

async function finish(h: Harness, a: Attempt, opts: { cookie?: string | null; search?: string } = {}) {
  const cookie = opts.cookie === undefined ? a.browserCookie : opts.cookie;
  const res = await h.app.inject({ method: 'GET', url: `${a.callback.pathname}${opts.search ?? a.callback.search}`, headers: cookie ? { cookie } : {} });
  expect(res.statusCode).toBe(303);
  return { location: String(res.headers.location), session: cookieOf(res.headers['set-cookie'], '__Host-aiep_session=') };
}

async function counts(h: Harness) {
  const db = h.deps.db.db;
  const n = async (table: 'users' | 'user_identities' | 'sessions') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { users: await n('users'), identities: await n('user_identities'), sessions: await n('sessions') };
}

async function refusals(h: Harness, reason: string): Promise<number> {
  const rows = await h.deps.db.db.selectFrom('audit_events').select('data_json').where('action', '=', 'auth.oidc_refused').execute();
  return rows.filter((r) => (JSON.parse(r.data_json) as { reason: string }).reason === reason).length;
}

/** What the newest refusal's audit event says went wrong (the library's words). */
async function lastRefusalDetail(h: Harness): Promise<string> {
  const rows = await h.deps.db.db.selectFrom('audit_events').select(['data_json', 'seq']).where('action', '=', 'auth.oidc_refused').orderBy('seq', 'desc').limit(1).execute();
  return String((JSON.parse(rows[0]!.data_json) as { detail?: string }).detail);
}

/** Expects the attempt refused with `reason`, audited, and nothing else written. */
async function expectRefused(h: Harness, run: () => Promise<{ location: string; session: string | undefined }>, reason: string) {
  const before = await counts(h);
  const audited = await refusals(h, reason);
  const { location, session } = await run();
  expect(location).toBe(`/sign-in-error?reason=${reason}`);
  expect(session).toBeUndefined();
  expect(await counts(h)).toEqual(before);
  expect(await refusals(h, reason)).toBe(audited + 1);
}

describeEachDb(
  'sign-in with OpenID Connect',
  (h) => {
    it('offers the configured providers', async () => {
      const res = await h().app.inject({ method: 'GET', url: '/api/v1/auth/oidc/providers' });
      expect(res.json()).toEqual({ items: [{ id: 'logingov', label: 'Login.gov' }, { id: 'agency', label: 'Agency sign-in' }, { id: 'skewed', label: 'Skewed' }] });
    });

    it('an invited company user signs in: the user is created, linked and lands on its consortium; next time the identity is reused', async () => {
      const admin = await h().login('admin@aiep.example');
      const inv = await admin.post('/api/v1/invitations', { email: 'oidc.new@cascade.example', orgId: 'org-cascade', roles: ['consortium_member'] });
      expect(inv.status).toBe(201);
      tp.accounts.set('sub-new', { email: 'Oidc.New@cascade.example', emailVerified: true, name: 'Oidc Newcomer' });

      const first = await finish(h(), await attempt(h(), 'logingov', 'sub-new'));
      expect(first.session).toBeTruthy();
      const user = inject(h().app, first.session!, '');
      const session = await user.get('/api/v1/auth/session');
      // Scopes openid and email give no name (as at Login.gov): the address's local part stands in.
      expect(session.body.user).toMatchObject({ email: 'oidc.new@cascade.example', name: 'oidc.new', roles: ['consortium_member'], org: { id: 'org-cascade' } });
      const consortia = (await user.get('/api/v1/consortia')).body.items as { id: string }[];
      expect(first.location).toBe(consortia.length === 1 ? `/consortia/${consortia[0]!.id}` : '/');
      expect((await admin.get('/api/v1/invitations')).body.items.find((i: { id: string }) => i.id === inv.body.id)).toMatchObject({ status: 'accepted' });

      const before = await counts(h());
      const second = await finish(h(), await attempt(h(), 'logingov', 'sub-new'));
      expect(second.session).toBeTruthy();
      const after = await counts(h());
      expect(after).toEqual({ ...before, sessions: before.sessions + 1 });
      const identities = await h().deps.db.db.selectFrom('user_identities').selectAll().where('subject', '=', 'sub-new').execute();
      expect(identities).toHaveLength(1);
      expect(identities[0]).toMatchObject({ provider: 'logingov', email: 'oidc.new@cascade.example' });
      // Used once accepted: the password page refuses the same invitation.
      const accepted = await h().deps.db.db.selectFrom('user_invitations').select('accepted_user_id').where('id', '=', inv.body.id).executeTakeFirstOrThrow();
      expect(accepted.accepted_user_id).toBe(session.body.user.id);
    });

    it('an existing user is linked by its verified e-mail (audited); a provider that enforces MFA satisfies it', async () => {
      tp.accounts.set('sub-po', { email: 'program.officer@ita.example', emailVerified: true });
      const { session } = await finish(h(), await attempt(h(), 'logingov', 'sub-po'));
      expect(session).toBeTruthy();
      const user = await h().deps.db.db.selectFrom('users').select('id').where('email', '=', 'program.officer@ita.example').executeTakeFirstOrThrow();
      const linked = await h().deps.db.db.selectFrom('audit_events').select('data_json').where('action', '=', 'identity.linked').where('entity_id', '=', user.id).execute();
      expect(linked.map((e) => JSON.parse(e.data_json))).toEqual([expect.objectContaining({ provider: 'logingov', subject: 'sub-po', via: 'email' })]);
      const res = await inject(h().app, session!, '').get('/api/v1/auth/session');
      expect(res.body.user.email).toBe('program.officer@ita.example');

      // Through a provider that does not enforce MFA (and reports none), the local second factor is still due.
      tp.accounts.set('sub-po-agency', { email: 'program.officer@ita.example', emailVerified: true, amr: ['pwd'] });
      const agency = await finish(h(), await attempt(h(), 'agency', 'sub-po-agency'));
      const challenged = await inject(h().app, agency.session!, '').get('/api/v1/proposals');
      expect(challenged.status).toBe(403);
      expect(challenged.body.code).toBe('MFA_REQUIRED');
    });

    it('refuses an unknown person: no user, no identity, no session', async () => {
      tp.accounts.set('sub-stranger', { email: 'stranger@example.org', emailVerified: true });
      const a = await attempt(h(), 'logingov', 'sub-stranger');
      await expectRefused(h(), () => finish(h(), a), 'no_account');
    });

    it('refuses an unverified e-mail, even one with an open invitation', async () => {
      const admin = await h().login('admin@aiep.example');
      await admin.post('/api/v1/invitations', { email: 'unverified@kestrel.example', orgId: 'org-kestrel', roles: ['consortium_member'] });
      tp.accounts.set('sub-unverified', { email: 'unverified@kestrel.example', emailVerified: false });
      const a = await attempt(h(), 'logingov', 'sub-unverified');
      await expectRefused(h(), () => finish(h(), a), 'email_unverified');
      const inv = await h().deps.db.db.selectFrom('user_invitations').select(['accepted_at']).where('email', '=', 'unverified@kestrel.example').executeTakeFirstOrThrow();
      expect(inv.accepted_at).toBeNull();
    });

    it('refuses a wrong state, a callback from another browser, and a state used twice', async () => {
      tp.accounts.set('sub-kestrel', { email: 'member@kestrel.example', emailVerified: true });
      const a = await attempt(h(), 'logingov', 'sub-kestrel');
      const tampered = new URLSearchParams(a.callback.search);
      tampered.set('state', 'not-the-state-we-sent');
      await expectRefused(h(), () => finish(h(), a, { search: `?${tampered}` }), 'invalid_state');

      const b = await attempt(h(), 'logingov', 'sub-kestrel');
      await expectRefused(h(), () => finish(h(), b, { cookie: null }), 'invalid_state');

      const c = await attempt(h(), 'logingov', 'sub-kestrel');
      expect((await finish(h(), c)).session).toBeTruthy();
      await expectRefused(h(), () => finish(h(), c), 'invalid_state');
    });

    it('refuses a replayed code: the provider refuses the second exchange', async () => {
      tp.accounts.set('sub-falcon', { email: 'member@falcon.example', emailVerified: true });
      const a = await attempt(h(), 'logingov', 'sub-falcon');
      const pending = await h().deps.db.db.selectFrom('oidc_login_states').selectAll().execute();
      expect((await finish(h(), a)).session).toBeTruthy();
      // Even with its state put back (as if the state check were passed), the code is spent.
      const db = h().deps.db.db;
      for (const row of pending) await db.insertInto('oidc_login_states').values(row).onConflict((oc) => oc.column('state_hash').doNothing()).execute();
      await expectRefused(h(), () => finish(h(), a), 'token_rejected');
      expect(await lastRefusalDetail(h())).toMatch(/invalid_grant/);
    });

    it('refuses an ID token with the wrong nonce', async () => {
      tp.accounts.set('sub-kestrel', { email: 'member@kestrel.example', emailVerified: true });
      const a = await attempt(h(), 'logingov', 'sub-kestrel');
      await h().deps.db.db.updateTable('oidc_login_states').set({ nonce: 'some-other-nonce' }).execute();
      await expectRefused(h(), () => finish(h(), a), 'token_rejected');
      expect(await lastRefusalDetail(h())).toMatch(/nonce/);
    });

    it('refuses an expired ID token', async () => {
      tp.accounts.set('sub-ita', { email: 'decision@ita.example', emailVerified: true });
      const a = await attempt(h(), 'skewed', 'sub-ita');
      await expectRefused(h(), () => finish(h(), a), 'token_rejected');
      expect(await lastRefusalDetail(h())).toMatch(/claim exp/);
    });

    it('refuses users of an organization kind the provider is not for, and a sign-in cancelled at the provider', async () => {
      tp.accounts.set('sub-merlion', { email: 'member@merlion.example', emailVerified: true });
      const a = await attempt(h(), 'agency', 'sub-merlion');
      await expectRefused(h(), () => finish(h(), a), 'org_kind_not_allowed');

      const start = await h().app.inject({ method: 'GET', url: '/auth/oidc/logingov/start' });
      const state = new URL(String(start.headers.location)).searchParams.get('state')!;
      const cookie = cookieOf(start.headers['set-cookie'], '__Host-aiep_oidc=')!;
      const cancelled = { callback: new URL(`${BASE}/auth/oidc/logingov/callback?error=access_denied&state=${state}`), browserCookie: cookie };
      await expectRefused(h(), () => finish(h(), cancelled), 'cancelled');
    });

    it('an unknown provider goes to the error page', async () => {
      const res = await h().app.inject({ method: 'GET', url: '/auth/oidc/nope/start' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/sign-in-error?reason=unknown_provider');
    });
  },
  { config },
);
