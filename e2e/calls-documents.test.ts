// Calls, narratives and documents in Chromium: the anchor of a consortium writes the narratives of a
// proposal to an open call (one section marked business-confidential), uploads attachments — a BCI
// one with its public version — and submits; an assigned reviewer reads the narratives as submitted
// and downloads a document. The proposal PDF and the FOIA export are offered to whom they belong.
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { factoryPackage } from '../src/server/test/factories.ts';
import { apiAs, HAS_CHROMIUM, serverErrors, useBrowserEnv } from './browser.ts';

const pdfBytes = (text: string) => Buffer.from(`%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${text}\n${' '.repeat(400)}\n%%EOF\n`, 'latin1');

/** Clicks save and waits for the section's saving answer (the editor starts afresh on the saved revision). */
async function saved(page: Page, section: string, click: () => Promise<void>) {
  const answer = page.waitForResponse((r) => r.url().endsWith(`/narratives/${section}`) && r.request().method() === 'PUT');
  await click();
  expect((await answer).status()).toBe(200);
}

describe.skipIf(!HAS_CHROMIUM)('calls, narratives and documents in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('the anchor writes narratives, uploads attachments with a public version, marks BCI and submits; a reviewer reads and downloads them', { timeout: 240_000 }, async () => {
    const base = env().baseUrl;
    // The scene: an open call, and a consortium with a certified draft answering it.
    const po = await apiAs(base, 'program.officer@ita.example');
    const call = await po.post('/api/v1/calls', {
      title: 'Sovereign AI for agriculture 2027',
      summary: 'Packages that bring AI to farming cooperatives.',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      requirements: {
        sections: [
          { key: 'approach', title: 'Technical approach', maxWords: 500, required: true },
          { key: 'pricing', title: 'Pricing and terms', maxWords: 500, required: true },
        ],
        attachmentTypes: [{ key: 'plan', title: 'Project plan', required: true, maxBytes: 1_000_000, mimeTypes: ['application/pdf'], publicVersionRequiredIfBci: true }],
        bciJustificationRequired: true,
      },
    });
    await po.post(`/api/v1/calls/${call.id}/publish`, { version: call.version });

    const anchorApi = await apiAs(base, 'anchor@northstar.example');
    const memberApi = await apiAs(base, 'member@pampa.example');
    const consortium = await anchorApi.post('/api/v1/consortia', { name: 'Northstar Pampa Agri AI', layerRoles: ['infrastructure', 'model', 'security'] });
    await anchorApi.post(`/api/v1/consortia/${consortium.id}/invitations`, { orgId: 'org-pampa', layerRoles: ['data', 'application'] });
    await memberApi.post(`/api/v1/consortia/${consortium.id}/invitation/accept`);
    const proposal = await anchorApi.post('/api/v1/proposals', { consortiumId: consortium.id, callId: call.id, title: 'Pampa cooperative AI', summary: 'AI for cooperatives.', package: factoryPackage() });
    const kinds = ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'];
    await anchorApi.post(`/api/v1/proposals/${proposal.id}/certifications`, { kinds });
    await memberApi.post(`/api/v1/proposals/${proposal.id}/certifications`, { kinds });

    // The anchor, in the browser.
    const anchor = await login('anchor@northstar.example');
    const page = anchor.page;
    const failures = serverErrors(page);
    await page.goto(`${base}/proposals/${proposal.id}`);
    await page.getByRole('heading', { name: 'Pampa cooperative AI' }).waitFor();

    await page.getByRole('tab', { name: 'Narratives' }).click();
    const approach = page.getByRole('article', { name: /^Technical approach/ });
    await approach.getByLabel('Text (Markdown)').fill('## Plan\n\nWe deploy **edge models** on cooperative servers.\n\n- soil sensing\n- yield forecasts');
    await saved(page, 'approach', () => approach.getByRole('button', { name: 'Save section' }).click());
    const pricing = page.getByRole('article', { name: /^Pricing and terms/ });
    await pricing.getByLabel('Text (Markdown)').fill('Unit price: USD 41,000 per cooperative, volume discount 12 %.');
    await pricing.getByLabel(/Business-confidential information/).check();
    await pricing.getByLabel(/Why this section is business-confidential/).fill('Prices are commercially sensitive.');
    await saved(page, 'pricing', () => pricing.getByRole('button', { name: 'Save section' }).click());
    await expect.poll(() => pricing.textContent()).toContain('BCI');

    await page.getByRole('tab', { name: 'Documents' }).click();
    const form = page.getByRole('form', { name: 'Add a document' });
    await form.getByLabel('Title').fill('Project plan with budget');
    await form.getByLabel(/Holds business-confidential information/).check();
    await form.getByLabel(/Why it is confidential/).fill('Budget lines per supplier.');
    await form.getByLabel('File').setInputFiles({ name: 'plan-full.pdf', mimeType: 'application/pdf', buffer: pdfBytes('full plan with budget') });
    await form.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('“Project plan with budget” uploaded.').waitFor();
    const documents = page.getByRole('region', { name: 'Documents of the proposal' });
    await documents.getByRole('link', { name: 'plan-full.pdf' }).waitFor();
    // The public (redacted) version, from the document's details.
    await page.locator('summary', { hasText: 'Project plan with budget' }).click();
    await page.getByLabel('Public (redacted) version of “Project plan with budget”').setInputFiles({ name: 'plan-public.pdf', mimeType: 'application/pdf', buffer: pdfBytes('public plan') });
    await page.getByText('Public version of “Project plan with budget” uploaded.').waitFor();
    await documents.getByRole('link', { name: 'plan-public.pdf' }).waitFor();
    expect(await documents.getByRole('row', { name: /Project plan with budget/ }).textContent()).toContain('BCI');

    // The PDF of the proposal is offered; the FOIA export is not (it is the program office's).
    expect(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(`/api/v1/proposals/${proposal.id}/pdf`);
    expect(await page.getByRole('link', { name: 'FOIA export' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Submit proposal' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Submit proposal' }).click();
    await page.getByText('Submitted. The proposal is now read-only.').waitFor();
    expect(failures).toEqual([]);
    await anchor.close();

    // The program office starts eligibility and assigns a reviewer, who declares no conflict.
    await po.post(`/api/v1/proposals/${proposal.id}/transitions`, { action: 'start_eligibility' });
    const admin = await apiAs(base, 'admin@aiep.example');
    const reviewerId = (await admin.get('/api/v1/users')).items.find((u: { email: string }) => u.email === 'reviewer@state.example').id;
    await po.post(`/api/v1/proposals/${proposal.id}/reviews`, { reviewerIds: [reviewerId] });
    const assignment = (await po.get(`/api/v1/proposals/${proposal.id}/reviews`)).assignments.find((a: { reviewer: { id: string } }) => a.reviewer.id === reviewerId);
    const reviewerApi = await apiAs(base, 'reviewer@state.example');
    await reviewerApi.post(`/api/v1/reviews/${assignment.id}/conflict-of-interest`, { conflict: false, statement: 'None.' });

    // The reviewer reads the narratives as submitted and downloads the plan.
    const reviewer = await login('reviewer@state.example');
    const rpage = reviewer.page;
    const rfailures = serverErrors(rpage);
    await rpage.goto(`${base}/proposals/${proposal.id}`);
    await rpage.getByRole('heading', { name: 'Pampa cooperative AI' }).waitFor();
    await rpage.getByRole('tab', { name: 'Narratives' }).click();
    await rpage.getByText('The texts as the consortium last submitted them.').waitFor();
    const readApproach = rpage.getByRole('article', { name: /^Technical approach/ });
    await expect.poll(() => readApproach.textContent()).toContain('edge models');
    expect(await readApproach.locator('li').allTextContents()).toEqual(['soil sensing', 'yield forecasts']);
    const readPricing = rpage.getByRole('article', { name: /^Pricing and terms/ });
    await expect.poll(() => readPricing.textContent()).toContain('USD 41,000');
    expect(await readPricing.textContent()).toContain('BCI');

    await rpage.getByRole('tab', { name: 'Documents' }).click();
    const link = rpage.getByRole('region', { name: 'Documents of the proposal' }).getByRole('link', { name: 'plan-full.pdf' });
    await link.waitFor();
    const [download] = await Promise.all([rpage.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('plan-full.pdf');
    const res = await rpage.request.get(`${base}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect((await res.body()).toString('latin1')).toContain('full plan with budget');
    // The proposal PDF downloads for the reviewer too.
    const pdf = await rpage.request.get(`${base}/api/v1/proposals/${proposal.id}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(await rpage.getByRole('link', { name: 'FOIA export' }).count()).toBe(0);
    expect(rfailures).toEqual([]);
    await reviewer.close();

    // The program office gets the FOIA export of the public material.
    const officer = await login('program.officer@ita.example');
    await officer.page.goto(`${base}/proposals/${proposal.id}`);
    const foia = officer.page.getByRole('link', { name: 'FOIA export' });
    await foia.waitFor();
    const zip = await officer.page.request.get(`${base}${await foia.getAttribute('href')}`);
    expect(zip.status()).toBe(200);
    expect(zip.headers()['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zip.body()));
    for (const [name, content] of Object.entries(files)) {
      expect(Buffer.from(content).toString('latin1'), name).not.toContain('full plan with budget');
      expect(Buffer.from(content).toString('latin1'), name).not.toContain('41,000');
    }
    expect(Object.values(files).some((f) => Buffer.from(f).toString('latin1').includes('public plan'))).toBe(true);
    expect(strFromU8(files['manifest.json']!)).toContain('Pricing and terms');
    await officer.close();
  });
});
