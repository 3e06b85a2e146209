// Calls for proposals (with their requirements and rubric) and the narrative sections of a proposal.
import { z } from 'zod';
import { Id, itemsOf, NonBlankString, Timestamp } from './common.ts';

// ── Requirements of a call ──────────────────────────────────────────────────────────────────

export type CallRequirements = {
  callId: string;
  sections: { key: string; title: string; maxWords: number; required: boolean }[];
  attachmentTypes: { key: string; title: string; required: boolean; maxBytes: number; mimeTypes: string[]; publicVersionRequiredIfBci: boolean }[];
  bciJustificationRequired: boolean;
};

export type NarrativeView = {
  sectionKey: string;
  title: string;
  bodyMarkdown: string;
  bci: boolean;
  bciJustification: string | null;
  revision: number;
  updatedAt: string;
};

export const CALL_STATUSES = ['draft', 'open', 'closed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** A section or attachment-type key: lower-case letters, digits and _. */
export const RequirementKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lowercase letters, digits and _ (2–40 characters)');

/** Largest attachment a call may allow (1 GiB). */
export const MAX_ATTACHMENT_BYTES = 1024 * 1024 * 1024;

export const NarrativeSectionRequirement = z.strictObject({
  key: RequirementKey,
  title: NonBlankString(200),
  maxWords: z.number().int().min(1).max(50_000),
  required: z.boolean().default(true),
});

export const AttachmentTypeRequirement = z.strictObject({
  key: RequirementKey,
  title: NonBlankString(200),
  required: z.boolean().default(false),
  maxBytes: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
  mimeTypes: z.array(z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+*-]+$/i, 'a media type such as application/pdf')).max(20).default([]),
  publicVersionRequiredIfBci: z.boolean().default(false),
});

function uniqueKeys(items: { key: string }[], ctx: z.RefinementCtx, path: string): void {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    if (seen.has(it.key)) ctx.addIssue({ code: 'custom', path: [path, i, 'key'], message: `"${it.key}" appears twice` });
    seen.add(it.key);
  });
}

export const CallRequirementsInput = z
  .strictObject({
    sections: z.array(NarrativeSectionRequirement).max(30).default([]),
    attachmentTypes: z.array(AttachmentTypeRequirement).max(30).default([]),
    bciJustificationRequired: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    uniqueKeys(r.sections, ctx, 'sections');
    uniqueKeys(r.attachmentTypes, ctx, 'attachmentTypes');
  });
export type CallRequirementsInput = z.infer<typeof CallRequirementsInput>;

export const CallRubricCriterion = z.strictObject({
  key: RequirementKey,
  title: NonBlankString(200),
  description: NonBlankString(2000),
  weight: z.number().gt(0).max(1),
});

function sumsToOne(criteria: { key: string; weight: number }[], ctx: z.RefinementCtx): void {
  uniqueKeys(criteria, ctx, 'rubric');
  const sum = criteria.reduce((s, c) => s + c.weight, 0);
  if (Math.abs(sum - 1) > 0.001) ctx.addIssue({ code: 'custom', path: ['rubric'], message: `the weights add up to ${Math.round(sum * 1000) / 1000}, not 1` });
}

const Instant = z.string().datetime({ offset: true });

const CallFields = {
  title: NonBlankString(200),
  summary: z.string().trim().max(8000).default(''),
  opensAt: Instant,
  closesAt: Instant.nullable().describe('null: a rolling call, never closing'),
  reviewCutoffs: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')).max(24).default([]).describe('review cut-off days of a rolling call'),
  eligibleRegions: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  eligibleSectors: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  requirements: CallRequirementsInput.default({ sections: [], attachmentTypes: [], bciJustificationRequired: true }),
  reviewDueDays: z.number().int().min(1).max(365).default(30),
};

export const CreateCallBody = z
  .strictObject({ ...CallFields, rubric: z.array(CallRubricCriterion).min(1).max(20).optional().describe('omitted: a copy of the default rubric') })
  .superRefine((c, ctx) => {
    if (c.rubric) sumsToOne(c.rubric, ctx);
    if (c.closesAt && Date.parse(c.closesAt) <= Date.parse(c.opensAt)) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'must be after opensAt' });
  });
export type CreateCallBody = z.infer<typeof CreateCallBody>;

