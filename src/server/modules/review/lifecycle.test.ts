import { expect, it } from 'vitest';
import { describeEachDb, inject, type Client } from '../../test/harness.ts';

// Every field a public response may carry. Anything else — values, US content, support amounts,
// scores, comments, consultation positions — is business-confidential and must never appear.
const PUBLIC_ENTRY_FIELDS = ['id', 'title', 'description', 'consortium', 'layers', 'sectors', 'countries', 'regions', 'blocs', 'designatedAt', 'blocNames'];
const PUBLIC_CONSORTIUM_FIELDS = ['name', 'members'];
const PUBLIC_MEMBER_FIELDS = ['name', 'country'];
const PUBLIC_STAT_FIELDS = ['submitted', 'underReview', 'designated', 'byRegion', 'bySector', 'byCountry'];

function assertOnlyPublicFields(entry: Record<string, any>) {
  expect(Object.keys(entry).every((k) => PUBLIC_ENTRY_FIELDS.includes(k))).toBe(true);
  expect(Object.keys(entry.consortium).every((k) => PUBLIC_CONSORTIUM_FIELDS.includes(k))).toBe(true);
  for (const m of entry.consortium.members) expect(Object.keys(m).every((k) => PUBLIC_MEMBER_FIELDS.includes(k))).toBe(true);
  for (const k of ['layers', 'sectors', 'countries', 'regions', 'blocs']) expect(entry[k].every((v: unknown) => typeof v === 'string')).toBe(true);
}

