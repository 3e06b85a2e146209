// No list, no clearance: a matrix cell whose party was not screened against an active list is
// "needs screening", never "clear"; with a screening answer for every party the engine's status stands.
import { describe, expect, it } from 'vitest';
import { defaultReferenceData } from '../../../engines/export-control/index.ts';
import { PackageSchema } from '../../../shared/contracts/package.ts';
import { complianceCsv } from './compliance.reports.ts';
import { buildMatrixView, declaredParties, type MatrixSubject } from './compliance.matrix.ts';

const pkg = PackageSchema.parse({
  components: [
    { id: 'c-app', layer: 'application', category: 'application', name: 'Advisory app', supplier: 'org-a', countryOfOrigin: 'US', unitValueUsd: 100_000, quantity: 1, usOriginShare: 1, eccn: 'EAR99', description: '' },
    { id: 'c-acc', layer: 'infrastructure', category: 'accelerator', name: 'Accelerators', supplier: 'org-a', countryOfOrigin: 'US', unitValueUsd: 30_000, quantity: 8, usOriginShare: 1, eccn: '3A090.a', description: '' },
  ],
  targetMarkets: [{ kind: 'country', code: 'AR' }, { kind: 'country', code: 'SA' }],
  operatingModel: [
    { market: 'AR', build: [], own: [{ name: 'Cooperativa Sur', country: 'AR', orgId: null }], operate: [] },
    { market: 'SA', build: [], own: [{ name: 'Riyadh Cloud', country: 'SA', orgId: null }], operate: [] },
  ],
  supportRequests: [],
});
const subject: MatrixSubject = { id: 'p1', title: 'P', state: 'under_review', pkg, countries: ['AR', 'SA'], orgs: new Map() };
const build = (hits: Record<string, []>) =>
  buildMatrixView(subject, defaultReferenceData(), { asOf: '2026-11-16', hits, licenses: [], referenceData: { version: 'v', effectiveDate: '2025-12-01', source: 'shipped', importedAt: null, importedBy: null }, computedAt: '2026-11-16T00:00:00Z', canEditLicenses: false });

describe('compliance matrix: no list, no clearance', () => {
  it('an unscreened party makes a clear cell "needs screening"; a license requirement stays', () => {
    const m = build({});
    const app = m.cells.filter((c) => c.componentId === 'c-app');
    expect(app.map((c) => c.status)).toEqual(['needs_screening', 'needs_screening']);
    expect(m.cells.find((c) => c.componentId === 'c-acc' && c.market === 'SA')!.status).toBe('license_required');
    expect(m.parties.every((p) => !p.screened)).toBe(true);
    expect(m.package.counts.needs_screening).toBe(m.cells.filter((c) => c.status === 'needs_screening').length);
    expect(m.package.counts.clear).toBe(0);
    expect(m.grid.find((g) => g.componentId === 'c-app' && g.market === 'AR')!.status).toBe('needs_screening');
    // The CSV report says it too: the status and the party's screening.
    const csv = complianceCsv(m);
    expect(csv).toContain('needs_screening');
    expect(csv).toContain('not screened: no screening list is active');
  });

  it('with a screening answer for every party, the engine’s status stands', () => {
    const { parties } = declaredParties(pkg, ['AR', 'SA']);
    const m = build(Object.fromEntries([...parties.keys()].map((id) => [id, []])));
    expect(m.cells.filter((c) => c.componentId === 'c-app').map((c) => c.status)).toEqual(['clear', 'clear']);
    expect(m.package.counts.needs_screening).toBe(0);
    expect(m.parties.every((p) => p.screened)).toBe(true);
  });

  it('a cell decided under defaults for missing facts is marked, with its assumptions and conditions', () => {
    const { parties } = declaredParties(pkg, ['AR', 'SA']);
    const m = build(Object.fromEntries([...parties.keys()].map((id) => [id, []])));
    // The owner has no organization record, so no ultimate parent: assumed to be the owner itself.
    const cell = m.cells.find((c) => c.componentId === 'c-acc' && c.market === 'AR')!;
    expect(cell.status).toBe('clear');
    expect(cell.assumed).toBe(true);
    const d = m.determinations[cell.determination]!;
    expect(d.assumed).toBe(true);
    expect(d.assumptions).toEqual([expect.objectContaining({ fact: 'party.ultimateParentHeadquarters', assumed: 'AR' })]);
    expect(d.conditions).toContainEqual(expect.objectContaining({ fact: 'party.ultimateParentHeadquarters', then: true, citation: '15 CFR 742.6(a)(6)(iii)(A)' }));
    // The matrix computes no sensitivity; cells with complete facts carry no marker.
    expect(d.sensitivity).toBeUndefined();
    expect(m.cells.find((c) => c.componentId === 'c-app' && c.market === 'AR')!.assumed).toBeUndefined();
    // The CSV report carries the assumptions and conditions too.
    const csv = complianceCsv(m);
    expect(csv.split('\n')[0]).toMatch(/,assumptions,conditions$/);
    expect(csv).toContain('party.ultimateParentHeadquarters = AR');
    expect(csv).toContain('A license would be required if party.ultimateParentHeadquarters is in Macau or a Country Group D:5 country [15 CFR 742.6(a)(6)(iii)(A)]');
  });
});
