import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { createProposal, FACTORY_ANCHOR, must, session, uniqueWord } from '../../test/factories.ts';
import { describeEachDb, type Client, type Harness } from '../../test/harness.ts';

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

/** A consortium of Northstar alone, with an empty draft: what an applicant starts from. */
async function newDraft(h: Harness, title = 'Test package') {
  const northstar = await session(h, FACTORY_ANCHOR.email);
  const c = must(await northstar.post('/api/v1/consortia', { name: `Northstar Test Consortium ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
  const p = must(await northstar.post('/api/v1/proposals', { consortiumId: c.id, title, summary: '' }), 201, 'create draft').body;
  return { northstar, consortiumId: c.id as string, proposalId: p.id as string };
}

// Each test builds the consortium and proposal it needs (src/server/test/factories.ts), so that one
// failing test never leaves the next ones without their starting point.
describeEachDb('proposals', (h) => {
  it('an anchor forms a consortium and starts a draft', async () => {
    const northstar = await session(h(), FACTORY_ANCHOR.email);
    const c = await northstar.post('/api/v1/consortia', { name: 'Northstar Test Consortium', layerRoles: ['model'] });
    expect(c.status).toBe(201);
    const p = await northstar.post('/api/v1/proposals', { consortiumId: c.body.id, title: 'Test package', summary: '' });
    expect(p.status).toBe(201);
    expect(p.body.state).toBe('draft');
    expect(p.body.version).toBe(1);
  });

  it('lists every missing item at once, each with its field path', async () => {
    const { northstar, proposalId } = await newDraft(h());
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
    expectProblem(submit, 422, 'PROPOSAL_INCOMPLETE');
    expect(submit.body.errors.length).toBe(res.body.problems.length);
  });

  it('rejects bad input with every problem listed and writes nothing', async () => {
    const { northstar, proposalId } = await newDraft(h());
    const before = (await northstar.get(`/api/v1/proposals/${proposalId}`)).body;
    const bad = completePackage('org-northstar') as Record<string, unknown> & { components: Record<string, unknown>[] };
    bad.components[0]!.unitValueUsd = -5;
    bad.components[1]!.countryOfOrigin = 'XX';
    bad.components[2]!.surprise = true;
    (bad.targetMarkets as unknown[]).push({ kind: 'bloc', code: 'NOPE' });
    const res = await northstar.put(`/api/v1/proposals/${proposalId}`, { title: 'x', package: bad, version: before.version });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['package.components.0.unitValueUsd', 'package.components.1.countryOfOrigin', 'package.components.2', 'package.targetMarkets.2.code']),
    );
    const after = (await northstar.get(`/api/v1/proposals/${proposalId}`)).body;
    expect(after.version).toBe(before.version);
    expect(after.package.components).toHaveLength(0);
  });

  it('rejects malformed JSON and oversized bodies as problems', async () => {
    const { northstar, proposalId } = await newDraft(h());
    const malformed = await h().app.inject({
      method: 'PUT',
      url: `/api/v1/proposals/${proposalId}`,
      headers: { cookie: northstar.cookie, 'x-csrf-token': northstar.csrf, 'content-type': 'application/json' },
      payload: '{"title": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body).code).toBe('MALFORMED_JSON');
    const huge = await northstar.put(`/api/v1/proposals/${proposalId}`, { title: 'x', summary: 'a'.repeat(2_000_000), version: 1 });
    expectProblem(huge, 413, 'BODY_TOO_LARGE');
  });

  it('saves a complete package, computes US content, and submits once certified', async () => {
    const { northstar, proposalId } = await newDraft(h());
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
    const stale = await northstar.post(`/api/v1/proposals/${proposalId}/submit`, { version: certified.body.version - 1 });
    expectProblem(stale, 409, 'VERSION_CONFLICT');
    const submitted = await northstar.post(`/api/v1/proposals/${proposalId}/submit`, { version: certified.body.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    expect(submitted.body.permissions.edit).toBe('none');
  });

  it('keeps a submitted proposal immutable', async () => {
    const { id: proposalId, anchor, title } = await createProposal(h(), 'submitted');
    const cur = (await anchor.get(`/api/v1/proposals/${proposalId}`)).body;
    // The anchor edits everything while the proposal is editable: only the state refuses the change.
    const res = await anchor.put(`/api/v1/proposals/${proposalId}`, { title: 'Changed', package: cur.package, version: cur.version });
    expectProblem(res, 409, 'PROPOSAL_IMMUTABLE');
    expect((await anchor.get(`/api/v1/proposals/${proposalId}`)).body.title).toBe(title);
  });

  it('a change after submission is a new revision; the submitted one is kept', async () => {
    const { id: proposalId, anchor: northstar, po } = await createProposal(h(), 'submitted', { title: 'Test package' });
    expect((await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'start_eligibility' })).status).toBe(200);
    const returned = await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'return_for_information', note: 'Name the Kenyan owner.' });
    expect(returned.body.state).toBe('returned_for_information');
    // The consortium works on revision 2; the program office sees revision 1 until it is submitted.
    expect(returned.body.revision).toBe(1);
    expect((await northstar.get(`/api/v1/proposals/${proposalId}`)).body.revision).toBe(2);
    expect((await northstar.get(`/api/v1/proposals/${proposalId}`)).body.informationRequest.note).toBe('Name the Kenyan owner.');

    const cur = (await northstar.get(`/api/v1/proposals/${proposalId}`)).body;
    const firstOwner = cur.package.operatingModel[0].own[0].name;
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
    expect(r1.package.operatingModel[0].own[0].name).toBe(firstOwner);
    expect(firstOwner).not.toBe('Kenya Owner Ltd');
  });

  it('the later of two concurrent writers gets 409, not a silent overwrite', async () => {
    const { northstar, consortiumId } = await newDraft(h());
    const p = await northstar.post('/api/v1/proposals', { consortiumId, title: 'Race', summary: '' });
    const v = p.body.version;
    const [a, b] = await Promise.all([
      northstar.put(`/api/v1/proposals/${p.body.id}`, { title: 'Writer A', version: v }),
      northstar.put(`/api/v1/proposals/${p.body.id}`, { title: 'Writer B', version: v }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expectProblem(loser, 409, 'VERSION_CONFLICT');
    expect(loser.body.currentVersion).toBe(v + 1);
    const winner = a.status === 200 ? 'Writer A' : 'Writer B';
    expect((await northstar.get(`/api/v1/proposals/${p.body.id}`)).body.title).toBe(winner);
  });

  it('another consortium’s users get 404, never 403', async () => {
    const { id: proposalId } = await createProposal(h(), 'submitted');
    const harbor = await session(h(), 'anchor@harborhealth.example');
    expect((await harbor.get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
    expect((await harbor.get(`/api/v1/proposals/${proposalId}/history`)).status).toBe(404);
    expect((await harbor.put(`/api/v1/proposals/${proposalId}`, { title: 'mine', version: 1 })).status).toBe(404);
    expect((await harbor.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw' })).status).toBe(404);
    const list = await harbor.get('/api/v1/proposals');
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(proposalId);
  });

  it('agency users see submitted proposals by role only; drafts never leak', async () => {
    const { id: proposalId, po } = await createProposal(h(), 'submitted');
    const draft = await createProposal(h(), 'draft');
    const returned = await createProposal(h(), 'returned_for_information');
    expect((await po.get(`/api/v1/proposals/${proposalId}`)).status).toBe(200);
    expect((await po.get(`/api/v1/proposals/${draft.id}`)).status).toBe(404);
    const auditor = await session(h(), 'auditor@oig.example');
    expect((await auditor.get(`/api/v1/proposals/${proposalId}`)).status).toBe(200);
    // Returned for information, the proposal is editable (by its consortium): only the auditor's role refuses the change.
    const ret = (await auditor.get(`/api/v1/proposals/${returned.id}`)).body;
    expect(ret.state).toBe('returned_for_information');
    expectProblem(await auditor.put(`/api/v1/proposals/${returned.id}`, { title: 'x', package: ret.package, version: ret.version }), 403, 'FORBIDDEN');
    for (const email of ['finance@exim.example', 'reviewer@state.example', 'edag@state.example']) {
      const u = await session(h(), email);
      expect((await u.get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
      expect((await u.get('/api/v1/proposals')).body.items).toEqual([]);
    }
    // A submitted proposal may be withdrawn (by its anchor): only the program officer's role refuses it.
    expectProblem(await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw' }), 403, 'FORBIDDEN');
  });

  it('a plain member edits only its own components; the anchor edits everything', async () => {
    const anchor = await session(h(), 'anchor@meridian.example');
    const c = (await anchor.get('/api/v1/consortia')).body.items.find((x: { isAnchor: boolean }) => x.isAnchor);
    const p = await anchor.post('/api/v1/proposals', {
      consortiumId: c.id,
      title: 'Shared draft',
      package: { components: [{ id: 'net', layer: 'infrastructure', category: 'networking', name: 'Fabric', supplier: 'org-lattice', countryOfOrigin: 'US', unitValueUsd: 10, quantity: 1, usOriginShare: 1 }] },
    });
    expect(p.status).toBe(201);
    const lattice = await session(h(), 'member@lattice.example');
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
    // A draft is editable: only the member's scope refuses a change of the title.
    const retitled = await lattice.put(`/api/v1/proposals/${p.body.id}`, { title: 'Hijacked', package: cur.package, version: cur.version });
    expectProblem(retitled, 403, 'FORBIDDEN');
    expect((await anchor.put(`/api/v1/proposals/${p.body.id}`, { title: 'Renamed by anchor', package: cur.package, version: cur.version })).status).toBe(200);
  });

  it('only the anchor submits: a plain member is refused even a complete draft', async () => {
    const { id, anchor, member } = await createProposal(h(), 'draft');
    expect((await member.get(`/api/v1/proposals/${id}/completeness`)).body.complete).toBe(true);
    expectProblem(await member.post(`/api/v1/proposals/${id}/submit`, {}), 403, 'FORBIDDEN');
    expect((await anchor.post(`/api/v1/proposals/${id}/submit`, {})).body.state).toBe('submitted');
  });

  it('a member failing the country-of-concern test blocks submission with the reason', async () => {
    const harbor = await session(h(), 'anchor@harborhealth.example');
    const p = await proposalByTitle(harbor, 'East African');
    const concern = p.completeness.problems.find((x: { code: string }) => x.code === 'COUNTRY_OF_CONCERN');
    expect(concern.path).toBe('consortium.members[id=org-jade]');
    expect(concern.message).toMatch(/Incorporated in HK/);
    expect(concern.message).toMatch(/Owned 100 % from CN/);
    expect(concern.message).toMatch(/ultimate parent/);
    const submit = await harbor.post(`/api/v1/proposals/${p.id}/submit`, {});
    expectProblem(submit, 422, 'PROPOSAL_INCOMPLETE');
    expect(submit.body.errors.map((e: { code: string }) => e.code)).toContain('COUNTRY_OF_CONCERN');
  });

  it('exports the manifest and imports it again as a new draft', async () => {
    const { id: proposalId, anchor, consortium } = await createProposal(h(), 'submitted');
    const m = await anchor.get(`/api/v1/proposals/${proposalId}/manifest`);
    expect(m.status).toBe(200);
    expect(m.body.format).toBe('aiep.package-manifest/v1');
    const imported = await anchor.post('/api/v1/proposals/import', { consortiumId: consortium.id, manifest: m.body });
    expect(imported.status).toBe(201);
    expect(imported.body.state).toBe('draft');
    expect(imported.body.package).toEqual(m.body.package);
  });

  it('withdraws a submitted proposal (anchor only)', async () => {
    const { id: proposalId, anchor, member } = await createProposal(h(), 'submitted');
    // Submitted is a state a proposal is withdrawn from: only the plain member's role refuses it.
    expectProblem(await member.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw' }), 403, 'FORBIDDEN');
    const res = await anchor.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw', note: 'Re-scoping' });
    expect(res.body.state).toBe('withdrawn');
    // The anchor may withdraw: only the state refuses a second withdrawal.
    expectProblem(await anchor.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'withdraw' }), 409, 'INVALID_TRANSITION');
  });
});
