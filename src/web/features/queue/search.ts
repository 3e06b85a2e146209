// The program office's queue in the home page's URL (/?q=…&state=…&sort=…&page=2): shareable, and
// Back undoes a change. A value the URL gets wrong is dropped, never an error page. The same
// parameters go to the API (GET /api/v1/proposals/queue) and its CSV export.
import { z } from 'zod';
import { QUEUE_SORTS } from '../../../shared/contracts/proposal-queue.ts';
import { FINANCING_AGENCIES } from '../../../shared/domain/package.ts';
import { PROPOSAL_STATES } from '../../../shared/domain/proposal-lifecycle.ts';

/** Rows per page of the queue. */
export const QUEUE_PAGE_SIZE = 50;

const optional = <T extends z.ZodType>(t: T) => t.optional().catch(undefined);

export const HomeSearch = z.object({
  q: optional(z.string().trim().min(1).max(200)),
  state: optional(z.enum(PROPOSAL_STATES)),
  market: optional(z.string().regex(/^[A-Z0-9_-]{2,16}$/)),
  region: optional(z.string().regex(/^[a-z_]{2,40}$/)),
  agency: optional(z.enum(FINANCING_AGENCIES as unknown as [string, ...string[]])),
  assigned: optional(z.enum(['yes', 'no'])),
  sort: optional(z.enum(QUEUE_SORTS)),
  dir: optional(z.enum(['asc', 'desc'])),
  page: optional(z.coerce.number().int().min(2).max(100_000)),
});
export type HomeSearchParams = z.infer<typeof HomeSearch>;

const FILTER_KEYS = ['q', 'state', 'market', 'region', 'agency', 'assigned', 'sort', 'dir'] as const;

/** The API's query string for these search parameters: the filters, then the page (the CSV takes no page). */
export function queueQuery(s: HomeSearchParams, forCsv = false): string {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = s[k];
    if (v !== undefined) params.set(k, String(v));
  }
  if (!forCsv) {
    params.set('limit', String(QUEUE_PAGE_SIZE));
    if (s.page) params.set('offset', String((s.page - 1) * QUEUE_PAGE_SIZE));
  }
  return params.toString();
}
