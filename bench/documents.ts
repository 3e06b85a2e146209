// Documents benchmark: memory stays flat while files stream through the real server. The server
// (bin/server.mjs, SQLite file, demo data) runs in a child process; this process uploads a file as
// multipart/form-data over HTTP — generated as it is sent, never held whole on either side — and
// downloads it again, sampling the server's resident memory (VmRSS of /proc/<pid>/status) every
// 20 ms during each transfer. The baseline is the same round trip of a 1 MB file in the same run:
// streaming means the peak growth of the 25 MB file is about that of the 1 MB one, not 25 times it.
//   npm run bench:documents  [-- --mb 25 --rounds 3 --parallel 4 --small-heap]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { factoryPackage, FACTORY_ANCHOR, FACTORY_MEMBER } from '../src/server/test/factories.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const bigMb = arg('mb', 25);
const rounds = arg('rounds', 3);
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'aiep-bench-'));

const server = spawn(process.execPath, ['bin/server.mjs'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'auto',
    // Keys and checkpoints of this throw-away database stay beside it, not in ./data.
    AUDIT_KEY_FILE: join(dir, 'audit.key'),
    AUDIT_KEYRING_DIR: join(dir, 'audit-keys'),
    AUDIT_CHECKPOINT_FILE: join(dir, 'audit-checkpoints.jsonl'),
    MFA_KEY_FILE: join(dir, 'mfa.key'),
    MAIL_DEV_MAILBOX: 'off',
    // `--small-heap`: a young generation of 1 MiB, so the collector reclaims the transfers' garbage
    // at once and the first transfer shows what stays alive rather than what is not yet collected.
    ...(process.argv.includes('--small-heap') ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=1`.trim() } : {}),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => d.toString().includes('aiep is running') && resolve());
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});

/** The server process's resident memory, in bytes. */
function rss(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

async function login(email: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo-password-2026' }) });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken };
}

async function call<T>(who: { cookie: string; csrf: string }, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// A draft proposal without a call (the default limit: 25 MiB).
const anchor = await login(FACTORY_ANCHOR.email);
const member = await login(FACTORY_MEMBER.email);
const consortium = await call<{ id: string }>(anchor, 'POST', '/api/v1/consortia', { name: 'Benchmark consortium', layerRoles: ['infrastructure', 'model', 'security'] });
await call(anchor, 'POST', `/api/v1/consortia/${consortium.id}/invitations`, { orgId: FACTORY_MEMBER.orgId, layerRoles: ['data', 'application'] });
await call(member, 'POST', `/api/v1/consortia/${consortium.id}/invitation/accept`, {});
const proposal = await call<{ id: string }>(anchor, 'POST', '/api/v1/proposals', { consortiumId: consortium.id, title: 'Benchmark proposal', summary: 'Documents benchmark.', package: factoryPackage() });

const CHUNK = 64 * 1024;
/** A PDF-looking file of `size` bytes, generated piece by piece, with its SHA-256 computed on the way. */
function* fileBytes(size: number, hash: ReturnType<typeof createHash>): Generator<Buffer> {
  const head = Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1');
  hash.update(head);
  yield head;
  let left = size - head.length;
  let n = 0;
  while (left > 0) {
    const piece = Buffer.alloc(Math.min(CHUNK, left), 0x30 + (n++ % 10));
    hash.update(piece);
    yield piece;
    left -= piece.length;
  }
}

function multipartStream(size: number, hash: ReturnType<typeof createHash>): { body: ReadableStream<Uint8Array>; type: string } {
  const boundary = `----aiepbench${Date.now()}`;
  const pre = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBenchmark ${size}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const post = Buffer.from(`\r\n--${boundary}--\r\n`);
  const parts = (function* () {
    yield pre;
    yield* fileBytes(size, hash);
    yield post;
  })();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = parts.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** Runs `fn` while sampling the server's RSS; answers the peak growth over the RSS just before. */
async function sampled<T>(fn: () => Promise<T>): Promise<{ result: T; before: number; peak: number; ms: number }> {
  const before = rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rss());
  }, 20);
  const start = performance.now();
  try {
    const result = await fn();
    peak = Math.max(peak, rss());
    return { result, before, peak, ms: performance.now() - start };
  } finally {
    clearInterval(timer);
  }
}

async function upload(size: number, hash: ReturnType<typeof createHash>) {
  const { body, type } = multipartStream(size, hash);
  const res = await fetch(`${base}/api/v1/proposals/${proposal.id}/documents`, {
    method: 'POST',
    headers: { cookie: anchor.cookie, 'x-csrf-token': anchor.csrf, 'content-type': type },
    body,
    duplex: 'half',
  } as RequestInit);
  if (res.status !== 201) throw new Error(`upload ${size}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { full: { id: string; sha256: string; sizeBytes: number } };
}

async function roundTrip(size: number) {
  const hash = createHash('sha256');
  const up = await sampled(() => upload(size, hash));
  const sent = hash.digest('hex');
  if (up.result.full.sha256 !== sent || up.result.full.sizeBytes !== size) throw new Error('the stored file differs from the one sent');
  const down = await sampled(async () => {
    const res = await fetch(`${base}/api/v1/documents/versions/${up.result.full.id}/download`, { headers: { cookie: anchor.cookie } });
    if (!res.ok || !res.body) throw new Error(`download: ${res.status}`);
    const h = createHash('sha256');
    let got = 0;
    for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) {
      h.update(piece);
      got += piece.length;
    }
    if (got !== size || h.digest('hex') !== sent) throw new Error('the downloaded file differs from the one sent');
    return got;
  });
  return { size, up, down };
}

const MB = 1000 * 1000;
const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
const rows: { label: string; upGrowth: number; downGrowth: number; upMs: number; downMs: number }[] = [];
// A first round of each size warms the server (code paths, SQLite's page cache, the heap growing to
// its working size before the collector reclaims the transfers' garbage): shown, not counted.
const coldStart = rss();
const warm = [await roundTrip(1 * MB), await roundTrip(bigMb * MB)];
const warmed = rss();
for (let r = 0; r < rounds; r++) {
  for (const size of [1 * MB, bigMb * MB]) {
    const t = await roundTrip(size);
    rows.push({ label: `${size / MB} MB`, upGrowth: t.up.peak - t.up.before, downGrowth: t.down.peak - t.down.before, upMs: t.up.ms, downMs: t.down.ms });
  }
}
// Several large uploads at once: a server that held whole files would need them all in memory together.
const parallel = arg('parallel', 4);
const together = await sampled(() => Promise.all(Array.from({ length: parallel }, () => upload(bigMb * MB, createHash('sha256')))));
const finished = rss();
server.kill('SIGTERM');

console.log(`aiep documents benchmark — ${rounds} round(s), Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`);
console.log('| file | upload: peak RSS growth | upload ms | download: peak RSS growth | download ms |');
console.log('|---|---:|---:|---:|---:|');
for (const w of warm) console.log(`| warm-up: ${w.size / MB} MB | ${mib(w.up.peak - w.up.before)} | ${w.up.ms.toFixed(0)} | ${mib(w.down.peak - w.down.before)} | ${w.down.ms.toFixed(0)} |`);
for (const r of rows) console.log(`| ${r.label} | ${mib(r.upGrowth)} | ${r.upMs.toFixed(0)} | ${mib(r.downGrowth)} | ${r.downMs.toFixed(0)} |`);
const worst = (label: string, k: 'upGrowth' | 'downGrowth') => Math.max(...rows.filter((r) => r.label === label).map((r) => r[k]));
const small = `${1} MB`;
const big = `${bigMb} MB`;
console.log(
  `\nworst peak growth: upload ${mib(worst(small, 'upGrowth'))} (1 MB) vs ${mib(worst(big, 'upGrowth'))} (${bigMb} MB); ` +
    `download ${mib(worst(small, 'downGrowth'))} (1 MB) vs ${mib(worst(big, 'downGrowth'))} (${bigMb} MB)`,
);
console.log(`${parallel} uploads of ${bigMb} MB at once: peak RSS growth ${mib(together.peak - together.before)} in ${together.ms.toFixed(0)} ms`);
console.log(`server RSS: ${mib(coldStart)} before the warm-up, ${mib(warmed)} after it, ${mib(finished)} after ${rounds} more round(s) (${((rounds * (bigMb + 1) * 2 * MB) / (1024 * 1024)).toFixed(0)} MiB moved)`);
