#!/usr/bin/env node
// Runs the whole suite (vitest), says plainly which parts were skipped and why, and ends with one
// line "N passed, N failed". Exits non-zero on any failure or when no test ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const notices = [];
if (!process.env.TEST_DATABASE_URL) notices.push('PostgreSQL tests SKIPPED: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run every database suite on PostgreSQL too.');
else notices.push(`PostgreSQL tests run against ${process.env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}`);
if (!existsSync(chromium)) notices.push(`Browser tests SKIPPED: no Chromium at ${chromium} (apt-get install -y chromium).`);
for (const n of notices) process.stderr.write(`» ${n}\n`);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
for (const n of notices) process.stderr.write(`» ${n}\n`);
if (skipped) process.stderr.write(`» ${skipped} test(s) skipped\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
