// The proposal history (GET /api/v1/proposals/{id}/history) is filtered per viewer: applicants see
// their own consortium's actions and the outcome events meant for them, never the review, the
// consultations, the recommendation or the program office's internal notes; a reviewer or a
// consulted agency sees its own part of the review, not the others'.
import { expect, it } from 'vitest';
import {
  advanceProposal,
  answerEligibility,
  assignReviewers,
  createProposal,
  must,
  RECOMMENDATION_RATIONALE,
  session,
  userId,
} from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

const RETURN_NOTE = 'Factory: please clarify the operating model.';
const INTERNAL_NOTE = 'Internal: eligibility hinges on the Brazilian cooperative, check with State.';
const REVIEW_NOTE = 'Internal: panel to weigh the security layer.';
const NATIONAL_INTEREST = 'Advances US agricultural AI in the region.';
const REVIEWER_NAMES = ['Robin Okafor', 'Taylor Kim', 'Drew Castillo', 'Jules Moreau', 'Avery Singh'];
const REVIEWER_EMAILS = ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example', 'reviewer2@state.example', 'reviewer@ostp.example'];

interface HistoryEvent {
  action: string;
  actor: string | null;
  data: Record<string, unknown>;
}

describeEachDb('proposal history per viewer', (h) => {
  it('applicants see their own actions and the outcome meant for them, never the review, consultations or internal notes', async () => {
    const p = await createProposal(h(), 'returned_for_information');
    const transitions = `/api/v1/proposals/${p.id}/transitions`;
    must(await p.anchor.post(`/api/v1/proposals/${p.id}/submit`, {}), 200, 'resubmit');
    must(await p.po.post(transitions, { action: 'start_eligibility', note: INTERNAL_NOTE }), 200, 'start eligibility');
    await answerEligibility(p.po, p.id);
    must(await p.po.post(transitions, { action: 'start_review', note: REVIEW_NOTE }), 200, 'start review');
    const conflicted = (await assignReviewers(h(), p.id, ['reviewer2@state.example']))['reviewer2@state.example']!;
    must(await conflicted.client.post(`/api/v1/reviews/${conflicted.assignmentId}/conflict-of-interest`, { conflict: true, statement: 'Advised the anchor in 2025.' }), 200, 'declare conflict');
    await advanceProposal(h(), p.id, 'designated', p.anchor);
    const reviewerIds = await Promise.all(REVIEWER_EMAILS.map((e) => userId(h(), e)));

    // The program office sees everything.
    const full = must(await p.po.get(`/api/v1/proposals/${p.id}/history`), 200, 'history (program officer)').body;
    const fullActions = full.events.map((e: HistoryEvent) => e.action);
    expect(fullActions).toEqual(expect.arrayContaining(['review.assigned', 'review.conflict_declared', 'review.submitted', 'consultation.requested', 'consultation.answered', 'proposal.recommend']));
    expect(JSON.stringify(full)).toContain(INTERNAL_NOTE);

    for (const [who, client] of [['anchor', p.anchor], ['member', p.member]] as const) {
      const history = must(await client.get(`/api/v1/proposals/${p.id}/history`), 200, `history (${who})`).body;
      const events = history.events as HistoryEvent[];
      const actions = events.map((e) => e.action);
      expect(actions.filter((a) => a.startsWith('review.') || a.startsWith('consultation.')), who).toEqual([]);
      // Their own steps and the outcome meant for them.
      expect(actions, who).toEqual(expect.arrayContaining(['proposal.created', 'proposal.certified', 'proposal.submit', 'proposal.return_for_information', 'proposal.resubmit', 'proposal.designate']));
      expect(events.find((e) => e.action === 'proposal.return_for_information')!.data).toMatchObject({ from: 'eligibility_screening', to: 'returned_for_information', note: RETURN_NOTE });
      expect(events.find((e) => e.action === 'proposal.designate')!.data).toMatchObject({ to: 'designated' });
      // The program office's other steps show the state change, without their internal notes.
      expect(events.find((e) => e.action === 'proposal.start_eligibility')!.data).toEqual({ from: 'submitted', to: 'eligibility_screening' });
      const text = JSON.stringify(history);
      for (const secret of [...REVIEWER_NAMES, ...reviewerIds, INTERNAL_NOTE, REVIEW_NOTE, RECOMMENDATION_RATIONALE, NATIONAL_INTEREST, 'concur', 'agencies', 'Pat Romero', 'Alex Whitfield']) {
        expect(text, `${who} must not see ${secret}`).not.toContain(secret);
      }
    }
  });

  it('a reviewer sees its own review steps only; a consulted agency its own consultation only', async () => {
    const p = await createProposal(h(), 'designated');
    const stateId = await userId(h(), 'reviewer@state.example');
    const energy = await session(h(), 'reviewer@energy.example');
    const mine = must(await energy.get(`/api/v1/proposals/${p.id}/history`), 200, 'history (energy reviewer)').body.events as HistoryEvent[];
    // Its own assignment (without the rest of the panel), and its own declaration and submission.
    const assigned = mine.filter((e) => e.action === 'review.assigned');
    expect(assigned.map((e) => Object.keys(e.data))).toEqual([['dueAt']]);
    const reviewSteps = mine.filter((e) => e.action.startsWith('review.') && e.action !== 'review.assigned');
    expect(reviewSteps.map((e) => e.action)).toEqual(['review.no_conflict_declared', 'review.submitted']);
    expect(reviewSteps.every((e) => e.actor === 'Taylor Kim')).toBe(true);
    expect(JSON.stringify(mine)).not.toContain(stateId);
    expect(JSON.stringify(mine)).not.toContain(RECOMMENDATION_RATIONALE);
    for (const e of mine.filter((x) => x.action === 'consultation.answered')) expect(e.data.agency).toBe('ENERGY');

    // OSTP is consulted but sits on no panel: its own answer, nobody else's, and no review at all.
    const ostp = await session(h(), 'reviewer@ostp.example');
    const seen = must(await ostp.get(`/api/v1/proposals/${p.id}/history`), 200, 'history (OSTP)').body.events as HistoryEvent[];
    expect(seen.filter((e) => e.action.startsWith('review.'))).toEqual([]);
    const answers = seen.filter((e) => e.action === 'consultation.answered');
    expect(answers.map((e) => e.data.agency)).toEqual(['OSTP']);
  });
});
