// Screening under load: does CPU work of the screening index hold up requests? The real server
// (all-in-one role, SQLite) in a child process, with the 2022 CSL (../shared/data/csl, else 30,000
// generated entries) imported and active; /healthz is sampled every 20 ms (a) idle — the baseline
// of the same run —, (b) while a 20,000-row batch job runs, (c) while a new list version is
// activated (the index rebuilt and swapped in). Both SCREENING_INDEX_THREAD modes by default.
// Searches are also timed during (b): they wait for the index thread's current batch chunk.
//   npm run bench:screening-load  [-- --modes on,off --rows 20000 --idle 10]
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseListText } from '../src/engines/screening/index.ts';
import { childEnv, killChild, pollLatency, REPO_ROOT, SERVER_ENTRY, serverUrl, spawnNode, waitUntil, type LatencySample } from '../src/server/jobs/__fixtures__/processes.ts';
import { syntheticCsl } from '../src/server/modules/screening/__fixtures__/synthetic-list.ts';
import { completeSecondStepOverHttp } from '../src/server/test/second-step-http.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const modes = arg('modes', 'on,off').split(',') as ('on' | 'off')[];
const batchRows = Number(arg('rows', '20000'));
const idleSeconds = Number(arg('idle', '10'));
const SAMPLE_EVERY_MS = 20;

// The shared benchmark data sits beside the repository when present (AIEP_SHARED_DATA moves it).
const SHARED_CSL = resolve(REPO_ROOT, process.env.AIEP_SHARED_DATA ?? '../shared/data', 'csl/consolidated_2022-05.csv');
const listText = existsSync(SHARED_CSL) ? readFileSync(SHARED_CSL, 'utf8') : syntheticCsl(30_000, 1).csv;
const listSource = existsSync(SHARED_CSL) ? 'CSL 2022-05 (shared/data)' : '30,000 generated entries';
const entries = parseListText(listText, 'list.csv', 'csl');
// The second version: the same file and one more entry (a new SHA-256, a new version to activate).
const nextText = `${listText.trimEnd()}\n${syntheticCsl(1, 99).csv.split('\n')[1]}\n`;

/** A batch like a customer file: a quarter are listed names, the rest companies that are not. */
function batchCsv(n: number): string {
  const lines = ['id,name,country'];
  for (let i = 0; i < n; i++) {
    const name = i % 4 === 0 ? entries[(i * 7919) % entries.length]!.name : `Harbor ${['Trading', 'Logistics', 'Systems', 'Foods'][i % 4]} Company ${i}`;
    lines.push(`${i + 1},"${name.replace(/"/g, '""')}",${i % 5 === 0 ? 'CN' : ''}`);
  }
  return lines.join('\n') + '\n';
}

interface Session {
  base: string;
  cookie: string;
  csrf: string;
}

async function call(s: Session, method: string, path: string, body?: string, contentType = 'application/json', headers: Record<string, string> = {}) {
  const res = await fetch(`${s.base}${path}`, { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body !== undefined ? { 'content-type': contentType } : {}), ...headers }, body });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Row {
  mode: string;
  phase: string;
  samples: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  note: string;
}

