// Calls for proposals: the program office drafts, publishes and closes a call; a proposal answers an
// open call, is refused after the call's deadline (not on a rolling call), and is complete only with
// the narratives and attachments the call asks for. Narratives follow the proposal's access, are
// kept as submitted for government readers, and never reach the public catalog when marked BCI.
// Each call has its own versioned rubric: scores keep the version they were given against.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { advanceProposal, assignReviewers, createConsortium, must, PROGRAM_OFFICER, uniqueWord, factoryPackage, type FactoryConsortium } from '../../test/factories.ts';
import { describeEachDb, TEST_NOW, type Client } from '../../test/harness.ts';
import { callCompletenessProblems, narrativesOfProposal } from './calls.service.ts';

const DAY = 86_400_000;
const ALL_CERTIFICATIONS = ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'];
const RUBRIC_A = [
  { key: 'impact', title: 'Impact', description: 'What changes for the partner market.', weight: 0.6 },
  { key: 'feasibility', title: 'Feasibility', description: 'Whether the consortium can deliver.', weight: 0.4 },
];
const RUBRIC_B = [
  { key: 'strategy', title: 'Strategy', description: 'Why these markets.', weight: 0.5 },
  { key: 'security', title: 'Security', description: 'How the stack is protected.', weight: 0.5 },
];

function callBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `Test call ${uniqueWord()}`,
    summary: 'A call made by the calls tests.',
    opensAt: new Date(Date.parse(TEST_NOW) - 10 * DAY).toISOString(),
    closesAt: new Date(Date.parse(TEST_NOW) + 30 * DAY).toISOString(),
    eligibleRegions: ['Southeast Asia'],
    eligibleSectors: ['agriculture'],
    requirements: {
      sections: [
        { key: 'need', title: 'Need and impact', maxWords: 20, required: true },
        { key: 'risks', title: 'Risks', maxWords: 50, required: false },
      ],
      attachmentTypes: [],
      bciJustificationRequired: true,
    },
    reviewDueDays: 14,
    ...overrides,
  };
}

