// What an API key's scope lets a request do, and which keys a key may create. Pure.
import type { ApiKeyScope } from '../../../shared/contracts/auth.ts';

const SCOPE_RANK: Record<ApiKeyScope, number> = { read: 0, screening: 1, full: 2 };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The writes a `screening` key may make besides reading: screening parties, one or in a batch, and the yente-style match. */
export const SCREENING_ROUTES: ReadonlySet<string> = new Set(['POST /api/v1/screening/search', 'POST /api/v1/screening/batch', 'POST /api/v1/match/:dataset']);

/** Whether a key of this scope may call `method` on the route `routeUrl` (its pattern, e.g. /api/v1/proposals/:id). */
export function apiKeyScopeAllows(scope: ApiKeyScope, method: string, routeUrl: string | undefined): boolean {
  if (scope === 'full' || READ_METHODS.has(method)) return true;
  return scope === 'screening' && routeUrl !== undefined && SCREENING_ROUTES.has(`${method} ${routeUrl}`);
}

/** Whether a key of scope `child` is no wider than one of scope `parent`. */
export function scopeWithin(child: ApiKeyScope, parent: ApiKeyScope): boolean {
  return SCOPE_RANK[child] <= SCOPE_RANK[parent];
}

export function isApiKeyScope(s: string): s is ApiKeyScope {
  return Object.hasOwn(SCOPE_RANK, s);
}
