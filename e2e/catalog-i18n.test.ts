// The public catalog in other languages, in Chromium on the demo data: a French browser gets the
// French page, a switch to Spanish survives a reload, and the Arabic page is laid out right to left
// (mirrored header, map not mirrored) and the package's page shows the consortium's Arabic title and
// its offer, with full-page screenshots for a human look.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleErrors, HAS_CHROMIUM, useBrowserEnv } from './browser.ts';

const SCREENSHOTS = 'test-results';
/** The demo ASEAN package's title as its consortium translated it into Arabic. */
const ASEAN_AR_TITLE = 'الذكاء الاصطناعي للحكومة الرقمية في وزارات دول آسيان';

/** Where an element starts and ends horizontally, relative to the page. */
async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return { left: b.x, right: b.x + b.width, width: b.width };
}

describe.skipIf(!HAS_CHROMIUM)('the public catalog in other languages, in Chromium', () => {
  const { env } = useBrowserEnv();

  it('a French browser gets the French catalog; Español chosen in the switcher survives a reload', async () => {
    const context = await env().browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    try {
      await page.goto(`${env().baseUrl}/catalog`);
      await page.getByRole('heading', { level: 1, name: 'Offres prioritaires d’exportation d’IA' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await page.locator('ul.catalog > li').first().waitFor();
      expect(await page.getByRole('combobox', { name: 'Pays', exact: true }).locator('option').first().textContent()).toBe('Tous');

      await page.getByRole('combobox', { name: 'Langue' }).selectOption('es');
      await page.getByRole('heading', { level: 1, name: 'Paquetes prioritarios de exportación de IA' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Paquetes prioritarios de exportación de IA' }).waitFor();
      expect(await page.getByRole('combobox', { name: 'Idioma' }).inputValue()).toBe('es');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the Arabic catalog is laid out right to left, its map is not mirrored, and a screenshot is kept', async () => {
    const context = await env().browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    try {
      await page.goto(`${env().baseUrl}/catalog`);
      await page.getByRole('heading', { level: 1, name: 'Priority AI Export Packages' }).waitFor();
      const country = page.locator('.map path.targeted').first();
      await country.waitFor();
      const code = await country.getAttribute('data-country');
      const ltr = { heading: await box(page, 'h1'), switcher: await box(page, '.language-switcher select'), map: await box(page, '.map svg'), country: await box(page, `.map path[data-country="${code}"]`) };
      // In English the header reads left to right: title at the left, the language switch after it.
      expect(ltr.switcher.left).toBeGreaterThan(ltr.heading.right);

      await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
      await page.getByRole('heading', { level: 1, name: 'حزم تصدير الذكاء الاصطناعي ذات الأولوية' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      await page.locator('ul.catalog > li').first().waitFor();
      const rtl = { heading: await box(page, 'h1'), switcher: await box(page, '.language-switcher select'), map: await box(page, '.map svg'), country: await box(page, `.map path[data-country="${code}"]`) };
      // Mirrored: the title now starts at the right and the switch sits to its left.
      expect(rtl.switcher.right).toBeLessThan(rtl.heading.left);
      expect(rtl.heading.right).toBeGreaterThan(ltr.heading.right);
      // The map is geography: the country sits at the same place in it either way.
      expect(Math.abs(rtl.country.left - rtl.map.left - (ltr.country.left - ltr.map.left))).toBeLessThan(1);

      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = join(SCREENSHOTS, 'catalog-ar.png');
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(0);

      // The ASEAN package's page: the consortium's Arabic title with its note, and its offer in Arabic.
      await page.getByRole('link', { name: ASEAN_AR_TITLE, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: ASEAN_AR_TITLE }).waitFor();
      expect(await page.getByText('العنوان والملخص مقدَّمان من التحالف').count()).toBeGreaterThan(0);
      const offer = page.getByRole('region', { name: 'ما تقدّمه هذه الحزمة' });
      await offer.waitFor();
      expect(await offer.textContent()).toContain('سحابة سيادية');
      await page.screenshot({ path: join(SCREENSHOTS, 'catalog-package-ar.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
