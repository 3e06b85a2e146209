import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, inject, type Harness } from '../../test/harness.ts';

const PASSWORD = 'a long and rather unusual passphrase 7';

/** The token of the newest invitation e-mail to an address, from the outbox. */
async function tokenMailedTo(h: Harness, email: string): Promise<string> {
  const rows = await h.deps.db.db.selectFrom('mail_outbox').select(['params_json', 'template', 'created_at']).where('to_address', '=', email).orderBy('created_at', 'desc').execute();
  const mail = rows.find((r) => r.template === 'account_invitation');
  if (!mail) throw new Error(`no invitation mailed to ${email}`);
  const params = JSON.parse(mail.params_json) as Record<string, string>;
  expect(params.link).toMatch(/^\/invitations\/accept\?token=/);
  return decodeURIComponent(params.link!.split('token=')[1]!);
}

const count = async (h: Harness, table: 'users' | 'user_invitations' | 'mail_outbox', email: string) =>
  Number((await h.deps.db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(table === 'mail_outbox' ? 'to_address' : 'email', '=', email).executeTakeFirstOrThrow()).n);

describeEachDb('user invitations', (h) => {
  it('an administrator invites into any organization; the link is e-mailed and creates the account once', async () => {
    const admin = await h().login('admin@aiep.example');
    const res = await admin.post('/api/v1/invitations', { email: 'New.Officer@ITA.example', orgId: 'org-ita', roles: ['program_officer'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'new.officer@ita.example', orgId: 'org-ita', roles: ['program_officer'], status: 'open', invitedBy: 'Sky Admin', acceptedAt: null });
    const token = await tokenMailedTo(h(), 'new.officer@ita.example');

    const anon = inject(h().app, '', '');
    const preview = await anon.post('/api/v1/invitations/preview', { token });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ email: 'new.officer@ita.example', roles: ['program_officer'] });

    const weak = await anon.post('/api/v1/invitations/accept', { token, name: 'New Officer', password: 'short' });
    expectProblem(weak, 400, 'PASSWORD_TOO_SHORT');
    expect(await count(h(), 'users', 'new.officer@ita.example')).toBe(0);

    const accepted = await anon.post('/api/v1/invitations/accept', { token, name: 'New Officer', password: PASSWORD });
    expect(accepted.status).toBe(201);
    const again = await anon.post('/api/v1/invitations/accept', { token, name: 'New Officer', password: PASSWORD });
    expectProblem(again, 409, 'INVITATION_ACCEPTED');
    expect(await count(h(), 'users', 'new.officer@ita.example')).toBe(1);

    const user = await h().login('new.officer@ita.example', PASSWORD);
    const session = await user.get('/api/v1/auth/session');
    expect(session.body.user).toMatchObject({ email: 'new.officer@ita.example', roles: ['program_officer'], org: { id: 'org-ita' } });
    const list = await admin.get('/api/v1/invitations');
    expect(list.body.items.find((i: { email: string }) => i.email === 'new.officer@ita.example')).toMatchObject({ status: 'accepted' });
    const events = await h().deps.db.db.selectFrom('audit_events').select('action').where('entity_id', '=', res.body.id).execute();
    expect(events.map((e) => e.action).sort()).toEqual(['invitation.accepted', 'invitation.created']);
  });

  it('a company anchor invites colleagues into its own company with company roles only', async () => {
    const anchor = await h().login('anchor@cascade.example');
    const ok = await anchor.post('/api/v1/invitations', { email: 'colleague@cascade.example', orgId: 'org-cascade', roles: ['consortium_member', 'compliance_officer'] });
    expect(ok.status).toBe(201);

    expectProblem(await anchor.post('/api/v1/invitations', { email: 'boss@cascade.example', orgId: 'org-cascade', roles: ['program_officer'] }), 403, 'FORBIDDEN');
    expectProblem(await anchor.post('/api/v1/invitations', { email: 'boss@cascade.example', orgId: 'org-cascade', roles: ['admin'] }), 403, 'FORBIDDEN');
    expectProblem(await anchor.post('/api/v1/invitations', { email: 'someone@kestrel.example', orgId: 'org-kestrel', roles: ['consortium_member'] }), 403, 'FORBIDDEN');
    expect(await count(h(), 'user_invitations', 'boss@cascade.example')).toBe(0);
    expect(await count(h(), 'mail_outbox', 'boss@cascade.example')).toBe(0);
    expect(await count(h(), 'user_invitations', 'someone@kestrel.example')).toBe(0);

    // The anchor lists its own company's invitations only; another company's anchor does not see them.
    const mine = await anchor.get('/api/v1/invitations');
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((i: { orgId: string }) => i.orgId === 'org-cascade')).toBe(true);
    expect(mine.body.items.some((i: { email: string }) => i.email === 'colleague@cascade.example')).toBe(true);
    const other = await h().login('anchor@meridian.example');
    expect((await other.get('/api/v1/invitations')).body.items.some((i: { email: string }) => i.email === 'colleague@cascade.example')).toBe(false);
    expectProblem(await other.delete(`/api/v1/invitations/${ok.body.id}`), 404, 'NOT_FOUND');
  });

  it('roles must fit the organization; members, officers and reviewers may not invite', async () => {
    const admin = await h().login('admin@aiep.example');
    expectProblem(await admin.post('/api/v1/invitations', { email: 'x@kestrel.example', orgId: 'org-kestrel', roles: ['program_officer'] }), 400, 'VALIDATION_FAILED');
    expectProblem(await admin.post('/api/v1/invitations', { email: 'x@kestrel.example', orgId: 'org-nope', roles: ['consortium_member'] }), 400, 'VALIDATION_FAILED');
    expectProblem(await admin.post('/api/v1/invitations', { email: 'not an address', orgId: 'org-kestrel', roles: ['consortium_member'] }), 400, 'VALIDATION_FAILED');
    expectProblem(await admin.post('/api/v1/invitations', { email: 'anchor@cascade.example', orgId: 'org-cascade', roles: ['consortium_member'] }), 409, 'EMAIL_TAKEN');
    for (const email of ['member@kestrel.example', 'program.officer@ita.example', 'reviewer@state.example']) {
      const c = await h().login(email);
      expectProblem(await c.post('/api/v1/invitations', { email: 'x@kestrel.example', orgId: 'org-kestrel', roles: ['consortium_member'] }), 403, 'FORBIDDEN');
      expectProblem(await c.get('/api/v1/invitations'), 403, 'FORBIDDEN');
    }
    expect(await count(h(), 'user_invitations', 'x@kestrel.example')).toBe(0);
    const anon = inject(h().app, '', '');
    expectProblem(await anon.post('/api/v1/invitations', { email: 'x@kestrel.example', orgId: 'org-kestrel', roles: ['consortium_member'] }), 401, 'UNAUTHENTICATED');
  });

  it('a revoked or expired invitation cannot be accepted; one open invitation per address', async () => {
    const admin = await h().login('admin@aiep.example');
    const first = await admin.post('/api/v1/invitations', { email: 'revoked@kestrel.example', orgId: 'org-kestrel', roles: ['consortium_member'] });
    expectProblem(await admin.post('/api/v1/invitations', { email: 'revoked@kestrel.example', orgId: 'org-kestrel', roles: ['consortium_member'] }), 409, 'INVITATION_OPEN');
    const token = await tokenMailedTo(h(), 'revoked@kestrel.example');
    expect((await admin.delete(`/api/v1/invitations/${first.body.id}`)).status).toBe(204);
    expectProblem(await admin.delete(`/api/v1/invitations/${first.body.id}`), 409, 'INVITATION_CLOSED');
    const anon = inject(h().app, '', '');
    expectProblem(await anon.post('/api/v1/invitations/preview', { token }), 409, 'INVITATION_REVOKED');
    expectProblem(await anon.post('/api/v1/invitations/accept', { token, name: 'Revoked Person', password: PASSWORD }), 409, 'INVITATION_REVOKED');
    expectProblem(await anon.post('/api/v1/invitations/preview', { token: 'x'.repeat(43) }), 404, 'NOT_FOUND');

    await admin.post('/api/v1/invitations', { email: 'late@kestrel.example', orgId: 'org-kestrel', roles: ['consortium_member'] });
    const late = await tokenMailedTo(h(), 'late@kestrel.example');
    const clock = h().deps.clock;
    const was = clock.nowIso();
    clock.advance(8 * 86_400_000);
    try {
      expectProblem(await anon.post('/api/v1/invitations/accept', { token: late, name: 'Late Person', password: PASSWORD }), 409, 'INVITATION_EXPIRED');
    } finally {
      clock.set(was);
    }
    expect(await count(h(), 'users', 'late@kestrel.example')).toBe(0);
    expect(await count(h(), 'users', 'revoked@kestrel.example')).toBe(0);
  });
  // Two-factor sign-in is another suite's concern: nobody needs it here, so the harness logs in with passwords alone.
});
