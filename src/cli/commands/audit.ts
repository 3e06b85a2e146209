import type { Command } from 'commander';
import { verifyAuditChain } from '../../server/modules/audit/audit.repository.ts';
import { withDatabase } from '../db.ts';

/** `aiep audit verify`: exit 0 when the hash chain is intact, 2 when it is broken (naming the first broken event). */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Audit trail tools');
  audit
    .command('verify')
    .description('Prove the audit trail intact: every event unaltered and none removed')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDatabase((deps) => verifyAuditChain(deps.db.db));
      process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${result.message}\n`);
      process.exitCode = result.ok ? 0 : 2;
    });
}
