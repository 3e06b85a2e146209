// Two-factor sign-in in Chromium: an agency user without an authenticator signs in with a password,
// must set one up (QR code and secret on the page, confirmed with a code, recovery codes shown)
// before reaching anything, then signs out and in again with a code.
import { describe, expect, it } from 'vitest';
import { nextAcceptedCode, rememberTotpSecret, testDepsOf } from '../src/server/test/mfa-login.ts';
import { apiAs, consoleErrors, HAS_CHROMIUM, serverErrors, useBrowserEnv } from './browser.ts';

const EMAIL = 'new.agency.officer@ita.example';
const PASSWORD = 'a-long-enough-e2e-password-7';

describe.skipIf(!HAS_CHROMIUM)('two-factor sign-in in Chromium', () => {
  const { env } = useBrowserEnv();

  it('an agency user sets up TOTP at the first sign-in, then signs in with a code', async () => {
    const admin = await apiAs(env().baseUrl, 'admin@aiep.example');
    const { id: userId } = (await admin.post('/api/v1/users', { email: EMAIL, name: 'Nia Officer', orgId: 'org-ita', roles: ['program_officer'], password: PASSWORD })) as { id: string };
    const deps = testDepsOf({ baseUrl: env().baseUrl });

    const context = await env().browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    const signIn = async () => {
      await page.goto(env().baseUrl);
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    };

    // First sign-in: the set-up comes before anything else.
    await signIn();
    await page.getByText('Your role requires two-factor sign-in').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Going elsewhere by address shows the same step.
    await page.goto(`${env().baseUrl}/users`);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    // The reload started a new set-up: read the secret again.
    const current = (await page.getByTestId('mfa-secret').textContent())!.trim();
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/wrong, expired or already used/).first().waitFor();
    await page.getByLabel('Authentication code').fill(await nextAcceptedCode(deps, userId, current));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('list', { name: 'Your recovery codes' }).waitFor();
    expect(await page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem').count()).toBe(10);
    await page.getByRole('button', { name: /I have saved these codes/ }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    rememberTotpSecret(deps, EMAIL, current);
    expect(secret).not.toBe('');

    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByText(/On\..*Recovery codes left: 10/).waitFor();

    // Out, and in again: this time a code is asked for.
    await page.getByRole('button', { name: 'Log out' }).click();
    await signIn();
    await page.getByLabel('Authentication code').fill(await nextAcceptedCode(deps, userId, current));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    // Expected refusals: 400 for the wrong code, and 401 for the home page's last reads as it is
    // left at "Log out". Nothing else went wrong, and no page asked past the second step (403).
    expect(errors.filter((e) => !/status of (400|401)/.test(e))).toEqual([]);
    expect(failures).toEqual([]);
    await context.close();
  }, 120_000);
});
