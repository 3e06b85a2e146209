import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, useBrowserEnv } from './browser.ts';

describe.skipIf(!HAS_CHROMIUM)('package builder in Chromium', () => {
  const { login } = useBrowserEnv();
  let page: Page;

  async function addComponent(layer: string, name: string, value: string, usShare: string) {
    await page.getByRole('button', { name: `Add ${layer} component` }).click();
    const row = page.getByRole('group', { name: new RegExp(`^${layer} component`) }).last();
    await row.getByLabel('Name', { exact: true }).fill(name);
    await row.getByLabel('Unit value (USD)').fill(value);
    await row.getByLabel('US-origin share (%)').fill(usShare);
  }

  it('an applicant builds a package, sees what is missing, completes it, submits, and sees it read-only', async () => {
    ({ page } = await login('anchor@northstar.example'));
    await page.getByRole('heading', { name: 'Northstar Model Labs Inc.' }).waitFor();

    await page.getByLabel('New consortium name').fill('Northstar Andes Consortium');
    await page.getByRole('button', { name: 'Form consortium' }).click();
    await page.getByRole('heading', { name: 'Northstar Andes Consortium' }).waitFor();
    await page.getByRole('link', { name: 'Home' }).first().click();
    await page.getByRole('button', { name: 'New proposal for Northstar Andes Consortium' }).click();
    // The title comes first: nothing is created until there is one.
    const start = page.getByRole('form', { name: 'New proposal for Northstar Andes Consortium' });
    expect(await start.getByRole('button', { name: 'Create proposal' }).isDisabled()).toBe(true);
    await start.getByLabel('Title of the package').fill('Sovereign models for Chile');
    await start.getByRole('button', { name: 'Create proposal' }).click();
    await page.getByRole('heading', { name: 'Sovereign models for Chile' }).waitFor();

    const checklist = page.getByRole('region', { name: 'Completeness' });
    await expect.poll(() => checklist.locator('li[data-code="LAYER_MISSING"]').count()).toBe(5);
    await expect.poll(() => checklist.locator('li[data-code="NO_TARGET_MARKET"]').count()).toBe(1);
    await expect.poll(() => checklist.locator('li[data-code="NO_SUPPORT_REQUEST"]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Submit proposal' }).isDisabled()).toBe(true);

    await page.getByLabel('Title').fill('Sovereign models for Chile');
    await addComponent('infrastructure', 'Inference cluster', '2000000', '80');
    await addComponent('data', 'Spanish corpus pipeline', '300000', '100');
    await addComponent('model', 'Fine-tuned open-weight model', '500000', '100');
    await addComponent('security', 'Weight protection', '200000', '100');
    await addComponent('application', 'Citizen services assistant', '400000', '100');
    await expect.poll(() => checklist.locator('li[data-code="LAYER_MISSING"]').count()).toBe(0);
    await expect.poll(() => page.getByRole('meter').getAttribute('aria-valuenow')).toBe('80');

    await page.getByLabel('Country', { exact: true }).selectOption('CL');
    await page.getByRole('button', { name: 'Add market' }).click();
    for (const role of ['build', 'own', 'operate']) {
      await page.getByLabel(`CL ${role} entity name`).fill(`Chile ${role} SpA`);
      await page.getByLabel(`CL ${role} entity country`).fill('CL');
      await page.getByRole('button', { name: `Add ${role} entity for CL` }).click();
    }
    await page.getByRole('button', { name: 'Add support request' }).click();
    await page.getByLabel('Amount (USD)').fill('5000000');
    await page.getByLabel('Rationale (additionality)').fill('Commercial banks will not lend at this tenor in Chile.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();

    await expect.poll(() => checklist.locator('li').allTextContents()).toEqual([expect.stringMatching(/Northstar Model Labs Inc\. has not certified/)]);
    await page.getByRole('button', { name: /I certify all of the above/ }).click();
    await page.getByText('Complete: ready to submit.').waitFor();

    // Below the 51 % presumption the question warns; the applicant goes back and raises it.
    const infraShare = page.getByRole('group', { name: /^infrastructure component/ }).first().getByLabel('US-origin share (%)');
    await infraShare.fill('48');
    await page.getByRole('button', { name: 'Submit proposal' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Submit the proposal?' });
    await ask.getByText(/US content is 48\.0 %, below the 51\.0 %/).waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    await infraShare.fill('80');

    await page.getByRole('button', { name: 'Submit proposal' }).click();
    expect(await ask.getByRole('alert').count()).toBe(0);
    await ask.getByRole('button', { name: 'Submit proposal' }).click();
    await page.getByText('Submitted. The proposal is now read-only.').waitFor();
    await page.getByText(/This proposal is read-only/).waitFor();
    expect(await page.getByLabel('Title').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Add data component' }).count()).toBe(0);
    // A read-only package offers no removal: no "Remove component", "Remove request" or ×.
    expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '×' }).count()).toBe(0);
    expect(await page.locator('.badge').first().textContent()).toBe('Submitted');

    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByText(/Revision 1: “Sovereign models for Chile”/).waitFor();
  }, 120_000);
});
