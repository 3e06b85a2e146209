// `aiep` command-line entry. Each command lives in its own module under ./commands and
// registers itself on the program; results go to stdout, progress and logs to stderr.
import { Command } from 'commander';
import { registerScreenCommands } from './commands/screen.ts';
import { registerDetermineCommand } from './commands/determine.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerPackageCommands } from './commands/package.ts';

const program = new Command();
program.name('aiep').description('American AI Exports Program command line').showHelpAfterError();

registerScreenCommands(program);
registerDetermineCommand(program);
registerPackageCommands(program);
registerAuditCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`aiep: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
