// A deal's parties besides its buyer — end users, consignees, intermediate consignees — with the
// identifying evidence screening weighs. Whoever sees the deal sees its parties; whoever updates the
// deal (its package's anchor member, the EDAG coordinator, the program office) records and corrects
// them. Every party is screened when it is recorded or changed, and at the final commitment
// (screening.parties.ts): an unresolved prohibited match holds the deal's final commitment.
import { DEAL_PARTY_ROLE_LABELS, type DealParties, type DealPartyInput, type DealPartyRole } from '../../../shared/contracts/deal-parties.ts';
import type { DealRecord } from '../../../shared/contracts/financing.ts';
import { canonicalEvidence, type PartyEvidence } from '../../../shared/contracts/party-evidence.ts';
import { conflict, forbidden, notFound } from '../../../shared/errors.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { proposalFactsForRules } from '../proposals/proposals.service.ts';
import { screenDealParties } from '../screening/screening.parties.ts';
import { deleteDealPartyRow, findDealParty, insertDealParty, updateDealPartyRow, type DealPartyRow } from './deal-parties.repository.ts';
import { dealPartiesView, storedEvidence } from './deal-parties.view.ts';
import { canUpdateDeal } from './financing.policy.ts';
import type { DealRow } from './financing.repository.ts';
import { dealForViewer, getDeal } from './financing.service.ts';

async function mayEdit(ctx: ServiceContext, deal: DealRow): Promise<boolean> {
  const p = await proposalFactsForRules(ctx, deal.proposal_id);
  return canUpdateDeal(ctx.actor, p?.anchorOrgId);
}

/** The deal's parties with where their screening stands; a deal the viewer may not see is 404. */
export async function listDealParties(ctx: ServiceContext, dealId: string): Promise<DealParties> {
  const { deal } = await dealForViewer(ctx, dealId);
  return dealPartiesView(ctx, deal, await mayEdit(ctx, deal));
}

/** The deal, seen (404 otherwise) and editable by the actor (403 otherwise). */
async function dealToEdit(ctx: ServiceContext, dealId: string): Promise<DealRow> {
  const { deal } = await dealForViewer(ctx, dealId);
  if (!(await mayEdit(ctx, deal))) throw forbidden('A deal’s parties are recorded by its package’s anchor member, the EDAG coordinator or the program office');
  return deal;
}

/**
 * Screens the deal's parties right after a change, so the alert (if any) is raised now rather than
 * at the next periodic sync. Best effort: the change is already written, the periodic sync screens
 * it anyway, and the final commitment screens the deal's parties before it is allowed.
 */
async function screenAfterChange(ctx: ServiceContext, dealId: string): Promise<void> {
  try {
    await screenDealParties(ctx, dealId);
  } catch {
    // Left to the periodic sync and the commitment's gate.
  }
}

const evidenceJson = (e: PartyEvidence) => JSON.stringify(canonicalEvidence(e) ?? {});

const partyAudit = (input: DealPartyInput) => ({ role: input.role, name: input.name, type: input.type, country: input.country, evidence: canonicalEvidence(input.evidence) ?? {} });

export async function addDealParty(ctx: ServiceContext, dealId: string, input: DealPartyInput): Promise<DealRecord> {
  await dealToEdit(ctx, dealId);
  const id = newId();
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    await insertDealParty(tx.trx, {
      id,
      deal_id: dealId,
      role: input.role,
      name: input.name,
      type: input.type,
      country: input.country,
      evidence_json: evidenceJson(input.evidence),
      version: 1,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_by: ctx.actor.userId,
      updated_at: now,
    });
    await tx.audit({ actorId: ctx.actor.userId, action: 'deal.party_added', entityType: 'deal', entityId: dealId, data: { partyId: id, ...partyAudit(input) } });
  });
  await screenAfterChange(ctx, dealId);
  return getDeal(ctx, dealId);
}

const staleParty = (currentVersion: number) => conflict('VERSION_CONFLICT', `The party changed meanwhile (now version ${currentVersion}); reload and retry`, { currentVersion });

async function partyOf(ctx: ServiceContext, dealId: string, partyId: string): Promise<DealPartyRow> {
  const row = await findDealParty(ctx.db.db, dealId, partyId);
  if (!row) throw notFound('Deal party');
  return row;
}

/** Corrects a party (the whole party again), on the version read; the earlier facts stay in the audit trail. */
export async function updateDealParty(ctx: ServiceContext, dealId: string, partyId: string, input: DealPartyInput & { version: number }): Promise<DealRecord> {
  await dealToEdit(ctx, dealId);
  const before = await partyOf(ctx, dealId, partyId);
  if (before.version !== input.version) throw staleParty(before.version);
  await inTransaction(ctx, async (tx) => {
    const changes = { role: input.role, name: input.name, type: input.type, country: input.country, evidence_json: evidenceJson(input.evidence) };
    if (!(await updateDealPartyRow(tx.trx, dealId, partyId, input.version, changes, ctx.actor.userId, ctx.clock.nowIso()))) {
      throw staleParty((await findDealParty(tx.trx, dealId, partyId))?.version ?? before.version);
    }
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'deal.party_updated',
      entityType: 'deal',
      entityId: dealId,
      data: { partyId, from: { role: before.role, name: before.name, type: before.type, country: before.country, evidence: storedEvidence(before.evidence_json) }, ...partyAudit(input) },
    });
  });
  await screenAfterChange(ctx, dealId);
  return getDeal(ctx, dealId);
}

/** Removes a party, on the version read. Its alerts stay with the program office's screening desk. */
export async function removeDealParty(ctx: ServiceContext, dealId: string, partyId: string, version: number): Promise<DealRecord> {
  await dealToEdit(ctx, dealId);
  const before = await partyOf(ctx, dealId, partyId);
  if (before.version !== version) throw staleParty(before.version);
  await inTransaction(ctx, async (tx) => {
    if (!(await deleteDealPartyRow(tx.trx, dealId, partyId, version))) throw staleParty((await findDealParty(tx.trx, dealId, partyId))?.version ?? before.version);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'deal.party_removed',
      entityType: 'deal',
      entityId: dealId,
      data: { partyId, role: before.role, name: before.name, label: DEAL_PARTY_ROLE_LABELS[before.role as DealPartyRole] ?? before.role },
    });
  });
  await screenAfterChange(ctx, dealId);
  return getDeal(ctx, dealId);
}
