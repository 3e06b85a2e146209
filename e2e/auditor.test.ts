// The auditor's journey (Office of Inspector General): reads every submitted proposal with its
// audit trail, reviews, consultations and outcome, downloads the reports the pages offer, and finds
// nothing to change — no write button anywhere, and a write sent to the API is refused (403).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, consoleErrors, HAS_CHROMIUM, serverErrors, useBrowserEnv } from './browser.ts';

/** Downloads what a link points at with the page's session, and answers its status and content type. */
async function download(page: Page, href: string | null) {
  expect(href).toBeTruthy();
  const res = await page.request.get(new URL(href!, page.url()).toString());
  return { status: res.status(), type: res.headers()['content-type'] ?? '', body: await res.body() };
}

describe.skipIf(!HAS_CHROMIUM)('the auditor in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('reads a proposal’s whole record and audit trail, downloads the reports, and can change nothing', async () => {
    const { page, close } = await login('auditor@oig.example');
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      // Home: the queue of submitted proposals; a consortium's draft stays with the consortium.
      await page.getByRole('heading', { name: 'Office of Inspector General (oversight)' }).waitFor();
      const queue = page.getByRole('table', { name: 'Proposal queue' });
      await queue.getByRole('row', { name: /Digital Government AI for ASEAN Ministries/ }).waitFor();
      expect(await queue.getByRole('row', { name: /Sovereign AI Cloud for the UAE and Saudi Arabia/ }).count()).toBe(1);
      expect(await queue.getByRole('row', { name: /Precision Agriculture AI for Argentina and Brazil/ }).count()).toBe(1);
      expect(await queue.getByRole('row', { name: /Clinical AI for the East African Community/ }).count()).toBe(0);
      // The top bar offers what an auditor reads; no "My company" (the auditor's office is not an applicant).
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Home', 'Calls', 'Portfolio', 'Monitoring', 'Screening', 'Users', 'Access log', 'Records', 'API keys', 'Security', 'Public catalog', 'API docs']);

      // The designated package, read-only with no action but exports.
      await queue.getByRole('link', { name: 'Digital Government AI for ASEAN Ministries' }).click();
      await page.getByRole('heading', { name: 'Digital Government AI for ASEAN Ministries' }).waitFor();
      await page.getByText('This proposal is read-only (Designated).').waitFor();
      const toolbar = page.getByRole('toolbar', { name: 'Proposal actions' });
      expect(await toolbar.getByRole('button').count()).toBe(0);
      expect(await toolbar.getByRole('link').allInnerTexts()).toEqual(['Export manifest', 'Download PDF', 'FOIA export', 'Compliance matrix']);
      expect(await page.getByLabel('Title').isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: /^Add .* component$/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /I certify/ }).count()).toBe(0);
      // Who certified what, by name.
      const certs = page.getByRole('region', { name: 'Certifications by member' });
      expect(await certs.getByRole('row', { name: /^Kestrel Cyber LLC/ }).innerText()).toContain('✓ Rowan Ellis');

      const manifest = await download(page, await toolbar.getByRole('link', { name: 'Export manifest' }).getAttribute('href'));
      expect(manifest.status).toBe(200);

      // The review: the panel, every agency's position with its conditions, the evidence — and no form.
      await page.getByRole('tab', { name: 'Review' }).click();
      const consultations = page.getByRole('region', { name: 'Interagency consultations' });
      await consultations.getByRole('row', { name: /^WAR/ }).getByText('No access by military end users without prior review.').waitFor();
      expect(await consultations.getByRole('row', { name: /^STATE/ }).innerText()).toMatch(/Concur.*Robin Okafor/s);
      await page.getByRole('region', { name: 'Recommendation evidence' }).getByText(/^Compliance matrix:/).waitFor();
      expect(await page.getByRole('button', { name: /Assign|Consult|Record|Revise/ }).count()).toBe(0);
      expect(await page.getByRole('textbox').filter({ visible: true }).count()).toBe(0);

      // The outcome: the decision, its conditions, the package's term — and no step on the package.
      await page.getByRole('tab', { name: 'Outcome' }).click();
      await page.getByRole('heading', { name: 'Outcome: Designated' }).waitFor();
      await page.getByText('Chip location verification kept active').waitFor();
      await page.getByRole('heading', { name: 'Designated package: Active' }).waitFor();
      expect(await page.getByRole('button', { name: /Suspend|Revoke|Renew|Reinstate|amendment/ }).count()).toBe(0);

      // The history: the revision as submitted and the audit trail, first event to last.
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByText(/Revision 1: “Digital Government AI for ASEAN Ministries”/).waitFor();
      const trail = page.locator('ol.timeline > li');
      expect(await trail.first().innerText()).toMatch(/Proposal started by Harper Quinn/);
      expect(await trail.allInnerTexts()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/Submitted by Harper Quinn/),
          expect.stringMatching(/Agency consultation answered by Drew Castillo/),
          expect.stringMatching(/Recommendation made by Pat Romero/),
        ]),
      );
      // The decision is the last step of the review; after it come only the consortium's own
      // public profile and translations of the designated package.
      const events = await trail.allInnerTexts();
      const designated = events.findIndex((e) => /Designated a priority AI export package by Alex Whitfield/.test(e));
      expect(designated).toBeGreaterThan(0);
      for (const later of events.slice(designated + 1)) expect(later).toMatch(/What the package offers buyers declared|Translation of the title and summary saved/);
      const asSubmitted = await download(page, await page.getByRole('link', { name: 'view as submitted (JSON)' }).getAttribute('href'));
      expect(asSubmitted.status).toBe(200);
      expect(JSON.parse(asSubmitted.body.toString('utf8')).title).toBe('Digital Government AI for ASEAN Ministries');

      // The compliance matrix: both reports download; no license can be recorded or changed.
      await page.getByRole('link', { name: 'Compliance matrix' }).click();
      await page.getByRole('heading', { name: 'Compliance matrix' }).waitFor();
      const reports = page.getByRole('toolbar', { name: 'Compliance reports' });
      const pdf = await download(page, await reports.getByRole('link', { name: 'Download PDF report' }).getAttribute('href'));
      expect([pdf.status, pdf.type]).toEqual([200, expect.stringContaining('application/pdf')]);
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
      const csv = await download(page, await reports.getByRole('link', { name: 'Download CSV' }).getAttribute('href'));
      expect([csv.status, csv.type]).toEqual([200, expect.stringContaining('text/csv')]);
      expect(csv.body.toString('utf8')).toContain('Government cloud AI servers');
      await page.getByRole('region', { name: 'License tracker' }).waitFor();
      expect(await page.getByRole('button', { name: /Add license record|Record a license/ }).count()).toBe(0);

      // The portfolio: every deal of every agency, and both exports.
      await page.getByRole('link', { name: 'Portfolio' }).click();
      await page.getByRole('heading', { name: /^Deals and financing portfolio/ }).waitFor();
      expect(await page.getByTestId('deal-count').textContent()).toBe('12');
      const deals = page.getByRole('region', { name: 'Deals' });
      await deals.getByRole('row', { name: /Singapore GovTech Agency/ }).waitFor();
      const portfolioCsv = await download(page, await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'));
      expect([portfolioCsv.status, portfolioCsv.type]).toEqual([200, expect.stringContaining('text/csv')]);
      expect(portfolioCsv.body.toString('utf8')).toContain('Singapore GovTech Agency');
      const portfolioPdf = await download(page, await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href'));
      expect(portfolioPdf.status).toBe(200);
      // A deal: its stage history and financing, read-only.
      await deals.getByRole('link', { name: 'Singapore GovTech Agency' }).click();
      await page.getByRole('heading', { name: 'Singapore GovTech Agency (SG)' }).waitFor();
      await page.getByRole('heading', { name: 'Financing requests' }).waitFor();
      await page.getByText(/EXIM/).first().waitFor();
      expect(await page.locator('main').getByRole('button').filter({ visible: true }).count()).toBe(0);

      // Screening: the lists and the alerts are readable; importing and clearing are not the auditor's.
      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('heading', { name: 'Party screening' }).waitFor();
      await page.getByRole('tab', { name: 'Alerts' }).click();
      await page.getByText(/Only program-office screening analysts and program officers clear hits/).waitFor();
      await page.getByRole('tab', { name: 'Lists' }).click();
      // Whether the demo's list is there or none yet, the auditor neither imports nor activates.
      await page.getByText('No list has been imported yet.').or(page.getByRole('region', { name: /Consolidated Screening List/ })).first().waitFor();
      expect(await page.getByRole('heading', { name: 'Import a list file' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Activate' }).count()).toBe(0);

      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }

    // What the pages do not offer, the API refuses: every write answers 403 and changes nothing.
    const auditor = await apiAs(env().baseUrl, 'auditor@oig.example');
    const queue = (await auditor.get('/api/v1/review-queue?limit=200')).items as { id: string; title: string; version: number }[];
    const gulf = queue.find((p) => p.title.startsWith('Sovereign AI Cloud'))!;
    const asean = queue.find((p) => p.title.startsWith('Digital Government AI'))!;
    const before = await auditor.get(`/api/v1/proposals/${gulf.id}`);
    const deal = (await auditor.get('/api/v1/deals')).items[0] as { id: string };
    const writes: [string, string, unknown][] = [
      ['POST', `/api/v1/proposals/${gulf.id}/transitions`, { action: 'start_review' }],
      ['POST', `/api/v1/proposals/${gulf.id}/recommendation`, { recommendation: 'designate', rationale: 'Audit test.' }],
      ['POST', `/api/v1/proposals/${asean.id}/package/suspend`, { reason: 'Audit test.' }],
      ['POST', `/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 1000 }],
      ['POST', '/api/v1/users', { email: 'new.user@oig.example', name: 'New User', orgId: 'org-oig', roles: ['auditor'], password: 'a long enough passphrase 2026' }],
    ];
    for (const [method, path, body] of writes) expect([method, path, await auditor.status(method, path, body)]).toEqual([method, path, 403]);
    // The auditor may never change a proposal: the edit is refused for that (403), whatever its state.
    expect(await auditor.status('PUT', `/api/v1/proposals/${gulf.id}`, { title: 'Changed by an auditor', summary: before.summary, package: before.package, version: before.version })).toBe(403);
    // Nor change a user.
    const users = (await auditor.get('/api/v1/users')).items as { id: string; email: string }[];
    expect(await auditor.status('PATCH', `/api/v1/users/${users.find((u) => u.email === 'anchor@cascade.example')!.id}`, { disabled: true })).toBe(403);
    const after = await auditor.get(`/api/v1/proposals/${gulf.id}`);
    expect([after.state, after.version]).toEqual([before.state, before.version]);
  }, 180_000);

  it('reads the users and the access log, filters it, and verifies the audit chain', async () => {
    // A read to find in the log: the Cascade anchor opens the designated proposal.
    const anchor = await apiAs(env().baseUrl, 'anchor@cascade.example');
    const asean = ((await anchor.get('/api/v1/proposals?limit=200')).items as { id: string; title: string }[]).find((p) => p.title.startsWith('Digital Government AI'))!;
    await anchor.get(`/api/v1/proposals/${asean.id}/manifest`);
    const { page, close } = await login('auditor@oig.example');
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      const nav = page.getByRole('navigation', { name: 'Main' });
      // The users: every user with roles and status, and nothing to change.
      await nav.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      const users = page.getByRole('table', { name: 'Users' });
      expect(await users.getByRole('row', { name: /anchor@cascade\.example/ }).innerText()).toMatch(/Cascade Cloud Systems Inc\..*Anchor member.*Active/s);
      expect(await page.getByRole('form', { name: 'Create a user' }).count()).toBe(0);
      expect(await users.getByRole('button').count()).toBe(0);

      // The access log: the anchor's read of the manifest, found by user and kind of record.
      await nav.getByRole('link', { name: 'Access log' }).click();
      await page.getByRole('heading', { name: 'Access log', level: 1 }).waitFor();
      const filters = page.getByRole('search', { name: 'Filter the access log' });
      await filters.getByRole('combobox', { name: /^User/ }).selectOption({ label: 'Harper Quinn (anchor@cascade.example)' });
      await filters.getByLabel('Kind of record').selectOption({ label: 'Proposals' });
      await filters.getByLabel('What was read').selectOption({ label: 'Proposal manifest export' });
      await filters.getByRole('button', { name: 'Show' }).click();
      const log = page.getByRole('table', { name: 'Access log' });
      // The log is written in batches, about every second: ask again until the read is there.
      await expect
        .poll(
          async () => {
            await page.reload();
            // Counted once the page has its answer: the table, or the sentence that nothing matches.
            await log.or(page.getByText('No entry matches these filters.')).waitFor();
            return log.getByRole('row', { name: new RegExp(asean.id) }).count();
          },
          { timeout: 15_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      expect(await log.getByRole('row', { name: new RegExp(asean.id) }).first().innerText()).toMatch(/anchor@cascade\.example.*Signed in.*Proposal manifest export.*Read/s);
      expect(new URL(page.url()).searchParams.get('entityType')).toBe('proposal');

      // The audit chain, verified from the page: intact, in words.
      const chain = page.getByRole('region', { name: 'Audit chain' });
      await chain.getByRole('button', { name: 'Verify the audit chain' }).click();
      await chain.getByText(/^The audit chain is intact: [\d,]+ events verified/).waitFor();

      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
