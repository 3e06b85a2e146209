import { describe, expect, it } from 'vitest';
import rulesDoc from '../../../data/financing/eligibility-rules.json' with { type: 'json' };
import { defaultReferenceData, withPolicy, type MatrixComponent } from '../export-control/index.ts';
import { RuleBookSchema, type RuleBook } from '../financing/eligibility.ts';
import {
  additionalityOf,
  countryRulesOn,
  DEFAULT_WEIGHTS,
  factorScores,
  financingOf,
  isCountryRule,
  licensingByCountry,
  licensingByCountryOneByOne,
  rankCountries,
  type CountryFacts,
  type LicensingFacts,
} from './index.ts';

const ref = defaultReferenceData();
const DAY = '2026-11-16';
const BOOK = RuleBookSchema.parse(rulesDoc);

const COMPONENTS: MatrixComponent[] = [
  { id: 'acc', eccn: '3A090.a', description: 'AI accelerator' },
  { id: 'dc', eccn: 'EAR99', description: 'Data center facility' },
  { id: 'sec', eccn: '5D992.c', description: 'Mass-market encryption software' },
];

const clear = (n = 3): LicensingFacts => ({ status: 'clear', counts: { clear: n, needs_information: 0, license_required: 0, license_required_denial: 0, prohibited: 0 }, reviewPolicy: null, reason: null });
const allEligible = (incomeGroup: string | null = 'high') => ({ incomeGroup, agencies: (['EXIM', 'DFC', 'USTDA', 'SBA'] as const).map((agency) => ({ agency, standing: 'eligible' as const, rules: [] })) });
const facts = (country: string, over: Partial<CountryFacts> = {}): CountryFacts => ({
  country,
  target: false,
  licensing: clear(),
  financing: allEligible(),
  demand: { requirements: 0, interests: 0, followers: 0 },
  competition: { nonUsCompetitors: 0, deals: 0 },
  ...over,
});

describe('licensing by country', () => {
  const countries = ['AE', 'CN', 'CU', 'GB', 'RU', 'KE'];
  const byCountry = licensingByCountry(COMPONENTS, countries, ref, DAY);

  it('reads each country from the export-control engine: clear, license (with its policy), denial policy, prohibited', () => {
    expect(byCountry.get('GB')).toMatchObject({ status: 'clear', counts: { clear: 3 } });
    const ae = byCountry.get('AE')!;
    expect(ae.status).toBe('license_required');
    expect(ae.counts.license_required).toBe(1);
    expect(ae.reviewPolicy).toMatch(/case-by-case/i);
    expect(ae.reason?.citation).toContain('742.6');
    expect(byCountry.get('CN')!.counts.license_required_denial).toBeGreaterThan(0);
    expect(byCountry.get('CN')!.reviewPolicy).toMatch(/denial/i);
    const cu = byCountry.get('CU')!;
    expect(cu).toMatchObject({ status: 'prohibited', counts: { prohibited: 3 } });
    expect(cu.reason?.citation).toContain('746.2');
  });

  it('gives the same facts as one engine call per country', () => {
    expect(licensingByCountryOneByOne(COMPONENTS, countries, ref, DAY)).toEqual(byCountry);
  });

  it('never reads an undecidable component or an unknown country as clear', () => {
    const m = licensingByCountry([...COMPONENTS, { id: 'bad', eccn: '9Z999.z' }, { id: 'none', eccn: null }], ['GB', 'QQ'], ref, DAY);
    expect(m.get('GB')).toMatchObject({ status: 'needs_information', counts: { clear: 3, needs_information: 2 } });
    expect(m.get('QQ')).toMatchObject({ status: 'needs_information', counts: { needs_information: 5 } });
  });

  it('follows the reference data: a new embargo makes the country prohibited', () => {
    const embargoed = withPolicy(ref, (doc) => {
      (doc.embargoes as unknown[]).push({ id: 'test_ke', destinations: ['KE'], effect: 'prohibited', effectiveFrom: '2020-01-01', citation: '15 CFR 746.99 (test)', text: 'Test embargo on Kenya' });
    });
    expect(licensingByCountry(COMPONENTS, ['KE'], embargoed, DAY).get('KE')).toMatchObject({ status: 'prohibited', reason: { citation: '15 CFR 746.99 (test)' } });
  });
});

