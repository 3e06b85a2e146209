// The public catalog of designated packages. Every response is built from an explicit allow-list
// of public fields: values, US content, support amounts, scores, reviewer comments and
// consultation positions are business-confidential and never leave this module.
import type { CatalogEntry } from '../../../shared/contracts/catalog.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import { countryName, expandMarkets, getBloc } from '../../../shared/reference/geography.ts';
import { REGION_NAMES, regionOfCountry } from '../../../shared/reference/regions.ts';
import { AppError, notFound } from '../../../shared/errors.ts';
import { can } from '../../../shared/access.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { notify, usersWithRole } from '../notifications/notifications.service.ts';
import { activeMembersOfConsortia } from '../consortia/consortia.service.ts';
import { listedPackages } from '../designation/designation.service.ts';
import { activeMemberOrgIdsOfProposal, submittedProposalStates } from '../proposals/proposals.service.ts';
import { userIdsOfOrgsWithRole } from '../users/users.service.ts';
import { findBuyerInterests, insertInterest } from '../buyers/buyers.repository.ts';
import { catalogMatcher } from './catalog.search.ts';
import { publicProfiles, publicTranslations } from '../matching/profiles.read.ts';
import type { InterestStatus } from '../../../shared/domain/buyers.ts';

/** Countries by their English name, the order every country list of the catalog is in. */
const byCountryName = (a: string, b: string) => countryName(a).localeCompare(countryName(b), 'en');

async function loadEntries(deps: Deps, id?: string, lang?: string): Promise<CatalogEntry[]> {
  const rows = await listedPackages(deps, id);
  if (rows.length === 0) return [];
  // What the consortium declares for buyers, and its translation into the reader's language.
  const ids = rows.map((r) => r.id);
  const [profiles, translations] = await Promise.all([publicProfiles(deps, ids), publicTranslations(deps, lang, ids)]);
  // Members as reviewed (at designation or an approved amendment): a member's later change of name or
  // country, or a company joining or leaving, shows once the program office approves the amendment it
  // opened. Only a package recorded without them (none since migration 010) reads the members live.
  const unrecorded = rows.filter((r) => r.public_members_json === null).map((r) => r.consortium_id);
  const live = unrecorded.length ? await activeMembersOfConsortia(deps, unrecorded) : [];
  const membersOf = (r: (typeof rows)[number]) =>
    r.public_members_json !== null
      ? (JSON.parse(r.public_members_json) as { name: string; country: string }[]).map((m) => ({ name: m.name, country: m.country }))
      : live.filter((m) => m.consortium_id === r.consortium_id).map((m) => ({ name: m.name, country: m.country_of_incorporation }));
  return rows.map((r) => {
    const pkg = JSON.parse(r.package_json) as Package;
    const countries = expandMarkets(pkg.targetMarkets).sort(byCountryName);
    return {
      id: r.id,
      title: r.title,
      description: r.public_description,
      consortium: { name: r.consortiumName, members: membersOf(r) },
      layers: [...new Set(pkg.components.map((c) => c.layer))],
      sectors: JSON.parse(r.sectors_json) as string[],
      countries,
      regions: [...new Set(countries.map(regionOfCountry))],
      blocs: pkg.targetMarkets.filter((m) => m.kind === 'bloc').map((m) => m.code),
      designatedAt: r.designated_at,
      translation: translations.get(r.id) ?? null,
      profile: profiles.get(r.id) ?? null,
    };
  });
}

export interface CatalogQuery {
  q?: string;
  country?: string;
  region?: string;
  layer?: string;
  sector?: string;
  /** The language of the consortium's translation each entry carries, and which the text search also reads. */
  lang?: string;
}

export async function searchCatalog(deps: Deps, query: CatalogQuery) {
  const matchesText = catalogMatcher(query.q ?? '');
  const items = (await loadEntries(deps, undefined, query.lang)).filter(
    (e) =>
      matchesText(e) &&
      (!query.country || e.countries.includes(query.country)) &&
      (!query.region || e.regions.includes(query.region)) &&
      (!query.layer || e.layers.includes(query.layer)) &&
      (!query.sector || e.sectors.includes(query.sector)),
  );
  return { items, total: items.length };
}

export async function getCatalogEntry(deps: Deps, id: string, lang?: string) {
  const [entry] = await loadEntries(deps, id, lang);
  if (!entry) throw notFound('Catalog entry');
  return { ...entry, blocNames: entry.blocs.map((b) => getBloc(b)?.name ?? b) };
}

