import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import shipped from '../../../../data/export-control/reference-data.json' with { type: 'json' };
import { addRequirement, signUpBuyer } from '../../test/buyer-factories.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import type { MarketCountry, MarketView } from '../../../shared/contracts/market.ts';

async function proposalId(c: Client, fragment: string): Promise<string> {
  const list = await c.get('/api/v1/proposals?limit=200');
  const hit = list.body.items.find((p: { title: string }) => p.title.includes(fragment));
  if (!hit) throw new Error(`no proposal like ${fragment}`);
  return hit.id;
}

const at = (view: MarketView, code: string): MarketCountry => {
  const c = view.countries.find((x) => x.code === code);
  if (!c) throw new Error(`no ${code}`);
  return c;
};

describeEachDb('market explorer', (h) => {
  let lattice: Client; // a Gulf member company
  let harbor: Client; // another consortium's anchor (its own draft: East Africa health)
  let riftvalley: Client; // a member of the East Africa draft
  let po: Client;
  let edag: Client;
  let auditor: Client;
  let admin: Client;
  let gulf: string;
  let asean: string;
  let health: string;

  it('ranks every country of the reference geography but the US, with each factor and the package’s target markets marked', async () => {
    lattice = await h().login('member@lattice.example');
    harbor = await h().login('anchor@harborhealth.example');
    riftvalley = await h().login('member@riftvalley.example');
    po = await h().login('program.officer@ita.example');
    edag = await h().login('edag@state.example');
    auditor = await h().login('auditor@oig.example');
    admin = await h().login('admin@aiep.example');
    gulf = await proposalId(po, 'Sovereign AI Cloud');
    asean = await proposalId(po, 'Digital Government AI');
    health = await proposalId(harbor, 'Clinical AI');

    const res = await lattice.get(`/api/v1/proposals/${gulf}/market`);
    expect(res.status).toBe(200);
    const view = res.body as MarketView;
    expect(view.weights).toEqual({ licensing: 4, financing: 2, demand: 3, competition: 1 });
    expect(view.sources.exportControl.version).toBe('2025.12-2');
    expect(view.sources.financingRules?.version).toBe('2026.1');
    expect(view.assumptions.licenseDays).toMatchObject({ clear: 0, licenseRequired: 90, denialPolicy: null });
    expect(view.assumptions.licenseDays.source).toContain('750.4(a)');
    expect(view.countries.length).toBeGreaterThan(240);
    expect(view.countries.some((c) => c.code === 'US')).toBe(false);
    expect(view.countries.map((c) => c.rank)).toEqual(view.countries.map((_, i) => i + 1));
    expect(view.countries.filter((c) => c.target).map((c) => c.code).sort()).toEqual(['AE', 'SA']);

    const ae = at(view, 'AE');
    expect(ae.licensing.status).toBe('license_required');
    expect(ae.licensing.counts.license_required).toBeGreaterThan(0);
    expect(ae.licensing.counts.needs_information).toBeGreaterThan(0); // the model component has no ECCN yet
    expect(ae.licensing.reviewPolicy).toMatch(/case-by-case/i);
    expect(ae.licensing.expectedDays).toBe(90);
    expect(ae.financing.incomeGroup).toBe('high');
    expect(Object.fromEntries(ae.financing.agencies.map((a) => [a.agency, a.standing]))).toEqual({ EXIM: 'eligible', DFC: 'conditional', USTDA: 'ineligible', SBA: 'eligible' });
    expect(ae.financing.agencies.find((a) => a.agency === 'USTDA')!.rules[0]).toMatchObject({ ruleId: 'ustda.eligible_host', outcome: 'fail' });

    // Comprehensive embargoes are prohibited and ranked last, with their reason and citation.
    const tail = view.countries.filter((c) => c.prohibited);
    expect(tail.map((c) => c.code)).toEqual(expect.arrayContaining(['CU', 'IR', 'KP']));
    expect(view.countries.slice(-tail.length)).toEqual(tail);
    expect(at(view, 'CU').licensing.reason?.citation).toContain('746.2');
    expect(at(view, 'CU').licensing.expectedDays).toBeNull();
    expect(at(view, 'CU').scores.licensing).toBe(0);
  });

  it('counts the non-US competitors recorded on deals in each market', async () => {
    const view = (await edag.get(`/api/v1/proposals/${asean}/market`)).body as MarketView;
    // The demo's ASEAN deals record one Chinese competitor in each market they are in.
    expect(at(view, 'SG').competition).toEqual({ nonUsCompetitors: 1, deals: 1 });
    expect(at(view, 'SG').scores.competition).toBe(0.5);
    expect(at(view, 'SG').additionality.conditions.find((c) => c.condition === 'low_competition')!.holds).toBe(false);
    expect(at(view, 'NZ').competition).toEqual({ nonUsCompetitors: 0, deals: 0 });
  });

  it('takes weights from the query string, echoes them, and refuses weights outside 0–10', async () => {
    const url = `/api/v1/proposals/${gulf}/market`;
    const zero = (await lattice.get(`${url}?wLicensing=0&wFinancing=0&wDemand=0&wCompetition=0`)).body as MarketView;
    expect(zero.weights).toEqual({ licensing: 0, financing: 0, demand: 0, competition: 0 });
    const open = zero.countries.filter((c) => !c.prohibited);
    expect(open.every((c) => c.total === 0)).toBe(true);
    expect(open.map((c) => c.code)).toEqual(open.map((c) => c.code).sort());

    const onlyLicensing = (await lattice.get(`${url}?wLicensing=10&wFinancing=0&wDemand=0&wCompetition=0`)).body as MarketView;
    expect(onlyLicensing.countries[0]!.total).toBe(Math.max(...onlyLicensing.countries.map((c) => c.total)));
    expect(at(onlyLicensing, 'GB').total).toBeGreaterThan(at(onlyLicensing, 'AE').total);

    for (const bad of ['wDemand=11', 'wLicensing=-1', 'wFinancing=abc', 'wCompetition=1e9']) {
      for (const suffix of ['', '.csv']) {
        const res = await lattice.get(`${url}${suffix}?${bad}`);
        expect(res.status, bad).toBe(400);
      }
    }
  });

  it('lets the consortium’s members, the program office and the EDAG coordinator explore; others get 404 or 403', async () => {
    const ok = async (c: Client, id: string) => expect((await c.get(`/api/v1/proposals/${id}/market`)).status).toBe(200);
    await ok(po, gulf);
    await ok(edag, asean);
    // A draft: its members explore it; nobody outside the consortium knows it exists.
    await ok(harbor, health);
    await ok(riftvalley, health);
    for (const suffix of ['', '.csv']) {
      expectProblem(await harbor.get(`/api/v1/proposals/${gulf}/market${suffix}`), 404, 'NOT_FOUND');
      expectProblem(await po.get(`/api/v1/proposals/${health}/market${suffix}`), 404, 'NOT_FOUND');
      // The EDAG coordinator reaches designated packages only.
      expectProblem(await edag.get(`/api/v1/proposals/${gulf}/market${suffix}`), 404, 'NOT_FOUND');
      // The auditor reads the proposal but does not explore markets.
      expectProblem(await auditor.get(`/api/v1/proposals/${gulf}/market${suffix}`), 403, 'FORBIDDEN');
      expectProblem(await lattice.get(`/api/v1/proposals/does-not-exist/market${suffix}`), 404, 'NOT_FOUND');
    }
  });

  it('exports the ranking as CSV with the same weights', async () => {
    const q = '?wLicensing=2&wFinancing=5&wDemand=1&wCompetition=3';
    const view = (await lattice.get(`/api/v1/proposals/${gulf}/market${q}`)).body as MarketView;
    const res = await lattice.get(`/api/v1/proposals/${gulf}/market.csv${q}`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/csv');
    expect(String(res.headers['content-disposition'])).toBe(`attachment; filename="market-${gulf}.csv"`);
    const rows = parse<Record<string, string>>(res.body as string, { columns: true });
    expect(rows).toHaveLength(view.countries.length);
    expect(rows.map((r) => r.country)).toEqual(view.countries.map((c) => c.code));
    const ae = rows.find((r) => r.country === 'AE')!;
    expect(ae).toMatchObject({ target_market: 'yes', income_group: 'high', ustda: 'ineligible', weight_financing: '5', expected_license_days: '90' });
    expect(Number(ae.total)).toBe(at(view, 'AE').total);
    // A reason that begins like a formula would be neutralised by the shared CSV writer.
    expect(rows.every((r) => !/^[=+\-@]/.test(r.licensing_reason ?? ''))).toBe(true);
  });

  it('follows buyers’ demand: a buyer who registers and states a requirement raises its country’s demand and rank', async () => {
    const url = `/api/v1/proposals/${gulf}/market`;
    const before = at((await lattice.get(url)).body, 'UY');
    expect(before.demand).toEqual({ requirements: 0, interests: 0, followers: 0, signals: 0 });
    expect(before.additionality.likelyWithoutSupport).toBe(false);
    const buyer = await signUpBuyer(h(), { name: 'Agencia de Gobierno Electrónico', country: 'UY' });
    await addRequirement(buyer.client, { country: 'UY' });

    const after = at((await lattice.get(url)).body, 'UY');
    expect(after.demand).toEqual({ requirements: 1, interests: 0, followers: 0, signals: 2 });
    expect(after.scores.demand).toBeGreaterThan(before.scores.demand);
    expect(after.total).toBeGreaterThan(before.total);
    expect(after.rank).toBeLessThan(before.rank);
    // High income, no license needed for the decided components, no competitor recorded, and now demand.
    expect(after.additionality).toEqual({
      likelyWithoutSupport: true,
      conditions: [
        { condition: 'licensing_clear', holds: true },
        { condition: 'income_group', holds: true },
        { condition: 'low_competition', holds: true },
        { condition: 'demand_present', holds: true },
      ],
    });
  });

  it('follows the financing rule book: a rule that excludes a country for an agency lowers its financing factor and rank', async () => {
    const url = `/api/v1/proposals/${gulf}/market`;
    const before = at((await lattice.get(url)).body, 'KE');
    expect(before.financing.agencies.find((a) => a.agency === 'EXIM')!.standing).toBe('eligible');
    const current = (await admin.get('/api/v1/financing/rules')).body.ruleSets.find((s: { version: string }) => s.version === '2026.1');
    const next = {
      version: '2026.11-market-test',
      effectiveFrom: '2026-11-01',
      rules: [
        ...current.rules,
        { id: 'exim.country_test', agency: 'EXIM', title: 'No cover for Kenya (test)', citation: 'Test rule', severity: 'blocking', require: { fact: 'country', op: 'notIn', value: ['KE'] } },
      ],
    };
    expect((await admin.post('/api/v1/financing/rules', next)).status).toBe(201);
    const view = (await lattice.get(url)).body as MarketView;
    expect(view.sources.financingRules?.version).toBe('2026.11-market-test');
    const after = at(view, 'KE');
    expect(after.financing.agencies.find((a) => a.agency === 'EXIM')).toMatchObject({ standing: 'ineligible', rules: [expect.objectContaining({ ruleId: 'exim.country_test', outcome: 'fail', citation: 'Test rule' })] });
    expect(after.scores.financing).toBeLessThan(before.scores.financing);
    expect(after.total).toBeLessThan(before.total);
    expect(after.rank).toBeGreaterThan(before.rank);
    expect(at(view, 'TZ').financing.agencies.find((a) => a.agency === 'EXIM')!.standing).toBe('eligible');
  });

  it('follows the export-control reference data: a newly embargoed country drops to the bottom as prohibited', async () => {
    const url = `/api/v1/proposals/${gulf}/market`;
    const before = (await lattice.get(url)).body as MarketView;
    expect(at(before, 'NZ').prohibited).toBe(false);
    const doc = structuredClone(shipped) as typeof shipped & { version: string; embargoes: unknown[] };
    doc.version = '2026.11-market-test';
    doc.effectiveDate = '2026-11-01';
    doc.embargoes.push({ id: 'test_nz', destinations: ['NZ'], effect: 'prohibited', effectiveFrom: '2020-01-01', citation: '15 CFR 746.99 (test embargo)', text: 'Test embargo on New Zealand' });
    expect((await admin.post('/api/v1/reference-data/export-control', doc)).status).toBe(201);

    const after = (await lattice.get(url)).body as MarketView;
    expect(after.sources.exportControl.version).toBe('2026.11-market-test');
    const nz = at(after, 'NZ');
    expect(nz).toMatchObject({ prohibited: true, scores: { licensing: 0 }, licensing: { status: 'prohibited', reason: { citation: '15 CFR 746.99 (test embargo)' }, expectedDays: null } });
    expect(nz.rank).toBeGreaterThan(after.countries.filter((c) => !c.prohibited).length);
    expect(after.countries.filter((c) => c.prohibited)).toHaveLength(before.countries.filter((c) => c.prohibited).length + 1);

    // Back to the shipped data: New Zealand returns to where it was.
    expect((await admin.post('/api/v1/reference-data/export-control/2025.12-2/activate', {})).status).toBe(200);
    expect(at((await lattice.get(url)).body, 'NZ').prohibited).toBe(false);
  });

  it('writes nothing when read', async () => {
    const count = async () => Number((await h().deps.db.db.selectFrom('audit_events').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    await lattice.get(`/api/v1/proposals/${gulf}/market`);
    await lattice.get(`/api/v1/proposals/${gulf}/market.csv`);
    expect(await count()).toBe(n);
  });
});
