// Screening list sources: where each list family is downloaded from, on what schedule, and how
// the last refresh went (docs/operations.md#screening-list-sources).
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const LIST_SOURCE_STATUSES = ['unchanged', 'imported', 'failed'] as const;

/** An http(s) address; anything else (file:, ftp:, data:) is refused. */
const SourceUrl = z
  .string()
  .trim()
  .max(2000)
  .url('must be an absolute URL')
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http or https URL' });

export const ListSourceUpdateBody = z.strictObject({
  url: SourceUrl.optional(),
  format: z.string().min(1).max(32).optional().describe('the import format of the file (csl, csl-json, ofac-sdn, ofac-cons, un, dpl, …)'),
  intervalMinutes: z.number().int().min(5).max(43_200).optional().describe('how often the source is checked, 5 minutes to 30 days'),
  maxAgeHours: z.number().int().min(1).max(8_760).optional().describe('the list is stale once the data is older than this'),
  enabled: z.boolean().optional(),
  autoActivate: z.boolean().optional().describe('activate a new download at once (re-screening every party); otherwise it waits, ready, for an administrator'),
});
export type ListSourceUpdate = z.infer<typeof ListSourceUpdateBody>;

export const ListSourceSchema = z.object({
  list: z.string(),
  title: z.string(),
  url: z.string(),
  format: z.string(),
  intervalMinutes: z.number().int(),
  maxAgeHours: z.number().int(),
  enabled: z.boolean().describe('enabled by an administrator or by SCREENING_SOURCES_ENABLED'),
  enabledByEnvironment: z.boolean().describe('SCREENING_SOURCES_ENABLED names this list: it stays enabled whatever the admin setting'),
  autoActivate: z.boolean(),
  validators: z.object({ etag: z.string().nullable(), lastModified: z.string().nullable() }),
  lastCheckedAt: Timestamp.nullable(),
  lastStatus: z.enum(LIST_SOURCE_STATUSES).nullable(),
  lastError: z.string().nullable(),
  lastGoodVersionId: z.string().nullable(),
  lastSuccessAt: Timestamp.nullable(),
  nextCheckAt: Timestamp.nullable().describe('when the worker checks next (enabled sources only)'),
  activeVersion: z
    .object({
      id: z.string(),
      fileName: z.string(),
      entryCount: z.number().int(),
      activatedAt: Timestamp.nullable(),
      shippedSnapshot: z.boolean().describe('the CSL snapshot of May 2022 shipped with aiep: to be replaced by a current list'),
    })
    .nullable(),
  dataAsOf: Timestamp.nullable().describe('the newest confirmation that the active data is current: the last successful check, or the import of the active version (May 2022 for the shipped snapshot)'),
  ageHours: z.number().nullable(),
  stale: z.boolean().describe('no active version, or its data is older than maxAgeHours'),
});
export type ListSource = z.infer<typeof ListSourceSchema>;

export const ListSourcesResponse = z.object({
  items: z.array(ListSourceSchema),
  stale: z.boolean().describe('some list with an enabled source, or with an active version, is stale'),
  shippedSnapshotActive: z.boolean().describe('the active CSL version is the shipped May 2022 snapshot'),
  notice: z.string().nullable(),
});

export const ListSourceRefreshResponse = z.object({ jobId: z.string(), source: ListSourceSchema });
