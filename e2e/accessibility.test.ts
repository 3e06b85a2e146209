// Every page of the web app, for the roles that reach it, on the demo data: axe-core finds no
// serious or critical violation, and at a 390 px phone width the page itself never scrolls
// sideways (wide tables scroll inside their own box).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, HAS_CHROMIUM, useBrowserEnv } from './browser.ts';

// axe-core is read from node_modules and evaluated in the page: nothing is fetched from the internet.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE_WIDTH = 390;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

// The scripts run in the page are strings, as in the other browser tests: the server's TypeScript
// program (which checks e2e/) has no DOM types.

/** True once the page has its heading and nothing is still loading. */
const SETTLED = `document.querySelector('h1') !== null && document.querySelector('[aria-busy="true"]') === null`;

/** Waits until the page has its heading and nothing is still loading; says what it shows if not. */
async function settled(page: Page, where: string) {
  // A polling loop, not waitForFunction: that compiles its string with eval, which the app's CSP forbids.
  const deadline = Date.now() + 15_000;
  while (!(await page.evaluate<boolean>(SETTLED))) {
    if (Date.now() > deadline) {
      const shown: unknown = await page.evaluate(`({ heading: document.querySelector('h1')?.textContent ?? null, text: document.body.innerText.slice(0, 300) })`);
      throw new Error(`${where} did not settle within 15 s (a heading, nothing loading): ${JSON.stringify(shown)}`);
    }
    await page.waitForTimeout(100);
  }
}

/** The serious and critical axe violations of the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's Content Security Policy forbids inline script tags.
  if (!(await page.evaluate(`'axe' in window`))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/**
 * How wide the page is, and the innermost elements that stick out past `width` (outside any box
 * that scrolls sideways on its own: what is inside such a box is that box's business).
 */
const OVERFLOW = `(width) => {
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 1;
  const name = (e) => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const describe = (el) => (el.parentElement ? name(el.parentElement) + ' > ' : '') + name(el) + ' “' + (el.textContent ?? '').trim().slice(0, 40) + '” (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)';
  const inScrollBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
    return false;
  };
  const culprits = Array.from(document.body.querySelectorAll('*')).filter((el) => sticksOut(el) && !inScrollBox(el) && !Array.from(el.children).some(sticksOut));
  return { scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 6).map(describe) };
}`;

async function phoneOverflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate(`(${OVERFLOW})(${PHONE_WIDTH})`);
}

/**
 * Opens each path, checks it with axe at desktop width and for sideways scrolling at phone width.
 * `tabs` are clicked in turn on that page, each view checked. Returns every problem found.
 */
