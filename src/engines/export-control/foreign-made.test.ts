// Foreign-made items: de minimis (15 CFR 734.4, Supp. 2 to Part 734) and the foreign direct product
// rules (734.9). One test per modelled rule, each asserting the citation; then the determine()
// integration and bad input.
import { describe, expect, it } from 'vitest';
import { determine } from './determine.ts';
import { ExportControlInputError, ReferenceDataError } from './errors.ts';
import { FOREIGN_MADE_DATA, foreignMadeData, loadForeignMadeData } from './foreign-made-data.ts';
import { ComponentSchema } from '#shared/contracts/package.ts';
import { entityListFootnotes, originFactsOfComponent, subjectToEar } from './foreign-made.ts';
import { defaultReferenceData, withPolicy } from './reference-data.ts';
import type { ItemFacts, PartyFacts } from './types.ts';

const ref = defaultReferenceData();
const AS_OF = '2025-12-01';
const s = (item: ItemFacts, destination: string, parties: { endUser?: PartyFacts; parties?: PartyFacts[] } = {}) => subjectToEar(item, destination, ref, AS_OF, parties);
const cites = (r: { reasons: { citation: string }[] }) => r.reasons.map((x) => x.citation).join(' | ');

/** A server assembled in Taiwan, shipped from Taiwan, made without U.S. technology. */
const twServer = (extra: Partial<ItemFacts> = {}): ItemFacts => ({
  eccn: '5A992.c',
  countryOfManufacture: 'TW',
  exportedFrom: 'TW',
  usContentEccns: [],
  madeWith: { usTechnology: null, usEquipment: null },
  ...extra,
});

/** HBM made in Korea with U.S. 3E001 technology, no U.S. content. */
const krHbm = (extra: Partial<ItemFacts> = {}): ItemFacts => ({
  eccn: '3A090.c',
  countryOfManufacture: 'KR',
  exportedFrom: 'KR',
  usControlledContentPercent: 0,
  madeWith: { usTechnology: '3E001', usEquipment: null },
  ...extra,
});

describe('origin', () => {
  it('an item without origin facts is U.S.-origin, as before (nothing added)', () => {
    const r = s({ eccn: '5A992.c' }, 'BR');
    expect(r).toMatchObject({ subject: true, basis: 'us_origin', originFactsGiven: false, reasons: [] });
  });

  it('a U.S.-made item is subject wherever it is (734.3(a)(2))', () => {
    const r = s({ eccn: '5A992.c', countryOfManufacture: 'US', exportedFrom: 'DE' }, 'BR');
    expect(r).toMatchObject({ subject: true, basis: 'us_origin' });
    expect(cites(r)).toMatch(/734\.3\(a\)\(2\)/);
  });

  it('a foreign-made item shipped from the United States is subject (734.3(a)(1))', () => {
    const r = s(twServer({ exportedFrom: 'US', usControlledContentPercent: 0 }), 'BR');
    expect(r).toMatchObject({ subject: true, basis: 'in_united_states' });
    expect(cites(r)).toMatch(/734\.3\(a\)\(1\)/);
  });
});

