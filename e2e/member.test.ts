// A consortium member's journey (Kestrel Cyber LLC, a security supplier): the bell brings the
// anchor's invitation, the member accepts it where the link leads, keeps its company's entity
// data, adds its own component to the consortium's draft, co-signs the certifications it is asked
// for — and finds the anchor's steps (submitting, inviting) neither offered nor accepted by the API.
import { describe, expect, it } from 'vitest';
import { apiAs, consoleErrors, HAS_CHROMIUM, serverErrors, useBrowserEnv } from './browser.ts';

const CONSORTIUM = 'East Africa Health AI Alliance';
const PROPOSAL = 'Clinical AI for the East African Community';

describe.skipIf(!HAS_CHROMIUM)('a consortium member in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('accepts an invitation from the bell, keeps its entity data, adds its component, certifies, and cannot submit', async () => {
    // Scene: the health consortium's anchor invites Kestrel for the security layer its package lacks.
    const anchor = await apiAs(env().baseUrl, 'anchor@harborhealth.example');
    const consortium = (await anchor.get('/api/v1/consortia')).items.find((c: { name: string }) => c.name === CONSORTIUM);
    await anchor.post(`/api/v1/consortia/${consortium.id}/invitations`, { orgId: 'org-kestrel', layerRoles: ['security'] });

    const { page, close } = await login('member@kestrel.example');
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByRole('heading', { name: 'Kestrel Cyber LLC' }).waitFor();
      // The bell: the invitation, unread, with a link to answer it.
      const bell = page.getByRole('button', { name: /^Notifications/ });
      await expect.poll(() => bell.textContent()).toMatch(/Notifications \(\d+\)/);
      await bell.click();
      const notes = page.getByRole('list', { name: 'Notifications' });
      const invitation = notes.getByRole('link', { name: `Harbor Health AI Inc. invites Kestrel Cyber LLC to join the consortium “${CONSORTIUM}” for the security layer. Accept or decline it.` });
      await invitation.click();
      await page.getByRole('heading', { name: CONSORTIUM }).waitFor();
      // The link leads to the consortium, where the invitation is answered.
      const answer = page.getByRole('region', { name: 'Invitation' });
      await answer.getByText(`${CONSORTIUM} invites Kestrel Cyber LLC to join for the security layer.`).waitFor();
      const members = page.getByRole('region', { name: 'Members and their roles' });
      expect(await members.getByRole('row', { name: /^Kestrel Cyber LLC/ }).innerText()).toMatch(/member\s+Invited/);
      await answer.getByRole('button', { name: 'Accept' }).click();
      await page.getByText(`Kestrel Cyber LLC is now a member of ${CONSORTIUM}.`).waitFor();
      await expect.poll(() => members.getByRole('row', { name: /^Kestrel Cyber LLC/ }).innerText()).toMatch(/member\s+Active/);
      expect(await answer.count()).toBe(0);
      // A member does not manage the consortium.
      expect(await page.getByRole('heading', { name: 'Invite a company' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);

      // Home: the consortium is the company's now, and so is its draft; nothing left to answer.
      await page.getByRole('link', { name: 'Home' }).first().click();
      const mine = page.getByRole('region', { name: 'Your consortia' });
      await mine.getByRole('link', { name: CONSORTIUM }).waitFor();
      expect(await mine.getByRole('listitem').filter({ hasText: CONSORTIUM }).innerText()).toContain('member');
      expect(await page.getByRole('button', { name: `New proposal for ${CONSORTIUM}` }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Invitations' }).count()).toBe(0);
      expect(await page.getByLabel('New consortium name').count()).toBe(0);
      await page.getByRole('table', { name: 'Proposals of your consortia' }).getByRole('row', { name: new RegExp(PROPOSAL) }).waitFor();

      // Entity data: the country-of-concern check reads it.
      await page.getByRole('link', { name: 'My company' }).click();
      await page.getByRole('heading', { name: 'Kestrel Cyber LLC: entity data' }).waitFor();
      expect(await page.getByLabel('Country of incorporation').inputValue()).toBe('US');
      expect(await page.getByLabel('Principal place of business').inputValue()).toBe('US');
      await page.getByRole('button', { name: 'Add owner' }).click();
      await page.getByLabel('Owner 1 name').fill('Kestrel founders');
      await page.getByLabel('Owner 1 percent').fill('100');
      await page.getByRole('button', { name: 'Save entity data' }).click();
      await page.getByText('Saved.').waitFor();
      await page.getByText(/Country-of-concern check:\s*Passes/).waitFor();
      await page.reload();
      expect(await page.getByLabel('Owner 1 name').inputValue()).toBe('Kestrel founders');

      // The bell again: joining asked the company to certify for the consortium's draft.
      await bell.click();
      await notes.getByRole('link', { name: `Your company is asked to make its certifications for “${PROPOSAL}” before it can be submitted.` }).click();
      await page.getByRole('heading', { name: PROPOSAL }).waitFor();

      // The draft: the member adds its own component; others' components and the overview are not its to change.
      const actions = page.getByRole('toolbar', { name: 'Proposal actions' });
      expect(await actions.getByRole('button', { name: /Submit/ }).count()).toBe(0);
      expect(await page.getByLabel('Title').isDisabled()).toBe(true);
      expect(await page.getByRole('group', { name: /^infrastructure component 1/ }).getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
      const checklist = page.getByRole('region', { name: 'Completeness' });
      await expect.poll(() => checklist.locator('li[data-code="LAYER_MISSING"]').count()).toBe(1);
      await page.getByRole('button', { name: 'Add security component' }).click();
      const mineRow = page.getByRole('group', { name: /^security component 1/ });
      await mineRow.getByLabel('Name', { exact: true }).fill('Zero-trust enclave for clinic data');
      await mineRow.getByLabel('Unit value (USD)').fill('250000');
      await mineRow.getByLabel('US-origin share (%)').fill('100');
      expect(await mineRow.getByLabel('Supplying member').inputValue()).toBe('org-kestrel');
      await expect.poll(() => checklist.locator('li[data-code="LAYER_MISSING"]').count()).toBe(0);
      await actions.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Saved.').waitFor();

      // Co-signing: the member certifies for its company; the table shows who did.
      const certs = page.getByRole('region', { name: 'Certifications by member' });
      expect(await certs.getByRole('row', { name: /^Kestrel Cyber LLC/ }).innerText()).toContain('missing');
      await page.getByRole('heading', { name: 'Certify for Kestrel Cyber LLC' }).waitFor();
      await page.getByRole('button', { name: 'I certify all of the above for Kestrel Cyber LLC' }).click();
      await page.getByText('Certified.').waitFor();
      await expect.poll(() => certs.getByRole('row', { name: /^Kestrel Cyber LLC/ }).innerText()).not.toContain('missing');
      expect(await certs.getByRole('row', { name: /^Kestrel Cyber LLC/ }).innerText()).toContain('✓ Rowan Ellis');
      expect(await page.getByRole('button', { name: /I certify/ }).count()).toBe(0);
      // Still no submit for a member, whatever the checklist says.
      expect(await actions.getByRole('button', { name: /Submit/ }).count()).toBe(0);

      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }

    // The anchor's side of the hand-off: told of the answer, and the component and signatures are there.
    const proposal = (await anchor.get('/api/v1/proposals')).items.find((p: { title: string }) => p.title === PROPOSAL);
    const now = await anchor.get(`/api/v1/proposals/${proposal.id}`);
    expect(now.package.components.filter((c: { supplier: string }) => c.supplier === 'org-kestrel').map((c: { name: string }) => c.name)).toEqual(['Zero-trust enclave for clinic data']);
    const kestrel = now.certifications.find((c: { orgId: string }) => c.orgId === 'org-kestrel');
    expect(Object.values(kestrel.kinds).every((k) => (k as { certified: boolean }).certified)).toBe(true);
    const told = (await anchor.get('/api/v1/notifications')).items.map((n: { text: string }) => n.text);
    expect(told).toContain(`Kestrel Cyber LLC accepted the invitation to join “${CONSORTIUM}”.`);

    // The anchor's steps are refused to the member by the API as well.
    const member = await apiAs(env().baseUrl, 'member@kestrel.example');
    expect(await member.status('POST', `/api/v1/proposals/${proposal.id}/submit`, { version: now.version })).toBe(403);
    expect(await member.status('POST', `/api/v1/consortia/${consortium.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] })).toBe(403);
    expect(await member.status('PUT', `/api/v1/proposals/${proposal.id}`, { title: 'Renamed by a member', summary: now.summary, package: now.package, version: now.version })).toBe(403);
    expect((await anchor.get(`/api/v1/proposals/${proposal.id}`)).state).toBe('draft');
  }, 180_000);
});
