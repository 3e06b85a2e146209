import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, startBrowserEnv, type BrowserEnv } from './browser.ts';

const FIXTURE = readFileSync(new URL('../src/server/modules/screening/__fixtures__/csl_test_v1.csv', import.meta.url), 'utf8');

describe.skipIf(!HAS_CHROMIUM)('party screening in Chromium', () => {
  let env: BrowserEnv;

  beforeAll(async () => {
    env = await startBrowserEnv();
    // Scene: an administrator imports a small CSL file and activates it at once.
    const login = await fetch(`${env.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@aiep.example', password: 'demo-password-2026' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const res = await fetch(`${env.baseUrl}/api/v1/lists/import?fileName=csl_test_v1.csv&activate=true`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'text/csv' }, body: FIXTURE });
    if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
  }, 120_000);
  afterAll(async () => env?.close());

  it('a compliance officer searches a name and sees an explained hit', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(env.baseUrl);
      await page.getByLabel('Email').fill('compliance@meridian.example');
      await page.getByLabel('Password').fill('demo-password-2026');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('heading', { name: 'Party screening' }).waitFor();
      await page.getByLabel('Name').fill('Shenzen Jade Holdings');
      await page.getByLabel('Country (ISO)').fill('CN');
      await page.getByRole('button', { name: 'Screen', exact: true }).click();
      const hit = page.locator('li.match').first();
      await hit.getByText('Shenzhen Jade Holdings Co., Ltd.').waitFor();
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
      await context.close();
    }
  });
});
