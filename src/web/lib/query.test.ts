// The cache's keys, retry rule and invalidation, without a screen.
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { createQueryClient, invalidate, queryKeyOf, shouldRetry, storeAnswer } from './query.ts';

describe('query cache', () => {
  it('keys an answer by its path segments after /api/v1/, the query parameters last', () => {
    expect(queryKeyOf('/api/v1/proposals/p1/reviews')).toEqual(['proposals', 'p1', 'reviews']);
    expect(queryKeyOf('/api/v1/review-queue?limit=200&state=under_review')).toEqual(['review-queue', { limit: '200', state: 'under_review' }]);
    expect(queryKeyOf('/api/v1/lists/CSL%2FX/versions')).toEqual(['lists', 'CSL/X', 'versions']);
  });

  it('retries network failures and 5xx answers twice, never a 4xx', () => {
    expect(shouldRetry(0, new TypeError('Failed to fetch'))).toBe(true);
    expect(shouldRetry(1, new ApiError(503, 'UNAVAILABLE', 'later'))).toBe(true);
    expect(shouldRetry(2, new ApiError(503, 'UNAVAILABLE', 'later'))).toBe(false);
    for (const status of [400, 401, 403, 404, 409, 429]) expect(shouldRetry(0, new ApiError(status, 'X', 'no'))).toBe(false);
  });

  it('marks stale what is at or under a URL, and keeps the answer a write returned', async () => {
    const client = createQueryClient();
    const urls = ['/api/v1/proposals/p1', '/api/v1/proposals/p1/reviews', '/api/v1/proposals?limit=200', '/api/v1/proposals/p2', '/api/v1/deals'];
    for (const url of urls) client.setQueryData(queryKeyOf(url), { url });
    const stale = () => urls.filter((url) => client.getQueryState(queryKeyOf(url))!.isInvalidated);

    await invalidate(client, ['/api/v1/proposals/p1']);
    expect(stale()).toEqual(['/api/v1/proposals/p1', '/api/v1/proposals/p1/reviews']);

    const fresh = createQueryClient();
    for (const url of urls) fresh.setQueryData(queryKeyOf(url), { url });
    await storeAnswer(fresh, '/api/v1/proposals/p1', { url: 'stored' }, ['/api/v1/proposals']);
    expect(urls.filter((url) => fresh.getQueryState(queryKeyOf(url))!.isInvalidated)).toEqual(['/api/v1/proposals/p1/reviews', '/api/v1/proposals?limit=200', '/api/v1/proposals/p2']);
    expect(fresh.getQueryData(queryKeyOf('/api/v1/proposals/p1'))).toEqual({ url: 'stored' });
  });
});
