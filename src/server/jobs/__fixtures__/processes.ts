// Child server processes for the multi-process tests: spawned with `node --import tsx` from the
// repository root, their output collected, with waits that have deadlines (never timing asserts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_AUDIT_KEY, TEST_NOW } from '../../test/harness.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
export const WORKER_CHILD = join(import.meta.dirname, 'worker-child.ts');
export const SERVER_ENTRY = join(REPO_ROOT, 'bin/server.mjs');

export interface Child {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process ended and its output was read. */
  exited: Promise<number | string>;
  /** Waits until stdout matches `re` (returns the match), failing after `ms` or when the process ends first. */
  waitForOutput(re: RegExp, ms: number): Promise<RegExpMatchArray>;
}

/** Environment of a child: a database, an audit key and checkpoint file of its own, the tests' clock. */
export function childEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'aiep-proc-'));
  return {
    DATABASE_URL: databaseUrl,
    AUDIT_HMAC_KEY: TEST_AUDIT_KEY,
    AUDIT_KEY_FILE: join(dir, 'audit.key'),
    AUDIT_KEYRING_DIR: join(dir, 'audit-keys'),
    AUDIT_CHECKPOINT_FILE: join(dir, `checkpoints-${randomBytes(3).toString('hex')}.jsonl`),
    AIEP_NOW: TEST_NOW,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'off',
    // No shipped list snapshot either: these databases start with no list, as before it existed.
    SCREENING_BOOTSTRAP_SNAPSHOT: 'off',
    HOST: '127.0.0.1',
    PORT: '0',
    ...extra,
  };
}

export function spawnNode(script: string, env: Record<string, string>): Child {
  const inherited = { ...process.env };
  for (const k of ['TEST_DATABASE_URL', 'PROCESS_ROLE', 'JOBS_WORKER', 'NODE_OPTIONS']) delete inherited[k];
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // 'close', not 'exit': by then everything the process wrote to stdout and stderr has been read.
  const exited = new Promise<number | string>((r) => proc.once('close', (code, signal) => r(code ?? signal ?? 'unknown')));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitForOutput(re, ms) {
      const deadline = performance.now() + ms;
      for (;;) {
        const m = out.match(re);
        if (m) return m;
        if (ended) throw new Error(`process ended before printing ${re}: stdout=${out} stderr=${err}`);
        if (performance.now() > deadline) throw new Error(`no ${re} within ${ms} ms: stdout=${out} stderr=${err}`);
        await sleep(50);
      }
    },
  };
}

/** Polls `check` until it returns a value other than undefined, failing after `ms`. */
export async function waitUntil<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined, everyMs = 100): Promise<T> {
  const deadline = performance.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/** Ends a child we started (SIGKILL) unless it already ended. */
export async function killChild(c: Child): Promise<void> {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  await c.exited;
}

/** What a web (or all-in-one) process prints once it listens. */
export const SERVER_RUNNING = /is running at (http:\/\/\S+)/;
/** What a worker process prints once it runs; the health address when it serves one. */
export const WORKER_RUNNING = /aiep worker \S+ is running(?: \(health (http:\/\/\S+)\/healthz)?/;

/** Waits until a web or all-in-one process listens and returns its base URL (it may have been given PORT=0). */
export async function serverUrl(c: Child, ms: number): Promise<string> {
  return (await c.waitForOutput(SERVER_RUNNING, ms))[1]!;
}

/** Waits until a worker process runs and returns the base URL of its health endpoint (it needs WORKER_HEALTH_PORT). */
export async function workerHealthUrl(c: Child, ms: number): Promise<string> {
  const url = (await c.waitForOutput(WORKER_RUNNING, ms))[1];
  if (!url) throw new Error(`the worker serves no health endpoint (set WORKER_HEALTH_PORT): ${c.stdout()}`);
  return url;
}

/** True while the child has neither exited nor been killed. */
export const isRunning = (c: Child) => c.proc.exitCode === null && c.proc.signalCode === null;

export interface LatencySample {
  /** performance.now() when the request was sent. */
  at: number;
  ms: number;
  /** The HTTP status, or null when no answer came within the deadline (or the connection failed). */
  status: number | null;
  error?: string;
}

export interface LatencyPoller {
  samples(): readonly LatencySample[];
  /** The longest answer among the requests sent between `from` and `to` (performance.now() values). */
  maxBetween(from: number, to?: number): number;
  /** Stops after the request in flight and resolves with every sample. */
  stop(): Promise<readonly LatencySample[]>;
}

/**
 * GETs `url` again and again, one request at a time, every `everyMs` (or as soon as the previous
 * answer came, when it took longer), each with a deadline of `deadlineMs`; records how long each
 * took. Latencies are measured from this process, so they include its own stalls: an upper bound.
 */
export function pollLatency(url: string, everyMs = 20, deadlineMs = 10_000): LatencyPoller {
  const samples: LatencySample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = performance.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(Math.ceil(deadlineMs)) });
        await res.arrayBuffer();
        samples.push({ at, ms: performance.now() - at, status: res.status });
      } catch (err) {
        samples.push({ at, ms: performance.now() - at, status: null, error: err instanceof Error ? err.message : String(err) });
      }
      const wait = at + everyMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    samples: () => samples,
    maxBetween: (from, to = Number.POSITIVE_INFINITY) => samples.reduce((max, s) => (s.at >= from && s.at <= to && s.ms > max ? s.ms : max), 0),
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}
