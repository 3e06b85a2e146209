// Market explorer engine: candidate countries for a package, each factor scored, ranked with
// adjustable weights, and flagged where federal support would likely not be additional.
export { licensingByCountry, licensingByCountryOneByOne, isDenialPolicy, type LicensingFacts, type ComponentLicensing } from './licensing.ts';
export { AGENCIES, countryRulesOn, financingOf, isCountryRule, type AgencyFacts, type AgencyStanding, type CountryRules, type CountryRuleResult, type FinancingFacts, type MarketAgency } from './financing.ts';
export {
  additionalityOf,
  checkWeights,
  DEFAULT_ADDITIONALITY,
  DEFAULT_MODEL,
  DEFAULT_WEIGHTS,
  demandSignalsOf,
  factorScores,
  FACTORS,
  MAX_WEIGHT,
  rankCountries,
  type Additionality,
  type AdditionalityRule,
  type CompetitionFacts,
  type CountryFacts,
  type DemandFacts,
  type Factor,
  type RankedCountry,
  type ScoringModel,
  type Weights,
} from './rank.ts';
