// A visitor of the public catalog, in Chromium on the demo data: a search with a typo finds the
// ASEAN package, its own page has the interest form, sending it shows a reference number (and the
// consortium is told); the map filters by a country chosen with the keyboard.
import { describe, expect, it } from 'vitest';
import { apiAs, consoleErrors, HAS_CHROMIUM, useBrowserEnv } from './browser.ts';

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';

describe.skipIf(!HAS_CHROMIUM)('the public catalog, in Chromium', () => {
  const { env } = useBrowserEnv();

  it('a visitor searches with a typo, opens the package’s page and registers interest: a reference number is shown', async () => {
    const context = await env().browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    try {
      await page.goto(`${env().baseUrl}/catalog`);
      await page.getByRole('textbox', { name: 'Search' }).fill('philipines');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(`${env().baseUrl}/catalog?q=philipines`);
      const card = page.locator('ul.catalog > li', { hasText: ASEAN_TITLE });
      await card.waitFor();
      expect(await card.textContent()).toContain('Philippines');

      await card.getByRole('link', { name: ASEAN_TITLE, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: ASEAN_TITLE }).waitFor();
      const url = page.url();
      expect(url).toMatch(/\/catalog\/[\w-]+$/);
      const targets = await page.getByRole('list', { name: 'Target countries' }).getByRole('listitem').allTextContents();
      expect(targets).toContain('Philippines');
      expect(targets).toEqual([...targets].sort((a, b) => a.localeCompare(b, 'en')));

      const form = page.getByRole('form', { name: `Register interest in ${ASEAN_TITLE}` });
      await form.getByRole('textbox', { name: 'Organization' }).fill('Department of Information and Communications Technology');
      await form.getByRole('combobox', { name: 'Buyer country' }).selectOption('PH');
      await form.getByRole('textbox', { name: 'Contact email' }).fill('ai-office@dict.example');
      await form.getByRole('textbox', { name: 'Timeline' }).fill('2027');
      await form.getByRole('button', { name: 'Send to the program office' }).click();
      const confirmation = page.getByRole('status').filter({ hasText: 'Your reference number is' });
      await confirmation.waitFor();
      const reference = (await confirmation.textContent())!.match(/EOI-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/)?.[0];
      expect(reference).toBeTruthy();

      // The consortium's anchor is told, with the same reference.
      const anchor = await apiAs(env().baseUrl, 'anchor@cascade.example');
      const told = (await anchor.get('/api/v1/notifications')).items.map((n: { text: string }) => n.text);
      expect(told.some((t: string) => t.includes(reference!))).toBe(true);

      // The page's address is shareable: opened afresh, it shows the same package.
      const other = await context.newPage();
      await other.goto(url);
      await other.getByRole('heading', { level: 1, name: ASEAN_TITLE }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the map filters by a country chosen with the keyboard', async () => {
    const context = await env().browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    try {
      await page.goto(`${env().baseUrl}/catalog`);
      await page.locator('ul.catalog > li').first().waitFor();
      const philippines = page.getByRole('group', { name: /choose a country/ }).getByRole('button', { name: /^Philippines: / });
      await philippines.waitFor();
      // Tab from the top of the page until the Philippines has the focus (a bounded walk).
      const label = await philippines.getAttribute('aria-label');
      let reached = false;
      for (let i = 0; i < 60 && !reached; i++) {
        await page.keyboard.press('Tab');
        // A string, evaluated in the page: the server's TypeScript configuration has no DOM types.
        reached = (await page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")) === label;
      }
      expect(reached).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${env().baseUrl}/catalog?country=PH`);
      await page.locator('ul.catalog > li', { hasText: ASEAN_TITLE }).waitFor();
      expect(await philippines.getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByRole('combobox', { name: 'Country', exact: true }).inputValue()).toBe('PH');
      // Space on the chosen country shows every country again.
      await page.keyboard.press('Space');
      await page.waitForURL(`${env().baseUrl}/catalog`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
