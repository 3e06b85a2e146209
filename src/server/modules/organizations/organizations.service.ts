import type { OrganizationInput, Organization } from '../../../shared/contracts/organization.ts';
import { canonicalEvidence, PartyEvidenceSchema, type PartyEvidence } from '../../../shared/contracts/party-evidence.ts';
import { checkCountryOfConcern, type Owner } from '../../../shared/domain/ownership.ts';
import { AGENCIES, ORGANIZATION_KINDS, type Agency, type OrganizationKind } from '../../../shared/domain/roles.ts';
import { conflict, forbidden, notFound } from '../../../shared/errors.ts';
import { can } from '../../../shared/access.ts';
import { mayDeclareConflicts } from '../review/review.policy.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
// Read here, not through consortia.service.ts and review.service.ts: both call this one (a cycle otherwise).
import { sharesConsortium } from '../consortia/consortia.repository.ts';
import { findOrgIdsOfConflictedConsortia } from '../review/review.repository.ts';
import {
  findAllCompanies,
  findBuyerOrganizations,
  findOrganization,
  findOrganizationFacts,
  hasOrganization,
  insertOrganization,
  searchCompanies,
  updateOrganizationRow,
  updateRegistrationStatus,
  type OrganizationRow,
} from './organizations.repository.ts';
import { screenedFactChanges, type ScreenedFacts } from './organizations.changes.ts';

/** The facts screening and the country-of-concern test read, from a row. */
function screenedFactsOf(row: OrganizationRow): ScreenedFacts {
  return {
    name: row.name,
    countryOfIncorporation: row.country_of_incorporation,
    principalPlaceOfBusiness: row.principal_place_of_business,
    owners: JSON.parse(row.owners_json) as Owner[],
    ultimateParent: row.ultimate_parent_json ? (JSON.parse(row.ultimate_parent_json) as { name: string; country: string }) : null,
  };
}

/** The organization's own identifying evidence, when recorded (organizations.evidence_json). */
function evidenceOfRow(row: OrganizationRow): { evidence?: PartyEvidence } {
  if (!row.evidence_json) return {};
  const parsed = PartyEvidenceSchema.safeParse(parseEvidenceJson(row.evidence_json));
  const evidence = parsed.success ? canonicalEvidence(parsed.data) : undefined;
  return evidence ? { evidence } : {};
}

function parseEvidenceJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toOrganization(row: OrganizationRow, countriesOfConcern: readonly string[]): Organization {
  const facts = screenedFactsOf(row);
  return {
    id: row.id,
    ...facts,
    kind: row.kind as OrganizationKind,
    agency: row.agency as Agency | null,
    smallBusiness: row.small_business === 1,
    ...evidenceOfRow(row),
    countryOfConcern: row.kind === 'company' ? checkCountryOfConcern(facts, countriesOfConcern) : { concern: false, reasons: [] },
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Own organization; for a company, the organizations it is an active member of a consortium with
 * (an invitation, either way, is not a membership); for government and admin users any
 * organization, except that a reviewer never sees the members of a consortium whose proposal it
 * declared a conflict of interest on.
 */
async function canView(ctx: ServiceContext, orgId: string): Promise<boolean> {
  if (ctx.actor.orgId === orgId) return true;
  if (ctx.actor.orgKind === 'company') return sharesConsortium(ctx.db.db, ctx.actor.orgId, orgId);
  if (mayDeclareConflicts(ctx.actor)) return !(await findOrgIdsOfConflictedConsortia(ctx.db.db, ctx.actor.userId)).includes(orgId);
  return true;
}

export async function getOrganization(ctx: ServiceContext, id: string): Promise<Organization> {
  const row = await findOrganization(ctx.db.db, id);
  if (!row || !(await canView(ctx, id))) throw notFound('Organization');
  return toOrganization(row, ctx.config.COUNTRIES_OF_CONCERN);
}

/**
 * Companies by name, for an anchor to invite: their names (and the country of incorporation the
 * response contract still carries) — never ownership, which a company sees only of the companies
 * it shares a consortium with as active members.
 */
export async function findCompanies(ctx: ServiceContext, q: string | undefined) {
  const rows = await searchCompanies(ctx.db.db, q, 50);
  return rows.map((r) => ({ id: r.id, name: r.name, countryOfIncorporation: r.country_of_incorporation }));
}

/** A company's own users keep its entity data; an admin may correct any organization. */
export async function updateOrganization(ctx: ServiceContext, id: string, input: OrganizationInput, expectedVersion: number) {
  const isOwn = ctx.actor.orgId === id && can(ctx.actor, 'organization.update');
  if (!isOwn && !can(ctx.actor, 'organization.update_any')) {
    if (!(await canView(ctx, id))) throw notFound('Organization');
    throw forbidden('Only the organization’s own users may change its entity data');
  }
  return inTransaction(ctx, async (tx) => {
    const before = await findOrganization(tx.trx, id);
    const changes = {
      name: input.name,
      country_of_incorporation: input.countryOfIncorporation,
      principal_place_of_business: input.principalPlaceOfBusiness,
      owners_json: JSON.stringify(input.owners),
      ultimate_parent_json: input.ultimateParent ? JSON.stringify(input.ultimateParent) : null,
      small_business: input.smallBusiness ? 1 : 0,
      // Omitted, the evidence stays as stored (a client that does not know of it changes nothing).
      ...(input.evidence !== undefined ? { evidence_json: JSON.stringify(canonicalEvidence(input.evidence) ?? {}) } : {}),
    };
    if (!(await updateOrganizationRow(tx.trx, id, expectedVersion, changes, ctx.clock.nowIso()))) {
      const exists = await findOrganization(tx.trx, id);
      if (!exists) throw notFound('Organization');
      throw conflict('VERSION_CONFLICT', `Organization was changed by someone else (now version ${exists.version}); reload and retry`, {
        currentVersion: exists.version,
      });
    }
    const row = (await findOrganization(tx.trx, id))!;
    // A change of what screening and the country-of-concern test read reopens review of the
    // packages and proposals the organization is a member of (designation, through the port).
    const was = screenedFactsOf(before!);
    const now = screenedFactsOf(row);
    const changed = screenedFactChanges(was, now);
    await tx.audit({ actorId: ctx.actor.userId, action: 'organization.updated', entityType: 'organization', entityId: id, data: { ...input, screenedFactsChanged: changed } });
    if (changed.length > 0) {
      const countries = ctx.config.COUNTRIES_OF_CONCERN;
      await ctx.ports.organizationChanged(ctx, tx, {
        orgId: id,
        changed,
        before: was,
        after: now,
        concern: { before: checkCountryOfConcern(was, countries), after: checkCountryOfConcern(now, countries) },
        actorId: ctx.actor.userId,
      });
    }
    return toOrganization(row, ctx.config.COUNTRIES_OF_CONCERN);
  });
}

export interface NewOrganization extends OrganizationInput {
  kind: OrganizationKind;
  agency?: Agency | null;
  id?: string;
}

/** Creates an organization (administrators, the seed and the bootstrap). */
export async function createOrganization(deps: Deps, actorId: string | null, input: NewOrganization) {
  if (!ORGANIZATION_KINDS.includes(input.kind)) throw new Error(`unknown organization kind ${input.kind}`);
  if (input.agency && !AGENCIES.includes(input.agency)) throw new Error(`unknown agency ${input.agency}`);
  const id = input.id ?? newId();
  const now = deps.clock.nowIso();
  await inTransaction(deps, async (tx) => {
    await insertOrganization(tx.trx, {
      id,
      name: input.name,
      kind: input.kind,
      agency: input.agency ?? null,
      country_of_incorporation: input.countryOfIncorporation,
      principal_place_of_business: input.principalPlaceOfBusiness,
      owners_json: JSON.stringify(input.owners ?? []),
      ultimate_parent_json: input.ultimateParent ? JSON.stringify(input.ultimateParent) : null,
      small_business: input.smallBusiness ? 1 : 0,
      evidence_json: input.evidence ? JSON.stringify(canonicalEvidence(input.evidence) ?? {}) : null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await tx.audit({ actorId, action: 'organization.created', entityType: 'organization', entityId: id, data: { name: input.name, kind: input.kind } });
  });
  return id;
}

// ── For other modules ──────────────────────────────────────────────────────────────────────
// Reads without the viewer's check of getOrganization: callers apply their own policy before
// returning anything derived from them. JSON columns come back as text.

/** The organization's row, or undefined. */
export function loadOrganization(deps: Pick<Deps, 'db'>, id: string): Promise<OrganizationRow | undefined> {
  return findOrganization(deps.db.db, id);
}

export function organizationExists(deps: Pick<Deps, 'db'>, id: string): Promise<boolean> {
  return hasOrganization(deps.db.db, id);
}

/** Ownership facts (name, places, owners, ultimate parent) of these organizations, for the compliance matrix. */
export function organizationOwnershipFacts(deps: Pick<Deps, 'db'>, ids: readonly string[]) {
  return findOrganizationFacts(deps.db.db, ids);
}

/** Every company with its owners and ultimate parent, for party screening. */
export function companiesForScreening(deps: Pick<Deps, 'db'>) {
  return findAllCompanies(deps.db.db);
}

/**
 * Writes a company that registered itself (status 'registered' until the program office decides),
 * in the caller's transaction (the onboarding module creates it with its first user).
 */
export async function insertRegisteredCompany(tx: Tx, actorId: string | null, id: string, input: OrganizationInput): Promise<void> {
  const now = tx.clock.nowIso();
  await insertOrganization(tx.trx, {
    id,
    name: input.name,
    kind: 'company',
    agency: null,
    country_of_incorporation: input.countryOfIncorporation,
    principal_place_of_business: input.principalPlaceOfBusiness,
    owners_json: JSON.stringify(input.owners ?? []),
    ultimate_parent_json: input.ultimateParent ? JSON.stringify(input.ultimateParent) : null,
    small_business: input.smallBusiness ? 1 : 0,
    evidence_json: input.evidence ? JSON.stringify(canonicalEvidence(input.evidence) ?? {}) : null,
    registration_status: 'registered',
    version: 1,
    created_at: now,
    updated_at: now,
  });
  await tx.audit({ actorId, action: 'organization.created', entityType: 'organization', entityId: id, data: { name: input.name, kind: 'company', registrationStatus: 'registered' } });
}

/** Every buyer organization (or these), for party screening and the buyer screening gate. */
export function buyerOrganizationsForScreening(deps: Pick<Deps, 'db'>, ids?: readonly string[]) {
  return findBuyerOrganizations(deps.db.db, ids);
}

/**
 * Writes a foreign buyer organization that signed itself up, in the caller's transaction (the
 * buyers module creates it with its first user). Buyers are screened, not reviewed: it is approved.
 */
export async function insertBuyerOrganization(tx: Tx, actorId: string | null, id: string, input: { name: string; country: string; buyerKind: string }): Promise<void> {
  const now = tx.clock.nowIso();
  await insertOrganization(tx.trx, {
    id,
    name: input.name,
    kind: 'buyer',
    agency: null,
    country_of_incorporation: input.country,
    principal_place_of_business: input.country,
    owners_json: '[]',
    ultimate_parent_json: null,
    small_business: 0,
    evidence_json: null,
    registration_status: 'approved',
    buyer_kind: input.buyerKind,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  await tx.audit({ actorId, action: 'organization.created', entityType: 'organization', entityId: id, data: { name: input.name, kind: 'buyer', buyerKind: input.buyerKind } });
}

/** Records the program office's decision on a registered company, in the caller's transaction (the caller audits it). */
export function setRegistrationStatus(tx: Tx, id: string, status: 'approved' | 'rejected'): Promise<void> {
  return updateRegistrationStatus(tx.trx, id, status, tx.clock.nowIso());
}
