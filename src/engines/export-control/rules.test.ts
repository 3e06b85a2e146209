// Unit tests per rule family. Dates default to 2025-12-01 (late-2025 baseline).
import { describe, expect, it } from 'vitest';
import { suggestClassification } from './classification.ts';
import { determine } from './determine.ts';
import { ExportControlInputError } from './errors.ts';
import { defaultReferenceData, withPolicy } from './reference-data.ts';
import type { DeterminationCase } from './types.ts';

const hq = (h: string, parent = h) => ({ headquarters: h, ultimateParentHeadquarters: parent });
const q = (eccn: string | null, destination: string, extra: Partial<DeterminationCase> = {}) =>
  determine({ asOf: '2025-12-01', item: { eccn, params: { designedForDatacenter: true } }, destination, endUser: hq(destination === 'HK' ? 'CN' : destination.slice(0, 2)), ...extra });
const codes = (d: ReturnType<typeof determine>) => d.exceptions.map((e) => e.code);
const cites = (d: ReturnType<typeof determine>) => d.reasons.map((r) => r.citation).join(' | ');

describe('jurisdiction', () => {
  it('published software and weights are not subject to the EAR', () => {
    const d = q('NOT_SUBJECT', 'CN');
    expect(d.licenseRequired).toBe(false);
    expect(cites(d)).toMatch(/734\.7/);
  });
  it('remote compute is a service, not an export, but OFAC bars services to Iran', () => {
    expect(q('SERVICE', 'CN').licenseRequired).toBe(false);
    expect(q('SERVICE', 'IR').licenseRequired).toBe('prohibited');
  });
  it('remote compute with knowledge of a WMD end use needs a license (744.6)', () => {
    const d = q('SERVICE', 'AE', { endUse: ['wmd'] });
    expect(d.licenseRequired).toBe(true);
    expect(cites(d)).toMatch(/744\.6/);
  });
  it('shipments to U.S. territories are not exports', () => {
    expect(q('3A090.a', 'PR', { endUser: null }).licenseRequired).toBe(false);
  });
});

describe('classification helper', () => {
  it('suggests 3A090.a, 3A090.b and 3A991.p from TPP, density and the datacenter flag', () => {
    expect(suggestClassification({ tpp: 15832, performanceDensity: 19.4, datacenter: true }).eccn).toBe('3A090.a');
    expect(suggestClassification({ tpp: 5285, datacenter: false }).eccn).toBe('3A090.a');
    expect(suggestClassification({ tpp: 3200, performanceDensity: 2.67, datacenter: true }).eccn).toBe('3A090.b');
    expect(suggestClassification({ tpp: 1800, performanceDensity: 6.5, datacenter: true }).eccn).toBe('3A090.a');
    expect(suggestClassification({ tpp: 4000, performanceDensity: 4, datacenter: false }).eccn).toBe('3A991.p');
    expect(suggestClassification({ tpp: 2368, performanceDensity: 2.9 }).eccn).toBe('3A991.p');
    expect(suggestClassification({ tpp: 15832, isComputer: true }).eccn).toBe('4A090.a');
    expect(suggestClassification({ tpp: 1200, performanceDensity: 2, isComputer: true }).eccn).toBe('4A994.l');
    expect(suggestClassification({ memoryBandwidthDensity: 3.3 }).eccn).toBe('3A090.c');
  });
  it('asks for the missing parameter instead of guessing', () => {
    expect(suggestClassification({ tpp: 3000 }).needsInformation).toEqual(['performanceDensity']);
    expect(suggestClassification({ tpp: 3200, performanceDensity: 2.67 }).needsInformation).toEqual(['datacenter']);
    expect(suggestClassification({}).needsInformation).toEqual(['tpp']);
  });
  it('applies the parameters when they contradict the declared ECCN (3A090 Note 2), with a red flag', () => {
    const d = determine({ asOf: '2025-12-01', item: { eccn: '3A090.a', params: { tpp: 4000, performanceDensity: 4, designedForDatacenter: false } }, destination: 'CN', endUser: hq('CN') });
    expect(d.appliedEccn).toBe('3A991.p');
    expect(d.licenseRequired).toBe(false);
    expect(d.redFlags.map((f) => f.code)).toContain('classification_mismatch');
  });
});