async function checkPages(page: Page, baseUrl: string, pages: { path: string; tabs?: string[] }[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { path, tabs } of pages) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${baseUrl}${path}`);
    await settled(page, path);
    for (const tab of [null, ...(tabs ?? [])]) {
      const where = tab ? `${path} [${tab}]` : path;
      if (tab) {
        await page.getByRole('tab', { name: tab }).click();
        await settled(page, where);
      }
      for (const v of await seriousViolations(page)) problems.push(`${where}: ${v}`);
      await page.setViewportSize({ width: PHONE_WIDTH, height: 844 });
      const { scrollWidth, culprits } = await phoneOverflow(page);
      if (scrollWidth > PHONE_WIDTH) problems.push(`${where}: ${scrollWidth} px wide at ${PHONE_WIDTH} px: ${culprits.join('; ')}`);
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }
  return problems;
}

describe.skipIf(!HAS_CHROMIUM)('accessibility (axe-core) and phone width of every page, in Chromium', () => {
  const { env, login } = useBrowserEnv();

  /** Logs in as `email`, checks `pages`, and fails with every problem found. */
  async function checkAs(email: string, pages: { path: string; tabs?: string[] }[]) {
    const { page, close } = await login(email);
    try {
      expect(await checkPages(page, env().baseUrl, pages)).toEqual([]);
    } finally {
      await close();
    }
  }

  /** The id of the demo proposal whose title contains `title`, as `email` sees it. */
  async function proposalId(email: string, title: string): Promise<string> {
    const { items } = (await (await apiAs(env().baseUrl, email)).get('/api/v1/proposals?limit=200')) as { items: { id: string; title: string }[] };
    const found = items.find((p) => p.title.includes(title));
    if (!found) throw new Error(`${email} sees no proposal titled “${title}”`);
    return found.id;
  }

  it('the compliance page: the matrix scrolls in its box with the component column in view; the license tracker and the classification helper do not overlap', async () => {
    const asean = await proposalId('program.officer@ita.example', 'ASEAN');
    const { page, close } = await login('program.officer@ita.example');
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${env().baseUrl}/proposals/${asean}/compliance`);
      await settled(page, 'compliance');
      const box = page.getByRole('region', { name: 'Compliance matrix' });
      const firstRowHeader = box.locator('tbody th[scope="row"]').first();
      const before = await firstRowHeader.boundingBox();
      // Strings run as expressions (not functions given the element), so they find the box themselves.
      const matrixBox = `document.querySelector('[role="region"][aria-label="Compliance matrix"]')`;
      const sizes = await page.evaluate<{ client: number; scroll: number }>(`({ client: ${matrixBox}.clientWidth, scroll: ${matrixBox}.scrollWidth })`);
      // Eleven markets are wider than the page: the box scrolls, the page does not.
      expect(sizes.scroll).toBeGreaterThan(sizes.client);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
      await page.evaluate(`${matrixBox}.scrollTo({ left: ${matrixBox}.scrollWidth })`);
      await expect.poll(() => page.evaluate(`${matrixBox}.scrollLeft`)).toBeGreaterThan(0);
      expect((await firstRowHeader.boundingBox())?.x).toBe(before?.x);

      const tracker = (await page.getByRole('region', { name: 'License tracker' }).boundingBox())!;
      const helper = (await page.getByRole('region', { name: 'Classification helper' }).boundingBox())!;
      const overlap = tracker.x < helper.x + helper.width && helper.x < tracker.x + tracker.width && tracker.y < helper.y + helper.height && helper.y < tracker.y + tracker.height;
      expect(overlap).toBe(false);
      // Nor does the tracker's table spill out of its section (onto the helper, once beside it).
      const spill = await page.evaluate(`(() => { const s = document.getElementById('licenses-title').closest('section'); return s.scrollWidth - s.clientWidth; })()`);
      expect(spill).toBeLessThanOrEqual(0);
    } finally {
      await close();
    }
  });

  it('anonymous: the login page, the 404 page, the public catalog and a package’s page', async () => {
    const { items } = (await (await fetch(`${env().baseUrl}/api/v1/public/catalog`)).json()) as { items: { id: string }[] };
    expect(items.length).toBeGreaterThan(0);
    const context = await env().browser.newContext();
    const page = await context.newPage();
    try {
      const problems = await checkPages(page, env().baseUrl, [{ path: '/' }, { path: '/no/such/page' }, { path: '/catalog' }, { path: `/catalog/${items[0]!.id}` }]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('applicants: home, consortium, a draft and a submitted proposal, compliance, company, API keys', async () => {
    const api = await apiAs(env().baseUrl, 'anchor@meridian.example');
    const { items: consortia } = (await api.get('/api/v1/consortia')) as { items: { id: string }[] };
    const uae = await proposalId('anchor@meridian.example', 'UAE');
    await checkAs('anchor@meridian.example', [
      { path: '/' },
      { path: `/consortia/${consortia[0]!.id}` },
      { path: `/proposals/${uae}`, tabs: ['History'] },
      { path: `/proposals/${uae}/compliance` },
      { path: '/organization' },
      { path: '/api-keys' },
    ]);
    const draft = await proposalId('anchor@harborhealth.example', 'East African');
    await checkAs('anchor@harborhealth.example', [{ path: '/' }, { path: `/proposals/${draft}` }, { path: `/proposals/${draft}/compliance` }]);
  });

  it('the program office, a reviewer and the decision official: queue, review, proposal tabs', async () => {
    const asean = await proposalId('program.officer@ita.example', 'ASEAN');
    await checkAs('program.officer@ita.example', [{ path: '/' }, { path: `/proposals/${asean}`, tabs: ['Review', 'History'] }, { path: `/proposals/${asean}/compliance` }]);

    const { items: reviews } = (await (await apiAs(env().baseUrl, 'reviewer@state.example')).get('/api/v1/reviews')) as { items: { id: string }[] };
    expect(reviews.length).toBeGreaterThan(0);
    await checkAs('reviewer@state.example', [{ path: '/' }, ...reviews.map((r) => ({ path: `/reviews/${r.id}` }))]);

    const { items: queue } = (await (await apiAs(env().baseUrl, 'decision@ita.example')).get('/api/v1/review-queue?limit=200&state=under_review')) as { items: { id: string }[] };
    await checkAs('decision@ita.example', [{ path: '/' }, ...queue.slice(0, 1).map((p) => ({ path: `/proposals/${p.id}`, tabs: ['Review'] }))]);
  });

  it('the screening analyst: the screening page', async () => {
    await checkAs('screening.analyst@ita.example', [{ path: '/' }, { path: '/screening' }]);
  });

  it('EDAG and financing: home, portfolio, deals, monitoring and a report', async () => {
    const api = await apiAs(env().baseUrl, 'edag@state.example');
    const { items: deals } = (await api.get('/api/v1/deals')) as { items: { id: string }[] };
    const { items: reports } = (await api.get('/api/v1/monitoring')) as { items: { id: string }[] };
    expect(deals.length).toBeGreaterThan(0);
    await checkAs('edag@state.example', [
      { path: '/' },
      { path: '/portfolio' },
      ...deals.slice(0, 2).map((d) => ({ path: `/deals/${d.id}` })),
      { path: '/monitoring' },
      ...reports.slice(0, 1).map((r) => ({ path: `/monitoring/${r.id}` })),
    ]);
    const { items: eximDeals } = (await (await apiAs(env().baseUrl, 'finance@exim.example')).get('/api/v1/deals')) as { items: { id: string }[] };
    await checkAs('finance@exim.example', [{ path: '/' }, ...eximDeals.slice(0, 1).map((d) => ({ path: `/deals/${d.id}` }))]);
  });

  it('oversight and administration: the auditor’s and the admin’s home, users, access log, API keys', async () => {
    await checkAs('auditor@oig.example', [{ path: '/' }, { path: '/portfolio' }, { path: '/users' }, { path: '/access-log' }]);
    await checkAs('admin@aiep.example', [{ path: '/' }, { path: '/api-keys' }, { path: '/users' }, { path: '/access-log' }]);
  }, 120_000);
});
