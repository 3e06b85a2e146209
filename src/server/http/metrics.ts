// Prometheus metrics at GET /metrics, in the text exposition format 0.0.4, written here (no client
// library). The endpoint needs no login but answers only the addresses of METRICS_ALLOW (default:
// this host); anyone else gets the same 404 as a path that does not exist. HTTP series are labelled
// by the matched route's pattern (`/api/v1/proposals/:id`), never the raw URL, so their number
// stays bounded whatever callers send; a request that matched no route counts as `unmatched`.
// A web process serves its HTTP series (registerMetrics), a worker process its job counters on its
// health port (registerWorkerMetrics); both add the series of the queue, the pool and the process.
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/connection.ts';
import { queuedJobStats } from '../jobs/jobs.repository.ts';
import type { WorkerStatus } from '../jobs/worker.ts';
import type { Deps } from '../lib/context.ts';
import { screeningIndexStatus } from '../modules/screening/screening.index.ts';
import { findActiveVersions } from '../modules/screening/screening.repository.ts';
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

function counter(out: string[], name: string, help: string, value: number): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
}

/** One series of a family per label value (one HELP and TYPE line for all of them). */
function labelledGauge(out: string[], name: string, help: string, samples: { labels: Record<string, string>; value: number }[]): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  for (const { labels, value } of samples) out.push(`${name}${labelSet(labels)} ${value}`);
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

  registerMetricsRoute(app, deps, opts, (out) => http.expose(out));
  return http;
}

/**
 * GET /metrics of a worker process (on its health port): the worker's own counters and its running
 * job's age, with the queue, pool and process series. Same allow rule as the web process's.
 */
export function registerWorkerMetrics(app: FastifyInstance, deps: Deps, status: () => WorkerStatus, opts: MetricsOptions = {}): void {
  registerMetricsRoute(app, deps, opts, (out) => {
    const s = status();
    counter(out, 'aiep_worker_jobs_started_total', 'Jobs this worker has started.', s.jobsStarted);
    counter(out, 'aiep_worker_jobs_failed_total', 'Jobs that failed while this worker ran them (an attempt; retried while attempts remain).', s.jobsFailed);
    counter(out, 'aiep_worker_jobs_requeued_total', 'Jobs this worker gave back to the queue at shutdown.', s.jobsRequeued);
    counter(out, 'aiep_worker_ticks_total', 'Polling rounds of this worker.', s.ticks);
    gauge(out, 'aiep_worker_running_job_age_seconds', 'How long the job this worker runs has been running (0 when none runs).', s.runningJobStartedAt === null ? 0 : Math.max(0, (deps.clock.millis() - s.runningJobStartedAt) / 1000));
    gauge(out, 'aiep_worker_stopping', 'Whether this worker is shutting down (1) or not (0).', s.stopping ? 1 : 0);
  });
}

/**
 * The GET /metrics route: refuses addresses outside METRICS_ALLOW (the 404 of an unknown path), then
 * answers the role's own series (`exposeOwn`) and those every role has: the PostgreSQL pool, the job
 * queue (in total and per kind), whether the database answered, the process, the version.
 */
