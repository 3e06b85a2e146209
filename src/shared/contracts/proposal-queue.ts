// The program office's queue of submitted proposals: free-text search, filters, sort and paging done
// by the server (GET /api/v1/proposals/queue), and the same rows as CSV (…/queue.csv).
import { z } from 'zod';
import { FINANCING_AGENCIES } from '../domain/package.ts';
import { PROPOSAL_STATES } from '../domain/proposal-lifecycle.ts';
import { Timestamp } from './common.ts';
import { CELL_STATUSES } from './compliance.ts';
import { ProposalSummarySchema } from './proposals.ts';

export const QUEUE_SORTS = ['submitted', 'age', 'title', 'state', 'score'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

const agencies = FINANCING_AGENCIES as unknown as readonly [string, ...string[]];

/** The filters, sort and search of the queue; the CSV takes the same ones without the page. */
export const ProposalQueueFilter = z.object({
  q: z.string().trim().max(200).optional().describe('words of the title, the consortium, the reference or a target country’s name'),
  state: z.enum(PROPOSAL_STATES).optional(),
  market: z
    .string()
    .max(16)
    .regex(/^[A-Z0-9_-]+$/, 'must be a country code such as "AE" or a regional bloc such as "GCC"')
    .optional()
    .describe('a target country (ISO code) or regional bloc; a bloc matches proposals targeting any of its countries'),
  region: z.string().max(40).optional().describe('a statistical region of a target country'),
  agency: z.enum(agencies).optional().describe('the agency federal support is requested from'),
  assigned: z.enum(['yes', 'no']).optional().describe('whether reviewers are assigned'),
  sort: z.enum(QUEUE_SORTS).default('submitted'),
  dir: z.enum(['asc', 'desc']).optional().describe('default: newest, longest waiting, highest score first; titles and states A–Z'),
});

export const ProposalQueueQuery = ProposalQueueFilter.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ProposalQueueParams = z.infer<typeof ProposalQueueQuery>;

export const ProposalQueueItemSchema = ProposalSummarySchema.extend({
  reference: z.string().describe('the proposal’s reference, as quoted in letters and exports'),
  countries: z.array(z.string()).describe('target countries (blocs expanded), ISO codes'),
  agencies: z.array(z.string()).describe('agencies federal support is requested from'),
  stateSince: Timestamp.nullable().describe('when the proposal entered its current state'),
  completeness: z.object({ complete: z.boolean(), missing: z.number().int() }),
  usContentShare: z.number().nullable(),
  usContentPresumptionMet: z.boolean(),
  compliance: z.enum(CELL_STATUSES).nullable(),
  reviews: z.object({ minimum: z.number().int(), active: z.number().int(), submitted: z.number().int(), conflicted: z.number().int(), overdue: z.number().int() }),
  consultations: z.object({ requested: z.number().int(), answered: z.number().int(), overdue: z.number().int() }),
  score: z.number().nullable().describe('mean weighted rubric score of the submitted reviews; null before any'),
});
export type ProposalQueueItem = z.infer<typeof ProposalQueueItemSchema>;

export const ProposalQueuePage = z.object({
  items: z.array(ProposalQueueItemSchema),
  total: z.number().int().describe('rows matching the filters'),
  offset: z.number().int(),
  limit: z.number().int(),
});
export type ProposalQueuePageView = z.infer<typeof ProposalQueuePage>;
