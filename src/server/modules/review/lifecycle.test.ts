import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { syncAndScreen } from '../screening/screening.parties.ts';
import {
  advanceProposal,
  answerConsultations,
  assignReviewers,
  createProposal,
  DECISION_OFFICIAL,
  DEFAULT_ANSWERERS,
  designationDecision,
  ensureTestUser,
  FACTORY_ANCHOR,
  FACTORY_MEMBER,
  must,
  PROGRAM_OFFICER,
  RECOMMENDATION_RATIONALE,
  reviewProposal,
  rubricScores,
  session,
  SUPPORT_AMOUNT_USD,
  uniqueWord,
  userId,
  answerEligibility,
} from '../../test/factories.ts';
import { describeEachDb, inject, type Harness } from '../../test/harness.ts';

// Every field a public response may carry. Anything else — values, US content, support amounts,
// scores, comments, consultation positions — is business-confidential and must never appear.
// translation and profile: what the consortium itself publishes about its designated package (null until it does).
const PUBLIC_ENTRY_FIELDS = ['id', 'title', 'description', 'consortium', 'layers', 'sectors', 'countries', 'regions', 'blocs', 'designatedAt', 'blocNames', 'translation', 'profile'];
const PUBLIC_CONSORTIUM_FIELDS = ['name', 'members'];
const PUBLIC_MEMBER_FIELDS = ['name', 'country'];
const PUBLIC_STAT_FIELDS = ['submitted', 'underReview', 'designated', 'byRegion', 'bySector', 'byCountry'];

function assertOnlyPublicFields(entry: Record<string, any>) {
  expect(Object.keys(entry).every((k) => PUBLIC_ENTRY_FIELDS.includes(k))).toBe(true);
  expect(Object.keys(entry.consortium).every((k) => PUBLIC_CONSORTIUM_FIELDS.includes(k))).toBe(true);
  for (const m of entry.consortium.members) expect(Object.keys(m).every((k) => PUBLIC_MEMBER_FIELDS.includes(k))).toBe(true);
  for (const k of ['layers', 'sectors', 'countries', 'regions', 'blocs']) expect(entry[k].every((v: unknown) => typeof v === 'string')).toBe(true);
}

// The demo's agriculture proposal, returned for information (src/server/seed/demo.ts).
const AGRI_TITLE = 'Precision Agriculture AI for Argentina and Brazil';

async function agriDemo(h: Harness) {
  const anchor = await session(h, 'anchor@prairiesignal.example');
  const hit = (await anchor.get('/api/v1/proposals?limit=200')).body.items.find((p: { title: string }) => p.title === AGRI_TITLE);
  if (!hit) throw new Error('the demo agriculture proposal is missing');
  return { anchor, id: hit.id as string };
}