describe('financing by country', () => {
  const rules = countryRulesOn(BOOK, DAY)!;

  it('keeps only the rules that look at the country', () => {
    expect(rules.ruleSetVersion).toBe('2026.1');
    expect([...rules.byAgency.values()].flat().map((r) => r.id).sort()).toEqual(['dfc.high_income_share', 'dfc.income_priority', 'ustda.eligible_host']);
    expect(isCountryRule(BOOK.ruleSets[1]!.rules.find((r) => r.id === 'exim.cover_cap')!)).toBe(false);
  });

  it('decides each agency’s standing from the income group, with the rule and its citation', () => {
    const standings = (country: string, group: string | null) => Object.fromEntries(financingOf(rules, country, group, DAY).agencies.map((a) => [a.agency, a.standing]));
    expect(standings('KE', 'lower_middle')).toEqual({ EXIM: 'eligible', DFC: 'eligible', USTDA: 'eligible', SBA: 'eligible' });
    // High income: USTDA's host rule fails; DFC's share cap depends on the deal.
    expect(standings('GB', 'high')).toEqual({ EXIM: 'eligible', DFC: 'conditional', USTDA: 'ineligible', SBA: 'eligible' });
    expect(standings('VE', null)).toEqual({ EXIM: 'eligible', DFC: 'unknown', USTDA: 'unknown', SBA: 'eligible' });
    const ustda = financingOf(rules, 'GB', 'high', DAY).agencies.find((a) => a.agency === 'USTDA')!;
    expect(ustda.rules[0]).toMatchObject({ ruleId: 'ustda.eligible_host', outcome: 'fail', severity: 'blocking' });
  });

  it('follows a new rule set: a country rule limited to some instruments makes the agency conditional, else ineligible', () => {
    const set = BOOK.ruleSets[1]!;
    const book: RuleBook = {
      ruleSets: [
        ...BOOK.ruleSets,
        {
          ...set,
          version: '2026.9',
          effectiveFrom: '2026-11-01',
          rules: [
            ...set.rules,
            { id: 'exim.no_ke', agency: 'EXIM', title: 'Not in KE', citation: 'test', severity: 'blocking', require: { fact: 'country', op: 'notIn', value: ['KE'] } },
            { id: 'sba.no_ke_express', agency: 'SBA', instruments: ['export_express'], title: 'No express in KE', citation: 'test', severity: 'blocking', require: { fact: 'country', op: 'neq', value: 'KE' } },
          ],
        },
      ],
    };
    const ke = financingOf(countryRulesOn(book, DAY), 'KE', 'lower_middle', DAY);
    expect(Object.fromEntries(ke.agencies.map((a) => [a.agency, a.standing]))).toMatchObject({ EXIM: 'ineligible', SBA: 'conditional' });
    expect(financingOf(countryRulesOn(book, '2026-10-01'), 'KE', 'lower_middle', '2026-10-01').agencies.find((a) => a.agency === 'EXIM')!.standing).toBe('eligible');
  });

  it('has every agency unknown when no rule set is in force', () => {
    expect(financingOf(countryRulesOn(BOOK, '2020-01-01'), 'KE', 'low', '2020-01-01').agencies.every((a) => a.standing === 'unknown')).toBe(true);
  });
});

