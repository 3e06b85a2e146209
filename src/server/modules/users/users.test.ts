// The administrator's users page over the API (issue 13): the list says each user's organization,
// roles, status and last sign-in; an administrator changes roles and disables users, within the
// organization's kind and never locking the program out; auditors read; nobody else does either.
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { must, uniqueWord } from '../../test/factories.ts';
import { DEMO_PASSWORD, describeEachDb, type Client } from '../../test/harness.ts';

interface Item {
  id: string;
  email: string;
  roles: string[];
  orgName: string;
  disabled: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
}

describeEachDb('users', (h) => {
  const list = async (c: Client): Promise<Item[]> => must(await c.get('/api/v1/users'), 200, 'list users').body.items;
  const newUser = async (admin: Client, orgId = 'org-oig', roles = ['auditor']) => {
    const email = `${uniqueWord('user')}@oig.example`;
    const id = must(await admin.post('/api/v1/users', { email, name: 'Casey Page', orgId, roles, password: DEMO_PASSWORD }), 201, 'create a user').body.id as string;
    return { id, email };
  };

  it('lists each user with organization, roles, status and last sign-in, for administrators and auditors', async () => {
    const admin = await h().login('admin@aiep.example');
    const auditor = await h().login('auditor@oig.example');
    const { id, email } = await newUser(admin);
    // A lock in force is shown; one that has run out is not.
    const db = h().deps.db.db;
    const later = new Date(h().deps.clock.millis() + 3_600_000).toISOString();
    await db.updateTable('users').set({ locked_until: later }).where('id', '=', id).execute();
    await db.updateTable('users').set({ locked_until: '2000-01-01T00:00:00.000Z' }).where('email', '=', 'decision@ita.example').execute();
    for (const c of [admin, auditor]) {
      const items = await list(c);
      expect(items.find((u) => u.email === 'auditor@oig.example')).toMatchObject({ roles: ['auditor'], disabled: false, lockedUntil: null, lastSignInAt: expect.any(String) });
      expect(items.find((u) => u.email === email)).toMatchObject({ orgName: expect.any(String), lockedUntil: later, lastSignInAt: null });
      expect(items.find((u) => u.email === 'decision@ita.example')?.lockedUntil).toBeNull();
    }
    for (const email of ['anchor@cascade.example', 'program.officer@ita.example']) expectProblem(await (await h().login(email)).get('/api/v1/users'), 403, 'FORBIDDEN');
  });

  it('an administrator changes a user’s roles and disables it; the user then cannot sign in, and it is audited', async () => {
    const admin = await h().login('admin@aiep.example');
    const { id, email } = await newUser(admin, 'org-ita', ['program_officer']);
    const changed = must(await admin.patch(`/api/v1/users/${id}`, { roles: ['screening_analyst', 'program_officer'] }), 200, 'change roles').body;
    expect(changed).toMatchObject({ id, roles: ['screening_analyst', 'program_officer'], disabled: false });
    expect((await h().login(email)).cookie).toBeTruthy();
    expect(must(await admin.patch(`/api/v1/users/${id}`, { disabled: true }), 200, 'disable').body.disabled).toBe(true);
    expect((await list(admin)).find((u) => u.id === id)?.disabled).toBe(true);
    const refused = await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } });
    expect(refused.statusCode).toBe(401);
    const events = await h().deps.db.db.selectFrom('audit_events').select(['action', 'data_json']).where('entity_id', '=', id).where('action', '=', 'user.updated').orderBy('seq').execute();
    expect(events.map((e) => JSON.parse(e.data_json))).toEqual([{ roles: ['screening_analyst', 'program_officer'], previousRoles: ['program_officer'] }, { disabled: true }]);
    // Enabled again, the user signs in again; a change that changes nothing writes nothing.
    must(await admin.patch(`/api/v1/users/${id}`, { disabled: false }), 200, 'enable');
    must(await admin.patch(`/api/v1/users/${id}`, { disabled: false }), 200, 'enable again');
    expect((await h().deps.db.db.selectFrom('audit_events').select('id').where('entity_id', '=', id).where('action', '=', 'user.updated').execute()).length).toBe(3);
    expect((await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } })).statusCode).toBe(200);
  });

  it('refuses roles that do not fit the organization, an empty change, an unknown user, and an administrator locking itself out', async () => {
    const admin = await h().login('admin@aiep.example');
    const { id } = await newUser(admin);
    const before = (await list(admin)).find((u) => u.id === id);
    expectProblem(await admin.patch(`/api/v1/users/${id}`, { roles: ['anchor_member'] }), 400, 'VALIDATION_FAILED');
    expectProblem(await admin.patch(`/api/v1/users/${id}`, { roles: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(await admin.patch(`/api/v1/users/${id}`, {}), 400, 'VALIDATION_FAILED');
    expectProblem(await admin.patch(`/api/v1/users/${id}`, { roles: ['auditor'], email: 'x@y.example' }), 400, 'VALIDATION_FAILED');
    expectProblem(await admin.patch('/api/v1/users/no-such-user', { disabled: true }), 404, 'NOT_FOUND');
    expect((await list(admin)).find((u) => u.id === id)).toEqual(before);

    const adminId = (await list(admin)).find((u) => u.email === 'admin@aiep.example')!.id;
    expectProblem(await admin.patch(`/api/v1/users/${adminId}`, { disabled: true }), 409, 'SELF_LOCKOUT');
    expectProblem(await admin.patch(`/api/v1/users/${adminId}`, { roles: ['auditor'] }), 409, 'SELF_LOCKOUT');
    expect((await list(admin)).find((u) => u.id === adminId)).toMatchObject({ roles: ['admin'], disabled: false });
  });

  it('only administrators change users: the auditor and others are refused and nothing changes', async () => {
    const admin = await h().login('admin@aiep.example');
    const { id } = await newUser(admin);
    for (const email of ['auditor@oig.example', 'program.officer@ita.example', 'anchor@cascade.example']) {
      const c = await h().login(email);
      expectProblem(await c.patch(`/api/v1/users/${id}`, { disabled: true }), 403, 'FORBIDDEN');
      expectProblem(await c.patch(`/api/v1/users/${id}`, { roles: ['admin'] }), 403, 'FORBIDDEN');
    }
    expect((await list(admin)).find((u) => u.id === id)).toMatchObject({ roles: ['auditor'], disabled: false });
  });
});