describe('de minimis (734.4, Supp. 2 to Part 734)', () => {
  it('30 % U.S. controlled content to Brazil exceeds the 25 % level: subject', () => {
    const r = s(twServer({ usControlledContentPercent: 30 }), 'BR');
    expect(r).toMatchObject({ subject: true, basis: 'de_minimis_exceeded', deMinimisPercent: 25, controlledContentPercent: 30 });
    expect(cites(r)).toMatch(/734\.4\(d\)/);
    expect(cites(r)).toMatch(/734\.3\(a\)\(3\)/);
  });

  it('20 % to Brazil is within the 25 % level: not subject', () => {
    const r = s(twServer({ usControlledContentPercent: 20 }), 'BR');
    expect(r).toMatchObject({ subject: false, basis: 'de_minimis_below', needsInformation: [] });
    expect(cites(r)).toMatch(/734\.4\(d\)/);
    expect(r.redFlags).toEqual([]);
  });

  it('exactly 25 % is not above the level; values are accepted instead of a percentage', () => {
    expect(s(twServer({ usControlledContentPercent: 25 }), 'BR').subject).toBe(false);
    const r = s(twServer({ usControlledContentValue: 2600, totalValue: 10000 }), 'BR');
    expect(r).toMatchObject({ subject: true, basis: 'de_minimis_exceeded', controlledContentPercent: 26 });
  });

  it('15 % to an E:1 destination exceeds the 10 % level (734.4(c)): subject', () => {
    const r = s(twServer({ usControlledContentPercent: 15 }), 'SY');
    expect(r).toMatchObject({ subject: true, basis: 'de_minimis_exceeded', deMinimisPercent: 10 });
    expect(cites(r)).toMatch(/734\.4\(c\)/);
  });

  it('the 10 % level covers E:2 (Cuba) too, and 8 % is within it', () => {
    const r = s(twServer({ usControlledContentPercent: 8 }), 'CU');
    expect(r).toMatchObject({ subject: false, deMinimisPercent: 10 });
    expect(cites(r)).toMatch(/734\.4\(c\)/);
    // The E:1/E:2 group list is marked for verification, and the answer says so.
    expect(r.assumptions.map((a) => a.text).join(' ')).toMatch(/Not verified/);
  });

  it('all U.S.-origin content at or below the level bounds the controlled content: not subject', () => {
    const r = s(twServer({ usContentPercent: 12 }), 'BR');
    expect(r).toMatchObject({ subject: false, basis: 'de_minimis_below' });
    expect(r.reasons[0]!.text).toMatch(/All U\.S\.-origin content .* 12 %/);
  });

  it('a missing percentage is asked for, never guessed', () => {
    const r = s(twServer(), 'BR');
    expect(r).toMatchObject({ subject: null, basis: 'undetermined' });
    expect(r.needsInformation).toEqual(['item.usControlledContentPercent']);
    // All U.S. content above the level does not tell the controlled share either.
    expect(s(twServer({ usContentPercent: 40 }), 'BR').needsInformation).toEqual(['item.usControlledContentPercent']);
    expect(s(twServer({ usControlledContentValue: 10 }), 'BR').needsInformation).toEqual(['item.totalValue']);
  });

  it('"not subject" needs the place of shipment (an item in the United States is subject)', () => {
    const r = s(twServer({ exportedFrom: undefined, usControlledContentPercent: 20 }), 'BR');
    expect(r.subject).toBeNull();
    expect(r.needsInformation).toEqual(['item.exportedFrom']);
    // Above the level it is subject wherever it is shipped from.
    expect(s(twServer({ exportedFrom: undefined, usControlledContentPercent: 30 }), 'BR').subject).toBe(true);
  });
});

describe('no de minimis level (734.4(a))', () => {
  it('U.S.-origin advanced-computing ICs in a foreign server to an advanced-computing destination: subject at any share', () => {
    const r = s(twServer({ eccn: '4A090.a', countryOfManufacture: 'MX', exportedFrom: 'MX', usControlledContentPercent: 5, usContentEccns: ['3A090.a'] }), 'VN');
    expect(r).toMatchObject({ subject: true, basis: 'no_de_minimis', ruleId: 'advanced_computing_content' });
    expect(cites(r)).toMatch(/734\.4\(a\)/);
    expect(r.reasons[0]!.text).toMatch(/Not verified/);
  });

  it('the same content to Brazil (outside the scope) is counted against the 25 % level', () => {
    const r = s(twServer({ eccn: '4A090.a', countryOfManufacture: 'MX', exportedFrom: 'MX', usControlledContentPercent: 5, usContentEccns: ['3A090.a'] }), 'BR');
    expect(r).toMatchObject({ subject: false, basis: 'de_minimis_below' });
  });

  it('the ECCNs of the U.S. content are asked for where such a rule could apply', () => {
    const r = s(twServer({ eccn: '4A090.a', usContentEccns: undefined, usControlledContentPercent: 5 }), 'VN');
    expect(r.subject).toBeNull();
    expect(r.needsInformation).toContain('item.usContentEccns');
    // No U.S. controlled content at all: nothing to ask.
    expect(s(twServer({ eccn: '5A992.c', usContentEccns: undefined, usControlledContentPercent: 0 }), 'VN').subject).toBe(false);
  });

  it('foreign encryption technology incorporating U.S. 5E002 technology (734.4(a)(2))', () => {
    const r = s(twServer({ eccn: '5D002', usControlledContentPercent: 1, usContentEccns: ['5E002'] }), 'BR');
    // 5D002 is software, not technology: the rule does not reach it.
    expect(r.subject).toBe(false);
    const tech = subjectToEar({ eccn: '4E001', params: { forEccn: '4A003' }, countryOfManufacture: 'DE', exportedFrom: 'DE', usControlledContentPercent: 1, usContentEccns: ['5E002.a'], madeWith: { usTechnology: null, usEquipment: null } }, 'BR', ref, AS_OF);
    expect(tech).toMatchObject({ subject: true, basis: 'no_de_minimis', ruleId: 'encryption_technology_5E002' });
    expect(cites(tech)).toMatch(/734\.4\(a\)\(2\)/);
  });
});

