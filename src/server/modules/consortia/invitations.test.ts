// An invitation is not a membership: the anchor that invites a company does not see its ownership
// file, and the invited company sees only who invites it, until it accepts.
import { expect, it } from 'vitest';
import { FACTORY_ANCHOR, FACTORY_MEMBER, must, session, uniqueWord } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

interface Member {
  orgId: string;
  name: string;
  status: string;
  owners: unknown[];
  ultimateParent: unknown;
}

describeEachDb('invitations', (h) => {
  it('an invitation opens no ownership file, either way, until it is accepted', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const pampa = await session(h(), FACTORY_MEMBER.email);
    const merlion = await session(h(), 'member@merlion.example');
    const c = must(await anchor.post('/api/v1/consortia', { name: `Invitation test ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: FACTORY_MEMBER.orgId, layerRoles: ['data'] }), 201, 'invite Pampa');
    must(await pampa.post(`/api/v1/consortia/${c.id}/invitation/accept`), 200, 'Pampa accepts');
    must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['application'] }), 201, 'invite Merlion');

    // The anchor (and the active member) see that Merlion is invited, not who owns it.
    for (const [who, client] of [['anchor', anchor], ['member', pampa]] as const) {
      expect((await client.get('/api/v1/organizations/org-merlion')).status, who).toBe(404);
      const view = must(await client.get(`/api/v1/consortia/${c.id}`), 200, `consortium (${who})`).body;
      const invited = view.members.find((m: Member) => m.orgId === 'org-merlion') as Member;
      expect(invited.status).toBe('invited');
      expect(invited.name).toBe('Merlion Data Pte. Ltd.');
      expect(invited.owners).toEqual([]);
      // Withheld is said as such, so that no screen reads the empty check as a pass.
      expect(invited).toMatchObject({ ownershipWithheld: true, countryOfConcern: { concern: false } });
      expect(view.members.find((m: Member) => m.orgId === FACTORY_MEMBER.orgId)).toMatchObject({ ownershipWithheld: false });
      expect(JSON.stringify(view), who).not.toContain('Merlion Holdings');
    }
    // Active members still see each other in full.
    expect((await anchor.get(`/api/v1/organizations/${FACTORY_MEMBER.orgId}`)).body.owners).toEqual([{ name: 'Grupo Pampa', country: 'AR', percent: 100 }]);

    // The invited company sees the consortium's name and who invites it — nothing of the others.
    const invitee = must(await merlion.get(`/api/v1/consortia/${c.id}`), 200, 'consortium (invitee)').body;
    expect(invitee.name).toBe(c.name);
    expect(invitee.members.map((m: Member) => [m.orgId, m.status])).toEqual(
      expect.arrayContaining([
        [FACTORY_ANCHOR.orgId, 'active'],
        ['org-merlion', 'invited'],
      ]),
    );
    expect(invitee.members.map((m: Member) => m.orgId)).not.toContain(FACTORY_MEMBER.orgId);
    expect(JSON.stringify(invitee)).not.toContain('Grupo Pampa');
    expect(JSON.stringify(invitee)).not.toContain(FACTORY_MEMBER.orgName);
    for (const org of [FACTORY_ANCHOR.orgId, FACTORY_MEMBER.orgId]) expect((await merlion.get(`/api/v1/organizations/${org}`)).status).toBe(404);

    // Once it accepts, it is a member like the others.
    const joined = must(await merlion.post(`/api/v1/consortia/${c.id}/invitation/accept`), 200, 'Merlion accepts').body;
    expect(joined.members.find((m: Member) => m.orgId === FACTORY_MEMBER.orgId).owners).toEqual([{ name: 'Grupo Pampa', country: 'AR', percent: 100 }]);
    expect((await anchor.get('/api/v1/organizations/org-merlion')).body.owners).toEqual([{ name: 'Merlion Holdings', country: 'SG', percent: 100 }]);
    expect((await merlion.get(`/api/v1/organizations/${FACTORY_MEMBER.orgId}`)).status).toBe(200);
  });

  it('a declined or removed company’s ownership is not kept on show', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const merlion = await session(h(), 'member@merlion.example');
    const c = must(await anchor.post('/api/v1/consortia', { name: `Decline test ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] }), 201, 'invite Merlion');
    must(await merlion.post(`/api/v1/consortia/${c.id}/invitation/decline`), 200, 'Merlion declines');
    const view = must(await anchor.get(`/api/v1/consortia/${c.id}`), 200, 'consortium').body;
    expect(view.members.find((m: Member) => m.orgId === 'org-merlion').status).toBe('declined');
    expect(JSON.stringify(view)).not.toContain('Merlion Holdings');
    expect((await merlion.get(`/api/v1/consortia/${c.id}`)).status).toBe(404);
  });

  it('the company search gives company users names to invite, nothing of ownership', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const found = must(await anchor.get('/api/v1/organizations?q=Merlion'), 200, 'search').body.items;
    expect(found.map((o: { name: string }) => o.name)).toEqual(['Merlion Data Pte. Ltd.']);
    expect(JSON.stringify(found)).not.toContain('Merlion Holdings');
  });
});
