// Cluster benchmark: two web processes and one worker (bin/server.mjs, PROCESS_ROLE=web|worker)
// on one PostgreSQL database with the demo data, loaded by autocannon from this process with its
// connections spread over both web ports. Reports in one run /healthz (the baseline; ratios hold
// on a noisy machine), the proposal read, party screening and the public catalog: requests/s,
// p50, p99, ratio to /healthz and errors (any error fails the run); how often the database's
// change stamp moved meanwhile (each move ends the proposal snapshot cache's entries on every
// process) and which tables were written during the whole measurement.
//   npm run bench:cluster [-- --duration 5 --rounds 3 --connections 10 --stamp off --soak 600 --soak-rate 200]
// The routes are measured in turn, --rounds times, --duration seconds each; every figure is the
// median over the rounds and each ratio is taken within its round, so that a machine whose speed
// drifts (other work on it) shifts both sides alike. --connections: per web process. --stamp off: the servers run without the PostgreSQL change stamp
// (as before it existed: nothing cached), for a baseline. --soak SECONDS: then a bounded mixed load
// (--soak-rate requests/s over both web processes) for that long, sampling each process's RSS
// every 10 s; reports RSS after the first 60 s (warm-up) and at the end (each the median of a minute).
// Then (unless --activation-entries 0) a list of that many generated entries (default 14,000, the
// size of the full CSL) is imported and activated through web 1 while /healthz of both web processes
// is sampled every 20 ms: the longest answer of each from the upload until both screen against the
// new version, beside the same sampling for the same time while idle (the baseline).
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is where the benchmark
// creates, and afterwards drops, a database aiep_bench_<random> of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { pollLatency, type LatencySample } from '../src/server/jobs/__fixtures__/processes.ts';
import { completeSecondStepOverHttp } from '../src/server/test/second-step-http.ts';
import { syntheticCsl } from '../src/server/modules/screening/__fixtures__/synthetic-list.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const LIST_FIXTURE = join(ROOT, 'src/server/modules/screening/__fixtures__/csl_test_v1.csv');
const DEMO_PASSWORD = 'demo-password-2026';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}
function numberOption(name: string, dflt: number): number {
  const raw = option(name);
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got "${raw}")`);
  return n;
}
const duration = numberOption('duration', 5);
const rounds = numberOption('rounds', 3);
const connections = numberOption('connections', 10);
const soakSeconds = option('soak') === undefined ? 0 : numberOption('soak', 600);
const soakRate = numberOption('soak-rate', 200);
const activationEntries = option('activation-entries') === '0' ? 0 : numberOption('activation-entries', 14_000);
const stamp = option('stamp') ?? 'on';
if (stamp !== 'on' && stamp !== 'off') throw new Error(`--stamp must be on or off (got "${stamp}")`);
const RSS_EVERY_MS = 10_000;
const WARM_UP_MS = 60_000;

// --stamp off: a module loaded before the server answers the change stamp's query with no stamp
// (connection.ts pgChangeStamp sends it through pool.query), so StampCache caches nothing, as it
// did before PostgreSQL had a stamp. Written out here so that the benchmark needs no server switch.
const STAMP_OFF_PRELOAD = `data:text/javascript,${encodeURIComponent(`
import { createRequire } from 'node:module';
const pg = createRequire(process.cwd() + '/package.json')('pg');
const query = pg.Pool.prototype.query;
pg.Pool.prototype.query = function (text, ...rest) {
  if (typeof text === 'string' && text.includes('pg_current_snapshot')) return Promise.resolve({ rows: [{ stamp: null }] });
  return query.call(this, text, ...rest);
};`)}`;

// ── the database ─────────────────────────────────────────────────────────────────────────────

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `aiep_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// ── the processes ────────────────────────────────────────────────────────────────────────────

interface Server {
  name: string;
  proc: ChildProcess;
  /** The HTTP base URL (web processes). */
  url?: string;
  output(): string;
  exited: Promise<unknown>;
}

const work = mkdtempSync(join(tmpdir(), 'aiep-bench-cluster-'));
const auditKey = randomBytes(32).toString('hex');

function startServer(name: string, role: 'web' | 'worker'): Server {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['PROCESS_ROLE', 'JOBS_WORKER', 'NODE_OPTIONS', 'TEST_DATABASE_URL', 'PORT', 'WORKER_HEALTH_PORT']) delete env[k];
  Object.assign(env, {
    DATABASE_URL: dbUrl,
    PROCESS_ROLE: role,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'auto',
    // One audit key for the cluster (every process appends to the same chain); files of its own.
    AUDIT_HMAC_KEY: auditKey,
    AUDIT_KEY_FILE: join(work, name, 'audit.key'),
    AUDIT_KEYRING_DIR: join(work, name, 'audit-keys'),
    AUDIT_CHECKPOINT_FILE: join(work, name, 'audit-checkpoints.jsonl'),
  });
  const args = [...(stamp === 'off' ? ['--import', STAMP_OFF_PRELOAD] : []), join(ROOT, 'bin/server.mjs')];
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => {
    out += d.toString();
    process.stderr.write(`[${name}] ${d.toString()}`);
  });
  const exited = new Promise((r) => proc.once('close', r));
  return { name, proc, output: () => out, exited };
}