describe('foreign direct product rules (734.9)', () => {
  it('Korean HBM, a direct product of U.S. 3E001 technology, to a D:5 country: subject under 734.9(h)', () => {
    const r = s(krHbm(), 'CN');
    expect(r).toMatchObject({ subject: true, basis: 'fdp_advanced_computing', ruleId: 'advanced_computing' });
    expect(cites(r)).toMatch(/734\.9\(h\)/);
    expect(r.reasons[0]!.text).toMatch(/direct product of U\.S\.-origin 3E001/);
  });

  it('the plant prong: made by a plant that is a direct product of U.S. 3D001 software', () => {
    const r = s(krHbm({ madeWith: { usTechnology: null, usEquipment: ['3D001'] } }), 'MO');
    expect(r).toMatchObject({ subject: true, basis: 'fdp_advanced_computing' });
    expect(r.reasons[0]!.text).toMatch(/plant/);
  });

  it('734.9(h) does not reach a Brazilian end user in Brazil under the enforced posture; under the AI Diffusion text it reaches everywhere', () => {
    const brazilian = { endUser: { headquarters: 'BR', ultimateParentHeadquarters: 'BR' } };
    expect(s(krHbm(), 'BR', brazilian)).toMatchObject({ subject: false, basis: 'de_minimis_below' });
    const enforced = withPolicy(ref, (d) => (d.policy.aiDiffusionEnforced.value = true));
    const r = subjectToEar(krHbm(), 'BR', enforced, AS_OF, brazilian);
    expect(r).toMatchObject({ subject: true, basis: 'fdp_advanced_computing' });
    expect(r.reasons[0]!.text).toMatch(/AI Diffusion/);
  });

  it('734.9(h) reaches a party headquartered in Macau/D:5 outside the destination scope (modelled conservatively, marked for verification)', () => {
    const r = s(krHbm(), 'BR', { endUser: { name: 'Sub BR', headquarters: 'BR', ultimateParentHeadquarters: 'HK' } });
    expect(r).toMatchObject({ subject: true, basis: 'fdp_advanced_computing' });
    expect(r.reasons[0]!.text).toMatch(/ultimate parent headquartered in China/);
    expect(r.reasons[0]!.text).toMatch(/Not verified/);
    // Unknown headquarters are asked for, not assumed, before "not subject".
    const unknownHq = s(krHbm(), 'BR');
    expect(unknownHq.subject).toBeNull();
    expect(unknownHq.needsInformation).toEqual(['endUser.headquarters', 'endUser.ultimateParentHeadquarters']);
  });

  it('734.9(h) needs the U.S. technology facts when it could reach the item', () => {
    const r = s(krHbm({ madeWith: undefined }), 'CN');
    expect(r.subject).toBeNull();
    expect(r.needsInformation).toEqual(expect.arrayContaining(['item.madeWith.usTechnology', 'item.madeWith.usEquipment']));
  });

  it('a party with Entity List footnote 1: subject under 734.9(e)(1), whatever the item', () => {
    const huawei: PartyFacts = {
      name: 'Huawei Technologies',
      listHits: [{ list: 'Entity List (EL) - Bureau of Industry and Security', licenseRequirement: 'For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR' }],
    };
    const item = twServer({ eccn: 'EAR99', countryOfManufacture: 'MY', exportedFrom: 'MY', usControlledContentPercent: 0, madeWith: { usTechnology: '5E001', usEquipment: null } });
    const r = s(item, 'BR', { endUser: huawei });
    expect(r).toMatchObject({ subject: true, basis: 'fdp_entity_list', ruleId: 'entity_list_footnote_1' });
    expect(cites(r)).toMatch(/734\.9\(e\)\(1\)/);
    expect(r.reasons[0]!.text).toMatch(/endUser \(Huawei Technologies\) is an Entity List footnote 1 entity/);
  });

  it('a footnote 4 party (CSL marker after the parenthesis) among the other parties: 734.9(e)(2)', () => {
    const fn4: PartyFacts = { listHits: [{ list: 'EL', licenseRequirement: 'For all items subject to the EAR. (See §§ 734.9(e) and 744.11 of the EAR)4' }] };
    const r = s(krHbm({ eccn: '5A992.c' }), 'BR', { parties: [{ name: 'forwarder' }, fn4] });
    expect(r).toMatchObject({ subject: true, basis: 'fdp_entity_list', ruleId: 'entity_list_footnote_4' });
    expect(cites(r)).toMatch(/734\.9\(e\)\(2\)/);
    expect(r.reasons[0]!.text).toMatch(/parties\[1\]/);
  });

  it('an Entity List hit with no footnote stated is asked about; one without a 734.9 reference is not a footnote entity', () => {
    const item = krHbm({ eccn: '5A992.c' });
    const bare = s(item, 'BR', { endUser: { listHits: ['EL'] } });
    expect(bare.subject).toBeNull();
    expect(bare.needsInformation).toEqual(['endUser.listHits[0].footnote']);
    const plain = s(item, 'BR', { endUser: { listHits: [{ list: 'EL', licenseRequirement: 'For all items subject to the EAR (see 744.11)' }] } });
    expect(plain.subject).toBe(false);
    expect(s(item, 'BR', { endUser: { listHits: [{ list: 'EL', footnote: 4 }] } }).basis).toBe('fdp_entity_list');
  });

  it('a CCL item made with U.S. technology, to Russia: subject under 734.9(f)', () => {
    const r = s(krHbm({ eccn: '5A992.c', countryOfManufacture: 'CN', exportedFrom: 'CN', madeWith: { usTechnology: '5D002', usEquipment: null } }), 'RU');
    expect(r).toMatchObject({ subject: true, basis: 'fdp_russia_belarus' });
    expect(cites(r)).toMatch(/734\.9\(f\)/);
  });

  it('not subject despite U.S. technology in its making: the FDP rules not modelled are flagged', () => {
    const r = s(krHbm({ eccn: '5A992.c' }), 'BR');
    expect(r.subject).toBe(false); // 5A992.c is outside the 734.9(h) product scope
    expect(r.redFlags.map((f) => f.code)).toEqual(['fdp_rules_not_evaluated']);
  });
});

