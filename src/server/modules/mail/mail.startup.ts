// What a starting server process does about e-mail (main.ts): start the development mailbox when
// the configuration asks for it (in the all-in-one process only, which both sends and serves the
// page that shows it), and warn loudly when e-mail has nowhere to go (it stays pending, never
// dropped, and the worker sends it once a process with an SMTP server runs).
import type { ProcessRole } from '../../config.ts';
import type { Deps } from '../../lib/context.ts';
import { devMailboxWanted, startDevMailbox, stopDevMailbox } from './mail.devbox.ts';
import { smtpConfigured, smtpTarget } from './mail.transport.ts';

export async function startMail(deps: Deps, role: ProcessRole, say: (line: string) => void): Promise<{ stop(): Promise<void> }> {
  const config = deps.config;
  if (!smtpConfigured(config) && role === 'all' && devMailboxWanted(config)) {
    const url = await startDevMailbox(() => deps.clock.nowIso());
    say(`e-mail: no SMTP server is configured; the development mailbox (${url}) keeps what is sent, for administrators under E-mail → Development mailbox (MAIL_DEV_MAILBOX=off turns it off)`);
  } else if (!smtpConfigured(config) && role !== 'web') {
    say('WARNING e-mail: no SMTP server is configured (SMTP_URL or SMTP_HOST): e-mail stays pending in the outbox and is sent once a process with an SMTP server starts');
  }
  if (role !== 'web' && smtpConfigured(config)) say(`e-mail: sent through ${smtpTarget(config)}`);
  return { stop: stopDevMailbox };
}
