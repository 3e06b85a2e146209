// Concurrent answers to one invitation: exactly one is recorded; the others answer 409
// NO_PENDING_INVITATION and write nothing (no second audit event, no second membership change).
// The same for concurrent invitations of one company and concurrent removals of one member.
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { FACTORY_ANCHOR, must, session, uniqueWord } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

describeEachDb('invitation answers in parallel', (h) => {
  it('exactly one of three parallel acceptances wins; the others get 409 NO_PENDING_INVITATION', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const merlion = await session(h(), 'member@merlion.example');
    const c = must(await anchor.post('/api/v1/consortia', { name: `Accept race ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] }), 201, 'invite Merlion');

    const answers = await Promise.all([1, 2, 3].map(() => merlion.post(`/api/v1/consortia/${c.id}/invitation/accept`)));
    expect(answers.filter((r) => r.status === 200), JSON.stringify(answers.map((r) => [r.status, r.body?.code]))).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) expectProblem(r, 409, 'NO_PENDING_INVITATION');

    const db = h().deps.db.db;
    const member = await db.selectFrom('consortium_members').select('status').where('consortium_id', '=', c.id).where('org_id', '=', 'org-merlion').executeTakeFirstOrThrow();
    expect(member.status).toBe('active');
    const events = await db.selectFrom('audit_events').select('action').where('entity_id', '=', c.id).where('action', 'like', 'consortium.invitation_%').execute();
    expect(events.map((e) => e.action)).toEqual(['consortium.invitation_accepted']);
  });

  it('an acceptance racing a decline: one of them is recorded, the other is refused', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const merlion = await session(h(), 'member@merlion.example');
    const c = must(await anchor.post('/api/v1/consortia', { name: `Answer race ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] }), 201, 'invite Merlion');

    const [accept, decline] = await Promise.all([merlion.post(`/api/v1/consortia/${c.id}/invitation/accept`), merlion.post(`/api/v1/consortia/${c.id}/invitation/decline`)]);
    const [won, lost] = accept.status === 200 ? [accept, decline] : [decline, accept];
    expect(won.status, JSON.stringify([accept.body?.code, decline.body?.code])).toBe(200);
    // The loser learns that the invitation was answered (409) — or, when the decline won and the
    // acceptance was read after it, that the company no longer sees the consortium at all (404).
    if (lost === accept && lost.status === 404) expectProblem(lost, 404, 'NOT_FOUND');
    else expectProblem(lost, 409, 'NO_PENDING_INVITATION');
    const events = await h().deps.db.db.selectFrom('audit_events').select('action').where('entity_id', '=', c.id).where('action', 'like', 'consortium.invitation_%').execute();
    expect(events).toHaveLength(1);
    const member = await h().deps.db.db.selectFrom('consortium_members').select('status').where('consortium_id', '=', c.id).where('org_id', '=', 'org-merlion').executeTakeFirstOrThrow();
    expect(member.status).toBe(accept.status === 200 ? 'active' : 'declined');
  });

  it('of parallel invitations of one company exactly one is recorded; the others get 409 ALREADY_MEMBER, never a 500', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const c = must(await anchor.post('/api/v1/consortia', { name: `Invite race ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    const answers = await Promise.all([1, 2, 3].map(() => anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] })));
    expect(answers.filter((r) => r.status === 201), JSON.stringify(answers.map((r) => [r.status, r.body?.code]))).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 201)) expectProblem(r, 409, 'ALREADY_MEMBER');
    const events = await h().deps.db.db.selectFrom('audit_events').select('action').where('entity_id', '=', c.id).where('action', '=', 'consortium.member_invited').execute();
    expect(events).toHaveLength(1);
  });

  it('of parallel removals of one member exactly one is recorded and opens one membership change', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const merlion = await session(h(), 'member@merlion.example');
    const c = must(await anchor.post('/api/v1/consortia', { name: `Remove race ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] }), 201, 'invite Merlion');
    must(await merlion.post(`/api/v1/consortia/${c.id}/invitation/accept`), 200, 'accept');
    const answers = await Promise.all([1, 2, 3].map(() => anchor.delete(`/api/v1/consortia/${c.id}/members/org-merlion`)));
    expect(answers.filter((r) => r.status === 200), JSON.stringify(answers.map((r) => [r.status, r.body?.code]))).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) expectProblem(r, 404, 'NOT_FOUND');
    const events = await h().deps.db.db.selectFrom('audit_events').select('action').where('entity_id', '=', c.id).where('action', '=', 'consortium.member_removed').execute();
    expect(events).toHaveLength(1);
  });
});
