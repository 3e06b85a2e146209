import { describe, expect, it } from 'vitest';
import { PackageSchema } from '../contracts/package.ts';
import { expandMarkets } from '../reference/geography.ts';
import { checkCompleteness } from './completeness.ts';
import { checkCountryOfConcern } from './ownership.ts';
import { availableActions, checkTransition, PROPOSAL_STATES, PROPOSAL_TRANSITIONS } from './proposal-lifecycle.ts';
import { computeUsContent } from './us-content.ts';
import { changeKinds, diffPackages } from './package-diff.ts';

const concern = ['CN', 'HK', 'MO'];
const base = { name: 'Acme', countryOfIncorporation: 'US', principalPlaceOfBusiness: 'US', owners: [], ultimateParent: null };

describe('country-of-concern check', () => {
  it('passes a US company with US owners', () => {
    expect(checkCountryOfConcern({ ...base, owners: [{ name: 'X', country: 'US', percent: 100 }] }, concern)).toEqual({ concern: false, reasons: [] });
  });
  it('flags location by incorporation or principal place of business', () => {
    expect(checkCountryOfConcern({ ...base, countryOfIncorporation: 'MO' }, concern).reasons[0]).toMatch(/Incorporated in MO/);
    expect(checkCountryOfConcern({ ...base, principalPlaceOfBusiness: 'CN' }, concern).reasons[0]).toMatch(/Principal place of business in CN/);
  });
  it('flags ownership at 50 % and not below, counting HK and MO with the PRC', () => {
    expect(checkCountryOfConcern({ ...base, owners: [{ name: 'A', country: 'CN', percent: 49.99 }] }, concern).concern).toBe(false);
    expect(checkCountryOfConcern({ ...base, owners: [{ name: 'A', country: 'CN', percent: 50 }] }, concern).concern).toBe(true);
    expect(checkCountryOfConcern({ ...base, owners: [{ name: 'A', country: 'HK', percent: 30 }, { name: 'B', country: 'MO', percent: 20 }] }, concern).reasons).toEqual([
      'Owned 50 % from CN, at or above 50 %',
    ]);
  });
  it('does not add up owners from different countries of concern', () => {
    const r = checkCountryOfConcern({ ...base, owners: [{ name: 'A', country: 'RU', percent: 30 }, { name: 'B', country: 'IR', percent: 30 }] }, ['RU', 'IR']);
    expect(r.concern).toBe(false);
  });
  it('flags control through the ultimate parent, and uses the configured list', () => {
    const org = { ...base, ultimateParent: { name: 'Parent', country: 'RU' } };
    expect(checkCountryOfConcern(org, concern).concern).toBe(false);
    expect(checkCountryOfConcern(org, ['RU']).reasons).toEqual(['Controlled from RU: ultimate parent Parent']);
  });
});

const component = (layer: string, value: number, quantity: number, share: number, id = layer) => ({
  id, layer, category: 'other', name: id, supplier: 'm1', countryOfOrigin: 'US', unitValueUsd: value, quantity, usOriginShare: share,
});

describe('US content', () => {
  it('weights each infrastructure component by value and ignores other layers', () => {
    const pkg = PackageSchema.parse({ components: [component('infrastructure', 100, 3, 1, 'a'), component('infrastructure', 200, 1, 0, 'b'), component('model', 1e6, 1, 0)] });
    const u = computeUsContent(pkg.components);
    expect(u.totalValueUsd).toBe(500);
    expect(u.share).toBeCloseTo(0.6);
    expect(u.presumptionMet).toBe(true);
    expect(u.breakdown.map((b) => [b.componentId, b.shareOfLayer])).toEqual([['a', 0.6], ['b', 0.4]]);
  });
  it('meets the presumption at exactly 51 % and not at 50.9 %', () => {
    const at = (share: number) => computeUsContent(PackageSchema.parse({ components: [component('infrastructure', 1000, 1, share)] }).components).presumptionMet;
    expect(at(0.51)).toBe(true);
    expect(at(0.509)).toBe(false);
  });
  it('has no share without infrastructure', () => {
    expect(computeUsContent([]).share).toBeNull();
    expect(computeUsContent([]).presumptionMet).toBe(false);
  });
});

