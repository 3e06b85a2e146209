// For other modules (the public catalog): the packages' declared profiles and the consortia's
// translations, as the public sees them. No viewer check: both are public by design, and the caller
// asks only for packages it lists. Kept apart from the matching service, which reads the catalog.
import type { EntryTranslation, PackageProfile } from '../../../shared/contracts/matching.ts';
import type { PackageProfilesTable } from '../../db/schema.ts';
import type { Deps } from '../../lib/context.ts';
import { findProfiles, findTranslationsIn } from './matching.repository.ts';

const list = (json: string): string[] => JSON.parse(json) as string[];

export function profileOfRow(r: PackageProfilesTable): PackageProfile {
  return {
    deployments: list(r.deployments_json),
    dataResidency: list(r.data_residency_json),
    modelLicensing: list(r.model_licensing_json),
    languages: list(r.languages_json),
    budgetMinUsd: r.budget_min_usd,
    budgetMaxUsd: r.budget_max_usd,
    deliveryMonths: r.delivery_months,
    financing: list(r.financing_json),
  };
}

/** The declared profile of each of these packages that has one. */
export async function publicProfiles(deps: Pick<Deps, 'db'>, proposalIds: readonly string[]): Promise<Map<string, PackageProfile>> {
  return new Map((await findProfiles(deps.db.db, proposalIds)).map((r) => [r.proposal_id, profileOfRow(r)]));
}

/** The consortium's translation into `locale` of each of these packages that has one (none for English, the original). */
export async function publicTranslations(deps: Pick<Deps, 'db'>, locale: string | undefined, proposalIds: readonly string[]): Promise<Map<string, EntryTranslation>> {
  if (!locale || locale === 'en') return new Map();
  const rows = await findTranslationsIn(deps.db.db, locale, proposalIds);
  return new Map(rows.map((r) => [r.proposal_id, { locale: r.locale, title: r.title, description: r.summary, providedBy: 'consortium' as const }]));
}
