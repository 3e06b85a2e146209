import { expect, it } from 'vitest';
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
    expect((await lattice.post(`/api/v1/consortia/${c.id}/invitation/accept`)).status).toBe(409);
  });

  it('only the anchor manages membership; outsiders get 404', async () => {
    const meridian = await h().login('anchor@meridian.example');
    const gulf = (await meridian.get('/api/v1/consortia')).body.items.find((x: { isAnchor: boolean }) => x.isAnchor);
    const lattice = await h().login('member@lattice.example');
    expect((await lattice.post(`/api/v1/consortia/${gulf.id}/invitations`, { orgId: 'org-pampa' })).status).toBe(403);
    expect((await lattice.patch(`/api/v1/consortia/${gulf.id}/members/org-lattice`, { layerRoles: ['model'] })).status).toBe(403);
    const pampa = await h().login('member@pampa.example');
    expect((await pampa.get(`/api/v1/consortia/${gulf.id}`)).status).toBe(404);
    expect((await meridian.delete(`/api/v1/consortia/${gulf.id}/members/org-meridian`)).status).toBe(409);
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
    expect((await rift.put('/api/v1/organizations/org-riftvalley', { version: org.version, organization: input })).status).toBe(409);
    const harbor = await h().login('anchor@harborhealth.example');
    expect((await harbor.put('/api/v1/organizations/org-riftvalley', { version: res.body.version, organization: input })).status).toBe(403);
    const bad = await rift.put('/api/v1/organizations/org-riftvalley', { version: res.body.version, organization: { ...input, countryOfIncorporation: 'ZZ', owners: [{ name: 'A', country: 'US', percent: 120 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['organization.countryOfIncorporation', 'organization.owners.0.percent']));
  });
});
