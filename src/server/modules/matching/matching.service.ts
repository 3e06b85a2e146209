// Package profiles, the consortia's translations and the matches between designated packages and
// buyers' requirements (docs/matching.md). The profile and the translations are public by design:
// the anchor writes them for buyers and the catalog shows them. A consortium sees the buyers its
// package fits, named only when the buyer shares its requirement with consortia.
import { can, canOn, consortiumRelations } from '../../../shared/access.ts';
import type { CatalogEntry } from '../../../shared/contracts/catalog.ts';
import type { BuyerMatchesResponse, Match, PackageMatchesResponse, PackageProfileBody, PackageProfileResponse, RequirementMatchesResponse, Translation, TranslationBody, TranslationListResponse, TranslationLocale } from '../../../shared/contracts/matching.ts';
import type { Deployment, OfferedDataResidency, OfferedModelLicensing, PackageOfferFacts } from '../../../shared/domain/buyers.ts';
import type { FinancingAgency, Layer } from '../../../shared/domain/package.ts';
import { AppError, conflict, forbidden, notFound } from '../../../shared/errors.ts';
import type { ProposalDetail } from '../../../shared/contracts/views.ts';
import { rankPackages, rankRequirements } from '../../../engines/matching/index.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { assertBuyerClear } from '../buyers/buyers.gate.ts';
import { requirementsForMatching, type RequirementForMatching } from '../buyers/buyers.read.ts';
import { searchCatalog } from '../catalog/catalog.service.ts';
import { listedPackages } from '../designation/designation.service.ts';
import { getProposal } from '../proposals/proposals.service.ts';
import { deleteTranslation as deleteTranslationRow, findProfile, findTranslations, insertProfile, updateProfile, upsertTranslation } from './matching.repository.ts';
import { profileOfRow } from './profiles.read.ts';

// ── Who may do what ────────────────────────────────────────────────────────────────────────

/** Whether the viewer may change the package's profile and translations: the anchor company, once designated. */
const mayEditProfile = (ctx: ServiceContext, p: ProposalDetail) => p.state === 'designated' && canOn(ctx.actor, 'package_profile.edit', consortiumRelations(ctx.actor, p.consortium));

/**
 * The proposal, for a read of what is public anyway: whoever may read the proposal gets it; anyone
 * else gets null when the package is on the public catalog (its profile and translations are shown
 * there), and 404 otherwise.
 */
async function proposalForPublicRead(ctx: ServiceContext, proposalId: string): Promise<ProposalDetail | null> {
  try {
    return await getProposal(ctx, proposalId);
  } catch (err) {
    if (err instanceof AppError && err.status === 404 && (await listedPackages(ctx, proposalId)).length > 0) return null;
    throw err;
  }
}

/** The proposal, for a change by its anchor: 404 unseen, 403 for anyone but the anchor, 409 unless designated. */
async function proposalForEdit(ctx: ServiceContext, proposalId: string): Promise<ProposalDetail> {
  const p = await getProposal(ctx, proposalId);
  if (!canOn(ctx.actor, 'package_profile.edit', consortiumRelations(ctx.actor, p.consortium))) throw forbidden('Only the anchor company describes its package to buyers');
  if (p.state !== 'designated') throw conflict('INVALID_STATE', `Only a designated package is described to buyers; this proposal is ${p.state.replaceAll('_', ' ')}`, { state: p.state });
  return p;
}

// ── Profiles ───────────────────────────────────────────────────────────────────────────────

async function profileView(ctx: ServiceContext, proposalId: string, canEdit: boolean): Promise<PackageProfileResponse> {
  const row = await findProfile(ctx.db.db, proposalId);
  return { proposalId, profile: row ? profileOfRow(row) : null, version: row?.version ?? 0, updatedAt: row?.updated_at ?? null, canEdit };
}

export async function getPackageProfile(ctx: ServiceContext, proposalId: string): Promise<PackageProfileResponse> {
  const p = await proposalForPublicRead(ctx, proposalId);
  return profileView(ctx, proposalId, p !== null && mayEditProfile(ctx, p));
}