function registerMetricsRoute(app: FastifyInstance, deps: Deps, opts: MetricsOptions, exposeOwn: (out: string[]) => void): void {
  const allow = allowListOf(deps.config.METRICS_ALLOW);
  const version = opts.version ?? packageVersion();
  app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (req, reply) => {
    if (!mayRead(req, allow, deps.config.TRUST_PROXY)) {
      // The very answer an unknown path gets: the endpoint's existence is not disclosed.
      return sendProblem(reply, 404, 'NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}`);
    }
    const out: string[] = [];
    exposeOwn(out);
    const pool = poolStatsOf(deps.db);
    if (pool) {
      gauge(out, 'aiep_db_pool_total', 'PostgreSQL connections open in the pool.', pool.total);
      gauge(out, 'aiep_db_pool_idle', 'PostgreSQL connections open and idle in the pool.', pool.idle);
      gauge(out, 'aiep_db_pool_waiting', 'Queries waiting for a PostgreSQL connection of the pool.', pool.waiting);
    }
    try {
      const kinds = await queuedJobStats(deps.db.db, deps.clock.nowIso());
      const ageOf = (since: string | null) => (since === null ? 0 : Math.max(0, (deps.clock.millis() - Date.parse(since)) / 1000));
      const oldest = kinds.reduce<string | null>((min, k) => (k.oldestDueRunAfter !== null && (min === null || k.oldestDueRunAfter < min) ? k.oldestDueRunAfter : min), null);
      gauge(out, 'aiep_jobs_queued', 'Jobs queued (due now or later), not yet taken by a worker.', kinds.reduce((n, k) => n + k.queued, 0));
      gauge(out, 'aiep_jobs_oldest_queued_age_seconds', 'How long the oldest due queued job has waited for a worker (0 when none waits).', ageOf(oldest));
      labelledGauge(out, 'aiep_jobs_queued_by_kind', 'Jobs queued, by job kind (kinds with none queued are absent).', kinds.map((k) => ({ labels: { kind: k.kind }, value: k.queued })));
      labelledGauge(out, 'aiep_jobs_oldest_queued_age_seconds_by_kind', 'How long the oldest due queued job of each kind has waited (0 when none waits).', kinds.map((k) => ({ labels: { kind: k.kind }, value: ageOf(k.oldestDueRunAfter) })));
      // How old the screening data is: a list not refreshed for weeks screens against yesterday's sanctions.
      const lists = await findActiveVersions(deps.db.db);
      labelledGauge(out, 'aiep_screening_list_age_seconds', 'How long ago the active version of each screening list was imported.', lists.map((v) => ({ labels: { list: v.list_code }, value: ageOf(v.imported_at) })));
      gauge(out, 'aiep_db_up', 'Whether the database answered the metrics query (1) or not (0).', 1);
    } catch (err) {
      req.log.warn({ err }, 'metrics: the jobs query failed');
      gauge(out, 'aiep_db_up', 'Whether the database answered the metrics query (1) or not (0).', 0);
    }
    // The index this process screens with (built in a worker thread; the previous one serves while a new one builds).
    const index = screeningIndexStatus(deps);
    gauge(out, 'aiep_screening_index_entries', 'Entries in the screening index this process serves with.', index.entries);
    if (index.lastBuildSeconds !== null) gauge(out, 'aiep_screening_index_build_seconds', 'How long the last build of the screening index took.', index.lastBuildSeconds);
    if (index.builtAt !== null) gauge(out, 'aiep_screening_index_built_timestamp_seconds', 'When the screening index in service was built (Unix time).', Date.parse(index.builtAt) / 1000);
    counter(out, 'aiep_screening_index_build_failures_total', 'Builds of the screening index that failed (the previous index kept serving).', index.buildFailures);
    gauge(out, 'aiep_screening_index_threads', 'Screening index threads of this process (serving, building, retiring).', index.threads);
    if (index.signature !== null) gauge(out, 'aiep_screening_index_info', 'The active list versions the index in service was built from (always 1).', 1, { versions: index.signature, mode: index.mode ?? 'none' });
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    gauge(out, 'aiep_process_resident_memory_bytes', 'Resident set size of this process.', memory.rss);
    gauge(out, 'aiep_process_heap_used_bytes', 'V8 heap in use by this process.', memory.heapUsed);
    counter(out, 'aiep_process_cpu_seconds_total', 'CPU time (user and system) this process has used.', (cpu.user + cpu.system) / 1e6);
    gauge(out, 'aiep_process_uptime_seconds', 'How long this process has run.', process.uptime());
    gauge(out, 'aiep_build_info', 'The running version of aiep (always 1).', 1, { version });
    return reply.code(200).header('cache-control', 'no-store').type(METRICS_CONTENT_TYPE).send(`${out.join('\n')}\n`);
  });
}
