// `aiep worker`: a worker process — background jobs and the scheduled work, no HTTP API; with
// WORKER_HEALTH_PORT set it answers /healthz and /readyz there (docs/operations.md#process-roles).
import type { Command } from 'commander';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run a worker process: jobs (screening, re-screening, batches) and the scheduled work, without HTTP (PROCESS_ROLE=worker)')
    .action(async () => {
      const { start } = await import('../../server/main.ts');
      await start({ role: 'worker' });
    });
}
