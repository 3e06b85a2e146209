// Sending e-mail. The outbox is the queue: every worker tick (worker.ts) calls scheduleMailSend,
// which queues one `mail.send` job when pending e-mail is due and an SMTP server is there to take it
// (none is queued while one waits). The job sends the due e-mail one by one. A failed attempt is
// recorded on the e-mail (attempts, last_error) with the time of the next one after a back-off;
// after MAIL_MAX_ATTEMPTS the e-mail is `failed`, kept, and every administrator is told in the app
// (never by e-mail). The e-mail's row, not the job, carries its state: the job succeeds either way.
import { MAIL_TEMPLATE_NAMES, type MailTemplateName } from '../../../shared/contracts/mail.ts';
import type { Deps } from '../../lib/context.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { hasPendingJob } from '../../jobs/jobs.repository.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { notify, usersWithRole } from '../notifications/notifications.service.ts';
import type { JobHandler } from '../screening/screening.jobs.ts';
import { findUserEmails } from '../users/users.repository.ts';
import { claimMailAttempt, findDuePendingMails, findMail, markMailSent, markMailSuppressed, recordMailFailure } from './mail.repository.ts';
import { renderMail, type DigestItem } from './mail.templates.ts';
import { transportOf } from './mail.transport.ts';

/** The job kind that sends the due e-mail (queued by the worker's tick). */
export const MAIL_SEND_JOB = 'mail.send';

/** The most e-mails one job sends; the rest waits for the next job, a tick later. */
const SEND_BATCH = 200;

/** The admin page listing failed e-mail (the link of the `mail_failed` notification). */
export const OUTBOX_PATH = '/admin/mail';

/** Delay before the attempt after attempt number `attempt` (1-based): 2 min, 4, 8, 16, 32 … at most 2 hours. */
export function mailBackoffMs(attempt: number): number {
  return Math.min(120_000 * 2 ** (attempt - 1), 7_200_000);
}

export type SendOutcome =
  | { outcome: 'sent' }
  | { outcome: 'retry'; attempts: number; nextAttemptAt: string; error: string }
  | { outcome: 'failed'; attempts: number; error: string }
  | { outcome: 'skipped'; reason: string };

/** Sends one outbox e-mail if it is pending and due (idempotent: a duplicate job finds nothing to do). */
export async function sendOutboxMail(deps: Deps, id: string): Promise<SendOutcome> {
  const row = await findMail(deps.db.db, id);
  if (!row) return { outcome: 'skipped', reason: 'no such e-mail' };
  if (row.status !== 'pending') return { outcome: 'skipped', reason: `already ${row.status}` };
  const now = deps.clock.nowIso();
  if (row.next_attempt_at && row.next_attempt_at > now) return { outcome: 'skipped', reason: `next attempt at ${row.next_attempt_at}` };
  const transport = transportOf(deps.config);
  // No SMTP server: the e-mail waits, pending, until a process with one resumes it (mail.service.ts resumePendingMail).
  if (!transport) return { outcome: 'skipped', reason: 'no SMTP server is configured' };
  if (row.user_id) {
    const [user] = await findUserEmails(deps.db.db, [row.user_id]);
    if (!user || user.disabled) {
      await markMailSuppressed(deps.db.db, id, 'the account is disabled');
      return { outcome: 'skipped', reason: 'the account is disabled' };
    }
  }
  if (!(await claimMailAttempt(deps.db.db, id, row.attempts))) return { outcome: 'skipped', reason: 'another job took this attempt' };
  const attempts = row.attempts + 1;
  try {
    const template = row.template as MailTemplateName;
    if (!MAIL_TEMPLATE_NAMES.includes(template)) throw new Error(`unknown template ${row.template}`);
    const params = JSON.parse(row.params_json) as Record<string, string>;
    const digestItems = template === 'digest' && params.items ? (JSON.parse(params.items) as DigestItem[]) : undefined;
    const mail = renderMail(template, params, { baseUrl: deps.config.PUBLIC_BASE_URL, ...(digestItems ? { digestItems } : {}) });
    await transport.sendMail({
      from: deps.config.MAIL_FROM,
      to: row.to_address,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    return recordFailure(deps, row.id, row.template, row.to_address, attempts, error);
  }
  await markMailSent(deps.db.db, id, deps.clock.nowIso());
  return { outcome: 'sent' };
}

async function recordFailure(deps: Deps, id: string, template: string, to: string, attempts: number, error: string): Promise<SendOutcome> {
  const last = attempts >= deps.config.MAIL_MAX_ATTEMPTS;
  const next = last ? null : new Date(deps.clock.millis() + mailBackoffMs(attempts)).toISOString();
  await inTransaction(deps, async (tx) => {
    await recordMailFailure(tx.trx, id, error, next);
    if (next) return;
    // In the app only: the administrators' notification is never e-mailed (it could fail in turn).
    await notify(tx, await usersWithRole(tx, 'admin'), 'mail_failed', `An e-mail (${template}) to ${to} could not be delivered after ${attempts} attempts: ${error}`, OUTBOX_PATH);
    await tx.audit({ actorId: null, action: 'mail.failed', entityType: 'mail', entityId: id, data: { system: true, template, attempts, error } });
  });
  return next ? { outcome: 'retry', attempts, nextAttemptAt: next, error } : { outcome: 'failed', attempts, error };
}

/** Sends the e-mail that is due, oldest first (at most SEND_BATCH); returns how each went. */
export async function sendDueMail(deps: Deps): Promise<{ sent: number; retrying: number; failed: number; skipped: number }> {
  const counts = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  if (!transportOf(deps.config)) return counts;
  for (const row of await findDuePendingMails(deps.db.db, deps.clock.nowIso(), SEND_BATCH)) {
    const r = await sendOutboxMail(deps, row.id);
    if (r.outcome === 'sent') counts.sent++;
    else if (r.outcome === 'retry') counts.retrying++;
    else if (r.outcome === 'failed') counts.failed++;
    else counts.skipped++;
  }
  return counts;
}

/**
 * Queues a `mail.send` job when e-mail is due and none is waiting — only where an SMTP server (or
 * the development mailbox) is there to send it: without one, e-mail stays pending, untouched.
 */
export async function scheduleMailSend(deps: Deps): Promise<boolean> {
  if (!transportOf(deps.config)) return false;
  if (await hasPendingJob(deps.db.db, MAIL_SEND_JOB)) return false;
  if ((await findDuePendingMails(deps.db.db, deps.clock.nowIso(), 1)).length === 0) return false;
  await enqueueJob(deps.db.db, deps.clock, MAIL_SEND_JOB, {}, { maxAttempts: 1 });
  return true;
}

export const MAIL_JOB_HANDLERS: Record<string, JobHandler> = {
  [MAIL_SEND_JOB]: (deps) => sendDueMail(deps),
};
