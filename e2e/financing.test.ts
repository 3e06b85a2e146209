import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, apiAs, useBrowserEnv } from './browser.ts';

describe.skipIf(!HAS_CHROMIUM)('EDAG financing in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('the EDAG coordinator refers a request, a financing officer records an offer, and the portfolio totals and map follow', async () => {
    const anchor = await apiAs(env().baseUrl, 'anchor@cascade.example');
    const proposalId: string = (await anchor.get('/api/v1/proposals')).items[0].id;
    const deal = await anchor.post(`/api/v1/proposals/${proposalId}/deals`, { country: 'VN', buyerName: 'Vietnam e-Government Agency', buyerType: 'government', valueUsd: 30_000_000, sector: 'government_services', competitors: [] });

    const edag = await login('edag@state.example');
    await edag.page.getByRole('link', { name: 'Portfolio' }).click();
    await edag.page.getByTestId('indicative-total').waitFor();
    // The demo portfolio's own deals (one at each stage) are counted already.
    expect(await edag.page.getByTestId('indicative-total').textContent()).toBe('$23,000,000');
    expect(await edag.page.locator('path.targeted[data-country="VN"]').count()).toBe(1);
    await edag.page.getByRole('link', { name: 'Vietnam e-Government Agency' }).click();
    await edag.page.getByLabel('Agency').selectOption('EXIM');
    await edag.page.getByLabel('Instrument').selectOption('medium_term_guarantee');
    await edag.page.getByLabel('Requested (USD)').fill('20000000');
    await edag.page.getByRole('button', { name: 'Refer' }).click();
    await edag.page.getByText('Referred.').waitFor();
    await edag.page.locator('[data-request="EXIM"]').getByText('Referred').waitFor();
    await edag.close();

    const officer = await login('finance@exim.example');
    await officer.page.goto(`${env().baseUrl}/deals/${deal.id}`);
    await officer.page.getByRole('button', { name: 'Submit to agency' }).click();
    await officer.page.getByText('Submit to agency: done.').waitFor();
    await officer.page.getByLabel('Amount for EXIM').fill('18000000');
    await officer.page.getByRole('button', { name: 'Indicative offer' }).click();
    await officer.page.getByText('Indicative offer: done.').waitFor();
    await officer.page.getByRole('link', { name: 'Portfolio' }).first().click();
    await expect.poll(() => officer.page.getByTestId('indicative-total').textContent()).toBe('$41,000,000');
    expect(await officer.page.getByTestId('committed-total').textContent()).toBe('$42,000,000');
    expect(await officer.page.locator('path.targeted[data-country="VN"]').count()).toBe(1);
    await officer.close();

    const dfc = await login('finance@dfc.example');
    await dfc.page.getByRole('link', { name: 'Portfolio' }).click();
    await expect.poll(() => dfc.page.getByTestId('indicative-total').textContent()).toBe('$0');
    expect(await dfc.page.locator('path.targeted[data-country="VN"]').count()).toBe(0);
    await dfc.close();
  }, 180_000);

  it('each financing desk starts from its home page: the EDAG coordinator moves a deal’s stage and corrects advocacy, a financing officer finds the requests awaiting the agency', async () => {
    const edag = await login('edag@state.example');
    const packages = edag.page.getByRole('region', { name: 'Designated packages and their deals' });
    await packages.getByRole('link', { name: 'Cambodia Ministry of Post and Telecommunications' }).click();
    await edag.page.getByRole('heading', { level: 1, name: /Cambodia Ministry of Post and Telecommunications/ }).waitFor();
    const history = edag.page.getByRole('table', { name: 'Stage history, oldest first' });
    await history.getByText('Deal opened').waitFor();
    const move = edag.page.getByRole('form', { name: 'Move the stage' });
    await move.getByLabel('New stage').selectOption('advocacy');
    await move.getByLabel('Reason').fill('The embassy has begun advocacy with the ministry.');
    await move.getByRole('button', { name: 'Move stage' }).click();
    await edag.page.getByText('Moved to Advocacy.').waitFor();
    await history.getByText('The embassy has begun advocacy with the ministry.').waitFor();
    expect(await history.getByRole('row').count()).toBe(3);

    const record = edag.page.getByRole('form', { name: 'Record an advocacy action' });
    await record.getByLabel('Kind').selectOption('meeting');
    await record.getByLabel('Date').fill('2026-11-10');
    await record.getByLabel('What happened').fill('Counselor met the minister.');
    await record.getByRole('button', { name: 'Record advocacy' }).click();
    await edag.page.getByText('Advocacy recorded.').waitFor();
    await edag.page.getByRole('button', { name: 'Edit the meeting of 2026-11-10' }).click();
    const correct = edag.page.getByRole('form', { name: 'Correct the meeting of 2026-11-10' });
    await correct.getByLabel('What happened').fill('Counselor and ambassador met the minister.');
    await correct.getByRole('button', { name: 'Save correction' }).click();
    await edag.page.getByText('Advocacy corrected.').waitFor();
    await edag.page.getByText(/Counselor and ambassador met the minister\./).waitFor();

    // Home again: the deal's new stage is in the package's list.
    await edag.page.getByRole('link', { name: 'Home' }).click();
    const row = packages.getByRole('row', { name: /Cambodia Ministry of Post and Telecommunications/ });
    await row.getByText('Advocacy').waitFor();
    await edag.close();

    const officer = await login('finance@exim.example');
    const work = officer.page.getByRole('region', { name: 'Financing requests in progress at EXIM' });
    const indonesia = work.getByRole('row', { name: /Indonesia Ministry of Communication and Digital Affairs/ });
    await indonesia.getByText('Submit to agency').waitFor();
    // Only EXIM's requests: the DFC request in the Philippines is not there.
    expect(await work.getByText(/Philippine Department of Information/).count()).toBe(0);
    await indonesia.getByRole('link').click();
    await officer.page.getByRole('button', { name: 'Submit to agency' }).click();
    await officer.page.getByText('Submit to agency: done.').waitFor();
    await officer.close();

    const anchor = await login('anchor@cascade.example');
    await anchor.page.goto(`${env().baseUrl}/monitoring`);
    await anchor.page.getByRole('heading', { level: 1, name: 'Monitoring reports' }).waitFor();
    await anchor.close();
  }, 180_000);
});
