// Who may change a proposal's documents: pure checks over the viewer and the proposal's facts.
import { consortiumRelations, canOn, mayEver } from '../../../shared/access.ts';
import type { ProposalDetail } from '../../../shared/contracts/views.ts';
import type { Actor } from '../../lib/context.ts';

/**
 * Who may send an upload at all, checked before a byte of it is read: a user whose role may edit a
 * proposal (or its own components of one). Everything else is checked against the proposal.
 */
export function mayEverUploadDocuments(actor: Actor): boolean {
  return mayEver(actor, 'proposal.edit') || mayEver(actor, 'proposal.edit_own_components');
}

/** Whether the viewer's role and company could ever change this proposal's documents (state aside). */
export function mayChangeDocumentsOf(actor: Actor, p: Pick<ProposalDetail, 'consortium'>): boolean {
  const rel = consortiumRelations(actor, p.consortium);
  return canOn(actor, 'proposal.edit', rel) || canOn(actor, 'proposal.edit_own_components', rel);
}

/**
 * Whether the viewer may change one document now: the proposal is editable for the viewer (its
 * edit scope is not 'none'); whoever edits the whole proposal changes every document, a member
 * that edits only its own components changes the documents its company added.
 */
export function mayChangeDocument(actor: Actor, p: Pick<ProposalDetail, 'permissions'>, creatorOrgId: string | undefined): boolean {
  if (p.permissions.edit === 'all') return true;
  return p.permissions.edit === 'own_components' && creatorOrgId === actor.orgId;
}
