// Financing eligibility by country: of the rule book in force, only the rules that look at the
// country (its income group or its code) decide a country's standing with an agency. The rest
// (cover caps, U.S. content, the exporter's size) depend on the deal and the package, are the same
// in every country, and are checked when a deal is referred.
import { evaluateEligibility, ruleSetOn, type Facts, type Rule, type RuleBook } from '../financing/eligibility.ts';

export const AGENCIES = ['EXIM', 'DFC', 'USTDA', 'SBA'] as const;
export type MarketAgency = (typeof AGENCIES)[number];

/**
 * eligible: no country rule stands in the way; conditional: a country rule depends on deal terms
 * or excludes only some instruments; unknown: the country's income group is not classified;
 * ineligible: a blocking country rule fails for every instrument.
 */
export type AgencyStanding = 'eligible' | 'conditional' | 'unknown' | 'ineligible';

export interface CountryRuleResult {
  ruleId: string;
  severity: 'blocking' | 'advisory';
  outcome: 'pass' | 'fail' | 'needs_information' | 'not_applicable';
  explanation: string;
  citation: string;
}

export interface AgencyFacts {
  agency: MarketAgency;
  standing: AgencyStanding;
  rules: CountryRuleResult[];
}

export interface FinancingFacts {
  incomeGroup: string | null;
  agencies: AgencyFacts[];
}

const COUNTRY_FACTS = new Set(['incomeGroup', 'country']);
const STANDING_ORDER: readonly AgencyStanding[] = ['eligible', 'conditional', 'unknown', 'ineligible'];

function factsIn(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const x of node) factsIn(x, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'fact' && typeof v === 'string') out.add(v);
      else factsIn(v, out);
    }
  }
  return out;
}

/** Whether a rule's outcome depends on the country (it names its income group or its code). */
export function isCountryRule(rule: Rule): boolean {
  return [...factsIn([rule.when, rule.require], new Set())].some((f) => COUNTRY_FACTS.has(f));
}

export interface CountryRules {
  ruleSetVersion: string;
  effectiveFrom: string;
  byAgency: Map<MarketAgency, Rule[]>;
}

/** The country rules of the rule set in force on `date`, by agency (null when none is in force). Computed once for all countries. */
export function countryRulesOn(book: RuleBook, date: string): CountryRules | null {
  const set = ruleSetOn(book, date);
  if (!set) return null;
  const byAgency = new Map<MarketAgency, Rule[]>(AGENCIES.map((a) => [a, []]));
  for (const r of set.rules) if (isCountryRule(r)) byAgency.get(r.agency)?.push(r);
  return { ruleSetVersion: set.version, effectiveFrom: set.effectiveFrom, byAgency };
}

/** One agency's standing in one country under the country rules. */
function standingOf(agency: MarketAgency, rules: readonly Rule[], facts: Facts, date: string, setMeta: { version: string; effectiveFrom: string }): AgencyFacts {
  let standing: AgencyStanding = 'eligible';
  const results: CountryRuleResult[] = [];
  for (const rule of rules) {
    // Evaluated alone, for any instrument: a rule limited to some instruments is noted, not fatal.
    const one = { ...rule, instruments: undefined };
    const r = evaluateEligibility({ ruleSets: [{ ...setMeta, rules: [one] }] }, agency, '*', facts, date).results[0]!;
    results.push({ ruleId: r.ruleId, severity: r.severity, outcome: r.outcome, explanation: r.explanation, citation: r.citation });
    if (rule.severity !== 'blocking') continue;
    let s: AgencyStanding = 'eligible';
    if (r.outcome === 'fail') s = rule.instruments ? 'conditional' : 'ineligible';
    else if (r.outcome === 'needs_information') s = facts.incomeGroup === null && r.explanation.includes('incomeGroup') ? 'unknown' : 'conditional';
    if (STANDING_ORDER.indexOf(s) > STANDING_ORDER.indexOf(standing)) standing = s;
  }
  return { agency, standing, rules: results };
}

/** Each agency's standing in a country with the given income group (null: not classified). */
export function financingOf(rules: CountryRules | null, country: string, incomeGroup: string | null, date: string): FinancingFacts {
  if (!rules) return { incomeGroup, agencies: AGENCIES.map((agency) => ({ agency, standing: 'unknown', rules: [] })) };
  const facts: Facts = { country, incomeGroup };
  const meta = { version: rules.ruleSetVersion, effectiveFrom: rules.effectiveFrom };
  return { incomeGroup, agencies: AGENCIES.map((a) => standingOf(a, rules.byAgency.get(a) ?? [], facts, date, meta)) };
}
