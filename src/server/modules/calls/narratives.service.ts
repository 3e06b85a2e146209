// The narrative sections of a proposal, as its call asks for them: the consortium writes them while
// the proposal is editable; a submission keeps the texts it was submitted with, and government
// users read those. Access is the proposal's: whoever may not see the proposal gets 404.
import { countWords, type NarrativeBody, type NarrativeList } from '../../../shared/contracts/calls.ts';
import { EDITABLE_STATES } from '../../../shared/domain/proposal-lifecycle.ts';
import { AppError, conflict, forbidden } from '../../../shared/errors.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { getProposal, lockedProposalState } from '../proposals/proposals.service.ts';
import { callRequirementsOfProposal, narrativesOfProposal } from './calls.service.ts';
import { findLatestNarrativeForUpdate, insertNarrative } from './calls.repository.ts';

export async function listNarratives(ctx: ServiceContext, proposalId: string): Promise<NarrativeList> {
  const p = await getProposal(ctx, proposalId);
  // A member company reads and edits the working texts; government users the texts as submitted.
  const working = ctx.actor.orgKind === 'company';
  const [requirements, items] = await Promise.all([
    callRequirementsOfProposal(ctx, proposalId),
    narrativesOfProposal(ctx, proposalId, { publicOnly: false, asOfRevision: working ? 'working' : p.revision }),
  ]);
  return { requirements, editable: working && p.permissions.edit === 'all', source: working ? 'working' : 'submitted', items };
}

export async function saveNarrative(ctx: ServiceContext, proposalId: string, sectionKey: string, input: NarrativeBody): Promise<NarrativeList> {
  const p = await getProposal(ctx, proposalId);
  if (p.permissions.edit !== 'all') {
    if (ctx.actor.orgKind === 'company' && !EDITABLE_STATES.includes(p.state) && p.consortium.viewerIsAnchor) {
      throw conflict('INVALID_STATE', `Narratives can be changed only while the proposal is a draft or returned for information; it is ${p.state.replaceAll('_', ' ')}`, { state: p.state });
    }
    throw forbidden('Only the anchor member edits the narratives of the proposal');
  }
  const requirements = await callRequirementsOfProposal(ctx, proposalId);
  const section = requirements?.sections.find((s) => s.key === sectionKey);
  if (!requirements) throw conflict('NO_CALL', 'This proposal answers no call, so it has no narrative sections');
  if (!section) throw new AppError(400, 'VALIDATION_FAILED', 'Request is invalid', [{ path: 'sectionKey', message: `"${sectionKey}" is not a section of the call (${requirements.sections.map((s) => s.key).join(', ') || 'none'})` }]);
  const words = countWords(input.bodyMarkdown);
  if (words > section.maxWords) {
    throw new AppError(400, 'VALIDATION_FAILED', 'Request is invalid', [{ path: 'bodyMarkdown', message: `“${section.title}” has ${words} words; the call allows at most ${section.maxWords}` }]);
  }
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    // Re-checked under the proposal's row lock: a submission made meanwhile froze the texts.
    const state = await lockedProposalState(tx, proposalId);
    if (!state || !EDITABLE_STATES.includes(state)) throw conflict('INVALID_STATE', 'The proposal was submitted meanwhile: its narratives can no longer be changed', { state });
    const latest = await findLatestNarrativeForUpdate(tx.trx, tx.dialect, proposalId, sectionKey);
    const current = latest?.revision ?? 0;
    if (current !== input.expectedRevision) {
      throw conflict('VERSION_CONFLICT', `“${section.title}” was changed since you loaded it (now revision ${current})`, { currentRevision: current, currentVersion: current });
    }
    const revision = current + 1;
    await insertNarrative(tx.trx, {
      id: newId(),
      proposal_id: proposalId,
      section_key: sectionKey,
      body_markdown: input.bodyMarkdown,
      bci: input.bci ? 1 : 0,
      bci_justification: input.bci ? (input.bciJustification?.trim() || null) : null,
      revision,
      proposal_revision: p.revision,
      updated_by: ctx.actor.userId,
      updated_at: now,
    });
    // The text itself stays out of the audit trail: it may be business-confidential.
    await tx.audit({ actorId: ctx.actor.userId, action: 'proposal.narrative_saved', entityType: 'proposal', entityId: proposalId, data: { sectionKey, revision, proposalRevision: p.revision, words, bci: input.bci } });
  });
  return listNarratives(ctx, proposalId);
}
