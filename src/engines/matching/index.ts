// The matching engine: how well a designated package fits a foreign buyer's requirement, explained
// criterion by criterion (docs/matching.md). Pure: no database, no clock, no server imports. Every
// reason carries codes and numbers only; the web app names them in the reader's language.
import type { MatchCriterion, MatchFit, MatchOutcome, MatchReason, PackageOfferFacts, RequirementFacts } from '#shared/domain/buyers.ts';
import { MATCH_CRITERIA, TIMELINE_MAX_MONTHS } from '#shared/domain/buyers.ts';
import { regionOfCountry } from '#shared/reference/regions.ts';

/**
 * How much each criterion counts in the score (they add up to 100). The buyer's country and the
 * package's layers weigh most: a package that does not reach the buyer's market or covers too little
 * of the stack is rarely a fit whatever else it offers.
 */
export const CRITERION_WEIGHTS: Readonly<Record<MatchCriterion, number>> = {
  country: 20,
  sector: 10,
  layers: 15,
  deployment: 10,
  dataResidency: 10,
  modelLicensing: 5,
  languages: 10,
  budget: 10,
  timeline: 5,
  financing: 5,
};

/**
 * What an outcome is worth, as a share of the criterion's weight. A fact the package did not declare
 * counts for a quarter: less than a partial fit, so declaring a profile never ranks a package lower
 * than leaving it blank would whenever the declared facts fit at least partly.
 */
export const OUTCOME_VALUES: Readonly<Record<MatchOutcome, number>> = { met: 1, partial: 0.5, missed: 0, unknown: 0.25 };

/** Score thresholds of the fits: strong from 75, partial from 50, weak below. */
export const FIT_THRESHOLDS = { strong: 75, partial: 50 } as const;

/** Months of delay past the buyer's timeline that still count as a partial fit. */
export const TIMELINE_GRACE_MONTHS = 6;

export interface MatchResult {
  /** 0–100: the weighted share of the criteria met (0 when the package does not reach the buyer's country). */
  score: number;
  fit: MatchFit;
  /** One per criterion, in the order of MATCH_CRITERIA. */
  reasons: MatchReason[];
}

export interface MatchOptions {
  /** Replaces the weights (for what-if analysis); criteria left out keep theirs. */
  weights?: Partial<Record<MatchCriterion, number>>;
}

const reason = (criterion: MatchCriterion, outcome: MatchOutcome, wanted: (string | number)[], offered: (string | number)[]): MatchReason => ({ criterion, outcome, wanted, offered });

/** All wanted covered: met; some: partial; none: missed. */
function coverage(wanted: number, covered: number): MatchOutcome {
  if (covered >= wanted) return 'met';
  return covered > 0 ? 'partial' : 'missed';
}

/** A language tag's primary subtag, lower case ("pt-BR" → "pt"). */
const primaryLanguage = (tag: string) => tag.toLowerCase().split(/[-_]/)[0]!;

function countryReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  if (offer.countries.includes(req.country)) return reason('country', 'met', [req.country], [req.country]);
  const region = regionOfCountry(req.country);
  const neighbours = region === 'other' ? [] : offer.countries.filter((c) => regionOfCountry(c) === region);
  return reason('country', neighbours.length > 0 ? 'partial' : 'missed', [req.country], neighbours);
}

function sectorReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  if (req.sector === null) return reason('sector', 'met', [], offer.sectors);
  if (offer.sectors.length === 0) return reason('sector', 'unknown', [req.sector], []);
  return reason('sector', offer.sectors.includes(req.sector) ? 'met' : 'missed', [req.sector], offer.sectors);
}

function layersReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  const covered = req.layers.filter((l) => offer.layers.includes(l));
  return reason('layers', coverage(req.layers.length, covered.length), req.layers, offer.layers);
}

function deploymentReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  if (offer.deployments === null) return reason('deployment', req.deployments.length === 0 ? 'met' : 'unknown', req.deployments, []);
  const covered = req.deployments.filter((d) => offer.deployments!.includes(d));
  return reason('deployment', coverage(req.deployments.length, covered.length), req.deployments, offer.deployments);
}

function dataResidencyReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  const wanted = [req.dataResidency];
  if (req.dataResidency === 'no_requirement') return reason('dataResidency', 'met', wanted, offer.dataResidency ?? []);
  if (offer.dataResidency === null) return reason('dataResidency', 'unknown', wanted, []);
  // Keeping data in the country also keeps it in the region; the reverse does not hold.
  const ok = req.dataResidency === 'in_country' ? offer.dataResidency.includes('in_country') : offer.dataResidency.length > 0;
  return reason('dataResidency', ok ? 'met' : 'missed', wanted, offer.dataResidency);
}

function modelLicensingReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  const wanted = [req.modelLicensing];
  if (req.modelLicensing === 'either') return reason('modelLicensing', 'met', wanted, offer.modelLicensing ?? []);
  if (offer.modelLicensing === null) return reason('modelLicensing', 'unknown', wanted, []);
  return reason('modelLicensing', offer.modelLicensing.includes(req.modelLicensing) ? 'met' : 'missed', wanted, offer.modelLicensing);
}

function languagesReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  if (req.languages.length === 0) return reason('languages', 'met', [], offer.languages ?? []);
  if (offer.languages === null) return reason('languages', 'unknown', req.languages, []);
  const supported = new Set(offer.languages.map(primaryLanguage));
  const covered = req.languages.filter((l) => supported.has(primaryLanguage(l)));
  return reason('languages', coverage(req.languages.length, covered.length), req.languages, offer.languages);
}

function budgetReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  const wanted = [req.budgetMinUsd ?? 0, req.budgetMaxUsd ?? Infinity];
  const wantedOut = [req.budgetMinUsd, req.budgetMaxUsd].filter((v): v is number => v !== null);
  if (req.budgetMinUsd === null && req.budgetMaxUsd === null) return reason('budget', 'met', [], []);
  if (offer.budgetMinUsd === null && offer.budgetMaxUsd === null) return reason('budget', 'unknown', wantedOut, []);
  const offered = [offer.budgetMinUsd ?? 0, offer.budgetMaxUsd ?? Infinity];
  const offeredOut = [offer.budgetMinUsd, offer.budgetMaxUsd].filter((v): v is number => v !== null);
  // Two ranges overlap when each starts before the other ends.
  const overlap = wanted[0]! <= offered[1]! && offered[0]! <= wanted[1]!;
  return reason('budget', overlap ? 'met' : 'missed', wantedOut, offeredOut);
}

function timelineReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  const max = TIMELINE_MAX_MONTHS[req.timeline];
  const offered = offer.deliveryMonths === null ? [] : [offer.deliveryMonths];
  if (max === null) return reason('timeline', 'met', [req.timeline], offered);
  if (offer.deliveryMonths === null) return reason('timeline', 'unknown', [req.timeline], []);
  const outcome = offer.deliveryMonths <= max ? 'met' : offer.deliveryMonths <= max + TIMELINE_GRACE_MONTHS ? 'partial' : 'missed';
  return reason('timeline', outcome, [req.timeline], offered);
}

function financingReason(req: RequirementFacts, offer: PackageOfferFacts): MatchReason {
  if (req.financing.length === 0) return reason('financing', 'met', [], offer.financing ?? []);
  if (offer.financing === null) return reason('financing', 'unknown', req.financing, []);
  const covered = req.financing.filter((a) => offer.financing!.includes(a));
  return reason('financing', coverage(req.financing.length, covered.length), req.financing, offer.financing);
}

const RULES: Record<MatchCriterion, (req: RequirementFacts, offer: PackageOfferFacts) => MatchReason> = {
  country: countryReason,
  sector: sectorReason,
  layers: layersReason,
  deployment: deploymentReason,
  dataResidency: dataResidencyReason,
  modelLicensing: modelLicensingReason,
  languages: languagesReason,
  budget: budgetReason,
  timeline: timelineReason,
  financing: financingReason,
};

export function fitOf(score: number): MatchFit {
  if (score >= FIT_THRESHOLDS.strong) return 'strong';
  return score >= FIT_THRESHOLDS.partial ? 'partial' : 'weak';
}

/** Whether the result is a match at all: a package that does not reach the buyer's country or region is not. */
export function isMatch(result: MatchResult): boolean {
  return result.reasons.find((r) => r.criterion === 'country')?.outcome !== 'missed';
}

/** How well one package fits one requirement, with a reason per criterion. */
export function matchRequirement(req: RequirementFacts, offer: PackageOfferFacts, opts: MatchOptions = {}): MatchResult {
  const reasons = MATCH_CRITERIA.map((c) => RULES[c](req, offer));
  const weights = { ...CRITERION_WEIGHTS, ...opts.weights };
  let total = 0;
  let earned = 0;
  for (const r of reasons) {
    const w = Math.max(0, weights[r.criterion]);
    total += w;
    earned += w * OUTCOME_VALUES[r.outcome];
  }
  const result: MatchResult = { score: total > 0 ? Math.round((100 * earned) / total) : 0, fit: 'weak', reasons };
  if (!isMatch(result)) result.score = 0;
  result.fit = fitOf(result.score);
  return result;
}

/** Best first; equal scores by the key, so the order never depends on the input's. */
const bestFirst = <T extends MatchResult>(key: (t: T) => string) => (a: T, b: T) => b.score - a.score || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** The packages that match a requirement, best first (those outside the buyer's country and region left out). */
export function rankPackages(req: RequirementFacts, offers: readonly PackageOfferFacts[], opts: MatchOptions = {}): (MatchResult & { proposalId: string })[] {
  return offers
    .map((o) => ({ proposalId: o.proposalId, ...matchRequirement(req, o, opts) }))
    .filter(isMatch)
    .sort(bestFirst((m) => m.proposalId));
}

/** The requirements a package matches, best first (those in countries and regions it does not target left out). */
export function rankRequirements(offer: PackageOfferFacts, reqs: readonly RequirementFacts[], opts: MatchOptions = {}): (MatchResult & { requirementId: string })[] {
  return reqs
    .map((r) => ({ requirementId: r.id, ...matchRequirement(r, offer, opts) }))
    .filter(isMatch)
    .sort(bestFirst((m) => m.requirementId));
}
