import type { Command } from 'commander';
import { loadConfig, loadDotEnv } from '../../server/config.ts';
import { retireCurrentKey } from '../../server/lib/audit-keys.ts';
import { verifyAuditTrail, writeAuditCheckpoint } from '../../server/modules/audit/audit.service.ts';
import { withDatabase } from '../db.ts';

/**
 * `aiep audit verify`: exit 0 when the keyed hash chain is intact and every signed checkpoint is
 * still a prefix of it, 2 when not (naming the first broken event, or the checkpoint and whether
 * events were removed from the end or the chain re-hashed). `aiep audit checkpoint` writes a
 * checkpoint now; `aiep audit rotate-key` retires the current key (docs/security.md#audit-trail).
 */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Audit trail tools');
  audit
    .command('verify')
    .description('Prove the audit trail intact: every event unaltered and none removed, every checkpoint still a prefix of the chain')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDatabase((deps) => verifyAuditTrail(deps));
      process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${result.message}\n`);
      process.exitCode = result.ok ? 0 : 2;
    });
  audit
    .command('checkpoint')
    .description('Append a signed checkpoint of the audit chain (event count and head) to AUDIT_CHECKPOINT_FILE now')
    .action(async () => {
      const report = await withDatabase((deps) => writeAuditCheckpoint(deps));
      if (report.problem) {
        process.stdout.write(`No checkpoint written: ${report.problem}\n`);
        process.exitCode = 2;
      } else process.stdout.write(report.written ? `Checkpoint written: ${report.count} events\n` : `No new events since the last checkpoint (${report.count} events)\n`);
    });
  audit
    .command('rotate-key')
    .description('Start a new audit key epoch: checkpoint the chain, then keep the current key read-only in AUDIT_KEYRING_DIR')
    .action(async () => {
      const report = await withDatabase((deps) => writeAuditCheckpoint(deps));
      if (report.problem) throw new Error(`the audit chain does not verify, so its key is not rotated: ${report.problem}`);
      loadDotEnv();
      const retired = retireCurrentKey(loadConfig());
      process.stdout.write(`Audit key ${retired.id} retired to ${retired.path} (read-only); it keeps verifying the events of its epoch.\n`);
      process.stdout.write(
        retired.fromFile
          ? 'A new key is created at the next signed event; restart every server process so that they sign with it.\n'
          : 'Now set a new AUDIT_HMAC_KEY (openssl rand -hex 32) and restart every server process.\n',
      );
    });
}
