// The audit chain's verification as the API answers it (the same check as `aiep audit verify`), for
// auditors and administrators. Structured, so the web app says it in words; file paths and key
// locations of the server stay on the server (the command line prints them).
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const AuditVerification = z.object({
  ok: z.boolean(),
  verifiedAt: Timestamp,
  checked: z.number().int().describe('events verified, in chain order'),
  unkeyed: z.number().int().describe('of them, events from before the chain was keyed'),
  checkpoints: z.number().int().describe('signed checkpoints kept outside the database'),
  firstBroken: z
    .object({
      seq: z.number().int(),
      id: z.string(),
      position: z.number().int(),
      problem: z.enum(['altered', 'missing_predecessor', 'unknown_key', 'downgraded']),
    })
    .nullable()
    .describe('the first event whose link, content or key does not hold'),
  checkpoint: z
    .object({
      line: z.number().int(),
      at: z.string().nullable(),
      count: z.number().int().nullable(),
      problem: z.enum(['truncated', 'rehashed', 'invalid_signature', 'unknown_key', 'malformed']),
    })
    .nullable()
    .describe('the first checkpoint the chain no longer matches, or that is not validly signed'),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
