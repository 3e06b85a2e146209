// A reviewer's assignment: the conflict-of-interest declaration before anything of the proposal,
// then scoring against the rubric; what "Save draft" and "Submit review" send, and the answers
// the server can give (400 incomplete, 409 already submitted).
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, problem, stubApi, type StubRequest } from '../test/api-stub.ts';
import { myReviewAfterCoi, myReviewBeforeCoi, myReviewIncomplete400, myReviewSubmitted, myReviewSubmitted409, users } from '../test/recorded.ts';
import { renderAs } from '../test/render.tsx';
import { ReviewPage } from './ReviewPage.tsx';

const REVIEW = `/api/v1/reviews/${myReviewAfterCoi.id}`;
const rubric = myReviewAfterCoi.rubric;
/** What the server answers a PUT: the assignment with the scores and comment it was sent. */
const echo = (base: typeof myReviewAfterCoi | typeof myReviewSubmitted) => (req: StubRequest) => ok({ ...base, ...(req.body as object) });

async function open(routes: Parameters<typeof stubApi>[0]) {
  const api = stubApi(routes);
  const view = renderAs(users.reviewer, <ReviewPage id={myReviewAfterCoi.id} />, { path: `/reviews/${myReviewAfterCoi.id}` });
  await screen.findByRole('heading', { level: 1, name: `Review: ${myReviewAfterCoi.consortium.name}` });
  return { ...view, api };
}

/** "Submit review", then the confirmation's own "Submit review". */
async function submitReview(user: ReturnType<typeof renderAs>['user']) {
  await user.click(screen.getByRole('button', { name: 'Submit review' }));
  const ask = await screen.findByRole('alertdialog', { name: 'Submit your review?' });
  await user.click(within(ask).getByRole('button', { name: 'Submit review' }));
}

async function scoreAll(user: ReturnType<typeof renderAs>['user'], scores: number[]) {
  for (const [i, c] of rubric.entries()) await user.selectOptions(screen.getByRole('combobox', { name: `Score for ${c.title}` }), String(scores[i]));
}

