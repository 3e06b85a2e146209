// An invited company user signs in through an OpenID provider (a real one, in this process, standing
// in for Login.gov) in Chromium: the sign-in page offers the provider, the provider's login form
// names the account, and aiep creates the user from the invitation, links the identity and opens
// the company's consortium page.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOidcProvider, type TestOidcProvider } from '../src/server/test/oidc-provider.ts';
import { apiAs, consoleErrors, HAS_CHROMIUM, useBrowserEnv, type BrowserEnvOptions } from './browser.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!HAS_CHROMIUM)('sign-in with an OpenID provider in Chromium', () => {
  let tp: TestOidcProvider;
  // Filled before the environment starts (its beforeAll runs after this one).
  const opts: BrowserEnvOptions = {};
  beforeAll(async () => {
    const port = await freePort();
    const base = `http://localhost:${port}`;
    tp = await startTestOidcProvider({ redirectUris: [`${base}/auth/oidc/logingov/callback`] });
    opts.port = port;
    opts.config = {
      PUBLIC_BASE_URL: base,
      OIDC_PROVIDERS: JSON.stringify([
        {
          id: 'logingov',
          label: 'Login.gov (test)',
          issuer: tp.issuer,
          clientId: tp.jwtClient.clientId,
          privateKeyPath: tp.jwtClient.privateKeyPath,
          acrValues: 'urn:acr.login.gov:auth-only',
          enforcesMfa: true,
          allowedOrgKinds: ['company', 'agency', 'oversight'],
        },
      ]),
    };
  });
  afterAll(async () => tp?.close());
  const { env } = useBrowserEnv(opts);

  it('an invited colleague signs in through the provider, is linked to the invitation and lands on its consortium page', async () => {
    // Scene: the anchor of Cascade invites a colleague; the colleague has an account at the provider.
    const anchor = await apiAs(env().baseUrl, 'anchor@cascade.example');
    const consortia = (await anchor.get('/api/v1/consortia')).items as { id: string; name: string }[];
    expect(consortia).toHaveLength(1);
    const invitation = await anchor.post('/api/v1/invitations', { email: 'e2e.colleague@cascade.example', orgId: 'org-cascade', roles: ['consortium_member'] });
    expect(invitation.status).toBe('open');
    tp.accounts.set('e2e-colleague', { email: 'e2e.colleague@cascade.example', emailVerified: true });

    const context = await env().browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    try {
      await page.goto(env().baseUrl);
      await page.getByRole('link', { name: 'Sign in with Login.gov (test)' }).click();
      // The provider's own login page.
      await page.getByRole('heading', { name: 'Test OpenID provider' }).waitFor();
      await page.getByLabel('Account').fill('e2e-colleague');
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.waitForURL(`${env().baseUrl}/consortia/${consortia[0]!.id}`);
      await page.getByRole('button', { name: 'Log out' }).waitFor();
      await page.getByRole('heading', { name: consortia[0]!.name }).first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    const after = (await anchor.get('/api/v1/invitations')).items.find((i: { id: string }) => i.id === invitation.id);
    expect(after.status).toBe('accepted');
  });

  it('an unknown person is refused with a page that says why', async () => {
    tp.accounts.set('e2e-stranger', { email: 'stranger@example.org', emailVerified: true });
    const context = await env().browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(env().baseUrl);
      await page.getByRole('link', { name: 'Sign in with Login.gov (test)' }).click();
      await page.getByLabel('Account').fill('e2e-stranger');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'You are not signed in' }).waitFor();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/no account or open invitation/);
      expect(new URL(page.url()).pathname).toBe('/sign-in-error');
    } finally {
      await context.close();
    }
  });
});