// Each test builds the proposal it needs through the API (src/server/test/factories.ts), so that
// one failing test never leaves the next ones without their starting point.
describeEachDb('review, consultation and designation lifecycle', (h) => {
  const transitions = (id: string) => `/api/v1/proposals/${id}/transitions`;

  it('submit → eligibility → returned for information → resubmitted', async () => {
    const { anchor, id } = await agriDemo(h());
    const po = await session(h(), PROGRAM_OFFICER);
    let p = (await anchor.get(`/api/v1/proposals/${id}`)).body;
    expect(p.state).toBe('returned_for_information');
    const pkg = { ...p.package, operatingModel: p.package.operatingModel.map((o: any) => ({ ...o, own: [{ name: 'Cerrado Edge Sites Ltda', country: 'BR', orgId: null }] })) };
    p = (await anchor.put(`/api/v1/proposals/${id}`, { title: p.title, summary: p.summary, package: pkg, version: p.version })).body;
    p = (await anchor.post(`/api/v1/proposals/${id}/submit`, {})).body;
    expect(p.state).toBe('submitted');
    expect((await po.post(transitions(id), { action: 'start_eligibility' })).body.state).toBe('eligibility_screening');
    await answerEligibility(po, id);
    expect((await po.post(transitions(id), { action: 'start_review' })).body.state).toBe('under_review');
  });

  it('refuses illegal transitions with a clear code, telling a denied role from a wrong state', async () => {
    const { id, po, anchor } = await createProposal(h(), 'eligibility_screening');
    expectProblem(await po.post(transitions(id), { action: 'send_to_decision' }), 409, 'INVALID_TRANSITION');
    // Eligibility screening is the state a review starts from: only the anchor's role refuses it.
    expectProblem(await anchor.post(transitions(id), { action: 'start_review' }), 403, 'FORBIDDEN');
    expectProblem(await po.post(transitions(id), { action: 'designate' }), 400, 'USE_DEDICATED_ENDPOINT');
    await answerEligibility(po, id);
    expect((await po.post(transitions(id), { action: 'start_review' })).body.state).toBe('under_review');
    // The program officer may start reviews: only the state refuses a second one.
    expectProblem(await po.post(transitions(id), { action: 'start_review' }), 409, 'INVALID_TRANSITION');
  });

  it('assigns reviewers; before declaring, a reviewer sees only the consortium and its members', async () => {
    const { id, po, consortium } = await createProposal(h(), 'under_review');
    const emails = ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example'];
    const ids = await Promise.all(emails.map((e) => userId(h(), e)));
    const notReviewer = await po.post(`/api/v1/proposals/${id}/reviews`, { reviewerIds: [await userId(h(), 'finance@exim.example')] });
    expectProblem(notReviewer, 400, 'VALIDATION_FAILED');
    const res = await po.post(`/api/v1/proposals/${id}/reviews`, { reviewerIds: ids });
    expect(res.status).toBe(201);
    expect(res.body.activeReviewers).toBe(3);
    for (const e of emails) {
      const reviewer = await session(h(), e);
      const mine = (await reviewer.get('/api/v1/reviews')).body.items;
      const a = mine.find((x: { consortium: string }) => x.consortium === consortium.name);
      const view = (await reviewer.get(`/api/v1/reviews/${a.id}`)).body;
      expect(view.coi).toBe('pending');
      expect(view.proposal).toBeNull();
      expect(view.consortium.members.map((m: { name: string }) => m.name)).toEqual([FACTORY_ANCHOR.orgName, FACTORY_MEMBER.orgName]);
      expect((await reviewer.get(`/api/v1/proposals/${id}`)).status).toBe(404);
    }
  });

  it('a conflicted reviewer can never open the proposal or its documents, and is replaced', async () => {
    const { id, po, consortium } = await createProposal(h(), 'under_review');
    const panel = await assignReviewers(h(), id, ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example']);
    const war = panel['reviewer@war.example']!;
    const declared = await war.client.post(`/api/v1/reviews/${war.assignmentId}/conflict-of-interest`, { conflict: true, statement: 'Former adviser to the anchor.' });
    expect(declared.status).toBe(200);
    for (const path of ['', '/history', '/manifest', '/revisions/1', '/completeness', '/debrief']) {
      expect((await war.client.get(`/api/v1/proposals/${id}${path}`)).status).toBe(404);
    }
    expect((await war.client.get(`/api/v1/reviews/${war.assignmentId}`)).status).toBe(404);
    expect((await war.client.put(`/api/v1/reviews/${war.assignmentId}`, { scores: {}, comment: 'x' })).status).toBe(404);
    const reviews = (await po.get(`/api/v1/proposals/${id}/reviews`)).body;
    expect(reviews.needsReplacement).toBe(1);
    const notes = (await po.get('/api/v1/notifications')).body.items;
    expect(notes.some((n: { kind: string; link: string }) => n.kind === 'reviewer_conflicted' && n.link === `/proposals/${id}`)).toBe(true);
    expect((await po.get(`/api/v1/proposals/${id}/history`)).body.events.map((e: { action: string }) => e.action)).toContain('review.conflict_declared');
    const replaced = await po.post(`/api/v1/proposals/${id}/reviews`, { reviewerIds: [await userId(h(), 'reviewer2@state.example')] });
    expect(replaced.body.activeReviewers).toBe(3);
    const replacement = (await (await session(h(), 'reviewer2@state.example')).get('/api/v1/reviews')).body.items;
    expect(replacement.some((x: { consortium: string }) => x.consortium === consortium.name)).toBe(true);
  });

  it('reviewers declare no conflict, then score against the rubric', async () => {
    const { id } = await createProposal(h(), 'under_review');
    const emails = ['reviewer@state.example', 'reviewer@energy.example', 'reviewer2@state.example'];
    const panel = await assignReviewers(h(), id, emails);
    const rubric = (await inject(h().app, '', '').get('/api/v1/rubric')).body.criteria;
    expect(rubric.length).toBeGreaterThan(3);
    for (const [i, e] of emails.entries()) {
      const { client: c, assignmentId: a } = panel[e]!;
      expectProblem(await c.put(`/api/v1/reviews/${a}`, { scores: {}, submit: false }), 409, 'COI_NOT_DECLARED');
      const after = await c.post(`/api/v1/reviews/${a}/conflict-of-interest`, { conflict: false, statement: 'None.' });
      expect(after.body.proposal.id).toBe(id);
      expect((await c.get(`/api/v1/proposals/${id}`)).status).toBe(200);
      const incomplete = await c.put(`/api/v1/reviews/${a}`, { scores: { stack: { score: 4 } }, submit: true });
      expectProblem(incomplete, 400, 'VALIDATION_FAILED');
      const scores = Object.fromEntries(rubric.map((k: { key: string }) => [k.key, { score: 2 + i, comment: `comment ${i} on ${k.key}` }]));
      const bad = await c.put(`/api/v1/reviews/${a}`, { scores: { ...scores, stack: { score: 9 } } });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      const done = await c.put(`/api/v1/reviews/${a}`, { scores, comment: `overall ${i}`, submit: true });
      expect(done.body.status).toBe('submitted');
      expectProblem(await c.put(`/api/v1/reviews/${a}`, { scores, comment: 'again', submit: true }), 409, 'REVIEW_SUBMITTED');
    }
  });

  it('consults four agencies; only an agency’s own users answer for it', async () => {
    const { id, po } = await createProposal(h(), 'under_review');
    // War's reviewer is on the panel and declares a conflict, so another War official answers.
    const panel = await assignReviewers(h(), id, ['reviewer@war.example']);
    const warReviewer = panel['reviewer@war.example']!;
    must(await warReviewer.client.post(`/api/v1/reviews/${warReviewer.assignmentId}/conflict-of-interest`, { conflict: true, statement: 'Conflicted.' }), 200, 'declare conflict');
    expect((await po.post(`/api/v1/proposals/${id}/consultations`, {})).status).toBe(201);
    const items = (await po.get(`/api/v1/proposals/${id}/consultations`)).body.items;
    expect(items.map((c: { agency: string }) => c.agency).sort()).toEqual(['ENERGY', 'OSTP', 'STATE', 'WAR']);
    const state = await session(h(), 'reviewer@state.example');
    const warConsult = items.find((c: { agency: string }) => c.agency === 'WAR');
    expect((await state.put(`/api/v1/consultations/${warConsult.id}`, { position: 'non_concur', rationale: 'not ours' })).status).toBe(404);
    expect((await state.get(`/api/v1/proposals/${id}/consultations`)).body.items.map((c: { agency: string }) => c.agency)).toEqual(['STATE']);
    const answers: Record<string, object> = {
      STATE: { position: 'concur', rationale: 'Aligned with regional strategy.' },
      ENERGY: { position: 'no_comment', rationale: 'No energy equities.' },
      WAR: { position: 'concur_with_conditions', rationale: 'Acceptable.', conditions: ['No military end users.'] },
      OSTP: { position: 'concur', rationale: 'Good science partnership.' },
    };
    const official = await ensureTestUser(h(), 'official@war.example');
    expect((await warReviewer.client.put(`/api/v1/consultations/${warConsult.id}`, answers.WAR)).status).toBe(404);
    for (const c of items) {
      const who = c.agency === 'WAR' ? official : await session(h(), DEFAULT_ANSWERERS[c.agency]!);
      const res = await who.put(`/api/v1/consultations/${c.id}`, answers[c.agency]);
      expect(res.status).toBe(200);
    }
    const noConditions = await official.put(`/api/v1/consultations/${warConsult.id}`, { position: 'concur_with_conditions', rationale: 'x' });
    expectProblem(noConditions, 400, 'VALIDATION_FAILED');
  });

  it('the program office’s queue shows each proposal’s completeness, US content, compliance and progress', async () => {
    const { anchor, id } = await agriDemo(h());
    await advanceProposal(h(), id, 'under_review', anchor);
    // The panel as the office runs it: War's reviewer declares a conflict and is replaced.
    const panel = await assignReviewers(h(), id, ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example']);
    const war = panel['reviewer@war.example']!;
    must(await war.client.post(`/api/v1/reviews/${war.assignmentId}/conflict-of-interest`, { conflict: true, statement: 'Former adviser to Prairie Signal.' }), 200, 'declare conflict');
    Object.assign(panel, await assignReviewers(h(), id, ['reviewer2@state.example']));
    for (const [i, e] of ['reviewer@state.example', 'reviewer@energy.example', 'reviewer2@state.example'].entries()) {
      const r = panel[e]!;
      must(await r.client.post(`/api/v1/reviews/${r.assignmentId}/conflict-of-interest`, { conflict: false, statement: 'None.' }), 200, `no conflict (${e})`);
      must(await r.client.put(`/api/v1/reviews/${r.assignmentId}`, { scores: await rubricScores(h(), 2 + i), submit: true }), 200, `submit review (${e})`);
    }
    await ensureTestUser(h(), 'official@war.example');
    await answerConsultations(h(), id, { ...DEFAULT_ANSWERERS, WAR: 'official@war.example' });
    const draft = await createProposal(h(), 'draft');

    const po = await session(h(), PROGRAM_OFFICER);
    const queue = await po.get('/api/v1/review-queue?state=under_review&limit=200');
    expect(queue.status).toBe(200);
    const row = queue.body.items.find((i: { id: string }) => i.id === id);
    expect(row).toMatchObject({
      state: 'under_review',
      completeness: { complete: true, missing: 0 },
      // The demo's AGRI_PACKAGE infrastructure layer: servers 120 × $28,000 at 80 % US origin and the
      // imagery archive $1.1M at 90 %, so $3,678,000 of $4,460,000 is US-origin: 82.5 % ≥ 51 %.
      usContentShare: expect.closeTo(3_678_000 / 4_460_000, 9),
      usContentPresumptionMet: true,
      // Every component is EAR99 or AT-only controlled (4A994.l servers, 5D992.c software), AR and BR
      // are no AT destinations, and no declared party has a screening hit: every cell is clear.
      compliance: 'clear',
      reviews: { minimum: 3, active: 3, submitted: 3, conflicted: 1, overdue: 0 },
      consultations: { requested: 4, answered: 4, overdue: 0 },
    });
    expect(queue.body.items.every((i: { state: string }) => i.state === 'under_review')).toBe(true);
    const everything = (await po.get('/api/v1/review-queue?limit=200')).body.items;
    expect(everything.some((i: { id: string }) => i.id === draft.id)).toBe(false);
    expect(everything.some((i: { state: string }) => i.state === 'draft')).toBe(false);
    expectProblem(await anchor.get('/api/v1/review-queue'), 403, 'FORBIDDEN');
    expectProblem(await (await session(h(), 'reviewer@state.example')).get('/api/v1/review-queue'), 403, 'FORBIDDEN');
    expectProblem(await po.get('/api/v1/review-queue?state=nonsense'), 400, 'VALIDATION_FAILED');
  });

  it('recommendation rests on scores with spread, consultations and US content', async () => {
    const { id, po, anchor } = await createProposal(h(), 'under_review');
    const early = await po.post(`/api/v1/proposals/${id}/recommendation`, { recommendation: 'designate', rationale: 'Too soon.' });
    expectProblem(early, 409, 'RECOMMENDATION_NOT_READY');
    await reviewProposal(h(), id, ['reviewer@state.example', 'reviewer@energy.example', 'reviewer2@state.example']);
    await answerConsultations(h(), id);
    const ev = (await po.get(`/api/v1/proposals/${id}/recommendation/evidence`)).body;
    expect(ev.blockers).toEqual([]);
    expect(ev.scores.reviews).toBe(3);
    const stack = ev.scores.perCriterion.find((c: { key: string }) => c.key === 'stack');
    expect(stack).toMatchObject({ mean: 3, min: 2, max: 4, spread: 2 });
    expect(ev.scores.weightedScore).toBeCloseTo(3);
    expect(ev.consultations.find((c: { agency: string }) => c.agency === 'WAR').position).toBe('concur_with_conditions');
    expect(ev.usContent).toEqual({ share: expect.closeTo(3_678_000 / 4_460_000, 9), presumptionMet: true });
    expect((await anchor.get(`/api/v1/proposals/${id}/recommendation/evidence`)).status).toBe(404);
    const rec = await po.post(`/api/v1/proposals/${id}/recommendation`, { recommendation: 'designate', rationale: 'Solid across the rubric.' });
    expect(rec.body.state).toBe('recommendation');
    expect((await po.post(transitions(id), { action: 'send_to_decision' })).body.state).toBe('decision_pending');
  });

  it('the decision official designates with the national-interest determination', async () => {
    const { id, po, anchor } = await createProposal(h(), 'decision_pending');
    const decider = await session(h(), DECISION_OFFICIAL);
    const incomplete = await decider.post(`/api/v1/proposals/${id}/decision`, { decision: 'designated' });
    expectProblem(incomplete, 400, 'VALIDATION_FAILED');
    expect(incomplete.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['nationalInterestDetermination', 'publicDescription', 'sectors']));
    // The proposal awaits its decision: only the program officer's role refuses it.
    expectProblem(await po.post(`/api/v1/proposals/${id}/decision`, { decision: 'not_designated', feedback: 'x' }), 403, 'FORBIDDEN');
    // No list, no clearance: the package's new parties are not yet screened against the active list.
    const gate = must(await decider.get(`/api/v1/proposals/${id}/screening`), 200, 'package screening').body;
    expect(gate).toMatchObject({ listActive: true, screened: false });
    expect(gate.parties.filter((p: { screened: boolean }) => !p.screened).map((p: { name: string }) => p.name)).toEqual(['Cooperativa AR', 'Cooperativa BR']);
    const unscreened = await decider.post(`/api/v1/proposals/${id}/decision`, designationDecision());
    expectProblem(unscreened, 409, 'SCREENING_REQUIRED');
    expect(unscreened.body.detail).toContain('Cooperativa AR');
    expect(must(await anchor.get(`/api/v1/proposals/${id}`), 200, 'still pending').body.state).toBe('decision_pending');
    expect((await anchor.get(`/api/v1/proposals/${id}/package`)).status).toBe(404);
    await syncAndScreen(h().deps); // the periodic sync screens them
    expect(must(await decider.get(`/api/v1/proposals/${id}/screening`), 200, 'package screening').body).toMatchObject({ screened: true, message: null });
    const res = await decider.post(`/api/v1/proposals/${id}/decision`, {
      decision: 'designated',
      nationalInterestDetermination: 'Advances US agricultural AI in the Southern Cone.',
      conditions: ['Annual report on cooperatives served'],
      termMonths: 24,
      publicDescription: 'Precision agriculture AI for cooperatives in Argentina and Brazil.',
      sectors: ['agriculture'],
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('designated');
    const pkg = (await anchor.get(`/api/v1/proposals/${id}/package`)).body;
    expect(pkg.state).toBe('active');
    // The decision official's role may decide: only the state refuses a second decision.
    expectProblem(await decider.post(`/api/v1/proposals/${id}/decision`, designationDecision()), 409, 'INVALID_TRANSITION');
  });

  it('the applicant sees the outcome and a debrief without reviewer identities or consultation positions', async () => {
    const { id, anchor } = await createProposal(h(), 'designated');
    const debrief = await anchor.get(`/api/v1/proposals/${id}/debrief`);
    expect(debrief.status).toBe(200);
    expect(debrief.body.outcome).toBe('designated');
    expect(debrief.body.reviews.map((r: { reviewer: string }) => r.reviewer)).toEqual(['Reviewer 1', 'Reviewer 2', 'Reviewer 3']);
    const text = JSON.stringify(debrief.body);
    // The factory's panel: State, Energy and War reviewers; their agencies answered the consultations.
    for (const secret of ['Robin Okafor', 'Taylor Kim', 'Drew Castillo', 'reviewer@', 'concur', 'No military end users', 'STATE', 'WAR']) expect(text).not.toContain(secret);
    expect((await anchor.get(`/api/v1/proposals/${id}/reviews`)).status).toBe(404);
    expect((await anchor.get(`/api/v1/proposals/${id}/consultations`)).status).toBe(404);
    expect((await anchor.get(`/api/v1/proposals/${id}/recommendation`)).status).toBe(404);
  });

  it('the public catalog lists it with public fields only, searchable and filterable', async () => {
    const anon = inject(h().app, '', '');
    const before = (await anon.get('/api/v1/public/statistics')).body;
    // Markets no other test uses, and a word only this proposal's title has.
    const word = uniqueWord('catalog');
    const { id } = await createProposal(h(), 'designated', { markets: ['CL', 'PE'], title: `Agriculture AI ${word}` });
    const all = (await anon.get('/api/v1/public/catalog')).body;
    const entry = all.items.find((e: { id: string }) => e.id === id);
    expect(entry).toBeTruthy();
    expect(entry.countries).toEqual(['CL', 'PE']);
    expect(entry.regions).toEqual(['latin_america_caribbean']);
    for (const e of all.items) assertOnlyPublicFields(e);
    expect([entry.translation, entry.profile]).toEqual([null, null]);
    assertOnlyPublicFields((await anon.get(`/api/v1/public/catalog/${id}`)).body);
    const text = JSON.stringify(all);
    for (const secret of ['amountUsd', 'unitValueUsd', 'usOriginShare', 'usContent', 'rationale', 'scores', 'position', String(SUPPORT_AMOUNT_USD), RECOMMENDATION_RATIONALE]) expect(text).not.toContain(secret);
    expect((await anon.get('/api/v1/public/catalog?country=PE')).body.items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await anon.get(`/api/v1/public/catalog?q=${word.toUpperCase()}`)).body.total).toBe(1);
    expect((await anon.get('/api/v1/public/catalog?sector=healthcare')).body.total).toBe(0);
    const stats = (await anon.get('/api/v1/public/statistics')).body;
    expect(Object.keys(stats).sort()).toEqual([...PUBLIC_STAT_FIELDS].sort());
    expect(stats.designated).toBe(before.designated + 1);
  });

  it('a foreign buyer registers interest; the program office sees it', async () => {
    const { id, po, anchor } = await createProposal(h(), 'designated');
    const anon = inject(h().app, '', '');
    const bad = await anon.post(`/api/v1/public/catalog/${id}/interest`, { buyerName: '', buyerKind: 'ministry', country: 'ZZ', contactEmail: 'nope', requirements: {} });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors.length).toBeGreaterThanOrEqual(4);
    const ok = await anon.post(`/api/v1/public/catalog/${id}/interest`, {
      buyerName: 'Ministerio de Agricultura del Uruguay',
      buyerKind: 'government',
      country: 'UY',
      contactEmail: 'ia@mgap.example',
      requirements: { dataResidency: 'In-country', languages: ['es'], scale: '40 cooperatives', timeline: '2027' },
    });
    expect(ok.status).toBe(201);
    const seen = (await po.get('/api/v1/buyer-interests')).body.items;
    expect(seen[0]).toMatchObject({ buyerName: 'Ministerio de Agricultura del Uruguay', country: 'UY' });
    expectProblem(await anchor.get('/api/v1/buyer-interests'), 403, 'FORBIDDEN');
  });

  it('an amendment carrying the package: changes computed, re-reviewed, put in force as a new revision', async () => {
    const { id: proposalId, anchor, po } = await createProposal(h(), 'designated');
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
    expectProblem(await anchor.post(url, { description: 'x', package: p.package }), 400, 'VALIDATION_FAILED');
    expect((await anchor.post(url, { description: 'nothing said' })).status).toBe(400);
    expect((await anchor.get(`/api/v1/proposals/${proposalId}/package`)).body.state).toBe('active'); // nothing half-written

    // A package with a prohibited cell cannot be put in force, as it could not be designated.
    const cuba = await anchor.post(url, { description: 'Add Cuba.', package: { ...p.package, targetMarkets: [...p.package.targetMarkets, { kind: 'country', code: 'CU' }] } });
    const cubaId = cuba.body.amendments[0].id;
    const refused = await po.post(`${url}/${cubaId}/decision`, { approve: true, note: 'ok' });
    expectProblem(refused, 409, 'AMENDMENT_PROHIBITED');
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
    expectProblem(await po.post(`${url}/${a.id}/decision`, { approve: true, note: 'again' }), 409, 'INVALID_TRANSITION');
  });

  it('a company joining or leaving the consortium opens a membership amendment; active again when the last is decided', async () => {
    const { id: proposalId, anchor, po, consortium } = await createProposal(h(), 'designated');
    const pkgUrl = `/api/v1/proposals/${proposalId}/package`;
    expect((await anchor.post(`/api/v1/consortia/${consortium.id}/invitations`, { orgId: 'org-cascade', layerRoles: ['model'] })).status).toBe(201);
    expect((await anchor.get(pkgUrl)).body.state).toBe('active'); // an invitation alone changes nothing
    const cascade = await session(h(), 'anchor@cascade.example');
    expect((await cascade.post(`/api/v1/consortia/${consortium.id}/invitation/accept`, {})).status).toBe(200);
    let pkg = (await po.get(pkgUrl)).body;
    expect(pkg.state).toBe('amendment_pending');
    const joined = pkg.amendments.find((a: { status: string }) => a.status === 'pending');
    expect(joined).toMatchObject({ kinds: ['membership'], description: 'Cascade Cloud Systems Inc. joined the consortium.' });
    const poNotes = (await po.get('/api/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'amendment_requested');
    expect(poNotes.some((n: { text: string }) => n.text.includes('Cascade Cloud Systems Inc. joined'))).toBe(true);

    // It leaves again before the re-review: a second amendment waits beside the first.
    expect((await anchor.delete(`/api/v1/consortia/${consortium.id}/members/org-cascade`)).status).toBe(200);
    pkg = (await po.get(pkgUrl)).body;
    const pending = pkg.amendments.filter((a: { status: string }) => a.status === 'pending');
    expect(pending.map((a: { description: string }) => a.description).sort()).toEqual(['Cascade Cloud Systems Inc. joined the consortium.', 'Cascade Cloud Systems Inc. left the consortium.']);
    const decide = (id: string) => po.post(`${pkgUrl}/amendments/${id}/decision`, { approve: true, note: 'Membership re-reviewed.' });
    expect((await decide(pending[0].id)).body.state).toBe('amendment_pending');
    expect((await decide(pending[1].id)).body.state).toBe('active');
  });

  it('amendment → re-review → active; suspension with a reason removes it from the catalog', async () => {
    const { id: proposalId, anchor, member, po } = await createProposal(h(), 'designated');
    const pkgUrl = `/api/v1/proposals/${proposalId}/package`;
    // The package is active, the state an amendment is requested from: only the plain member's role refuses it.
    expectProblem(await member.post(`${pkgUrl}/amendments`, { kinds: ['other'], description: 'x' }), 403, 'FORBIDDEN');
    // Renewal starts from an active package too, and is the decision official's: only the role refuses it.
    expectProblem(await po.post(`${pkgUrl}/renew`, { reason: 'Renew early.' }), 403, 'FORBIDDEN');
    const amend = await anchor.post(`${pkgUrl}/amendments`, { kinds: ['markets'], description: 'Add Uruguay as a market.' });
    expect(amend.status).toBe(201);
    expect(amend.body.state).toBe('amendment_pending');
    // The anchor may request amendments: only the pending one refuses another.
    expectProblem(await anchor.post(`${pkgUrl}/amendments`, { kinds: ['other'], description: 'y' }), 409, 'INVALID_TRANSITION');
    const decided = await po.post(`${pkgUrl}/amendments/${amend.body.amendments[0].id}/decision`, { approve: true, note: 'Uruguay re-reviewed: no new concerns.' });
    expect(decided.body.state).toBe('active');
    expectProblem(await po.post(`${pkgUrl}/suspend`, { reason: '' }), 400, 'VALIDATION_FAILED');
    const suspended = await po.post(`${pkgUrl}/suspend`, { reason: 'Reporting overdue.' });
    expect(suspended.body).toMatchObject({ state: 'suspended', stateReason: 'Reporting overdue.' });
    // A suspended package is the state reinstatement starts from: only the anchor's role refuses it.
    expectProblem(await anchor.post(`${pkgUrl}/reinstate`, { reason: 'please' }), 403, 'FORBIDDEN');
    // The decision official may renew, but not a suspended package: only the state refuses it.
    expectProblem(await (await session(h(), DECISION_OFFICIAL)).post(`${pkgUrl}/renew`, { reason: 'Renew.' }), 409, 'INVALID_TRANSITION');
    const anon = inject(h().app, '', '');
    expect((await anon.get(`/api/v1/public/catalog/${proposalId}`)).status).toBe(404);
    const full = (await po.get(`/api/v1/proposals/${proposalId}/history`)).body.events.map((e: { action: string }) => e.action);
    expect(full).toEqual(expect.arrayContaining(['review.assigned', 'review.no_conflict_declared', 'consultation.answered', 'proposal.recommend', 'proposal.designate', 'package.amendment_requested', 'package.suspend']));
    // The applicant's history shows the outcome and the package's events, never the review or the consultations.
    const history = (await anchor.get(`/api/v1/proposals/${proposalId}/history`)).body.events.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['proposal.recommend', 'proposal.designate', 'package.amendment_requested', 'package.amendment_approved', 'package.suspend']));
    expect(history.filter((a: string) => a.startsWith('review.') || a.startsWith('consultation.'))).toEqual([]);
  });
});
