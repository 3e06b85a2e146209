// Concurrent conflict-of-interest declarations by one reviewer: the first one recorded is final.
// The others answer 409 and change nothing, so a declared conflict can never be overwritten by a
// "no conflict" that raced it (and a reviewer who declared a conflict is off the panel).
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { assignReviewers, createProposal, must } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

describeEachDb('conflict-of-interest declarations in parallel', (h) => {
  it('exactly one of several parallel declarations wins; the others get 409 COI_ALREADY_DECLARED', async () => {
    const p = await createProposal(h(), 'eligibility_screening');
    const { client, assignmentId } = (await assignReviewers(h(), p.id, ['reviewer@state.example']))['reviewer@state.example']!;
    const url = `/api/v1/reviews/${assignmentId}/conflict-of-interest`;
    const declarations = [true, false, false, true, false, false];
    const answers = await Promise.all(declarations.map((conflict, i) => client.post(url, { conflict, statement: `Declaration ${i}` })));

    const winners = answers.map((r, i) => ({ r, conflict: declarations[i]! })).filter(({ r }) => r.status === 200);
    expect(winners, JSON.stringify(answers.map((r) => [r.status, r.body?.code]))).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) expectProblem(r, 409, 'COI_ALREADY_DECLARED');

    // The recorded declaration is the winner's, and only it was audited.
    const won = winners[0]!.conflict;
    const panel = must(await p.po.get(`/api/v1/proposals/${p.id}/reviews`), 200, 'review panel').body;
    expect(panel.assignments.find((a: { id: string }) => a.id === assignmentId).coi).toBe(won ? 'conflicted' : 'none');
    const events = await h()
      .deps.db.db.selectFrom('audit_events')
      .select(['action', 'data_json'])
      .where('entity_id', '=', p.id)
      .where('action', 'in', ['review.conflict_declared', 'review.no_conflict_declared'])
      .execute();
    expect(events.map((e) => e.action)).toEqual([won ? 'review.conflict_declared' : 'review.no_conflict_declared']);

    // Nothing undoes it: a conflicted reviewer is off the panel; one without conflict cannot re-declare.
    expectProblem(await client.post(url, { conflict: !won, statement: 'Changed my mind' }), 409, 'COI_ALREADY_DECLARED');
    if (won) {
      expect((await client.get(`/api/v1/reviews/${assignmentId}`)).status).toBe(404);
      expect((await client.get(`/api/v1/proposals/${p.id}`)).status).toBe(404);
    } else {
      expect(must(await client.get(`/api/v1/reviews/${assignmentId}`), 200, 'my review').body.coi).toBe('none');
    }
  });

  it('a conflict declared in parallel with "no conflict" is never overwritten by it', async () => {
    // Many rounds of one conflict against one "no conflict": whichever wins, the state is the winner's.
    const p = await createProposal(h(), 'eligibility_screening');
    const reviewers = await assignReviewers(h(), p.id, ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example']);
    for (const { client, assignmentId } of Object.values(reviewers)) {
      const url = `/api/v1/reviews/${assignmentId}/conflict-of-interest`;
      const [yes, no] = await Promise.all([client.post(url, { conflict: true, statement: 'Conflicted' }), client.post(url, { conflict: false, statement: 'Not conflicted' })]);
      expect([yes.status, no.status].sort()).toEqual([200, 409]);
      const row = await h().deps.db.db.selectFrom('review_assignments').select(['coi', 'status']).where('id', '=', assignmentId).executeTakeFirstOrThrow();
      expect(row).toEqual(yes.status === 200 ? { coi: 'conflicted', status: 'conflicted' } : { coi: 'none', status: 'assigned' });
    }
  });
});
