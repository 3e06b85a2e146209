// Company self-onboarding and password reset over the API: sign-up → confirmation e-mail →
// verification → sign-in; the program office's approval before a company may form a consortium;
// reset links that are single-use, expire, are superseded and end every session; and no answer
// that tells whether an address has an account.
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { must, uniqueWord } from '../../test/factories.ts';
import { DEMO_PASSWORD, describeEachDb, loginTo, type Harness, type Response } from '../../test/harness.ts';

const NEW_PASSWORD = 'a fresh passphrase of my own 2026';

describeEachDb(
  'onboarding',
  (h) => {
    let addressCounter = 0;
    /** A client address of its own per call site, so the per-address limits of one test never reach another. */
    const freshAddress = () => `10.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}.7`;

    /** A public POST from a client address (no session). */
    async function publicPost(url: string, body: unknown, remoteAddress = freshAddress()): Promise<Response> {
      const res = await h().app.inject({ method: 'POST', url, remoteAddress, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
    }

    const login = (email: string, password: string) => h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

    function signupBody(overrides: { email?: string; name?: string; password?: string; owners?: unknown[] } = {}) {
      const word = uniqueWord('co');
      return {
        organization: {
          name: overrides.name ?? `Registrant ${word} Ltd`,
          countryOfIncorporation: 'GB',
          principalPlaceOfBusiness: 'GB',
          owners: overrides.owners ?? [{ name: `Founder ${word}`, country: 'GB', percent: 60 }],
          ultimateParent: null,
        },
        registration: { registrationNumber: `RN-${word}`, address: '1 Example Street, London', website: 'https://example.com' },
        user: { name: 'Robin Registrant', email: overrides.email ?? `${word}@registrant.example`, password: overrides.password ?? NEW_PASSWORD },
      };
    }

    const db = () => h().deps.db.db;
    const mailsTo = (email: string) => db().selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('created_at').orderBy('id').execute();
    /** The account e-mails (not notifications) sent to an address. */
    const accountMailsTo = async (email: string) => (await mailsTo(email)).filter((m) => ['email_verification', 'password_reset', 'password_changed'].includes(m.template));
    async function lastLink(email: string, template: string): Promise<string> {
      const rows = (await mailsTo(email)).filter((m) => m.template === template);
      const row = rows.at(-1);
      if (!row) throw new Error(`no ${template} mail to ${email}`);
      return (JSON.parse(row.params_json) as { link: string }).link;
    }
    const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token')!;

    /** Signs a company up and confirms its address; the registrant's e-mail and organization id. */
    async function registerAndVerify(): Promise<{ email: string; orgId: string; name: string }> {
      const body = signupBody();
      must(await publicPost('/api/v1/onboarding/signup', body), 202, 'sign up');
      const token = tokenOf(await lastLink(body.user.email, 'email_verification'));
      must(await publicPost('/api/v1/onboarding/verify-email', { token }), 200, 'verify');
      const user = await db().selectFrom('users').select('org_id').where('email', '=', body.user.email).executeTakeFirstOrThrow();
      return { email: body.user.email, orgId: user.org_id, name: body.organization.name };
    }

    async function newLocalUser(admin: Awaited<ReturnType<Harness['login']>>) {
      const email = `${uniqueWord('reset')}@oig.example`;
      must(await admin.post('/api/v1/users', { email, name: 'Casey Reset', orgId: 'org-oig', roles: ['auditor'], password: DEMO_PASSWORD }), 201, 'create a user');
      return email;
    }

    it('signs a company up: organization and user created, confirmation e-mailed, no sign-in until the address is confirmed', async () => {
      const body = signupBody();
      const res = await publicPost('/api/v1/onboarding/signup', body);
      expect(res.status).toBe(202);
      expect(res.body.message).toMatch(/check your e-mail/i);

      const user = await db().selectFrom('users').selectAll().where('email', '=', body.user.email).executeTakeFirstOrThrow();
      expect(JSON.parse(user.roles_json)).toEqual(['anchor_member', 'compliance_officer']);
      expect(user.email_verification_pending).toBe(1);
      expect(user.password_hash).not.toContain(NEW_PASSWORD);
      const org = await db().selectFrom('organizations').selectAll().where('id', '=', user.org_id).executeTakeFirstOrThrow();
      expect(org).toMatchObject({ name: body.organization.name, kind: 'company', registration_status: 'registered', country_of_incorporation: 'GB' });
      expect(JSON.parse(org.owners_json)).toEqual(body.organization.owners);
      // Screened like every company: the registration number and address are its evidence, and a party sync is queued.
      expect(JSON.parse(org.evidence_json!)).toMatchObject({ identifiers: [{ type: 'company_registration', number: body.registration.registrationNumber }] });
      expect(await db().selectFrom('jobs').select('id').where('kind', '=', 'sync_parties').where('idempotency_key', '=', `sync_parties:registration:${org.id}`).executeTakeFirst()).toBeDefined();

      const mails = await mailsTo(body.user.email);
      expect(mails.map((m) => m.template)).toEqual(['email_verification']);
      const params = JSON.parse(mails[0]!.params_json) as Record<string, string>;
      expect(params.link).toMatch(/^\/verify-email\?token=[A-Za-z0-9_-]{40,}$/);
      expect(Date.parse(params.expiresAt!) - h().deps.clock.millis()).toBeGreaterThan(23 * 3_600_000);
      // Only the hash of the link's token is stored.
      const token = tokenOf(params.link!);
      const stored = await db().selectFrom('email_verification_tokens').selectAll().where('user_id', '=', user.id).execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.token_hash).not.toBe(token);

      const refused = await login(body.user.email, NEW_PASSWORD);
      expect(refused.statusCode).toBe(403);
      expect(JSON.parse(refused.body).code).toBe('EMAIL_NOT_VERIFIED');
      // A wrong password learns nothing about the account.
      expect(JSON.parse((await login(body.user.email, 'not the password at all')).body).code).toBe('INVALID_CREDENTIALS');

      expect(must(await publicPost('/api/v1/onboarding/verify-email', { token }), 200, 'verify').body.message).toMatch(/confirmed/);
      expectProblem(await publicPost('/api/v1/onboarding/verify-email', { token }), 400, 'LINK_USED');
      const company = await loginTo(h().app, body.user.email, NEW_PASSWORD);
      const session = must(await company.get('/api/v1/auth/session'), 200, 'session').body;
      expect(session.user).toMatchObject({ email: body.user.email, org: { id: org.id, kind: 'company' } });
      expect(must(await company.get('/api/v1/onboarding/registration'), 200, 'own registration').body).toEqual({ status: 'registered', reason: null, decidedAt: null });

      // The program office is told once the address is confirmed, and sees it in its queue.
      const note = await db()
        .selectFrom('notifications')
        .innerJoin('users', 'users.id', 'notifications.user_id')
        .select(['notifications.text', 'notifications.link'])
        .where('users.email', '=', 'program.officer@ita.example')
        .where('notifications.kind', '=', 'organization_registered')
        .where('notifications.text', 'like', `%${body.organization.name}%`)
        .executeTakeFirst();
      expect(note).toMatchObject({ link: '/registrations' });
      const po = await h().login('program.officer@ita.example');
      const queue = must(await po.get('/api/v1/organizations/registrations'), 200, 'queue').body.items;
      expect(queue.find((r: { orgId: string }) => r.orgId === org.id)).toMatchObject({
        name: body.organization.name,
        status: 'registered',
        registrationNumber: body.registration.registrationNumber,
        website: 'https://example.com',
        emailVerified: true,
        registeredBy: { email: body.user.email },
        countryOfConcern: { concern: false },
      });
      const events = await db().selectFrom('audit_events').select('action').where('entity_id', 'in', [org.id, user.id]).execute();
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['organization.created', 'organization.registered', 'user.created', 'user.email_verified']));
    });

    it('refuses bad input with 400 and writes nothing', async () => {
      const count = async () => {
        const [orgs, users, mails] = await Promise.all([
          db().selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
          db().selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
          db().selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        ]);
        return [Number(orgs.n), Number(users.n), Number(mails.n)];
      };
      const before = await count();
      const good = signupBody();
      const { registration: _r, ...noRegistration } = good;
      expectProblem(await publicPost('/api/v1/onboarding/signup', noRegistration), 400, 'VALIDATION_FAILED');
      expectProblem(await publicPost('/api/v1/onboarding/signup', { ...good, organization: { ...good.organization, name: '' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await publicPost('/api/v1/onboarding/signup', { ...good, user: { ...good.user, email: 'not-an-address' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await publicPost('/api/v1/onboarding/signup', { ...good, registration: { ...good.registration, website: 'javascript:alert(1)' } }), 400, 'VALIDATION_FAILED');
      const overOwned = await publicPost('/api/v1/onboarding/signup', signupBody({ owners: [{ name: 'A', country: 'GB', percent: 70 }, { name: 'B', country: 'CN', percent: 40 }] }));
      expectProblem(overOwned, 400, 'VALIDATION_FAILED');
      expect(overOwned.body.errors.map((e: { path: string }) => e.path)).toContain('organization.owners');
      expectProblem(await publicPost('/api/v1/onboarding/signup', signupBody({ password: 'short' })), 400, 'PASSWORD_TOO_SHORT');
      expectProblem(await publicPost('/api/v1/onboarding/signup', signupBody({ password: 'password1234' })), 400, 'PASSWORD_TOO_COMMON');
      expect(await count()).toEqual(before);
    });

    it('answers a sign-up with a taken address exactly like a new one, and creates no second account', async () => {
      const taken = signupBody({ email: 'anchor@cascade.example' });
      const fresh = signupBody();
      const [a, b] = [await publicPost('/api/v1/onboarding/signup', taken), await publicPost('/api/v1/onboarding/signup', fresh)];
      expect({ status: a.status, body: a.body }).toEqual({ status: b.status, body: b.body });
      expect(await db().selectFrom('users').select('id').where('email', '=', 'anchor@cascade.example').execute()).toHaveLength(1);
      expect(await db().selectFrom('organizations').select('id').where('name', '=', taken.organization.name).execute()).toHaveLength(0);
      // An account that can already sign in is sent nothing.
      expect(await accountMailsTo('anchor@cascade.example')).toHaveLength(0);

      // Signing up again while the first sign-up waits for confirmation sends a new link instead; the old one is ended.
      const first = tokenOf(await lastLink(fresh.user.email, 'email_verification'));
      must(await publicPost('/api/v1/onboarding/signup', { ...signupBody(), user: fresh.user }), 202, 'sign up again');
      const second = tokenOf(await lastLink(fresh.user.email, 'email_verification'));
      expect(second).not.toBe(first);
      expect(await db().selectFrom('users').select('id').where('email', '=', fresh.user.email).execute()).toHaveLength(1);
      expectProblem(await publicPost('/api/v1/onboarding/verify-email', { token: first }), 400, 'LINK_SUPERSEDED');
      must(await publicPost('/api/v1/onboarding/verify-email', { token: second }), 200, 'verify with the newest link');
    });

    it('resends a verification link on request, answering alike for any address; bad and expired links change nothing', async () => {
      const body = signupBody();
      must(await publicPost('/api/v1/onboarding/signup', body), 202, 'sign up');
      const first = tokenOf(await lastLink(body.user.email, 'email_verification'));
      const known = await publicPost('/api/v1/onboarding/verify-email/resend', { email: body.user.email });
      const unknown = await publicPost('/api/v1/onboarding/verify-email/resend', { email: `${uniqueWord('nobody')}@nowhere.example` });
      const verified = await publicPost('/api/v1/onboarding/verify-email/resend', { email: 'anchor@cascade.example' });
      for (const r of [unknown, verified]) expect({ status: r.status, body: r.body }).toEqual({ status: known.status, body: known.body });
      expect(known.status).toBe(202);
      expect(await accountMailsTo('anchor@cascade.example')).toHaveLength(0);
      const second = tokenOf(await lastLink(body.user.email, 'email_verification'));
      expect(second).not.toBe(first);

      expectProblem(await publicPost('/api/v1/onboarding/verify-email', { token: 'A'.repeat(43) }), 400, 'LINK_INVALID');
      expectProblem(await publicPost('/api/v1/onboarding/verify-email', { token: 'x' }), 400, 'VALIDATION_FAILED');
      h().deps.clock.advance(25 * 3_600_000);
      try {
        expectProblem(await publicPost('/api/v1/onboarding/verify-email', { token: second }), 400, 'LINK_EXPIRED');
        const user = await db().selectFrom('users').select('email_verification_pending').where('email', '=', body.user.email).executeTakeFirstOrThrow();
        expect(user.email_verification_pending).toBe(1);
      } finally {
        h().deps.clock.advance(-25 * 3_600_000);
      }
    });

    it('only the program office approves or rejects registrations, with a reason to reject, audited; a company cannot approve itself', async () => {
      const reg = await registerAndVerify();
      const other = await registerAndVerify();
      const company = await loginTo(h().app, reg.email, NEW_PASSWORD);
      const anchor = await h().login('anchor@cascade.example');
      for (const c of [company, anchor, await h().login('reviewer@state.example')]) {
        expectProblem(await c.get('/api/v1/organizations/registrations'), 403, 'FORBIDDEN');
        expectProblem(await c.post(`/api/v1/organizations/registrations/${reg.orgId}/approve`, { version: 1 }), 403, 'FORBIDDEN');
      }
      expectProblem(await h().app.inject({ method: 'GET', url: '/api/v1/organizations/registrations' }).then((r) => ({ status: r.statusCode, body: JSON.parse(r.body), headers: r.headers })), 401, 'UNAUTHENTICATED');

      const po = await h().login('program.officer@ita.example');
      expectProblem(await po.post(`/api/v1/organizations/registrations/${reg.orgId}/reject`, { version: 1 }), 400, 'VALIDATION_FAILED');
      expectProblem(await po.post(`/api/v1/organizations/registrations/${reg.orgId}/approve`, { version: 7 }), 409, 'VERSION_CONFLICT');
      expectProblem(await po.post('/api/v1/organizations/registrations/org-cascade/approve', { version: 1 }), 404, 'NOT_FOUND');
      expect(must(await po.get('/api/v1/organizations/registrations'), 200, 'queue').body.items.map((r: { orgId: string }) => r.orgId)).toEqual(expect.arrayContaining([reg.orgId, other.orgId]));

      const approved = must(await po.post(`/api/v1/organizations/registrations/${reg.orgId}/approve`, { version: 1, reason: 'Registry entry checked' }), 200, 'approve').body;
      expect(approved).toMatchObject({ orgId: reg.orgId, status: 'approved', reason: 'Registry entry checked', decidedBy: expect.any(String), version: 2 });
      expectProblem(await po.post(`/api/v1/organizations/registrations/${reg.orgId}/reject`, { version: 2, reason: 'too late' }), 409, 'INVALID_STATE');
      expect(must(await company.get('/api/v1/onboarding/registration'), 200, 'own').body).toMatchObject({ status: 'approved' });

      const admin = await h().login('admin@aiep.example');
      const rejected = must(await admin.post(`/api/v1/organizations/registrations/${other.orgId}/reject`, { version: 1, reason: 'Not a registered company' }), 200, 'reject').body;
      expect(rejected).toMatchObject({ status: 'rejected', reason: 'Not a registered company' });
      const pending = must(await po.get('/api/v1/organizations/registrations'), 200, 'queue').body.items.map((r: { orgId: string }) => r.orgId);
      expect(pending).not.toContain(reg.orgId);
      expect(pending).not.toContain(other.orgId);
      expect(must(await po.get('/api/v1/organizations/registrations?status=rejected'), 200, 'rejected').body.items.map((r: { orgId: string }) => r.orgId)).toContain(other.orgId);

      const events = await db().selectFrom('audit_events').select(['action', 'data_json']).where('entity_id', 'in', [reg.orgId, other.orgId]).where('action', 'like', 'organization.registration_%').orderBy('seq').execute();
      expect(events.map((e) => [e.action, JSON.parse(e.data_json).reason])).toEqual([
        ['organization.registration_approved', 'Registry entry checked'],
        ['organization.registration_rejected', 'Not a registered company'],
      ]);
    });

    it('an unapproved company signs in and edits its profile but cannot form a consortium until approved', async () => {
      const reg = await registerAndVerify();
      const company = await loginTo(h().app, reg.email, NEW_PASSWORD);
      const refused = await company.post('/api/v1/consortia', { name: `Consortium ${uniqueWord()}`, layerRoles: ['infrastructure'] });
      expectProblem(refused, 403, 'ORGANIZATION_NOT_APPROVED');
      expect(refused.body.detail).toMatch(/approv/);

      const org = must(await company.get(`/api/v1/organizations/${reg.orgId}`), 200, 'own organization').body;
      const { id: _id, kind: _k, agency: _a, countryOfConcern: _c, version, createdAt: _ca, updatedAt: _ua, ...input } = org;
      must(await company.put(`/api/v1/organizations/${reg.orgId}`, { version, organization: { ...input, smallBusiness: true } }), 200, 'edit profile');

      const po = await h().login('program.officer@ita.example');
      must(await po.post(`/api/v1/organizations/registrations/${reg.orgId}/approve`, { version: 1 }), 200, 'approve');
      must(await company.post('/api/v1/consortia', { name: `Consortium ${uniqueWord()}`, layerRoles: ['infrastructure'] }), 201, 'form a consortium once approved');

      // A rejected company stays refused.
      const rejected = await registerAndVerify();
      must(await po.post(`/api/v1/organizations/registrations/${rejected.orgId}/reject`, { version: 1, reason: 'No such registry entry' }), 200, 'reject');
      const rc = await loginTo(h().app, rejected.email, NEW_PASSWORD);
      expectProblem(await rc.post('/api/v1/consortia', { name: `Consortium ${uniqueWord()}`, layerRoles: ['infrastructure'] }), 403, 'ORGANIZATION_NOT_APPROVED');
    });

    it('resets a password by e-mailed link: single use, sessions ended, lockout cleared, notice sent, audited', async () => {
      const admin = await h().login('admin@aiep.example');
      const email = await newLocalUser(admin);
      const session = await loginTo(h().app, email);
      must(await session.get('/api/v1/auth/session'), 200, 'signed in');
      // Locked out from one address by failed logins.
      const lockedFrom = '10.250.0.1';
      for (let i = 0; i < 6; i++) await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: lockedFrom, payload: { email, password: 'wrong password attempt' } });
      const blocked = await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: lockedFrom, payload: { email, password: DEMO_PASSWORD } });
      expect(blocked.statusCode).toBe(401);

      const res = await publicPost('/api/v1/auth/password-reset', { email: email.toUpperCase() });
      expect(res.status).toBe(202);
      const link = await lastLink(email, 'password_reset');
      expect(link).toMatch(/^\/reset-password\?token=/);
      const params = JSON.parse((await mailsTo(email)).at(-1)!.params_json);
      expect(params.expiresMinutes).toBe('30');
      const token = tokenOf(link);

      // A password the policy refuses changes nothing, and the link stays usable.
      expectProblem(await publicPost('/api/v1/auth/password-reset/confirm', { token, password: 'short' }), 400, 'PASSWORD_TOO_SHORT');
      expect((await login(email, DEMO_PASSWORD)).statusCode).toBe(200);

      const done = must(await publicPost('/api/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD }), 200, 'reset').body;
      expect(done.message).toMatch(/changed/);
      expectProblem(await session.get('/api/v1/proposals'), 401, 'UNAUTHENTICATED');
      expect((await login(email, DEMO_PASSWORD)).statusCode).toBe(401);
      expect((await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: lockedFrom, payload: { email, password: NEW_PASSWORD } })).statusCode).toBe(200);
      expectProblem(await publicPost('/api/v1/auth/password-reset/confirm', { token, password: 'another passphrase of mine 99' }), 400, 'LINK_USED');
      expect((await mailsTo(email)).map((m) => m.template)).toEqual(['password_reset', 'password_changed']);

      const user = await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      const events = await db().selectFrom('audit_events').select(['action', 'data_json']).where('entity_id', '=', user.id).where('action', 'like', 'auth.password_reset%').orderBy('seq').execute();
      expect(events.map((e) => e.action)).toEqual(['auth.password_reset_requested', 'auth.password_reset']);
      expect(JSON.parse(events[1]!.data_json).sessionsEnded).toBeGreaterThanOrEqual(2);
    });

    it('answers a reset request for an unknown or disabled address exactly like a known one, and sends nothing', async () => {
      const admin = await h().login('admin@aiep.example');
      const email = await newLocalUser(admin);
      const disabled = await newLocalUser(admin);
      const disabledId = (await db().selectFrom('users').select('id').where('email', '=', disabled).executeTakeFirstOrThrow()).id;
      must(await admin.patch(`/api/v1/users/${disabledId}`, { disabled: true }), 200, 'disable');
      const unknownEmail = `${uniqueWord('nobody')}@nowhere.example`;
      const known = await publicPost('/api/v1/auth/password-reset', { email });
      const unknown = await publicPost('/api/v1/auth/password-reset', { email: unknownEmail });
      const off = await publicPost('/api/v1/auth/password-reset', { email: disabled });
      expect(known.status).toBe(202);
      for (const r of [unknown, off]) {
        expect({ status: r.status, body: r.body, type: r.headers['content-type'] }).toEqual({ status: known.status, body: known.body, type: known.headers['content-type'] });
      }
      expect(await mailsTo(unknownEmail)).toHaveLength(0);
      expect(await mailsTo(disabled)).toHaveLength(0);
      expectProblem(await publicPost('/api/v1/auth/password-reset/confirm', { token: 'B'.repeat(43), password: NEW_PASSWORD }), 400, 'LINK_INVALID');
    });

    it('a newer reset link supersedes the older, links expire after 30 minutes, and requests are throttled per address and per e-mail', async () => {
      const admin = await h().login('admin@aiep.example');
      const email = await newLocalUser(admin);
      must(await publicPost('/api/v1/auth/password-reset', { email }), 202, 'first');
      const first = tokenOf(await lastLink(email, 'password_reset'));
      must(await publicPost('/api/v1/auth/password-reset', { email }), 202, 'second');
      const second = tokenOf(await lastLink(email, 'password_reset'));
      expectProblem(await publicPost('/api/v1/auth/password-reset/confirm', { token: first, password: NEW_PASSWORD }), 400, 'LINK_SUPERSEDED');

      h().deps.clock.advance(31 * 60_000);
      try {
        expectProblem(await publicPost('/api/v1/auth/password-reset/confirm', { token: second, password: NEW_PASSWORD }), 400, 'LINK_EXPIRED');
        expect((await login(email, DEMO_PASSWORD)).statusCode).toBe(200);

        // Per e-mail: at most three links an hour, whatever the client address; the answer stays the same.
        const third = await publicPost('/api/v1/auth/password-reset', { email });
        const fourth = await publicPost('/api/v1/auth/password-reset', { email });
        expect({ status: fourth.status, body: fourth.body }).toEqual({ status: third.status, body: third.body });
        expect((await mailsTo(email)).filter((m) => m.template === 'password_reset')).toHaveLength(3);

        // Per client address: the sixth request in 15 minutes is refused.
        const from = freshAddress();
        for (let i = 0; i < 5; i++) expect((await publicPost('/api/v1/auth/password-reset', { email: `${uniqueWord('x')}@nowhere.example` }, from)).status).toBe(202);
        expect((await publicPost('/api/v1/auth/password-reset', { email: `${uniqueWord('x')}@nowhere.example` }, from)).status).toBe(429);
      } finally {
        h().deps.clock.advance(-31 * 60_000);
      }
    });
  },
);

