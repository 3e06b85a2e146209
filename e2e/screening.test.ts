import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, apiAs, useBrowserEnv } from './browser.ts';

const FIXTURE = readFileSync(new URL('../src/server/modules/screening/__fixtures__/csl_test_v1.csv', import.meta.url), 'utf8');

describe.skipIf(!HAS_CHROMIUM)('party screening in Chromium', () => {
  const { env, login } = useBrowserEnv();

  beforeAll(async () => {
    // Scene: an administrator imports a small CSL file and activates it at once.
    const admin = await apiAs(env().baseUrl, 'admin@aiep.example');
    await admin.postText('/api/v1/lists/import?fileName=csl_test_v1.csv&activate=true', FIXTURE, 'text/csv');
  });

  it('a compliance officer searches a name and sees an explained hit', async () => {
    const { page, close } = await login('compliance@meridian.example');
    try {
      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('heading', { name: 'Party screening' }).waitFor();
      await page.getByLabel('Name').fill('Shenzen Jade Holdings');
      await page.getByLabel('Country (ISO)').fill('CN');
      const hit = page.locator('li.match').first();
      // The list was activated a moment ago: this process's index is rebuilt in the background while
      // the previous one answers (docs/operations.md, "The screening index"), so screen until the
      // answer comes from the new list.
      await expect
        .poll(
          async () => {
            await page.getByRole('button', { name: 'Screen', exact: true }).click();
            return hit.getByText('Shenzhen Jade Holdings Co., Ltd.').count();
          },
          { timeout: 20_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      const text = await hit.innerText();
      expect(text).toContain('EL');
      expect(text).toMatch(/license required/i);
      expect(text).toMatch(/score 0\.\d\d/);
      // The explanation aligns the query's tokens with the list's, each with its rule and similarity.
      const table = hit.getByRole('table', { name: 'Token alignment' });
      const rows = await table.locator('tbody tr').allInnerTexts();
      expect(rows.some((r) => /shenzen\s+shenzhen\s+\w+/.test(r))).toBe(true);
      expect(rows.some((r) => /holdings\s+holdings\s+exact/.test(r))).toBe(true);
      // Alerts and lists are one tab away; the compliance officer reads lists but may not import.
      await page.getByRole('tab', { name: 'Lists' }).click();
      await page.getByRole('heading', { name: /Consolidated Screening List/ }).waitFor();
      expect(await page.getByRole('button', { name: 'Import' }).count()).toBe(0);
    } finally {
      await close();
    }
  });
});