describe('4A090 from the parameters of the IC it contains', () => {
  it('is 4A994.l (AT only) when the IC is a 3A991.p-class chip', () => {
    const d = determine({ asOf: '2025-12-01', item: { eccn: '4A090', params: { tpp: 3000, performanceDensity: 2, designedForDatacenter: false } }, destination: 'CN', endUser: hq('CN') });
    expect(d.licenseRequired).toBe(false);
    expect(d.redFlags.map((f) => f.code)).toContain('classification_mismatch');
    expect(d.reasons.map((r) => r.text).join(' ')).toMatch(/4A994\.l/);
    expect(determine({ asOf: '2025-12-01', item: { eccn: '4A090' }, destination: 'CN', endUser: hq('CN') }).needsInformation).toEqual(['item.params.containsEccn']);
  });
});

describe('3A090.c parameters', () => {
  it('is 3A090.c only above 2 GB/s/mm²; at or below, the declared paragraph needs a new classification', () => {
    const hbm = (density: number) => determine({ asOf: '2025-12-01', item: { eccn: '3A090.c', params: { memoryBandwidthDensity: density } }, destination: 'CN', endUser: hq('CN') });
    expect(hbm(3.3).licenseRequired).toBe(true);
    for (const density of [2, 1.5]) {
      const d = hbm(density);
      expect(d.licenseRequired).toBeNull();
      expect(d.needsInformation).toEqual(['item.eccn (the parameters do not meet 3A090.c)']);
      expect(d.redFlags.map((f) => f.code)).toContain('classification_mismatch');
    }
  });
});

describe('country scope of the advanced-computing controls', () => {
  it.each([
    ['AE', true], ['SA', true], ['QA', true], ['VN', true], ['KZ', true], ['CN', true], ['MO', true], ['HK', true],
    ['IL', false], ['TW', false], ['SG', false], ['IN', false], ['JP', false], ['GB', false], ['DE', false], ['MY', false], ['BR', false],
  ])('3A090.a to %s → %s', (dest, expected) => {
    expect(q('3A090.a', dest).licenseRequired).toBe(expected);
  });
  it('3A090.c (HBM) needs a license only to Macau/D:5, with License Exception HBM', () => {
    expect(q('3A090.c', 'AE').licenseRequired).toBe(false);
    const d = q('3A090.c', 'MO');
    expect(d.licenseRequired).toBe(true);
    expect(codes(d)).toEqual(['HBM']);
  });
  it('.z items follow the 3A090 scope and keep their own NS reasons', () => {
    expect(q('5A992.z', 'SA').licenseRequired).toBe(true);
    expect(q('5A992.z', 'IN').licenseRequired).toBe(false);
    expect(q('3A001.z', 'IL').licenseRequired).toBe(true); // NS2 X for Israel
  });
  it('Hong Kong is treated as China (85 FR 83765)', () => {
    expect(cites(q('3A090.b', 'HK'))).toMatch(/85 FR 83765/);
  });
  it('AT-only items are NLR outside Part 746 and Russia/Belarus', () => {
    for (const e of ['3A991.p', '4A994.l', '5A992.c', '5D992.c']) {
      expect(q(e, 'CN').licenseRequired).toBe(false);
      expect(q(e, 'RU').licenseRequired).toBe(true);
    }
  });
  it('NS1/EI items follow the Country Chart and 742.15 (Canada exempt)', () => {
    expect(q('5A002.a', 'DE').licenseRequired).toBe(true);
    expect(q('5A002.a', 'CA').licenseRequired).toBe(false);
  });
  it('an unknown country or ECCN is an error naming it, never NLR', () => {
    expect(() => q('3A090.a', 'ZZ')).toThrow(/"ZZ"/);
    expect(() => q('3A099', 'AE')).toThrow(/"3A099"/);
    expect(() => q('3A090.d', 'AE')).toThrow(ExportControlInputError);
    expect(() => q('EAR99', 'AE', { endUse: ['space_tourism'] })).toThrow(/space_tourism/);
    expect(() => q('EAR99', 'AE', { endUser: { headquarters: 'XX', ultimateParentHeadquarters: 'XX' } })).toThrow(/"XX"/);
  });
});

