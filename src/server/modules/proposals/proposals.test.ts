import { expect, it } from 'vitest';
import { describeEachDb, type Client } from '../../test/harness.ts';

async function proposalByTitle(c: Client, fragment: string) {
  const list = await c.get('/api/v1/proposals?limit=200');
  const hit = list.body.items.find((p: { title: string }) => p.title.includes(fragment));
  if (!hit) throw new Error(`no proposal like ${fragment}`);
  return (await c.get(`/api/v1/proposals/${hit.id}`)).body;
}

const allCerts = { kinds: ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'] };

function completePackage(supplier: string) {
  const c = (id: string, layer: string, category: string, value: number, share: number) => ({
    id, layer, category, name: `${id} item`, supplier, countryOfOrigin: 'US', unitValueUsd: value, quantity: 1, usOriginShare: share,
  });
  return {
    components: [
      c('acc', 'infrastructure', 'accelerator', 600, 1),
      c('dc', 'infrastructure', 'data_center_facility', 400, 0),
      c('pipe', 'data', 'data_pipeline', 10, 1),
      c('llm', 'model', 'model', 10, 1),
      c('sec', 'security', 'security_measure', 10, 1),
      c('app', 'application', 'application', 10, 1),
    ],
    targetMarkets: [{ kind: 'country', code: 'KE' }, { kind: 'bloc', code: 'GCC' }],
    operatingModel: ['KE', 'GCC'].map((market) => ({
      market,
      build: [{ name: 'Builder', country: 'KE' }],
      own: [{ name: 'Owner', country: 'KE' }],
      operate: [{ name: 'Operator', country: 'US' }],
    })),
    supportRequests: [{ agency: 'EXIM', instrument: 'direct_loan', amountUsd: 1_000_000, rationale: 'No commercial lender offers this tenor.' }],
  };
}

describeEachDb('proposals', (h) => {
  let northstar: Client;
  let consortiumId: string;
  let proposalId: string;

  it('an anchor forms a consortium and starts a draft', async () => {
    northstar = await h().login('anchor@northstar.example');
    const c = await northstar.post('/api/v1/consortia', { name: 'Northstar Test Consortium', layerRoles: ['model'] });
    expect(c.status).toBe(201);
    consortiumId = c.body.id;
    const p = await northstar.post('/api/v1/proposals', { consortiumId, title: 'Test package', summary: '' });
    expect(p.status).toBe(201);
    expect(p.body.state).toBe('draft');
    expect(p.body.version).toBe(1);
    proposalId = p.body.id;
  });

  it('lists every missing item at once, each with its field path', async () => {
    const res = await northstar.get(`/api/v1/proposals/${proposalId}/completeness`);
    expect(res.status).toBe(200);
    expect(res.body.complete).toBe(false);
    const codes = res.body.problems.map((p: { code: string }) => p.code);
    expect(codes.filter((c: string) => c === 'LAYER_MISSING')).toHaveLength(5);
    expect(codes).toContain('NO_TARGET_MARKET');
    expect(codes).toContain('NO_SUPPORT_REQUEST');
    expect(codes).toContain('CERTIFICATION_MISSING');
    expect(res.body.problems.every((p: { path: string }) => p.path.length > 0)).toBe(true);

    const submit = await northstar.post(`/api/v1/proposals/${proposalId}/submit`, {});
    expect(submit.status).toBe(422);
    expect(submit.headers['content-type']).toContain('application/problem+json');
    expect(submit.body.code).toBe('PROPOSAL_INCOMPLETE');
    expect(submit.body.errors.length).toBe(res.body.problems.length);
  });

  it('rejects bad input with every problem listed and writes nothing', async () => {
    const before = (await northstar.get(`/api/v1/proposals/${proposalId}`)).body;
    const bad = completePackage('org-northstar') as Record<string, unknown> & { components: Record<string, unknown>[] };
    bad.components[0]!.unitValueUsd = -5;
    bad.components[1]!.countryOfOrigin = 'XX';
    bad.components[2]!.surprise = true;
    (bad.targetMarkets as unknown[]).push({ kind: 'bloc', code: 'NOPE' });
    const res = await northstar.put(`/api/v1/proposals/${proposalId}`, { title: 'x', package: bad, version: before.version });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['package.components.0.unitValueUsd', 'package.components.1.countryOfOrigin', 'package.components.2', 'package.targetMarkets.2.code']),
    );
    const after = (await northstar.get(`/api/v1/proposals/${proposalId}`)).body;
    expect(after.version).toBe(before.version);
    expect(after.package.components).toHaveLength(0);
  });

  it('rejects malformed JSON and oversized bodies as problems', async () => {
    const malformed = await h().app.inject({
      method: 'PUT',
      url: `/api/v1/proposals/${proposalId}`,
      headers: { cookie: northstar.cookie, 'x-csrf-token': northstar.csrf, 'content-type': 'application/json' },
      payload: '{"title": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body).code).toBe('MALFORMED_JSON');
    const huge = await northstar.put(`/api/v1/proposals/${proposalId}`, { title: 'x', summary: 'a'.repeat(2_000_000), version: 1 });
    expect(huge.status).toBe(413);
  });

  it('saves a complete package, computes US content, and submits once certified', async () => {
    const cur = (await northstar.get(`/api/v1/proposals/${proposalId}`)).body;
    const saved = await northstar.put(`/api/v1/proposals/${proposalId}`, { title: 'Test package', summary: 'ok', package: completePackage('org-northstar'), version: cur.version });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(cur.version + 1);
    expect(saved.body.usContent.share).toBeCloseTo(0.6, 6);
    expect(saved.body.usContent.presumptionMet).toBe(true);
    expect(saved.body.usContent.breakdown.map((b: { componentId: string }) => b.componentId)).toEqual(['acc', 'dc']);
    expect(saved.body.countries).toEqual(['KE', 'AE', 'BH', 'KW', 'OM', 'QA', 'SA']);
    expect(saved.body.completeness.problems.map((p: { code: string }) => p.code)).toEqual(['CERTIFICATION_MISSING']);

    const certified = await northstar.post(`/api/v1/proposals/${proposalId}/certifications`, allCerts);
    expect(certified.body.completeness.complete).toBe(true);
    // The read (served as pre-serialized JSON) is exactly what the write returned.
    const read = await northstar.get(`/api/v1/proposals/${proposalId}`);
    expect(read.body).toEqual(certified.body);
    expect(read.headers['content-type']).toMatch(/^application\/json/);
    expect(read.headers.etag).toBe(`"${certified.body.version}"`);
    const submitted = await northstar.post(`/api/v1/proposals/${proposalId}/submit`, { version: certified.body.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    expect(submitted.body.permissions.edit).toBe('none');
  });

  it('keeps a submitted proposal immutable', async () => {
    const cur = (await northstar.get(`/api/v1/proposals/${proposalId}`)).body;
    const res = await northstar.put(`/api/v1/proposals/${proposalId}`, { title: 'Changed', package: cur.package, version: cur.version });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PROPOSAL_IMMUTABLE');
    expect((await northstar.get(`/api/v1/proposals/${proposalId}`)).body.title).toBe('Test package');
  });

  it('a change after submission is a new revision; the submitted one is kept', async () => {
    const po = await h().login('program.officer@ita.example');
    expect((await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'start_eligibility' })).status).toBe(200);
    const returned = await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'return_for_information', note: 'Name the Kenyan owner.' });
    expect(returned.body.state).toBe('returned_for_information');
    expect(returned.body.revision).toBe(2);
    expect((await northstar.get(`/api/v1/proposals/${proposalId}`)).body.informationRequest.note).toBe('Name the Kenyan owner.');

    const cur = (await northstar.get(`/api/v1/proposals/${proposalId}`)).body;
    const pkg = { ...cur.package, operatingModel: cur.package.operatingModel.map((o: { own: unknown[] }) => ({ ...o, own: [{ name: 'Kenya Owner Ltd', country: 'KE', orgId: null }] })) };
    const edited = await northstar.put(`/api/v1/proposals/${proposalId}`, { title: 'Test package v2', summary: 'ok', package: pkg, version: cur.version });
    expect(edited.status).toBe(200);
    const resubmitted = await northstar.post(`/api/v1/proposals/${proposalId}/submit`, {});
    expect(resubmitted.body.state).toBe('submitted');

    const history = (await northstar.get(`/api/v1/proposals/${proposalId}/history`)).body;
    expect(history.revisions.map((r: { revision: number; title: string }) => [r.revision, r.title])).toEqual([
      [1, 'Test package'],
      [2, 'Test package v2'],
    ]);
    expect(history.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['proposal.created', 'proposal.submit', 'proposal.return_for_information', 'proposal.resubmit']),
    );
    const r1 = (await northstar.get(`/api/v1/proposals/${proposalId}/revisions/1`)).body;
    expect(r1.package.operatingModel[0].own[0].name).toBe('Owner');
  });

  it('the later of two concurrent writers gets 409, not a silent overwrite', async () => {
    const p = await northstar.post('/api/v1/proposals', { consortiumId, title: 'Race', summary: '' });
    const v = p.body.version;
    const [a, b] = await Promise.all([
      northstar.put(`/api/v1/proposals/${p.body.id}`, { title: 'Writer A', version: v }),
      northstar.put(`/api/v1/proposals/${p.body.id}`, { title: 'Writer B', version: v }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('VERSION_CONFLICT');
    expect(loser.body.currentVersion).toBe(v + 1);
    const winner = a.status === 200 ? 'Writer A' : 'Writer B';
    expect((await northstar.get(`/api/v1/proposals/${p.body.id}`)).body.title).toBe(winner);
  });

  it('another consortium’s users get 404, never 403', async () => {
    const harbor = await h().login('anchor@harborhealth.example');
    expect((await harbor.get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
    expect((await harbor.get(`/api/v1/proposals/${proposalId}/history`)).status).toBe(404);
    expect((await harbor.put(`/api/v1/proposals/${proposalId}`, { title: 'mine', version: 1 })).status).toBe(404);
    expect((await harbor.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw' })).status).toBe(404);
    const list = await harbor.get('/api/v1/proposals');
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(proposalId);
  });

  it('agency users see submitted proposals by role only; drafts never leak', async () => {
    const draft = await northstar.post('/api/v1/proposals', { consortiumId, title: 'Secret draft', summary: '' });
    const po = await h().login('program.officer@ita.example');
    expect((await po.get(`/api/v1/proposals/${proposalId}`)).status).toBe(200);
    expect((await po.get(`/api/v1/proposals/${draft.body.id}`)).status).toBe(404);
    const auditor = await h().login('auditor@oig.example');
    expect((await auditor.get(`/api/v1/proposals/${proposalId}`)).status).toBe(200);
    expect((await auditor.put(`/api/v1/proposals/${proposalId}`, { title: 'x', version: 1 })).status).toBe(409);
    for (const email of ['finance@exim.example', 'reviewer@state.example', 'edag@state.example']) {
      const u = await h().login(email);
      expect((await u.get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
      expect((await u.get('/api/v1/proposals')).body.items).toEqual([]);
    }
    expect((await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw' })).status).toBe(403);
  });

  it('a plain member edits only its own components; the anchor edits everything', async () => {
    const anchor = await h().login('anchor@meridian.example');
    const c = (await anchor.get('/api/v1/consortia')).body.items.find((x: { isAnchor: boolean }) => x.isAnchor);
    const p = await anchor.post('/api/v1/proposals', {
      consortiumId: c.id,
      title: 'Shared draft',
      package: { components: [{ id: 'net', layer: 'infrastructure', category: 'networking', name: 'Fabric', supplier: 'org-lattice', countryOfOrigin: 'US', unitValueUsd: 10, quantity: 1, usOriginShare: 1 }] },
    });
    expect(p.status).toBe(201);
    const lattice = await h().login('member@lattice.example');
    const view = (await lattice.get(`/api/v1/proposals/${p.body.id}`)).body;
    expect(view.permissions.edit).toBe('own_components');
    const own = { ...view.package, components: [{ ...view.package.components[0], unitValueUsd: 20 }] };
    expect((await lattice.put(`/api/v1/proposals/${p.body.id}`, { title: 'Shared draft', package: own, version: view.version })).status).toBe(200);
    const cur = (await lattice.get(`/api/v1/proposals/${p.body.id}`)).body;
    // Each viewer reads its own consortium flag and permissions from the same cached snapshot.
    const anchorView = (await anchor.get(`/api/v1/proposals/${p.body.id}`)).body;
    expect([cur.consortium.viewerIsAnchor, cur.permissions.edit]).toEqual([false, 'own_components']);
    expect([anchorView.consortium.viewerIsAnchor, anchorView.permissions.edit]).toEqual([true, 'all']);
    expect({ ...anchorView, consortium: cur.consortium, permissions: cur.permissions }).toEqual(cur);
    const retitled = await lattice.put(`/api/v1/proposals/${p.body.id}`, { title: 'Hijacked', package: cur.package, version: cur.version });
    expect(retitled.status).toBe(403);
    expect((await lattice.post(`/api/v1/proposals/${p.body.id}/submit`, {})).status).toBe(403);
    expect((await anchor.put(`/api/v1/proposals/${p.body.id}`, { title: 'Renamed by anchor', package: cur.package, version: cur.version })).status).toBe(200);
  });

  it('a member failing the country-of-concern test blocks submission with the reason', async () => {
    const harbor = await h().login('anchor@harborhealth.example');
    const p = await proposalByTitle(harbor, 'East African');
    const concern = p.completeness.problems.find((x: { code: string }) => x.code === 'COUNTRY_OF_CONCERN');
    expect(concern.path).toBe('consortium.members[id=org-jade]');
    expect(concern.message).toMatch(/Incorporated in HK/);
    expect(concern.message).toMatch(/Owned 100 % from CN/);
    expect(concern.message).toMatch(/ultimate parent/);
  });

  it('exports the manifest and imports it again as a new draft', async () => {
    const m = await northstar.get(`/api/v1/proposals/${proposalId}/manifest`);
    expect(m.status).toBe(200);
    expect(m.body.format).toBe('aiep.package-manifest/v1');
    const imported = await northstar.post('/api/v1/proposals/import', { consortiumId, manifest: m.body });
    expect(imported.status).toBe(201);
    expect(imported.body.state).toBe('draft');
    expect(imported.body.package).toEqual(m.body.package);
  });

  it('withdraws a submitted proposal (anchor only)', async () => {
    const res = await northstar.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw', note: 'Re-scoping' });
    expect(res.body.state).toBe('withdrawn');
    const again = await northstar.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
  });
});