export async function savePackageProfile(ctx: ServiceContext, proposalId: string, input: PackageProfileBody): Promise<PackageProfileResponse> {
  await proposalForEdit(ctx, proposalId);
  const { version, ...fields } = input;
  const at = ctx.clock.nowIso();
  const columns = {
    deployments_json: JSON.stringify(fields.deployments),
    data_residency_json: JSON.stringify(fields.dataResidency),
    model_licensing_json: JSON.stringify(fields.modelLicensing),
    languages_json: JSON.stringify(fields.languages),
    budget_min_usd: fields.budgetMinUsd,
    budget_max_usd: fields.budgetMaxUsd,
    delivery_months: fields.deliveryMonths,
    financing_json: JSON.stringify(fields.financing),
    updated_by: ctx.actor.userId,
    updated_at: at,
  };
  await inTransaction(ctx, async (tx) => {
    const stale = async () => conflict('VERSION_CONFLICT', 'The profile changed meanwhile; reload and retry', { currentVersion: (await findProfile(tx.trx, proposalId))?.version ?? 0 });
    const saved = version === 0 ? await insertProfile(tx.trx, { proposal_id: proposalId, ...columns, version: 1 }) : await updateProfile(tx.trx, proposalId, version, columns);
    if (!saved) throw await stale();
    // The profile is public: the audit event keeps what was declared.
    await tx.audit({ actorId: ctx.actor.userId, action: 'package_profile.saved', entityType: 'proposal', entityId: proposalId, data: { version: version + 1, ...fields } });
  });
  return profileView(ctx, proposalId, true);
}

// ── Translations ───────────────────────────────────────────────────────────────────────────

const translationOf = (r: { locale: string; title: string; summary: string; updated_at: string }): Translation => ({ locale: r.locale as TranslationLocale, title: r.title, summary: r.summary, updatedAt: r.updated_at });

export async function listTranslations(ctx: ServiceContext, proposalId: string): Promise<TranslationListResponse> {
  const p = await proposalForPublicRead(ctx, proposalId);
  const rows = await findTranslations(ctx.db.db, proposalId);
  return { items: rows.map(translationOf), canEdit: p !== null && mayEditProfile(ctx, p) };
}

export async function saveTranslation(ctx: ServiceContext, proposalId: string, locale: TranslationLocale, input: TranslationBody): Promise<Translation> {
  await proposalForEdit(ctx, proposalId);
  const row = { proposal_id: proposalId, locale, title: input.title, summary: input.summary, updated_by: ctx.actor.userId, updated_at: ctx.clock.nowIso() };
  await inTransaction(ctx, async (tx) => {
    await upsertTranslation(tx.trx, row);
    await tx.audit({ actorId: ctx.actor.userId, action: 'package_translation.saved', entityType: 'proposal', entityId: proposalId, data: { locale, title: input.title } });
  });
  return translationOf(row);
}

export async function removeTranslation(ctx: ServiceContext, proposalId: string, locale: TranslationLocale): Promise<void> {
  await proposalForEdit(ctx, proposalId);
  await inTransaction(ctx, async (tx) => {
    if (!(await deleteTranslationRow(tx.trx, proposalId, locale))) throw notFound('Translation');
    await tx.audit({ actorId: ctx.actor.userId, action: 'package_translation.deleted', entityType: 'proposal', entityId: proposalId, data: { locale } });
  });
}

// ── Matches ────────────────────────────────────────────────────────────────────────────────

/** A catalog entry as the matching engine reads it: its public facts and its declared profile. */
function offerOf(e: CatalogEntry): PackageOfferFacts {
  const p = e.profile;
  return {
    proposalId: e.id,
    countries: e.countries,
    sectors: e.sectors,
    layers: e.layers as Layer[],
    deployments: p ? (p.deployments as Deployment[]) : null,
    dataResidency: p ? (p.dataResidency as OfferedDataResidency[]) : null,
    modelLicensing: p ? (p.modelLicensing as OfferedModelLicensing[]) : null,
    languages: p ? p.languages : null,
    budgetMinUsd: p?.budgetMinUsd ?? null,
    budgetMaxUsd: p?.budgetMaxUsd ?? null,
    deliveryMonths: p?.deliveryMonths ?? null,
    financing: p ? (p.financing as FinancingAgency[]) : null,
  };
}