describeEachDb('calls for proposals', (h) => {
  let po: Client;
  let admin: Client;
  let company: Client;

  beforeAll(async () => {
    po = await h().login(PROGRAM_OFFICER);
    admin = await h().login('admin@aiep.example');
    company = await h().login('anchor@harborhealth.example');
  });
  afterEach(() => h().deps.clock.set(TEST_NOW));

  /** A published call. */
  async function openCall(overrides: Record<string, unknown> = {}) {
    const draft = must(await po.post('/api/v1/calls', callBody(overrides)), 201, 'create call').body;
    return must(await po.post(`/api/v1/calls/${draft.id}/publish`, { version: draft.version }), 200, 'publish').body;
  }

  /** A consortium's certified draft proposal answering `callId`. */
  async function proposalFor(callId: string, c?: FactoryConsortium) {
    const consortium = c ?? (await createConsortium(h()));
    const p = must(
      await consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, callId, title: `Call proposal ${uniqueWord()}`, summary: 'For the calls tests.', package: factoryPackage() }),
      201,
      'create proposal',
    ).body;
    for (const who of [consortium.anchor, consortium.member]) must(await who.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: ALL_CERTIFICATIONS }), 200, 'certify');
    return { id: p.id as string, consortium };
  }

  const put = (who: Client, id: string, key: string, body: Record<string, unknown>) =>
    who.put(`/api/v1/proposals/${id}/narratives/${key}`, { bci: false, bciJustification: null, expectedRevision: 0, ...body });

  describe('lifecycle and permissions', () => {
    it('drafts, publishes and closes a call; only the program office and administrators manage calls', async () => {
      const body = callBody();
      expectProblem(await company.post('/api/v1/calls', body), 403, 'FORBIDDEN');
      const draft = must(await po.post('/api/v1/calls', body), 201, 'create').body;
      expect(draft).toMatchObject({ status: 'draft', acceptingProposals: false, rolling: false, version: 1, rubric: { version: 1 } });
      // The rubric defaults to a copy of the default rubric.
      const defaults = (await po.get('/api/v1/rubric')).body.criteria.map((c: { key: string }) => c.key);
      expect(draft.rubric.criteria.map((c: { key: string }) => c.key)).toEqual(defaults);
      // A draft is the program office's: others do not learn of it.
      expectProblem(await company.get(`/api/v1/calls/${draft.id}`), 404, 'NOT_FOUND');
      expect((await company.get('/api/v1/calls')).body.items.map((c: { id: string }) => c.id)).not.toContain(draft.id);
      expect((await admin.get('/api/v1/calls?status=draft')).body.items.map((c: { id: string }) => c.id)).toContain(draft.id);

      expectProblem(await company.post(`/api/v1/calls/${draft.id}/publish`, { version: 1 }), 403, 'FORBIDDEN');
      expectProblem(await po.post(`/api/v1/calls/${draft.id}/publish`, { version: 7 }), 409, 'VERSION_CONFLICT');
      const open = must(await po.post(`/api/v1/calls/${draft.id}/publish`, { version: 1 }), 200, 'publish').body;
      expect(open).toMatchObject({ status: 'open', acceptingProposals: true, version: 2 });
      expectProblem(await po.post(`/api/v1/calls/${draft.id}/publish`, { version: 2 }), 409, 'INVALID_TRANSITION');
      expect((await company.get(`/api/v1/calls/${draft.id}`)).status).toBe(200);

      const edited = must(await admin.patch(`/api/v1/calls/${draft.id}`, { version: 2, title: 'Renamed call' }), 200, 'edit').body;
      expect(edited).toMatchObject({ title: 'Renamed call', version: 3, rubric: { version: 1 } });
      const closed = must(await po.post(`/api/v1/calls/${draft.id}/close`, { version: 3 }), 200, 'close').body;
      expect(closed).toMatchObject({ status: 'closed', acceptingProposals: false });
      expectProblem(await po.patch(`/api/v1/calls/${draft.id}`, { version: 4, title: 'Too late' }), 409, 'INVALID_STATE');

      const audit = await h().deps.db.db.selectFrom('audit_events').select('action').where('entity_id', '=', draft.id).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['call.created', 'call.published', 'call.updated', 'call.closed']);
    });

    it('refuses a bad call with a clear error and writes nothing', async () => {
      const count = async () => (await po.get('/api/v1/calls')).body.items.length;
      const before = await count();
      expectProblem(await po.post('/api/v1/calls', callBody({ closesAt: new Date(Date.parse(TEST_NOW) - 20 * DAY).toISOString() })), 400, 'VALIDATION_FAILED');
      const dup = await po.post('/api/v1/calls', callBody({ requirements: { sections: [{ key: 'need', title: 'A', maxWords: 5 }, { key: 'need', title: 'B', maxWords: 5 }] } }));
      expectProblem(dup, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(dup.body.errors)).toContain('appears twice');
      const weights = await po.post('/api/v1/calls', callBody({ rubric: [{ ...RUBRIC_A[0], weight: 0.3 }] }));
      expectProblem(weights, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(weights.body.errors)).toContain('add up to 0.3');
      expect(await count()).toBe(before);
    });

    it('lets a proposal answer only an open call', async () => {
      const consortium = await createConsortium(h());
      const start = (callId: string) => consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, callId, title: 'Answering a call', package: factoryPackage() });
      const draft = must(await po.post('/api/v1/calls', callBody()), 201, 'draft').body;
      expectProblem(await start(draft.id), 404, 'NOT_FOUND');
      expectProblem(await start('no-such-call'), 404, 'NOT_FOUND');
      const open = await openCall();
      must(await po.post(`/api/v1/calls/${open.id}/close`, { version: open.version }), 200, 'close');
      const refused = await start(open.id);
      expectProblem(refused, 409, 'CALL_NOT_OPEN');
      expect(refused.body.detail).toContain(open.title);
    });
  });

  describe('deadlines', () => {
    it('refuses a submission after the call closed, naming the deadline, and writes nothing', async () => {
      const closesAt = new Date(Date.parse(TEST_NOW) + 2 * DAY).toISOString();
      const call = await openCall({ closesAt });
      const { id, consortium } = await proposalFor(call.id);
      must(await put(consortium.anchor, id, 'need', { bodyMarkdown: 'Farmers need forecasts.' }), 200, 'narrative');
      h().deps.clock.set(new Date(Date.parse(TEST_NOW) + 3 * DAY).toISOString());
      const anchor = await h().login('anchor@northstar.example');
      const res = await anchor.post(`/api/v1/proposals/${id}/submit`, {});
      expectProblem(res, 409, 'CALL_CLOSED');
      expect(res.body.detail).toContain(`closed on ${closesAt.slice(0, 10)} ${closesAt.slice(11, 16)} UTC`);
      expect((await anchor.get(`/api/v1/proposals/${id}`)).body).toMatchObject({ state: 'draft', submittedAt: null });
      // A new proposal is refused too.
      expectProblem(await anchor.post('/api/v1/proposals', { consortiumId: consortium.id, callId: call.id, title: 'Late', package: factoryPackage() }), 409, 'CALL_NOT_OPEN');
    });

    it('accepts submissions to a rolling call at any time', async () => {
      const call = await openCall({ closesAt: null, reviewCutoffs: ['2027-01-15', '2027-04-15'] });
      expect(call).toMatchObject({ rolling: true, closesAt: null, reviewCutoffs: ['2027-01-15', '2027-04-15'] });
      const { id, consortium } = await proposalFor(call.id);
      must(await put(consortium.anchor, id, 'need', { bodyMarkdown: 'Farmers need forecasts.' }), 200, 'narrative');
      h().deps.clock.set(new Date(Date.parse(TEST_NOW) + 400 * DAY).toISOString());
      const anchor = await h().login('anchor@northstar.example');
      expect(must(await anchor.post(`/api/v1/proposals/${id}/submit`, {}), 200, 'submit').body.state).toBe('submitted');
    });
  });

  describe('completeness and narratives', () => {
    it('asks for the call’s required sections, within their word limits, and a justification for BCI sections', async () => {
      const call = await openCall();
      const { id, consortium } = await proposalFor(call.id);
      const anchor = consortium.anchor;
      const codes = async () => (await anchor.get(`/api/v1/proposals/${id}/completeness`)).body.problems.map((p: { code: string; path: string }) => `${p.code}:${p.path}`);
      expect(await codes()).toEqual(['NARRATIVE_MISSING:narratives.need']);
      const refused = await anchor.post(`/api/v1/proposals/${id}/submit`, {});
      expectProblem(refused, 422, 'PROPOSAL_INCOMPLETE');

      // Over the limit: refused, nothing written.
      const long = await put(anchor, id, 'need', { bodyMarkdown: Array.from({ length: 21 }, (_, i) => `word${i}`).join(' ') });
      expectProblem(long, 400, 'VALIDATION_FAILED');
      expect(long.body.errors[0].message).toContain('has 21 words; the call allows at most 20');
      expect((await anchor.get(`/api/v1/proposals/${id}/narratives`)).body.items).toEqual([]);
      // Not a section of the call.
      expectProblem(await put(anchor, id, 'budget', { bodyMarkdown: 'x' }), 400, 'VALIDATION_FAILED');

      const saved = must(await put(anchor, id, 'need', { bodyMarkdown: '**Farmers** need [forecasts](https://example.org/a-long-link).', bci: true }), 200, 'save').body;
      expect(saved).toMatchObject({ editable: true, source: 'working', items: [{ sectionKey: 'need', title: 'Need and impact', bci: true, bciJustification: null, revision: 1 }] });
      expect(await codes()).toEqual(['BCI_JUSTIFICATION_MISSING:narratives.need.bciJustification']);
      // A stale revision is refused.
      expectProblem(await put(anchor, id, 'need', { bodyMarkdown: 'Other text.', expectedRevision: 0 }), 409, 'VERSION_CONFLICT');
      must(await put(anchor, id, 'need', { bodyMarkdown: 'Farmers need forecasts.', bci: true, bciJustification: 'Names the cooperatives we negotiate with.', expectedRevision: 1 }), 200, 'justify');
      expect(await codes()).toEqual([]);
      // A member that is not the anchor may not write narratives.
      expectProblem(await put(consortium.member, id, 'risks', { bodyMarkdown: 'Weather.' }), 403, 'FORBIDDEN');
      must(await anchor.post(`/api/v1/proposals/${id}/submit`, {}), 200, 'submit');
      // Submitted: frozen.
      expectProblem(await put(anchor, id, 'need', { bodyMarkdown: 'After submission.', expectedRevision: 2 }), 409, 'INVALID_STATE');
    });

    it('checks the call’s attachment types against the proposal’s documents', async () => {
      const call = await openCall({
        requirements: {
          sections: [],
          attachmentTypes: [
            { key: 'financial_plan', title: 'Financial plan', required: true, maxBytes: 1000, mimeTypes: ['application/pdf'], publicVersionRequiredIfBci: true },
            { key: 'letters', title: 'Letters', required: false, maxBytes: 1000, mimeTypes: [], publicVersionRequiredIfBci: false },
          ],
          bciJustificationRequired: true,
        },
      });
      const { id } = await proposalFor(call.id);
      const deps = h().deps;
      const doc = (over: Record<string, unknown>) => ({ attachmentType: 'financial_plan', title: 'Plan', bci: false, bciJustification: null, public: { id: 'v' }, ...over });
      expect((await callCompletenessProblems(deps, id, [])).map((p) => p.code)).toEqual(['ATTACHMENT_MISSING']);
      expect(await callCompletenessProblems(deps, id, [doc({})])).toEqual([]);
      expect((await callCompletenessProblems(deps, id, [doc({ bci: true, bciJustification: 'Prices.', public: null })])).map((p) => p.code)).toEqual(['PUBLIC_VERSION_MISSING']);
      expect((await callCompletenessProblems(deps, id, [doc({ bci: true })])).map((p) => p.code)).toEqual(['BCI_JUSTIFICATION_MISSING']);
      expect(await callCompletenessProblems(deps, id, [doc({}), doc({ attachmentType: 'letters', bci: true, bciJustification: 'Names.', public: null })])).toEqual([]);
      // Through the API: the required attachment is missing.
      const anchor = await h().login('anchor@northstar.example');
      expect((await anchor.get(`/api/v1/proposals/${id}/completeness`)).body.problems.map((p: { code: string }) => p.code)).toContain('ATTACHMENT_MISSING');
    });

    it('gives narratives the proposal’s access: other consortia and conflicted reviewers get 404, reviewers read the submitted text', async () => {
      const call = await openCall();
      const { id, consortium } = await proposalFor(call.id);
      must(await put(consortium.anchor, id, 'need', { bodyMarkdown: 'Submitted text of the need.' }), 200, 'save');
      // Another consortium's anchor.
      expectProblem(await company.get(`/api/v1/proposals/${id}/narratives`), 404, 'NOT_FOUND');
      expectProblem(await put(company, id, 'need', { bodyMarkdown: 'Hijack.', expectedRevision: 1 }), 404, 'NOT_FOUND');
      await advanceProposal(h(), id, 'eligibility_screening', consortium.anchor);
      const panel = await assignReviewers(h(), id, ['reviewer@state.example', 'reviewer@energy.example']);
      const clean = panel['reviewer@state.example']!;
      const conflicted = panel['reviewer@energy.example']!;
      must(await clean.client.post(`/api/v1/reviews/${clean.assignmentId}/conflict-of-interest`, { conflict: false, statement: 'None.' }), 200, 'no conflict');
      must(await conflicted.client.post(`/api/v1/reviews/${conflicted.assignmentId}/conflict-of-interest`, { conflict: true, statement: 'I advised the anchor.' }), 200, 'conflict');
      expectProblem(await conflicted.client.get(`/api/v1/proposals/${id}/narratives`), 404, 'NOT_FOUND');
      const seen = must(await clean.client.get(`/api/v1/proposals/${id}/narratives`), 200, 'reviewer reads').body;
      expect(seen).toMatchObject({ editable: false, source: 'submitted', items: [{ sectionKey: 'need', bodyMarkdown: 'Submitted text of the need.' }] });
      expectProblem(await put(clean.client, id, 'need', { bodyMarkdown: 'Reviewer edit.', expectedRevision: 1 }), 403, 'FORBIDDEN');

      // Returned for information: the consortium works on the next revision; government users still read the submitted text.
      must(await po.post(`/api/v1/proposals/${id}/transitions`, { action: 'return_for_information', note: 'Clarify the need.' }), 200, 'return');
      must(await put(consortium.anchor, id, 'need', { bodyMarkdown: 'Working text of revision two.', expectedRevision: 1 }), 200, 'revise');
      expect((await clean.client.get(`/api/v1/proposals/${id}/narratives`)).body.items[0].bodyMarkdown).toBe('Submitted text of the need.');
      expect((await po.get(`/api/v1/proposals/${id}/narratives`)).body.items[0].bodyMarkdown).toBe('Submitted text of the need.');
      expect((await consortium.anchor.get(`/api/v1/proposals/${id}/narratives`)).body.items[0].bodyMarkdown).toBe('Working text of revision two.');
      must(await consortium.anchor.post(`/api/v1/proposals/${id}/submit`, {}), 200, 'resubmit');
      expect((await po.get(`/api/v1/proposals/${id}/narratives`)).body.items[0]).toMatchObject({ bodyMarkdown: 'Working text of revision two.', revision: 2 });
    });
  });

  describe('rubric versions', () => {
    it('scores against the call’s rubric; a changed rubric is a new version and earlier scores keep theirs', async () => {
      const call = await openCall({ rubric: RUBRIC_A });
      const { id, consortium } = await proposalFor(call.id);
      must(await put(consortium.anchor, id, 'need', { bodyMarkdown: 'The need.' }), 200, 'save');
      await advanceProposal(h(), id, 'eligibility_screening', consortium.anchor);
      const panel = await assignReviewers(h(), id, ['reviewer@state.example', 'reviewer@war.example']);
      const first = panel['reviewer@state.example']!;
      const second = panel['reviewer@war.example']!;
      for (const r of [first, second]) must(await r.client.post(`/api/v1/reviews/${r.assignmentId}/conflict-of-interest`, { conflict: false, statement: 'None.' }), 200, 'no conflict');
      expect((await first.client.get(`/api/v1/reviews/${first.assignmentId}`)).body.rubric.map((c: { key: string }) => c.key)).toEqual(['impact', 'feasibility']);
      const scoresA = { impact: { score: 4, comment: '' }, feasibility: { score: 3, comment: '' } };
      must(await first.client.put(`/api/v1/reviews/${first.assignmentId}`, { scores: scoresA, comment: 'ok', submit: true }), 200, 'score A');

      const edited = must(await po.patch(`/api/v1/calls/${call.id}`, { version: call.version, rubric: RUBRIC_B }), 200, 'new rubric').body;
      expect(edited.rubric).toMatchObject({ version: 2, callId: call.id });
      expect(edited.rubric.id).not.toBe(call.rubric.id);
      // The first review keeps the version it was given against.
      const kept = must(await first.client.get(`/api/v1/reviews/${first.assignmentId}`), 200, 'read A').body;
      expect(kept.rubric.map((c: { key: string }) => c.key)).toEqual(['impact', 'feasibility']);
      expect(kept.scores).toEqual(scoresA);
      const stored = await h().deps.db.db.selectFrom('review_assignments').select(['id', 'rubric_version_id']).where('proposal_id', '=', id).execute();
      expect(stored.find((a) => a.id === first.assignmentId)?.rubric_version_id).toBe(call.rubric.id);
      const v1 = await h().deps.db.db.selectFrom('rubric_versions').select('criteria_json').where('id', '=', call.rubric.id).executeTakeFirstOrThrow();
      expect(JSON.parse(v1.criteria_json)).toEqual(RUBRIC_A);
      // The second reviewer, not yet scored, scores against the new version.
      expectProblem(await second.client.put(`/api/v1/reviews/${second.assignmentId}`, { scores: scoresA, comment: '', submit: false }), 400, 'VALIDATION_FAILED');
      must(await second.client.put(`/api/v1/reviews/${second.assignmentId}`, { scores: { strategy: { score: 5, comment: '' }, security: { score: 2, comment: '' } }, comment: '', submit: true }), 200, 'score B');
      const after = await h().deps.db.db.selectFrom('review_assignments').select(['id', 'rubric_version_id']).where('id', '=', second.assignmentId).executeTakeFirstOrThrow();
      expect(after.rubric_version_id).toBe(edited.rubric.id);
      // The queue weighs each review by its own version: (0.6·4 + 0.4·3 + 0.5·5 + 0.5·2) / 2.
      const queue = must(await po.get('/api/v1/proposals/queue?limit=200'), 200, 'queue').body;
      expect(queue.items.find((r: { id: string }) => r.id === id)?.score).toBe(3.55);
    });

    it('keeps the default rubric in versions: changing it adds one', async () => {
      const count = async () => (await h().deps.db.db.selectFrom('rubric_versions').select('id').where('call_id', 'is', null).execute()).length;
      const before = await count();
      const criteria = (await po.get('/api/v1/rubric')).body.criteria;
      must(await po.put('/api/v1/rubric', { criteria }), 200, 'rubric');
      expect(await count()).toBe(before + 1);
    });
  });

  describe('public catalog', () => {
    it('lists open calls with their public facts only, and never shows BCI narrative text', async () => {
      const marker = `BCI-MARKER-${uniqueWord()}`;
      const call = await openCall({ closesAt: null, requirements: { sections: [{ key: 'security_plan', title: 'Security plan', maxWords: 100, required: true }], attachmentTypes: [], bciJustificationRequired: true } });
      const draft = must(await po.post('/api/v1/calls', callBody({ title: `Hidden draft ${uniqueWord()}` })), 201, 'draft').body;
      const { id, consortium } = await proposalFor(call.id);
      must(await put(consortium.anchor, id, 'security_plan', { bodyMarkdown: `Vault layout ${marker}`, bci: true, bciJustification: 'Site layout.' }), 200, 'bci narrative');
      await advanceProposal(h(), id, 'designated', consortium.anchor);

      const anon = h().app;
      const calls = JSON.parse((await anon.inject({ method: 'GET', url: '/api/v1/public/calls' })).body);
      const listed = calls.items.find((c: { id: string }) => c.id === call.id);
      expect(Object.keys(listed).sort()).toEqual(['closesAt', 'eligibleRegions', 'eligibleSectors', 'id', 'opensAt', 'rolling', 'summary', 'title']);
      expect(calls.items.map((c: { id: string }) => c.id)).not.toContain(draft.id);
      expect(calls.items.map((c: { title: string }) => c.title)).toContain('Full-stack AI export packages — rolling call');

      const pages = [
        (await anon.inject({ method: 'GET', url: '/api/v1/public/calls' })).body,
        (await anon.inject({ method: 'GET', url: '/api/v1/public/catalog' })).body,
        (await anon.inject({ method: 'GET', url: `/api/v1/public/catalog/${id}` })).body,
      ];
      for (const body of pages) expect(body).not.toContain(marker);
      expect(JSON.parse(pages[1]!).items.map((e: { id: string }) => e.id)).toContain(id);
      // The public view of the narratives leaves the BCI section out.
      expect(await narrativesOfProposal(h().deps, id, { publicOnly: true })).toEqual([]);
      expect((await narrativesOfProposal(h().deps, id, { publicOnly: false }))[0]?.bodyMarkdown).toContain(marker);
    });
  });
});
