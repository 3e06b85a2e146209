// A server process in one of three roles (PROCESS_ROLE, docs/operations.md#process-roles):
//   all    — HTTP and the job worker in one process (the embedded SQLite default, `npm start`);
//   web    — HTTP only (`aiep serve`): several behind a load balancer;
//   worker — jobs and scheduled work only (`aiep worker`), with /healthz, /readyz and /metrics on
//            WORKER_HEALTH_PORT when set.
// config → database → (under the start-up lock) migrations, first admin, demo data → app/worker;
// graceful shutdown on SIGINT/SIGTERM.
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig, loadDotEnv, processRoleOf, type ProcessRole } from './config.ts';
import { createDb, poolSettingsOf } from './db/connection.ts';
import { migrationsAtHead } from './db/migrate.ts';
import { registerWorkerMetrics } from './http/metrics.ts';
import { sendProblem } from './http/problem.ts';
import { requestIdOf } from './http/request-id.ts';
import { startWorker, type Worker } from './jobs/worker.ts';
import { clockFromEnv } from './lib/clock.ts';
import type { Deps } from './lib/context.ts';
import type { JobHandler } from './modules/screening/screening.jobs.ts';
import { writeAuditCheckpoint } from './modules/audit/audit.service.ts';
import { startMail } from './modules/mail/mail.startup.ts';
import { prepareDatabase } from './seed/startup.ts';

export interface StartOptions {
  /** Overrides PROCESS_ROLE (the `aiep serve` and `aiep worker` commands). */
  role?: ProcessRole;
  /** Extra job handlers by kind (tests run workers with handlers of their own). */
  handlers?: Record<string, JobHandler>;
  /** Install SIGINT/SIGTERM handlers that shut down and exit (default true). */
  handleSignals?: boolean;
}

export interface Started {
  role: ProcessRole;
  /** The HTTP address of the web or all role; the health address of a worker serving one. */
  url: string | null;
  /** Shuts down as on SIGTERM and resolves with the exit status it would use (0, or 1 when a job could not be given back). */
  shutdown(signal?: string): Promise<number>;
}

const say = (line: string) => process.stderr.write(`aiep: ${line}\n`);

