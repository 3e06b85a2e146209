// The access log: reads of business-confidential information (proposals, their manifests, compliance
// exports and history, consortia's and organizations' ownership, deals and financing requests) and
// the denied attempts, for auditors and administrators.
import { z } from 'zod';
import { Id, IsoDay, Timestamp } from './common.ts';

/** An instant (ISO 8601 with an offset) or a calendar day; `to` as a day includes the whole day. */
const InstantOrDay = z
  .string()
  .max(40)
  .refine((v) => IsoDay.safeParse(v).success || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), { message: 'expected a date YYYY-MM-DD or an ISO 8601 instant' });

export const AccessLogQuery = z.object({
  entityId: Id.optional().describe('the proposal, consortium, organization, deal or financing request read'),
  userId: Id.optional(),
  entityType: z.enum(['proposal', 'consortium', 'organization', 'deal', 'financing_request', 'portfolio', 'access_log', 'document_version']).optional().describe('the kind of thing read'),
  route: z.string().max(200).optional().describe('the route pattern exactly, e.g. /api/v1/proposals/:id/manifest'),
  from: InstantOrDay.optional().describe('at or after (a day: from its start)'),
  to: InstantOrDay.optional().describe('at or before (a day: to its end)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type AccessLogQuery = z.infer<typeof AccessLogQuery>;

export const AccessLogEntrySchema = z.object({
  id: z.number().int(),
  at: Timestamp,
  userId: z.string().nullable(),
  userEmail: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  auth: z.string().describe('session | api_key | none'),
  method: z.string(),
  route: z.string().describe('the route pattern, e.g. /api/v1/proposals/:id/manifest'),
  entityType: z.string(),
  entityId: z.string().nullable(),
  status: z.number().int().describe('the answer: 200, or 401/403/404 for a denied attempt'),
  ip: z.string().nullable(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

/** Newest first; `nextCursor` fetches the next (older) page. */
export const AccessLogPage = z.object({ items: z.array(AccessLogEntrySchema), nextCursor: z.string().nullable() });
export type AccessLogPage = z.infer<typeof AccessLogPage>;
