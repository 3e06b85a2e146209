// Ranking candidate countries for a package: four factor scores in [0, 1], a weighted total,
// prohibited countries last (kept, with their reason), ties broken by country code, and the
// additionality flag. Pure: the facts come in, nothing is read.
import type { LicensingFacts } from './licensing.ts';
import type { AgencyStanding, FinancingFacts } from './financing.ts';
import { DEFAULT_MARKET_WEIGHTS, MARKET_FACTORS, MAX_MARKET_WEIGHT, type MarketFactor, type MarketWeights } from '#shared/contracts/market.ts';

export const FACTORS = MARKET_FACTORS;
export type Factor = MarketFactor;
export type Weights = MarketWeights;

/** Default weights (each 0–10): licensing friction first, then buyers' demand, financing, competition. */
export const DEFAULT_WEIGHTS: Weights = DEFAULT_MARKET_WEIGHTS;
export const MAX_WEIGHT = MAX_MARKET_WEIGHT;

export interface DemandFacts {
  requirements: number;
  interests: number;
  followers: number;
}

export interface CompetitionFacts {
  /** Distinct non-U.S. competitors recorded on deals in the country. */
  nonUsCompetitors: number;
  /** Deals in the country that record any competitor. */
  deals: number;
}

export interface CountryFacts {
  country: string;
  /** One of the package's own target markets. */
  target: boolean;
  licensing: LicensingFacts;
  financing: FinancingFacts;
  demand: DemandFacts;
  competition: CompetitionFacts;
}

/**
 * The scoring model. Component scores of licensing (the country's licensing score is their mean;
 * any prohibited component makes it 0), the standing scores of the agencies (the financing score
 * is their mean), and the saturation points of demand and competition.
 */
export interface ScoringModel {
  licensing: { clear: number; needs_information: number; license_required: number; license_required_denial: number };
  standing: Record<AgencyStanding, number>;
  /** Demand signals at which the demand score reaches 0.5 (score = s / (s + half)). */
  demandHalf: number;
  /** Weight of a requirement and of an interest record, against a follower's 1. */
  demandWeights: { requirement: number; interest: number; follower: number };
}

export const DEFAULT_MODEL: ScoringModel = {
  licensing: { clear: 1, needs_information: 0.5, license_required: 0.5, license_required_denial: 0.1 },
  standing: { eligible: 1, conditional: 0.5, unknown: 0.25, ineligible: 0 },
  demandHalf: 4,
  demandWeights: { requirement: 2, interest: 2, follower: 1 },
};

/**
 * "Likely to proceed without federal support": every condition must hold —
 * licensing: no component needs a license or is prohibited there (components still awaiting a
 * classification do not count against it);
 * income: the country's income group is one of `incomeGroups` (commercial finance is deep, and the
 * development agencies' rules exclude or restrict such countries);
 * competition: at most `maxNonUsCompetitors` non-U.S. competitors recorded on deals there;
 * demand: at least `minDemandSignals` demand signals (requirements, interest, followers).
 */
export interface AdditionalityRule {
  incomeGroups: string[];
  maxNonUsCompetitors: number;
  minDemandSignals: number;
}

export const DEFAULT_ADDITIONALITY: AdditionalityRule = { incomeGroups: ['high'], maxNonUsCompetitors: 0, minDemandSignals: 1 };

export interface Additionality {
  likelyWithoutSupport: boolean;
  /** Each condition with whether it holds, in the order of the rule. */
  conditions: { condition: 'licensing_clear' | 'income_group' | 'low_competition' | 'demand_present'; holds: boolean }[];
}

export interface RankedCountry extends CountryFacts {
  rank: number;
  /** Weighted total, 0–100 (one decimal). */
  total: number;
  scores: Record<Factor, number>;
  prohibited: boolean;
  demandSignals: number;
  additionality: Additionality;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function demandSignalsOf(d: DemandFacts, model: ScoringModel = DEFAULT_MODEL): number {
  return d.requirements * model.demandWeights.requirement + d.interests * model.demandWeights.interest + d.followers * model.demandWeights.follower;
}

/** The four factor scores of a country, each in [0, 1] (rounded to four decimals, so ties are exact). */
export function factorScores(f: CountryFacts, model: ScoringModel = DEFAULT_MODEL): Record<Factor, number> {
  const c = f.licensing.counts;
  const n = c.clear + c.needs_information + c.license_required + c.license_required_denial + c.prohibited;
  const m = model.licensing;
  const licensing = c.prohibited > 0 ? 0 : n === 0 ? 1 : (c.clear * m.clear + c.needs_information * m.needs_information + c.license_required * m.license_required + c.license_required_denial * m.license_required_denial) / n;
  const agencies = f.financing.agencies;
  const financing = agencies.length ? agencies.reduce((s, a) => s + model.standing[a.standing], 0) / agencies.length : 0;
  const signals = demandSignalsOf(f.demand, model);
  const demand = signals / (signals + model.demandHalf);
  const competition = 1 / (1 + f.competition.nonUsCompetitors);
  return { licensing: round(licensing, 4), financing: round(financing, 4), demand: round(demand, 4), competition: round(competition, 4) };
}

export function additionalityOf(f: CountryFacts, rule: AdditionalityRule = DEFAULT_ADDITIONALITY, model: ScoringModel = DEFAULT_MODEL): Additionality {
  const c = f.licensing.counts;
  const conditions: Additionality['conditions'] = [
    { condition: 'licensing_clear', holds: c.license_required + c.license_required_denial + c.prohibited === 0 },
    { condition: 'income_group', holds: f.financing.incomeGroup !== null && rule.incomeGroups.includes(f.financing.incomeGroup) },
    { condition: 'low_competition', holds: f.competition.nonUsCompetitors <= rule.maxNonUsCompetitors },
    { condition: 'demand_present', holds: demandSignalsOf(f.demand, model) >= rule.minDemandSignals },
  ];
  return { likelyWithoutSupport: conditions.every((x) => x.holds), conditions };
}

/** Validated weights: each a finite number in [0, MAX_WEIGHT]. */
export function checkWeights(w: Weights): void {
  for (const k of FACTORS) {
    const v = w[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_WEIGHT) throw new RangeError(`weight ${k} must be a number from 0 to ${MAX_WEIGHT}`);
  }
}

/**
 * Every country ranked, best first: countries where a component is prohibited come last whatever
 * their total; then by total, highest first; equal totals by country code. With all weights 0 every
 * total is 0 and the order is by code.
 */
export function rankCountries(countries: readonly CountryFacts[], weights: Weights = DEFAULT_WEIGHTS, opts: { model?: ScoringModel; additionality?: AdditionalityRule } = {}): RankedCountry[] {
  checkWeights(weights);
  const model = opts.model ?? DEFAULT_MODEL;
  const sum = FACTORS.reduce((s, k) => s + weights[k], 0);
  const scored = countries.map((f) => {
    const scores = factorScores(f, model);
    const total = sum === 0 ? 0 : round((100 * FACTORS.reduce((s, k) => s + weights[k] * scores[k], 0)) / sum, 1);
    return {
      ...f,
      rank: 0,
      total,
      scores,
      prohibited: f.licensing.counts.prohibited > 0,
      demandSignals: demandSignalsOf(f.demand, model),
      additionality: additionalityOf(f, opts.additionality, model),
    };
  });
  scored.sort((a, b) => Number(a.prohibited) - Number(b.prohibited) || b.total - a.total || (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
  scored.forEach((c, i) => (c.rank = i + 1));
  return scored;
}
