// The eligibility checklist: the program officer answers each criterion (eligibility.criteria.ts)
// while the proposal is in eligibility screening; every answer is audited; government readers of
// the proposal see it read-only; the consortium does not (the officer's notes are internal).
// Starting review checks it (applyTransition in proposals.service.ts).
import { can, consortiumRelations } from '../../../shared/access.ts';
import type { EligibilityChecklist } from '../../../shared/contracts/eligibility.ts';
import type { ProposalDetail } from '../../../shared/contracts/views.ts';
import { AppError, conflict, forbidden } from '../../../shared/errors.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { ELIGIBILITY_CRITERIA, eligibilityBlockers, type EligibilityCriterion } from './eligibility.criteria.ts';
import { findEligibilityAnswers, upsertEligibilityAnswers } from './eligibility.repository.ts';
import { findProposalForUpdate } from './proposals.repository.ts';
import { getProposal } from './proposals.service.ts';

type AnswerInput = { criterionId: string; answer: 'met' | 'not_met' | 'not_applicable'; note: string };

/** The proposal, when the viewer may read its checklist: a government reader of it, not its consortium. */
async function proposalForChecklist(ctx: ServiceContext, id: string): Promise<ProposalDetail> {
  const p = await getProposal(ctx, id);
  if (consortiumRelations(ctx.actor, p.consortium).member) throw forbidden('The eligibility checklist is the program office’s internal record');
  return p;
}

/** What the system finds in the package for one criterion. */
function systemAssessment(c: EligibilityCriterion, p: ProposalDetail): EligibilityChecklist['criteria'][number]['system'] {
  if (c.preassess === 'usContent') {
    const u = p.usContent;
    if (u.share === null) return { assessment: 'not_met', findings: ['The infrastructure layer has no value to measure US content on.'] };
    const share = `${(u.share * 100).toFixed(1)} %`;
    return u.presumptionMet
      ? { assessment: 'met', findings: [`US content of the infrastructure layer is ${share}.`] }
      : { assessment: 'not_met', findings: [`US content of the infrastructure layer is ${share}, below ${Math.round(u.threshold * 100)} %.`] };
  }
  const codes = c.preassess.codes;
  const found = p.completeness.problems.filter((x) => codes.includes(x.code)).map((x) => x.message);
  return found.length ? { assessment: 'not_met', findings: found } : { assessment: 'met', findings: [] };
}

export async function getEligibility(ctx: ServiceContext, id: string): Promise<EligibilityChecklist> {
  const p = await proposalForChecklist(ctx, id);
  return checklistOf(ctx, p);
}

async function checklistOf(ctx: ServiceContext, p: ProposalDetail): Promise<EligibilityChecklist> {
  const answers = await findEligibilityAnswers(ctx.db.db, p.id, p.revision);
  const byId = new Map(answers.map((a) => [a.criterion_id, a]));
  const blockers = eligibilityBlockers(answers);
  return {
    proposalId: p.id,
    revision: p.revision,
    state: p.state,
    editable: p.state === 'eligibility_screening' && can(ctx.actor, 'proposal.start_review'),
    complete: blockers.length === 0,
    blockers,
    criteria: ELIGIBILITY_CRITERIA.map((c) => {
      const a = byId.get(c.id);
      return {
        id: c.id,
        label: c.label,
        rule: c.rule,
        citation: c.citation,
        effective: c.effective,
        blocking: c.blocking,
        guidance: c.guidance,
        system: systemAssessment(c, p),
        answer: a ? { answer: a.answer as AnswerInput['answer'], note: a.note, by: a.answeredByName ?? null, at: a.answered_at } : null,
      };
    }),
  };
}

/**
 * Records answers to some criteria (the others keep theirs), all or none: each changed answer is
 * one audit event in the same transaction. Only a program officer, only in eligibility screening.
 */
export async function saveEligibility(ctx: ServiceContext, id: string, input: AnswerInput[]): Promise<EligibilityChecklist> {
  const p = await proposalForChecklist(ctx, id);
  // The permission of the step the checklist decides: starting the review.
  if (!can(ctx.actor, 'proposal.start_review')) throw forbidden('Only a program officer records the eligibility checklist');
  const problems = input.flatMap((a, i) =>
    ELIGIBILITY_CRITERIA.some((c) => c.id === a.criterionId) ? [] : [{ path: `answers.${i}.criterionId`, message: `“${a.criterionId}” is not an eligibility criterion` }],
  );
  if (problems.length) throw new AppError(400, 'VALIDATION_FAILED', 'Request is invalid', problems);
  await inTransaction(ctx, async (tx) => {
    // Under the proposal's row lock: a checklist never changes after the proposal left screening.
    const locked = await findProposalForUpdate(tx.trx, tx.dialect, id);
    if (!locked || locked.state !== 'eligibility_screening') {
      const now = locked ? locked.state.replaceAll('_', ' ') : 'removed';
      throw conflict('NOT_IN_ELIGIBILITY_SCREENING', `The eligibility checklist is answered while the proposal is in eligibility screening; it is now ${now}.`);
    }
    const before = new Map((await findEligibilityAnswers(tx.trx, id, p.revision)).map((a) => [a.criterion_id, a]));
    const at = ctx.clock.nowIso();
    const changed = input.filter((a) => before.get(a.criterionId)?.answer !== a.answer || before.get(a.criterionId)?.note !== a.note);
    await upsertEligibilityAnswers(
      tx.trx,
      changed.map((a) => ({ proposal_id: id, revision: p.revision, criterion_id: a.criterionId, answer: a.answer, note: a.note, answered_by: ctx.actor.userId, answered_at: at })),
    );
    for (const a of changed) {
      const c = ELIGIBILITY_CRITERIA.find((x) => x.id === a.criterionId)!;
      await tx.audit({
        actorId: ctx.actor.userId,
        action: 'eligibility.answered',
        entityType: 'proposal',
        entityId: id,
        data: { revision: p.revision, criterionId: c.id, criterion: c.label, answer: a.answer, note: a.note || null, previous: before.get(c.id)?.answer ?? null },
      });
    }
  });
  return checklistOf(ctx, await getProposal(ctx, id));
}