describe('headquarters rule', () => {
  it('applies worldwide when the end user or its ultimate parent is headquartered in Macau or D:5', () => {
    const d = q('3A090.a', 'MY', { endUser: hq('MY', 'CN') });
    expect(d.licenseRequired).toBe(true);
    expect(cites(d)).toMatch(/742\.6\(a\)\(6\)\(iii\)\(A\)/);
    expect(q('3A090.b', 'GB', { endUser: hq('MO', 'MO') }).licenseRequired).toBe(true);
    expect(cites(q('3A090.b', 'GB', { endUser: hq('MO') }))).toMatch(/744\.23\(a\)\(3\)/);
  });
  it('does not reach EAR99 items or remote compute', () => {
    expect(q('EAR99', 'MY', { endUser: hq('MY', 'CN') }).licenseRequired).toBe(false);
    expect(q('SERVICE', 'US', { endUser: hq('CN') }).licenseRequired).toBe(false);
  });
  it('names the headquarters facts when the destination alone does not require a license, and answers under defaults', () => {
    const d = q('3A090.a', 'IN', { endUser: null });
    // No longer null: decided assuming the end user and its parent are headquartered in the
    // destination (assumptions.test.ts covers the assumptions and conditions).
    expect(d.licenseRequired).toBe(false);
    expect(d.assumed).toBe(true);
    expect(d.needsInformation).toEqual(['endUser.headquarters', 'endUser.ultimateParentHeadquarters']);
    expect(q('3A090.a', 'IN', { endUser: { headquarters: 'IN' } }).needsInformation).toEqual(['endUser.ultimateParentHeadquarters']);
  });
  it('offers ACA only for D:1/D:4 destinations outside Macau/D:5, NAC only for Macau/D:5 and its headquarters', () => {
    // Taiwan and India are in none of those groups: a .z item needs an NS license there, with neither half of 740.8.
    expect(codes(q('3A001.z.b', 'TW'))).toEqual([]);
    expect(codes(q('4A003.z.1.b', 'IN'))).toEqual([]);
    expect(codes(q('3A090.b', 'VN'))).toEqual(['ACA']);
    expect(codes(q('3A090.b', 'CN'))).toEqual(['NAC']);
    expect(codes(q('3A090.b', 'VN', { endUser: hq('CN') }))).toEqual(['NAC']);
  });
  it('switches ACA to NAC for Macau/D:5-headquartered parties', () => {
    expect(codes(q('3A090.b', 'SA'))).toEqual(['ACA']);
    expect(codes(q('3A090.b', 'SA', { endUser: hq('SA', 'CN') }))).toEqual(['NAC']);
  });
});

describe('embargoes', () => {
  it('Cuba, Iran, North Korea and Crimea/DNR/LNR are prohibited for any item', () => {
    for (const dest of ['CU', 'IR', 'KP', 'UA-43', 'UA-14']) expect(q('EAR99', dest, { endUser: null }).licenseRequired).toBe('prohibited');
    expect(q('EAR99', 'UA', { endUser: hq('UA') }).licenseRequired).toBe(false);
    // A mistyped Ukrainian region is an error, never the rest of Ukraine.
    for (const bad of ['UA-4', 'UA-99']) expect(() => q('EAR99', bad, { endUser: hq('UA') })).toThrow(ExportControlInputError);
    expect(q('EAR99', 'UA-32', { endUser: hq('UA') }).licenseRequired).toBe(false);
  });
  it('Syria: prohibited before 2 Sep 2025, license with SPP for EAR99 after', () => {
    expect(determine({ asOf: '2025-08-01', item: { eccn: 'EAR99' }, destination: 'SY' }).licenseRequired).toBe('prohibited');
    const d = q('EAR99', 'SY');
    expect(d.licenseRequired).toBe(true);
    expect(codes(d)).toEqual(['SPP']);
    expect(codes(q('5A992.c', 'SY'))).toEqual([]);
    // SPP is not for restricted end uses (740.5).
    const military = q('EAR99', 'SY', { endUse: ['military_end_use'] });
    expect(military.licenseRequired).toBe(true);
    expect(codes(military)).toEqual([]);
  });
  it('Russia/Belarus: every CCL item needs a license; EAR99 depends on the Supp. 4 HTS listing', () => {
    expect(q('5D992.c', 'BY').licenseRequired).toBe(true);
    const unknown = q('EAR99', 'RU');
    expect(unknown.licenseRequired).toBeNull();
    expect(unknown.needsInformation).toEqual(['item.params.listedInPart746Supp4']);
    expect(determine({ asOf: '2025-12-01', item: { eccn: 'EAR99', params: { listedInPart746Supp4: true } }, destination: 'RU' }).licenseRequired).toBe(true);
    expect(determine({ asOf: '2025-12-01', item: { eccn: 'EAR99', params: { listedInPart746Supp4: false } }, destination: 'RU' }).licenseRequired).toBe(false);
  });
  it('ENC is not available to E:1', () => {
    expect(codes(q('5A002.a', 'IR'))).toEqual([]);
  });
});

