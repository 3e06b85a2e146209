// E-mail in the browser: a company user chooses which notifications reach them by e-mail (the
// choice survives a reload; mandatory kinds are listed apart), and the administrator reads what the
// worker sent to the development mailbox, and the outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevMailbox, stopDevMailbox } from '../src/server/modules/mail/mail.devbox.ts';
import { consoleErrors, HAS_CHROMIUM, serverErrors, useBrowserEnv } from './browser.ts';

describe.skipIf(!HAS_CHROMIUM)('e-mail in Chromium', () => {
  // The worker sends what the demo's notifications queued to the development mailbox, as the
  // all-in-one process does without an SMTP server (src/server/modules/mail/mail.startup.ts).
  const { login } = useBrowserEnv({ worker: true });
  beforeAll(async () => {
    await startDevMailbox(() => new Date().toISOString());
  });
  afterAll(async () => {
    await stopDevMailbox();
  });

  it('a company user changes their e-mail preferences', async () => {
    const { page, close } = await login('anchor@meridian.example');
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByRole('link', { name: 'E-mail settings' }).click();
      await page.getByRole('heading', { name: 'E-mail preferences' }).waitFor();
      const off = page.getByRole('radio', { name: 'Buyer interest: No e-mail' });
      const digest = page.getByRole('radio', { name: 'Export license expiring: Daily digest' });
      expect(await page.getByRole('radio', { name: 'Buyer interest: E-mail at once' }).isChecked()).toBe(true);
      // Mandatory kinds have no choice.
      expect(await page.getByRole('radio', { name: /^Designation decision/ }).count()).toBe(0);
      await page.getByRole('listitem').filter({ hasText: 'Designation decision' }).waitFor();
      await off.check();
      await digest.check();
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await page.getByText('Your e-mail preferences are saved.').waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'E-mail preferences' }).waitFor();
      await expect.poll(() => off.isChecked()).toBe(true);
      expect(await digest.isChecked()).toBe(true);
      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the administrator reads the development mailbox and the outbox', async () => {
    const { page, close } = await login('admin@aiep.example');
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByRole('link', { name: 'E-mail', exact: true }).click();
      await page.getByRole('heading', { name: 'Outbox' }).waitFor();
      await page.getByRole('heading', { name: 'Development mailbox' }).waitFor();
      // The demo's notifications, sent by the worker: poll until the first arrives.
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.getByRole('heading', { name: 'Development mailbox' }).waitFor();
            return page.locator('ul.dev-mail > li').count();
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      const first = page.locator('ul.dev-mail > li').first();
      await first.locator('summary').click();
      await expect.poll(() => first.innerText()).toMatch(/American AI Exports Program/);
      await page.getByLabel('Status').selectOption('sent');
      await page.getByRole('region', { name: 'Outbox' }).waitFor();
      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }
  });
});