/** The packages of the public catalog, with their translation into `lang`. */
async function catalogEntries(deps: Deps, lang: string | undefined): Promise<CatalogEntry[]> {
  return (await searchCatalog(deps, { lang })).items;
}

function matchesFor(req: RequirementForMatching, entries: CatalogEntry[]): Match[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return rankPackages(req, entries.map(offerOf)).map((m) => {
    const e = byId.get(m.proposalId)!;
    return { proposalId: e.id, title: e.title, translation: e.translation, score: m.score, fit: m.fit, reasons: m.reasons };
  });
}

/** A buyer's own workspace: the role, then its organization's screening (403 until clear). */
async function assertBuyerWorkspace(ctx: ServiceContext): Promise<void> {
  if (!can(ctx.actor, 'buyer.workspace')) throw forbidden('Matches are for foreign buyers');
  await assertBuyerClear(ctx);
}

const requirementHeading = (r: RequirementForMatching) => ({ id: r.id, title: r.title, country: r.country });

/** The packages matching each live requirement of the buyer's organization, best first. */
export async function listBuyerMatches(ctx: ServiceContext, lang?: string): Promise<BuyerMatchesResponse> {
  await assertBuyerWorkspace(ctx);
  const [reqs, entries] = await Promise.all([requirementsForMatching(ctx, { orgId: ctx.actor.orgId }), catalogEntries(ctx, lang)]);
  return { items: reqs.map((r) => ({ requirement: requirementHeading(r), matches: matchesFor(r, entries) })) };
}

/** The packages matching one requirement of the buyer's organization (404 for another buyer's). */
export async function requirementMatches(ctx: ServiceContext, requirementId: string, lang?: string): Promise<RequirementMatchesResponse> {
  await assertBuyerWorkspace(ctx);
  const req = (await requirementsForMatching(ctx, { orgId: ctx.actor.orgId })).find((r) => r.id === requirementId);
  if (!req) throw notFound('Requirement');
  return { requirement: requirementHeading(req), matches: matchesFor(req, await catalogEntries(ctx, lang)) };
}

/** The buyers' requirements a designated package fits, best first; a buyer is named only with its consent. */
export async function packageMatches(ctx: ServiceContext, proposalId: string): Promise<PackageMatchesResponse> {
  const p = await getProposal(ctx, proposalId);
  if (!canOn(ctx.actor, 'buyer_matches.read', consortiumRelations(ctx.actor, p.consortium))) throw forbidden('The buyers a package fits are for its consortium and the program office');
  if (p.state !== 'designated') throw conflict('INVALID_STATE', `Only a designated package is matched with buyers; this proposal is ${p.state.replaceAll('_', ' ')}`, { state: p.state });
  // A designated package off the catalog (suspended, expired) is offered to no buyer.
  const entry = (await catalogEntries(ctx, undefined)).find((e) => e.id === proposalId);
  if (!entry) return { items: [] };
  const reqs = await requirementsForMatching(ctx);
  const byId = new Map(reqs.map((r) => [r.id, r]));
  return {
    items: rankRequirements(offerOf(entry), reqs).map((m) => {
      const r = byId.get(m.requirementId)!;
      const shared = r.shareWithConsortia;
      return {
        requirementId: r.id,
        requirementTitle: shared ? r.title : null,
        buyer: shared ? { name: r.buyer.name, country: r.buyer.country, kind: r.buyer.kind } : { anonymous: true as const, country: r.buyer.country, kind: r.buyer.kind },
        score: m.score,
        fit: m.fit,
        reasons: m.reasons,
      };
    }),
  };
}
