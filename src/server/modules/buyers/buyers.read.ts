// For other modules (matching, the market explorer): the buyers' requirements and interest as facts,
// from buyer organizations whose screening is clear only — a listed or not yet screened buyer's
// wishes are neither matched nor counted as demand. No viewer check: the caller applies its own policy.
import type { Deployment, DataResidency, ModelLicensing, RequirementFacts, Timeline } from '../../../shared/domain/buyers.ts';
import type { FinancingAgency, Layer } from '../../../shared/domain/package.ts';
import type { Deps } from '../../lib/context.ts';
import { buyerScreeningStatus } from './buyers.gate.ts';
import { findBuyerFollowersOfProposal, findInterestCountriesOfProposal, findLiveRequirementsWithBuyer, type RequirementRow } from './buyers.repository.ts';

/** A requirement with its buyer's public identity and whether the buyer lets consortia see it. */
export interface RequirementForMatching extends RequirementFacts {
  title: string;
  buyer: { name: string; country: string; kind: string };
  shareWithConsortia: boolean;
}

const list = <T>(json: string): T[] => JSON.parse(json) as T[];

type RequirementColumns = Pick<RequirementRow, 'id' | 'title' | 'country' | 'sector' | 'layers_json' | 'deployments_json' | 'data_residency' | 'model_licensing' | 'languages_json' | 'budget_min_usd' | 'budget_max_usd' | 'timeline' | 'financing_json' | 'share_with_consortia'>;

/** A requirement row's stated needs, its JSON columns parsed: what the buyer's own view and the matching both show. */
export function requirementFields(r: RequirementColumns) {
  return {
    id: r.id,
    title: r.title,
    country: r.country,
    sector: r.sector,
    layers: list<Layer>(r.layers_json),
    deployments: list<Deployment>(r.deployments_json),
    dataResidency: r.data_residency as DataResidency,
    modelLicensing: r.model_licensing as ModelLicensing,
    languages: list<string>(r.languages_json),
    budgetMinUsd: r.budget_min_usd,
    budgetMaxUsd: r.budget_max_usd,
    timeline: r.timeline as Timeline,
    financing: list<FinancingAgency>(r.financing_json),
    shareWithConsortia: r.share_with_consortia === 1,
  };
}

/** Every live (not archived) requirement of a buyer organization whose screening is clear; `orgId` narrows to one buyer. */
export async function requirementsForMatching(deps: Pick<Deps, 'db'>, opts: { orgId?: string } = {}): Promise<RequirementForMatching[]> {
  const rows = await findLiveRequirementsWithBuyer(deps.db.db, opts.orgId);
  const status = await buyerScreeningStatus(deps, [...new Set(rows.map((r) => r.org_id))]);
  return rows
    .filter((r) => status.get(r.org_id) === 'clear')
    .map((r) => ({ ...requirementFields(r), orgId: r.org_id, buyer: { name: r.org_name, country: r.org_country, kind: r.buyer_kind ?? 'company' } }));
}

export interface CountryDemand {
  /** Live requirements of clear buyers for the country. */
  requirements: number;
  /** Interest records in this package from buyers of the country (anonymous registrations included). */
  interests: number;
  /** Users of clear buyer organizations of the country following this package. */
  followers: number;
}

/** Demand by country for one package: buyers' requirements (any package), interest in it, and its followers. */
export async function buyerDemandByCountry(deps: Pick<Deps, 'db'>, proposalId: string): Promise<Map<string, CountryDemand>> {
  const out = new Map<string, CountryDemand>();
  const at = (c: string) => {
    let d = out.get(c);
    if (!d) out.set(c, (d = { requirements: 0, interests: 0, followers: 0 }));
    return d;
  };
  for (const r of await requirementsForMatching(deps)) at(r.country).requirements++;
  const interests = await findInterestCountriesOfProposal(deps.db.db, proposalId);
  const follows = await findBuyerFollowersOfProposal(deps.db.db, proposalId);
  const status = await buyerScreeningStatus(deps, [...new Set([...interests.flatMap((i) => (i.org_id ? [i.org_id] : [])), ...follows.map((f) => f.org_id)])]);
  for (const i of interests) if (!i.org_id || status.get(i.org_id) === 'clear') at(i.country).interests++;
  for (const f of follows) if (status.get(f.org_id) === 'clear') at(f.country).followers++;
  return out;
}
