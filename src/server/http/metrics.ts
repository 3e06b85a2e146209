// Prometheus metrics at GET /metrics, in the text exposition format 0.0.4, written here (no client
// library). The endpoint needs no login but answers only the addresses of METRICS_ALLOW (default:
// this host); anyone else gets the same 404 as a path that does not exist. HTTP series are labelled
// by the matched route's pattern (`/api/v1/proposals/:id`), never the raw URL, so their number
// stays bounded whatever callers send; a request that matched no route counts as `unmatched`.
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/connection.ts';
import { queuedJobStats } from '../jobs/jobs.repository.ts';
import type { Deps } from '../lib/context.ts';
import { sendProblem } from './problem.ts';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Upper bounds (seconds) of the request duration histogram's buckets; +Inf is implied. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** PostgreSQL pool counts, when the database exposes them (`Db.poolStats`); SQLite has no pool. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

interface Histogram {
  /** Cumulative counts are computed at exposition; these are per bucket (the last is +Inf). */
  buckets: number[];
  sum: number;
  count: number;
}

/** The HTTP series of one app: request counts and durations, keyed by their label values. */
export class HttpMetrics {
  private readonly requests = new Map<string, { labels: [string, string, string]; value: number }>();
  private readonly durations = new Map<string, { labels: [string, string]; h: Histogram }>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const rKey = `${method} ${route} ${status}`;
    const r = this.requests.get(rKey) ?? { labels: [method, route, String(status)] as [string, string, string], value: 0 };
    r.value += 1;
    this.requests.set(rKey, r);
    const dKey = `${method} ${route}`;
    const d = this.durations.get(dKey) ?? { labels: [method, route] as [string, string], h: { buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 } };
    const i = DURATION_BUCKETS.findIndex((le) => seconds <= le);
    d.h.buckets[i === -1 ? DURATION_BUCKETS.length : i]! += 1;
    d.h.sum += seconds;
    d.h.count += 1;
    this.durations.set(dKey, d);
  }

  expose(out: string[]): void {
    out.push('# HELP aiep_http_requests_total HTTP requests answered, by method, route pattern and status.');
    out.push('# TYPE aiep_http_requests_total counter');
    for (const { labels: [method, route, status], value } of this.requests.values()) {
      out.push(`aiep_http_requests_total${labelSet({ method, route, status })} ${value}`);
    }
    out.push('# HELP aiep_http_request_duration_seconds Time from receiving a request to having answered it, by method and route pattern.');
    out.push('# TYPE aiep_http_request_duration_seconds histogram');
    for (const { labels: [method, route], h } of this.durations.values()) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((le, i) => {
        cumulative += h.buckets[i]!;
        out.push(`aiep_http_request_duration_seconds_bucket${labelSet({ method, route, le: String(le) })} ${cumulative}`);
      });
      out.push(`aiep_http_request_duration_seconds_bucket${labelSet({ method, route, le: '+Inf' })} ${h.count}`);
      out.push(`aiep_http_request_duration_seconds_sum${labelSet({ method, route })} ${h.sum}`);
      out.push(`aiep_http_request_duration_seconds_count${labelSet({ method, route })} ${h.count}`);
    }
  }
}

/** A label value escaped as the exposition format requires (backslash, double quote, newline). */
function escapeLabel(v: string): string {
  return v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function labelSet(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;
}

function gauge(out: string[], name: string, help: string, value: number, labels?: Record<string, string>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name}${labels ? labelSet(labels) : ''} ${value}`);
}

/** The addresses/CIDRs of METRICS_ALLOW as a BlockList (used as an allow list). */
export function allowListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Whether the client may read the metrics: its address (after TRUST_PROXY) is in the allow list. */
function mayRead(req: FastifyRequest, allow: BlockList, trustProxy: boolean | string[]): boolean {
  // Not trusting proxies, a forwarded request came through one: its socket address (often this
  // host's) says nothing of the client, who may be anyone.
  if (trustProxy === false && (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined)) return false;
  let ip = req.ip;
  if (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4) ip = ip.slice(7); // IPv4-mapped IPv6
  const family = isIP(ip);
  if (!family) return false;
  return allow.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function poolStatsOf(db: Db): PoolStats | undefined {
  return db.poolStats?.();
}

export interface MetricsOptions {
  /** The version reported by aiep_build_info; default: package.json's. */
  version?: string;
}

/**
 * Registers the request hooks that feed the HTTP series and the GET /metrics route. Call it first
 * in buildApp (right after the error handler is set), so that the durations cover every other hook.
 */
export function registerMetrics(app: FastifyInstance, deps: Deps, opts: MetricsOptions = {}): HttpMetrics {
  const http = new HttpMetrics();
  const started = new WeakMap<FastifyRequest, bigint>();
  const allow = allowListOf(deps.config.METRICS_ALLOW);
  const version = opts.version ?? packageVersion();

  app.addHook('onRequest', async (req) => {
    started.set(req, process.hrtime.bigint());
  });
  app.addHook('onResponse', async (req, reply) => {
    const start = started.get(req);
    if (start === undefined) return;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const route = req.is404 ? 'unmatched' : (req.routeOptions.url ?? 'unmatched');
    http.observe(req.method, route, reply.statusCode, seconds);
  });

  app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (req, reply) => {
    if (!mayRead(req, allow, deps.config.TRUST_PROXY)) {
      // The very answer an unknown path gets: the endpoint's existence is not disclosed.
      return sendProblem(reply, 404, 'NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}`);
    }
    const out: string[] = [];
    http.expose(out);
    const pool = poolStatsOf(deps.db);
    if (pool) {
      gauge(out, 'aiep_db_pool_total', 'PostgreSQL connections open in the pool.', pool.total);
      gauge(out, 'aiep_db_pool_idle', 'PostgreSQL connections open and idle in the pool.', pool.idle);
      gauge(out, 'aiep_db_pool_waiting', 'Queries waiting for a PostgreSQL connection of the pool.', pool.waiting);
    }
    try {
      const jobs = await queuedJobStats(deps.db.db, deps.clock.nowIso());
      const age = jobs.oldestDueRunAfter === null ? 0 : Math.max(0, (deps.clock.millis() - Date.parse(jobs.oldestDueRunAfter)) / 1000);
      gauge(out, 'aiep_jobs_queued', 'Jobs queued (due now or later), not yet taken by a worker.', jobs.queued);
      gauge(out, 'aiep_jobs_oldest_queued_age_seconds', 'How long the oldest due queued job has waited for a worker (0 when none waits).', age);
      gauge(out, 'aiep_db_up', 'Whether the database answered the metrics query (1) or not (0).', 1);
    } catch (err) {
      req.log.warn({ err }, 'metrics: the jobs query failed');
      gauge(out, 'aiep_db_up', 'Whether the database answered the metrics query (1) or not (0).', 0);
    }
    gauge(out, 'aiep_process_resident_memory_bytes', 'Resident set size of this process.', process.memoryUsage.rss());
    gauge(out, 'aiep_build_info', 'The running version of aiep (always 1).', 1, { version });
    return reply.code(200).header('cache-control', 'no-store').type(METRICS_CONTENT_TYPE).send(`${out.join('\n')}\n`);
  });
  return http;
}
