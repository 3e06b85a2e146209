// The market explorer of a package: every country of the reference geography but the United
// States, ranked by the market engine from four factors read here — licensing friction (the
// export-control engine with the active reference data), financing eligibility (the rule book in
// force and the income groups), buyers' demand (the buyers module) and competition recorded on
// deals (the financing module). Recomputed on every read, so it follows each source.
import incomeDoc from '../../../../data/financing/country-income.json' with { type: 'json' };
import { originFactsOfComponent } from '../../../engines/export-control/foreign-made.ts';
import { loadReferenceData, type MatrixComponent, type ReferenceData, type ReferenceDataDoc } from '../../../engines/export-control/index.ts';
import type { RuleBook } from '../../../engines/financing/eligibility.ts';
import {
  countryRulesOn,
  DEFAULT_ADDITIONALITY,
  financingOf,
  licensingByCountry,
  rankCountries,
  type CountryFacts,
  type CountryRules,
  type FinancingFacts,
  type LicensingFacts,
  type RankedCountry,
  type Weights,
} from '../../../engines/market/index.ts';
import type { MarketCountry, MarketView } from '../../../shared/contracts/market.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import { forbidden, invalid } from '../../../shared/errors.ts';
import { countryName, listCountries } from '../../../shared/reference/geography.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { buyerDemandByCountry } from '../buyers/buyers.read.ts';
import { getActiveReferenceDocument } from '../compliance/compliance.service.ts';
import { competitionByCountry, listRuleSets } from '../financing/financing.service.ts';
import { getProposal } from '../proposals/proposals.service.ts';
import { canExploreMarkets } from './market.policy.ts';

const INCOME: Record<string, string> = incomeDoc.groups;
const LICENSE_DAYS_SOURCE =
  'Assumption (MARKET_LICENSE_DAYS): the 90-day deadline by which BIS resolves or refers a license application to the President, 15 CFR 750.4(a); not a forecast. No estimate under a presumption or policy of denial unless MARKET_LICENSE_DENIAL_DAYS is set.';

/** The candidate countries: the reference geography without the United States. */
const CANDIDATES: readonly string[] = listCountries()
  .map((c) => c.code)
  .filter((c) => c !== 'US')
  .sort();

// The active reference document is compiled once per document (a new version is a new document).
const compiled = new WeakMap<ReferenceDataDoc, ReferenceData>();
function compile(doc: ReferenceDataDoc): ReferenceData {
  let ref = compiled.get(doc);
  if (!ref) compiled.set(doc, (ref = loadReferenceData(doc)));
  return ref;
}

/**
 * Licensing facts by reference data, date and items: the costly part (one determination per item
 * and country), reused while none of the three changes — moving a weight only ranks again.
 * A new reference-data version is a new compiled object, so its entries start afresh.
 */
const licensingMemo = new WeakMap<ReferenceData, Map<string, Map<string, LicensingFacts>>>();
const MEMO_ENTRIES = 32;
function licensingOf(ref: ReferenceData, items: MatrixComponent[], asOf: string): Map<string, LicensingFacts> {
  let byKey = licensingMemo.get(ref);
  if (!byKey) licensingMemo.set(ref, (byKey = new Map()));
  const key = `${asOf}|${JSON.stringify(items)}`;
  let facts = byKey.get(key);
  if (facts) {
    // Most recently used last, so the oldest goes first when the memo is full.
    byKey.delete(key);
  } else {
    facts = licensingByCountry(items, CANDIDATES, ref, asOf);
    if (byKey.size >= MEMO_ENTRIES) byKey.delete(byKey.keys().next().value!);
  }
  byKey.set(key, facts);
  return facts;
}

/**
 * Financing facts of every candidate by rule set and date. A rule set is immutable once imported
 * (a change is a new version), and the income groups are shipped data, so the key is enough.
 */
const financingMemo = new Map<string, Map<string, FinancingFacts>>();
function financingByCountry(rules: CountryRules | null, asOf: string): Map<string, FinancingFacts> {
  const key = `${rules ? `${rules.ruleSetVersion}@${rules.effectiveFrom}` : '-'}|${asOf}`;
  let facts = financingMemo.get(key);
  if (!facts) {
    facts = new Map(CANDIDATES.map((c) => [c, financingOf(rules, c, INCOME[c] ?? null, asOf)]));
    if (financingMemo.size >= MEMO_ENTRIES) financingMemo.delete(financingMemo.keys().next().value!);
    financingMemo.set(key, facts);
  }
  return facts;
}