describe('Part 744 end uses', () => {
  it('military end use: Supp. 2 items for China, any item for Russia, nothing extra for EAR99 in China', () => {
    expect(q('3A991.p', 'CN', { endUse: ['military_end_use'] }).licenseRequired).toBe(true);
    expect(q('EAR99', 'CN', { endUse: ['military_end_use'] }).licenseRequired).toBe(false);
    expect(q('EAR99', 'CN', { endUse: ['military_end_use'] }).redFlags.map((f) => f.code)).toContain('military_end_use');
    const ru = determine({ asOf: '2025-12-01', item: { eccn: 'EAR99', params: { listedInPart746Supp4: false } }, destination: 'RU', endUse: 'military_end_use' });
    expect(ru.licenseRequired).toBe(true);
    expect(q('EAR99', 'IQ', { endUse: ['military_end_use'] }).licenseRequired).toBe(true);
  });
  it('military intelligence: any item in the 744.22 destinations', () => {
    const d = q('4E091', 'CN', { endUse: ['military_intelligence'] });
    expect(d.licenseRequired).toBe(true);
    expect(cites(d)).toMatch(/744\.22/);
  });
  it('military intelligence: remote compute to train models for parties headquartered in Macau/D:5 (AI-training policy statement)', () => {
    const iaas = (h: string) => determine({ asOf: '2025-12-01', item: { eccn: 'SERVICE' }, destination: 'US', endUser: hq(h), endUse: 'military_intelligence' });
    expect(iaas('MO').licenseRequired).toBe(true);
    expect(cites(iaas('MO'))).toMatch(/744\.6\(b\)\(5\)/);
    expect(iaas('FR').licenseRequired).toBe(false);
  });
  it('WMD end uses need a license everywhere', () => {
    expect(q('EAR99', 'DE', { endUse: 'wmd' }).licenseRequired).toBe(true);
  });
  it('supercomputer and advanced-IC production end uses in Macau/D:5 (744.23)', () => {
    expect(q('4A994.l', 'CN', { endUse: ['supercomputer'] }).licenseRequired).toBe(true);
    expect(q('4A994.l', 'MY', { endUse: ['supercomputer'] }).licenseRequired).toBe(false);
    expect(q('EAR99', 'MO', { endUse: ['advanced_ic_production'] }).licenseRequired).toBe(true);
    expect(cites(q('EAR99', 'CN', { endUse: ['advanced_ic_production'] }))).toMatch(/744\.23\(a\)\(2\)/);
  });
  it('no license exceptions overcome an end-use requirement', () => {
    expect(codes(q('3A090.b', 'SA', { endUse: ['wmd'] }))).toEqual([]);
  });
});

