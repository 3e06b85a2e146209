// The public outcomes: the arithmetic and its disclosure control (pure), then over HTTP on both
// databases — figures from the demo's financed deals and one more deal financed here, no login
// needed, small amounts withheld, and nothing confidential in the JSON or the CSV.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { factoryPackage, createConsortium, must, session, uniqueWord } from '../../test/factories.ts';
import { describeEachDb, inject, type Client, type Harness } from '../../test/harness.ts';
import { computeOutcomes, quarterOf, type OutcomeFacts } from './outcomes.figures.ts';

const NOW = '2026-11-16T12:00:00.000Z';

function facts(overrides: Partial<OutcomeFacts> = {}): OutcomeFacts {
  return { packages: [], inForce: 0, deals: [], commitments: [], disbursements: [], reports: [], ...overrides };
}

const deal = (id: string, packageId: string, country: string, closedAt: string | null = null) => ({ id, packageId, country, createdAt: '2026-02-01T00:00:00.000Z', closedAt });

describe('the outcomes’ arithmetic', () => {
  it('withholds an amount summed over fewer deals than the threshold, and a second one so that it cannot be subtracted out', () => {
    const out = computeOutcomes(
      facts({
        packages: [{ id: 'p1', designatedAt: '2026-01-10T00:00:00.000Z', countries: ['AA', 'BB', 'CC'], layers: ['infrastructure'] }],
        deals: [deal('a1', 'p1', 'AA'), deal('b1', 'p1', 'BB'), deal('b2', 'p1', 'BB'), deal('b3', 'p1', 'BB'), deal('c1', 'p1', 'CC'), deal('c2', 'p1', 'CC'), deal('d1', 'p1', 'DD')],
        commitments: [
          { dealId: 'a1', usd: 5_000_000, at: '2026-03-01T00:00:00.000Z' },
          { dealId: 'b1', usd: 10_000_000, at: '2026-03-01T00:00:00.000Z' },
          { dealId: 'b2', usd: 10_000_000, at: '2026-03-01T00:00:00.000Z' },
          { dealId: 'b3', usd: 10_000_000, at: '2026-03-01T00:00:00.000Z' },
          { dealId: 'c1', usd: 4_000_000, at: '2026-03-01T00:00:00.000Z' },
          { dealId: 'c2', usd: 6_000_000, at: '2026-03-01T00:00:00.000Z' },
        ],
      }),
      { minDeals: 2, now: NOW },
    );
    const by = Object.fromEntries(out.byCountry.map((c) => [c.country, c]));
    // AA: one deal, withheld; CC, the smallest other amount, withheld with it; BB shown; DD has nothing to hide.
    expect(by.AA).toMatchObject({ deals: 1, dealsWithCommitment: 1, committedUsd: null, suppressed: true });
    expect(by.CC).toMatchObject({ deals: 2, dealsWithCommitment: 2, committedUsd: null, suppressed: true });
    expect(by.BB).toMatchObject({ deals: 3, committedUsd: 30_000_000, disbursedUsd: 0, suppressed: false });
    expect(by.DD).toMatchObject({ deals: 1, dealsWithCommitment: 0, committedUsd: 0, suppressed: false });
    expect(out.totals).toMatchObject({ designations: 1, deals: 7, dealsWithCommitment: 6, committedUsd: 45_000_000, suppressed: false });
    // The package counts once in each of its countries; DD is a deal's country outside them.
    expect([by.AA!.designations, by.BB!.designations, by.CC!.designations, by.DD!.designations]).toEqual([1, 1, 1, 0]);
  });

  it('counts a package’s deals and money in full in every layer it covers, and withholds a layer that differs from another by too few deals', () => {
    const out = computeOutcomes(
      facts({
        packages: [
          { id: 'p1', designatedAt: '2026-01-10T00:00:00.000Z', countries: ['AA'], layers: ['infrastructure', 'model'] },
          { id: 'p2', designatedAt: '2026-02-10T00:00:00.000Z', countries: ['AA'], layers: ['infrastructure'] },
        ],
        deals: [deal('d1', 'p1', 'AA'), deal('d2', 'p1', 'AA'), deal('d3', 'p2', 'AA')],
        commitments: [
          { dealId: 'd1', usd: 10, at: '2026-03-01T00:00:00.000Z' },
          { dealId: 'd2', usd: 20, at: '2026-03-01T00:00:00.000Z' },
          { dealId: 'd3', usd: 7, at: '2026-03-01T00:00:00.000Z' },
        ],
      }),
      { minDeals: 2, now: NOW },
    );
    const layer = Object.fromEntries(out.byLayer.map((l) => [l.layer, l]));
    expect(out.byLayer.map((l) => l.layer)).toEqual(['infrastructure', 'model']);
    expect(layer.infrastructure).toMatchObject({ designations: 2, deals: 3, committedUsd: 37 });
    // 37 − 30 would be p2's single deal: the model layer's amount is withheld, its counts stay.
    expect(layer.model).toMatchObject({ designations: 1, deals: 2, dealsWithCommitment: 2, committedUsd: null, suppressed: true });
    expect(out.totals.committedUsd).toBe(37);

    const open = computeOutcomes(
      facts({
        packages: [{ id: 'p1', designatedAt: '2026-01-10T00:00:00.000Z', countries: ['AA'], layers: ['infrastructure', 'model', 'data'] }],
        deals: [deal('d1', 'p1', 'AA'), deal('d2', 'p1', 'AA')],
        commitments: [
          { dealId: 'd1', usd: 10, at: '2026-03-01T00:00:00.000Z' },
          { dealId: 'd2', usd: 20, at: '2026-03-01T00:00:00.000Z' },
        ],
      }),
      { minDeals: 2, now: NOW },
    );
    // Counted in full in each layer: the layers add up to three times the total.
    expect(open.byLayer.map((l) => l.committedUsd)).toEqual([30, 30, 30]);
    expect(open.totals.committedUsd).toBe(30);
  });

  it('runs the quarters without gaps, dates disbursements and closings, and gives the time to first commitment over enough packages', () => {
    const out = computeOutcomes(
      facts({
        packages: [
          { id: 'p1', designatedAt: '2026-01-10T00:00:00.000Z', countries: ['AA'], layers: ['model'] },
          { id: 'p2', designatedAt: '2026-02-01T00:00:00.000Z', countries: ['AA'], layers: ['model'] },
        ],
        inForce: 2,
        deals: [deal('d1', 'p1', 'AA', '2026-09-15T00:00:00.000Z'), deal('d2', 'p2', 'AA')],
        commitments: [
          { dealId: 'd1', usd: 100, at: '2026-01-20T00:00:00.000Z' },
          { dealId: 'd2', usd: 50, at: '2026-03-03T00:00:00.000Z' },
          { dealId: 'd1', usd: 1, at: '2026-02-01T00:00:00.000Z' },
        ],
        disbursements: [
          { dealId: 'd1', usd: 40, at: '2026-08-01T00:00:00.000Z' },
          { dealId: 'd2', usd: 10, at: '2026-08-02T00:00:00.000Z' },
        ],
        reports: [
          { period: '2026-Q1', dueAt: '2026-04-30T00:00:00.000Z', submittedAt: '2026-04-20T00:00:00.000Z' },
          { period: '2026-Q2', dueAt: '2026-07-30T00:00:00.000Z', submittedAt: '2026-08-20T00:00:00.000Z' },
          { period: '2026-Q3', dueAt: '2026-10-30T00:00:00.000Z', submittedAt: null },
          { period: '2026-Q4', dueAt: '2027-01-30T00:00:00.000Z', submittedAt: null },
        ],
      }),
      { minDeals: 2, now: NOW },
    );
    expect(out.byQuarter.map((q) => [q.quarter, q.designations, q.deals, q.dealsClosed, q.committedUsd, q.disbursedUsd, q.reportsFiled])).toEqual([
      ['2026-Q1', 2, 2, 0, 151, 0, 1],
      // The Q2 report was filed late, in August: it counts for its quarter.
      ['2026-Q2', 0, 0, 0, 0, 0, 1],
      ['2026-Q3', 0, 0, 1, 0, 50, 0],
    ]);
    expect(out.totals).toMatchObject({ designationsInForce: 2, dealsClosed: 1, committedUsd: 151, disbursedUsd: 50 });
    // Days 10 (p1: designated Jan 10, first committed Jan 20) and 30 (p2: Feb 1 → Mar 3).
    expect(out.timeToFirstCommitment).toEqual({ packages: 2, medianDays: 20, meanDays: 20, suppressed: false });
    expect(out.monitoring).toEqual({ reportsDue: 3, reportsFiled: 2, filedOnTime: 1 });
    expect(computeOutcomes(facts({ packages: [{ id: 'p1', designatedAt: '2026-01-10T00:00:00.000Z', countries: [], layers: [] }], deals: [deal('d1', 'p1', 'AA')], commitments: [{ dealId: 'd1', usd: 5, at: '2026-01-11T00:00:00.000Z' }] }), { minDeals: 2, now: NOW }).timeToFirstCommitment).toEqual({
      packages: 1,
      medianDays: null,
      meanDays: null,
      suppressed: true,
    });
    expect(quarterOf('2026-12-31T23:59:59.000Z')).toBe('2026-Q4');
    expect(quarterOf('2027-01-01T00:00:00.000Z')).toBe('2027-Q1');
  });

  it('withholds a second quarter beside a lone withheld one, and nothing but the amounts', () => {
    const out = computeOutcomes(
      facts({
        packages: [{ id: 'p1', designatedAt: '2026-01-10T00:00:00.000Z', countries: ['AA'], layers: ['data'] }],
        deals: [deal('d1', 'p1', 'AA'), deal('d2', 'p1', 'AA'), deal('d3', 'p1', 'AA'), deal('d4', 'p1', 'AA')],
        commitments: [
          { dealId: 'd1', usd: 9, at: '2026-02-01T00:00:00.000Z' },
          { dealId: 'd2', usd: 1, at: '2026-05-01T00:00:00.000Z' },
          { dealId: 'd3', usd: 2, at: '2026-05-01T00:00:00.000Z' },
          { dealId: 'd4', usd: 3, at: '2026-08-01T00:00:00.000Z' },
          { dealId: 'd1', usd: 4, at: '2026-08-02T00:00:00.000Z' },
        ],
      }),
      { minDeals: 2, now: NOW },
    );
    // Q1 has one deal; Q2 (two deals, $3) is the smallest other amount, withheld with it; Q3 and the total stay.
    expect(out.byQuarter.map((q) => [q.quarter, q.dealsWithCommitment, q.committedUsd, q.suppressed])).toEqual([
      ['2026-Q1', 1, null, true],
      ['2026-Q2', 2, null, true],
      ['2026-Q3', 2, 7, false],
    ]);
    expect(out.totals).toMatchObject({ dealsWithCommitment: 4, committedUsd: 19, suppressed: false });
  });

  it('with nothing to count: zeros, no quarters, nothing withheld', () => {
    const out = computeOutcomes(facts(), { minDeals: 2, now: NOW });
    expect(out.totals).toMatchObject({ designations: 0, deals: 0, committedUsd: 0, disbursedUsd: 0, suppressed: false });
    expect(out).toMatchObject({ asOf: '2026-11-16', minDeals: 2, byCountry: [], byLayer: [], byQuarter: [], timeToFirstCommitment: { packages: 0, medianDays: null, suppressed: false } });
  });
});

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';
const anonymous = (h: Harness) => inject(h.app, '', '');