describeEachDb('review, consultation and designation lifecycle', (h) => {
  let anchor: Client;
  let po: Client;
  let proposalId: string;
  const reviewers: Record<string, Client> = {};
  const assignmentOf: Record<string, string> = {};

  async function userId(email: string) {
    const admin = await h().login('admin@aiep.example');
    return (await admin.get('/api/v1/users')).body.items.find((u: { email: string }) => u.email === email).id;
  }

  it('submit → eligibility → returned for information → resubmitted', async () => {
    anchor = await h().login('anchor@prairiesignal.example');
    po = await h().login('program.officer@ita.example');
    const list = await anchor.get('/api/v1/proposals');
    proposalId = list.body.items[0].id;
    let p = (await anchor.get(`/api/v1/proposals/${proposalId}`)).body;
    expect(p.state).toBe('returned_for_information');
    const pkg = { ...p.package, operatingModel: p.package.operatingModel.map((o: any) => ({ ...o, own: [{ name: 'Cerrado Edge Sites Ltda', country: 'BR', orgId: null }] })) };
    p = (await anchor.put(`/api/v1/proposals/${proposalId}`, { title: p.title, summary: p.summary, package: pkg, version: p.version })).body;
    p = (await anchor.post(`/api/v1/proposals/${proposalId}/submit`, {})).body;
    expect(p.state).toBe('submitted');
    expect((await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'start_eligibility' })).body.state).toBe('eligibility_screening');
    expect((await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'start_review' })).body.state).toBe('under_review');
  });

  it('refuses illegal transitions with a clear code', async () => {
    const early = await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'send_to_decision' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_TRANSITION');
    const wrongRole = await anchor.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'start_review' });
    expect(wrongRole.status).toBe(403);
    const dedicated = await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'designate' });
    expect(dedicated.body.code).toBe('USE_DEDICATED_ENDPOINT');
  });

  it('assigns reviewers; before declaring, a reviewer sees only the consortium and its members', async () => {
    const emails = ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example'];
    const ids = await Promise.all(emails.map(userId));
    const notReviewer = await po.post(`/api/v1/proposals/${proposalId}/reviews`, { reviewerIds: [await userId('finance@exim.example')] });
    expect(notReviewer.status).toBe(400);
    const res = await po.post(`/api/v1/proposals/${proposalId}/reviews`, { reviewerIds: ids });
    expect(res.status).toBe(201);
    expect(res.body.activeReviewers).toBe(3);
    for (const e of emails) {
      reviewers[e] = await h().login(e);
      const mine = (await reviewers[e].get('/api/v1/reviews')).body.items;
      const a = mine.find((x: { consortium: string }) => x.consortium === 'Andes–Pampa Agriculture AI Partnership');
      assignmentOf[e] = a.id;
      const view = (await reviewers[e].get(`/api/v1/reviews/${a.id}`)).body;
      expect(view.coi).toBe('pending');
      expect(view.proposal).toBeNull();
      expect(view.consortium.members.map((m: { name: string }) => m.name)).toEqual(['Pampa AgroTech S.A.', 'Prairie Signal Analytics Inc.']);
      expect((await reviewers[e].get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
    }
  });

  it('a conflicted reviewer can never open the proposal or its documents, and is replaced', async () => {
    const war = reviewers['reviewer@war.example']!;
    const declared = await war.post(`/api/v1/reviews/${assignmentOf['reviewer@war.example']}/conflict-of-interest`, { conflict: true, statement: 'Former adviser to Prairie Signal.' });
    expect(declared.status).toBe(200);
    for (const path of ['', '/history', '/manifest', '/revisions/1', '/completeness', '/debrief']) {
      expect((await war.get(`/api/v1/proposals/${proposalId}${path}`)).status).toBe(404);
    }
    expect((await war.get(`/api/v1/reviews/${assignmentOf['reviewer@war.example']}`)).status).toBe(404);
    expect((await war.put(`/api/v1/reviews/${assignmentOf['reviewer@war.example']}`, { scores: {}, comment: 'x' })).status).toBe(404);
    const panel = (await po.get(`/api/v1/proposals/${proposalId}/reviews`)).body;
    expect(panel.needsReplacement).toBe(1);
    expect((await po.get('/api/v1/notifications')).body.items.some((n: { kind: string }) => n.kind === 'reviewer_conflicted')).toBe(true);
    const replaced = await po.post(`/api/v1/proposals/${proposalId}/reviews`, { reviewerIds: [await userId('reviewer2@state.example')] });
    expect(replaced.body.activeReviewers).toBe(3);
    reviewers['reviewer2@state.example'] = await h().login('reviewer2@state.example');
    assignmentOf['reviewer2@state.example'] = (await reviewers['reviewer2@state.example'].get('/api/v1/reviews')).body.items[0].id;
  });

  it('reviewers declare no conflict, then score against the rubric', async () => {
    const rubric = (await inject(h().app, '', '').get('/api/v1/rubric')).body.criteria;
    expect(rubric.length).toBeGreaterThan(3);
    for (const [i, e] of ['reviewer@state.example', 'reviewer@energy.example', 'reviewer2@state.example'].entries()) {
      const c = reviewers[e]!;
      const a = assignmentOf[e]!;
      expect((await c.put(`/api/v1/reviews/${a}`, { scores: {}, submit: false })).body.code).toBe('COI_NOT_DECLARED');
      const after = await c.post(`/api/v1/reviews/${a}/conflict-of-interest`, { conflict: false, statement: 'None.' });
      expect(after.body.proposal.id).toBe(proposalId);
      expect((await c.get(`/api/v1/proposals/${proposalId}`)).status).toBe(200);
      const incomplete = await c.put(`/api/v1/reviews/${a}`, { scores: { stack: { score: 4 } }, submit: true });
      expect(incomplete.status).toBe(400);
      const scores = Object.fromEntries(rubric.map((k: { key: string }) => [k.key, { score: 2 + i, comment: `comment ${i} on ${k.key}` }]));
      const bad = await c.put(`/api/v1/reviews/${a}`, { scores: { ...scores, stack: { score: 9 } } });
      expect(bad.status).toBe(400);
      const done = await c.put(`/api/v1/reviews/${a}`, { scores, comment: `overall ${i}`, submit: true });
      expect(done.body.status).toBe('submitted');
    }
  });

  it('consults four agencies; only an agency’s own users answer for it', async () => {
    expect((await po.post(`/api/v1/proposals/${proposalId}/consultations`, {})).status).toBe(201);
    const items = (await po.get(`/api/v1/proposals/${proposalId}/consultations`)).body.items;
    expect(items.map((c: { agency: string }) => c.agency).sort()).toEqual(['ENERGY', 'OSTP', 'STATE', 'WAR']);
    const state = reviewers['reviewer@state.example']!;
    const warConsult = items.find((c: { agency: string }) => c.agency === 'WAR');
    expect((await state.put(`/api/v1/consultations/${warConsult.id}`, { position: 'non_concur', rationale: 'not ours' })).status).toBe(404);
    expect((await state.get(`/api/v1/proposals/${proposalId}/consultations`)).body.items.map((c: { agency: string }) => c.agency)).toEqual(['STATE']);
    const answers: Record<string, object> = {
      STATE: { position: 'concur', rationale: 'Aligned with regional strategy.' },
      ENERGY: { position: 'no_comment', rationale: 'No energy equities.' },
      WAR: { position: 'concur_with_conditions', rationale: 'Acceptable.', conditions: ['No military end users.'] },
      OSTP: { position: 'concur', rationale: 'Good science partnership.' },
    };
    // War's reviewer declared a conflict on this proposal, so another War official answers.
    const admin = await h().login('admin@aiep.example');
    await admin.post('/api/v1/users', { email: 'official@war.example', name: 'War Official', orgId: 'org-war', roles: ['interagency_reviewer'], password: 'long-enough-password' });
    expect((await reviewers['reviewer@war.example']!.put(`/api/v1/consultations/${warConsult.id}`, answers.WAR)).status).toBe(404);
    const answerers: Record<string, string> = { STATE: 'reviewer@state.example', ENERGY: 'reviewer@energy.example', WAR: 'official@war.example', OSTP: 'reviewer@ostp.example' };
    for (const c of items) {
      const who = await h().login(answerers[c.agency]!, answerers[c.agency]!.startsWith('official') ? 'long-enough-password' : undefined);
      const res = await who.put(`/api/v1/consultations/${c.id}`, answers[c.agency]);
      expect(res.status).toBe(200);
    }
    const noConditions = await (await h().login('official@war.example', 'long-enough-password')).put(`/api/v1/consultations/${warConsult.id}`, { position: 'concur_with_conditions', rationale: 'x' });
    expect(noConditions.status).toBe(400);
  });

  it('the program office’s queue shows each proposal’s completeness, US content, compliance and progress', async () => {
    const queue = await po.get('/api/v1/review-queue?state=under_review');
    expect(queue.status).toBe(200);
    const row = queue.body.items.find((i: { id: string }) => i.id === proposalId);
    expect(row).toMatchObject({
      state: 'under_review',
      completeness: { complete: true, missing: 0 },
      usContentPresumptionMet: expect.any(Boolean),
      reviews: { minimum: 3, submitted: 3, conflicted: 1 },
      consultations: { requested: 4, answered: 4, overdue: 0 },
    });
    expect(['clear', 'license_required', 'needs_information']).toContain(row.compliance);
    expect(queue.body.items.every((i: { state: string }) => i.state === 'under_review')).toBe(true);
    const everything = (await po.get('/api/v1/review-queue?limit=200')).body.items;
    expect(everything.some((i: { state: string }) => i.state === 'draft')).toBe(false);
    expect((await anchor.get('/api/v1/review-queue')).status).toBe(403);
    expect((await reviewers['reviewer@state.example']!.get('/api/v1/review-queue')).status).toBe(403);
    expect((await po.get('/api/v1/review-queue?state=nonsense')).status).toBe(400);
  });

  it('recommendation rests on scores with spread, consultations and US content', async () => {
    const ev = (await po.get(`/api/v1/proposals/${proposalId}/recommendation/evidence`)).body;
    expect(ev.blockers).toEqual([]);
    expect(ev.scores.reviews).toBe(3);
    const stack = ev.scores.perCriterion.find((c: { key: string }) => c.key === 'stack');
    expect(stack).toMatchObject({ mean: 3, min: 2, max: 4, spread: 2 });
    expect(ev.scores.weightedScore).toBeCloseTo(3);
    expect(ev.consultations.find((c: { agency: string }) => c.agency === 'WAR').position).toBe('concur_with_conditions');
    expect((await anchor.get(`/api/v1/proposals/${proposalId}/recommendation/evidence`)).status).toBe(404);
    const rec = await po.post(`/api/v1/proposals/${proposalId}/recommendation`, { recommendation: 'designate', rationale: 'Solid across the rubric.' });
    expect(rec.body.state).toBe('recommendation');
    expect((await po.post(`/api/v1/proposals/${proposalId}/transitions`, { action: 'send_to_decision' })).body.state).toBe('decision_pending');
  });

  it('the decision official designates with the national-interest determination', async () => {
    const decider = await h().login('decision@ita.example');
    const incomplete = await decider.post(`/api/v1/proposals/${proposalId}/decision`, { decision: 'designated' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['nationalInterestDetermination', 'publicDescription', 'sectors']));
    expect((await po.post(`/api/v1/proposals/${proposalId}/decision`, { decision: 'not_designated', feedback: 'x' })).status).toBe(403);
    const res = await decider.post(`/api/v1/proposals/${proposalId}/decision`, {
      decision: 'designated',
      nationalInterestDetermination: 'Advances US agricultural AI in the Southern Cone.',
      conditions: ['Annual report on cooperatives served'],
      termMonths: 24,
      publicDescription: 'Precision agriculture AI for cooperatives in Argentina and Brazil.',
      sectors: ['agriculture'],
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('designated');
    const pkg = (await anchor.get(`/api/v1/proposals/${proposalId}/package`)).body;
    expect(pkg.state).toBe('active');
  });

  it('the applicant sees the outcome and a debrief without reviewer identities or consultation positions', async () => {
    const debrief = await anchor.get(`/api/v1/proposals/${proposalId}/debrief`);
    expect(debrief.status).toBe(200);
    expect(debrief.body.outcome).toBe('designated');
    expect(debrief.body.reviews.map((r: { reviewer: string }) => r.reviewer)).toEqual(['Reviewer 1', 'Reviewer 2', 'Reviewer 3']);
    const text = JSON.stringify(debrief.body);
    for (const secret of ['Robin Okafor', 'Taylor Kim', 'Jules Moreau', 'reviewer@', 'concur', 'No military end users', 'STATE', 'WAR']) expect(text).not.toContain(secret);
    expect((await anchor.get(`/api/v1/proposals/${proposalId}/reviews`)).status).toBe(404);
    expect((await anchor.get(`/api/v1/proposals/${proposalId}/consultations`)).status).toBe(404);
    expect((await anchor.get(`/api/v1/proposals/${proposalId}/recommendation`)).status).toBe(404);
  });

  it('the public catalog lists it with public fields only, searchable and filterable', async () => {
    const anon = inject(h().app, '', '');
    const all = (await anon.get('/api/v1/public/catalog')).body;
    const entry = all.items.find((e: { id: string }) => e.id === proposalId);
    expect(entry).toBeTruthy();
    expect(entry.countries).toEqual(['AR', 'BR']);
    expect(entry.regions).toEqual(['latin_america_caribbean']);
    for (const e of all.items) assertOnlyPublicFields(e);
    assertOnlyPublicFields((await anon.get(`/api/v1/public/catalog/${proposalId}`)).body);
    const text = JSON.stringify(all);
    for (const secret of ['amountUsd', 'unitValueUsd', 'usOriginShare', 'usContent', 'rationale', 'scores', 'position', '3000000', 'Solid across the rubric']) expect(text).not.toContain(secret);
    expect((await anon.get('/api/v1/public/catalog?country=BR')).body.items.map((e: { id: string }) => e.id)).toEqual([proposalId]);
    expect((await anon.get('/api/v1/public/catalog?q=pampa')).body.total).toBe(1);
    expect((await anon.get('/api/v1/public/catalog?sector=healthcare')).body.total).toBe(0);
    const stats = (await anon.get('/api/v1/public/statistics')).body;
    expect(Object.keys(stats).sort()).toEqual([...PUBLIC_STAT_FIELDS].sort());
    expect(stats.designated).toBe(2);
  });

  it('a foreign buyer registers interest; the program office sees it', async () => {
    const anon = inject(h().app, '', '');
    const bad = await anon.post(`/api/v1/public/catalog/${proposalId}/interest`, { buyerName: '', buyerKind: 'ministry', country: 'ZZ', contactEmail: 'nope', requirements: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.length).toBeGreaterThanOrEqual(4);
    const ok = await anon.post(`/api/v1/public/catalog/${proposalId}/interest`, {
      buyerName: 'Ministerio de Agricultura del Uruguay',
      buyerKind: 'government',
      country: 'UY',
      contactEmail: 'ia@mgap.example',
      requirements: { dataResidency: 'In-country', languages: ['es'], scale: '40 cooperatives', timeline: '2027' },
    });
    expect(ok.status).toBe(201);
    const seen = (await po.get('/api/v1/buyer-interests')).body.items;
    expect(seen[0]).toMatchObject({ buyerName: 'Ministerio de Agricultura del Uruguay', country: 'UY' });
    expect((await anchor.get('/api/v1/buyer-interests')).status).toBe(403);
  });

  it('an amendment carrying the package: changes computed, re-reviewed, put in force as a new revision', async () => {
    const p = (await anchor.get(`/api/v1/proposals/${proposalId}`)).body;
    const first = p.package.components[0];
    const proposed = {
      ...p.package,
      targetMarkets: [...p.package.targetMarkets, { kind: 'country', code: 'UY' }],
      components: p.package.components.map((c: { id: string; quantity: number }) => (c.id === first.id ? { ...c, quantity: c.quantity + 10 } : c)),
    };
    const url = `/api/v1/proposals/${proposalId}/package/amendments`;
    const stranger = { ...proposed, components: proposed.components.map((c: object, i: number) => (i === 0 ? { ...c, supplier: 'org-not-a-member' } : c)) };
    expect((await anchor.post(url, { description: 'x', package: stranger })).status).toBe(400);
    expect((await anchor.post(url, { description: 'x', package: p.package })).body.code).toBe('VALIDATION_FAILED');
    expect((await anchor.post(url, { description: 'nothing said' })).status).toBe(400);
    expect((await anchor.get(`/api/v1/proposals/${proposalId}/package`)).body.state).toBe('active'); // nothing half-written

    // A package with a prohibited cell cannot be put in force, as it could not be designated.
    const cuba = await anchor.post(url, { description: 'Add Cuba.', package: { ...p.package, targetMarkets: [...p.package.targetMarkets, { kind: 'country', code: 'CU' }] } });
    const cubaId = cuba.body.amendments[0].id;
    const refused = await po.post(`${url}/${cubaId}/decision`, { approve: true, note: 'ok' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('AMENDMENT_PROHIBITED');
    expect((await po.post(`${url}/${cubaId}/decision`, { approve: false, note: 'Embargoed destination.' })).body.state).toBe('active');
    expect((await anchor.get(`/api/v1/proposals/${proposalId}`)).body.countries).not.toContain('CU');

    const amend = await anchor.post(url, { description: 'Add Uruguay; ten more servers.', package: proposed });
    expect(amend.status).toBe(201);
    const a = amend.body.amendments[0];
    expect(a).toMatchObject({ status: 'pending', proposesPackage: true, kinds: ['layers', 'markets'] });
    expect(a.changes.markets).toEqual({ added: ['UY'], removed: [] });
    expect(a.changes.components.changed).toEqual([{ id: first.id, layer: first.layer, name: first.name, fields: ['quantity'] }]);
    // Until approved, the package in force is unchanged.
    expect((await anchor.get(`/api/v1/proposals/${proposalId}`)).body.countries).not.toContain('UY');

    const decided = await po.post(`${url}/${a.id}/decision`, { approve: true, note: 'Uruguay re-reviewed: no new concerns.' });
    expect(decided.status).toBe(200);
    expect(decided.body.state).toBe('active');
    const after = (await anchor.get(`/api/v1/proposals/${proposalId}`)).body;
    expect(after.countries).toContain('UY');
    expect(after.revision).toBe(p.revision + 1);
    expect(after.package.components[0].quantity).toBe(first.quantity + 10);
    const revisions = (await anchor.get(`/api/v1/proposals/${proposalId}/history`)).body.revisions.map((r: { revision: number }) => r.revision);
    expect(revisions).toContain(p.revision + 1);
    const anon = inject(h().app, '', '');
    expect((await anon.get(`/api/v1/public/catalog/${proposalId}`)).body.countries).toContain('UY');
  });

  it('a company joining or leaving the consortium opens a membership amendment; active again when the last is decided', async () => {
    const consortiumId = (await anchor.get(`/api/v1/proposals/${proposalId}`)).body.consortium.id;
    const pkgUrl = `/api/v1/proposals/${proposalId}/package`;
    expect((await anchor.post(`/api/v1/consortia/${consortiumId}/invitations`, { orgId: 'org-northstar', layerRoles: ['model'] })).status).toBe(201);
    expect((await anchor.get(pkgUrl)).body.state).toBe('active'); // an invitation alone changes nothing
    const northstar = await h().login('anchor@northstar.example');
    expect((await northstar.post(`/api/v1/consortia/${consortiumId}/invitation/accept`, {})).status).toBe(200);
    let pkg = (await po.get(pkgUrl)).body;
    expect(pkg.state).toBe('amendment_pending');
    const joined = pkg.amendments.find((a: { status: string }) => a.status === 'pending');
    expect(joined).toMatchObject({ kinds: ['membership'], description: 'Northstar Model Labs Inc. joined the consortium.' });
    const poNotes = (await po.get('/api/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'amendment_requested');
    expect(poNotes.some((n: { text: string }) => n.text.includes('Northstar Model Labs Inc. joined'))).toBe(true);

    // It leaves again before the re-review: a second amendment waits beside the first.
    expect((await anchor.delete(`/api/v1/consortia/${consortiumId}/members/org-northstar`)).status).toBe(200);
    pkg = (await po.get(pkgUrl)).body;
    const pending = pkg.amendments.filter((a: { status: string }) => a.status === 'pending');
    expect(pending.map((a: { description: string }) => a.description).sort()).toEqual(['Northstar Model Labs Inc. joined the consortium.', 'Northstar Model Labs Inc. left the consortium.']);
    const decide = (id: string) => po.post(`${pkgUrl}/amendments/${id}/decision`, { approve: true, note: 'Membership re-reviewed.' });
    expect((await decide(pending[0].id)).body.state).toBe('amendment_pending');
    expect((await decide(pending[1].id)).body.state).toBe('active');
  });

  it('amendment → re-review → active; suspension with a reason removes it from the catalog', async () => {
    const amend = await anchor.post(`/api/v1/proposals/${proposalId}/package/amendments`, { kinds: ['markets'], description: 'Add Uruguay as a market.' });
    expect(amend.status).toBe(201);
    expect(amend.body.state).toBe('amendment_pending');
    const lattice = await h().login('member@pampa.example');
    expect((await lattice.post(`/api/v1/proposals/${proposalId}/package/amendments`, { kinds: ['other'], description: 'x' })).status).toBe(403);
    const decided = await po.post(`/api/v1/proposals/${proposalId}/package/amendments/${amend.body.amendments[0].id}/decision`, { approve: true, note: 'Uruguay re-reviewed: no new concerns.' });
    expect(decided.body.state).toBe('active');
    expect((await po.post(`/api/v1/proposals/${proposalId}/package/suspend`, { reason: '' })).status).toBe(400);
    const suspended = await po.post(`/api/v1/proposals/${proposalId}/package/suspend`, { reason: 'Reporting overdue.' });
    expect(suspended.body).toMatchObject({ state: 'suspended', stateReason: 'Reporting overdue.' });
    expect((await anchor.post(`/api/v1/proposals/${proposalId}/package/reinstate`, { reason: 'please' })).status).toBe(403);
    const anon = inject(h().app, '', '');
    expect((await anon.get(`/api/v1/public/catalog/${proposalId}`)).status).toBe(404);
    expect((await po.post(`/api/v1/proposals/${proposalId}/package/renew`, { reason: '' })).status).toBe(403);
    const history = (await anchor.get(`/api/v1/proposals/${proposalId}/history`)).body.events.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['review.assigned', 'review.conflict_declared', 'consultation.answered', 'proposal.recommend', 'proposal.designate', 'package.amendment_requested', 'package.suspend']));
  });
});
