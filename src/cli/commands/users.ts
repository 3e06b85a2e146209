import type { Command } from 'commander';
import { resetUserMfaByEmail } from '../../server/modules/auth/mfa.service.ts';
import { withDatabase } from '../db.ts';

/**
 * `aiep users mfa-reset EMAIL`: the operator's reset of a user's two-factor sign-in, for the
 * administrator who lost both the authenticator and the recovery codes with no other
 * administrator to reset it (docs/security.md#two-factor-sign-in). Exit 2 for an unknown address.
 */
export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('User account tools');
  users
    .command('mfa-reset')
    .description("Reset a user's two-factor sign-in: the authenticator, recovery codes and sessions go; the user sets it up again")
    .argument('<email>', "the user's e-mail address")
    .action(async (email: string) => {
      const done = await withDatabase((deps) => resetUserMfaByEmail(deps, email));
      process.stdout.write(done ? `Two-factor sign-in of ${email} reset: it is set up again at the next sign-in.\n` : `No user has the address ${email}.\n`);
      process.exitCode = done ? 0 : 2;
    });
}
