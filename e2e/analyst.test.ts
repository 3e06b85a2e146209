// The screening analyst's journey (Morgan Ortiz, program office): a list update the administrator
// activates re-screens every party, and the bell brings the analyst the potential matches; the
// analyst reads each explanation and decides it — a false positive with its reason, and a confirmed
// prohibited match cleared only with a second person's approval (the program officer's). Then the
// everyday tools: one search (an explained hit on the shipped list, a clean "no match" naming the
// list searched), a batch upload with its result downloaded. Lists are the administrator's to import
// and activate: the analyst has no controls for it and the API refuses.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_LIST_FILE } from '../src/server/seed/demo.ts';
import { apiAs, consoleErrors, HAS_CHROMIUM, serverErrors, useBrowserEnv } from './browser.ts';

const ANALYST = 'screening.analyst@ita.example';
const OFFICER = 'program.officer@ita.example';
const ADMIN = 'admin@aiep.example';

// The next list release, as the administrator would receive it: the shipped snapshot (data/screening/)
// with two new listings, each a near-variant of a demo party's name (a company, and a company's owner).
const EL = 'Entity List (EL) - Bureau of Industry and Security';
const DPL = 'Denied Persons List (DPL) - Bureau of Industry and Security';
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
/** One row in the CSL CSV layout (29 columns): id, source, name, address, Federal Register notice, start date. */
const cslRow = (id: string, source: string, name: string, address: string, notice: string, start: string) => {
  const row = Array<string>(29).fill('');
  [row[0], row[1], row[5], row[7], row[8], row[9]] = [id, source, name, address, notice, start];
  return row.map(cell).join(',');
};
const SNAPSHOT = readFileSync(DEMO_LIST_FILE, 'utf8');
const UPDATE_FILE = 'csl-2026-12-update.csv';
const UPDATE = `${SNAPSHOT.trimEnd()}\n${[
  cslRow('e2e-el-merlion', EL, 'Merlion Datta Pte Ltd', '8 Marina View, Singapore, SG', '91 FR 10101', '2026-11-20'),
  cslRow('e2e-dpl-emirates', DPL, 'Emirates Sovereign Holding', 'Abu Dhabi, AE', '91 FR 10102', '2026-11-20'),
].join('\n')}\n`;

/** The alert of the queue about this party (its summary line starts with the party's name). */
const alertOf = (page: Page, party: string) => page.locator('li.alert-item').filter({ has: page.locator('summary', { hasText: party }) });

