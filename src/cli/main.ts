// `aiep` command-line entry. Each command lives in its own module under ./commands and
// registers itself on the program; results go to stdout, progress and logs to stderr.
import { Command } from 'commander';
import { registerScreenCommands, setDefaultEntryLoader } from './commands/screen.ts';
import { withDatabase } from './db.ts';
import { loadActiveEntries } from '../server/modules/screening/screening.index.ts';
import { registerDetermineCommand } from './commands/determine.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerPackageCommands } from './commands/package.ts';
import { registerListsCommands } from './commands/lists.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { registerUsersCommands } from './commands/users.ts';

const program = new Command();
program.name('aiep').description('American AI Exports Program command line').showHelpAfterError();

registerScreenCommands(program);
// Without --list, `aiep screen` screens against the database's active list versions.
setDefaultEntryLoader(() =>
  withDatabase(async (deps) => {
    const entries = await loadActiveEntries(deps);
    if (!entries.length) throw new Error('the database holds no active list: run `aiep lists import PATH`, or pass --list PATH');
    return entries;
  }),
);
registerDetermineCommand(program);
registerPackageCommands(program);
registerAuditCommands(program);
registerBackupCommands(program);
registerListsCommands(program);
registerServeCommand(program);
registerWorkerCommand(program);
registerUsersCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`aiep: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
