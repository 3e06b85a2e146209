// The development mailbox: an SMTP server inside the server process, on a free port of 127.0.0.1,
// that keeps the last DEV_MAILBOX_SIZE messages it receives in memory for administrators to read
// (GET /api/v1/admin/dev-mail). It runs when MAIL_DEV_MAILBOX says so (main.ts): by default when no
// SMTP server is configured and the database is SQLite — the embedded development set-up — so that
// e-mail is sent, and readable, without a mail server. It never relays anything anywhere.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../../config.ts';
import type { DevMailView } from '../../../shared/contracts/mail.ts';
import { newId } from '../../lib/ids.ts';

export const DEV_MAILBOX_SIZE = 200;

interface DevMailbox {
  url: string;
  messages: DevMailView[];
  server: SMTPServer;
}

let current: DevMailbox | null = null;

/** Whether this configuration asks for the development mailbox. */
export function devMailboxWanted(config: Pick<Config, 'MAIL_DEV_MAILBOX' | 'SMTP_URL' | 'SMTP_HOST' | 'DATABASE_URL'>): boolean {
  if (config.MAIL_DEV_MAILBOX !== 'auto') return config.MAIL_DEV_MAILBOX === 'on';
  return !config.SMTP_URL && !config.SMTP_HOST && config.DATABASE_URL.startsWith('sqlite:');
}

/** The running development mailbox's address (smtp://127.0.0.1:port), or null. */
export function devMailboxUrl(): string | null {
  return current?.url ?? null;
}

/** What the development mailbox received, newest first; null when none runs in this process. */
export function devMailboxMessages(): DevMailView[] | null {
  return current ? [...current.messages].reverse() : null;
}

/** Starts the development mailbox (once); `now` stamps what it receives. */
export async function startDevMailbox(now: () => string): Promise<string> {
  if (current) return current.url;
  const messages: DevMailView[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const to = parsed.to ? (Array.isArray(parsed.to) ? parsed.to : [parsed.to]).flatMap((a) => a.value.map((v) => v.address ?? '')) : session.envelope.rcptTo.map((r) => r.address);
          messages.push({
            id: newId(),
            receivedAt: now(),
            from: parsed.from?.text ?? '',
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
          });
          if (messages.length > DEV_MAILBOX_SIZE) messages.splice(0, messages.length - DEV_MAILBOX_SIZE);
          callback();
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  current = { url, messages, server };
  return url;
}

export async function stopDevMailbox(): Promise<void> {
  const box = current;
  current = null;
  if (box) await new Promise<void>((resolve) => box.server.close(() => resolve()));
}
