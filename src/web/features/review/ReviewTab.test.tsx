// The review side of a proposal (GovernmentReview, AgencyConsultation, OutcomePanel, DecisionForm)
// as the proposal page hosts it: what the program officer, a consulted reviewer, the decision
// official and the applicant each see, and what their actions send.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConsultationRecordListResponse, ConsultationRecordSchema, RecommendationSchema } from '../../../shared/contracts/review.ts';
import { ProposalPage } from '../../pages/ProposalPage.tsx';
import { ok, problem, stubApi } from '../../test/api-stub.ts';
import {
  aseanAsApplicant,
  aseanConsultations,
  aseanDebrief,
  aseanEvidence,
  aseanPackage,
  aseanPanel,
  gulfAssigned,
  gulfDecided,
  gulfDecision400,
  gulfDecisionPending,
  gulfEvidence,
  gulfPanel,
  gulfRecommend409,
  gulfRecommended,
  gulfScreening,
  gulfScreeningConsultations,
  gulfScreeningEvidence,
  gulfScreeningPanel,
  gulfUnderReview,
  gulfUnderReviewAsWar,
  reviewers,
  users,
} from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import {
  gulfConsultationRecords,
  gulfConsultationRecordsRequested,
  gulfEligibility,
  gulfPartiesNoList,
  gulfPartiesScreened,
  gulfRecommendation,
  stateFirstAnswer,
  warAnswered,
  warRevised,
  warRevision409,
  warUnanswered,
} from './review-fixtures.ts';
import { GovernmentReview } from './ReviewTab.tsx';

const GULF = `/api/v1/proposals/${gulfUnderReview.id}`;
const ASEAN = `/api/v1/proposals/${aseanAsApplicant.id}`;

/** Routes of the review tab of the gulf proposal for the program officer, in a given state. */
function reviewRoutes(panel: unknown, consultations: unknown, evidence: unknown) {
  return {
    [`GET ${GULF}/reviews`]: ok(panel),
    [`GET ${GULF}/consultations`]: ok(consultations),
    [`GET ${GULF}/recommendation/evidence`]: ok(evidence),
    [`GET ${GULF}/eligibility`]: ok(gulfEligibility),
    'GET /api/v1/reviewers': ok(reviewers),
  };
}

async function openReviewTab(proposal: typeof gulfUnderReview, routes: Parameters<typeof stubApi>[0]) {
  const api = stubApi({ [`GET ${GULF}`]: ok(proposal), ...routes });
  const view = renderAs(users.programOfficer, <ProposalPage id={proposal.id} />);
  await screen.findByRole('heading', { level: 1, name: proposal.title });
  await view.user.click(screen.getByRole('tab', { name: 'Review' }));
  await screen.findByRole('heading', { name: 'Recommendation evidence' });
  return { ...view, api };
}

const region = (name: string) => screen.getByRole('region', { name });
const rowOf = (table: HTMLElement, text: string) => within(table).getByRole('cell', { name: text }).closest('tr')!;

