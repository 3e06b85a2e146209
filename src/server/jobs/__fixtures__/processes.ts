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