describe('Entity List footnotes from the entry text', () => {
  it('reads footnotes 1, 3, 4 and 5, and says when it cannot tell', () => {
    expect(entityListFootnotes({ licenseRequirement: 'All items subject to the EAR. (See §§ 734.9(e)(1) and 744.11(a)(2)(i))' })).toEqual([1]);
    expect(entityListFootnotes({ licenseRequirement: 'See 744.11(a)(2)(ii) of the EAR' })).toEqual([4]);
    expect(entityListFootnotes({ licenseRequirement: 'For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)' })).toEqual([3]);
    expect(entityListFootnotes({ licenseRequirement: 'For all items subject to the EAR. (See § 734.9(e) of the EAR)' })).toBeNull();
    expect(entityListFootnotes({ licenseRequirement: 'For all items subject to the EAR' })).toEqual([]);
    expect(entityListFootnotes('EL')).toBeNull();
    expect(entityListFootnotes({ list: 'EL', footnote: '5' })).toEqual([5]);
  });
});

describe('determine() with origin facts', () => {
  const base = { asOf: AS_OF, endUser: { name: 'Acme', headquarters: 'BR', ultimateParentHeadquarters: 'BR' } };

  it('not subject: no license, with the reason cited, and no CCL reasons', () => {
    const d = determine({ ...base, item: twServer({ eccn: '4A090.a', usControlledContentPercent: 20 }), destination: 'BR' });
    expect(d.licenseRequired).toBe(false);
    expect(cites(d)).toMatch(/734\.3\(a\)\(3\)-\(4\)/);
    expect(d.reasons.some((r) => /Country Chart|742\.6/.test(r.citation))).toBe(false);
    expect(d.exceptions).toEqual([]);
  });

  it('not subject, but OFAC bars U.S. persons from supplying goods to Iran', () => {
    const d = determine({ ...base, endUser: null, item: twServer({ usControlledContentPercent: 5 }), destination: 'IR' });
    expect(d.licenseRequired).toBe('prohibited');
    expect(cites(d)).toMatch(/560\.204/);
  });

  it('not subject, but a blocked (SDN) party still prohibits the deal', () => {
    const d = determine({ ...base, endUser: { ...base.endUser, listHits: ['SDN'] }, item: twServer({ usControlledContentPercent: 5 }), destination: 'BR' });
    expect(d.licenseRequired).toBe('prohibited');
  });

  it('not subject, with an end use stated: flagged for 744.6, not a license', () => {
    const d = determine({ ...base, endUse: 'wmd', item: twServer({ usControlledContentPercent: 5 }), destination: 'BR' });
    expect(d.licenseRequired).toBe(false);
    expect(d.redFlags.map((f) => f.code)).toContain('end_use_not_subject_item');
  });

  it('subject through de minimis: the CCL rules apply and the reason says why it is subject', () => {
    const d = determine({ ...base, endUser: { headquarters: 'CN', ultimateParentHeadquarters: 'CN' }, item: twServer({ eccn: '4A090.a', usControlledContentPercent: 30, params: { designedForDatacenter: true } }), destination: 'CN' });
    expect(d.licenseRequired).toBe(true);
    expect(cites(d)).toMatch(/734\.4\(d\)/);
    expect(cites(d)).toMatch(/742\.6/);
  });

  it('undecided jurisdiction makes a license requirement conditional (null) and lists the origin facts', () => {
    const d = determine({ ...base, endUser: { headquarters: 'CN', ultimateParentHeadquarters: 'CN' }, item: { eccn: '4A090.a', countryOfManufacture: 'TW', params: { designedForDatacenter: true } }, destination: 'CN' });
    expect(d.licenseRequired).toBeNull();
    expect(d.needsInformation).toEqual(expect.arrayContaining(['item.usControlledContentPercent', 'item.madeWith.usTechnology']));
  });

  it('a case without origin facts gives the same answer as before', () => {
    const c = { ...base, item: { eccn: '4A090.a', params: { designedForDatacenter: true } }, destination: 'VN' };
    const withUs = determine({ ...c, item: { ...c.item, countryOfManufacture: 'US' } });
    const plain = determine(c);
    expect(withUs.licenseRequired).toBe(plain.licenseRequired);
    expect(plain.reasons.some((r) => /734\.3\(a\)\(2\)/.test(r.citation))).toBe(false);
    expect(withUs.reasons.some((r) => /734\.3\(a\)\(2\)/.test(r.citation))).toBe(true);
  });
});

