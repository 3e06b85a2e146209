import { z } from 'zod';
import { NonBlankString } from './common.ts';

export const CONSULTED_AGENCIES = ['STATE', 'WAR', 'ENERGY', 'OSTP'] as const;
export type ConsultedAgency = (typeof CONSULTED_AGENCIES)[number];

export const CONSULTATION_POSITIONS = ['concur', 'concur_with_conditions', 'non_concur', 'no_comment'] as const;

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export const RubricCriterionInput = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lowercase letters, digits and _'),
  title: NonBlankString(200),
  description: NonBlankString(2000),
  weight: z.number().gt(0).max(1),
});

export const ScoresInput = z.strictObject({
  scores: z.record(z.string(), z.strictObject({ score: z.number().int().min(SCORE_MIN).max(SCORE_MAX), comment: z.string().max(4000).default('') })),
  comment: z.string().max(8000).default(''),
  submit: z.boolean().default(false),
});

export const ConsultationAnswer = z
  .strictObject({
    position: z.enum(CONSULTATION_POSITIONS),
    rationale: NonBlankString(8000),
    conditions: z.array(NonBlankString(2000)).max(50).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.position === 'concur_with_conditions' && a.conditions.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'concurring with conditions needs at least one condition' });
    }
  });

export const SECTORS = ['government_services', 'healthcare', 'education', 'agriculture', 'finance', 'energy', 'transportation', 'manufacturing', 'telecommunications', 'defense_security', 'research', 'software_engineering', 'other'] as const;

export const DecisionInput = z
  .strictObject({
    decision: z.enum(['designated', 'not_designated']),
    nationalInterestDetermination: z.string().trim().max(8000).optional(),
    conditions: z.array(NonBlankString(2000)).max(50).default([]),
    termMonths: z.number().int().min(1).max(120).optional(),
    feedback: z.string().max(8000).default(''),
    publicDescription: z.string().trim().max(2000).optional().describe('the text the public catalog shows'),
    sectors: z.array(z.enum(SECTORS)).max(13).default([]),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'designated') {
      if (!d.nationalInterestDetermination) ctx.addIssue({ code: 'custom', path: ['nationalInterestDetermination'], message: 'a designation records the national-interest determination' });
      if (!d.publicDescription) ctx.addIssue({ code: 'custom', path: ['publicDescription'], message: 'a designation needs the description the public catalog will show' });
      if (d.sectors.length === 0) ctx.addIssue({ code: 'custom', path: ['sectors'], message: 'name at least one sector for the catalog' });
    } else if (!d.feedback.trim()) {
      ctx.addIssue({ code: 'custom', path: ['feedback'], message: 'a decision not to designate gives the applicant feedback' });
    }
  });
export type DecisionInput = z.infer<typeof DecisionInput>;
