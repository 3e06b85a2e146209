// Vocabulary of the buyer's side (docs/buyers.md): what a foreign buyer states it needs, what a
// designated package offers, and how a match explains itself. Codes only: the web app names them in
// the reader's language (message catalogs), the engines and the API never return English sentences
// for them.
import type { FinancingAgency } from './package.ts';
import type { Layer } from './package.ts';

/** How the buyer wants the system deployed. */
export const DEPLOYMENTS = ['on_premises', 'sovereign_cloud', 'air_gapped'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

/** Where the buyer's data must stay. */
export const DATA_RESIDENCY = ['in_country', 'in_region', 'no_requirement'] as const;
export type DataResidency = (typeof DATA_RESIDENCY)[number];
/** What a package can offer for data residency (the buyer's 'no_requirement' is met by anything). */
export const OFFERED_DATA_RESIDENCY = ['in_country', 'in_region'] as const;
export type OfferedDataResidency = (typeof OFFERED_DATA_RESIDENCY)[number];

/** The models the buyer accepts: open-weight, licensed (closed) or either. */
export const MODEL_LICENSING = ['open_weight', 'licensed', 'either'] as const;
export type ModelLicensing = (typeof MODEL_LICENSING)[number];
/** What a package's models are: open-weight, licensed, or both kinds offered. */
export const OFFERED_MODEL_LICENSING = ['open_weight', 'licensed'] as const;
export type OfferedModelLicensing = (typeof OFFERED_MODEL_LICENSING)[number];

export const TIMELINES = ['within_6_months', '6_to_12_months', '12_to_24_months', 'over_24_months'] as const;
export type Timeline = (typeof TIMELINES)[number];
/** The latest month (from now) each timeline accepts delivery in; 'over_24_months' accepts any. */
export const TIMELINE_MAX_MONTHS: Record<Timeline, number | null> = { within_6_months: 6, '6_to_12_months': 12, '12_to_24_months': 24, over_24_months: null };

/** The kinds of buyer organization. */
export const BUYER_KINDS = ['government', 'state_owned', 'company'] as const;
export type BuyerKind = (typeof BUYER_KINDS)[number];

/** Where an interest record stands; the buyer follows it. */
export const INTEREST_STATUSES = ['received', 'forwarded', 'in_contact', 'closed'] as const;
export type InterestStatus = (typeof INTEREST_STATUSES)[number];

/** The requirements a match is explained by, each with an outcome. */
export const MATCH_CRITERIA = ['country', 'sector', 'layers', 'deployment', 'dataResidency', 'modelLicensing', 'languages', 'budget', 'timeline', 'financing'] as const;
export type MatchCriterion = (typeof MATCH_CRITERIA)[number];
export const MATCH_OUTCOMES = ['met', 'partial', 'missed', 'unknown'] as const;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];
export const MATCH_FITS = ['strong', 'partial', 'weak'] as const;
export type MatchFit = (typeof MATCH_FITS)[number];

/** One reason of a match: the criterion, its outcome, and what was wanted and offered (codes, numbers). */
export interface MatchReason {
  criterion: MatchCriterion;
  outcome: MatchOutcome;
  wanted: (string | number)[];
  offered: (string | number)[];
}

/** A buyer requirement as the matching reads it. */
export interface RequirementFacts {
  id: string;
  orgId: string;
  country: string;
  sector: string | null;
  layers: Layer[];
  deployments: Deployment[];
  dataResidency: DataResidency;
  modelLicensing: ModelLicensing;
  languages: string[];
  budgetMinUsd: number | null;
  budgetMaxUsd: number | null;
  timeline: Timeline;
  financing: FinancingAgency[];
}

/** A designated package as the matching reads it: public facts and its consortium's profile (null fields: not declared). */
export interface PackageOfferFacts {
  proposalId: string;
  /** Target countries (blocs expanded). */
  countries: string[];
  sectors: string[];
  layers: Layer[];
  deployments: Deployment[] | null;
  dataResidency: OfferedDataResidency[] | null;
  modelLicensing: OfferedModelLicensing[] | null;
  languages: string[] | null;
  budgetMinUsd: number | null;
  budgetMaxUsd: number | null;
  deliveryMonths: number | null;
  financing: FinancingAgency[] | null;
}
