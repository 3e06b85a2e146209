// API benchmark: the real server (SQLite, demo data) in a child process, loaded by autocannon from
// this process. Reports requests/s and p99 for reading a proposal and for the completeness check,
// beside /healthz on the same server in the same run (the baseline; ratios hold on a noisy machine).
//   npm run bench:api  [-- --duration 10 --connections 10]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const duration = arg('duration', 10);
const connections = arg('connections', 10);
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://localhost:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'aiep-bench-'));

const server = spawn(process.execPath, ['bin/server.mjs'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, LOG_LEVEL: 'warn', DEMO_DATA: 'auto' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => d.toString().includes('aiep is running') && resolve());
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});

const login = await fetch(`${base.replace('localhost', '127.0.0.1')}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'anchor@meridian.example', password: 'demo-password-2026' }),
});
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const list = (await (await fetch(`http://127.0.0.1:${port}/api/v1/proposals`, { headers: { cookie } })).json()) as { items: { id: string }[] };
const id = list.items[0]!.id;

async function measure(title: string, path: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections, duration, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${title}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { title, path, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

const results = [
  await measure('baseline: GET /healthz', '/healthz'),
  await measure('GET /api/v1/proposals/{id} (session cookie)', `/api/v1/proposals/${id}`, { cookie }),
  await measure('GET /api/v1/proposals/{id}/completeness', `/api/v1/proposals/${id}/completeness`, { cookie }),
];
server.kill('SIGTERM');

const baseline = results[0]!.rps;
console.log(`aiep API benchmark — ${duration}s × ${connections} connections per route, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`);
console.log('| route | requests/s | p50 ms | p99 ms | vs /healthz |');
console.log('|---|---:|---:|---:|---:|');
for (const r of results) console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${((r.rps / baseline) * 100).toFixed(0)} % |`);
