import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, apiAs, useBrowserEnv } from './browser.ts';

describe.skipIf(!HAS_CHROMIUM)('review and designation in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('a program officer assigns reviewers, a reviewer scores, the decision official designates, and the catalog shows it on the map', async () => {
    // Scene: the agriculture proposal answered the program office's questions and is under review.
    const anchor = await apiAs(env().baseUrl, 'anchor@prairiesignal.example');
    const id: string = (await anchor.get('/api/v1/proposals')).items[0].id;
    await anchor.post(`/api/v1/proposals/${id}/submit`, {});
    const po = await apiAs(env().baseUrl, 'program.officer@ita.example');
    await po.post(`/api/v1/proposals/${id}/transitions`, { action: 'start_eligibility' });
    // Review starts on a complete eligibility checklist.
    const checklist = await po.get(`/api/v1/proposals/${id}/eligibility`);
    await po.put(`/api/v1/proposals/${id}/eligibility`, { answers: checklist.criteria.map((c: { id: string }) => ({ criterionId: c.id, answer: 'met' })) });
    await po.post(`/api/v1/proposals/${id}/transitions`, { action: 'start_review' });

    const officer = await login('program.officer@ita.example');
    // The queue shows what decides the next step, and leads to the proposal.
    await officer.page.getByRole('combobox', { name: /^State/ }).selectOption('under_review');
    const row = officer.page.getByRole('row', { name: /Andes–Pampa Agriculture AI Partnership/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[3]).toBe('Yes');
    expect(cells[5]).toMatch(/^(Clear|License required|Needs information)$/);
    expect(cells[6]).toBe('None assigned');
    await row.getByRole('link').click();
    await officer.page.waitForURL(`${env().baseUrl}/proposals/${id}`);
    await officer.page.getByRole('tab', { name: 'Review' }).click();
    for (const name of ['Robin Okafor', 'Taylor Kim', 'Drew Castillo']) await officer.page.getByLabel(new RegExp(name)).check();
    await officer.page.getByRole('button', { name: 'Assign selected reviewers' }).click();
    await officer.page.getByText('Reviewers assigned.').waitFor();
    await officer.page.getByRole('button', { name: 'Consult State, War, Energy and OSTP' }).click();
    await officer.page.getByText('Consultations requested.').waitFor();
    await officer.close();

    const reviewer = await login('reviewer@state.example');
    await reviewer.page.getByRole('link', { name: 'Andes–Pampa Agriculture AI Partnership' }).click();
    await reviewer.page.getByText(/Before you see the proposal/).waitFor();
    expect(await reviewer.page.getByRole('link', { name: /Precision Agriculture/ }).count()).toBe(0);
    await reviewer.page.getByRole('button', { name: 'I have no conflict of interest' }).click();
    const criteria = reviewer.page.getByRole('combobox', { name: /^Score for/ });
    await criteria.first().waitFor();
    for (const select of await criteria.all()) await select.selectOption('4');
    await reviewer.page.getByRole('button', { name: 'Submit review' }).click();
    await reviewer.page.getByRole('alertdialog', { name: 'Submit your review?' }).getByRole('button', { name: 'Submit review' }).click();
    await reviewer.page.getByText('Review submitted.').waitFor();
    await reviewer.close();

    // The two other reviewers, the four agencies and the recommendation, through the API.
    const rubric = (await po.get('/api/v1/rubric')).criteria as { key: string }[];
    for (const email of ['reviewer@energy.example', 'reviewer@war.example']) {
      const r = await apiAs(env().baseUrl, email);
      const a = (await r.get('/api/v1/reviews')).items.find((x: { consortium: string }) => x.consortium.startsWith('Andes'));
      await r.post(`/api/v1/reviews/${a.id}/conflict-of-interest`, { conflict: false, statement: '' });
      await r.put(`/api/v1/reviews/${a.id}`, { scores: Object.fromEntries(rubric.map((c) => [c.key, { score: 4, comment: '' }])), submit: true });
    }
    for (const email of ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example', 'reviewer@ostp.example']) {
      const r = await apiAs(env().baseUrl, email);
      const c = (await r.get(`/api/v1/proposals/${id}/consultations`)).items[0];
      const answer = email.includes('state') ? { position: 'concur_with_conditions', rationale: 'Acceptable with safeguards.', conditions: ['No onward transfer of model weights', 'Annual end-use report'] } : { position: 'concur', rationale: 'Consistent with our priorities.' };
      await r.put(`/api/v1/consultations/${c.id}`, answer);
    }

    // A second State reviewer changes State's answer: a revision with a reason, the first answer kept.
    const state2 = await login('reviewer2@state.example');
    await state2.page.goto(`${env().baseUrl}/proposals/${id}`);
    const consultation = state2.page.getByRole('region', { name: 'Consultation of STATE' });
    const revise = consultation.getByRole('group', { name: 'Revise (reason required)' });
    expect(await revise.getByLabel('Conditions (one per line)').inputValue()).toBe('No onward transfer of model weights\nAnnual end-use report');
    await revise.getByLabel('Position').selectOption('concur');
    await revise.getByLabel('Rationale').fill('The license terms carry the safeguards.');
    await revise.getByLabel('Conditions (one per line)').fill('');
    expect(await revise.getByRole('button', { name: 'Record revision' }).isDisabled()).toBe(true);
    await revise.getByLabel('Reason for the change').fill('Safeguards moved into the license.');
    await revise.getByRole('button', { name: 'Record revision' }).click();
    await consultation.getByText('Revision recorded.').waitFor();
    await consultation.getByRole('list', { name: 'Earlier answers of STATE' }).getByText('No onward transfer of model weights').waitFor();
    await state2.close();
    await po.post(`/api/v1/proposals/${id}/recommendation`, { recommendation: 'designate', rationale: 'Strong across the rubric.' });
    await po.post(`/api/v1/proposals/${id}/transitions`, { action: 'send_to_decision' });

    const decider = await login('decision@ita.example');
    await decider.page.goto(`${env().baseUrl}/proposals/${id}`);
    // The top "Designate" button opens the decision form (it used to answer 400).
    await decider.page.getByRole('toolbar', { name: 'Proposal actions' }).getByRole('button', { name: 'Designate', exact: true }).click();
    const decisionField = decider.page.getByRole('combobox', { name: 'Decision' });
    await expect.poll(() => decider.page.locator('select:focus').getAttribute('aria-label')).toBe('Decision');
    expect(await decisionField.inputValue()).toBe('designated');
    // The record the decision rests on: the recommendation and its rationale, State's answer and the one it replaced.
    await decider.page.getByRole('region', { name: 'Program office recommendation: Designate' }).getByText('Strong across the rubric.').waitFor();
    const stateRow = decider.page.getByRole('region', { name: 'Interagency consultations' }).getByRole('row', { name: /^STATE/ });
    await stateRow.getByText(/reason for the change: “Safeguards moved into the license\.”/).waitFor();
    await stateRow.getByRole('list', { name: 'Earlier answers of STATE' }).getByText('Annual end-use report').waitFor();
    await decider.page.getByRole('region', { name: 'Recommendation evidence' }).getByText(/^Compliance matrix:/).waitFor();
    await decider.page.getByLabel('National-interest determination').fill('Advances US agricultural AI in the Southern Cone.');
    await decider.page.getByLabel('Public catalog description').fill('Precision agriculture AI for cooperatives in Argentina and Brazil.');
    await decider.page.getByRole('checkbox', { name: 'Agriculture' }).check();
    await decider.page.getByRole('button', { name: 'Record decision' }).click();
    const ask = decider.page.getByRole('alertdialog', { name: 'Designate this package?' });
    await ask.getByRole('button', { name: 'Designate' }).click();
    await decider.page.locator('.badge', { hasText: 'Designated' }).waitFor();

    await decider.page.goto(`${env().baseUrl}/catalog`);
    await decider.page.getByRole('heading', { name: 'Precision Agriculture AI for Argentina and Brazil' }).waitFor();
    await decider.page.getByLabel('Sector').selectOption('agriculture');
    await decider.page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => decider.page.locator('ul.catalog > li').count()).toBe(1);
    expect(await decider.page.locator('path.targeted[data-country="AR"]').count()).toBe(1);
    expect(await decider.page.locator('path.targeted[data-country="BR"]').count()).toBe(1);
    expect(await decider.page.locator('path.targeted[data-country="SG"]').count()).toBe(0);
    await decider.close();
  }, 180_000);
});
