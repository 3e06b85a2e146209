#!/usr/bin/env node
// Runs the whole suite (vitest: the node and web projects), then a slice of it with the clock moved
// to 2027 and to 2030, says plainly which parts were skipped and why, and ends with one line
// "N passed, N failed". Exits non-zero on any failure or when no test ran. With CI=true nothing may
// be skipped: a missing PostgreSQL or Chromium, or any skipped test, fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const notices = [];
const missing = [];
if (!process.env.TEST_DATABASE_URL) missing.push('PostgreSQL tests SKIPPED: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run every database suite on PostgreSQL too.');
else notices.push(`PostgreSQL tests run against ${process.env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}`);
if (!existsSync(chromium)) missing.push(`Browser tests SKIPPED: no Chromium at ${chromium} (apt-get install -y chromium).`);
notices.push(...missing);
for (const n of notices) process.stderr.write(`» ${n}\n`);

// The date-dependent suites, run again on a clock in 2027 and in 2030 (the harness reads
// AIEP_TEST_NOW), so that no expectation silently depends on the year the suite runs in.
const CLOCK_SLICE = [
  'src/server/modules/calls/calls.test.ts',
  'src/server/modules/financing/financing.test.ts',
  'src/server/modules/financing/deal-stages.test.ts',
  'src/server/modules/review/lifecycle.test.ts',
  'src/server/modules/compliance/compliance.test.ts',
  'src/server/modules/proposals/proposals.test.ts',
  'src/server/modules/auth/auth.test.ts',
  'src/server/modules/auth/accounts.test.ts',
  'src/server/modules/screening/dispositions.test.ts',
  'src/server/modules/screening/durability.test.ts',
  'src/server/modules/notifications/escalations.test.ts',
  'src/server/modules/notifications/email-delivery.test.ts',
  'src/server/modules/mail/mail.test.ts',
];
const CLOCK_DATES = ['2027-03-15T10:00:00.000Z', '2030-11-28T18:45:00.000Z'];

mkdirSync('test-results', { recursive: true });

function vitest(label, args, env = {}) {
  const report = `test-results/vitest-${label}.json`;
  rmSync(report, { force: true });
  const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  const counts = { passed: 0, failed: 0, skipped: 0, status: run.status };
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    counts.passed = r.numPassedTests ?? 0;
    // A file that failed before any test ran (an import error, a failing beforeAll) counts as a failure.
    counts.failed = (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
    counts.skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } else counts.failed = 1;
  return counts;
}

const extra = process.argv.slice(2);
const runs = [vitest('all', extra)];
// The clock slice runs with the full suite only (not when a file or filter was given).
if (extra.length === 0) for (const at of CLOCK_DATES) runs.push(vitest(`clock-${at.slice(0, 4)}`, ['--project', 'node', ...CLOCK_SLICE], { AIEP_TEST_NOW: at }));

const passed = runs.reduce((n, r) => n + r.passed, 0);
let failed = runs.reduce((n, r) => n + r.failed, 0);
const skipped = runs.reduce((n, r) => n + r.skipped, 0);
for (const n of notices) process.stderr.write(`» ${n}\n`);
if (extra.length === 0) process.stderr.write(`» the clock slice ran on ${CLOCK_DATES.join(' and ')}\n`);
if (skipped) process.stderr.write(`» ${skipped} test(s) skipped\n`);
if (ci && (missing.length > 0 || skipped > 0)) {
  process.stderr.write('» CI=true: nothing may be skipped, so the run fails.\n');
  failed += missing.length + skipped;
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(runs.some((r) => r.status !== 0) || failed > 0 || passed === 0 ? 1 : 0);
