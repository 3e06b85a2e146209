// The program office's eligibility checklist on a proposal in eligibility screening: one answer per
// criterion (met, not met, not applicable) with a note, beside the system's own pre-assessment from
// the package. The criteria are data of the server (src/server/modules/proposals/eligibility.criteria.ts).
import { z } from 'zod';
import { PROPOSAL_STATES } from '../domain/proposal-lifecycle.ts';
import { Timestamp } from './common.ts';

export const ELIGIBILITY_ANSWERS = ['met', 'not_met', 'not_applicable'] as const;
export type EligibilityAnswer = (typeof ELIGIBILITY_ANSWERS)[number];

const AnswerInput = z.strictObject({
  criterionId: z.string().min(1).max(64),
  answer: z.enum(ELIGIBILITY_ANSWERS),
  note: z.string().trim().max(4000).default('').describe('required when the criterion is not met or not applicable'),
});

export const EligibilityUpdateBody = z
  .strictObject({ answers: z.array(AnswerInput).min(1).max(50).describe('the criteria to answer; the others keep their answers') })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.answers.forEach((a, i) => {
      if (seen.has(a.criterionId)) ctx.addIssue({ code: 'custom', path: ['answers', i, 'criterionId'], message: 'is answered twice in this request' });
      seen.add(a.criterionId);
      if (a.answer !== 'met' && a.note === '') ctx.addIssue({ code: 'custom', path: ['answers', i, 'note'], message: 'must say why, when a criterion is not met or not applicable' });
    });
  });

export const EligibilityCriterionSchema = z.object({
  id: z.string(),
  label: z.string(),
  rule: z.string().describe('the rule, in words'),
  citation: z.string(),
  effective: z.string().describe('when the rule took effect, as precisely as its source says'),
  blocking: z.boolean().describe('whether "not met" keeps the proposal from review (false for a presumption)'),
  guidance: z.string().nullable(),
  system: z.object({
    assessment: z.enum(['met', 'not_met', 'not_assessed']),
    findings: z.array(z.string()).describe('what the system found in the package, in words'),
  }),
  answer: z
    .object({ answer: z.enum(ELIGIBILITY_ANSWERS), note: z.string(), by: z.string().nullable().describe('name of the program officer'), at: Timestamp })
    .nullable(),
});

export const EligibilityChecklistSchema = z.object({
  proposalId: z.string(),
  revision: z.number().int().describe('the submitted revision screened'),
  state: z.enum(PROPOSAL_STATES),
  editable: z.boolean().describe('whether you may answer now (a program officer, while the proposal is in eligibility screening)'),
  complete: z.boolean().describe('every criterion answered and none that blocks is not met: review may start'),
  blockers: z.array(z.object({ criterionId: z.string(), label: z.string(), reason: z.enum(['unanswered', 'not_met']) })),
  criteria: z.array(EligibilityCriterionSchema),
});
export type EligibilityChecklist = z.infer<typeof EligibilityChecklistSchema>;
