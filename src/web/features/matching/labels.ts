// English names of the matching vocabulary for the consortium's internal pages (the buyer's pages
// name the same codes in the buyer's language from their message catalogs).
import type { BuyerKind, Deployment, MatchCriterion, MatchFit, MatchOutcome, OfferedDataResidency, OfferedModelLicensing, Timeline } from '../../../shared/domain/buyers.ts';
import { countryName } from '../../../shared/reference/geography.ts';

export const CRITERION_LABELS: Record<MatchCriterion, string> = {
  country: 'Country',
  sector: 'Sector',
  layers: 'Layers',
  deployment: 'Deployment',
  dataResidency: 'Data residency',
  modelLicensing: 'Model licensing',
  languages: 'Languages',
  budget: 'Budget',
  timeline: 'Timeline',
  financing: 'Financing',
};

export const OUTCOME_LABELS: Record<MatchOutcome, string> = { met: 'met', partial: 'partly met', missed: 'not met', unknown: 'not declared' };

export const FIT_LABELS: Record<MatchFit, string> = { strong: 'Strong fit', partial: 'Partial fit', weak: 'Weak fit' };

export const DEPLOYMENT_LABELS: Record<Deployment, string> = { on_premises: 'On premises', sovereign_cloud: 'Sovereign cloud', air_gapped: 'Air-gapped' };

export const RESIDENCY_LABELS: Record<OfferedDataResidency | 'no_requirement', string> = { in_country: 'In the buyer’s country', in_region: 'In the buyer’s region', no_requirement: 'No requirement' };

export const LICENSING_LABELS: Record<OfferedModelLicensing | 'either', string> = { open_weight: 'Open-weight models', licensed: 'Licensed (closed) models', either: 'Either' };

export const TIMELINE_LABELS: Record<Timeline, string> = { within_6_months: 'within 6 months', '6_to_12_months': '6 to 12 months', '12_to_24_months': '12 to 24 months', over_24_months: 'over 24 months' };

const BUYER_KIND_PHRASES: Record<BuyerKind, string> = { government: 'A government buyer', state_owned: 'A state-owned buyer', company: 'A company' };

/** How a buyer that keeps its name to itself is shown: "A government buyer in Kenya". */
export function anonymousBuyer(kind: string, country: string): string {
  return `${BUYER_KIND_PHRASES[kind as BuyerKind] ?? 'A buyer'} in ${countryName(country)}`;
}

/** A reason's wanted or offered codes and numbers, in words. */
export function reasonValues(criterion: MatchCriterion, values: (string | number)[]): string {
  if (values.length === 0) return '—';
  const name = (v: string | number): string => {
    if (typeof v === 'number') return criterion === 'budget' ? v.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }) : `${v} months`;
    switch (criterion) {
      case 'country':
        return countryName(v);
      case 'deployment':
        return DEPLOYMENT_LABELS[v as Deployment] ?? v;
      case 'dataResidency':
        return RESIDENCY_LABELS[v as OfferedDataResidency] ?? v;
      case 'modelLicensing':
        return LICENSING_LABELS[v as OfferedModelLicensing] ?? v;
      case 'timeline':
        return TIMELINE_LABELS[v as Timeline] ?? v;
      case 'sector':
        return v.replaceAll('_', ' ');
      case 'budget':
      case 'layers':
      case 'languages':
      case 'financing':
        return v;
    }
  };
  return values.map(name).join(criterion === 'budget' ? ' – ' : ', ');
}
