// The matching engine criterion by criterion, the score and fit, and the ranking's order.
import { describe, expect, it } from 'vitest';
import { MATCH_CRITERIA, type MatchCriterion, type PackageOfferFacts, type RequirementFacts } from '#shared/domain/buyers.ts';
import { CRITERION_WEIGHTS, fitOf, matchRequirement, rankPackages, rankRequirements } from './index.ts';

const req = (over: Partial<RequirementFacts> = {}): RequirementFacts => ({
  id: 'req-1',
  orgId: 'org-buyer',
  country: 'PH',
  sector: 'government_services',
  layers: ['infrastructure', 'model'],
  deployments: ['sovereign_cloud'],
  dataResidency: 'in_country',
  modelLicensing: 'open_weight',
  languages: ['en', 'fil'],
  budgetMinUsd: 5_000_000,
  budgetMaxUsd: 20_000_000,
  timeline: '6_to_12_months',
  financing: ['EXIM'],
  ...over,
});

const offer = (over: Partial<PackageOfferFacts> = {}): PackageOfferFacts => ({
  proposalId: 'p-1',
  countries: ['ID', 'MY', 'PH', 'TH', 'VN'],
  sectors: ['government_services'],
  layers: ['infrastructure', 'data', 'model', 'security', 'application'],
  deployments: ['sovereign_cloud', 'on_premises'],
  dataResidency: ['in_country', 'in_region'],
  modelLicensing: ['open_weight'],
  languages: ['en', 'fil', 'id', 'th', 'vi'],
  budgetMinUsd: 8_000_000,
  budgetMaxUsd: 40_000_000,
  deliveryMonths: 9,
  financing: ['EXIM', 'DFC'],
  ...over,
});

const outcome = (c: MatchCriterion, r: RequirementFacts, o: PackageOfferFacts) => matchRequirement(r, o).reasons.find((x) => x.criterion === c)!;

