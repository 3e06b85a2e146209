// Screening API types and calls for the web: the types of the screening routes' response schemas
// (src/shared/contracts/screening.ts; web never imports server).
import { ApiError, get } from '../../lib/api.ts';
import type { Explanation, PartySearchResult } from '../../../shared/contracts/screening.ts';

export type { AlertAction, AlertContest, BatchJob, Explanation, ListVersion, Match, ScreeningAlert, ScreeningList, VersionDiff } from '../../../shared/contracts/screening.ts';
export type TokenAlignment = Explanation['tokens'][number];
export type SearchResult = PartySearchResult;

/** POST a raw body (a CSV or list file), with the session's CSRF token. */
export async function postRaw<T>(url: string, body: Blob | string, contentType: string, headers: Record<string, string> = {}): Promise<T> {
  const { csrfToken } = await get<{ csrfToken: string | null }>('/api/v1/auth/session');
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': contentType, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}), ...headers },
    body,
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data?.code ?? 'ERROR', data?.detail ?? res.statusText, data?.errors ?? [], data ?? {});
  return data as T;
}
