// A test SMTP server: an in-process smtp-server on a free port of 127.0.0.1 that keeps every
// message it accepts, parsed by mailparser. Point a harness at it with `useSmtpSink(deps, sink)`
// (sets SMTP_URL on the deps' configuration), queue mail, send what is due with
// `deliverQueuedMail(deps)`, then `await sink.waitForMail((m) => m.to.includes(address))`.
// `sink.rejectRecipients(true)` makes it refuse every RCPT TO (a delivery failure the sender sees).
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Deps } from '../lib/context.ts';
import { runJobsOnce } from '../jobs/worker.ts';
import { scheduleMailSend } from '../modules/mail/mail.jobs.ts';

export interface SinkMessage {
  /** The envelope's sender and recipients (what the SMTP session said). */
  envelope: { from: string; to: string[] };
  from: string;
  /** The To header's addresses, lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** The message as received. */
  raw: string;
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:<port> */
  url: string;
  messages: SinkMessage[];
  /** Resolves with the first message (received or still to come) that matches; rejects after `timeoutMs`. */
  waitForMail(predicate?: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  /** true: every RCPT TO is refused with 550 (until set back to false). */
  rejectRecipients(on: boolean): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters: { predicate: (m: SinkMessage) => boolean; resolve: (m: SinkMessage) => void }[] = [];
  let rejecting = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejecting) {
        const err = new Error(`mailbox unavailable: ${address.address}`) as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const toField = parsed.to ? (Array.isArray(parsed.to) ? parsed.to : [parsed.to]) : [];
            const msg: SinkMessage = {
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              },
              from: parsed.from?.text ?? '',
              to: toField.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: parsed.headers,
              raw,
            };
            messages.push(msg);
            for (const w of [...waiters]) {
              if (w.predicate(msg)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(msg);
              }
            }
            callback();
          },
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMail(predicate = () => true, timeoutMs = 10_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (m: SinkMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching e-mail within ${timeoutMs} ms (received ${messages.length}: ${messages.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ')})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    rejectRecipients(on) {
      rejecting = on;
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Makes the deps send through the sink (their configuration's SMTP_URL). */
export function useSmtpSink(deps: Deps, sink: Pick<SmtpSink, 'url'>): void {
  (deps.config as { SMTP_URL?: string }).SMTP_URL = sink.url;
}

/**
 * Sends the due e-mail now, as the worker would: runs the due jobs, then queues a `mail.send` job
 * and runs it for as long as e-mail is due (with an SMTP server configured); returns how many jobs ran.
 */
export async function deliverQueuedMail(deps: Deps): Promise<number> {
  let ran = await runJobsOnce(deps);
  // A job sends a batch; go on while e-mail is due (an e-mail that failed waits for its next attempt).
  for (let round = 0; round < 100 && (await scheduleMailSend(deps)); round++) ran += await runJobsOnce(deps);
  return ran;
}