describe('matchRequirement', () => {
  it('gives one reason per criterion, in order; a package meeting everything scores 100, strong', () => {
    const m = matchRequirement(req(), offer());
    expect(m.reasons.map((r) => r.criterion)).toEqual([...MATCH_CRITERIA]);
    expect(m.reasons.every((r) => r.outcome === 'met')).toBe(true);
    expect(m).toMatchObject({ score: 100, fit: 'strong' });
    expect(Object.values(CRITERION_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('country: targeted is met, the same region partial, elsewhere missed and scored 0', () => {
    expect(outcome('country', req(), offer())).toMatchObject({ outcome: 'met', wanted: ['PH'], offered: ['PH'] });
    const neighbour = outcome('country', req({ country: 'KH' }), offer());
    expect(neighbour.outcome).toBe('partial');
    expect(neighbour.offered).toEqual(['ID', 'MY', 'PH', 'TH', 'VN']);
    const far = matchRequirement(req({ country: 'KE' }), offer());
    expect(far.reasons[0]).toMatchObject({ criterion: 'country', outcome: 'missed', offered: [] });
    expect(far).toMatchObject({ score: 0, fit: 'weak' });
  });

  it('sector: none wanted is met, listed met, another missed, none declared unknown', () => {
    expect(outcome('sector', req({ sector: null }), offer()).outcome).toBe('met');
    expect(outcome('sector', req({ sector: 'health' }), offer()).outcome).toBe('missed');
    expect(outcome('sector', req(), offer({ sectors: [] })).outcome).toBe('unknown');
  });

  it('layers: all covered met, some partial, none missed', () => {
    expect(outcome('layers', req(), offer({ layers: ['model'] })).outcome).toBe('partial');
    expect(outcome('layers', req(), offer({ layers: ['application'] })).outcome).toBe('missed');
    expect(outcome('layers', req({ layers: [] }), offer({ layers: ['application'] })).outcome).toBe('met');
  });

  it('deployment: all wanted offered met, some partial, none missed, not declared unknown', () => {
    const wanted = req({ deployments: ['sovereign_cloud', 'air_gapped'] });
    expect(outcome('deployment', wanted, offer()).outcome).toBe('partial');
    expect(outcome('deployment', wanted, offer({ deployments: ['on_premises'] })).outcome).toBe('missed');
    expect(outcome('deployment', wanted, offer({ deployments: null }))).toMatchObject({ outcome: 'unknown', offered: [] });
    expect(outcome('deployment', req({ deployments: [] }), offer({ deployments: null })).outcome).toBe('met');
  });

  it('data residency: no requirement always met; in-region met by in-country or in-region; in-country only by in-country', () => {
    expect(outcome('dataResidency', req({ dataResidency: 'no_requirement' }), offer({ dataResidency: null })).outcome).toBe('met');
    expect(outcome('dataResidency', req({ dataResidency: 'in_region' }), offer({ dataResidency: ['in_country'] })).outcome).toBe('met');
    expect(outcome('dataResidency', req({ dataResidency: 'in_region' }), offer({ dataResidency: ['in_region'] })).outcome).toBe('met');
    expect(outcome('dataResidency', req({ dataResidency: 'in_country' }), offer({ dataResidency: ['in_region'] })).outcome).toBe('missed');
    expect(outcome('dataResidency', req(), offer({ dataResidency: null })).outcome).toBe('unknown');
  });

  it('model licensing: either met by any; a kind met when offered, missed otherwise', () => {
    expect(outcome('modelLicensing', req({ modelLicensing: 'either' }), offer({ modelLicensing: null })).outcome).toBe('met');
    expect(outcome('modelLicensing', req({ modelLicensing: 'licensed' }), offer()).outcome).toBe('missed');
    expect(outcome('modelLicensing', req({ modelLicensing: 'licensed' }), offer({ modelLicensing: ['open_weight', 'licensed'] })).outcome).toBe('met');
    expect(outcome('modelLicensing', req(), offer({ modelLicensing: null })).outcome).toBe('unknown');
  });

  it('languages: the share of wanted languages supported, matched by primary subtag', () => {
    expect(outcome('languages', req({ languages: ['en', 'km'] }), offer()).outcome).toBe('partial');
    expect(outcome('languages', req({ languages: ['km'] }), offer()).outcome).toBe('missed');
    expect(outcome('languages', req({ languages: ['pt-BR'] }), offer({ languages: ['pt'] })).outcome).toBe('met');
    expect(outcome('languages', req(), offer({ languages: null })).outcome).toBe('unknown');
  });

  it('budget: overlapping ranges met, disjoint missed, open ends open, nothing declared unknown', () => {
    expect(outcome('budget', req({ budgetMinUsd: 1_000_000, budgetMaxUsd: 3_000_000 }), offer()).outcome).toBe('missed');
    expect(outcome('budget', req({ budgetMinUsd: null, budgetMaxUsd: 8_000_000 }), offer())).toMatchObject({ outcome: 'met', wanted: [8_000_000], offered: [8_000_000, 40_000_000] });
    expect(outcome('budget', req({ budgetMinUsd: 50_000_000, budgetMaxUsd: null }), offer({ budgetMaxUsd: null })).outcome).toBe('met');
    expect(outcome('budget', req(), offer({ budgetMinUsd: null, budgetMaxUsd: null })).outcome).toBe('unknown');
    expect(outcome('budget', req({ budgetMinUsd: null, budgetMaxUsd: null }), offer({ budgetMinUsd: null, budgetMaxUsd: null })).outcome).toBe('met');
  });

  it('timeline: delivery within the timeline met, up to six months later partial, later missed; over 24 months takes any', () => {
    expect(outcome('timeline', req({ timeline: 'within_6_months' }), offer({ deliveryMonths: 9 })).outcome).toBe('partial');
    expect(outcome('timeline', req({ timeline: 'within_6_months' }), offer({ deliveryMonths: 13 })).outcome).toBe('missed');
    expect(outcome('timeline', req({ timeline: 'over_24_months' }), offer({ deliveryMonths: 40 })).outcome).toBe('met');
    expect(outcome('timeline', req(), offer({ deliveryMonths: null })).outcome).toBe('unknown');
  });

  it('financing: the wanted agencies the package works with', () => {
    expect(outcome('financing', req({ financing: ['EXIM', 'DFC'] }), offer({ financing: ['DFC'] })).outcome).toBe('partial');
    expect(outcome('financing', req(), offer({ financing: ['DFC'] })).outcome).toBe('missed');
    expect(outcome('financing', req({ financing: [] }), offer({ financing: null })).outcome).toBe('met');
    expect(outcome('financing', req(), offer({ financing: null })).outcome).toBe('unknown');
  });

  it('scores partial and unknown facts below met ones; an undeclared profile ranks below a fitting one', () => {
    const blank = offer({ deployments: null, dataResidency: null, modelLicensing: null, languages: null, budgetMinUsd: null, budgetMaxUsd: null, deliveryMonths: null, financing: null });
    const m = matchRequirement(req(), blank);
    // country 20 + sector 10 + layers 15 met; the 55 undeclared count a quarter.
    expect(m.score).toBe(Math.round(45 + 55 * 0.25));
    expect(m.fit).toBe('partial');
    expect(fitOf(74)).toBe('partial');
    expect(fitOf(49)).toBe('weak');
    expect(matchRequirement(req(), blank, { weights: { deployment: 0, dataResidency: 0, modelLicensing: 0, languages: 0, budget: 0, timeline: 0, financing: 0 } }).score).toBe(100);
  });
});

describe('ranking', () => {
  it('ranks packages best first, leaves out those outside the country and region, and breaks ties by id', () => {
    const offers = [
      offer({ proposalId: 'p-b', layers: ['model'] }),
      offer({ proposalId: 'p-far', countries: ['KE', 'NG'] }),
      offer({ proposalId: 'p-c' }),
      offer({ proposalId: 'p-a' }),
    ];
    const ranked = rankPackages(req(), offers);
    expect(ranked.map((m) => m.proposalId)).toEqual(['p-a', 'p-c', 'p-b']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[2]!.score);
    expect(rankPackages(req(), [...offers].reverse()).map((m) => m.proposalId)).toEqual(['p-a', 'p-c', 'p-b']);
  });

  it('ranks the requirements a package fits, best first', () => {
    const reqs = [req({ id: 'r-far', country: 'BR' }), req({ id: 'r-2', modelLicensing: 'licensed' }), req({ id: 'r-1' }), req({ id: 'r-0', country: 'KH' })];
    const ranked = rankRequirements(offer(), reqs);
    expect(ranked.map((m) => m.requirementId)).toEqual(['r-1', 'r-2', 'r-0']);
    expect(ranked.map((m) => m.score)).toEqual([100, 95, 90]);
  });
});