async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(200);
  }
}

async function started(s: Server): Promise<Server> {
  let ended = false;
  void s.exited.then(() => (ended = true));
  const m = await waitFor(`${s.name} to start`, 240_000, () => {
    if (ended) throw new Error(`${s.name} exited while starting:\n${s.output()}`);
    return s.output().match(/is running(?: at (http:\/\/\S+))?/) ?? undefined;
  });
  if (m[1]) s.url = m[1];
  return s;
}

async function stopAll(servers: Server[]) {
  for (const s of servers) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGTERM');
  await Promise.race([Promise.all(servers.map((s) => s.exited)), sleep(30_000)]);
  for (const s of servers) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
}

function rssKiB(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]);
}

// ── HTTP helpers ─────────────────────────────────────────────────────────────────────────────

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, email: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; mfa?: string };
  const session = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken };
  await completeSecondStepOverHttp(base, { ...session, email, demoPassword: DEMO_PASSWORD, mfa: body.mfa });
  return session;
}

/**
 * autocannon's `url` for connections spread over the web processes: autocannon takes several URLs
 * and deals the connections out among them in turn; its type definitions name only one.
 */
const spreadOver = (urls: string[]) => urls as unknown as string;

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// ── the run ──────────────────────────────────────────────────────────────────────────────────

interface Route {
  title: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  stampMovesPerSecond: number;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** p50, p99 and max of the /healthz samples that answered 200, and how many did not. */
function latencySummary(samples: readonly LatencySample[]) {
  const ok = samples.filter((x) => x.status === 200).map((x) => x.ms).sort((a, b) => a - b);
  return { samples: samples.length, failed: samples.length - ok.length, p50: percentile(ok, 50), p99: percentile(ok, 99), max: ok.at(-1) ?? NaN };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rows inserted, updated or deleted so far, per table of the benchmark database. */
async function tableWrites(c: pg.Client): Promise<Map<string, number>> {
  const r = await c.query<{ relname: string; n: string }>('select relname, (n_tup_ins + n_tup_upd + n_tup_del)::text as n from pg_stat_user_tables');
  return new Map(r.rows.map((row) => [row.relname, Number(row.n)]));
}
function writesSince(before: Map<string, number>, after: Map<string, number>): string {
  const changed = [...after].map(([t, n]) => [t, n - (before.get(t) ?? 0)] as const).filter(([, d]) => d > 0);
  return changed.length ? changed.map(([t, d]) => `${t} ${d}`).join(', ') : 'none';
}

const servers: Server[] = [];
let stats: pg.Client | null = null;
let failed = false;
try {
  await admin((c) => c.query(`create database ${dbName}`));
  // The first web process migrates and loads the demo data; the others start beside it.
  const web1 = await started(startServer('web-1', 'web'));
  servers.push(web1);
  const [web2, worker] = await Promise.all([started(startServer('web-2', 'web')), started(startServer('worker', 'worker'))]);
  servers.push(web2, worker);
  const webs = [web1, web2];
  const base = web1.url!;

  // An active list to screen against: imported and activated through one web process; the other
  // hears of it (LISTEN) and rebuilds its index.
  const listAdmin = await login(base, 'admin@aiep.example');
  await json(
    await fetch(`${base}/api/v1/lists/import?fileName=csl_test_v1.csv&activate=true`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie: listAdmin.cookie, 'x-csrf-token': listAdmin.csrf },
      body: readFileSync(LIST_FIXTURE, 'utf8'),
    }),
    'list import',
  );
  const screener = await login(base, 'screening.analyst@ita.example');
  const searchBody = JSON.stringify({ name: 'Shenzhen Jade Holdings', country: 'CN' });
  const searchHeaders = { 'content-type': 'application/json', cookie: screener.cookie, 'x-csrf-token': screener.csrf };
  for (const w of webs) {
    await waitFor(`${w.name} to screen against the imported list`, 60_000, async () => {
      const r = await json<{ lists: unknown[]; matches: unknown[] }>(await fetch(`${w.url}/api/v1/screening/search`, { method: 'POST', headers: searchHeaders, body: searchBody }), 'search');
      return r.lists.length > 0 && r.matches.length > 0 ? true : undefined;
    });
  }