/** Program statistics: counts only, no confidential figures. */
export async function programStatistics(deps: Deps) {
  const rows = await submittedProposalStates(deps);
  const underReview = ['submitted', 'eligibility_screening', 'returned_for_information', 'under_review', 'compliance_hold', 'recommendation', 'decision_pending'];
  const entries = await loadEntries(deps);
  const byRegion: Record<string, number> = {};
  const bySector: Record<string, number> = {};
  const byCountry: Record<string, number> = {};
  for (const e of entries) {
    for (const r of e.regions) byRegion[r] = (byRegion[r] ?? 0) + 1;
    for (const s of e.sectors) bySector[s] = (bySector[s] ?? 0) + 1;
    for (const c of e.countries) byCountry[c] = (byCountry[c] ?? 0) + 1;
  }
  return {
    submitted: rows.length,
    underReview: rows.filter((r) => underReview.includes(r.state)).length,
    designated: entries.length,
    byRegion: Object.entries(byRegion).map(([region, count]) => ({ region, name: REGION_NAMES[region] ?? 'Other', count })),
    bySector: Object.entries(bySector).map(([sector, count]) => ({ sector, count })),
    byCountry,
  };
}

export interface BuyerInterestInput {
  buyerName: string;
  buyerKind: 'government' | 'company' | 'other';
  country: string;
  contactEmail: string;
  requirements: { dataResidency?: string; languages?: string[]; scale?: string; timeline?: string; notes?: string };
}

/**
 * The reference a buyer quotes: the first 12 hex digits of the registration's id, grouped
 * (EOI-3F2A-9C1B-7D4E). Derived, so nothing more is stored; 48 random bits make two equal
 * references among the catalog's registrations vanishingly unlikely, and the id stays the key.
 */
export function buyerInterestReference(id: string): string {
  const hex = id.replaceAll('-', '').slice(0, 12).toUpperCase();
  return `EOI-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

/** The consortium's business side: users of its active member companies who build and sell the package (the buyers module notifies them too). */
export async function consortiumContacts(tx: Tx, proposalId: string): Promise<string[]> {
  const orgs = await activeMemberOrgIdsOfProposal(tx, proposalId);
  if (orgs.length === 0) return [];
  const anchors = await userIdsOfOrgsWithRole(tx, orgs, 'anchor_member');
  const members = await userIdsOfOrgsWithRole(tx, orgs, 'consortium_member');
  return [...new Set([...anchors, ...members])];
}

export async function registerBuyerInterest(deps: Deps, entryId: string, input: BuyerInterestInput) {
  const [entry] = await loadEntries(deps, entryId);
  if (!entry) throw notFound('Catalog entry');
  const id = newId();
  const reference = buyerInterestReference(id);
  const buyer = `${input.buyerName} (${countryName(input.country)})`;
  await inTransaction(deps, async (tx) => {
    await insertInterest(tx.trx, { id, proposal_id: entryId, buyer_name: input.buyerName, buyer_kind: input.buyerKind, country: input.country, contact_email: input.contactEmail, requirements_json: JSON.stringify(input.requirements), created_at: deps.clock.nowIso() });
    await tx.audit({ actorId: null, action: 'catalog.buyer_interest', entityType: 'proposal', entityId: entryId, data: { reference, buyerName: input.buyerName, country: input.country } });
    // The program office (whose home page lists the registrations with their contacts) and the
    // consortium, which learns who is interested but not the contact: the program office puts them in touch.
    await notify(tx, await usersWithRole(tx, 'program_officer'), 'buyer_interest', `${buyer} registered interest in “${entry.title}” (${reference}).`, '/');
    await notify(tx, await consortiumContacts(tx, entryId), 'buyer_interest', `A buyer is interested in your designated package “${entry.title}”: ${buyer}, reference ${reference}. The program office will put you in touch.`, `/proposals/${entryId}`);
  });
  return { id, reference, received: true };
}

export async function listBuyerInterests(ctx: ServiceContext) {
  if (!can(ctx.actor, 'buyer_interests.read')) {
    throw new AppError(403, 'FORBIDDEN', 'Buyer interest is for the program office');
  }
  const rows = await findBuyerInterests(ctx.db.db);
  return rows.map((r) => ({
    id: r.id,
    reference: buyerInterestReference(r.id),
    proposalId: r.proposal_id,
    proposalTitle: r.title,
    buyerName: r.buyer_name,
    buyerKind: r.buyer_kind,
    country: r.country,
    contactEmail: r.contact_email,
    requirements: JSON.parse(r.requirements_json),
    createdAt: r.created_at,
    // The record's handling (registrations from the buyer workspace; anonymous ones start 'received').
    status: r.status as InterestStatus,
    orgId: r.org_id,
    consentToShare: r.consent_to_share === 1,
    version: r.version,
    language: r.language ?? null,
  }));
}

/**
 * For other modules: every buyer-interest registration's buyer, for the screening mirror (each
 * registrant is screened like any party). No viewer check: the caller applies its own policy.
 */
export async function buyerInterestsForScreening(deps: Pick<Deps, 'db'>) {
  return (await findBuyerInterests(deps.db.db)).map((r) => ({ id: r.id, proposalId: r.proposal_id, buyerName: r.buyer_name, buyerKind: r.buyer_kind, country: r.country }));
}
