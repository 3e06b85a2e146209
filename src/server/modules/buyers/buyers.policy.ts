// Who may do what on the buyer's side. Pure: the facts are passed in.
import { can, canOn, consortiumRelations } from '../../../shared/access.ts';
import type { ConsortiumView } from '../../../shared/contracts/views.ts';
import type { Actor } from '../../lib/context.ts';

/** A foreign buyer's own workspace: its organization's requirements, follows and interest records. */
export const canUseBuyerWorkspace = (actor: Actor): boolean => actor.orgKind === 'buyer' && can(actor, 'buyer.workspace');

/** The program office moves interest records along. */
export const canManageInterests = (actor: Actor): boolean => can(actor, 'buyer_interests.manage');

/** The interest a designated package received: its consortium's members, the program office and the EDAG coordinator. */
export const canReadPackageInterest = (actor: Actor, consortium: ConsortiumView): boolean => canOn(actor, 'buyer_matches.read', consortiumRelations(actor, consortium));

/**
 * The buyer as the consortium sees it: named with its contact only when the buyer agreed; else
 * only its country and kind.
 */
export function buyerAsConsortiumSeesIt(r: { consent_to_share: number; buyer_name: string; buyer_kind: string; country: string; contact_email: string }) {
  return r.consent_to_share === 1 ? { name: r.buyer_name, country: r.country, kind: r.buyer_kind, contactEmail: r.contact_email } : { anonymous: true as const, country: r.country, kind: r.buyer_kind };
}