  const reader = await login(base, 'anchor@meridian.example');
  const proposals = await json<{ items: { id: string }[] }>(await fetch(`${base}/api/v1/proposals`, { headers: { cookie: reader.cookie } }), 'proposal list');
  const proposalId = proposals.items[0]!.id;

  const routes: Route[] = [
    { title: 'baseline: GET /healthz', method: 'GET', path: '/healthz' },
    { title: 'GET /api/v1/proposals/{id} (session cookie)', method: 'GET', path: `/api/v1/proposals/${proposalId}`, headers: { cookie: reader.cookie } },
    { title: 'POST /api/v1/screening/search (one party)', method: 'POST', path: '/api/v1/screening/search', headers: searchHeaders, body: searchBody },
    { title: 'GET /api/v1/public/catalog', method: 'GET', path: '/api/v1/public/catalog' },
  ];

  stats = new pg.Client({ connectionString: dbUrl });
  await stats.connect();
  const statsDb = stats;
  // The list activation queues re-screening: measure once the worker found nothing due twice in a row.
  let idleChecks = 0;
  await waitFor('the worker to finish the jobs due', 180_000, async () => {
    const due = await statsDb.query<{ run_after: string }>("select run_after from jobs where status in ('queued', 'running')");
    idleChecks = due.rows.every((j) => Date.parse(j.run_after) > Date.now()) ? idleChecks + 1 : 0;
    if (idleChecks < 2) await sleep(2000);
    return idleChecks >= 2 ? true : undefined;
  });
  const readStamp = async () => (await statsDb.query<{ s: string }>('select pg_current_snapshot()::text as s')).rows[0]!.s;