export const UpdateCallBody = z
  .strictObject({
    version: z.number().int().min(1),
    title: CallFields.title.optional(),
    summary: z.string().trim().max(8000).optional(),
    opensAt: Instant.optional(),
    closesAt: Instant.nullable().optional(),
    reviewCutoffs: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(24).optional(),
    eligibleRegions: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    eligibleSectors: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    requirements: CallRequirementsInput.optional(),
    reviewDueDays: z.number().int().min(1).max(365).optional(),
    rubric: z.array(CallRubricCriterion).min(1).max(20).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.rubric) sumsToOne(c.rubric, ctx);
  });
export type UpdateCallBody = z.infer<typeof UpdateCallBody>;

export const CallStepBody = z.strictObject({ version: z.number().int().min(1) });

export const CallListQuery = z.object({ status: z.enum(CALL_STATUSES).optional() });

export const CallRequirementsSchema = z.object({
  callId: z.string(),
  sections: z.array(z.object({ key: z.string(), title: z.string(), maxWords: z.number(), required: z.boolean() })),
  attachmentTypes: z.array(
    z.object({ key: z.string(), title: z.string(), required: z.boolean(), maxBytes: z.number(), mimeTypes: z.array(z.string()), publicVersionRequiredIfBci: z.boolean() }),
  ),
  bciJustificationRequired: z.boolean(),
});

export const RubricVersionSchema = z.object({
  id: z.string(),
  callId: z.string().nullable(),
  version: z.number(),
  criteria: z.array(z.object({ key: z.string(), title: z.string(), description: z.string(), weight: z.number() })),
  createdAt: Timestamp,
});
export type RubricVersionView = z.infer<typeof RubricVersionSchema>;

export const CallSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  status: z.enum(CALL_STATUSES),
  /** Whether proposals may be started and submitted under it now. */
  acceptingProposals: z.boolean(),
  rolling: z.boolean(),
  opensAt: Timestamp,
  closesAt: Timestamp.nullable(),
  reviewCutoffs: z.array(z.string()),
  eligibleRegions: z.array(z.string()),
  eligibleSectors: z.array(z.string()),
  requirements: CallRequirementsSchema,
  reviewDueDays: z.number(),
  rubric: RubricVersionSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number(),
});
export type CallView = z.infer<typeof CallSchema>;
export const CallListSchema = itemsOf(CallSchema);

/** What the public catalog shows of an open call: nothing else. */
export const PublicCallSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  opensAt: Timestamp,
  closesAt: Timestamp.nullable(),
  rolling: z.boolean(),
  eligibleRegions: z.array(z.string()),
  eligibleSectors: z.array(z.string()),
});
export type PublicCallView = z.infer<typeof PublicCallSchema>;
export const PublicCallListSchema = itemsOf(PublicCallSchema);

// ── Narratives ──────────────────────────────────────────────────────────────────────────────

export const NarrativeParams = z.object({ id: Id, sectionKey: RequirementKey });

export const NarrativeBody = z
  .strictObject({
    bodyMarkdown: z.string().max(400_000),
    bci: z.boolean().default(false),
    bciJustification: z.string().trim().max(4000).nullable().default(null),
    expectedRevision: z.number().int().min(0).describe('the revision the editor started from; 0 for a new section'),
  })
  .superRefine((n, ctx) => {
    if (!n.bci && n.bciJustification) ctx.addIssue({ code: 'custom', path: ['bciJustification'], message: 'only a section marked BCI carries a justification' });
  });
export type NarrativeBody = z.infer<typeof NarrativeBody>;

export const NarrativeSchema = z.object({
  sectionKey: z.string(),
  title: z.string(),
  bodyMarkdown: z.string(),
  bci: z.boolean(),
  bciJustification: z.string().nullable(),
  revision: z.number(),
  updatedAt: Timestamp,
});

export const NarrativeListSchema = z.object({
  /** The call's sections (empty for a proposal without a call). */
  requirements: CallRequirementsSchema.nullable(),
  /** Whether the viewer may edit the narratives now. */
  editable: z.boolean(),
  /** 'working': the consortium's current text; 'submitted': the text of the last submission. */
  source: z.enum(['working', 'submitted']),
  items: z.array(NarrativeSchema),
});
export type NarrativeList = z.infer<typeof NarrativeListSchema>;

/** Words of a Markdown text as the word limits count them: runs of letters or digits. */
export function countWords(markdown: string): number {
  const text = markdown.replace(/<[^>]*>/g, ' ').replace(/\]\([^)]*\)/g, ']');
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu);
  return m ? m.length : 0;
}
