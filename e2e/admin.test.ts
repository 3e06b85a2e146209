// The administrator's journey: imports a screening list file from the repository's fixtures through
// the Lists tab and activates it, imports the next version, compares and activates it, and screens
// against it; keeps an API key (created, used, revoked); and, on the users page, creates a user who
// then logs in, changes the user's roles and disables the user.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiAs, consoleErrors, HAS_CHROMIUM, serverErrors, useBrowserEnv } from './browser.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../src/server/modules/screening/__fixtures__/${name}`, import.meta.url));

describe.skipIf(!HAS_CHROMIUM)('the administrator in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('imports and activates screening lists, compares versions, and screens against the active one', async () => {
    const { page, close } = await login('admin@aiep.example');
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByRole('heading', { name: 'Department of Commerce — International Trade Administration' }).waitFor();
      await page.getByRole('table', { name: 'Proposal queue' }).getByRole('row', { name: /Digital Government AI for ASEAN Ministries/ }).waitFor();

      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('heading', { name: 'Party screening' }).waitFor();
      await page.getByRole('tab', { name: 'Lists' }).click();
      const importForm = page.getByRole('region', { name: 'Import a list file' });
      const importButton = importForm.getByRole('button', { name: 'Import' });
      expect(await importButton.isDisabled()).toBe(true);

      // The first file, activated at once.
      await importForm.getByLabel('File').setInputFiles(fixture('csl_test_v1.csv'));
      await importForm.getByLabel('Activate at once').check();
      await importButton.click();
      await importForm.getByText('Imported 5 entries of csl_test_v1.csv as a new version of CSL: it is now the active version.').waitFor();
      const csl = page.getByRole('region', { name: /Consolidated Screening List/ });
      const v1 = csl.getByRole('row', { name: /^csl_test_v1\.csv/ });
      await expect.poll(() => v1.innerText()).toMatch(/csl_test_v1\.csv\s+5\s+active/);

      // The next file, kept ready: compared with the active one, then activated.
      await importForm.getByLabel('File').setInputFiles(fixture('csl_test_v2.csv'));
      await importForm.getByLabel('Activate at once').uncheck();
      await importButton.click();
      await importForm.getByText('Imported 5 entries of csl_test_v2.csv as a new version of CSL. Activate it below to screen against it.').waitFor();
      const v2 = csl.getByRole('row', { name: /^csl_test_v2\.csv/ });
      await expect.poll(() => v2.innerText()).toMatch(/csl_test_v2\.csv\s+5\s+ready/);
      await v2.getByRole('button', { name: 'Diff with active' }).click();
      await csl.getByRole('heading', { name: 'csl_test_v1.csv → csl_test_v2.csv' }).waitFor();
      await csl.getByText('1 added, 1 removed, 1 changed, 3 unchanged.').waitFor();
      await csl.getByText(/Northwind Avionics LLC/).waitFor();
      await v2.getByRole('button', { name: 'Activate' }).click();
      await expect.poll(() => v2.innerText()).toMatch(/\bactive\b/);
      await expect.poll(() => v1.innerText()).toMatch(/\bsuperseded\b/);

      // The hand-off: screening answers from the list just activated (its index is rebuilt in the
      // background meanwhile, docs/operations.md "The screening index", so screen until it does).
      await page.getByRole('tab', { name: 'Search' }).click();
      await page.getByLabel('Name').fill('Northwind Avionics');
      await page.getByLabel('Country (ISO)').fill('BY');
      const hit = page.locator('li.match').first();
      await expect
        .poll(
          async () => {
            await page.getByRole('button', { name: 'Screen', exact: true }).click();
            return hit.getByText('Northwind Avionics LLC').count();
          },
          { timeout: 20_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      expect(await hit.innerText()).toContain('EL');

      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  it('creates an API key that reads and may not write, and revokes it', async () => {
    const { page, close } = await login('admin@aiep.example');
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByRole('heading', { name: 'API keys' }).waitFor();
      await page.getByText('No API keys yet.').waitFor();
      const form = page.getByRole('form', { name: 'Create an API key' });
      await form.getByLabel('Name').fill('Nightly portfolio export');
      await form.getByLabel('Scope').selectOption('read');
      await form.getByLabel('Expires after').selectOption('30');
      await form.getByRole('button', { name: 'Create key' }).click();
      await page.getByText(/Key Nightly portfolio export created; it expires .* Copy it now — it is not shown again/).waitFor();
      const key = (await page.getByTestId('new-api-key').textContent())!;
      const row = page.getByRole('row', { name: /^Nightly portfolio export/ });
      expect(await row.innerText()).toMatch(/read.*your login.*active/s);
      // The secret is shown once: the table shows only its prefix.
      expect(await row.innerText()).not.toContain(key);

      // The key works outside the browser, for reading only.
      const asKey = (method: string, path: string, body?: unknown) =>
        fetch(`${env().baseUrl}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      expect((await asKey('GET', '/api/v1/portfolio')).status).toBe(200);
      expect((await asKey('POST', '/api/v1/api-keys', { name: 'Child', scope: 'read', expiresInDays: 7 })).status).toBe(403);

      page.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: 'Revoke' }).click();
      await expect.poll(() => row.innerText()).toMatch(/revoked/);
      expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
      expect((await asKey('GET', '/api/v1/portfolio')).status).toBe(401);

      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('creates a user on the users page, who then logs in with the role given; changes roles and disables a user', async () => {
    const password = 'lantern harbour quietly 2026';
    const { page, close } = await login('admin@aiep.example');
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      const table = page.getByRole('table', { name: 'Users' });
      // The list: organization, roles in words, status, last sign-in (the administrator's own is now).
      const me = table.getByRole('row', { name: /admin@aiep\.example/ });
      expect(await me.innerText()).toMatch(/Administrator\s+Active/);
      expect(await me.innerText()).not.toMatch(/Never/);
      expect(await me.getByRole('button', { name: /^(Disable|Enable)/ }).count()).toBe(0);
      expect(await table.getByRole('row', { name: /edag@state\.example/ }).innerText()).toContain('EDAG coordinator');

      // A weak password is refused with the server's words, and nothing is created.
      const form = page.getByRole('form', { name: 'Create a user' });
      await form.getByLabel('Name').fill('Reese Okonkwo');
      await form.getByLabel('E-mail').fill('second.auditor@oig.example');
      await form.getByLabel('Organization').selectOption({ label: 'Office of Inspector General (oversight)' });
      expect(await form.getByLabel('Anchor member').count()).toBe(0);
      await form.getByLabel('Auditor').check();
      await form.getByLabel('Password').fill('short');
      await form.getByRole('button', { name: 'Create user' }).click();
      await form.getByRole('alert').waitFor();
      expect(await table.getByRole('row', { name: /second\.auditor@oig\.example/ }).count()).toBe(0);
      await form.getByLabel('Password').fill(password);
      await form.getByRole('button', { name: 'Create user' }).click();
      await form.getByText('Reese Okonkwo (second.auditor@oig.example) can now sign in.').waitFor();
      const created = table.getByRole('row', { name: /second\.auditor@oig\.example/ });
      await created.waitFor();
      expect(await created.innerText()).toMatch(/Reese Okonkwo.*Office of Inspector General \(oversight\).*Auditor.*Active.*Never/s);

      // The same e-mail again is refused (409), in words.
      await form.getByLabel('Name').fill('Someone Else');
      await form.getByLabel('E-mail').fill('second.auditor@oig.example');
      await form.getByLabel('Organization').selectOption({ label: 'Office of Inspector General (oversight)' });
      await form.getByLabel('Auditor').check();
      await form.getByLabel('Password').fill(password);
      await form.getByRole('button', { name: 'Create user' }).click();
      await form.getByText('A user with email second.auditor@oig.example already exists').waitFor();

      // Filtering: by search text and by status.
      await page.getByRole('search', { name: 'Filter users' }).getByLabel('Search').fill('okonkwo');
      await expect.poll(() => table.getByRole('row').count()).toBe(2);
      await page.getByRole('search', { name: 'Filter users' }).getByLabel('Search').fill('');

      // The two refusals above are the browser's only complaints.
      expect(errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }

    // Only the administrator creates users.
    const auditor = await apiAs(env().baseUrl, 'auditor@oig.example');
    expect(await auditor.status('POST', '/api/v1/users', { email: 'third@oig.example', name: 'Third User', orgId: 'org-oig', roles: ['admin'], password })).toBe(403);

    // The new user logs in on the web app and lands on the auditor's home.
    {
      const { page, close } = await login('second.auditor@oig.example', password);
      const errors = consoleErrors(page);
      try {
        await page.getByText('Reese Okonkwo · Auditor · Office of Inspector General (oversight)').waitFor();
        await page.getByRole('table', { name: 'Proposal queue' }).getByRole('row', { name: /Digital Government AI for ASEAN Ministries/ }).waitFor();
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }

    // The administrator gives the new user a second role, then disables the user: signing in is refused.
    {
      const { page, close } = await login('admin@aiep.example');
      const errors = consoleErrors(page);
      try {
        await page.goto(`${env().baseUrl}/users`);
        const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /second\.auditor@oig\.example/ });
        await row.getByRole('button', { name: 'Change roles of Reese Okonkwo' }).click();
        await row.getByLabel('Administrator').check();
        await row.getByRole('button', { name: 'Save roles' }).click();
        await expect.poll(() => row.innerText()).toMatch(/Auditor, Administrator/);
        page.once('dialog', (d) => void d.accept());
        await row.getByRole('button', { name: 'Disable Reese Okonkwo' }).click();
        await expect.poll(() => row.innerText()).toMatch(/Disabled/);
        await row.getByRole('button', { name: 'Enable Reese Okonkwo' }).waitFor();
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
      const res = await fetch(`${env().baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'second.auditor@oig.example', password }) });
      expect(res.status).toBe(401);
    }
  }, 180_000);
});
