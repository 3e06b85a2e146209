// The program's public outcomes (GET /api/v1/public/outcomes): aggregates only. The schema is the
// allow-list of what leaves aiep without a login — counts, and amounts summed over enough deals —
// so no title, buyer, deal value, score or note can reach it (src/server/http/contracts.test.ts
// checks its field names against the confidential list). docs/outcomes.md explains each figure.
import { z } from 'zod';
import { LAYERS } from '../domain/package.ts';

/**
 * An amount in US dollars summed over deals, or null when it is withheld: it would come from fewer
 * deals than the disclosure threshold (OUTCOMES_MIN_DEALS), or would let a withheld one be worked out.
 */
const WithheldAmount = z.number().nonnegative().nullable();

/** The counts and amounts of one slice (a country, a layer, a quarter, or the whole program). */
const OutcomeFigures = {
  /** Packages designated (a package counts in each country and layer it covers). */
  designations: z.number().int().nonnegative(),
  /** Deals recorded under designated packages, whatever their stage. */
  deals: z.number().int().nonnegative(),
  /** Deals whose supply contract is signed: contract signed, in delivery or operational. */
  dealsClosed: z.number().int().nonnegative(),
  /** Deals with at least one binding financing commitment. */
  dealsWithCommitment: z.number().int().nonnegative(),
  /** Deals with money disbursed. */
  dealsWithDisbursement: z.number().int().nonnegative(),
  committedUsd: WithheldAmount,
  disbursedUsd: WithheldAmount,
  /** True when an amount of this slice is withheld (null). */
  suppressed: z.boolean(),
};

export const OutcomeCountrySchema = z.object({ country: z.string(), ...OutcomeFigures });
export const OutcomeLayerSchema = z.object({ layer: z.enum(LAYERS), ...OutcomeFigures });
export const OutcomeQuarterSchema = z.object({
  /** Calendar quarter, e.g. 2026-Q3 (UTC). */
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  ...OutcomeFigures,
  /** Monitoring reports filed for this quarter. */
  reportsFiled: z.number().int().nonnegative(),
});

export const OutcomesSchema = z.object({
  /** The day the figures are computed for (UTC). */
  asOf: z.string(),
  /** The disclosure threshold in force: an amount summed over fewer deals than this is withheld. */
  minDeals: z.number().int().positive(),
  totals: z.object({
    ...OutcomeFigures,
    /** Packages designated and still listed in the catalog today. */
    designationsInForce: z.number().int().nonnegative(),
  }),
  /** Days from a package's designation to its first binding commitment, over the packages that have one. */
  timeToFirstCommitment: z.object({
    packages: z.number().int().nonnegative(),
    medianDays: z.number().nonnegative().nullable(),
    meanDays: z.number().nonnegative().nullable(),
    suppressed: z.boolean(),
  }),
  monitoring: z.object({
    /** Quarterly reports whose due date has passed. */
    reportsDue: z.number().int().nonnegative(),
    /** Of all reports, those filed. */
    reportsFiled: z.number().int().nonnegative(),
    /** Of the filed reports, those filed by their due date. */
    filedOnTime: z.number().int().nonnegative(),
  }),
  byCountry: z.array(OutcomeCountrySchema),
  byLayer: z.array(OutcomeLayerSchema),
  byQuarter: z.array(OutcomeQuarterSchema),
});
export type Outcomes = z.infer<typeof OutcomesSchema>;
export type OutcomeCountry = z.infer<typeof OutcomeCountrySchema>;
export type OutcomeLayer = z.infer<typeof OutcomeLayerSchema>;
export type OutcomeQuarter = z.infer<typeof OutcomeQuarterSchema>;
