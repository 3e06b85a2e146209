// The debrief numbers reviewers without naming them; the numbering must not follow the order in
// which the program office assigned them (that order is on the record, in review.assigned).
import { expect, it } from 'vitest';
import { advanceProposal, answerConsultations, assignReviewers, createProposal, must, rubricScores } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

describeEachDb('debrief', (h) => {
  it('numbers the reviews independently of the order the reviewers were assigned in', async () => {
    const p = await createProposal(h(), 'under_review');
    // Assigned State, Energy, War — and each scores differently, so a review can be told by its scores.
    const emails = ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example'];
    const panel = await assignReviewers(h(), p.id, emails);
    const scoreOf: Record<string, number> = { 'reviewer@state.example': 2, 'reviewer@energy.example': 3, 'reviewer@war.example': 4 };
    for (const email of emails) {
      const r = panel[email]!;
      must(await r.client.post(`/api/v1/reviews/${r.assignmentId}/conflict-of-interest`, { conflict: false, statement: 'None.' }), 200, `no conflict (${email})`);
    }
    // They submit in the reverse order, an hour apart.
    for (const email of [...emails].reverse()) {
      const r = panel[email]!;
      h().deps.clock.advance(3_600_000);
      must(await r.client.put(`/api/v1/reviews/${r.assignmentId}`, { scores: await rubricScores(h(), scoreOf[email]!), comment: `by ${scoreOf[email]}`, submit: true }), 200, `submit (${email})`);
    }
    await answerConsultations(h(), p.id);
    await advanceProposal(h(), p.id, 'designated', p.anchor);

    const debrief = must(await p.anchor.get(`/api/v1/proposals/${p.id}/debrief`), 200, 'debrief').body;
    const numbered = debrief.reviews.map((r: { reviewer: string; comment: string }) => [r.reviewer, r.comment]);
    // Numbered by submission: the review assigned last comes first.
    expect(numbered).toEqual([
      ['Reviewer 1', 'by 4'],
      ['Reviewer 2', 'by 3'],
      ['Reviewer 3', 'by 2'],
    ]);
  });
});
