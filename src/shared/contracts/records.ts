// Records management: retention classes, disposal runs (report, then an administrator's approval)
// and legal holds. One definition for the API, the web app and the CLI.
import { z } from 'zod';
import { Id, NonBlankString, Timestamp } from './common.ts';

/** The record classes aiep keeps and disposes of (docs/operations.md#records-retention-and-foia). */
export const RECORD_CLASSES = ['proposal_not_designated', 'proposal_withdrawn', 'documents_superseded', 'mail_outbox_sent', 'sessions', 'access_log'] as const;
export type RecordClass = (typeof RECORD_CLASSES)[number];

/** The classes a disposal run handles (the access log is pruned by the scheduled work). */
export const DISPOSABLE_CLASSES = ['proposal_not_designated', 'proposal_withdrawn', 'documents_superseded', 'mail_outbox_sent', 'sessions'] as const;
export type DisposableClass = (typeof DISPOSABLE_CLASSES)[number];

export const RECORD_CLASS_LABELS: Record<RecordClass, string> = {
  proposal_not_designated: 'Proposals not designated',
  proposal_withdrawn: 'Proposals withdrawn',
  documents_superseded: 'Superseded document versions',
  mail_outbox_sent: 'E-mails sent',
  sessions: 'Expired sessions',
  access_log: 'Access log',
};

// ── Requests ──────────────────────────────────────────────────────────────────────────────

export const DisposalRunCreateBody = z.strictObject({ recordClass: z.enum(DISPOSABLE_CLASSES) });

export const DisposalDecisionBody = z.strictObject({ version: z.number().int().positive().describe('the version of the run you read (409 otherwise)') });

export const LegalHoldCreateBody = z.strictObject({
  entityType: z.literal('proposal'),
  entityId: Id,
  reason: NonBlankString(2000).describe('the matter the hold is for (litigation, investigation, FOIA request)'),
});

export const LegalHoldReleaseBody = z.strictObject({ reason: NonBlankString(2000) });

// ── Responses ─────────────────────────────────────────────────────────────────────────────

export const RetentionClassSchema = z.object({
  recordClass: z.enum(RECORD_CLASSES),
  label: z.string(),
  retentionDays: z.number().int(),
  setting: z.string().describe('the environment setting holding the period'),
  from: z.string().describe('what the period counts from'),
  handledBy: z.enum(['disposal_run', 'scheduled_pruning']),
});

export const RetentionClassList = z.object({ items: z.array(RetentionClassSchema) });

const DisposalItem = z.object({ id: z.string(), label: z.string() });

export const DisposalRunSchema = z.object({
  id: z.string(),
  recordClass: z.enum(DISPOSABLE_CLASSES),
  status: z.enum(['reported', 'disposed', 'discarded']),
  retentionDays: z.number().int(),
  cutoff: Timestamp.describe('records older than this are past their retention period'),
  itemCount: z.number().int(),
  items: z.array(DisposalItem).describe('what the run would dispose of (approved: what it was to dispose of)'),
  kept: z.array(DisposalItem.extend({ reason: z.string() })).describe('records past the period that are kept, and why (legal hold, designated package, …)'),
  result: z
    .object({ disposed: z.number().int(), skipped: z.array(DisposalItem.extend({ reason: z.string() })) })
    .nullable()
    .describe('after approval: how many were disposed of, and which were not because they no longer qualified'),
  reportedBy: z.string().nullable(),
  reportedAt: Timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  version: z.number().int(),
});
export type DisposalRunView = z.infer<typeof DisposalRunSchema>;

export const DisposalRunList = z.object({ items: z.array(DisposalRunSchema) });

export const LegalHoldSchema = z.object({
  id: z.string(),
  entityType: z.literal('proposal'),
  entityId: z.string(),
  reason: z.string(),
  placedBy: z.string(),
  placedAt: Timestamp,
  releasedBy: z.string().nullable(),
  releasedAt: Timestamp.nullable(),
  releaseReason: z.string().nullable(),
});
export type LegalHoldView = z.infer<typeof LegalHoldSchema>;

export const LegalHoldList = z.object({ items: z.array(LegalHoldSchema) });