describe('screening-list effects', () => {
  const listed = (lists: string[], eccn = 'EAR99', dest = 'AE') => q(eccn, dest, { endUser: { ...hq(dest), listHits: lists } });
  it('SDN, FSE and DPL prohibit; EL requires a license for EAR99 with no exceptions', () => {
    expect(listed(['SDN']).licenseRequired).toBe('prohibited');
    expect(listed(['FSE']).licenseRequired).toBe('prohibited');
    expect(listed(['Denied Persons List']).licenseRequired).toBe('prohibited');
    const el = listed(['EL'], '3A090.b', 'SA');
    expect(el.licenseRequired).toBe(true);
    expect(codes(el)).toEqual([]);
    expect(listed(['EL']).licenseRequired).toBe(true);
  });
  it('MEU covers Supp. 2 items only (any item for Russia/Belarus)', () => {
    expect(listed(['MEU'], '3A991.p', 'CN').licenseRequired).toBe(true);
    expect(listed(['MEU'], 'EAR99', 'CN').licenseRequired).toBe(false);
  });
  it('UVL removes license exceptions and raises a red flag without forcing a license', () => {
    const nlr = listed(['UVL']);
    expect(nlr.licenseRequired).toBe(false);
    expect(nlr.redFlags.map((f) => f.code)).toContain('unverified_list');
    expect(codes(listed(['UVL'], '5A002.a', 'DE'))).toEqual([]);
    expect(codes(listed([], '5A002.a', 'DE'))).toEqual(['ENC']);
  });
  it('CMIC and SSI are red flags only', () => {
    const d = listed(['CMIC', 'SSI']);
    expect(d.licenseRequired).toBe(false);
    expect(d.redFlags.map((f) => f.code)).toEqual(expect.arrayContaining(['list_cmic', 'list_ssi']));
  });
  it('screens other transaction parties and accepts CSL source labels and the screeningHits alias', () => {
    expect(q('EAR99', 'AE', { parties: [{ name: 'forwarder', listHits: ['Denied Persons List (DPL) - Bureau of Industry and Security'] }] }).licenseRequired).toBe('prohibited');
    expect(q('EAR99', 'AE', { endUser: { ...hq('AE'), screeningHits: [{ list: 'EL', name: 'X Ltd' }] } }).licenseRequired).toBe(true);
  });
  it('an unknown list name is an error', () => {
    expect(() => listed(['XYZ'])).toThrow(/XYZ/);
  });
  it('the OFAC 50 Percent Rule blocks entities owned 50%+ in aggregate by SDNs', () => {
    const d = q('EAR99', 'MY', { endUser: { ...hq('MY'), owners: [{ listHits: ['SDN'], percent: 30 }, { listHits: ['SDN'], percent: 25 }] } });
    expect(d.licenseRequired).toBe('prohibited');
  });
});

describe('date-gated rules', () => {
  const affiliate = (asOf: string) =>
    determine({ asOf, item: { eccn: 'EAR99' }, destination: 'MY', endUser: { ...hq('MY', 'CN'), owners: [{ listHits: ['EL'], percent: 60 }] } });
  it('Affiliates rule: active 29 Sep–9 Nov 2025 and from 10 Nov 2026, suspended in between', () => {
    expect(affiliate('2025-09-28').licenseRequired).toBe(false);
    expect(affiliate('2025-09-29').licenseRequired).toBe(true);
    expect(affiliate('2025-11-09').licenseRequired).toBe(true);
    expect(affiliate('2025-11-10').licenseRequired).toBe(false);
    expect(affiliate('2026-11-09').licenseRequired).toBe(false);
    expect(affiliate('2026-11-10').licenseRequired).toBe(true);
  });
  it('Affiliates rule asks for ownership percentages it needs while active', () => {
    const d = determine({ asOf: '2025-10-01', item: { eccn: 'EAR99' }, destination: 'MY', endUser: { ...hq('MY'), owners: [{ listHits: ['EL'] }] } });
    expect(d.licenseRequired).toBeNull();
    expect(d.needsInformation).toEqual(['endUser.owners[0].percent']);
  });
  it('the Affiliates window is configuration (e.g. an extended suspension)', () => {
    const extended = withPolicy(defaultReferenceData(), (doc) => {
      doc.policy.affiliatesRule.activeWindows = [{ from: '2025-09-29', until: '2025-11-10' }, { from: '2027-11-10' }];
    });
    const c = { asOf: '2026-12-01', item: { eccn: 'EAR99' }, destination: 'MY', endUser: { ...hq('MY'), owners: [{ listHits: ['EL'], percent: 60 }] } };
    expect(determine(c, extended).licenseRequired).toBe(false);
  });
  it('H200-class review policy from 15 Jan 2026 for exports from the U.S. to China', () => {
    const item = { eccn: '3A090.a', params: { tpp: 15832, dramBandwidthGBs: 4800, designedForDatacenter: true } };
    const before = determine({ asOf: '2025-12-01', item, destination: 'CN', endUser: hq('CN') });
    const after = determine({ asOf: '2026-02-01', item, destination: 'CN', endUser: hq('CN') });
    expect(before.reviewPolicy).toMatch(/Presumption of denial/);
    expect(after.licenseRequired).toBe(true);
    expect(after.reviewPolicy).toMatch(/Case-by-case/);
  });
  it('AI Diffusion text: enforced posture by default, literal outcome reported, switchable', () => {
    const jp = q('3A090.a', 'JP');
    expect(jp.licenseRequired).toBe(false);
    expect(jp.literalOutcome?.licenseRequired).toBe(true);
    expect(jp.literalOutcome?.exceptions.map((e) => e.code)).toEqual(['AIA']);
    const enforced = withPolicy(defaultReferenceData(), (doc) => {
      doc.policy.aiDiffusionEnforced.value = true;
    });
    expect(determine({ asOf: '2025-12-01', item: { eccn: '3A090.a' }, destination: 'IN', endUser: hq('IN') }, enforced).licenseRequired).toBe(true);
    expect(determine({ asOf: '2025-12-01', item: { eccn: '4E091' }, destination: 'CN', endUser: hq('CN') }, enforced).licenseRequired).toBe(true);
  });
  it('Cambodia-headquartered parties trigger the headquarters rule until the 3 Feb 2026 conforming rule', () => {
    const c = (asOf: string) => determine({ asOf, item: { eccn: '3A090.b' }, destination: 'MY', endUser: hq('KH') });
    expect(c('2026-02-02').licenseRequired).toBe(true);
    expect(c('2026-02-03').licenseRequired).toBe(false);
  });
  it('ECCNs and exceptions do not exist before their effective dates', () => {
    expect(() => determine({ asOf: '2024-06-01', item: { eccn: '3A090.c' }, destination: 'CN' })).toThrow(/not in effect/);
    expect(() => determine({ asOf: '2024-06-01', item: { eccn: '4E091' }, destination: 'CN' })).toThrow(/not in effect/);
    expect(() => determine({ asOf: '2020-01-01', item: { eccn: 'EAR99' }, destination: 'CN' })).toThrow(/coverage/);
    expect(() => determine({ asOf: '01/12/2025', item: { eccn: 'EAR99' }, destination: 'CN' })).toThrow(/Invalid date/);
    // NAC was a single exception before the Apr 2024 split into NAC/ACA.
    expect(codes(determine({ asOf: '2024-03-01', item: { eccn: '3A090.b' }, destination: 'SA', endUser: hq('SA') }))).toEqual(['NAC']);
  });
});