/** The engine's items of a package (as the compliance matrix builds them). */
function itemsOf(pkg: Package): MatrixComponent[] {
  return pkg.components.map((c) => {
    const origin = originFactsOfComponent(c);
    return { id: c.id, name: c.name, eccn: c.eccn, description: c.description, ...(Object.keys(origin).length ? { origin } : {}) };
  });
}

function expectedDays(l: LicensingFacts, deps: Deps): number | null {
  const c = l.counts;
  if (c.prohibited > 0) return null;
  if (c.license_required_denial > 0) return deps.config.MARKET_LICENSE_DENIAL_DAYS ?? null;
  if (c.license_required > 0) return deps.config.MARKET_LICENSE_DAYS;
  // Nothing decided needs a license; components awaiting classification leave it open.
  return c.needs_information > 0 ? null : 0;
}

function countryView(r: RankedCountry, deps: Deps): MarketCountry {
  return {
    code: r.country,
    name: countryName(r.country),
    target: r.target,
    rank: r.rank,
    total: r.total,
    prohibited: r.prohibited,
    scores: r.scores,
    licensing: { status: r.licensing.status, counts: r.licensing.counts, reviewPolicy: r.licensing.reviewPolicy, reason: r.licensing.reason, expectedDays: expectedDays(r.licensing, deps) },
    // The blocking rules that keep an agency from "eligible" explain the standing; passes are left out.
    financing: { incomeGroup: r.financing.incomeGroup, agencies: r.financing.agencies.map((a) => ({ ...a, rules: a.rules.filter((x) => x.severity === 'blocking' && (x.outcome === 'fail' || x.outcome === 'needs_information')) })) },
    demand: { ...r.demand, signals: r.demandSignals },
    competition: r.competition,
    additionality: r.additionality,
  };
}

/** The market explorer of a proposal: 404 when the viewer may not see it, 403 when it may see it but not explore markets. */
export async function exploreMarkets(ctx: ServiceContext, proposalId: string, weights: Weights): Promise<MarketView> {
  const p = await getProposal(ctx, proposalId);
  if (!canExploreMarkets(ctx.actor, p.consortium)) throw forbidden('Your role may not explore markets for this package');
  const asOf = ctx.clock.today();
  const [doc, ruleSets, demand, competition] = await Promise.all([getActiveReferenceDocument(ctx), listRuleSets(ctx), buyerDemandByCountry(ctx, p.id), competitionByCountry(ctx)]);
  const ref = compile(doc);
  const book: RuleBook = { ruleSets: ruleSets.map((s) => ({ version: s.version, effectiveFrom: s.effectiveFrom, rules: s.rules, ...(s.uncertain ? { uncertain: s.uncertain } : {}) })) };
  const rules = countryRulesOn(book, asOf);
  const licensing = licensingOf(ref, itemsOf(p.package), asOf);
  const financing = financingByCountry(rules, asOf);
  const targets = new Set(p.countries);
  const facts: CountryFacts[] = CANDIDATES.map((country) => ({
    country,
    target: targets.has(country),
    licensing: licensing.get(country)!,
    financing: financing.get(country)!,
    demand: demand.get(country) ?? { requirements: 0, interests: 0, followers: 0 },
    competition: competition.get(country) ?? { nonUsCompetitors: 0, deals: 0 },
  }));
  let ranked: RankedCountry[];
  try {
    ranked = rankCountries(facts, weights);
  } catch (err) {
    if (err instanceof RangeError) throw invalid('INVALID_WEIGHTS', err.message);
    throw err;
  }
  return {
    proposalId: p.id,
    proposalTitle: p.title,
    proposalState: p.state,
    asOf,
    weights,
    sources: {
      exportControl: { version: ref.version, effectiveDate: ref.effectiveDate },
      financingRules: rules ? { version: rules.ruleSetVersion, effectiveFrom: rules.effectiveFrom } : null,
      incomeGroups: { version: incomeDoc.version, source: incomeDoc.source },
    },
    assumptions: {
      licenseDays: { clear: 0, licenseRequired: ctx.config.MARKET_LICENSE_DAYS, denialPolicy: ctx.config.MARKET_LICENSE_DENIAL_DAYS ?? null, source: LICENSE_DAYS_SOURCE },
      additionality: DEFAULT_ADDITIONALITY,
    },
    countries: ranked.map((r) => countryView(r, ctx)),
  };
}
