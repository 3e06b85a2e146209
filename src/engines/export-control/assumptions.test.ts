// Answers under stated assumptions, the conditions that would change them, and sensitivity
// (docs/domain.md, "Answers under assumptions"). Each assumption the engine may make and each
// condition is checked with its citation.
import { describe, expect, it } from 'vitest';
import devCases from './__fixtures__/cases.dev.json' with { type: 'json' };
import { ruleDates } from './assumptions.ts';
import { determine } from './determine.ts';
import { ExportControlInputError } from './errors.ts';
import { buildComplianceMatrix } from './matrix.ts';
import { defaultReferenceData } from './reference-data.ts';
import type { DeterminationCase } from './types.ts';

const AS_OF = '2025-12-01';
const hq = (h: string, parent = h) => ({ headquarters: h, ultimateParentHeadquarters: parent });
const q = (eccn: string | null, destination: string, extra: Partial<DeterminationCase> = {}, explain = false) =>
  determine({ asOf: AS_OF, item: { eccn }, destination, ...extra }, undefined, { explain });
const cond = (d: ReturnType<typeof determine>, fact: string) => (d.conditions ?? []).filter((c) => c.fact === fact);
const HQ_A = '15 CFR 742.6(a)(6)(iii)(A)';
const HQ_OTHER = '15 CFR 744.23(a)(3)';

describe('assumptions: headquarters defaults', () => {
  it('answers 3A090.a to Brazil without an end user: no license, assuming a Brazilian end user and parent', () => {
    const d = q('3A090.a', 'BR');
    expect(d.licenseRequired).toBe(false);
    expect(d.assumed).toBe(true);
    // The missing facts are still named.
    expect(d.needsInformation).toEqual(['endUser.headquarters', 'endUser.ultimateParentHeadquarters']);
    expect(d.assumptions).toEqual([
      { fact: 'endUser.headquarters', assumed: 'BR', text: expect.stringMatching(/assumed to be in Brazil, the destination/), citation: HQ_A },
      { fact: 'endUser.ultimateParentHeadquarters', assumed: 'BR', text: expect.stringMatching(/headquartered in Brazil/), citation: HQ_A },
      { fact: 'endUser.listHits', assumed: 'none', text: expect.stringMatching(/not on any screening list/), citation: expect.stringMatching(/Part 732, Supp\. 3/) },
    ]);
    // The "end user not identified" red flag stays, and the headquarters test says it ran on assumed facts.
    expect(d.redFlags.map((r) => r.code)).toContain('unverified_party');
    expect(d.reasons).toContainEqual({ text: 'Headquarters test: endUser (BR) and its ultimate parent (BR) are not headquartered in Macau or D:5 (assumed: not stated in the case)', citation: HQ_A });
  });

  it('states the headquarters-rule condition for each headquarters fact, with the rule for the item', () => {
    const a = q('3A090.a', 'BR');
    for (const fact of ['endUser.headquarters', 'endUser.ultimateParentHeadquarters'])
      expect(cond(a, fact)).toEqual([
        { fact, if: 'is in Macau or a Country Group D:5 country', then: true, text: `A license would be required if ${fact} is in Macau or a Country Group D:5 country`, citation: HQ_A },
      ]);
    // .b items: the 744.23(a)(3) citation.
    const b = q('3A090.b', 'BR');
    expect(b.assumptions?.[0]?.citation).toBe(HQ_OTHER);
    expect(cond(b, 'endUser.headquarters')[0]).toMatchObject({ then: true, citation: HQ_OTHER });
  });

  it('assumes a party with a headquarters but no parent of record is its own ultimate parent', () => {
    const d = q('3A090.a', 'IN', { endUser: { headquarters: 'IN' } });
    expect(d.licenseRequired).toBe(false);
    expect(d.assumptions).toEqual([{ fact: 'endUser.ultimateParentHeadquarters', assumed: 'IN', text: expect.stringMatching(/endUser itself, headquartered in India/), citation: HQ_A }]);
    // A party headquartered elsewhere: its parent is assumed there too, not in the destination.
    const my = q('3A090.a', 'IN', { endUser: { headquarters: 'MY' } });
    expect(my.assumptions?.[0]?.assumed).toBe('MY');
    // ... and a Macau/D:5 headquarters decides it whatever the parent.
    expect(q('3A090.a', 'IN', { endUser: { headquarters: 'CN' } }).licenseRequired).toBe(true);
  });

  it('applies to other transaction parties too', () => {
    const d = q('3A090.a', 'IN', { endUser: hq('IN'), parties: [{ name: 'consignee' }] });
    expect(d.licenseRequired).toBe(false);
    expect(d.assumptions?.map((a) => a.fact)).toEqual(['parties[0].headquarters', 'parties[0].ultimateParentHeadquarters']);
    expect(cond(d, 'parties[0].headquarters')[0]).toMatchObject({ then: true, citation: HQ_A });
  });

  it('states a condition that keeps the answer only when exceptions or review policy change', () => {
    // Saudi Arabia is in the 3A090 scope: a license either way, but NAC instead of ACA for a D:5 parent.
    const d = q('3A090.b', 'SA', { endUser: { name: 'Buyer' } });
    expect(d.licenseRequired).toBe(true);
    expect(d.assumed).toBe(true);
    expect(d.exceptions.map((e) => e.code)).toEqual(['ACA']);
    const c = cond(d, 'endUser.ultimateParentHeadquarters')[0];
    expect(c).toMatchObject({ then: true, citation: HQ_OTHER });
    expect(c?.text).toMatch(/still be required, with license exceptions NAC instead of ACA/);
  });
});

