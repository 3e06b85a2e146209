// The counts of the shared rate limits (rate_limit_hits, migration 012; rate-limit-store.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface RateLimitCount {
  /** Requests counted in the key's current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Counts one request of `key` at `nowMs`: a new window when none is open, else one more in it. */
export async function countHit(db: Kysely<Database>, key: string, nowMs: number, windowMs: number): Promise<RateLimitCount> {
  const now = iso(nowMs);
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key, window_start: now, count: 1, expires_at: iso(nowMs + windowMs) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        // Every SET expression reads the row as it was before the update.
        const ended = eb('rate_limit_hits.expires_at', '<=', now);
        return {
          count: eb.case().when(ended).then(eb.lit(1)).else(eb('rate_limit_hits.count', '+', eb.lit(1))).end(),
          window_start: eb.case().when(ended).then(eb.ref('excluded.window_start')).else(eb.ref('rate_limit_hits.window_start')).end(),
          expires_at: eb.case().when(ended).then(eb.ref('excluded.expires_at')).else(eb.ref('rate_limit_hits.expires_at')).end(),
        };
      }),
    )
    .returning(['count', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { current: Number(row.count), ttl: Math.max(0, Date.parse(row.expires_at) - nowMs) };
}

/** The count of `key`'s current window without counting a request (0 when no window is open). */
export async function peekHits(db: Kysely<Database>, key: string, nowMs: number): Promise<RateLimitCount> {
  const row = await db.selectFrom('rate_limit_hits').select(['count', 'expires_at']).where('key', '=', key).executeTakeFirst();
  if (!row || Date.parse(row.expires_at) <= nowMs) return { current: 0, ttl: 0 };
  return { current: Number(row.count), ttl: Date.parse(row.expires_at) - nowMs };
}

/** Deletes the rows of windows that ended at or before `now`. */
export async function deleteEndedRateLimitHits(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db.deleteFrom('rate_limit_hits').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
