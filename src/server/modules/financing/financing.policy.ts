// Who sees and does what with deals, financing requests and monitoring reports. The roles come
// from the permission model (src/shared/access.ts); the relations — the anchor company of the
// deal's package, the agency of a request — from the facts given here. Pure functions: no I/O.
import { can, canOn } from '../../../shared/access.ts';
import type { FinancingAction } from '../../../shared/domain/financing-lifecycle.ts';
import type { Actor } from '../../lib/context.ts';

/**
 * How the actor reaches deals: every deal (the program-wide readers and the EDAG coordinator; the
 * agencies' notes only for those allowed them), the deals with a request to its agency (a financing
 * officer), its own packages' deals (a company), or none.
 */
export type DealReach = { kind: 'program'; agencyNotes: boolean } | { kind: 'agency'; agency: string } | { kind: 'applicant' } | { kind: 'none' };

export function dealReach(actor: Actor): DealReach {
  if (can(actor, 'deal.read_all')) return { kind: 'program', agencyNotes: can(actor, 'financing.agency_notes.read') };
  if (actor.agency && canOn(actor, 'deal.read_referred', { financing_agency: true })) return { kind: 'agency', agency: actor.agency };
  if (actor.orgKind === 'company') return { kind: 'applicant' };
  return { kind: 'none' };
}

/** The anchor relation to a package: the actor belongs to its consortium's anchor company. */
const anchorOf = (actor: Actor, anchorOrgId: string | undefined) => ({ anchor: anchorOrgId !== undefined && anchorOrgId === actor.orgId });

export const canOpenDeal = (actor: Actor, anchorOrgId: string | undefined): boolean => canOn(actor, 'deal.open', anchorOf(actor, anchorOrgId));

export const canUpdateDeal = (actor: Actor, anchorOrgId: string | undefined): boolean => canOn(actor, 'deal.update', anchorOf(actor, anchorOrgId));

/** Records advocacy actions and edits them. */
export const canRecordAdvocacy = (actor: Actor): boolean => can(actor, 'deal.advocacy');

/** Moves a deal's stage by hand, with a reason (the EDAG coordinator); otherwise the stage follows the deal's financing. */
export const canMoveDealStage = (actor: Actor): boolean => can(actor, 'deal.stage.move');

export const canReferRequest = (actor: Actor): boolean => can(actor, 'financing.request.refer');

export const canImportRules = (actor: Actor): boolean => can(actor, 'financing.rules.import');

/** A financing officer of the request's agency (whose notes are recorded on it). */
export const isRequestAgencyOfficer = (actor: Actor, request: { agency: string }): boolean =>
  canOn(actor, 'financing.request.decide', { financing_agency: actor.agency === request.agency });

/** A step on a request: the agency's officers for the agency's stages; the EDAG coordinator or the package's anchor withdraw it. */
export const canActOnRequest = (actor: Actor, action: FinancingAction, request: { agency: string }, anchorOrgId: string | undefined): boolean =>
  canOn(actor, `financing.request.${action}`, { ...anchorOf(actor, anchorOrgId), financing_agency: actor.agency === request.agency });

export const canSubmitMonitoring = (actor: Actor, anchorOrgId: string | undefined): boolean => canOn(actor, 'monitoring.submit', anchorOf(actor, anchorOrgId));
