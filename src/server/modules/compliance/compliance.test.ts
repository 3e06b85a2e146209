import { expect, it } from 'vitest';
import shipped from '../../../../data/export-control/reference-data.json' with { type: 'json' };
import { loadActor } from '../auth/auth.service.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import { csvSafe } from '../../lib/csv.ts';
import { runScheduledWork } from '../../jobs/scheduled.ts';
import { complianceStatusOf, holdIfProhibited } from './compliance.service.ts';
import { extractPdfText } from '../../test/pdf-text.ts';
import { answerEligibility } from '../../test/factories.ts';

async function proposalByTitle(c: Client, fragment: string) {
  const list = await c.get('/api/v1/proposals?limit=200');
  const hit = list.body.items.find((p: { title: string }) => p.title.includes(fragment));
  if (!hit) throw new Error(`no proposal like ${fragment}`);
  return (await c.get(`/api/v1/proposals/${hit.id}`)).body;
}

const allCerts = { kinds: ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'] };

/** A complete package for one market, with a formula-like component name and a Cyrillic party. */
function packageFor(supplier: string, market: string) {
  const c = (id: string, layer: string, category: string, value: number, share: number, eccn: string | null, name = `${id} item`) => ({
    id, layer, category, name, supplier, countryOfOrigin: 'US', unitValueUsd: value, quantity: 1, usOriginShare: share, eccn,
  });
  return {
    components: [
      c('acc', 'infrastructure', 'accelerator', 600, 1, '3A090.a'),
      c('dc', 'infrastructure', 'data_center_facility', 400, 0, 'EAR99', '=HYPERLINK("http://evil.example","x")'),
      c('pipe', 'data', 'data_pipeline', 10, 1, 'EAR99'),
      c('llm', 'model', 'model', 10, 1, null),
      c('sec', 'security', 'security_measure', 10, 1, '5D992.c'),
      c('app', 'application', 'application', 10, 1, 'EAR99'),
    ],
    targetMarkets: [{ kind: 'country', code: market }],
    operatingModel: [
      {
        market,
        build: [{ name: 'ООО Строй-Тест', country: market }],
        own: [{ name: 'Owner Holdings', country: market }],
        operate: [{ name: 'Northstar Model Labs Inc.', country: 'US', orgId: 'org-northstar' }],
      },
    ],
    supportRequests: [{ agency: 'EXIM', instrument: 'direct_loan', amountUsd: 1_000_000, rationale: 'No commercial lender offers this tenor.' }],
  };
}

const embargoedAe = () => {
  const doc = structuredClone(shipped) as typeof shipped & { version: string; embargoes: unknown[] };
  doc.version = '2026.01-test';
  doc.effectiveDate = '2026-01-15';
  doc.embargoes.push({
    id: 'test_uae',
    destinations: ['AE'],
    effect: 'prohibited',
    effectiveFrom: '2020-01-01',
    citation: '15 CFR 746.99 (test embargo)',
    text: 'Test embargo on the United Arab Emirates',
  });
  return doc;
};

describeEachDb('compliance', (h) => {
  let officer: Client; // compliance@meridian: compliance officer of a Gulf member company
  let anchor: Client;
  let lattice: Client; // a Gulf member without license rights
  let harbor: Client; // another consortium
  let po: Client;
  let admin: Client;
  let gulf: { id: string; version: number };

  it('builds the Gulf matrix: components × AE/SA × the build/own/operate parties, with reasons and citations', async () => {
    officer = await h().login('compliance@meridian.example');
    anchor = await h().login('anchor@meridian.example');
    lattice = await h().login('member@lattice.example');
    harbor = await h().login('anchor@harborhealth.example');
    po = await h().login('program.officer@ita.example');
    admin = await h().login('admin@aiep.example');
    gulf = await proposalByTitle(officer, 'Sovereign AI Cloud');

    const res = await officer.get(`/api/v1/proposals/${gulf.id}/compliance`);
    expect(res.status).toBe(200);
    const m = res.body;
    expect(m.referenceData).toMatchObject({ version: '2025.12-2', effectiveDate: '2025-12-01', source: 'shipped' });
    expect(m.markets.map((x: { code: string }) => x.code)).toEqual(['AE', 'SA']);
    expect(m.components).toHaveLength(9);
    // AE: Falcon builds and owns, Meridian operates; SA adds the Riyadh owner.
    const names = (code: string) => m.markets.find((x: { code: string }) => x.code === code).partyIds.map((id: string) => m.parties.find((p: { id: string }) => p.id === id).name);
    expect(names('AE')).toEqual(['Falcon Digital Infrastructure PJSC', 'Meridian Compute Inc.']);
    expect(names('SA')).toEqual(['Falcon Digital Infrastructure PJSC', 'Riyadh Sovereign Cloud Company', 'Meridian Compute Inc.']);
    expect(m.parties.find((p: { name: string }) => p.name.startsWith('Falcon')).roles).toEqual(['build', 'own']);
    expect(m.cells).toHaveLength(9 * 2 + 9 * 3);

    const square = (c: string, mk: string) => m.grid.find((g: { componentId: string; market: string }) => g.componentId === c && g.market === mk);
    expect(square('gulf-acc', 'AE').status).toBe('license_required');
    expect(square('gulf-acc', 'SA').status).toBe('license_required');
    expect(square('gulf-model', 'AE').status).toBe('needs_information');
    expect(square('gulf-app', 'SA').status).toBe('clear');
    const accAe = m.cells.find((c: { componentId: string; market: string }) => c.componentId === 'gulf-acc' && c.market === 'AE');
    const d = m.determinations[accAe.determination];
    expect(d.licenseRequired).toBe(true);
    expect(d.reasons.some((r: { citation: string }) => r.citation.includes('15 CFR 742.6'))).toBe(true);
    expect(m.determinations[m.cells.find((c: { componentId: string }) => c.componentId === 'gulf-model').determination].needsInformation).toContain('item.eccn');

    expect(m.byComponent).toBeUndefined();
    expect(m.components.find((c: { id: string }) => c.id === 'gulf-acc').rollup.status).toBe('license_required');
    expect(m.markets.find((x: { code: string }) => x.code === 'AE').rollup.counts.license_required).toBeGreaterThan(0);
    expect(m.status).toBe('license_required');
    expect(m.package.counts.prohibited).toBe(0);
    expect(m.canEditLicenses).toBe(true);
    expect(m.proposalState).toBe('eligibility_screening');
  });

  it('shows the matrix to whoever sees the proposal, and to nobody else', async () => {
    const url = `/api/v1/proposals/${gulf.id}/compliance`;
    expect((await lattice.get(url)).status).toBe(200);
    expect((await lattice.get(url)).body.canEditLicenses).toBe(false);
    expect((await po.get(url)).body.canEditLicenses).toBe(true);
    for (const suffix of ['', '.csv', '.pdf']) {
      const res = await harbor.get(`${url}${suffix}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await harbor.get(`/api/v1/proposals/${gulf.id}/licenses`)).status).toBe(404);
    const anon = await h().app.inject({ method: 'GET', url });
    expect(anon.statusCode).toBe(401);
  });

  it('feeds the parties’ screening hits into the determinations', async () => {
    const before = (await officer.get(`/api/v1/proposals/${gulf.id}/compliance`)).body;
    const falcon = before.parties.find((p: { name: string }) => p.name.startsWith('Falcon'));
    // The app's own deps, with the screening port answering a hit for Falcon; restored afterwards.
    const ports = h().deps.ports;
    const screeningHits = ports.screeningHits;
    ports.screeningHits = async (_deps, _id, parties) => Object.fromEntries(parties.map((p) => [p.id, p.id === falcon.id ? [{ list: 'SDN', name: 'FALCON DIGITAL' }] : []]));
    try {
      const m = (await officer.get(`/api/v1/proposals/${gulf.id}/compliance`)).body;
      const f = m.parties.find((p: { id: string }) => p.id === falcon.id);
      expect(f.screened).toBe(true);
      expect(f.listHits).toEqual([{ list: 'SDN', name: 'FALCON DIGITAL' }]);
      const falconApp = m.cells.find((c: { componentId: string; market: string; partyId: string }) => c.componentId === 'gulf-app' && c.market === 'AE' && c.partyId === falcon.id);
      expect(falconApp.status).toBe('prohibited');
      const meridianApp = m.cells.find((c: { componentId: string; market: string; partyId: string }) => c.componentId === 'gulf-app' && c.market === 'AE' && c.partyId !== falcon.id);
      expect(meridianApp.status).toBe('clear');
      // Eligibility screening is before review: no hold yet.
      expect(m.proposalState).toBe('eligibility_screening');
    } finally {
      ports.screeningHits = screeningHits;
    }
  });

  let licenseId: string;
  it('keeps license records against cells, with optimistic versions', async () => {
    const create = await officer.post(`/api/v1/proposals/${gulf.id}/licenses`, { componentId: 'gulf-acc', market: 'AE', conditions: ['No re-export without BIS authorization'] });
    expect(create.status).toBe(201);
    expect(create.body).toMatchObject({ componentId: 'gulf-acc', market: 'AE', partyId: null, status: 'draft', version: 1, orphaned: false });
    licenseId = create.body.id;

    const list = await lattice.get(`/api/v1/proposals/${gulf.id}/licenses`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((l: { id: string }) => l.id)).toEqual([licenseId]);
    expect(list.body.canEdit).toBe(false);

    const noNumber = await officer.patch(`/api/v1/licenses/${licenseId}`, { version: 1, status: 'submitted' });
    expect(noNumber.status).toBe(400);
    const submitted = await officer.patch(`/api/v1/licenses/${licenseId}`, { version: 1, status: 'submitted', bisApplicationNumber: 'Z1234567' });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', bisApplicationNumber: 'Z1234567', version: 2 });
    const stale = await anchor.patch(`/api/v1/licenses/${licenseId}`, { version: 1, status: 'approved' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(stale.body.currentVersion).toBe(2);
    const approved = await po.patch(`/api/v1/licenses/${licenseId}`, { version: 2, status: 'approved', expiresAt: '2029-12-31' });
    expect(approved.status).toBe(200);
    expect(approved.body.version).toBe(3);

    const m = (await officer.get(`/api/v1/proposals/${gulf.id}/compliance`)).body;
    expect(m.grid.find((g: { componentId: string; market: string }) => g.componentId === 'gulf-acc' && g.market === 'AE').licenseIds).toEqual([licenseId]);
    expect(m.cells.filter((c: { licenseIds: string[] }) => c.licenseIds.includes(licenseId))).toHaveLength(2);
    expect(m.licenses[0]).toMatchObject({ id: licenseId, status: 'approved', expiresAt: '2029-12-31' });

    const history = (await anchor.get(`/api/v1/proposals/${gulf.id}/history`)).body.events.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['license.created', 'license.updated']));
  });

  it('refuses license records that match no cell, and writers without the right', async () => {
    const bad = await officer.post(`/api/v1/proposals/${gulf.id}/licenses`, { componentId: 'nope', market: 'FR' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['componentId', 'market']);
    const badParty = await officer.post(`/api/v1/proposals/${gulf.id}/licenses`, { componentId: 'gulf-acc', market: 'AE', partyId: 'pty-000000000000' });
    expect(badParty.status).toBe(400);
    expect(badParty.body.errors[0].path).toBe('partyId');
    const invalidStatus = await officer.post(`/api/v1/proposals/${gulf.id}/licenses`, { componentId: 'gulf-acc', market: 'AE', status: 'maybe' });
    expect(invalidStatus.status).toBe(400);

    expect((await lattice.post(`/api/v1/proposals/${gulf.id}/licenses`, { componentId: 'gulf-acc', market: 'SA' })).status).toBe(403);
    expect((await lattice.patch(`/api/v1/licenses/${licenseId}`, { version: 3, status: 'denied', bisApplicationNumber: 'Z1' })).status).toBe(403);
    const other = await harbor.patch(`/api/v1/licenses/${licenseId}`, { version: 3, status: 'denied', bisApplicationNumber: 'Z1' });
    expect(other.status).toBe(404);
    expect(other.body.detail).toBe('License not found');
    expect((await harbor.post(`/api/v1/proposals/${gulf.id}/licenses`, { componentId: 'gulf-acc', market: 'SA' })).status).toBe(404);

    const party = (await officer.get(`/api/v1/proposals/${gulf.id}/compliance`)).body.parties.find((p: { name: string }) => p.name.startsWith('Riyadh'));
    const perParty = await anchor.post(`/api/v1/proposals/${gulf.id}/licenses`, { componentId: 'gulf-srv', market: 'SA', partyId: party.id });
    expect(perParty.status).toBe(201);
    const stale = await anchor.delete(`/api/v1/licenses/${perParty.body.id}?version=7`);
    expect(stale.status).toBe(409);
    expect((await anchor.delete(`/api/v1/licenses/${perParty.body.id}?version=1`)).status).toBe(204);
    expect((await officer.get(`/api/v1/proposals/${gulf.id}/licenses`)).body.items).toHaveLength(1);
  });

  it('determines one case, and names an unknown ECCN or country in a 400', async () => {
    const ok = await officer.post('/api/v1/determinations', { item: { eccn: '3A090.a' }, destination: 'AE', endUser: { headquarters: 'AE', ultimateParentHeadquarters: 'AE' } });
    expect(ok.status).toBe(200);
    expect(ok.body.licenseRequired).toBe(true);
    expect(ok.body.status).toBe('license_required');
    expect(ok.body.reasons.every((r: { citation: string }) => r.citation.length > 0)).toBe(true);
    expect(ok.body.referenceData.version).toBe('2025.12-2');

    const cuba = await officer.post('/api/v1/determinations', { item: { eccn: 'EAR99' }, destination: 'CU' });
    expect(cuba.body.licenseRequired).toBe('prohibited');

    const eccn = await officer.post('/api/v1/determinations', { item: { eccn: '9Z999' }, destination: 'AE' });
    expect(eccn.status).toBe(400);
    expect(eccn.headers['content-type']).toContain('application/problem+json');
    expect(eccn.body.code).toBe('UNKNOWN_ECCN');
    expect(eccn.body.detail).toContain('9Z999');
    expect(eccn.body.errors[0].path).toBe('item.eccn');

    const country = await officer.post('/api/v1/determinations', { item: { eccn: '3A090.a' }, destination: 'XQ' });
    expect(country.status).toBe(400);
    expect(country.body.code).toBe('UNKNOWN_COUNTRY');
    expect(country.body.detail).toContain('XQ');
    expect(country.body.errors[0].path).toBe('destination');

    const hq = await officer.post('/api/v1/determinations', { item: { eccn: '3A090.a' }, destination: 'AE', endUser: { headquarters: 'QQ' } });
    expect(hq.status).toBe(400);
    expect(hq.body.errors[0].path).toBe('endUser.headquarters');

    const shape = await officer.post('/api/v1/determinations', { destination: 'AE' });
    expect(shape.status).toBe(400);
    expect(shape.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers one case under stated assumptions, with conditions and what would change the answer', async () => {
    const res = await officer.post('/api/v1/determinations', { asOf: '2025-12-01', item: { eccn: '3A090.a' }, destination: 'BR' });
    expect(res.status).toBe(200);
    expect(res.body.licenseRequired).toBe(false);
    expect(res.body.status).toBe('clear');
    expect(res.body.assumed).toBe(true);
    expect(res.body.needsInformation).toEqual(['endUser.headquarters', 'endUser.ultimateParentHeadquarters']);
    expect(res.body.assumptions.map((a: { fact: string }) => a.fact)).toEqual(['endUser.headquarters', 'endUser.ultimateParentHeadquarters', 'endUser.listHits']);
    expect(res.body.conditions).toContainEqual(expect.objectContaining({ fact: 'endUser.headquarters', then: true, citation: '15 CFR 742.6(a)(6)(iii)(A)' }));
    expect(res.body.sensitivity).toContainEqual(expect.objectContaining({ fact: 'endUse', outcome: true }));
    // Facts without a default still give null and needs_information.
    const ru = await officer.post('/api/v1/determinations', { asOf: '2025-12-01', item: { eccn: 'EAR99' }, destination: 'RU', endUser: { headquarters: 'RU', ultimateParentHeadquarters: 'RU' } });
    expect(ru.body.licenseRequired).toBeNull();
    expect(ru.body.status).toBe('needs_information');
    expect(ru.body.conditions.map((c: { then: unknown }) => c.then)).toEqual([true, false]);
  });

  it('suggests a classification from TPP, performance density and the datacenter flag', async () => {
    const a = await officer.post('/api/v1/classification-suggestions', { tpp: 5000 });
    expect(a.status).toBe(200);
    expect(a.body.eccn).toBe('3A090.a');
    expect(a.body.reasons[0].citation).toContain('3A090');
    const needs = await officer.post('/api/v1/classification-suggestions', { tpp: 2000 });
    expect(needs.body.eccn).toBeNull();
    expect(needs.body.needsInformation).toContain('performanceDensity');
    expect((await officer.post('/api/v1/classification-suggestions', { tpp: -1 })).status).toBe(400);
  });

  it('exports every cell as CSV with formula-like text neutralised', async () => {
    expect(csvSafe('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvSafe('+1')).toBe("'+1");
    expect(csvSafe('-1')).toBe("'-1");
    expect(csvSafe('@cmd')).toBe("'@cmd");
    expect(csvSafe('3A090.a')).toBe('3A090.a');
    const res = await officer.get(`/api/v1/proposals/${gulf.id}/compliance.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('.csv');
    const lines = String(res.body).trim().split('\n');
    expect(lines[0]).toMatch(/^component_id,component,eccn,/);
    expect(lines).toHaveLength(1 + 45);
    expect(lines.some((l) => l.startsWith('gulf-acc,') && l.includes(',AE,') && l.includes('license_required') && l.includes('15 CFR 742.6'))).toBe(true);
  });

  it('prints a PDF for signature: matrix, reasons with citations, screening, licenses, reference data', async () => {
    const res = await h().app.inject({ method: 'GET', url: `/api/v1/proposals/${gulf.id}/compliance.pdf`, headers: { cookie: officer.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = extractPdfText(pdf);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Export-control compliance determination');
    expect(flat).toContain('Sovereign AI Cloud for the UAE and Saudi Arabia');
    expect(flat).toContain('Reference data: version 2025.12-2, effective 2025-12-01');
    expect(flat).toContain('License required');
    expect(flat).toContain('Needs information');
    expect(flat).toContain('15 CFR 742.6(a)(6)(iii)');
    expect(flat).toContain('Falcon Digital Infrastructure PJSC');
    // The demo activates a list, so the parties are screened (the no-list case: compliance.matrix.test.ts).
    expect(flat).toContain('Screened: no list hits');
    expect(flat).toContain('Z1234567');
    expect(flat).toContain('Signature');
    expect(flat).toContain('Jordan Reyes');
  });

  let northstar: Client;
  let cuba: { id: string };
  it('places a proposal in review with a prohibited cell on compliance hold, as a system step', async () => {
    northstar = await h().login('anchor@northstar.example');
    const consortium = await northstar.post('/api/v1/consortia', { name: 'Northstar Caribbean', layerRoles: ['model'] });
    const created = await northstar.post('/api/v1/proposals', { consortiumId: consortium.body.id, title: 'Caribbean models', summary: '', package: packageFor('org-northstar', 'CU') });
    expect(created.status).toBe(201);
    cuba = created.body;
    // A draft is not held, whatever its matrix says.
    const draft = (await northstar.get(`/api/v1/proposals/${cuba.id}/compliance`)).body;
    expect(draft.status).toBe('prohibited');
    expect(draft.proposalState).toBe('draft');
    expect(await holdIfProhibited(h().deps, cuba.id)).toEqual({ held: false, status: 'prohibited' });

    expect((await northstar.post(`/api/v1/proposals/${cuba.id}/certifications`, allCerts)).status).toBe(200);
    expect((await northstar.post(`/api/v1/proposals/${cuba.id}/submit`, {})).status).toBe(200);
    expect((await po.post(`/api/v1/proposals/${cuba.id}/transitions`, { action: 'start_eligibility' })).status).toBe(200);
    await answerEligibility(po, cuba.id);
    // Entering review puts the proposal on hold at once: its matrix has a prohibited cell.
    const review = await po.post(`/api/v1/proposals/${cuba.id}/transitions`, { action: 'start_review' });
    expect(review.body.state).toBe('compliance_hold');
    const p = (await po.get(`/api/v1/proposals/${cuba.id}`)).body;
    expect(p.state).toBe('compliance_hold');
    const events = (await po.get(`/api/v1/proposals/${cuba.id}/history`)).body.events;
    const hold = events.find((e: { action: string }) => e.action === 'proposal.place_compliance_hold');
    expect(hold.actor).toBeNull();
    expect(hold.data).toMatchObject({ from: 'under_review', to: 'compliance_hold', system: true, referenceDataVersion: '2025.12-2' });
    expect(hold.data.note).toContain('15 CFR 746.2');
    // Held already: nothing more to do.
    expect((await holdIfProhibited(h().deps, cuba.id)).held).toBe(false);

    const actor = (await loadActor(h().deps, (await h().deps.db.db.selectFrom('users').select('id').where('email', '=', 'program.officer@ita.example').executeTakeFirstOrThrow()).id))!;
    expect(await complianceStatusOf({ ...h().deps, actor }, cuba.id)).toBe('prohibited');
    expect(await complianceStatusOf({ ...h().deps, actor }, gulf.id)).toBe('license_required');
  });

  it('reading the matrix never holds; the worker\u2019s sweep places the hold again after a release', async () => {
    expect((await po.post(`/api/v1/proposals/${cuba.id}/transitions`, { action: 'release_compliance_hold' })).body.state).toBe('under_review');
    const m = (await northstar.get(`/api/v1/proposals/${cuba.id}/compliance`)).body;
    expect(m.status).toBe('prohibited');
    expect(m.proposalState).toBe('under_review');
    expect((await po.get(`/api/v1/proposals/${cuba.id}`)).body.state).toBe('under_review');
    expect((await runScheduledWork(h().deps)).proposalsHeld).toEqual([cuba.id]);
    expect((await po.get(`/api/v1/proposals/${cuba.id}`)).body.state).toBe('compliance_hold');
    const holds = (await po.get(`/api/v1/proposals/${cuba.id}/history`)).body.events.filter((e: { action: string }) => e.action === 'proposal.place_compliance_hold');
    expect(holds).toHaveLength(2);
    expect(holds[1]).toMatchObject({ actor: null, data: { from: 'under_review', to: 'compliance_hold', system: true } });
  });

  it('prints Cyrillic party names and escapes formula-like component names', async () => {
    const csv = String((await northstar.get(`/api/v1/proposals/${cuba.id}/compliance.csv`)).body);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain('ООО Строй-Тест');
    const res = await h().app.inject({ method: 'GET', url: `/api/v1/proposals/${cuba.id}/compliance.pdf`, headers: { cookie: northstar.cookie } });
    const flat = extractPdfText(res.rawPayload).replace(/\s+/g, ' ');
    expect(flat).toContain('ООО Строй-Тест');
    expect(flat).toContain('Prohibited');
    expect(flat).toContain('15 CFR 746.2');
  });

  it('imports a new reference-data version with history; a bad file changes nothing', async () => {
    const before = (await officer.get('/api/v1/reference-data/export-control')).body;
    expect(before.active).toMatchObject({ version: '2025.12-2', source: 'shipped' });
    expect(before.versions).toHaveLength(1);

    const bad = await admin.post('/api/v1/reference-data/export-control', { ...structuredClone(shipped), version: '2026.02-bad', countryGroups: { 'D:1': { name: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('REFERENCE_DATA_INVALID');
    expect(bad.body.errors.length).toBeGreaterThan(0);
    expect(bad.body.errors.some((e: { path: string }) => e.path.startsWith('countryGroups'))).toBe(true);
    const notJson = await admin.post('/api/v1/reference-data/export-control', { hello: 'world' });
    expect(notJson.status).toBe(400);
    expect((await officer.get('/api/v1/reference-data/export-control')).body).toEqual(before);

    expect((await officer.post('/api/v1/reference-data/export-control', embargoedAe())).status).toBe(403);
    expect((await admin.post('/api/v1/reference-data/export-control', structuredClone(shipped))).status).toBe(409);

    // Gulf enters review; the new version embargoes the UAE, so the import puts it on hold.
    await answerEligibility(po, gulf.id);
    expect((await po.post(`/api/v1/proposals/${gulf.id}/transitions`, { action: 'start_review' })).body.state).toBe('under_review');
    const imported = await admin.post('/api/v1/reference-data/export-control', embargoedAe());
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toMatchObject({ version: '2026.01-test', effectiveDate: '2026-01-15', source: 'imported', active: true });
    expect(imported.body.heldProposals).toEqual([gulf.id]);
    expect((await po.get(`/api/v1/proposals/${gulf.id}`)).body.state).toBe('compliance_hold');

    const after = (await officer.get('/api/v1/reference-data/export-control')).body;
    expect(after.active).toMatchObject({ version: '2026.01-test', source: 'imported' });
    expect(after.versions.map((v: { version: string; active: boolean }) => [v.version, v.active])).toEqual([
      ['2026.01-test', true],
      ['2025.12-2', false],
    ]);
    expect(after.versions[0].importedBy).toBe('Sky Admin');
    const m = (await officer.get(`/api/v1/proposals/${gulf.id}/compliance`)).body;
    expect(m.referenceData.version).toBe('2026.01-test');
    expect(m.grid.find((g: { componentId: string; market: string }) => g.componentId === 'gulf-app' && g.market === 'AE').status).toBe('prohibited');
    expect((await admin.post('/api/v1/reference-data/export-control', embargoedAe())).status).toBe(409);

    // Back to the shipped file; the history stays.
    const back = await admin.post('/api/v1/reference-data/export-control/2025.12-2/activate', {});
    expect(back.status).toBe(200);
    expect(back.body.active.version).toBe('2025.12-2');
    expect(back.body.versions).toHaveLength(2);
    expect((await officer.get(`/api/v1/proposals/${gulf.id}/compliance`)).body.referenceData.version).toBe('2025.12-2');
    expect((await admin.get('/api/v1/reference-data/export-control/active.json')).body.version).toBe('2025.12-2');
    expect((await admin.post('/api/v1/reference-data/export-control/9999.1/activate', {})).status).toBe(404);
  });
});