describe('is-informed letters and red flags', () => {
  it('a party-level is-informed letter requires a license', () => {
    expect(q('3A991.p', 'CN', { endUser: { ...hq('CN'), isInformed: true } }).licenseRequired).toBe(true);
  });
  it('exporter-level letters are configuration (disabled by default)', () => {
    expect(q('3A991.p', 'CN').licenseRequired).toBe(false);
    const enabled = withPolicy(defaultReferenceData(), (doc) => {
      const [letter] = doc.policy.isInformedLetters;
      if (!letter) throw new Error('the reference data has no exporter-level is-informed letter');
      letter.enabled = true;
    });
    expect(determine({ asOf: '2025-12-01', item: { eccn: '3A991.p' }, destination: 'CN', endUser: hq('CN') }, enabled).licenseRequired).toBe(true);
    expect(determine({ asOf: '2025-12-01', item: { eccn: '3A991.p' }, destination: 'MY', endUser: hq('MY') }, enabled).licenseRequired).toBe(false);
  });
  it('reports May 2025 guidance red flags (GP10 chips, diversion, unverified parties)', () => {
    const gp10 = determine({ asOf: '2025-12-01', item: { eccn: '3A090.a', description: 'Huawei Ascend 910C accelerator' }, destination: 'AE', endUser: hq('AE') });
    expect(gp10.redFlags.map((f) => f.code)).toEqual(expect.arrayContaining(['gp10_prc_advanced_ic', 'ac_diversion_guidance']));
    const flags = q('3A090.a', 'MY', { endUser: { ...hq('MY'), redFlags: ['kyc_refused'], verified: false } }).redFlags.map((f) => f.code);
    expect(flags).toEqual(expect.arrayContaining(['kyc_refused', 'unverified_party']));
  });
});

describe('UN, EU and UK listings (foreign sanctions lists a screening hit may come from)', () => {
  it.each(['UN', 'EU', 'UK'])('a %s hit on the end user is a cited red flag, not a license requirement by itself', (list) => {
    const d = determine({ asOf: '2025-12-01', item: { eccn: 'EAR99' }, destination: 'BR', endUser: { headquarters: 'BR', ultimateParentHeadquarters: 'BR', listHits: [{ list }] } });
    expect(d.licenseRequired).toBe(false);
    const flag = d.redFlags.find((f) => f.code === `list_${list.toLowerCase()}`);
    expect(flag?.citation).toMatch(list === 'UN' ? /Security Council/ : list === 'EU' ? /269\/2014/ : /Sanctions and Anti-Money Laundering Act 2018/);
  });
});