describe('assumptions: an end user not identified', () => {
  it('assumes no list hit, with the list conditions and their citations', () => {
    const d = q('EAR99', 'DE');
    expect(d.licenseRequired).toBe(false);
    expect(d.assumed).toBe(true);
    expect(d.assumptions?.map((a) => a.fact)).toEqual(['endUser.listHits']);
    const lists = cond(d, 'endUser.listHits');
    expect(lists.find((c) => c.then === 'prohibited')).toMatchObject({ if: expect.stringMatching(/Specially Designated Nationals.*Denied Persons List/), citation: expect.stringMatching(/31 CFR Part 501.*736\.2\(b\)\(4\)/) });
    expect(lists.find((c) => c.then === true)).toMatchObject({ if: expect.stringMatching(/Entity List/), citation: expect.stringMatching(/15 CFR 744\.11/) });
  });
  it('makes no assumption where nothing could change a prohibition', () => {
    const d = q('EAR99', 'KP');
    expect(d.licenseRequired).toBe('prohibited');
    expect(d.assumed).toBeUndefined();
    expect(d.assumptions).toBeUndefined();
  });
});

describe('no reasonable default: licenseRequired stays null', () => {
  it('classification facts (no ECCN, 4A090 without the IC it contains)', () => {
    for (const d of [q(null, 'IN', { endUser: hq('IN') }), q('4A090', 'IN', { endUser: hq('IN') })]) {
      expect(d.licenseRequired).toBeNull();
      expect(d.assumed).toBeUndefined();
      expect(d.assumptions).toBeUndefined();
    }
  });
  it('an unresolved territory', () => {
    const d = q('3A090.a', 'KY', { endUser: hq('KY') });
    expect(d.licenseRequired).toBeNull();
    expect(d.needsInformation?.[0]).toMatch(/738\.3\(b\)/);
  });
  it('the Part 746 HTS listing of an EAR99 item to Russia, with both conditions', () => {
    const d = q('EAR99', 'RU', { endUser: hq('RU') });
    expect(d.licenseRequired).toBeNull();
    expect(d.assumed).toBeUndefined();
    expect(cond(d, 'item.params.listedInPart746Supp4').map((c) => [c.then, c.citation])).toEqual([
      [true, expect.stringMatching(/746\.8\(a\)\(2\)/)],
      [false, expect.stringMatching(/746\.8\(a\)\(2\)/)],
    ]);
  });
  it('the ownership share of a listed owner, with both conditions', () => {
    const d = determine({ asOf: '2025-10-01', item: { eccn: 'EAR99' }, destination: 'MY', endUser: { ...hq('MY'), owners: [{ listHits: ['EL'] }] } });
    expect(d.licenseRequired).toBeNull();
    const cs = cond(d, 'endUser.owners[0].percent');
    expect(cs.map((c) => [c.if, c.then])).toEqual([
      ['brings the aggregate share of listed owners to 50% or more', true],
      ['keeps the aggregate share of listed owners below 50%', false],
    ]);
    expect(cs[0]?.citation).toMatch(/Affiliates Rule/);
    expect(cs[1]?.citation).toMatch(/OFAC Revised Guidance/);
  });
});

