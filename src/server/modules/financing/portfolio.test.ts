// The portfolio's commitment series (by month, country and layer; time to first commitment per
// package), scoped to the viewer, and the portfolio PDF as a report: labels, not raw keys.
import { beforeAll, expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import { extractPdfText } from '../../test/pdf-text.ts';
import type { Portfolio } from '../../../shared/contracts/financing.ts';
import type { Package } from '../../../shared/contracts/package.ts';

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';

/**
 * The demo's four commitments under the ASEAN package, moved to known dates: EXIM $10M (Brunei),
 * EXIM $28M (Singapore), DFC $4M (Timor-Leste) and EXIM $4M (the Philippine Statistics Authority).
 * September has none: the monthly series shows it as zero.
 */
const COMMITTED_AT: Record<string, string> = {
  'Brunei Digital Economy Council': '2026-08-21T09:00:00.000Z',
  'Singapore GovTech Agency': '2026-10-05T09:00:00.000Z',
  'Timor-Leste Ministry of Transport and Communications': '2026-10-20T09:00:00.000Z',
  'Philippine Statistics Authority': '2026-11-03T09:00:00.000Z',
};
const DESIGNATED_AT = '2026-08-01T09:00:00.000Z';

describeEachDb('the portfolio’s commitment series and report', (h) => {
  let edag: Client;
  let dfc: Client;
  let exim: Client;
  let anchor: Client;
  let proposalId: string;
  let pkg: Package;

  const setComponents = async (components: Package['components']) => {
    await h().deps.db.db.updateTable('proposals').set({ package_json: JSON.stringify({ ...pkg, components }) }).where('id', '=', proposalId).execute();
  };

  beforeAll(async () => {
    edag = await h().login('edag@state.example');
    dfc = await h().login('finance@dfc.example');
    exim = await h().login('finance@exim.example');
    anchor = await h().login('anchor@cascade.example');
    const db = h().deps.db.db;
    const proposal = await db.selectFrom('proposals').select(['id', 'package_json']).where('title', '=', ASEAN_TITLE).executeTakeFirstOrThrow();
    proposalId = proposal.id;
    pkg = JSON.parse(proposal.package_json) as Package;
    await db.updateTable('designated_packages').set({ designated_at: DESIGNATED_AT }).where('proposal_id', '=', proposalId).execute();
    for (const [buyer, at] of Object.entries(COMMITTED_AT)) {
      const deal = await db.selectFrom('deals').select('id').where('buyer_name', '=', buyer).executeTakeFirstOrThrow();
      await db.updateTable('financing_requests').set({ committed_at: at }).where('deal_id', '=', deal.id).where('committed_at', 'is not', null).execute();
    }
    // A package of round figures: infrastructure $6M (60 %), model $3M (30 %), security $1M
    // (10 %); the application component carries no value and so takes no share.
    const base = pkg.components[0]!;
    await setComponents([
      { ...base, id: 'srv', layer: 'infrastructure', category: 'server', unitValueUsd: 3_000_000, quantity: 2 },
      { ...base, id: 'mdl', layer: 'model', category: 'model', unitValueUsd: 3_000_000, quantity: 1 },
      { ...base, id: 'sec', layer: 'security', category: 'security_measure', unitValueUsd: 500_000, quantity: 2 },
      { ...base, id: 'app', layer: 'application', category: 'application', unitValueUsd: 0, quantity: 1 },
    ]);
  });

  it('gives commitments by month (gaps as zero), by country and by layer pro rata, and days to first commitment per package', async () => {
    const all: Portfolio = (await edag.get('/api/v1/portfolio')).body;
    expect(all.requests.committedUsd).toBe(46_000_000);
    expect(all.requests.committedByAgency).toEqual({ EXIM: 42_000_000, DFC: 4_000_000 });
    expect(all.requests.committedByMonth).toEqual({ '2026-08': 10_000_000, '2026-09': 0, '2026-10': 32_000_000, '2026-11': 4_000_000 });
    expect(Object.keys(all.requests.committedByMonth)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    expect(all.requests.committedByCountry).toEqual({ BN: 10_000_000, SG: 28_000_000, TL: 4_000_000, PH: 4_000_000 });
    expect(all.committedByLayer).toEqual({ infrastructure: 27_600_000, model: 13_800_000, security: 4_600_000 });
    expect(all.daysFromDesignationToFirstCommitment).toEqual({ mean: 20, min: 20, max: 20, packages: 1, byPackage: [{ proposalId, title: ASEAN_TITLE, days: 20 }] });
    // The anchor of the package sees the same figures.
    const own: Portfolio = (await anchor.get('/api/v1/portfolio')).body;
    expect(own.scope).toBe('applicant');
    expect(own.requests.committedByMonth).toEqual(all.requests.committedByMonth);
    expect(own.committedByLayer).toEqual(all.committedByLayer);
  });

  it('scopes every series to the agency’s own requests', async () => {
    const d: Portfolio = (await dfc.get('/api/v1/portfolio')).body;
    expect(d.requests.committedByMonth).toEqual({ '2026-10': 4_000_000 });
    expect(d.requests.committedByCountry).toEqual({ TL: 4_000_000 });
    expect(d.committedByLayer).toEqual({ infrastructure: 2_400_000, model: 1_200_000, security: 400_000 });
    // DFC's first commitment under the package came on 20 October, 80 days after designation.
    expect(d.daysFromDesignationToFirstCommitment?.byPackage).toEqual([{ proposalId, title: ASEAN_TITLE, days: 80 }]);
    const e: Portfolio = (await exim.get('/api/v1/portfolio')).body;
    expect(e.requests.committedByMonth).toEqual({ '2026-08': 10_000_000, '2026-09': 0, '2026-10': 28_000_000, '2026-11': 4_000_000 });
    expect(e.requests.committedByCountry).toEqual({ BN: 10_000_000, SG: 28_000_000, PH: 4_000_000 });
  });

  it('an outsider company has empty series; a role without a portfolio is refused', async () => {
    const outsider: Portfolio = (await (await h().login('anchor@meridian.example')).get('/api/v1/portfolio')).body;
    expect(outsider.requests.committedByMonth).toEqual({});
    expect(outsider.requests.committedByCountry).toEqual({});
    expect(outsider.committedByLayer).toEqual({});
    expect(outsider.daysFromDesignationToFirstCommitment).toBeNull();
    const reviewer = await h().login('reviewer@energy.example');
    expectProblem(await reviewer.get('/api/v1/portfolio'), 403, 'FORBIDDEN');
    expectProblem(await reviewer.get('/api/v1/portfolio.pdf'), 403, 'FORBIDDEN');
  });

  it('the PDF reads like a report: scope and date, sections, labels rather than keys, money, bars', async () => {
    const res = await h().app.inject({ method: 'GET', url: '/api/v1/portfolio.pdf?compress=false', headers: { cookie: edag.cookie } });
    expect(res.statusCode).toBe(200);
    const text = extractPdfText(res.rawPayload).replace(/\s+/g, ' ');
    for (const expected of [
      'Report on the whole program, as of November 16, 2026',
      '1. Totals',
      '2. Commitments',
      '3. Time from designation to first commitment',
      '4. Pipeline',
      '5. Deals',
      'Commitments by agency',
      'Export-Import Bank of the United States',
      'U.S. International Development Finance Corporation',
      '$42,000,000',
      'Commitments over time',
      'Aug 2026',
      'Sep 2026',
      '$32,000,000',
      'Commitments by country',
      'Brunei',
      'Singapore',
      'Commitments by layer',
      'Infrastructure',
      '$27,600,000',
      '20 days on average over 1 package',
      ASEAN_TITLE,
      'Medium-Term Loan Guarantee',
      'Contract signed',
      'Government services',
      'Closed lost',
    ]) {
      expect(text).toContain(expected);
    }
    // No key as stored: no snake_case word, no "agency:instrument" pair, no bare month key.
    expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(text).not.toMatch(/\b(EXIM|DFC):/);
    expect(text).not.toMatch(/\b2026-\d\d\b/);
    // Bars are vector rectangles: at least one per agency, month, country and layer charted.
    const bars = res.rawPayload.toString('latin1').match(/ re\s+(\/DeviceRGB cs\s+)?[\d. ]+scn\s+f\b/g) ?? [];
    expect(bars.length).toBeGreaterThanOrEqual(2 + 3 + 4 + 3);
  });

  it('an agency’s PDF names the agency as its scope and holds only its own figures', async () => {
    const res = await h().app.inject({ method: 'GET', url: '/api/v1/portfolio.pdf?compress=false', headers: { cookie: dfc.cookie } });
    const text = extractPdfText(res.rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain('Report on U.S. International Development Finance Corporation');
    expect(text).toContain('Timor-Leste');
    expect(text).not.toContain('Export-Import Bank');
    expect(text).not.toContain('$28,000,000');
  });

  it('tallies commitments as unallocated when the package lists no component value', async () => {
    await setComponents([]);
    const all: Portfolio = (await edag.get('/api/v1/portfolio')).body;
    expect(all.committedByLayer).toEqual({ unallocated: 46_000_000 });
    const text = extractPdfText((await h().app.inject({ method: 'GET', url: '/api/v1/portfolio.pdf?compress=false', headers: { cookie: edag.cookie } })).rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain('Not allocated (no component value)');
  });
});
