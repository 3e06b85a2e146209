// The store of @fastify/rate-limit's per-route limits (login, the catalog's interest form), kept in
// the database (rate_limit_hits, migration 012) so that every web process counts against one
// budget: with the plugin's default in-memory store, N processes would allow N times the limit.
//
// A key is the route and the client key the plugin computed (the client address); its row counts
// the requests of the current window, which starts at the key's first request and lasts the
// route's timeWindow, as in the plugin's own store. One statement counts a request and answers
// the new count (INSERT … ON CONFLICT DO UPDATE … RETURNING), so concurrent requests on any number
// of processes never lose a count.
//
// When the database cannot be reached the store fails the request (fail closed): the plugin
// throws, and the error handler answers 503 DATABASE_UNAVAILABLE. Login and the interest form need
// the database anyway, so nothing that could have worked is refused, and an outage never lifts the
// limit.
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Deps } from '../lib/context.ts';
import { countHit, deleteEndedRateLimitHits, peekHits, type RateLimitCount } from './rate-limit.repository.ts';

type Callback = (error: Error | null, result?: RateLimitCount) => void;

/** Deletes the rows of windows that ended (scheduled work); a key's next request opens a new one. */
export function pruneRateLimitHits(deps: Deps): Promise<number> {
  return deleteEndedRateLimitHits(deps.db.db, deps.clock.nowIso());
}

/** What the plugin passes to child(): the route's merged options, with the route itself. */
interface ChildOptions {
  routeInfo?: { method?: string | string[]; url?: string };
  groupId?: string;
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
}

/**
 * The store class to give @fastify/rate-limit (`store:`), bound to this process's database and clock.
 * The plugin makes one child per limited route; the child prefixes its keys with the route (or the
 * route's groupId), so each route has its own budget, shared by every process.
 */
export function sharedRateLimitStore(deps: Deps): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string | null;

    constructor(options: FastifyRateLimitOptions & ChildOptions, prefix: string | null = null) {
      // The window grows or restarts on excess in these modes: not implemented here, so refuse
      // them rather than silently count otherwise.
      if (options.continueExceeding || options.exponentialBackoff) throw new Error('the shared rate-limit store supports neither continueExceeding nor exponentialBackoff');
      this.prefix = prefix;
    }

    private keyOf(key: string): string {
      if (this.prefix === null) throw new Error('the shared rate-limit store counts per route: configure the limit on a route (config.rateLimit)');
      return `${this.prefix}|${key}`;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      let full: string;
      try {
        full = this.keyOf(key);
      } catch (err) {
        return callback(err as Error);
      }
      countHit(deps.db.db, full, deps.clock.millis(), timeWindow).then(
        (count) => callback(null, count),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    read(key: string, callback: Callback): void {
      let full: string;
      try {
        full = this.keyOf(key);
      } catch (err) {
        return callback(err as Error);
      }
      peekHits(deps.db.db, full, deps.clock.millis()).then(
        (count) => callback(null, count),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      const o = routeOptions as ChildOptions;
      const method = Array.isArray(o.routeInfo?.method) ? o.routeInfo.method.join(',') : o.routeInfo?.method;
      const prefix = o.groupId ?? (method && o.routeInfo?.url ? `${method} ${o.routeInfo.url}` : null);
      if (prefix === null) throw new Error('the shared rate-limit store needs a route (config.rateLimit) or a groupId');
      return new SharedRateLimitStore(o, prefix);
    }
  }
  return SharedRateLimitStore;
}
