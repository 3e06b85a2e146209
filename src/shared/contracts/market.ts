// The market explorer: every candidate country for a package, ranked by licensing friction,
// financing eligibility, buyers' demand and competition, with adjustable weights.
import { z } from 'zod';

export const MARKET_FACTORS = ['licensing', 'financing', 'demand', 'competition'] as const;
export type MarketFactor = (typeof MARKET_FACTORS)[number];
export type MarketWeights = Record<MarketFactor, number>;

/** Default weights (each 0–10), documented in docs/market-explorer.md. */
export const DEFAULT_MARKET_WEIGHTS: MarketWeights = { licensing: 4, financing: 2, demand: 3, competition: 1 };
export const MAX_MARKET_WEIGHT = 10;

/** The query parameter of each factor's weight. */
export const WEIGHT_PARAMS: Record<MarketFactor, 'wLicensing' | 'wFinancing' | 'wDemand' | 'wCompetition'> = {
  licensing: 'wLicensing',
  financing: 'wFinancing',
  demand: 'wDemand',
  competition: 'wCompetition',
};

const Weight = z.coerce.number().finite().min(0).max(MAX_MARKET_WEIGHT).describe(`a weight from 0 to ${MAX_MARKET_WEIGHT} (default in docs/market-explorer.md)`);

export const MarketQuery = z.object({
  wLicensing: Weight.optional(),
  wFinancing: Weight.optional(),
  wDemand: Weight.optional(),
  wCompetition: Weight.optional(),
});
export type MarketQuery = z.infer<typeof MarketQuery>;

/** The weights a query asks for, defaults where it names none. */
export function weightsOf(q: MarketQuery): MarketWeights {
  return {
    licensing: q.wLicensing ?? DEFAULT_MARKET_WEIGHTS.licensing,
    financing: q.wFinancing ?? DEFAULT_MARKET_WEIGHTS.financing,
    demand: q.wDemand ?? DEFAULT_MARKET_WEIGHTS.demand,
    competition: q.wCompetition ?? DEFAULT_MARKET_WEIGHTS.competition,
  };
}

const Counts = z.object({ clear: z.number(), needs_information: z.number(), license_required: z.number(), license_required_denial: z.number(), prohibited: z.number() });
const Citation = z.object({ text: z.string(), citation: z.string() });

export const AGENCY_STANDINGS = ['eligible', 'conditional', 'unknown', 'ineligible'] as const;
export const ADDITIONALITY_CONDITIONS = ['licensing_clear', 'income_group', 'low_competition', 'demand_present'] as const;

export const MarketCountrySchema = z.object({
  code: z.string(),
  name: z.string(),
  target: z.boolean(),
  rank: z.number().int(),
  total: z.number(),
  prohibited: z.boolean(),
  scores: z.object({ licensing: z.number(), financing: z.number(), demand: z.number(), competition: z.number() }),
  licensing: z.object({
    status: z.enum(['clear', 'needs_information', 'license_required', 'prohibited']),
    counts: Counts,
    reviewPolicy: z.string().nullable(),
    reason: Citation.nullable(),
    /** Expected days to a license decision under the configured assumption; null when not estimated. */
    expectedDays: z.number().nullable(),
  }),
  financing: z.object({
    incomeGroup: z.string().nullable(),
    agencies: z.array(
      z.object({
        agency: z.enum(['EXIM', 'DFC', 'USTDA', 'SBA']),
        standing: z.enum(AGENCY_STANDINGS),
        /** The blocking country rules that keep the agency from "eligible" (a failure, or facts the deal must give). */
        rules: z.array(z.object({ ruleId: z.string(), severity: z.enum(['blocking', 'advisory']), outcome: z.enum(['pass', 'fail', 'needs_information', 'not_applicable']), explanation: z.string(), citation: z.string() })),
      }),
    ),
  }),
  demand: z.object({ requirements: z.number().int(), interests: z.number().int(), followers: z.number().int(), signals: z.number() }),
  competition: z.object({ nonUsCompetitors: z.number().int(), deals: z.number().int() }),
  additionality: z.object({
    likelyWithoutSupport: z.boolean(),
    conditions: z.array(z.object({ condition: z.enum(ADDITIONALITY_CONDITIONS), holds: z.boolean() })),
  }),
});
export type MarketCountry = z.infer<typeof MarketCountrySchema>;

export const MarketViewSchema = z.object({
  proposalId: z.string(),
  proposalTitle: z.string(),
  proposalState: z.string(),
  asOf: z.string(),
  weights: z.object({ licensing: z.number(), financing: z.number(), demand: z.number(), competition: z.number() }),
  sources: z.object({
    exportControl: z.object({ version: z.string(), effectiveDate: z.string() }),
    financingRules: z.object({ version: z.string(), effectiveFrom: z.string() }).nullable(),
    incomeGroups: z.object({ version: z.string(), source: z.string() }),
  }),
  assumptions: z.object({
    licenseDays: z.object({ clear: z.number(), licenseRequired: z.number().nullable(), denialPolicy: z.number().nullable(), source: z.string() }),
    additionality: z.object({ incomeGroups: z.array(z.string()), maxNonUsCompetitors: z.number(), minDemandSignals: z.number() }),
  }),
  countries: z.array(MarketCountrySchema),
});
export type MarketView = z.infer<typeof MarketViewSchema>;
