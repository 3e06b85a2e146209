// Screening API types and calls for the web (the server's shapes, restated: web never imports server).
import { ApiError, get } from '../../lib/api.ts';

export interface TokenAlignment {
  query: string;
  candidate: string;
  score: number;
  rule: string;
  weight: number;
}

export interface Explanation {
  nameScore: number;
  tokens: TokenAlignment[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  adjustments: { rule: string; detail: string; effect: string }[];
  summary: string;
}

export interface Match {
  list: string;
  listTitle: string;
  entryId: string;
  name: string;
  matchedName: string;
  aliasType: string;
  score: number;
  effect: string;
  citation: string | null;
  type: string;
  programs: string[];
  addresses: { text: string; country?: string }[];
  explanation: Explanation;
}

export interface SearchResult {
  threshold: number;
  lists: { list: string; versionId: string; activatedAt: string | null; entries: number }[];
  matches: Match[];
}

export interface BatchJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  rows: number;
  attempts: number;
  error: string | null;
  progress: { done: number; total: number } | null;
  summary: { rows: number; matched: number; errors: number } | null;
  links: { jsonl: string; csv: string } | null;
}

export interface ScreeningAlert {
  id: string;
  party: { key: string; name: string; source: string | null; orgId: string | null; proposalId: string | null; country: string | null };
  list: string;
  listTitle: string;
  entryId: string;
  entryName: string;
  matchedName: string;
  effect: string;
  score: number;
  explanation: Explanation;
  status: 'open' | 'false_positive' | 'confirmed';
  disposition: { reason: string | null; by: string | null; at: string | null } | null;
  createdAt: string;
}

export interface ListVersion {
  id: string;
  list: string;
  format: string;
  fileName: string;
  entryCount: number;
  status: string;
  error: string | null;
  importedAt: string;
  activatedAt: string | null;
}

export interface ScreeningList {
  code: string;
  title: string;
  activeVersion: ListVersion | null;
  versions: number;
}

export interface VersionDiff {
  counts: { added: number; removed: number; changed: number; unchanged: number };
  added: { list: string; entryId: string; name: string }[];
  removed: { list: string; entryId: string; name: string }[];
  changed: { list: string; entryId: string; name: string; previousName: string; fields: string[] }[];
}

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
