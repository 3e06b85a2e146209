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
    expect(await edag.page.getByTestId('indicative-total').textContent()).toBe('$0');
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
    await expect.poll(() => officer.page.getByTestId('indicative-total').textContent()).toBe('$18,000,000');
    expect(await officer.page.getByTestId('committed-total').textContent()).toBe('$0');
    expect(await officer.page.locator('path.targeted[data-country="VN"]').count()).toBe(1);
    await officer.close();

    const dfc = await login('finance@dfc.example');
    await dfc.page.getByRole('link', { name: 'Portfolio' }).click();
    await expect.poll(() => dfc.page.getByTestId('indicative-total').textContent()).toBe('$0');
    expect(await dfc.page.locator('path.targeted[data-country="VN"]').count()).toBe(0);
    await dfc.close();
  }, 180_000);
});