describe('completeness', () => {
  const member = { id: 'm1', role: 'anchor' as const, ...base, certifications: { antiBribery: true, exportControl: true, outboundInvestment: true, bciConsent: true } };
  const full = PackageSchema.parse({
    components: ['infrastructure', 'data', 'model', 'security', 'application'].map((l) => component(l, 1, 1, 1)),
    targetMarkets: [{ kind: 'bloc', code: 'ASEAN' }],
    operatingModel: [{ market: 'ASEAN', build: [{ name: 'B', country: 'SG' }], own: [{ name: 'O', country: 'SG' }], operate: [{ name: 'P', country: 'SG' }] }],
    supportRequests: [{ agency: 'DFC', instrument: 'equity', amountUsd: 5, rationale: 'why' }],
  });
  it('accepts a complete package', () => {
    expect(checkCompleteness(full, [member], concern)).toEqual({ complete: true, problems: [] });
  });
  it('reports each missing operating role and unknown supplier', () => {
    const pkg = { ...full, operatingModel: [{ ...full.operatingModel[0]!, own: [] }], components: full.components.map((c, i) => (i === 0 ? { ...c, supplier: 'stranger' } : c)) };
    const r = checkCompleteness(pkg, [member], concern);
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([
      ['SUPPLIER_NOT_MEMBER', 'package.components[0].supplier'],
      ['OPERATING_ROLE_MISSING', 'package.operatingModel[market=ASEAN].own'],
    ]);
  });
  it('expands blocs to member countries without duplicates', () => {
    expect(expandMarkets([{ kind: 'country', code: 'SG' }, { kind: 'bloc', code: 'ASEAN' }])).toHaveLength(11);
    expect(expandMarkets([{ kind: 'bloc', code: 'GCC' }])).toEqual(['AE', 'BH', 'KW', 'OM', 'QA', 'SA']);
  });
  it('rejects unknown instruments for an agency and duplicate component ids', () => {
    const r = PackageSchema.safeParse({ components: [component('data', 1, 1, 1, 'x'), component('model', 1, 1, 1, 'x')], supportRequests: [{ agency: 'SBA', instrument: 'equity', amountUsd: 1, rationale: 'r' }] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['components.1.id', 'supportRequests.0.instrument']));
  });
});

describe('proposal lifecycle', () => {
  it('only lets the anchor submit drafts, and only the program office screen them', () => {
    expect(checkTransition('submit', 'draft', ['anchor_member'])).toEqual({ ok: true, to: 'submitted' });
    expect(checkTransition('submit', 'draft', ['consortium_member'])).toMatchObject({ ok: false, reason: 'forbidden_role' });
    expect(checkTransition('submit', 'submitted', ['anchor_member'])).toMatchObject({ ok: false, reason: 'invalid_state' });
    expect(checkTransition('start_eligibility', 'submitted', ['program_officer']).ok).toBe(true);
    expect(checkTransition('designate', 'decision_pending', ['program_officer']).ok).toBe(false);
  });
  it('reaches every state from draft', () => {
    const reached = new Set(['draft']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const t of Object.values(PROPOSAL_TRANSITIONS)) {
        if (t.from.some((f) => reached.has(f)) && !reached.has(t.to)) {
          reached.add(t.to);
          changed = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...PROPOSAL_STATES].sort());
  });
  it('offers no actions in terminal states', () => {
    expect(availableActions('withdrawn', ['anchor_member', 'program_officer', 'decision_official'])).toEqual([]);
    expect(availableActions('not_designated', ['anchor_member', 'program_officer', 'decision_official'])).toEqual([]);
  });
});

describe('package changes of an amendment', () => {
  const before = PackageSchema.parse({
    components: [component('infrastructure', 100, 2, 1, 'gpu'), component('model', 5, 1, 0, 'llm')],
    targetMarkets: [{ kind: 'country', code: 'KE' }],
    operatingModel: [{ market: 'KE', build: [{ name: 'B', country: 'KE' }] }],
    supportRequests: [{ agency: 'DFC', instrument: 'equity', amountUsd: 5, rationale: 'why' }],
  });

  it('finds nothing between a package and itself', () => {
    expect(changeKinds(diffPackages(before, before))).toEqual([]);
  });

  it('names markets, layers, components, operating entities and support that changed', () => {
    const after = PackageSchema.parse({
      ...before,
      components: [{ ...before.components[0]!, quantity: 4 }, component('security', 1, 1, 1, 'hsm')],
      targetMarkets: [{ kind: 'country', code: 'KE' }, { kind: 'bloc', code: 'ASEAN' }],
      operatingModel: [{ market: 'KE', build: [{ name: 'Other builder', country: 'KE' }] }],
      supportRequests: [],
    });
    const c = diffPackages(before, after);
    expect(c.markets).toEqual({ added: ['ASEAN'], removed: [] });
    expect(c.layers).toEqual({ added: ['security'], removed: ['model'] });
    expect(c.components.added.map((x) => x.id)).toEqual(['hsm']);
    expect(c.components.removed.map((x) => x.id)).toEqual(['llm']);
    expect(c.components.changed).toEqual([{ id: 'gpu', layer: 'infrastructure', name: 'gpu', fields: ['quantity'] }]);
    expect(c.operatingModel).toEqual(['KE']);
    expect(c.supportRequests).toEqual({ before: 1, after: 0, changed: true });
    expect(changeKinds(c)).toEqual(['layers', 'markets', 'support']);
  });
});
