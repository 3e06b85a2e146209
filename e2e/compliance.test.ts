import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, useBrowserEnv } from './browser.ts';

describe.skipIf(!HAS_CHROMIUM)('compliance matrix in Chromium', () => {
  const { login } = useBrowserEnv();
  let page: Page;

  it('a compliance officer opens the Gulf matrix, a cell’s reasons and citations, and records a license', async () => {
    ({ page } = await login('compliance@meridian.example'));
    await page.getByRole('link', { name: /Sovereign AI Cloud for the UAE and Saudi Arabia/ }).first().click();
    await page.getByRole('heading', { name: 'Sovereign AI Cloud for the UAE and Saudi Arabia' }).waitFor();
    await page.getByRole('link', { name: 'Compliance matrix' }).click();
    await page.getByRole('heading', { name: 'Compliance matrix' }).waitFor();

    // Status is written out in every square, not shown by colour alone.
    const cell = page.getByRole('button', { name: 'Data-center GPU accelerators (H-class) to United Arab Emirates: License required' });
    await expect.poll(() => cell.textContent()).toContain('License required');
    await cell.click();
    const details = page.getByRole('region', { name: 'Data-center GPU accelerators (H-class) → United Arab Emirates' });
    await details.waitFor();
    await expect.poll(() => details.locator('cite').first().textContent()).toMatch(/15 CFR 742\.6/);
    expect(await cell.getAttribute('aria-expanded')).toBe('true');

    // The square's button pre-fills the license tracker.
    await details.getByRole('button', { name: 'Record a license for this square' }).click();
    const tracker = page.getByRole('region', { name: 'License tracker' });
    await tracker.getByLabel('Conditions (one per line)').fill('No re-export without authorization');
    await tracker.getByRole('button', { name: 'Add license record' }).click();
    await tracker.getByText('License record added.').waitFor();
    await expect.poll(() => cell.textContent()).toContain('1 license record(s)');

    // Reports are linked for download.
    expect(await page.getByRole('link', { name: 'Download PDF report' }).getAttribute('href')).toMatch(/\/compliance\.pdf$/);
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toMatch(/\/compliance\.csv$/);

    // The classification helper.
    const helper = page.getByRole('region', { name: 'Classification helper' });
    await helper.getByLabel('Total processing performance (TPP)').fill('5000');
    await helper.getByRole('button', { name: 'Suggest ECCN' }).click();
    await expect.poll(() => helper.getByRole('status').textContent()).toContain('3A090.a');
  });
});