  const measure = async (route: Route): Promise<Measured> => {
    // The stamp, read every 100 ms while the load runs: how often a cached snapshot is dropped.
    let moves = 0;
    let sampling = true;
    const sampler = (async () => {
      let last = await readStamp();
      while (sampling) {
        await sleep(100);
        const now = await readStamp();
        if (now !== last) moves++;
        last = now;
      }
    })();
    const r = await autocannon({
      url: spreadOver(webs.map((w) => `${w.url}${route.path}`)),
      connections: connections * webs.length,
      duration,
      method: route.method,
      ...(route.headers ? { headers: route.headers } : {}),
      ...(route.body ? { body: route.body } : {}),
    });
    sampling = false;
    await sampler;
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, stampMovesPerSecond: moves / duration };
  };
  await sleep(11_000); // an idle backend reports its statistics within 10 s: start from settled counts
  const writesBefore = await tableWrites(statsDb);
  const byRound: Measured[][] = [];
  for (let i = 0; i < rounds; i++) {
    const round: Measured[] = [];
    for (const route of routes) round.push(await measure(route));
    byRound.push(round);
  }
  await sleep(11_000); // an idle backend reports its statistics within 10 s
  const writes = writesSince(writesBefore, await tableWrites(statsDb));

  const results = routes.map((route, i) => {
    const runs = byRound.map((round) => round[i]!);
    return {
      title: route.title,
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      ratio: median(byRound.map((round) => round[i]!.rps / round[0]!.rps)),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
      stampMovesPerSecond: median(runs.map((r) => r.stampMovesPerSecond)),
    };
  });
  console.log(`\naiep cluster benchmark — PostgreSQL, 2 web + 1 worker, change stamp ${stamp}; ${rounds} rounds of ${duration} s × ${connections} connections per web process per route (medians)`);
  const version = (await statsDb.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, PostgreSQL ${version}`);
  console.log('\n| route | requests/s | p50 ms | p99 ms | vs /healthz | errors | change stamp moves/s |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.ratio * 100).toFixed(0)} % | ${r.errors} | ${r.stampMovesPerSecond.toFixed(1)} |`);
  console.log(`\nRows written during the measurements (pg_stat_user_tables): ${writes}. The stamp is cluster-wide: other databases' commits move it too.`);
  if (results.some((r) => r.errors > 0)) {
    failed = true;
    console.error('\nFAILED: some requests failed (see errors)');
  }

  if (activationEntries > 0) {
    // The version each web process screens against now (the highest list version it answers with).
    const servedVersions = async (w: Server) =>
      (await json<{ lists: { versionId: string }[] }>(await fetch(`${w.url}/api/v1/screening/search`, { method: 'POST', headers: searchHeaders, body: searchBody }), 'search')).lists.map((l) => l.versionId);
    const sampleHealthz = () => webs.map((w) => pollLatency(`${w.url}/healthz`, 20, 30_000));
    const list = syntheticCsl(activationEntries, 7).csv;

    const activated = performance.now();
    const polls = sampleHealthz();
    const imported = await json<{ id: string }>(
      await fetch(`${base}/api/v1/lists/import?fileName=bench-activation.csv&activate=true`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', cookie: listAdmin.cookie, 'x-csrf-token': listAdmin.csrf },
        body: list,
      }),
      'activation import',
    );
    const answeredMs = performance.now() - activated;
    const seenMs: number[] = [];
    for (const w of webs) {
      await waitFor(`${w.name} to screen against the activated version`, 120_000, async () => ((await servedVersions(w)).includes(imported.id) ? true : undefined));
      seenMs.push(performance.now() - activated);
    }
    const during = await Promise.all(polls.map((p) => p.stop()));
    const windowMs = performance.now() - activated;
    // The baseline: the same sampling for as long, with nothing happening.
    await sleep(5_000);
    const idlePolls = sampleHealthz();
    await sleep(windowMs);
    const idle = await Promise.all(idlePolls.map((p) => p.stop()));

    console.log(`\nList activation: ${activationEntries.toLocaleString('en-US')} generated entries (${(list.length / 2 ** 20).toFixed(1)} MiB CSV) imported and activated through web-1 in one request (answered after ${(answeredMs / 1000).toFixed(1)} s); web-1 screened against it after ${(seenMs[0]! / 1000).toFixed(1)} s, web-2 after ${(seenMs[1]! / 1000).toFixed(1)} s. /healthz every 20 ms:`);
    console.log('\n| process | phase | samples | not 200 | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    webs.forEach((w, i) => {
      for (const [phaseName, samples] of [['idle (baseline)', idle[i]!], ['upload to both serving it', during[i]!]] as const) {
        const r = latencySummary(samples);
        console.log(`| ${w.name} | ${phaseName} | ${r.samples} | ${r.failed} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`);
      }
    });
    if (during.flat().some((x) => x.status !== 200)) {
      failed = true;
      console.error('\nFAILED: some /healthz samples did not answer 200 during the activation');
    }
  }

  if (soakSeconds > 0) {
    const watched = [...webs, worker];
    const samples: { at: number; rss: number[] }[] = [];
    const t0 = performance.now();
    const sample = () => samples.push({ at: performance.now() - t0, rss: watched.map((s) => rssKiB(s.proc.pid!)) });
    sample();
    const timer = setInterval(sample, RSS_EVERY_MS);
    const soak = await autocannon({
      url: spreadOver(webs.map((w) => w.url!)),
      connections: 4 * webs.length,
      duration: soakSeconds,
      overallRate: soakRate,
      requests: routes.map((r) => ({ method: r.method, path: r.path, ...(r.headers ? { headers: r.headers } : {}), ...(r.body ? { body: r.body } : {}) })),
    });
    clearInterval(timer);
    sample();
    // A single sample catches the garbage collector anywhere in its cycle: compare the median of the
    // minute after warm-up with that of the last minute.
    const window = (from: number, to: number) => {
      const inside = samples.filter((x) => x.at >= from && x.at <= to);
      return inside.length ? inside : [samples.reduce((best, x) => (Math.abs(x.at - from) < Math.abs(best.at - from) ? x : best))];
    };
    const last = samples.at(-1)!.at;
    const warmSamples = window(WARM_UP_MS, 2 * WARM_UP_MS);
    const endSamples = window(Math.max(2 * WARM_UP_MS, last - WARM_UP_MS), last);
    const warm = { rss: watched.map((_, i) => median(warmSamples.map((x) => x.rss[i]!))) };
    const end = { rss: watched.map((_, i) => median(endSamples.map((x) => x.rss[i]!))) };
    const errors = soak.errors + soak.timeouts + soak.non2xx;
    console.log(`\nSoak: ${soakSeconds} s of mixed load (the four routes in turn) at ${soakRate} requests/s over both web processes: ${soak.requests.total} requests, ${errors} errors, p99 ${soak.latency.p99} ms; RSS every ${RSS_EVERY_MS / 1000} s`);
    console.log('\n| process | RSS after warm-up (median, 60–120 s) | RSS at the end (median, last 60 s) | growth | peak |');
    console.log('|---|---:|---:|---:|---:|');
    const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
    watched.forEach((s, i) => {
      const growth = ((end.rss[i]! - warm.rss[i]!) / warm.rss[i]!) * 100;
      console.log(`| ${s.name} | ${mib(warm.rss[i]!)} | ${mib(end.rss[i]!)} | ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} % | ${mib(Math.max(...samples.map((x) => x.rss[i]!)))} |`);
    });
    if (errors > 0) {
      failed = true;
      console.error('\nFAILED: some soak requests failed');
    }
  }
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await stats?.end().catch(() => {});
  await stopAll(servers);
  await admin((c) => c.query(`drop database if exists ${dbName} with (force)`)).catch((err: unknown) => console.error(`could not drop ${dbName}:`, err));
}
process.exit(failed ? 1 : 0);