function summarize(mode: string, phase: string, samples: readonly LatencySample[], note = ''): Row {
  const ok = samples.filter((s) => s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
  return { mode, phase, samples: samples.length, failed: samples.length - ok.length, p50: percentile(ok, 50), p99: percentile(ok, 99), max: ok.at(-1) ?? NaN, note };
}

async function runMode(mode: 'on' | 'off'): Promise<Row[]> {
  const adminPassword = 'quartz-lantern-orbit-7719';
  const server = spawnNode(SERVER_ENTRY, childEnv(`sqlite:${join(mkdtempSync(join(tmpdir(), 'aiep-bench-')), 'bench.db')}`, {
    PROCESS_ROLE: 'all',
    SCREENING_INDEX_THREAD: mode,
    ADMIN_EMAIL: 'bench.admin@agency.example',
    ADMIN_PASSWORD: adminPassword,
  }));
  try {
    const base = await serverUrl(server, 60_000);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench.admin@agency.example', password: adminPassword }) });
    const answer = (await login.json()) as { csrfToken: string; mfa?: string };
    const s: Session = { base, cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: answer.csrfToken };
    // The bench's administrator sets up its authenticator at first sign-in, as every administrator must.
    await completeSecondStepOverHttp(base, { cookie: s.cookie, csrf: s.csrf, email: 'bench.admin@agency.example', demoPassword: adminPassword, mfa: answer.mfa });
    const healthz = `${base}/healthz`;
    const activeVersion = async () => ((await call(s, 'POST', '/api/v1/screening/search', JSON.stringify({ name: 'probe' }))).lists as { versionId: string }[])[0]?.versionId;

    const v1 = (await call(s, 'POST', '/api/v1/lists/import?fileName=list-v1.csv&activate=true', listText, 'text/csv')).id as string;
    await waitUntil('the first index', 120_000, async () => ((await activeVersion()) === v1 ? true : undefined), 250);
    await sleep(3000); // the activation's re-screening of the (few) parties, and the next index check

    // (a) idle
    let poll = pollLatency(healthz, SAMPLE_EVERY_MS);
    await sleep(idleSeconds * 1000);
    const rows = [summarize(mode, '(a) idle', await poll.stop())];

    // (b) a batch job
    const csv = batchCsv(batchRows);
    poll = pollLatency(healthz, SAMPLE_EVERY_MS);
    const searches: number[] = [];
    let searching = true;
    const searchLoop = (async () => {
      while (searching) {
        const at = performance.now();
        await call(s, 'POST', '/api/v1/screening/search', JSON.stringify({ name: 'Rami Makhlouf', type: 'person' }));
        searches.push(performance.now() - at);
        await sleep(500);
      }
    })();
    const started = performance.now();
    const job = await call(s, 'POST', '/api/v1/screening/batch', csv, 'text/csv', { 'idempotency-key': `bench-${mode}` });
    const finished = await waitUntil('the batch job', 900_000, async () => {
      const j = await call(s, 'GET', `/api/v1/screening/jobs/${String(job.id)}`);
      if (j.status === 'failed') throw new Error(`the batch failed: ${String(j.error)}`);
      return j.status === 'done' ? j : undefined;
    }, 500);
    const batchSeconds = (performance.now() - started) / 1000;
    searching = false;
    await searchLoop;
    const summary = finished.summary as { rows: number; matched: number };
    rows.push(summarize(mode, `(b) batch of ${batchRows.toLocaleString('en-US')} rows`, await poll.stop(), `${batchSeconds.toFixed(0)} s, ${summary.matched} rows matched`));
    const sorted = searches.sort((a, b) => a - b);
    rows.push({ mode, phase: '(b) … POST /screening/search meanwhile', samples: sorted.length, failed: 0, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, note: 'one every 0.5 s' });

    // (c) activating a new version (imported beforehand: the import is not measured here)
    const v2 = (await call(s, 'POST', '/api/v1/lists/import?fileName=list-v2.csv', nextText, 'text/csv')).id as string;
    await sleep(2000);
    poll = pollLatency(healthz, SAMPLE_EVERY_MS);
    const activatedAt = performance.now();
    await call(s, 'POST', `/api/v1/lists/versions/${v2}/activate`, '{}');
    await waitUntil('the new index', 120_000, async () => ((await activeVersion()) === v2 ? true : undefined), 100);
    const swapSeconds = (performance.now() - activatedAt) / 1000;
    await sleep(2000);
    rows.push(summarize(mode, '(c) activation of a new version', await poll.stop(), `new index answering after ${swapSeconds.toFixed(1)} s`));
    return rows;
  } finally {
    await killChild(server);
  }
}

const results: Row[] = [];
for (const mode of modes) results.push(...(await runMode(mode)));

console.log(`aiep screening under load — ${listSource}, ${entries.length.toLocaleString('en-US')} entries; /healthz every ${SAMPLE_EVERY_MS} ms; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`);
console.log('| SCREENING_INDEX_THREAD | phase | samples | failed | p50 ms | p99 ms | max ms | note |');
console.log('|---|---|---:|---:|---:|---:|---:|---|');
for (const r of results) console.log(`| ${r.mode} | ${r.phase} | ${r.samples} | ${r.failed} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.note} |`);
