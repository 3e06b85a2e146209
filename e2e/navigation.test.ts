import { describe, expect, it } from 'vitest';
import { consoleErrors, HAS_CHROMIUM, useBrowserEnv } from './browser.ts';

describe.skipIf(!HAS_CHROMIUM)('addresses, filters in the URL and Back, in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('an anonymous visitor: the login page, the catalog and an unknown address log no error; the catalog’s filters are in the URL and Back undoes them', async () => {
    const context = await env().browser.newContext();
    const page = await context.newPage();
    const errors = consoleErrors(page);
    try {
      // The session check answers a visitor without an error status, so the browser logs nothing.
      await page.goto(`${env().baseUrl}/`);
      await page.getByRole('button', { name: 'Log in' }).waitFor();
      await page.goto(`${env().baseUrl}/no/such/page`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      expect(await page.getByRole('button', { name: 'Log in' }).count()).toBe(0);

      await page.getByRole('link', { name: 'Browse the public catalog' }).click();
      await page.getByRole('heading', { name: 'Priority AI Export Packages' }).waitFor();
      await page.locator('ul.catalog > li').first().waitFor();
      const all = await page.locator('ul.catalog > li').count();
      await page.getByLabel('Sector').selectOption('agriculture');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(`${env().baseUrl}/catalog?sector=agriculture`);
      await expect.poll(() => page.getByText('No designated package matches.').count()).toBe(1);

      await page.goBack();
      await page.waitForURL(`${env().baseUrl}/catalog`);
      await expect.poll(() => page.locator('ul.catalog > li').count()).toBe(all);
      expect(await page.getByLabel('Sector').inputValue()).toBe('');

      // A shared link opens with its filters applied.
      await page.goto(`${env().baseUrl}/catalog?sector=agriculture`);
      expect(await page.getByLabel('Sector').inputValue()).toBe('agriculture');
      await page.getByText('No designated package matches.').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the program officer’s queue filter is in the URL: a reload keeps it, Back undoes it', async () => {
    const { page, close } = await login('program.officer@ita.example');
    // The queue's State filter (the market and region filters' options name countries such as the United States).
    const state = page.getByRole('combobox', { name: /^State/ });
    try {
      await state.selectOption('designated');
      await page.waitForURL(`${env().baseUrl}/?state=designated`);
      await page.getByRole('row', { name: /ASEAN/ }).waitFor();
      await page.reload();
      expect(await state.inputValue()).toBe('designated');
      await page.goBack();
      await page.waitForURL(`${env().baseUrl}/`);
      expect(await state.inputValue()).toBe('');
      // An unknown address inside the app is a 404 too, not the home page.
      await page.goto(`${env().baseUrl}/proposals/no-such-id/elsewhere`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    } finally {
      await close();
    }
  });
});
