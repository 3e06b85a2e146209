// `aiep serve`: a web process (HTTP API and web app, no job worker) — several may run behind a load
// balancer on one PostgreSQL database beside `aiep worker` processes (docs/operations.md#process-roles).
import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run a web process: the HTTP API and the web app, without the job worker (PROCESS_ROLE=web)')
    .option('--all', 'run the job worker in this process too (PROCESS_ROLE=all, the single-process default of npm start)')
    .action(async (opts: { all?: boolean }) => {
      const { start } = await import('../../server/main.ts');
      await start({ role: opts.all ? 'all' : 'web' });
    });
}