describe('ranking', () => {
  it('scores each factor in [0, 1]', () => {
    expect(factorScores(facts('AA'))).toEqual({ licensing: 1, financing: 1, demand: 0, competition: 1 });
    const mixed = factorScores(
      facts('AA', {
        licensing: { ...clear(), counts: { clear: 2, needs_information: 0, license_required: 1, license_required_denial: 1, prohibited: 0 } },
        demand: { requirements: 1, interests: 0, followers: 2 },
        competition: { nonUsCompetitors: 3, deals: 2 },
      }),
    );
    expect(mixed).toEqual({ licensing: 0.65, financing: 1, demand: 0.5, competition: 0.25 });
  });

  it('puts prohibited countries last whatever their total, and breaks ties by country code', () => {
    const cu = facts('CU', { licensing: { ...clear(), status: 'prohibited', counts: { clear: 0, needs_information: 0, license_required: 0, license_required_denial: 0, prohibited: 3 } }, demand: { requirements: 9, interests: 9, followers: 9 } });
    const ranked = rankCountries([facts('ZW'), cu, facts('BB'), facts('AA')]);
    expect(ranked.map((r) => [r.country, r.rank])).toEqual([['AA', 1], ['BB', 2], ['ZW', 3], ['CU', 4]]);
    expect(ranked[3]).toMatchObject({ prohibited: true });
    expect(ranked[3]!.scores.licensing).toBe(0);
  });

  it('moves a country up when its demand rises, and weights change the order', () => {
    const base = [facts('AA'), facts('BB'), facts('CC', { competition: { nonUsCompetitors: 1, deals: 1 } })];
    expect(rankCountries(base).map((r) => r.country)).toEqual(['AA', 'BB', 'CC']);
    const withDemand = [facts('AA'), facts('BB'), facts('CC', { competition: { nonUsCompetitors: 1, deals: 1 }, demand: { requirements: 1, interests: 0, followers: 0 } })];
    expect(rankCountries(withDemand).map((r) => r.country)).toEqual(['CC', 'AA', 'BB']);
    // Demand weighted 0: competition alone separates them again.
    expect(rankCountries(withDemand, { ...DEFAULT_WEIGHTS, demand: 0 }).map((r) => r.country)).toEqual(['AA', 'BB', 'CC']);
  });

  it('weighs totals to 0–100, and with every weight 0 orders by code', () => {
    const [top] = rankCountries([facts('AA')], { licensing: 1, financing: 0, demand: 0, competition: 0 });
    expect(top!.total).toBe(100);
    const zero = rankCountries([facts('BB'), facts('AA', { demand: { requirements: 5, interests: 0, followers: 0 } })], { licensing: 0, financing: 0, demand: 0, competition: 0 });
    expect(zero.map((r) => [r.country, r.total])).toEqual([['AA', 0], ['BB', 0]]);
  });

  it('refuses weights out of range', () => {
    expect(() => rankCountries([facts('AA')], { ...DEFAULT_WEIGHTS, demand: 11 })).toThrow(RangeError);
    expect(() => rankCountries([facts('AA')], { ...DEFAULT_WEIGHTS, licensing: -1 })).toThrow(RangeError);
    expect(() => rankCountries([facts('AA')], { ...DEFAULT_WEIGHTS, financing: Number.NaN })).toThrow(RangeError);
  });
});

describe('additionality', () => {
  const flagged = facts('AA', { demand: { requirements: 0, interests: 1, followers: 0 } });

  it('flags a market as likely to proceed without federal support only when every condition holds', () => {
    expect(additionalityOf(flagged)).toEqual({
      likelyWithoutSupport: true,
      conditions: [
        { condition: 'licensing_clear', holds: true },
        { condition: 'income_group', holds: true },
        { condition: 'low_competition', holds: true },
        { condition: 'demand_present', holds: true },
      ],
    });
  });

  it('does not flag it when any condition fails', () => {
    const licensed = { ...flagged, licensing: { ...clear(), counts: { ...clear().counts, clear: 2, license_required: 1 } } };
    expect(additionalityOf(licensed).likelyWithoutSupport).toBe(false);
    expect(additionalityOf({ ...flagged, financing: allEligible('upper_middle') }).likelyWithoutSupport).toBe(false);
    expect(additionalityOf({ ...flagged, financing: allEligible(null) }).likelyWithoutSupport).toBe(false);
    expect(additionalityOf({ ...flagged, competition: { nonUsCompetitors: 1, deals: 1 } }).likelyWithoutSupport).toBe(false);
    expect(additionalityOf({ ...flagged, demand: { requirements: 0, interests: 0, followers: 0 } }).likelyWithoutSupport).toBe(false);
    // Components awaiting classification do not count against it.
    const undecided = { ...flagged, licensing: { ...clear(), status: 'needs_information' as const, counts: { ...clear().counts, needs_information: 1 } } };
    expect(additionalityOf(undecided).likelyWithoutSupport).toBe(true);
  });

  it('takes its thresholds as a rule', () => {
    const rule = { incomeGroups: ['high', 'upper_middle'], maxNonUsCompetitors: 1, minDemandSignals: 3 };
    expect(additionalityOf({ ...flagged, financing: allEligible('upper_middle'), competition: { nonUsCompetitors: 1, deals: 1 } }, rule).conditions.filter((c) => !c.holds).map((c) => c.condition)).toEqual(['demand_present']);
  });
});
