// Continuous re-screening. The parties aiep holds — companies, their owners and ultimate parents,
// the outside entities that build, own or operate a proposal's data centers, every deal's buyer,
// end users and consignees, and the buyers who register interest in the catalog — are mirrored
// into screened_parties by a periodic sync (so no other module needs to call in), screened when
// new or changed, and all re-screened when a list version is activated. A potential match at or
// above the default threshold becomes an alert once per party–entry pair and entry content.
import { createHash } from 'node:crypto';
import { canonicalEvidence, PartyEvidenceSchema, type PartyEvidence } from '../../../shared/contracts/party-evidence.ts';
import { AppError } from '../../../shared/errors.ts';
import { buyerInterestsForScreening } from '../catalog/catalog.service.ts';
import { findDealBuyersForScreening, findDealPartiesForScreening } from '../financing/deal-parties.repository.ts';
import { DEFAULT_THRESHOLD, type EntityType, type ScreeningMatch } from '../../../engines/screening/index.ts';
import type { Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { notify, usersWithRole } from '../notifications/notifications.service.ts';
import { buyerOrganizationsForScreening, companiesForScreening } from '../organizations/organizations.service.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import { activeMemberOrgIdsOfProposal, allProposalPackages, proposalForCompliance } from '../proposals/proposals.service.ts';
import { userIdsOfOrgsWithRole } from '../users/users.service.ts';
import type { SearchRequest } from './index-ops.ts';
import { entryKey, invalidateIndex, withIndex, type IndexState } from './screening.index.ts';
import { activeVersions } from './screening.lists.ts';
import {
  deleteParties,
  findActiveVersions,
  findParties,
  findPartiesByKeys,
  findPartiesOfDeal,
  findUnresolvedAlertsOfParties,
  insertAlertIfNew,
  markPartiesScreened,
  partyProposalEverSubmitted,
  upsertParty,
  type PartyRow,
  CLEARANCE_NONE,
} from './screening.repository.ts';

/** Where a party comes from: a company and its ownership, a package's operating model, a deal, the catalog. */
export type PartySource =
  | 'organization'
  | 'owner'
  | 'ultimate_parent'
  | 'build'
  | 'own'
  | 'operate'
  | 'deal_buyer'
  | 'deal_end_user'
  | 'deal_consignee'
  | 'deal_intermediate_consignee'
  | 'buyer_interest'
  | 'buyer_organization';

export interface Party {
  key: string;
  name: string;
  type: EntityType;
  country: string | null;
  source: PartySource;
  orgId: string | null;
  /** The proposal whose consortium the party concerns (its compliance officers see its alerts); null for a company's own and a catalog registrant. */
  proposalId: string | null;
  /** The deal the party belongs to, else null. */
  dealId: string | null;
  /** Identifying evidence, canonical (canonicalEvidence); undefined when none is known. */
  evidence?: PartyEvidence;
}

interface NamedParty {
  name?: unknown;
  country?: unknown;
  orgId?: unknown;
  evidence?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

type CompanyRow = Awaited<ReturnType<typeof companiesForScreening>>[number];
type PackageRow = Awaited<ReturnType<typeof allProposalPackages>>[number];

/**
 * Stored evidence as the screening uses it: canonical, or nothing when there is none. Evidence that
 * no longer passes the contract (stored before a stricter rule) is left out rather than guessed at.
 */
function evidenceOf(value: unknown): { evidence?: PartyEvidence } {
  const parsed = PartyEvidenceSchema.safeParse(typeof value === 'string' ? parseJson<unknown>(value, undefined) : value);
  const evidence = parsed.success ? canonicalEvidence(parsed.data) : undefined;
  return evidence ? { evidence } : {};
}

/** A company's parties: itself, its owners and its ultimate parent. */
function partiesOfCompany(o: CompanyRow): Party[] {
  const company = { orgId: o.id, proposalId: null, dealId: null };
  const out: Party[] = [{ key: `org:${o.id}`, name: o.name, type: 'organization', country: o.country_of_incorporation || null, source: 'organization', ...company, ...evidenceOf(o.evidence_json) }];
  parseJson<NamedParty[]>(o.owners_json, []).forEach((owner, i) => {
    const name = str(owner.name);
    if (name) out.push({ key: `owner:${o.id}:${i}`, name, type: 'unknown', country: str(owner.country), source: 'owner', ...company, ...evidenceOf(owner.evidence) });
  });
  const parent = parseJson<NamedParty | null>(o.ultimate_parent_json, null);
  const parentName = parent ? str(parent.name) : null;
  if (parent && parentName) out.push({ key: `parent:${o.id}`, name: parentName, type: 'organization', country: str(parent.country), source: 'ultimate_parent', ...company, ...evidenceOf(parent.evidence) });
  return out;
}

export const dealBuyerKey = (dealId: string) => `deal:${dealId}:buyer`;
export const dealPartyKey = (dealId: string, partyId: string) => `deal:${dealId}:party:${partyId}`;

const SOURCE_OF_DEAL_ROLE: Record<string, PartySource> = { end_user: 'deal_end_user', consignee: 'deal_consignee', intermediate_consignee: 'deal_intermediate_consignee' };

/**
 * The deals' parties: each buyer (a government, state-owned or private organization) and the end
 * users and consignees recorded on the deal, with their evidence. They concern the deal's
 * consortium, whose compliance officers see their alerts as they see their package's.
 */
async function partiesOfDeals(deps: Pick<Deps, 'db'>, dealId?: string): Promise<Party[]> {
  const out: Party[] = [];
  for (const d of await findDealBuyersForScreening(deps.db.db, dealId)) {
    out.push({ key: dealBuyerKey(d.id), name: d.buyer_name, type: 'organization', country: d.country, source: 'deal_buyer', orgId: null, proposalId: d.proposal_id, dealId: d.id });
  }
  for (const p of await findDealPartiesForScreening(deps.db.db, dealId)) {
    out.push({
      key: dealPartyKey(p.deal_id, p.id),
      name: p.name,
      type: p.type === 'person' ? 'person' : 'organization',
      country: p.country,
      source: SOURCE_OF_DEAL_ROLE[p.role] ?? 'deal_end_user',
      orgId: null,
      proposalId: p.proposal_id,
      dealId: p.deal_id,
      ...evidenceOf(p.evidence_json),
    });
  }
  return out;
}

/** The buyers who registered interest in a catalog entry: the program office's to screen (the consortium does not learn their contact). */
async function partiesOfBuyerInterests(deps: Pick<Deps, 'db'>): Promise<Party[]> {
  return (await buyerInterestsForScreening(deps)).map((b) => ({
    key: `bi:${b.id}`,
    name: b.buyerName,
    type: b.buyerKind === 'other' ? 'unknown' : 'organization',
    country: b.country,
    source: 'buyer_interest',
    orgId: null,
    proposalId: null,
    dealId: null,
  }));
}

/** The party key of a foreign buyer organization (a signed-up buyer, organizations of kind 'buyer'). */
export const buyerPartyKey = (orgId: string) => `buyer:${orgId}`;

/** Foreign buyer organizations that signed themselves up (or these): screened before their workspace opens. */
async function partiesOfBuyerOrganizations(deps: Pick<Deps, 'db'>, orgIds?: readonly string[]): Promise<Party[]> {
  return (await buyerOrganizationsForScreening(deps, orgIds)).map((o) => ({
    key: buyerPartyKey(o.id),
    name: o.name,
    type: 'organization',
    country: o.country_of_incorporation || null,
    source: 'buyer_organization',
    orgId: o.id,
    proposalId: null,
    dealId: null,
  }));
}

/** A package's outside build/own/operate entities, and the aiep organizations its operating model names. */
function partiesOfPackage(p: Pick<PackageRow, 'id' | 'package_json'>): { parties: Party[]; orgIds: string[] } {
  const pkg = parseJson<{ operatingModel?: { market?: unknown; build?: NamedParty[]; own?: NamedParty[]; operate?: NamedParty[] }[] }>(p.package_json, {});
  const parties: Party[] = [];
  const orgIds: string[] = [];
  for (const om of pkg.operatingModel ?? []) {
    const market = str(om.market) ?? '?';
    for (const role of ['build', 'own', 'operate'] as const) {
      (om[role] ?? []).forEach((e, i) => {
        const name = str(e.name);
        const orgId = str(e.orgId);
        // An entity that is an aiep organization is screened as that organization.
        if (orgId) orgIds.push(orgId);
        if (!name || orgId) return;
        parties.push({ key: `bo:${p.id}:${market}:${role}:${i}`, name, type: 'organization', country: str(e.country), source: role, orgId: null, proposalId: p.id, dealId: null, ...evidenceOf(e.evidence) });
      });
    }
  }
  return { parties, orgIds };
}

/** Every party aiep holds, from the organizations, proposals, deals and buyer-interest tables. */
async function collectParties(deps: Pick<Deps, 'db' | 'clock'>): Promise<Party[]> {
  const out: Party[] = [];
  for (const o of await companiesForScreening(deps)) out.push(...partiesOfCompany(o));
  for (const p of await allProposalPackages(deps)) out.push(...partiesOfPackage(p).parties);
  out.push(...(await partiesOfDeals(deps)));
  out.push(...(await partiesOfBuyerInterests(deps)));
  out.push(...(await partiesOfBuyerOrganizations(deps)));
  return out;
}

/**
 * What a party is screened as: a change of any of it re-screens the party. The deal and the
 * evidence join the hash only when present, so the parties mirrored before they existed keep
 * their hash (and are not all re-screened on upgrade).
 */
const dataHash = (p: Party) =>
  createHash('sha256')
    .update(JSON.stringify([p.name, p.type, p.country, p.source, p.orgId, p.proposalId, ...(p.dealId || p.evidence ? [{ deal: p.dealId, evidence: p.evidence ?? null }] : [])]))
    .digest('hex');

/**
 * Mirrors the parties into screened_parties; returns the keys to screen: new or changed parties,
 * and those last screened against other list versions than the active ones.
 */
async function syncParties(deps: Pick<Deps, 'db' | 'clock'>, signature: string): Promise<{ toScreen: string[]; total: number; removed: number }> {
  const current = await collectParties(deps);
  const stored = new Map((await findParties(deps.db.db)).map((r) => [r.party_key, r]));
  return mirror(deps, current, stored, signature);
}

/**
 * Writes the new and changed parties among `current` into the mirror and removes the `stored`
 * ones no longer among them; returns the keys to screen.
 */
async function mirror(deps: Pick<Deps, 'db' | 'clock'>, current: Party[], stored: Map<string, PartyRow>, signature: string): Promise<{ toScreen: string[]; total: number; removed: number }> {
  const now = deps.clock.nowIso();
  const toScreen: string[] = [];
  const seen = new Set<string>();
  for (const p of current) {
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    const hash = dataHash(p);
    const old = stored.get(p.key);
    if (!old || old.data_hash !== hash) {
      const row: PartyRow = {
        party_key: p.key,
        name: p.name,
        type: p.type,
        country: p.country,
        source: p.source,
        org_id: p.orgId,
        proposal_id: p.proposalId,
        data_hash: hash,
        screened_at: null,
        screened_signature: null,
        updated_at: now,
        evidence_json: p.evidence ? JSON.stringify(p.evidence) : null,
        deal_id: p.dealId,
      };
      await upsertParty(deps.db.db, row);
      toScreen.push(p.key);
    } else if (old.screened_signature !== signature) {
      toScreen.push(p.key);
    }
  }
  const gone = [...stored.keys()].filter((k) => !seen.has(k));
  await deleteParties(deps.db.db, gone);
  return { toScreen, total: seen.size, removed: gone.length };
}

export interface ScreenResult {
  screened: number;
  alerts: number;
}

/** Parties searched per question to the index (then written one by one). */
const SCREEN_CHUNK_PARTIES = 200;

const partySearch = (party: PartyRow): SearchRequest => {
  const { evidence } = evidenceOf(party.evidence_json);
  return {
    query: { name: party.name, ...(party.type !== 'unknown' ? { type: party.type as EntityType } : {}), ...(party.country ? { country: party.country } : {}) },
    options: { threshold: DEFAULT_THRESHOLD, limit: 10 },
    // Weighed by the engine where it supports evidence; ignored otherwise.
    ...(evidence ? { evidence } : {}),
  };
};

/** Screens these parties against the active lists (the index given, else the fresh one); new potential matches become alerts. */
export async function screenParties(deps: Deps, keys: string[] | 'all', state?: IndexState): Promise<ScreenResult> {
  if (!state) return withIndex(deps, { fresh: true }, (fresh) => screenParties(deps, keys, fresh));
  const parties = keys === 'all' ? await findParties(deps.db.db) : await findPartiesByKeys(deps.db.db, keys);
  let alerts = 0;
  const now = deps.clock.nowIso();
  for (let at = 0; at < parties.length && state.versions.length; at += SCREEN_CHUNK_PARTIES) {
    const chunk = parties.slice(at, at + SCREEN_CHUNK_PARTIES);
    const found = await state.index.search(chunk.map(partySearch));
    for (let i = 0; i < chunk.length; i++) alerts += await raiseAlerts(deps, chunk[i]!, found[i] ?? [], state, now);
  }
  // No list, no clearance: a screening with no list active is no screening, and is not recorded as one.
  if (state.versions.length === 0) return { screened: 0, alerts: 0 };
  await markPartiesScreened(deps.db.db, parties.map((p) => p.party_key), state.signature, now);
  return { screened: parties.length, alerts };
}

/** New potential matches of a party become alerts (once per party–entry pair and entry content), notified; returns how many. */
async function raiseAlerts(deps: Deps, party: PartyRow, matches: ScreeningMatch[], idx: IndexState, now: string): Promise<number> {
  if (matches.length === 0) return 0;
  return inTransaction(deps, async (tx) => {
    const created: { id: string; entryName: string; list: string; score: number }[] = [];
    for (const m of matches) {
      const id = newId();
      const inserted = await insertAlertIfNew(tx.trx, {
        id,
        party_key: party.party_key,
        party_name: party.name,
        list: m.entry.list,
        entry_id: m.entry.entryId,
        entry_hash: idx.hashes.get(entryKey(m.entry.list, m.entry.entryId)) ?? '',
        entry_name: m.entry.name,
        matched_name: m.matchedName,
        effect: m.entry.effect,
        score: m.score,
        explanation_json: JSON.stringify(m.explanation),
        status: 'open',
        disposition_reason: null,
        disposed_by: null,
        disposed_at: null,
        created_at: now,
        ...CLEARANCE_NONE,
      });
      if (inserted) created.push({ id, entryName: m.entry.name, list: m.entry.list, score: m.score });
    }
    if (created.length === 0) return 0;
    for (const a of created) {
      await tx.audit({ actorId: null, action: 'screening.alert.raise', entityType: 'screening_alert', entityId: a.id, data: { party: party.party_key, list: a.list, score: a.score } });
    }
    const orgs = party.org_id ? [party.org_id] : party.proposal_id ? await activeMemberOrgIdsOfProposal(tx, party.proposal_id) : [];
    // The program office learns of a proposal's parties once the proposal is first submitted.
    const programOffice = (await partyProposalEverSubmitted(tx.trx, party.party_key)) ? [...(await usersWithRole(tx, 'program_officer')), ...(await usersWithRole(tx, 'screening_analyst'))] : [];
    const recipients = new Set([...(await userIdsOfOrgsWithRole(tx, orgs, 'compliance_officer')), ...programOffice]);
    const best = created[0]!;
    const text =
      created.length === 1
        ? `Possible screening match: ${party.name} ~ ${best.entryName} (${best.list}, score ${best.score.toFixed(2)})`
        : `${created.length} possible screening matches for ${party.name}, best ${best.entryName} (${best.list}, score ${best.score.toFixed(2)})`;
    await notify(tx, [...recipients], 'screening_alert', text, `/screening?tab=alerts&alert=${best.id}`);
    return created.length;
  });
}

/** The sync_parties job: mirror the parties, screen the new and changed ones. */
export async function syncAndScreen(deps: Deps) {
  invalidateIndex(deps); // a cheap check of the active versions, rebuilt only when they changed
  return withIndex(deps, { fresh: true }, async (idx) => {
    const sync = await syncParties(deps, idx.signature);
    const res = await screenParties(deps, sync.toScreen, idx);
    return { parties: sync.total, removed: sync.removed, ...res };
  });
}

/** The rescreen_all job (on activation): mirror the parties, then screen every one. */
export async function rescreenAll(deps: Deps) {
  invalidateIndex(deps);
  return withIndex(deps, { fresh: true }, async (idx) => {
    const sync = await syncParties(deps, idx.signature);
    const res = await screenParties(deps, 'all', idx);
    return { parties: sync.total, removed: sync.removed, ...res };
  });
}

// ---- the screening of one package's parties (designation and financing commitment gates) --------

const KIND_OF_SOURCE: Record<PartySource, string> = {
  organization: 'company',
  owner: 'owner',
  ultimate_parent: 'ultimate parent',
  build: 'builds',
  own: 'owns',
  operate: 'operates',
  deal_buyer: 'buyer',
  deal_end_user: 'end user',
  deal_consignee: 'consignee',
  deal_intermediate_consignee: 'intermediate consignee',
  buyer_interest: 'registered buyer',
  buyer_organization: 'buyer organization',
};

/**
 * Whether every party of a proposal's package has a screening result against the list versions
 * active now: its active members and the aiep organizations its operating model names (each with
 * its owners and ultimate parent), and its outside build/own/operate entities. A party counts as
 * screened when its record was screened against exactly the active versions and the party has not
 * changed since (the periodic sync screens new and changed parties). A system read: the caller
 * applies its own viewer policy.
 */
export async function packageScreening(deps: Deps, proposalId: string) {
  const row = await proposalForCompliance(deps, proposalId);
  if (!row) throw notFound('Proposal');
  const members = await inTransaction(deps, (tx) => activeMemberOrgIdsOfProposal(tx, proposalId));
  const own = partiesOfPackage(row);
  const orgIds = new Set([...members, ...own.orgIds]);
  const parties = [...(await companiesForScreening(deps)).filter((o) => orgIds.has(o.id)).flatMap(partiesOfCompany), ...own.parties];
  const versions = await activeVersions(deps);
  const signature = versions.map((v) => v.id).join(',');
  const stored = new Map((await findPartiesByKeys(deps.db.db, parties.map((p) => p.key))).map((r) => [r.party_key, r]));
  const seen = new Set<string>();
  const view = parties.flatMap((p) => {
    if (seen.has(p.key)) return [];
    seen.add(p.key);
    const r = stored.get(p.key);
    const screened = versions.length > 0 && !!r && r.screened_signature === signature && r.data_hash === dataHash(p) && r.screened_at !== null;
    return [{ name: p.name, kind: KIND_OF_SOURCE[p.source], screened, screenedAt: screened ? r.screened_at : null }];
  });
  const unscreened = view.filter((p) => !p.screened);
  const listActive = versions.length > 0;
  const names = [...new Set(unscreened.map((p) => p.name))];
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? ` and ${names.length - 10} more` : '');
  const message = !listActive
    ? `No screening list is active, so the parties of this package have not been screened (${shown}). An administrator must import and activate a list.`
    : unscreened.length
      ? `Not yet screened against the active screening list: ${shown}. New and changed parties are screened within a few minutes; try again then.`
      : null;
  return { proposalId, listActive, screened: listActive && unscreened.length === 0, message, parties: view };
}

/** The 409 refusing `action` while the package's parties are not all screened against an active list. */
export async function assertPackageScreened(deps: Deps, proposalId: string, action: string): Promise<void> {
  const s = await packageScreening(deps, proposalId);
  if (s.screened) return;
  throw conflict('SCREENING_REQUIRED', `${action} is blocked until every party of the package is screened against an active screening list. ${s.message}`, {
    unscreened: s.parties.filter((p) => !p.screened).map((p) => p.name),
    listActive: s.listActive,
  });
}

// ---- the screening of one deal's parties (its final commitment's gate) -------------------------

/** Alerts that hold a deal: a potential or confirmed match on a list whose effect is prohibited, not cleared. */
const UNRESOLVED = ['open', 'confirmed'];

export interface DealPartyScreening {
  name: string;
  kind: string;
  /** Screened against the list versions active now, as the party is now. */
  screened: boolean;
  screenedAt: string | null;
  /** An unresolved potential or confirmed match on a list whose effect is prohibited. */
  blocking: boolean;
  /** Potential matches not yet disposed of. */
  openAlerts: number;
}

/**
 * Where screening stands for every party of a deal (its buyer, end users and consignees), keyed by
 * party key (dealBuyerKey, dealPartyKey). A system read: the caller applies its own viewer policy.
 */
export async function dealPartiesScreening(deps: Deps, dealId: string): Promise<{ listActive: boolean; parties: Map<string, DealPartyScreening> }> {
  const parties = await partiesOfDeals(deps, dealId);
  const versions = await activeVersions(deps);
  const signature = versions.map((v) => v.id).join(',');
  const keys = parties.map((p) => p.key);
  const stored = new Map((await findPartiesByKeys(deps.db.db, keys)).map((r) => [r.party_key, r]));
  const alerts = await findUnresolvedAlertsOfParties(deps.db.db, keys, UNRESOLVED);
  const out = new Map<string, DealPartyScreening>();
  for (const p of parties) {
    const r = stored.get(p.key);
    const screened = versions.length > 0 && !!r && r.screened_signature === signature && r.data_hash === dataHash(p) && r.screened_at !== null;
    const mine = alerts.filter((a) => a.party_key === p.key);
    out.set(p.key, {
      name: p.name,
      kind: KIND_OF_SOURCE[p.source],
      screened,
      screenedAt: screened ? r.screened_at : null,
      blocking: mine.some((a) => a.effect === 'prohibited'),
      openAlerts: mine.filter((a) => a.status === 'open').length,
    });
  }
  return { listActive: versions.length > 0, parties: out };
}

/**
 * Mirrors one deal's parties now (new, changed and removed ones) and screens those without a
 * result against the active lists: a deal party is screened when it is recorded or changed, and at
 * the final commitment, rather than at the next periodic sync. Without an active list nothing is
 * screened (and the package gate refuses the commitment).
 */
export async function screenDealParties(deps: Deps, dealId: string): Promise<ScreenResult> {
  const current = await partiesOfDeals(deps, dealId);
  return withIndex(deps, { fresh: true }, async (idx) => {
    const stored = new Map((await findPartiesOfDeal(deps.db.db, dealId)).map((r) => [r.party_key, r]));
    const sync = await mirror(deps, current, stored, idx.signature);
    return screenParties(deps, sync.toScreen, idx);
  });
}

const listNames = (names: string[]) => {
  const unique = [...new Set(names)];
  return unique.slice(0, 10).join(', ') + (unique.length > 10 ? ` and ${unique.length - 10} more` : '');
};

/** Why the deal's own parties hold its final commitment, for the user; null when they do not. */
function dealPartiesMessage(s: Awaited<ReturnType<typeof dealPartiesScreening>>): string | null {
  const blocking = [...s.parties.values()].filter((p) => p.blocking);
  if (blocking.length === 0) return null;
  return `A possible or confirmed match on a list whose effect is prohibited is unresolved for ${listNames(blocking.map((p) => `${p.name} (${p.kind})`))}. The program office's screening staff must clear it as a false positive before the final commitment.`;
}

/**
 * What the deal's screening gate answers now, as a read: the package's parties all screened against
 * the active lists (packageScreening), and no unresolved prohibited match on the deal's own parties.
 * A deal party not yet screened does not hold the gate here: the commitment screens it first
 * (assertDealScreened). A system read: the caller applies its own viewer policy.
 */
export async function dealScreening(deps: Deps, deal: { id: string; proposal_id: string }): Promise<{ screened: boolean; message: string | null }> {
  const [pkg, own] = await Promise.all([packageScreening(deps, deal.proposal_id), dealPartiesScreening(deps, deal.id)]);
  const ownMessage = dealPartiesMessage(own);
  return { screened: pkg.screened && ownMessage === null, message: pkg.message ?? ownMessage };
}

/**
 * The 409 refusing `action` on a deal: while its package's parties are not all screened against an
 * active list (SCREENING_REQUIRED), while one of its own parties cannot be screened, or while one
 * of them has an unresolved prohibited match (SCREENING_MATCH_UNRESOLVED). Screens the deal's
 * parties first, so a party recorded a moment ago is screened before the commitment, not after.
 */
export async function assertDealScreened(deps: Deps, deal: { id: string; proposal_id: string }, action: string): Promise<void> {
  await assertPackageScreened(deps, deal.proposal_id, action);
  await screenDealParties(deps, deal.id);
  const s = await dealPartiesScreening(deps, deal.id);
  const parties = [...s.parties.values()];
  const unscreened = parties.filter((p) => !p.screened);
  if (unscreened.length) {
    throw conflict('SCREENING_REQUIRED', `${action} is blocked until every party of the deal is screened against an active screening list. Not yet screened: ${listNames(unscreened.map((p) => p.name))}.`, {
      unscreened: unscreened.map((p) => p.name),
      listActive: s.listActive,
    });
  }
  const blocking = parties.filter((p) => p.blocking);
  if (blocking.length) {
    throw new AppError(409, 'SCREENING_MATCH_UNRESOLVED', `${action} refused: ${dealPartiesMessage(s)}`, [], { parties: blocking.map((p) => ({ name: p.name, kind: p.kind })) });
  }
}

// ---- foreign buyer organizations (the buyer workspace's gate) -----------------------------------

/**
 * Mirrors one buyer organization now and screens it against the active lists, so a buyer who signs
 * up learns at once whether its workspace opens rather than at the next periodic sync. Without an
 * active list nothing is screened (the buyer stays pending).
 */
export async function screenBuyerOrganization(deps: Deps, orgId: string): Promise<ScreenResult> {
  const current = await partiesOfBuyerOrganizations(deps, [orgId]);
  return withIndex(deps, { fresh: true }, async (idx) => {
    const stored = new Map((await findPartiesByKeys(deps.db.db, current.map((p) => p.key))).map((r) => [r.party_key, r]));
    const sync = await mirror(deps, current, stored, idx.signature);
    return screenParties(deps, sync.toScreen, idx);
  });
}

export interface BuyerOrganizationScreening {
  /** Screened against the list versions active now, as the organization is now. */
  screened: boolean;
  /** Potential or confirmed matches not cleared as false positives. */
  unresolvedAlerts: number;
}

/**
 * Where screening stands for these buyer organizations, and whether any list is active. A system
 * read: the caller (the buyers module's gate) applies its own policy.
 */
export async function buyerOrganizationsScreening(deps: Pick<Deps, 'db'>, orgIds: readonly string[]): Promise<{ listActive: boolean; organizations: Map<string, BuyerOrganizationScreening> }> {
  const out = new Map<string, BuyerOrganizationScreening>();
  if (orgIds.length === 0) return { listActive: false, organizations: out };
  const parties = await partiesOfBuyerOrganizations(deps, orgIds);
  const versions = await findActiveVersions(deps.db.db);
  const signature = versions.map((v) => v.id).join(',');
  const keys = parties.map((p) => p.key);
  const stored = new Map((await findPartiesByKeys(deps.db.db, keys)).map((r) => [r.party_key, r]));
  const alerts = await findUnresolvedAlertsOfParties(deps.db.db, keys, UNRESOLVED);
  for (const p of parties) {
    const r = stored.get(p.key);
    const screened = versions.length > 0 && !!r && r.screened_signature === signature && r.data_hash === dataHash(p) && r.screened_at !== null;
    out.set(p.orgId as string, { screened, unresolvedAlerts: alerts.filter((a) => a.party_key === p.key).length });
  }
  return { listActive: versions.length > 0, organizations: out };
}