describe('complete facts', () => {
  it('give the same answers as before, with no assumptions or conditions', () => {
    for (const c of devCases.cases) {
      const d = determine(c);
      expect(d.licenseRequired, c.id).toBe(c.expected.licenseRequired);
      if (c.endUser) {
        expect(d.assumed, c.id).toBeUndefined();
        expect(d.assumptions, c.id).toBeUndefined();
      }
      expect(d.sensitivity, c.id).toBeUndefined();
    }
  });
});

describe('sensitivity ({ explain: true })', () => {
  const jp = () => q('3A090.a', 'JP', { endUser: hq('JP') }, true);
  it('names the end uses, parent headquarters and list hits that flip a clear answer', () => {
    const d = jp();
    expect(d.licenseRequired).toBe(false);
    const s = d.sensitivity ?? [];
    expect(s).toContainEqual({ fact: 'endUse', change: expect.stringMatching(/^end use wmd known/), outcome: true, citation: expect.stringMatching(/744\.2/) });
    expect(s).toContainEqual({ fact: 'endUser.ultimateParentHeadquarters', change: 'in Macau or a Country Group D:5 country', outcome: true, citation: HQ_A });
    expect(s).toContainEqual({ fact: 'endUser.listHits', change: expect.stringMatching(/Entity List/), outcome: true, citation: expect.stringMatching(/744\.11/) });
    expect(s).toContainEqual({ fact: 'endUser.listHits', change: expect.stringMatching(/Specially Designated Nationals/), outcome: 'prohibited', citation: expect.stringMatching(/31 CFR/) });
    // Only flips are listed: Japan is outside 744.21/744.22, so those end uses add red flags only.
    expect(s.some((x) => x.outcome === false)).toBe(false);
  });
  it('names a stated end use and a Macau/D:5 parent whose removal would clear the answer', () => {
    const wmd = q('EAR99', 'DE', { endUse: 'wmd', endUser: hq('DE') }, true);
    expect(wmd.sensitivity).toContainEqual({ fact: 'endUse', change: 'end use wmd not (or no longer) known', outcome: false, citation: expect.stringMatching(/744\.2/) });
    const parent = q('3A090.a', 'MY', { endUser: hq('MY', 'CN') }, true);
    expect(parent.sensitivity).toContainEqual({ fact: 'endUser.headquarters', change: expect.stringMatching(/both headquartered in Malaysia/), outcome: false, citation: HQ_A });
  });
  it('crosses the effective dates of rules in the reference data', () => {
    const syria = q('EAR99', 'SY', { endUser: hq('SY') }, true);
    expect(syria.licenseRequired).toBe(true);
    expect(syria.sensitivity).toContainEqual({ fact: 'asOf', change: 'before 2025-09-02', outcome: 'prohibited', citation: expect.stringMatching(/90 FR 42315/) });
    const affiliate = determine({ asOf: AS_OF, item: { eccn: 'EAR99' }, destination: 'MY', endUser: { ...hq('MY', 'CN'), owners: [{ listHits: ['EL'], percent: 60 }] } }, undefined, { explain: true });
    expect(affiliate.licenseRequired).toBe(false);
    const dates = (affiliate.sensitivity ?? []).filter((s) => s.fact === 'asOf');
    expect(dates).toEqual([
      { fact: 'asOf', change: 'before 2025-11-10', outcome: true, citation: expect.stringMatching(/Affiliates Rule/) },
      { fact: 'asOf', change: 'on or after 2026-11-10', outcome: true, citation: expect.stringMatching(/Affiliates Rule/) },
    ]);
    // Every rule date carries the citation of its rule.
    for (const [date, cites] of ruleDates(defaultReferenceData())) {
      expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(cites.length).toBeGreaterThan(0);
    }
  });
  it('is relative to the answer under assumptions', () => {
    const d = q('3A090.a', 'BR', {}, true);
    expect(d.licenseRequired).toBe(false);
    expect(d.sensitivity).toContainEqual(expect.objectContaining({ fact: 'endUser.ultimateParentHeadquarters', outcome: true }));
  });
  it('is not computed by the compliance matrix, and bad input still fails before any result', () => {
    const m = buildComplianceMatrix({ asOf: AS_OF, components: [{ id: 'g', eccn: '3A090.a' }], markets: ['JP'], parties: [{ id: 'p', role: 'own', ...hq('JP') }] });
    expect(m.cells[0]?.determination.sensitivity).toBeUndefined();
    expect(() => q('3A090.a', 'JP', { endUse: 'spying', endUser: hq('JP') }, true)).toThrow(ExportControlInputError);
    expect(() => q('3A090.a', 'JP', { endUser: { headquarters: 'ZZ' } }, true)).toThrow(ExportControlInputError);
  });
});
