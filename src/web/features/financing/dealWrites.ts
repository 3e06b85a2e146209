// Writes on a deal answer with the deal as it now is (DealRecord): the answer is stored, and what
// derives from the deal — the deal lists, the packages' deal lists, the portfolio's sums — is marked
// stale. A write refused because the deal changed meanwhile (409) reloads the deal, so the user
// sees what changed before trying again.
import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../lib/api.ts';
import { invalidate, storeAnswer } from '../../lib/query.ts';
import type { DealRecord } from '../../../shared/contracts/financing.ts';

export const dealUrl = (id: string) => `/api/v1/deals/${id}`;

/** What a change of one deal makes stale besides the deal itself. */
export const DERIVED_FROM_DEALS = ['/api/v1/deals', '/api/v1/portfolio', '/api/v1/financing-requests', '/api/v1/monitoring'];

export function storeDeal(client: QueryClient, deal: DealRecord) {
  return storeAnswer(client, dealUrl(deal.id), deal, DERIVED_FROM_DEALS);
}

/** Runs `write`; on a version conflict the deal is fetched again and the error still reaches the user. */
export async function reloadingOnConflict<T>(client: QueryClient, dealId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) await invalidate(client, [dealUrl(dealId)]);
    throw err;
  }
}
