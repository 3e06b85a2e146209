// The eligibility checklist (GET/PUT /api/v1/proposals/{id}/eligibility): the program officer answers
// each criterion while the proposal is in eligibility screening, beside the system's pre-assessment;
// review starts only when every criterion is answered and none that blocks is "not met"; every
// answer is audited and shown in the history to government readers, never to the consortium.
import { expect, it } from 'vitest';
import { answerEligibility, createProposal, DECISION_OFFICIAL, must, session } from '../../test/factories.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb } from '../../test/harness.ts';
import { ELIGIBILITY_CRITERIA } from './eligibility.criteria.ts';

const eligibility = (id: string) => `/api/v1/proposals/${id}/eligibility`;
const transitions = (id: string) => `/api/v1/proposals/${id}/transitions`;
const allMet = () => ELIGIBILITY_CRITERIA.map((c) => ({ criterionId: c.id, answer: 'met' }));

describeEachDb('eligibility checklist', (h) => {
  it('lists every criterion with its rule, citation and the system’s pre-assessment, unanswered at first', async () => {
    const p = await createProposal(h(), 'eligibility_screening');
    const c = must(await p.po.get(eligibility(p.id)), 200, 'checklist').body;
    expect(c).toMatchObject({ proposalId: p.id, state: 'eligibility_screening', editable: true, complete: false });
    expect(c.criteria.map((x: { id: string }) => x.id)).toEqual(ELIGIBILITY_CRITERIA.map((x) => x.id));
    for (const x of c.criteria) {
      expect(x.answer).toBeNull();
      expect(x.rule.length).toBeGreaterThan(20);
      expect(x.citation).toMatch(/Executive Order 14320|call for proposals/);
      expect(x.effective).toMatch(/\d{4}/);
    }
    // The factory's package is complete: the system finds every completeness-based criterion met.
    const byId = Object.fromEntries(c.criteria.map((x: { id: string }) => [x.id, x]));
    expect(byId.five_layers.system).toEqual({ assessment: 'met', findings: [] });
    expect(byId.country_of_concern.system.assessment).toBe('met');
    // US content is a presumption: "not met" does not block review.
    expect(byId.us_content.blocking).toBe(false);
    expect(byId.us_content.guidance).toMatch(/does not by itself make the proposal ineligible/);
    expect(c.blockers).toHaveLength(ELIGIBILITY_CRITERIA.length);
  });

  it('review starts only on a complete checklist; a blocking "not met" names the criterion; US content "not met" does not block', async () => {
    const p = await createProposal(h(), 'eligibility_screening');
    const refused = await p.po.post(transitions(p.id), { action: 'start_review' });
    expectProblem(refused, 409, 'ELIGIBILITY_INCOMPLETE');
    expect(refused.body.detail).toMatch(/not answered yet: Full-stack package: all five layers/);

    must(await p.po.put(eligibility(p.id), { answers: [...allMet().filter((a) => a.criterionId !== 'operating_model'), { criterionId: 'operating_model', answer: 'not_met', note: 'Nobody operates the Brazilian sites.' }] }), 200, 'answer');
    const notMet = await p.po.post(transitions(p.id), { action: 'start_review' });
    expectProblem(notMet, 409, 'ELIGIBILITY_INCOMPLETE');
    expect(notMet.body.detail).toMatch(/not met: Build, own and operate model for each target/);
    expect(must(await p.po.get(`/api/v1/proposals/${p.id}`), 200, 'read').body.state).toBe('eligibility_screening');

    // Returning for information stays possible with a criterion not met.
    const other = await createProposal(h(), 'eligibility_screening');
    must(await other.po.put(eligibility(other.id), { answers: [{ criterionId: 'federal_support', answer: 'not_met', note: 'No additionality shown.' }] }), 200, 'answer');
    expect(must(await other.po.post(transitions(other.id), { action: 'return_for_information', note: 'Explain why federal support is needed.' }), 200, 'return').body.state).toBe('returned_for_information');

    const answered = must(
      await p.po.put(eligibility(p.id), {
        answers: [
          { criterionId: 'operating_model', answer: 'met', note: 'Confirmed by phone.' },
          { criterionId: 'us_content', answer: 'not_met', note: 'Below 51 %; the national interest is weighed in review.' },
        ],
      }),
      200,
      'correct',
    ).body;
    expect(answered).toMatchObject({ complete: true, blockers: [] });
    expect(answered.criteria.find((x: { id: string }) => x.id === 'us_content').answer).toMatchObject({ answer: 'not_met', by: 'Pat Romero' });
    expect(must(await p.po.post(transitions(p.id), { action: 'start_review' }), 200, 'start review').body.state).toBe('under_review');
    // The checklist stays readable, no longer editable.
    const after = must(await p.po.get(eligibility(p.id)), 200, 'checklist').body;
    expect(after).toMatchObject({ state: 'under_review', editable: false, complete: true });
    expectProblem(await p.po.put(eligibility(p.id), { answers: allMet() }), 409, 'NOT_IN_ELIGIBILITY_SCREENING');
  });

  it('refuses bad input with 400 and writes nothing of it', async () => {
    const p = await createProposal(h(), 'eligibility_screening');
    const bad = [
      { answers: [] },
      { answers: [{ criterionId: 'five_layers', answer: 'maybe' }] },
      { answers: [{ criterionId: 'five_layers', answer: 'not_met' }] },
      { answers: [{ criterionId: 'five_layers', answer: 'met' }, { criterionId: 'five_layers', answer: 'met' }] },
      { answers: [{ criterionId: 'five_layers', answer: 'met', extra: 1 }] },
    ];
    for (const body of bad) expectProblem(await p.po.put(eligibility(p.id), body), 400, 'VALIDATION_FAILED');
    // A valid answer next to an unknown criterion: nothing written.
    const unknown = await p.po.put(eligibility(p.id), { answers: [{ criterionId: 'five_layers', answer: 'met' }, { criterionId: 'good_vibes', answer: 'met' }] });
    expectProblem(unknown, 400, 'VALIDATION_FAILED');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'answers.1.criterionId' })]);
    const c = must(await p.po.get(eligibility(p.id)), 200, 'checklist').body;
    expect(c.criteria.every((x: { answer: unknown }) => x.answer === null)).toBe(true);
    const history = must(await p.po.get(`/api/v1/proposals/${p.id}/history`), 200, 'history').body;
    expect(history.events.filter((e: { action: string }) => e.action === 'eligibility.answered')).toHaveLength(0);
  });

  it('only a program officer answers, only in eligibility screening; the consortium never reads it', async () => {
    const p = await createProposal(h(), 'eligibility_screening');
    const official = await session(h(), DECISION_OFFICIAL);
    expectProblem(await official.put(eligibility(p.id), { answers: allMet() }), 403, 'FORBIDDEN');
    expect(must(await official.get(eligibility(p.id)), 200, 'read-only').body.editable).toBe(false);
    expectProblem(await p.anchor.get(eligibility(p.id)), 403, 'FORBIDDEN');
    expectProblem(await p.anchor.put(eligibility(p.id), { answers: allMet() }), 403, 'FORBIDDEN');
    const stranger = await session(h(), 'anchor@meridian.example');
    expectProblem(await stranger.get(eligibility(p.id)), 404, 'NOT_FOUND');
    const unassigned = await session(h(), 'reviewer@state.example');
    expectProblem(await unassigned.get(eligibility(p.id)), 404, 'NOT_FOUND');

    const submitted = await createProposal(h(), 'submitted');
    expectProblem(await submitted.po.put(eligibility(submitted.id), { answers: allMet() }), 409, 'NOT_IN_ELIGIBILITY_SCREENING');
    expect(must(await submitted.po.get(eligibility(submitted.id)), 200, 'read').body.editable).toBe(false);
  });

  it('audits each changed answer; the history shows it to government readers, not to the consortium', async () => {
    const p = await createProposal(h(), 'eligibility_screening');
    must(await p.po.put(eligibility(p.id), { answers: [{ criterionId: 'target_market', answer: 'not_applicable', note: 'Internal: markets confirmed by the embassy.' }] }), 200, 'answer');
    // The same answer again changes nothing and records nothing.
    must(await p.po.put(eligibility(p.id), { answers: [{ criterionId: 'target_market', answer: 'not_applicable', note: 'Internal: markets confirmed by the embassy.' }] }), 200, 'again');
    await answerEligibility(p.po, p.id);
    must(await p.po.post(transitions(p.id), { action: 'start_review' }), 200, 'start review');

    const events = must(await p.po.get(`/api/v1/proposals/${p.id}/history`), 200, 'history').body.events.filter((e: { action: string }) => e.action === 'eligibility.answered');
    expect(events).toHaveLength(ELIGIBILITY_CRITERIA.length + 1);
    expect(events[0]).toMatchObject({ actor: 'Pat Romero', data: { criterionId: 'target_market', criterion: 'At least one target market', answer: 'not_applicable', note: 'Internal: markets confirmed by the embassy.', previous: null } });
    expect(events[1].data).toMatchObject({ criterionId: 'five_layers', answer: 'met', previous: null });

    const official = await session(h(), DECISION_OFFICIAL);
    const seen = must(await official.get(`/api/v1/proposals/${p.id}/history`), 200, 'official history').body.events;
    expect(seen.some((e: { action: string }) => e.action === 'eligibility.answered')).toBe(true);
    const applicant = JSON.stringify(must(await p.anchor.get(`/api/v1/proposals/${p.id}/history`), 200, 'applicant history').body);
    expect(applicant).not.toContain('eligibility.answered');
    expect(applicant).not.toContain('markets confirmed by the embassy');
  });
});