export async function start(opts: StartOptions = {}): Promise<Started> {
  loadDotEnv();
  const config = loadConfig();
  const role = opts.role ?? processRoleOf(config);
  const db = createDb(config.DATABASE_URL, {
    pool: poolSettingsOf(config),
    applicationName: `aiep-${role}`,
    onConnectionError: (err) => say(`database connection lost (dropped; reopened on demand): ${err instanceof Error ? err.message : String(err)}`),
  });
  const { deps, demo } = await prepareDatabase(db, config, clockFromEnv());
  // A signed checkpoint of the audit chain outside the database at every start (and at shutdown, and
  // by the worker's scheduled work).
  const startCheckpoint = await writeAuditCheckpoint(deps);
  if (startCheckpoint.problem) say(`audit checkpoint refused: the audit chain does not verify: ${startCheckpoint.problem}`);
  // The development mailbox, or a warning when e-mail has nowhere to go (mail.startup.ts).
  const mail = await startMail(deps, role, say);

  let app: FastifyInstance | null = null;
  let worker: Worker | null = null;
  let health: FastifyInstance | null = null;
  let url: string | null = null;
  if (role === 'all' || role === 'web') {
    const { buildApp } = await import('./app.ts');
    app = await buildApp(deps);
    await app.listen({ port: config.PORT, host: config.HOST });
    const port = (app.server.address() as AddressInfo | null)?.port ?? config.PORT;
    url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST}:${port}`;
  }
  if (role === 'all' || role === 'worker') {
    worker = startWorker(deps, { keepAlive: role === 'worker', ...(opts.handlers ? { handlers: opts.handlers } : {}) });
    if (role === 'worker' && config.WORKER_HEALTH_PORT !== undefined) {
      health = await serveWorkerHealth(deps, config.WORKER_HEALTH_PORT, worker);
      url = `http://${config.HOST}:${(health.server.address() as AddressInfo).port}`;
    }
  }

  const lines: string[] = [];
  if (role === 'worker') lines.push(`aiep worker ${worker!.status().id} is running${url ? ` (health ${url}/healthz, ${url}/readyz)` : ''}`);
  else lines.push(`aiep is running at ${url}  (API ${url}/api/v1, OpenAPI ${url}/docs; ${role === 'all' ? 'web and worker' : 'web only'})`);
  if (demo && role !== 'worker') {
    lines.push('', `Demo logins (every demo user's password is: ${config.DEMO_PASSWORD}):`);
    for (const u of demo.users) lines.push(`  ${u.email.padEnd(36)} ${u.roles.join(', ')}  (${u.org})`);
    lines.push('Government users and the administrator sign in with a second step (two-factor): the sign-in page shows the demo code.');
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  let closing: Promise<number> | null = null;
  const shutdown = (signal = 'shutdown'): Promise<number> => {
    closing ??= (async () => {
      say(`${signal}: shutting down (${role})`);
      // The worker may use its grace period; whatever happens, the process is gone some seconds after it.
      const hard = setTimeout(() => {
        say('shutdown took too long; exiting');
        process.exit(1);
      }, config.SHUTDOWN_GRACE_MS + 10_000);
      hard.unref();
      let status = 0;
      try {
        const [, stopped] = await Promise.all([app?.close(), worker?.stop(config.SHUTDOWN_GRACE_MS)]);
        if (stopped?.requeued.length) say(`gave back to the queue: ${stopped.requeued.join(', ')}`);
        if (stopped?.abandoned.length) {
          say(`could not give back: ${stopped.abandoned.join(', ')} (taken over once the lease expires)`);
          status = 1;
        }
        await health?.close();
        await mail.stop();
        const checkpoint = await writeAuditCheckpoint(deps).catch((err: unknown) => ({ written: false, count: 0, problem: String(err) }));
        if (checkpoint.problem) say(`audit checkpoint refused at shutdown: ${checkpoint.problem}`);
        await db.destroy();
      } catch (err) {
        say(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        status = 1;
      } finally {
        clearTimeout(hard);
      }
      return status;
    })();
    return closing;
  };
  if (opts.handleSignals !== false) {
    // A job the worker gave back may still be running in this process: exit rather than wait for it.
    const onSignal = (signal: string) => void shutdown(signal).then((status) => process.exit(status));
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  }
  return { role, url, shutdown };
}

/**
 * The worker role's health endpoint: GET /healthz answers 200 while the process runs and is not
 * stopping (with the worker's tick count and running job), GET /readyz 200 when the database answers
 * and the migrations are at head, 503 otherwise, and GET /metrics the worker's metrics to the
 * addresses of METRICS_ALLOW (http/metrics.ts).
 */
async function serveWorkerHealth(deps: Deps, port: number, worker: Worker): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: deps.config.TRUST_PROXY, requestIdHeader: false, genReqId: requestIdOf });
  app.get('/healthz', async (_req, reply) => {
    const s = worker.status();
    if (s.stopping) return sendProblem(reply, 503, 'STOPPING', 'The worker is shutting down');
    return reply.header('cache-control', 'no-store').send({ status: 'ok', role: 'worker', ticks: s.ticks, runningJob: s.runningJob });
  });
  app.get('/readyz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      if (!(await migrationsAtHead(deps.db))) return sendProblem(reply, 503, 'MIGRATIONS_PENDING', 'Database migrations are not at head');
      return { status: 'ready' };
    } catch {
      return sendProblem(reply, 503, 'DATABASE_UNREACHABLE', 'The database cannot be reached');
    }
  });
  registerWorkerMetrics(app, deps, () => worker.status());
  app.setNotFoundHandler((req, reply) =>
    req.method === 'GET' || req.method === 'HEAD' ? sendProblem(reply, 404, 'NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}`) : sendProblem(reply, 405, 'METHOD_NOT_ALLOWED', 'The worker answers GET only'),
  );
  await app.listen({ port, host: deps.config.HOST });
  return app;
}

// Run directly (`node --import tsx src/server/main.ts`): start in the configured role.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await start();