describe('review page', () => {
  it('shows only the consortium until the reviewer declares no conflict, then the rubric', async () => {
    const { user, api } = await open({
      [`GET ${REVIEW}`]: ok(myReviewBeforeCoi),
      [`POST ${REVIEW}/conflict-of-interest`]: ok(myReviewAfterCoi),
    });
    const members = screen.getByRole('region', { name: 'Consortium members' });
    expect(within(members).getAllByRole('listitem').map((li) => li.textContent)).toEqual(myReviewBeforeCoi.consortium.members.map((m) => `${m.name} (${m.country})`));
    expect(screen.queryByRole('region', { name: 'Scores' })).not.toBeInTheDocument();
    expect(screen.queryByText(myReviewAfterCoi.proposal.title)).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Statement' }), 'No relationship with any member.');
    await user.click(screen.getByRole('button', { name: 'I have no conflict of interest' }));

    const scores = await screen.findByRole('region', { name: 'Scores' });
    expect(api.calls(`POST ${REVIEW}/conflict-of-interest`).map((r) => r.body)).toEqual([{ conflict: false, statement: 'No relationship with any member.' }]);
    expect(within(scores).getByRole('link', { name: myReviewAfterCoi.proposal.title })).toHaveAttribute('href', `/proposals/${myReviewAfterCoi.proposal.id}`);
    expect(within(scores).getAllByRole('combobox')).toHaveLength(rubric.length);
  });

  it('submits the review: PUT with a score per criterion, the comments and submit: true; then it is locked', async () => {
    const { user, api } = await open({ [`GET ${REVIEW}`]: ok(myReviewAfterCoi), [`PUT ${REVIEW}`]: echo(myReviewSubmitted) });
    await scoreAll(user, [2, 3, 4, 5, 2, 3]);
    await user.type(screen.getByRole('textbox', { name: 'Comment on Security measures' }), 'Chip location verification is convincing.');
    await user.type(screen.getByRole('textbox', { name: 'Overall comment' }), 'Solid.');
    await submitReview(user);

    expect(await screen.findByText('Review submitted.')).toBeInTheDocument();
    expect(api.calls(`PUT ${REVIEW}`).map((r) => r.body)).toEqual([
      {
        scores: {
          stack: { score: 2, comment: '' },
          us_content: { score: 3, comment: '' },
          market: { score: 4, comment: '' },
          security: { score: 5, comment: 'Chip location verification is convincing.' },
          business: { score: 2, comment: '' },
          compliance: { score: 3, comment: '' },
        },
        comment: 'Solid.',
        submit: true,
      },
    ]);
    expect(screen.getByRole('group', { name: /Rubric/ })).toBeDisabled();
    expect(screen.getByText('Submitted.')).toBeInTheDocument();
  });

  it('asks before submitting: cancelling sends nothing and keeps the review editable', async () => {
    const { user, api } = await open({ [`GET ${REVIEW}`]: ok(myReviewAfterCoi) });
    await scoreAll(user, [2, 3, 4, 5, 2, 3]);
    await user.click(screen.getByRole('button', { name: 'Submit review' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Submit your review?' });
    expect(ask).toHaveTextContent('final');
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.calls(`PUT ${REVIEW}`)).toEqual([]);
    expect(screen.getByRole('group', { name: /Rubric/ })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Submit review' })).toHaveFocus();
  });

  it('saves a draft with submit: false and keeps it editable', async () => {
    const { user, api } = await open({ [`GET ${REVIEW}`]: ok(myReviewAfterCoi), [`PUT ${REVIEW}`]: echo(myReviewAfterCoi) });
    await user.selectOptions(screen.getByRole('combobox', { name: `Score for ${rubric[0]!.title}` }), '4');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText('Draft saved.')).toBeInTheDocument();
    expect(api.calls(`PUT ${REVIEW}`).map((r) => r.body)).toEqual([{ scores: { stack: { score: 4, comment: '' } }, comment: '', submit: false }]);
    expect(screen.getByRole('group', { name: /Rubric/ })).toBeEnabled();
  });

  it('lets the reviewer clear the overall comment of a saved draft', async () => {
    const draft = { ...myReviewAfterCoi, scores: { stack: { score: 4, comment: '' } }, comment: 'First impressions: strong.' };
    const { user, api } = await open({ [`GET ${REVIEW}`]: ok(draft), [`PUT ${REVIEW}`]: echo(myReviewAfterCoi) });
    const overall = screen.getByRole('textbox', { name: 'Overall comment' });
    expect(overall).toHaveValue('First impressions: strong.');
    await user.clear(overall);
    expect(overall).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    await screen.findByText('Draft saved.');
    expect(api.calls(`PUT ${REVIEW}`).map((r) => r.body)).toEqual([{ scores: { stack: { score: 4, comment: '' } }, comment: '', submit: false }]);
  });

  it('lists the criteria still to score when the server finds the review incomplete (400)', async () => {
    const { user } = await open({ [`GET ${REVIEW}`]: ok(myReviewAfterCoi), [`PUT ${REVIEW}`]: problem(myReviewIncomplete400) });
    await user.selectOptions(screen.getByRole('combobox', { name: `Score for ${rubric[0]!.title}` }), '4');
    await submitReview(user);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The review is incomplete');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual(rubric.slice(1).map((c) => `Score “${c.title}” before submitting`));
    expect(screen.queryByText('Review submitted.')).not.toBeInTheDocument();
    expect(screen.getByRole('group', { name: /Rubric/ })).toBeEnabled();
  });

  it('shows the 409 when the review was already submitted elsewhere', async () => {
    const { user } = await open({ [`GET ${REVIEW}`]: ok(myReviewAfterCoi), [`PUT ${REVIEW}`]: problem(myReviewSubmitted409) });
    await scoreAll(user, [2, 3, 4, 5, 2, 3]);
    await submitReview(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('The review was already submitted');
    expect(screen.queryByText('Review submitted.')).not.toBeInTheDocument();
  });
});