describeEachDb('the public outcomes', (h) => {
  const mark = uniqueWord('confidential');
  const MARKS = {
    undesignatedTitle: `Undesignated ${mark} title`,
    rationale: `Rationale ${mark} for support`,
    buyer: `Buyer ${mark} Authority`,
    note: `Agency note ${mark}: buyer rating B`,
    interestBuyer: `Interested ${mark} Ministry`,
    dealValue: '87654321',
  };
  let asean: { id: string; layers: string[] };
  let edag: Client;
  let exim: Client;

  beforeAll(async () => {
    const anon = anonymous(h());
    asean = (await anon.get('/api/v1/public/catalog')).body.items.find((e: { title: string }) => e.title === ASEAN_TITLE);
    edag = await session(h(), 'edag@state.example');
    exim = await session(h(), 'finance@exim.example');
  });

  afterEach(() => {
    h().deps.config.OUTCOMES_MIN_DEALS = 2;
  });

  it('needs no login and gives the demo’s figures: one designated package, its deals, $46M committed over four deals and $15.5M disbursed over three', async () => {
    const res = await anonymous(h()).get('/api/v1/public/outcomes');
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o).toMatchObject({ asOf: '2026-11-16', minDeals: 2 });
    expect(o.totals).toEqual({
      designations: 1,
      designationsInForce: 1,
      deals: 12,
      dealsClosed: 3,
      dealsWithCommitment: 4,
      dealsWithDisbursement: 3,
      committedUsd: 46_000_000,
      disbursedUsd: 15_500_000,
      suppressed: false,
    });
    const country = (code: string) => o.byCountry.find((c: { country: string }) => c.country === code);
    // Singapore: one deal with $28M committed — counts shown, the amount withheld.
    expect(country('SG')).toEqual({ country: 'SG', designations: 1, deals: 1, dealsClosed: 1, dealsWithCommitment: 1, dealsWithDisbursement: 1, committedUsd: null, disbursedUsd: null, suppressed: true });
    // Cambodia: two deals, no money: zero is no secret.
    expect(country('KH')).toMatchObject({ deals: 2, dealsWithCommitment: 0, committedUsd: 0, disbursedUsd: 0, suppressed: false });
    // A target country without a deal still counts the designation.
    expect(country('MY')).toMatchObject({ designations: 1, deals: 0 });
    // Every layer the package covers carries all of its deals and money.
    expect(o.byLayer.map((l: { layer: string }) => l.layer).sort()).toEqual([...asean.layers].sort());
    for (const l of o.byLayer) expect(l).toMatchObject({ designations: 1, deals: 12, committedUsd: 46_000_000, disbursedUsd: 15_500_000 });
    expect(o.byQuarter).toEqual([expect.objectContaining({ quarter: '2026-Q4', designations: 1, deals: 12, committedUsd: 46_000_000 })]);
    // One package with a commitment: its time to first commitment is withheld.
    expect(o.timeToFirstCommitment).toEqual({ packages: 1, medianDays: null, meanDays: null, suppressed: true });
    // A logged-in user reads the same answer.
    const po = await session(h(), 'program.officer@ita.example');
    expect((await po.get('/api/v1/public/outcomes')).body).toEqual(o);
  });

  it('a second financed deal in a country shows its amounts; the threshold is a setting', async () => {
    const before = (await anonymous(h()).get('/api/v1/public/outcomes')).body;
    const d = must(await edag.post(`/api/v1/proposals/${asean.id}/deals`, { country: 'PH', buyerName: MARKS.buyer, buyerType: 'government', valueUsd: Number(MARKS.dealValue), sector: 'government_services' }), 201, 'open deal').body;
    let r = must(await edag.post(`/api/v1/deals/${d.id}/financing-requests`, { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 7_000_000 }), 201, 'refer').body;
    const step = async (action: string, extra: Record<string, unknown> = {}) => {
      r = must(await exim.post(`/api/v1/financing-requests/${r.id}/actions/${action}`, { version: r.version, ...extra }), 200, action).body;
    };
    await step('submit_to_agency');
    await step('indicative_offer', { amountUsd: 6_000_000, note: MARKS.note });
    await step('due_diligence');
    await step('approve');
    // The demo approved the licenses the Philippines need.
    await step('final_commitment', { amountUsd: 6_000_000 });
    await step('close');
    await step('disburse', { amountUsd: 2_000_000 });

    const o = (await anonymous(h()).get('/api/v1/public/outcomes')).body;
    expect(o.totals).toMatchObject({ deals: before.totals.deals + 1, dealsClosed: before.totals.dealsClosed + 1, committedUsd: before.totals.committedUsd + 6_000_000, disbursedUsd: before.totals.disbursedUsd + 2_000_000 });
    // The Philippines now have two deals with commitments ($4M + $6M) and two with disbursements ($4M + $2M).
    const ph = o.byCountry.find((c: { country: string }) => c.country === 'PH');
    expect(ph).toMatchObject({ deals: 3, dealsWithCommitment: 2, committedUsd: 10_000_000, dealsWithDisbursement: 2, disbursedUsd: 6_000_000, suppressed: false });

    h().deps.config.OUTCOMES_MIN_DEALS = 1;
    const open = (await anonymous(h()).get('/api/v1/public/outcomes')).body;
    expect(open.minDeals).toBe(1);
    expect(open.byCountry.find((c: { country: string }) => c.country === 'SG')).toMatchObject({ committedUsd: 28_000_000, disbursedUsd: 10_000_000, suppressed: false });
    expect(open.byCountry.every((c: { suppressed: boolean }) => !c.suppressed)).toBe(true);

    h().deps.config.OUTCOMES_MIN_DEALS = 50;
    const closed = (await anonymous(h()).get('/api/v1/public/outcomes')).body;
    expect(closed.totals).toMatchObject({ deals: o.totals.deals, dealsWithCommitment: o.totals.dealsWithCommitment, committedUsd: null, disbursedUsd: null, suppressed: true });
    expect(closed.byLayer.every((l: { committedUsd: number | null }) => l.committedUsd === null)).toBe(true);
  });

  it('never carries a confidential fact: undesignated titles, support rationales, buyer names, deal values, agency notes', async () => {
    // An undesignated proposal with a marked title and support rationale.
    const consortium = await createConsortium(h());
    const pkg = factoryPackage();
    pkg.supportRequests[0]!.rationale = MARKS.rationale;
    must(await consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, title: MARKS.undesignatedTitle, summary: 'Not designated.', package: pkg }), 201, 'create proposal');
    // A buyer's public registration of interest.
    must(await anonymous(h()).post(`/api/v1/public/catalog/${asean.id}/interest`, { buyerName: MARKS.interestBuyer, buyerKind: 'government', country: 'PH', contactEmail: 'eoi@buyer.example', requirements: { notes: MARKS.rationale } }), 201, 'interest');
    // The marked deal of the test before may not have run alone: open one here as well.
    must(await edag.post(`/api/v1/proposals/${asean.id}/deals`, { country: 'TH', buyerName: MARKS.buyer, buyerType: 'government', valueUsd: Number(MARKS.dealValue), sector: 'government_services' }), 201, 'open deal');

    h().deps.config.OUTCOMES_MIN_DEALS = 1;
    const json = await anonymous(h()).get('/api/v1/public/outcomes');
    const csv = await anonymous(h()).get('/api/v1/public/outcomes.csv');
    expect(json.status).toBe(200);
    expect(csv.status).toBe(200);
    for (const text of [JSON.stringify(json.body), String(csv.body)]) {
      for (const marker of [mark, MARKS.dealValue, ASEAN_TITLE, 'Singapore GovTech Agency', '40000000']) expect(text).not.toContain(marker);
    }
  });

  it('downloads as CSV: an attachment with the same figures, a withheld amount as an empty cell', async () => {
    const json = (await anonymous(h()).get('/api/v1/public/outcomes')).body;
    const res = await anonymous(h()).get('/api/v1/public/outcomes.csv');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/csv');
    expect(String(res.headers['content-disposition'])).toBe('attachment; filename="aiep-outcomes.csv"');
    const lines = String(res.body).trim().split(/\r?\n/);
    expect(lines[0]).toBe('dimension,key,name,designations,deals,deals_closed,deals_with_commitment,deals_with_disbursement,committed_usd,disbursed_usd,amount_withheld,monitoring_reports_filed');
    expect(lines[1]).toBe(`program,all,The whole program,1,${json.totals.deals},${json.totals.dealsClosed},${json.totals.dealsWithCommitment},${json.totals.dealsWithDisbursement},${json.totals.committedUsd},${json.totals.disbursedUsd},no,${json.monitoring.reportsFiled}`);
    expect(lines).toContain('country,SG,Singapore,1,1,1,1,1,,,yes,');
    expect(lines.filter((l) => l.startsWith('layer,'))).toHaveLength(json.byLayer.length);
    expect(lines.filter((l) => l.startsWith('quarter,'))).toHaveLength(json.byQuarter.length);
    expect(lines).toHaveLength(1 + 1 + json.byCountry.length + json.byLayer.length + json.byQuarter.length);
  });
});