describe('bad input and reference data', () => {
  it('contradictory or malformed origin facts are errors naming the field', () => {
    expect(() => s(twServer({ usControlledContentValue: 11, totalValue: 10 }), 'BR')).toThrow(/usControlledContentValue .* exceeds item\.totalValue/);
    expect(() => s(twServer({ usControlledContentPercent: 30, usContentPercent: 20 }), 'BR')).toThrow(/cannot exceed all U\.S\.-origin content/);
    expect(() => s(twServer({ usControlledContentPercent: 30, usControlledContentValue: 1, totalValue: 10 }), 'BR')).toThrow(/disagrees/);
    expect(() => s(twServer({ countryOfManufacture: 'XX' }), 'BR')).toThrow(/item\.countryOfManufacture/);
    expect(() => s(krHbm({ madeWith: { usTechnology: 'not-an-eccn' } }), 'CN')).toThrow(ExportControlInputError);
    expect(() => s({ eccn: '5A992.c', usControlledContentPercent: 120 }, 'BR')).toThrow(/usControlledContentPercent/);
    expect(() => determine({ asOf: AS_OF, item: twServer({ usControlledContentPercent: -1 }), destination: 'BR' })).toThrow(ExportControlInputError);
  });

  it('every rule carries a citation and an effective date; unverified ones say what to verify', () => {
    const d = FOREIGN_MADE_DATA;
    for (const r of [...d.deMinimis.levels, d.deMinimis.defaultLevel, ...d.deMinimis.noDeMinimis, ...d.fdp]) {
      expect(r.citation).toMatch(/CFR/);
      expect(r.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (r.uncertain) expect(r.note).toMatch(/[Vv]erify/);
    }
  });

  it('an imported reference set may carry its own foreign-made block, validated before use', () => {
    const custom = withPolicy(ref, (doc) => {
      (doc as Record<string, unknown>).foreignMade = { ...FOREIGN_MADE_DATA, deMinimis: { ...FOREIGN_MADE_DATA.deMinimis, defaultLevel: { ...FOREIGN_MADE_DATA.deMinimis.defaultLevel, percent: 50 } } };
    });
    expect(foreignMadeData(custom).deMinimis.defaultLevel.percent).toBe(50);
    expect(subjectToEar(twServer({ usControlledContentPercent: 30 }), 'BR', custom, AS_OF).subject).toBe(false);
    expect(() => loadForeignMadeData({ ...FOREIGN_MADE_DATA, fdp: [{ id: 'x' }] })).toThrow(ReferenceDataError);
  });
});

describe('package components', () => {
  const component = {
    id: 'srv',
    layer: 'infrastructure',
    category: 'server',
    name: 'GPU server',
    supplier: 'm1',
    countryOfOrigin: 'TW',
    unitValueUsd: 300000,
    quantity: 10,
    usOriginShare: 0.2,
  };

  it('the component contract takes the origin facts, optional and validated', () => {
    const c = ComponentSchema.parse({ ...component, countryOfManufacture: 'TW', exportedFrom: 'TW', madeWithUsTechnology: [], madeWithUsEquipment: ['3D001'] });
    expect(c.madeWithUsEquipment).toEqual(['3D001']);
    expect(ComponentSchema.parse(component).countryOfManufacture).toBeUndefined();
    expect(ComponentSchema.safeParse({ ...component, countryOfManufacture: 'tw' }).success).toBe(false);
    expect(ComponentSchema.safeParse({ ...component, madeWithUsTechnology: ['EAR99'] }).success).toBe(false);
    expect(ComponentSchema.safeParse({ ...component, usControlledContentPercent: 101 }).success).toBe(false);
  });

  it('maps to item facts: the U.S.-origin share bounds the controlled content', () => {
    expect(originFactsOfComponent({ usOriginShare: 0.2 })).toEqual({});
    const facts = originFactsOfComponent({ countryOfManufacture: 'TW', exportedFrom: 'TW', usOriginShare: 0.2, usContentEccns: [], madeWithUsTechnology: [], madeWithUsEquipment: [] });
    expect(facts).toEqual({ countryOfManufacture: 'TW', exportedFrom: 'TW', usContentPercent: 20, usContentEccns: [], madeWith: { usTechnology: [], usEquipment: [] } });
    expect(s({ eccn: '5A992.c', ...facts }, 'BR')).toMatchObject({ subject: false, basis: 'de_minimis_below' });
  });
});
