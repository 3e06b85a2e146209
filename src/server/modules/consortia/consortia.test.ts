import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb } from '../../test/harness.ts';

describeEachDb('consortia and organizations', (h) => {
  it('invite → accept: a company joins with its layer roles and may be in several consortia', async () => {
    const northstar = await h().login('anchor@northstar.example');
    const c = (await northstar.post('/api/v1/consortia', { name: 'Model Makers', layerRoles: ['model'] })).body;
    const invited = await northstar.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-lattice', layerRoles: ['infrastructure'] });
    expect(invited.status).toBe(201);
    expect(invited.body.members.find((m: { orgId: string }) => m.orgId === 'org-lattice').status).toBe('invited');

    const lattice = await h().login('member@lattice.example');
    const accepted = await lattice.post(`/api/v1/consortia/${c.id}/invitation/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.members.find((m: { orgId: string }) => m.orgId === 'org-lattice')).toMatchObject({ status: 'active', role: 'member', layerRoles: ['infrastructure'] });
    const mine = (await lattice.get('/api/v1/consortia')).body.items.map((x: { name: string }) => x.name);
    expect(mine).toEqual(expect.arrayContaining(['Model Makers', 'Gulf Sovereign AI Cloud Consortium']));
    expectProblem(await lattice.post(`/api/v1/consortia/${c.id}/invitation/accept`), 409, 'NO_PENDING_INVITATION');
  });

  it('only the anchor manages membership; outsiders get 404', async () => {
    const meridian = await h().login('anchor@meridian.example');
    const gulf = (await meridian.get('/api/v1/consortia')).body.items.find((x: { isAnchor: boolean }) => x.isAnchor);
    const lattice = await h().login('member@lattice.example');
    // Pampa is no member of the Gulf consortium and Lattice is an active one: only the role refuses these.
    expectProblem(await lattice.post(`/api/v1/consortia/${gulf.id}/invitations`, { orgId: 'org-pampa', layerRoles: ['data'] }), 403, 'FORBIDDEN');
    expectProblem(await lattice.patch(`/api/v1/consortia/${gulf.id}/members/org-lattice`, { layerRoles: ['model'] }), 403, 'FORBIDDEN');
    const pampa = await h().login('member@pampa.example');
    expect((await pampa.get(`/api/v1/consortia/${gulf.id}`)).status).toBe(404);
    expectProblem(await meridian.delete(`/api/v1/consortia/${gulf.id}/members/org-meridian`), 409, 'ANCHOR_CANNOT_LEAVE');
    const changed = await meridian.patch(`/api/v1/consortia/${gulf.id}/members/org-lattice`, { layerRoles: ['infrastructure', 'data'] });
    expect(changed.body.members.find((m: { orgId: string }) => m.orgId === 'org-lattice').layerRoles).toEqual(['infrastructure', 'data']);
  });

  it('shows the country-of-concern check with its reasons on an organization', async () => {
    const harbor = await h().login('anchor@harborhealth.example');
    const jade = await harbor.get('/api/v1/organizations/org-jade');
    expect(jade.status).toBe(200);
    expect(jade.body.countryOfConcern.concern).toBe(true);
    expect(jade.body.countryOfConcern.reasons).toHaveLength(4);
    const rift = await harbor.get('/api/v1/organizations/org-riftvalley');
    expect(rift.body.countryOfConcern).toEqual({ concern: false, reasons: [] });
    const outsider = await h().login('anchor@prairiesignal.example');
    expect((await outsider.get('/api/v1/organizations/org-jade')).status).toBe(404);
  });

  it('a company keeps its own entity data, with optimistic versioning', async () => {
    const rift = await h().login('member@riftvalley.example');
    const org = (await rift.get('/api/v1/organizations/org-riftvalley')).body;
    const input = {
      name: org.name,
      countryOfIncorporation: 'KE',
      principalPlaceOfBusiness: 'KE',
      owners: [{ name: 'Hong Kong Fund', country: 'HK', percent: 30 }, { name: 'Mainland Fund', country: 'CN', percent: 25 }],
      ultimateParent: null,
      smallBusiness: false,
    };
    const res = await rift.put('/api/v1/organizations/org-riftvalley', { version: org.version, organization: input });
    expect(res.status).toBe(200);
    expect(res.body.countryOfConcern.reasons).toEqual(['Owned 55 % from CN, at or above 50 %']);
    expectProblem(await rift.put('/api/v1/organizations/org-riftvalley', { version: org.version, organization: input }), 409, 'VERSION_CONFLICT');
    const harbor = await h().login('anchor@harborhealth.example');
    // With the current version, only Harbor's not being Rift Valley refuses the change.
    expectProblem(await harbor.put('/api/v1/organizations/org-riftvalley', { version: res.body.version, organization: input }), 403, 'FORBIDDEN');
    const bad = await rift.put('/api/v1/organizations/org-riftvalley', { version: res.body.version, organization: { ...input, countryOfIncorporation: 'ZZ', owners: [{ name: 'A', country: 'US', percent: 120 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['organization.countryOfIncorporation', 'organization.owners.0.percent']));
  });
});
