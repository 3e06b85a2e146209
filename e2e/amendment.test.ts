import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, apiAs, useBrowserEnv } from './browser.ts';

describe.skipIf(!HAS_CHROMIUM)('amending a designated package in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('the anchor uploads an edited manifest, the program officer sees what changes and approves it', async () => {
    const api = await apiAs(env().baseUrl, 'anchor@cascade.example');
    const proposal = (await api.get('/api/v1/proposals')).items.find((p: { state: string }) => p.state === 'designated');
    const manifest = await api.get(`/api/v1/proposals/${proposal.id}/manifest`);
    const edited = { ...manifest, package: { ...manifest.package, targetMarkets: [...manifest.package.targetMarkets, { kind: 'country', code: 'JP' }] } };

    const anchor = await login('anchor@cascade.example');
    await anchor.page.goto(`${env().baseUrl}/proposals/${proposal.id}`);
    await anchor.page.getByRole('tab', { name: 'Outcome' }).click();
    await anchor.page.getByLabel('What changes').fill('Add Japan as a market.');
    await anchor.page.getByLabel(/Amended package/).setInputFiles({ name: 'amended.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)) });
    await anchor.page.getByText(/Package file read/).waitFor();
    await anchor.page.getByRole('button', { name: 'Request amendment' }).click();
    await anchor.page.getByText('Amendment requested.').waitFor();
    await anchor.page.getByText('Markets added: JP').waitFor();
    await anchor.close();

    const officer = await login('program.officer@ita.example');
    await officer.page.goto(`${env().baseUrl}/proposals/${proposal.id}`);
    await officer.page.getByRole('tab', { name: 'Outcome' }).click();
    await officer.page.getByText('Markets added: JP').waitFor();
    await officer.page.getByRole('button', { name: 'Approve amendment' }).click();
    await officer.page.getByText('Amendment approved.').waitFor();
    await officer.close();

    const after = await api.get(`/api/v1/proposals/${proposal.id}`);
    expect(after.countries).toContain('JP');
    expect(after.revision).toBe(proposal.revision + 1);
  }, 120_000);
});
