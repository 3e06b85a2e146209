// config → db → migrate → bootstrap/demo data → app → listen; graceful shutdown on SIGINT/SIGTERM.
import { buildApp } from './app.ts';
import { loadConfig, loadDotEnv } from './config.ts';
import { createDb } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { bootstrapAdmin } from './modules/users/users.service.ts';
import { loadDemoDataIfEmpty } from './seed/demo.ts';
import { startWorker } from './jobs/worker.ts';
import { composeDeps } from './compose.ts';
import { clockFromEnv } from './lib/clock.ts';
import type { Deps } from './lib/context.ts';
import { writeAuditCheckpoint } from './modules/audit/audit.service.ts';

loadDotEnv();
const config = loadConfig();
const db = createDb(config.DATABASE_URL);
await migrateToLatest(db);
const deps: Deps = composeDeps({ db, config, clock: clockFromEnv() });
await bootstrapAdmin(deps);
const demo = config.DEMO_DATA === 'auto' ? await loadDemoDataIfEmpty(deps) : null;
// A signed checkpoint of the audit chain outside the database at every start (and at shutdown, and
// by the worker's scheduled work); creates the audit key file on first start when no key is set.
deps.auditKeys.signing();
const startCheckpoint = await writeAuditCheckpoint(deps);

const app = await buildApp(deps);
await app.listen({ port: config.PORT, host: config.HOST });
const worker = startWorker(deps); // background jobs (re-screening, batches); JOBS_WORKER=off for a web-only process
const url = `http://localhost:${config.PORT}`;
const lines = [`aiep is running at ${url}  (API ${url}/api/v1, OpenAPI ${url}/docs)`];
if (demo) {
  lines.push('', `Demo logins (every demo user's password is: ${config.DEMO_PASSWORD}):`);
  for (const u of demo.users) lines.push(`  ${u.email.padEnd(36)} ${u.roles.join(', ')}  (${u.org})`);
}
process.stdout.write(`\n${lines.join('\n')}\n\n`);
if (startCheckpoint.problem) app.log.error({ problem: startCheckpoint.problem }, 'audit checkpoint refused: the audit chain does not verify');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => process.exit(1), 10_000);
  try {
    await app.close();
    await worker?.stop(); // lets a running job finish its current step before the database closes
    const checkpoint = await writeAuditCheckpoint(deps).catch((err: unknown) => ({ written: false, count: 0, problem: String(err) }));
    if (checkpoint.problem) app.log.error({ problem: checkpoint.problem }, 'audit checkpoint refused at shutdown');
    await db.destroy();
  } finally {
    clearTimeout(timer);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