describe('review tab: program officer', () => {
  it('sees every reviewer by name and agency, and every agency’s position', async () => {
    await openReviewTab(gulfUnderReview, reviewRoutes(gulfPanel, gulfConsultationRecords, gulfEvidence));

    const panel = region('Reviewers');
    expect(within(panel).getByText(/3 of 3 required reviews submitted · 3 active reviewer\(s\)/)).toBeInTheDocument();
    for (const [name, agency] of [['Drew Castillo', 'WAR'], ['Robin Okafor', 'STATE'], ['Taylor Kim', 'ENERGY']]) {
      const row = rowOf(panel, name!);
      expect(within(row).getByRole('cell', { name: agency })).toBeInTheDocument();
      expect(within(row).getByRole('cell', { name: 'Submitted' })).toBeInTheDocument();
    }

    const consulted = region('Interagency consultations');
    const war = rowOf(consulted, 'WAR');
    expect(war).toHaveTextContent('Concur with conditions');
    expect(war).toHaveTextContent('Chips stay in monitored sites.');
    expect(within(war).getByRole('listitem')).toHaveTextContent('Quarterly chip location reports');
    expect(rowOf(consulted, 'STATE')).toHaveTextContent('Concur');

    const evidence = region('Recommendation evidence');
    expect(evidence).toHaveTextContent(`Weighted score: ${gulfEvidence.scores.weightedScore.toFixed(2)}`);
    expect(within(evidence).getByRole('group', { name: 'Recommendation' })).toBeEnabled();
  });

  it('records a recommendation: POST with the choice and the rationale, then the proposal moves on', async () => {
    const { user, api } = await openReviewTab(gulfUnderReview, {
      ...reviewRoutes(gulfPanel, gulfConsultationRecords, gulfEvidence),
      [`POST ${GULF}/recommendation`]: ok(gulfRecommended),
      [`GET ${GULF}/recommendation`]: ok({ ...gulfRecommendation, recommendation: 'not_designate', rationale: 'Weak business model scores.' }),
    });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Recommend' }), 'Do not designate');
    await user.type(screen.getByRole('textbox', { name: 'Rationale' }), 'Weak business model scores.');
    await user.click(screen.getByRole('button', { name: 'Record recommendation' }));

    expect(await screen.findByText('Recommendation recorded.')).toBeInTheDocument();
    expect(api.calls(`POST ${GULF}/recommendation`).map((r) => r.body)).toEqual([{ recommendation: 'not_designate', rationale: 'Weak business model scores.' }]);
    // The page now holds the proposal the server returned: in recommendation, no form any more.
    expect(screen.getByText('Recommendation', { selector: '.badge' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Recommendation' })).not.toBeInTheDocument();
    // The recommendation as recorded now heads the tab.
    expect(await screen.findByRole('region', { name: 'Program office recommendation: Not designate' })).toHaveTextContent('Weak business model scores.');
  });

  it('shows the 409 of a recommendation someone else recorded first', async () => {
    const { user } = await openReviewTab(gulfUnderReview, {
      ...reviewRoutes(gulfPanel, gulfConsultationRecords, gulfEvidence),
      [`POST ${GULF}/recommendation`]: problem(gulfRecommend409),
    });
    await user.type(screen.getByRole('textbox', { name: 'Rationale' }), 'Strong scores.');
    await user.click(screen.getByRole('button', { name: 'Record recommendation' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot recommend a proposal in state recommendation');
    expect(screen.queryByText('Recommendation recorded.')).not.toBeInTheDocument();
  });

  it('assigns the reviewers ticked and requests the consultations during screening', async () => {
    const { user, api } = await openReviewTab(gulfScreening, {
      ...reviewRoutes(gulfScreeningPanel, gulfScreeningConsultations, gulfScreeningEvidence),
      [`GET ${GULF}/reviews`]: [ok(gulfScreeningPanel), ok(gulfAssigned)],
      [`GET ${GULF}/consultations`]: [ok(gulfScreeningConsultations), ok(gulfConsultationRecordsRequested)],
      [`POST ${GULF}/reviews`]: ok(gulfAssigned, 201),
      [`POST ${GULF}/consultations`]: ok(gulfConsultationRecordsRequested, 201),
    });
    expect(within(region('Reviewers')).getByText(/0 of 3 required reviews submitted/)).toBeInTheDocument();
    expect(screen.getByText('No consultation requested yet.')).toBeInTheDocument();
    const assign = screen.getByRole('group', { name: 'Assign reviewers' });
    expect(within(assign).getByRole('button', { name: 'Assign selected reviewers' })).toBeDisabled();

    const picked = ['Drew Castillo', 'Robin Okafor', 'Taylor Kim'];
    for (const name of picked) await user.click(within(assign).getByRole('checkbox', { name: new RegExp(name) }));
    await user.click(within(assign).getByRole('button', { name: 'Assign selected reviewers' }));

    expect(await screen.findByText('Reviewers assigned.')).toBeInTheDocument();
    const ids = picked.map((name) => reviewers.items.find((r) => r.name === name)!.id);
    expect(api.calls(`POST ${GULF}/reviews`).map((r) => r.body)).toEqual([{ reviewerIds: ids }]);
    for (const name of picked) expect(await within(region('Reviewers')).findByRole('cell', { name })).toBeInTheDocument();
    // Only the reviewers not yet assigned are left to tick.
    expect(within(screen.getByRole('group', { name: 'Assign reviewers' })).getAllByRole('checkbox').map((c) => c.parentElement!.textContent)).toEqual(['Avery Singh (OSTP)', 'Jules Moreau (STATE)']);

    await user.click(screen.getByRole('button', { name: 'Consult State, War, Energy and OSTP' }));
    expect(await screen.findByText('Consultations requested.')).toBeInTheDocument();
    expect(api.calls(`POST ${GULF}/consultations`).map((r) => r.body)).toEqual([{}]);
    const consulted = region('Interagency consultations');
    for (const agency of ['ENERGY', 'OSTP', 'STATE', 'WAR']) expect(rowOf(consulted, agency)).toHaveTextContent('Pending');
  });
});

describe('review tab: program officer’s top button', () => {
  it('“Recommend” opens the recommendation form on the review tab, focused, and writes nothing by itself', async () => {
    const api = stubApi({ [`GET ${GULF}`]: ok(gulfUnderReview), ...reviewRoutes(gulfPanel, gulfConsultationRecords, gulfEvidence) });
    const { user } = renderAs(users.programOfficer, <ProposalPage id={gulfUnderReview.id} />);
    await screen.findByRole('heading', { level: 1, name: gulfUnderReview.title });
    await user.click(within(screen.getByRole('toolbar', { name: 'Proposal actions' })).getByRole('button', { name: 'Recommend' }));

    expect(screen.getByRole('tab', { name: 'Review' })).toHaveAttribute('aria-selected', 'true');
    const recommend = await screen.findByRole('combobox', { name: 'Recommend' });
    await waitFor(() => expect(recommend).toHaveFocus());
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('review tab: an agency’s answer with its revisions', () => {
  const CONSULTATION = `/api/v1/consultations/${warRecordId()}`;
  function warRecordId() {
    return warUnanswered.items[0]!.id;
  }

  it('the fixtures are what the consultation and recommendation routes answer', () => {
    for (const list of [gulfConsultationRecords, gulfConsultationRecordsRequested, warUnanswered]) expect(ConsultationRecordListResponse.parse(list)).toEqual(list);
    for (const one of [warAnswered, warRevised]) expect(ConsultationRecordSchema.parse(one)).toEqual(one);
    expect(RecommendationSchema.parse(gulfRecommendation)).toEqual(gulfRecommendation);
  });

  it('has no review tab, sees no other agency, and answers for its own: PUT with position, rationale and conditions; then the form revises', async () => {
    const api = stubApi({
      [`GET ${GULF}`]: ok(gulfUnderReviewAsWar),
      [`GET ${GULF}/eligibility`]: ok(gulfEligibility),
      [`GET ${GULF}/consultations`]: [ok(warUnanswered), ok({ items: [warAnswered] })],
      [`PUT ${CONSULTATION}`]: ok(warAnswered),
    });
    const { user } = renderAs(users.reviewer, <ProposalPage id={gulfUnderReview.id} />);
    const form = await screen.findByRole('region', { name: 'Consultation of WAR' });
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Package', 'Narratives', 'Documents', 'History']);
    for (const other of ['STATE', 'ENERGY', 'OSTP']) expect(screen.queryByText(other)).not.toBeInTheDocument();
    expect(within(form).getByRole('group', { name: 'Answer for your agency' })).toBeInTheDocument();

    await user.selectOptions(within(form).getByRole('combobox', { name: 'Position' }), 'Concur with conditions');
    await user.type(within(form).getByRole('textbox', { name: 'Rationale' }), 'Chips stay in monitored sites.');
    await user.type(within(form).getByRole('textbox', { name: 'Conditions (one per line)' }), 'Quarterly chip location reports{Enter}  {Enter}Annual audit');
    await user.click(within(form).getByRole('button', { name: 'Record position' }));

    expect(await within(form).findByText('Position recorded.')).toBeInTheDocument();
    expect(api.calls(`PUT ${CONSULTATION}`).map((r) => r.body)).toEqual([
      { position: 'concur_with_conditions', rationale: 'Chips stay in monitored sites.', conditions: ['Quarterly chip location reports', 'Annual audit'] },
    ]);
    expect(await within(form).findByText(/Current position:/)).toHaveTextContent('Current position: Concur with conditions — Chips stay in monitored sites.');
    // Answered once, the agency changes its answer only by an explicit revision.
    expect(within(form).getByRole('group', { name: 'Revise (reason required)' })).toBeInTheDocument();
    expect(within(form).queryByRole('button', { name: 'Record position' })).not.toBeInTheDocument();
  });

  it('revises: the form starts from the current answer, needs a reason, and POSTs the whole answer with the version read; both answers stay visible', async () => {
    const api = stubApi({
      [`GET ${GULF}`]: ok(gulfUnderReviewAsWar),
      [`GET ${GULF}/eligibility`]: ok(gulfEligibility),
      [`GET ${GULF}/consultations`]: [ok({ items: [warAnswered] }), ok({ items: [warRevised] })],
      [`POST ${CONSULTATION}/revisions`]: ok(warRevised, 201),
    });
    const { user } = renderAs(users.reviewer, <ProposalPage id={gulfUnderReview.id} />);
    const form = await screen.findByRole('region', { name: 'Consultation of WAR' });
    const revise = within(form).getByRole('group', { name: 'Revise (reason required)' });
    expect(within(revise).getByRole('combobox', { name: 'Position' })).toHaveValue('concur_with_conditions');
    expect(within(revise).getByRole('textbox', { name: 'Conditions (one per line)' })).toHaveValue('Quarterly chip location reports');
    expect(within(revise).getByRole('button', { name: 'Record revision' })).toBeDisabled();

    await user.selectOptions(within(revise).getByRole('combobox', { name: 'Position' }), 'Concur');
    await user.clear(within(revise).getByRole('textbox', { name: 'Rationale' }));
    await user.type(within(revise).getByRole('textbox', { name: 'Rationale' }), 'Location reporting is now a license condition.');
    await user.clear(within(revise).getByRole('textbox', { name: 'Conditions (one per line)' }));
    await user.type(within(revise).getByRole('textbox', { name: 'Reason for the change' }), 'Covered by the export license.');
    await user.click(within(revise).getByRole('button', { name: 'Record revision' }));

    expect(await within(form).findByText('Revision recorded.')).toBeInTheDocument();
    expect(api.calls(`POST ${CONSULTATION}/revisions`).map((r) => r.body)).toEqual([
      { position: 'concur', rationale: 'Location reporting is now a license condition.', conditions: [], reason: 'Covered by the export license.', version: warAnswered.version },
    ]);
    expect(await within(form).findByText(/Current position:/)).toHaveTextContent('Current position: Concur — Location reporting is now a license condition.');
    expect(within(form).getByText(/reason for the change: “Covered by the export license.”/)).toBeInTheDocument();
    const earlier = within(form).getByRole('list', { name: 'Earlier answers of WAR' });
    expect(earlier).toHaveTextContent('Concur with conditions — Chips stay in monitored sites.');
    expect(earlier).toHaveTextContent('Quarterly chip location reports');
  });

  it('shows the 409 of a revision someone of the agency made first, and reads the consultation again', async () => {
    const api = stubApi({
      [`GET ${GULF}`]: ok(gulfUnderReviewAsWar),
      [`GET ${GULF}/eligibility`]: ok(gulfEligibility),
      [`GET ${GULF}/consultations`]: [ok({ items: [warAnswered] }), ok({ items: [warRevised] })],
      [`POST ${CONSULTATION}/revisions`]: problem(warRevision409),
    });
    const { user } = renderAs(users.reviewer, <ProposalPage id={gulfUnderReview.id} />);
    const form = await screen.findByRole('region', { name: 'Consultation of WAR' });
    await user.type(within(form).getByRole('textbox', { name: 'Reason for the change' }), 'Second thoughts.');
    await user.click(within(form).getByRole('button', { name: 'Record revision' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent('The consultation was changed meanwhile (now version 3); reload it and apply your change again');
    expect(within(form).queryByText('Revision recorded.')).not.toBeInTheDocument();
    // The answer now on record shows, with the one it replaced.
    expect(await within(form).findByText(/Current position:/)).toHaveTextContent('Current position: Concur — Location reporting is now a license condition.');
    expect(api.calls(`GET ${GULF}/consultations`)).toHaveLength(2);
    expect(within(form).getByRole('list', { name: 'Earlier answers of WAR' })).toBeInTheDocument();
  });

  it('a reviewer of an agency that may not change its answer sees it without a form', async () => {
    stubApi({ [`GET ${GULF}`]: ok(gulfUnderReviewAsWar), [`GET ${GULF}/eligibility`]: ok(gulfEligibility), [`GET ${GULF}/consultations`]: ok({ items: [{ ...warAnswered, allowedActions: [] }] }) });
    renderAs(users.reviewer, <ProposalPage id={gulfUnderReview.id} />);
    const form = await screen.findByRole('region', { name: 'Consultation of WAR' });
    expect(within(form).getByText(/Current position:/)).toBeInTheDocument();
    expect(within(form).queryByRole('group')).not.toBeInTheDocument();
    expect(within(form).queryByRole('button')).not.toBeInTheDocument();
  });
});

describe('review tab: decision official', () => {
  const decisionRoutes = () => ({
    [`GET ${GULF}`]: ok(gulfDecisionPending),
    ...reviewRoutes(gulfPanel, gulfConsultationRecords, gulfEvidence),
    [`GET ${GULF}/recommendation`]: ok(gulfRecommendation),
    [`GET ${GULF}/screening`]: ok(gulfPartiesScreened),
  });

  it('sees the whole record the decision rests on: recommendation and rationale, score spread, every position with conditions and earlier answers, compliance, US content', async () => {
    stubApi(decisionRoutes());
    const { user } = renderAs(users.decisionOfficial, <ProposalPage id={gulfUnderReview.id} />);
    await user.click(await screen.findByRole('tab', { name: 'Review' }));

    const rec = await screen.findByRole('region', { name: 'Program office recommendation: Designate' });
    expect(rec).toHaveTextContent(gulfRecommendation.rationale);

    const evidence = await screen.findByRole('region', { name: 'Recommendation evidence' });
    const security = rowOf(evidence, 'Security measures');
    expect(security).toHaveTextContent('5–5 (0)');
    expect(evidence).toHaveTextContent('US content (infrastructure): 65.7 % — national-interest presumption met (≥ 51.0 %)');
    expect(evidence).toHaveTextContent('Compliance matrix: License required');

    const consulted = region('Interagency consultations');
    expect(within(rowOf(consulted, 'WAR')).getByRole('list', { name: 'Conditions' })).toHaveTextContent('Quarterly chip location reports');
    const state = rowOf(consulted, 'STATE');
    expect(state).toHaveTextContent('revised 1×');
    expect(state).toHaveTextContent('reason for the change: “The license terms already carry both safeguards.”');
    const earlier = within(state).getByRole('list', { name: 'Earlier answers of STATE' });
    for (const condition of stateFirstAnswer.conditions) expect(earlier).toHaveTextContent(condition);
    expect(earlier).toHaveTextContent('Robin Okafor');

    expect(screen.getByRole('region', { name: 'Decision' })).toBeInTheDocument();
  });

  it.each([
    ['Designate', 'designated'],
    ['Not designate', 'not_designated'],
  ])('the top “%s” button opens the decision form with that decision chosen, and writes nothing by itself', async (label, decision) => {
    const api = stubApi(decisionRoutes());
    const { user } = renderAs(users.decisionOfficial, <ProposalPage id={gulfUnderReview.id} />);
    await screen.findByRole('heading', { level: 1, name: gulfDecisionPending.title });
    await user.click(within(screen.getByRole('toolbar', { name: 'Proposal actions' })).getByRole('button', { name: label }));

    const select = await screen.findByRole('combobox', { name: 'Decision' });
    await waitFor(() => expect(select).toHaveFocus());
    expect(select).toHaveValue(decision);
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('designates: asks to confirm; POST with the determination, one condition per line, term and sectors; a 400 lists what is missing', async () => {
    const api = stubApi({ ...decisionRoutes(), [`POST ${GULF}/decision`]: [problem(gulfDecision400), ok(gulfDecided)] });
    const { user } = renderAs(users.decisionOfficial, <ProposalPage id={gulfUnderReview.id} />);
    await user.click(await screen.findByRole('tab', { name: 'Review' }));
    const decision = await screen.findByRole('region', { name: 'Decision' });

    // Cancelling the confirmation sends nothing.
    await user.click(within(decision).getByRole('button', { name: 'Record decision' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Designate this package?' });
    expect(ask).toHaveTextContent('A decision is final');
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.calls(`POST ${GULF}/decision`)).toHaveLength(0);

    await user.click(within(decision).getByRole('button', { name: 'Record decision' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Designate' }));
    const alert = await within(decision).findByRole('alert');
    expect(alert).toHaveTextContent('Request is invalid: 3 problem(s)');
    expect(within(alert).getAllByRole('listitem')).toHaveLength(3);

    await user.type(within(decision).getByRole('textbox', { name: 'National-interest determination' }), 'Advances US AI leadership in the Gulf.');
    await user.type(within(decision).getByRole('textbox', { name: 'Conditions (one per line)' }), 'Quarterly chip location reports{Enter}No access by military end users');
    await user.clear(within(decision).getByRole('spinbutton', { name: 'Term (months)' }));
    await user.type(within(decision).getByRole('spinbutton', { name: 'Term (months)' }), '24');
    await user.type(within(decision).getByRole('textbox', { name: 'Public catalog description' }), 'Sovereign AI cloud for the UAE and Saudi Arabia.');
    await user.click(within(decision).getByRole('checkbox', { name: 'Government services' }));
    await user.click(within(decision).getByRole('checkbox', { name: 'Energy' }));
    await user.click(within(decision).getByRole('button', { name: 'Record decision' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Designate' }));

    await waitFor(() => expect(api.calls(`POST ${GULF}/decision`)).toHaveLength(2));
    expect(api.calls(`POST ${GULF}/decision`)[1]!.body).toEqual({
      decision: 'designated',
      nationalInterestDetermination: 'Advances US AI leadership in the Gulf.',
      conditions: ['Quarterly chip location reports', 'No access by military end users'],
      termMonths: 24,
      feedback: '',
      publicDescription: 'Sovereign AI cloud for the UAE and Saudi Arabia.',
      sectors: ['government_services', 'energy'],
    });
    // The page takes the designated proposal the server returned: the outcome tab appears.
    expect(await screen.findByRole('tab', { name: 'Outcome' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Decision' })).not.toBeInTheDocument();
  });
});

describe('review tab: decision official, parties not screened', () => {
  it('the decision form says why designation is blocked and disables it; a decision not to designate stays possible', async () => {
    const api = stubApi({
      [`GET ${GULF}`]: ok(gulfDecisionPending),
      ...reviewRoutes(gulfPanel, gulfConsultationRecords, gulfEvidence),
      [`GET ${GULF}/recommendation`]: ok(gulfRecommendation),
      [`GET ${GULF}/screening`]: ok(gulfPartiesNoList),
    });
    const { user } = renderAs(users.decisionOfficial, <ProposalPage id={gulfUnderReview.id} />);
    await user.click(await screen.findByRole('tab', { name: 'Review' }));
    const decision = await screen.findByRole('region', { name: 'Decision' });
    const record = within(decision).getByRole('button', { name: 'Record decision' });
    await waitFor(() => expect(record).toBeDisabled());
    const why = within(decision).getByRole('status');
    expect(why).toHaveTextContent('Designation is blocked.');
    expect(why).toHaveTextContent(gulfPartiesNoList.message!);
    expect(record).toHaveAccessibleDescription(`Designation is blocked. ${gulfPartiesNoList.message}`);
    // The gate is designation's alone.
    await user.selectOptions(within(decision).getByRole('combobox', { name: 'Decision' }), 'not_designated');
    expect(record).toBeEnabled();
    expect(within(decision).queryByRole('status')).not.toBeInTheDocument();
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('review tab: applicant', () => {
  it('has no review tab; its outcome shows numbered reviewers and no agency position, and never asks for them', async () => {
    const api = stubApi({
      [`GET ${ASEAN}`]: ok(aseanAsApplicant),
      [`GET ${ASEAN}/debrief`]: ok(aseanDebrief),
      [`GET ${ASEAN}/package`]: ok(aseanPackage),
      // Were the page to ask, it would be handed the government's view.
      [`GET ${ASEAN}/reviews`]: ok(aseanPanel),
      [`GET ${ASEAN}/consultations`]: ok(aseanConsultations),
      [`GET ${ASEAN}/recommendation/evidence`]: ok(aseanEvidence),
    });
    const { user } = renderAs(users.designatedAnchor, <ProposalPage id={aseanAsApplicant.id} />);
    await screen.findByRole('heading', { level: 1, name: aseanAsApplicant.title });
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Package', 'Outcome', 'Buyers', 'Narratives', 'Documents', 'History']);

    await user.click(screen.getByRole('tab', { name: 'Outcome' }));
    const debrief = await screen.findByRole('region', { name: 'Outcome: Designated' });
    expect(within(debrief).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Criterion', 'Mean', 'Reviewer 1', 'Reviewer 2', 'Reviewer 3']);
    expect(within(debrief).getByText('Annual US-content re-certification')).toBeInTheDocument();
    expect(await screen.findByRole('region', { name: 'Designated package: Active' })).toBeInTheDocument();

    const page = document.body.textContent;
    for (const a of aseanPanel.assignments) expect(page).not.toContain(a.reviewer.name);
    for (const c of aseanConsultations.items) expect(page).not.toContain(c.rationale);
    expect(page).not.toContain('Concur with conditions');
    expect(api.requests.map((r) => r.path).filter((p) => /reviews|consultations|evidence/.test(p))).toEqual([]);
  });

  it.each([
    ['an applicant', users.designatedAnchor],
    ['a consulted reviewer', users.reviewer],
  ])('GovernmentReview shows %s nothing and asks for nothing, even when the panel, positions and evidence are at hand', async (_, who) => {
    const api = stubApi({});
    renderAs(
      who,
      <div data-testid="host">
        <GovernmentReview p={aseanAsApplicant} onProposal={() => {}} />
      </div>,
      { cached: { [`${ASEAN}/reviews`]: aseanPanel, [`${ASEAN}/consultations`]: aseanConsultations, [`${ASEAN}/recommendation/evidence`]: aseanEvidence } },
    );
    const host = await screen.findByTestId('host');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(host).toBeEmptyDOMElement();
    expect(api.requests).toEqual([]);
  });
});