describe.skipIf(!HAS_CHROMIUM)('the screening analyst in Chromium', () => {
  // The worker runs in the server's process, as in the `all` role: activation's re-screening, batch jobs.
  const { env, login } = useBrowserEnv({ worker: true });

  beforeAll(async () => {
    // Scene: the administrator imports the next list release and activates it at once.
    const admin = await apiAs(env().baseUrl, ADMIN);
    const version = await admin.postText(`/api/v1/lists/import?fileName=${UPDATE_FILE}&activate=true`, UPDATE, 'text/csv');
    expect(version).toMatchObject({ list: 'csl', fileName: UPDATE_FILE, entryCount: 3627, status: 'active' });
    // The activation queued the re-screening of every party; the worker runs it in the background.
    const analyst = await apiAs(env().baseUrl, ANALYST);
    await vi.waitFor(async () => expect((await analyst.get('/api/v1/screening/alerts')).items).toHaveLength(2), { timeout: 60_000, interval: 500 });
  }, 90_000);

  it('is brought the matches of a list update, reads their explanations and clears a false positive', async () => {
    const { page, close } = await login(ANALYST);
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByText('Morgan Ortiz · Screening analyst · Department of Commerce — International Trade Administration').waitFor();
      await page.getByRole('heading', { name: 'Department of Commerce — International Trade Administration' }).waitFor();
      // The work waiting: the home page lists the two matches, and the bell brings them too.
      const waiting = page.getByRole('region', { name: 'Screening alerts waiting for a decision' });
      await waiting.getByText('2 alerts wait for a decision.').waitFor();
      expect(await waiting.getByRole('link', { name: 'Merlion Data Pte. Ltd.' }).getAttribute('href')).toMatch(/^\/screening\?tab=alerts&alert=/);
      expect(await page.getByText(/Proposals reach you when/).count()).toBe(0);
      const bell = page.getByRole('button', { name: /^Notifications/ });
      await expect.poll(() => bell.textContent()).toBe('Notifications (2)');
      await bell.click();
      const notes = page.getByRole('list', { name: 'Notifications' });
      await notes.getByRole('link', { name: /^Possible screening match: Emirates Sovereign Holdings ~ Emirates Sovereign Holding \(DPL, score (?:0\.\d\d|1\.00)\)$/ }).waitFor();
      await notes.getByRole('link', { name: /^Possible screening match: Merlion Data Pte\. Ltd\. ~ Merlion Datta Pte Ltd \(EL, score 0\.\d\d\)$/ }).click();

      // The link opens the alert on the Screening page's Alerts tab.
      await page.getByRole('heading', { name: 'Party screening' }).waitFor();
      expect(await page.getByRole('tab', { name: 'Alerts' }).getAttribute('aria-selected')).toBe('true');
      await page.getByText('You can confirm or clear a hit; a confirmed prohibited match is cleared by two of the program office’s screening staff: one proposes, another approves.').waitFor();
      const merlion = alertOf(page, 'Merlion Data Pte. Ltd.');
      await merlion.waitFor();
      expect(await merlion.locator('details').getAttribute('open')).not.toBeNull();
      const summary = await merlion.locator('summary').innerText();
      expect(summary).toMatch(/^Merlion Data Pte\. Ltd\. \(Organization\) ~ Merlion Datta Pte Ltd EL license required score 0\.\d\d · Open/);
      // The explanation: the list entry, then which tokens aligned and by which rule.
      await merlion.getByText('Entity List (BIS) · entry e2e-el-merlion').waitFor();
      const rows = await merlion.getByRole('table', { name: 'Token alignment' }).locator('tbody tr').allInnerTexts();
      expect(rows.some((r) => /^merlion\s+merlion\s+exact\s+1\.00/.test(r))).toBe(true);
      expect(rows.some((r) => /^data\s+datta\s+phonetic\s+0\.90/.test(r))).toBe(true);
      expect(rows.some((r) => /^pteltd\s+pteltd\s+legal form\s+1\.00/.test(r))).toBe(true);
      await merlion.getByText('country match: SG is a listed country (+0.02)').waitFor();

      // A false positive needs its reason: without one the API refuses and the alert stays open.
      await merlion.getByRole('button', { name: 'False positive' }).click();
      await merlion.getByRole('alert').waitFor();
      const refusal = await merlion.getByRole('alert').innerText();
      expect(refusal).toMatch(/reason/i);
      expect(await merlion.locator('summary').innerText()).toMatch(/· Open/);
      await merlion.getByLabel('Reason').fill('Different company: Merlion Data Pte. Ltd. is UEN 201912345K, incorporated 2019; the listed entity is unrelated.');
      await merlion.getByRole('button', { name: 'False positive' }).click();
      // Decided: the alert the link opened stays in view with its decision, and has left the open queue.
      await expect.poll(() => merlion.locator('summary').innerText()).toMatch(/· False positive/);
      await merlion.getByText(/^Disposed as False positive on .*: Different company: Merlion Data Pte\. Ltd\. is UEN 201912345K/).waitFor();
      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('tab', { name: 'Alerts' }).click();
      await alertOf(page, 'Emirates Sovereign Holdings').waitFor();
      expect(await merlion.count()).toBe(0);
      await page.getByRole('combobox', { name: /Show/ }).selectOption('false_positive');
      await merlion.locator('summary').click();
      await merlion.getByText(/^Disposed as False positive on .*: Different company/).waitFor();
      // A cleared hit may be raised again, not cleared twice.
      expect(await merlion.getByRole('button').allInnerTexts()).toEqual(['Confirmed match']);

      expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
      expect(failures).toEqual([]);
      expect(env().workerLog).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  it('confirms a prohibited match, and its clearance takes a second person: the program officer approves it', async () => {
    const EVIDENCE = 'Emirates Sovereign Holdings is registered in Abu Dhabi under licence CN-1009876 since 2011; the denied party is a different holding.';
    const { page, close } = await login(ANALYST);
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    let alertId = '';
    try {
      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('tab', { name: 'Alerts' }).click();
      const emirates = alertOf(page, 'Emirates Sovereign Holdings');
      await emirates.locator('summary').click();
      expect(await emirates.locator('summary').innerText()).toMatch(/^Emirates Sovereign Holdings \(Owner\) ~ Emirates Sovereign Holding DPL prohibited score (?:0\.\d\d|1\.00) · Open/);
      await emirates.getByText('Denied Persons List (BIS) · entry e2e-dpl-emirates').waitFor();
      // The hit cannot be told apart from the listed party yet: the analyst confirms it.
      await emirates.getByLabel('Reason').fill('Same name and emirate as the denied party; nothing on file tells them apart.');
      await emirates.getByRole('button', { name: 'Confirmed match' }).click();
      await expect.poll(() => emirates.count()).toBe(0);
      await page.getByRole('combobox', { name: /Show/ }).selectOption('confirmed');
      await emirates.locator('summary').click();
      expect(await emirates.locator('summary').innerText()).toMatch(/· Confirmed/);
      await emirates.getByText(/^Disposed as Confirmed on .*: Same name and emirate as the denied party/).waitFor();
      // A confirmed prohibited match is not cleared by one person: only a proposal is offered.
      expect(await emirates.getByRole('button').allInnerTexts()).toEqual(['Propose clearance']);

      // Evidence arrives: the analyst proposes the clearance, with its reason (none: refused).
      await emirates.getByRole('button', { name: 'Propose clearance' }).click();
      await emirates.getByRole('alert').waitFor();
      await emirates.getByLabel('Reason').fill(EVIDENCE);
      await emirates.getByRole('button', { name: 'Propose clearance' }).click();
      await emirates.getByRole('status').getByText(/^Clearance proposed by Morgan Ortiz on .*, awaiting second approval: Emirates Sovereign Holdings is registered in Abu Dhabi/).waitFor();
      expect(await emirates.locator('summary').innerText()).toMatch(/· Confirmed clearance proposed/);
      // The proposer may withdraw it, never approve it: no button, and the API refuses.
      expect(await emirates.getByRole('button').allInnerTexts()).toEqual(['Reject clearance']);
      const analyst = await apiAs(env().baseUrl, ANALYST);
      alertId = (await analyst.get('/api/v1/screening/alerts?status=confirmed')).items.find((a: { party: { name: string } }) => a.party.name === 'Emirates Sovereign Holdings').id;
      expect(await analyst.status('POST', `/api/v1/screening/alerts/${alertId}/clearance/approve`, {})).toBe(403);
      expect(await analyst.get(`/api/v1/screening/alerts/${alertId}`)).toMatchObject({ status: 'confirmed', clearance: { status: 'pending' } });

      expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }

    // The second person: the program officer finds the proposal in the confirmed alerts and approves it.
    const officer = await login(OFFICER);
    const officerErrors = consoleErrors(officer.page);
    const officerFailures = serverErrors(officer.page);
    try {
      const p = officer.page;
      // The bell brings the request for a second approval; its link opens the alert, although the
      // queue shows open alerts by default and this one is confirmed.
      await p.getByRole('button', { name: /^Notifications/ }).click();
      await p
        .getByRole('list', { name: 'Notifications' })
        .getByRole('link', { name: 'Clearance proposed by Morgan Ortiz, awaiting a second approval: Emirates Sovereign Holdings ~ Emirates Sovereign Holding (DPL)' })
        .click();
      await p.getByRole('heading', { name: 'Party screening' }).waitFor();
      const emirates = alertOf(p, 'Emirates Sovereign Holdings');
      await emirates.getByRole('status').getByText(/^Clearance proposed by Morgan Ortiz on .*, awaiting second approval: Emirates Sovereign Holdings is registered/).waitFor();
      expect(await emirates.locator('details').getAttribute('open')).not.toBeNull();
      expect(await emirates.locator('summary').innerText()).toMatch(/· Confirmed clearance proposed/);
      expect(await emirates.getByRole('button').allInnerTexts()).toEqual(['Approve clearance', 'Reject clearance']);
      await emirates.getByLabel('Reason').fill('Registration checked with the Abu Dhabi registry.');
      await emirates.getByRole('button', { name: 'Approve clearance' }).click();
      await expect.poll(() => emirates.locator('summary').innerText()).toMatch(/· False positive/);
      await emirates.getByText(/^Disposed as False positive on /).waitFor();
      expect(await emirates.getByRole('status').count()).toBe(0);
      expect(officerErrors).toEqual([]);
      expect(officerFailures).toEqual([]);
    } finally {
      await officer.close();
    }
    const analyst = await apiAs(env().baseUrl, ANALYST);
    expect(await analyst.get(`/api/v1/screening/alerts/${alertId}`)).toMatchObject({ status: 'false_positive', clearance: { status: 'approved' } });
  }, 180_000);

  it('screens a name: an explained hit on the shipped list, and a clean no match naming the list searched', async () => {
    const { page, close } = await login(ANALYST);
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('heading', { name: 'Screen a party' }).waitFor();
      // Huawei's Shenzhen headquarters is on the Entity List (84 FR 22963, 2019).
      await page.getByLabel('Name').fill('Huawei Technologies');
      await page.getByLabel('Country (ISO)').fill('CN');
      await page.getByRole('button', { name: 'Screen', exact: true }).click();
      const hit = page.locator('li.match').filter({ hasText: 'Bantian Huawei Base' }).or(page.locator('li.match').filter({ hasText: 'Huawei Technologies Co., Ltd. (Huawei)' })).first();
      await hit.waitFor();
      const text = await hit.innerText();
      expect(text).toMatch(/EL\s+license required\s+score 0\.\d\d/);
      expect(text).toContain('Entity List (BIS)');
      const rows = await hit.getByRole('table', { name: 'Token alignment' }).locator('tbody tr').allInnerTexts();
      expect(rows.some((r) => /^huawei\s+huawei\s+exact/.test(r))).toBe(true);
      const said = page.locator('p.small.muted').filter({ hasText: /at threshold/ });
      expect(await said.innerText()).toMatch(/^\d+ potential matches at threshold 0\.8 against Consolidated Screening List \(trade\.gov\), \S+\.csv active since .+ \(3,627 entries\)\.$/);

      // A name on no list: a clean result, saying what was searched — not "not screened".
      await page.getByLabel('Name').fill('Zephyrine Quillfeather Orchards');
      await page.getByLabel('Country (ISO)').fill('');
      await page.getByRole('button', { name: 'Screen', exact: true }).click();
      await expect.poll(() => said.innerText()).toMatch(/^No match at threshold 0\.8 against Consolidated Screening List \(trade\.gov\), \S+\.csv active since .+ \(3,627 entries\)\.$/);
      expect(await page.locator('li.match').count()).toBe(0);
      expect(await page.getByText(/not screened/i).count()).toBe(0);

      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('uploads a batch of parties, follows it to the end and downloads the result', async () => {
    const { page, close } = await login(ANALYST);
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    try {
      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('tab', { name: 'Batch' }).click();
      const batch = page.getByRole('region', { name: 'Batch screening' });
      const upload = batch.getByRole('button', { name: 'Upload and screen' });
      expect(await upload.isDisabled()).toBe(true);
      const csv = 'id,name,country\nP-1,Huawei Technologies Co. Ltd.,CN\nP-2,Zephyrine Quillfeather Orchards,US\nP-3,Merlion Data Pte. Ltd.,SG\n';
      await batch.getByLabel('CSV file').setInputFiles({ name: 'supplier-parties.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await upload.click();
      await batch.getByText('3 rows, 2 with a potential match, 0 rejected.').waitFor({ timeout: 60_000 });
      expect(await batch.locator('[aria-live]').innerText()).toMatch(/: done — 3 of 3 rows/);

      const [download] = await Promise.all([page.waitForEvent('download'), batch.getByRole('link', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^screening-.*\.csv$/);
      const result = readFileSync(await download.path(), 'utf8').trim().split('\n');
      expect(result[0]).toBe('id,name,error,list,entryId,listName,matchedName,score,effect,explanation');
      expect(result.some((l) => l.startsWith('P-1,Huawei Technologies Co. Ltd.,,EL,'))).toBe(true);
      expect(result.some((l) => l.startsWith('P-3,Merlion Data Pte. Ltd.,,EL,e2e-el-merlion,'))).toBe(true);
      expect(result.filter((l) => l.startsWith('P-2,')).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['P-2,Zephyrine Quillfeather Orchards,,']);

      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('reads the lists but has no control to import or activate one, and the API refuses both; sees only its own batch jobs', async () => {
    const { page, close } = await login(ANALYST);
    const errors = consoleErrors(page);
    try {
      await page.getByRole('link', { name: 'Screening' }).click();
      await page.getByRole('tab', { name: 'Lists' }).click();
      const csl = page.getByRole('region', { name: /Consolidated Screening List/ });
      await expect.poll(() => csl.getByRole('row', { name: new RegExp(`^${UPDATE_FILE.replaceAll('.', '\\.')}`) }).innerText()).toMatch(/3627\s+active/);
      expect(await csl.getByRole('row', { name: /^csl-2022-05-bis-state\.csv/ }).innerText()).toMatch(/3625\s+superseded/);
      expect(await page.getByRole('region', { name: 'Import a list file' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Import' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Activate' }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    const analyst = await apiAs(env().baseUrl, ANALYST);
    const versions = (await analyst.get('/api/v1/lists/csl/versions')).items as { id: string; fileName: string; status: string }[];
    const snapshot = versions.find((v) => v.fileName === 'csl-2022-05-bis-state.csv')!;
    await expect(analyst.postText('/api/v1/lists/import?fileName=mine.csv&activate=true', SNAPSHOT, 'text/csv')).rejects.toThrow(/: 403 /);
    expect(await analyst.status('POST', `/api/v1/lists/versions/${snapshot.id}/activate`)).toBe(403);
    // Nothing changed: the same versions, the update still the active one.
    expect((await analyst.get('/api/v1/lists/csl/versions')).items).toEqual(versions);
    expect(versions.find((v) => v.status === 'active')!.fileName).toBe(UPDATE_FILE);

    // Another user's batch job is not the analyst's to read.
    const admin = await apiAs(env().baseUrl, ADMIN);
    const job = await admin.postText('/api/v1/screening/batch', 'id,name\nA-1,Kestrel Cyber LLC\n', 'text/csv');
    expect(await analyst.status('GET', `/api/v1/screening/jobs/${job.id}`)).toBe(404);
    expect(await analyst.status('GET', `/api/v1/screening/jobs/${job.id}?format=csv`)).toBe(404);
  }, 120_000);
});
