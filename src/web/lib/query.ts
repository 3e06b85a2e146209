// Server state: TanStack Query over the API. A cached answer is keyed by its URL, split into the
// path's segments after /api/v1/ and the query parameters as a last object
// ('/api/v1/proposals/p1/reviews' → ['proposals', 'p1', 'reviews']), so marking one resource stale
// reaches everything under it (a proposal's reviews, consultations, history, compliance matrix).
import { QueryClient, useMutation, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useState } from 'react';
import { get, isClientError } from './api.ts';

export type UrlQueryKey = readonly (string | Record<string, string>)[];

/** The cache key of a GET of `url`. */
export function queryKeyOf(url: string): UrlQueryKey {
  const [path = '', search = ''] = url.split('?');
  const segments = path.replace(/^\/api\/v1\//, '').split('/').filter(Boolean).map(decodeURIComponent);
  const params = Object.fromEntries(new URLSearchParams(search));
  return Object.keys(params).length > 0 ? [...segments, params] : segments;
}

/** Network failures and 5xx answers are retried twice; a 4xx is an answer, not a failure. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return !isClientError(error) && failureCount < 2;
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Writes invalidate what they change, so a cached answer is fresh for a while; one that is
      // older is shown while it is fetched again (on the next visit or when the window regains focus).
      queries: { staleTime: 30_000, retry: shouldRetry },
      // A write is never repeated on its own: the user sees the error and decides.
      mutations: { retry: false },
    },
  });
}

/** GET `url` through the cache; `enabled: false` (say, a role that may not read it) asks nothing. */
export function useApiQuery<T>(url: string, options: Omit<UseQueryOptions<T, Error, T, QueryKey>, 'queryKey' | 'queryFn'> = {}) {
  return useQuery<T, Error, T, QueryKey>({ queryKey: queryKeyOf(url), queryFn: () => get<T>(url), ...options });
}

function startsWith(key: QueryKey, prefix: UrlQueryKey): boolean {
  return prefix.length <= key.length && prefix.every((part, i) => JSON.stringify(part) === JSON.stringify(key[i]));
}

/**
 * Marks stale every cached answer at or under each URL (those on screen are fetched again);
 * `except` keeps one as it is — the resource a write answered with and the caller stored.
 */
export function invalidate(client: QueryClient, urls: string[], except?: string) {
  const prefixes = urls.map(queryKeyOf);
  const kept = except === undefined ? null : JSON.stringify(queryKeyOf(except));
  return client.invalidateQueries({ predicate: (q) => prefixes.some((p) => startsWith(q.queryKey, p)) && JSON.stringify(q.queryKey) !== kept });
}

/**
 * A write answered with the resource at `url` as it now is: the answer is stored (no need to ask
 * again), and what derives from it — everything under `url`, and `alsoStale` — is marked stale.
 */
export function storeAnswer(client: QueryClient, url: string, answer: unknown, alsoStale: string[] = []) {
  client.setQueryData(queryKeyOf(url), answer);
  return invalidate(client, [url, ...alsoStale], url);
}

/**
 * A write behind a button: `run(label, fn)` sends it (never retried), then shows `label`, or the
 * error; `after` runs on success with the answer (to store it or mark what changed stale).
 */
export function useAction<R = unknown>(after?: (result: R) => unknown) {
  const [notice, setNotice] = useState<string | null>(null);
  const mutation = useMutation<R, unknown, { label: string; fn: () => Promise<R> }>({
    mutationFn: ({ fn }) => fn(),
    onMutate: () => setNotice(null),
    onSuccess: async (result, { label }) => {
      await after?.(result);
      setNotice(label);
    },
  });
  const run = (label: string, fn: () => Promise<R>) => mutation.mutateAsync({ label, fn }).then(
    () => true,
    () => false,
  );
  return { run, notice, error: mutation.error, pending: mutation.isPending };
}
