// E-mail: the outbox, the users' preferences, the daily digest and the administrators' outbox
// (docs/operations.md#e-mail). An e-mail is written to the outbox in the transaction of the change
// that causes it, so it exists exactly when its change does; the outbox is the queue. The worker
// queues a `mail.send` job whenever pending e-mail is due (mail.jobs.ts), which renders and sends
// it: nothing is ever sent inside a request.
import { can } from '../../../shared/access.ts';
import {
  isInAppOnlyKind,
  isMandatoryMailKind,
  MAIL_TEMPLATE_NAMES,
  type MailMode,
  type MailOutboxView,
  type MailPreferencesUpdate,
  type MailPreferencesView,
  type DevMailList,
  type MailStatus,
  type MailTemplateName,
} from '../../../shared/contracts/mail.ts';
import { conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '../../../shared/labels.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
// The users module's repository, not its service: account e-mails are enqueued from services the
// users service may call (a cycle otherwise).
import { findUserEmails } from '../users/users.repository.ts';
import {
  findDigestRows,
  findMail,
  findMails,
  findModesForKind,
  findPreferencesOfUser,
  insertMail,
  insertMails,
  markDigestCollected,
  resetMailForRetry,
  upsertPreferences,
  type MailRow,
} from './mail.repository.ts';
import { devMailboxMessages } from './mail.devbox.ts';
import { isAppPath } from './mail.templates.ts';

export interface MailRequest {
  to: string;
  userId: string | null;
  template: MailTemplateName;
  params: Record<string, string>;
  /** Sent whatever the user's preference for the template's notification kind (account e-mails always are). */
  mandatory?: boolean;
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

function checkRequest(req: MailRequest): void {
  const problems: { path: string; message: string }[] = [];
  if (typeof req.to !== 'string' || req.to.length > 320 || !EMAIL.test(req.to.trim())) problems.push({ path: 'to', message: 'must be an e-mail address' });
  if (!MAIL_TEMPLATE_NAMES.includes(req.template)) problems.push({ path: 'template', message: `unknown template ${JSON.stringify(req.template)}` });
  if (req.params === null || typeof req.params !== 'object' || Array.isArray(req.params)) problems.push({ path: 'params', message: 'must be an object of strings' });
  else {
    for (const [k, v] of Object.entries(req.params)) if (typeof v !== 'string') problems.push({ path: `params.${k}`, message: 'must be a string' });
    if (req.params.link !== undefined && !isAppPath(req.params.link)) problems.push({ path: 'params.link', message: 'must be a path of the web app starting with "/"' });
  }
  if (problems.length) throw invalid('INVALID_MAIL', 'The e-mail cannot be queued', problems);
}

const isNotificationKind = (t: string): t is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(t);

/**
 * Queues an e-mail in the caller's transaction (the worker sends it); returns the outbox id.
 * `params.link`, when present, is an app path (`/reset-password?token=…`) that the e-mail shows as
 * an absolute address (PUBLIC_BASE_URL). The recipient's preference applies to a notification
 * kind's template unless it is mandatory; a disabled recipient's e-mail is kept as `suppressed`.
 */
export async function enqueueMail(tx: Tx, req: MailRequest): Promise<string> {
  checkRequest(req);
  const id = newId();
  const at = tx.clock.nowIso();
  let status: MailStatus = 'pending';
  let reason: string | null = null;
  if (req.userId) {
    const [user] = await findUserEmails(tx.trx, [req.userId]);
    if (!user) throw invalid('INVALID_MAIL', 'The e-mail cannot be queued', [{ path: 'userId', message: 'no such user' }]);
    if (user.disabled) [status, reason] = ['suppressed', 'the account is disabled'];
    else if (isNotificationKind(req.template) && isInAppOnlyKind(req.template)) [status, reason] = ['suppressed', 'this kind is not e-mailed'];
    else if (isNotificationKind(req.template) && !req.mandatory && !isMandatoryMailKind(req.template)) {
      const mode = (await findModesForKind(tx.trx, [req.userId], req.template))[0]?.mode ?? 'immediate';
      if (mode === 'digest') status = 'digest';
      else if (mode === 'off') [status, reason] = ['suppressed', 'the user turned this e-mail off'];
    }
  }
  await insertMail(tx.trx, {
    id,
    to_address: req.to.trim(),
    user_id: req.userId,
    template: req.template,
    params_json: JSON.stringify(req.params),
    notification_id: null,
    status,
    attempts: 0,
    last_error: reason,
    next_attempt_at: status === 'pending' ? at : null,
    created_at: at,
    sent_at: null,
    digest_id: null,
  });
  return id;
}

/** A notification just written, as notify() hands it to e-mail. */
export interface NotificationForMail {
  id: string;
  userId: string;
  kind: NotificationKind;
  link: string | null;
  createdAt: string;
}

/**
 * The e-mails of in-app notifications, in notify()'s transaction: per recipient, as its preference
 * for the kind says (immediate: queued now; digest: kept for the daily digest; off: none), mandatory
 * kinds always at once, disabled users none. The e-mail is made from the kind and the link only —
 * never from the notification's text, which may hold business-confidential information.
 */
export async function mailNotifications(tx: Tx, notes: readonly NotificationForMail[]): Promise<void> {
  const byKind = new Map<NotificationKind, NotificationForMail[]>();
  for (const n of notes) if (!isInAppOnlyKind(n.kind)) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
  if (byKind.size === 0) return;
  const userIds = [...new Set(notes.map((n) => n.userId))];
  const users = new Map((await findUserEmails(tx.trx, userIds)).map((u) => [u.id, u]));
  const at = tx.clock.nowIso();
  const rows = [];
  for (const [kind, list] of byKind) {
    const mandatory = isMandatoryMailKind(kind);
    const modes = mandatory ? new Map<string, string>() : new Map((await findModesForKind(tx.trx, [...new Set(list.map((n) => n.userId))], kind)).map((m) => [m.user_id, m.mode]));
    for (const n of list) {
      const user = users.get(n.userId);
      if (!user || user.disabled) continue;
      const mode = mandatory ? 'immediate' : ((modes.get(n.userId) ?? 'immediate') as MailMode);
      if (mode === 'off') continue;
      const id = newId();
      const link = n.link && isAppPath(n.link) ? n.link : '/';
      rows.push({
        id,
        to_address: user.email,
        user_id: n.userId,
        template: kind,
        params_json: JSON.stringify({ link, date: n.createdAt }),
        notification_id: n.id,
        status: mode === 'digest' ? 'digest' : 'pending',
        attempts: 0,
        last_error: null,
        next_attempt_at: mode === 'digest' ? null : at,
        created_at: at,
        sent_at: null,
        digest_id: null,
      });
    }
  }
  await insertMails(tx.trx, rows);
}

// ── Preferences ─────────────────────────────────────────────────────────────────────────────

/** The user's e-mail choice for every notification kind that may be e-mailed. */
export async function getMailPreferences(ctx: ServiceContext): Promise<MailPreferencesView> {
  const rows = await findPreferencesOfUser(ctx.db.db, ctx.actor.userId);
  const chosen = new Map(rows.map((r) => [r.kind, r.mode as MailMode]));
  return {
    items: NOTIFICATION_KINDS.filter((k) => !isInAppOnlyKind(k)).map((kind) => {
      const mandatory = isMandatoryMailKind(kind);
      return { kind, label: NOTIFICATION_KIND_LABELS[kind], mode: mandatory ? 'immediate' : (chosen.get(kind) ?? 'immediate'), mandatory };
    }),
  };
}

/** Changes the user's own choices; a mandatory or in-app-only kind cannot be changed (400, nothing written). */
export async function updateMailPreferences(ctx: ServiceContext, input: MailPreferencesUpdate): Promise<MailPreferencesView> {
  const problems = input.items.flatMap((item, i) => {
    if (isInAppOnlyKind(item.kind)) return [{ path: `items.${i}.kind`, message: `${NOTIFICATION_KIND_LABELS[item.kind]} is never e-mailed` }];
    if (isMandatoryMailKind(item.kind) && item.mode !== 'immediate') return [{ path: `items.${i}.mode`, message: `${NOTIFICATION_KIND_LABELS[item.kind]} is always e-mailed at once` }];
    return [];
  });
  const kinds = input.items.map((i) => i.kind);
  kinds.forEach((k, i) => {
    if (kinds.indexOf(k) !== i) problems.push({ path: `items.${i}.kind`, message: 'is given twice' });
  });
  if (problems.length) throw invalid('INVALID_PREFERENCES', 'The preferences were not changed', problems);
  const changes = input.items.filter((i) => !isMandatoryMailKind(i.kind));
  await inTransaction(ctx, async (tx) => {
    await upsertPreferences(tx.trx, ctx.actor.userId, changes, ctx.clock.nowIso());
    await tx.audit({ actorId: ctx.actor.userId, action: 'mail.preferences_updated', entityType: 'user', entityId: ctx.actor.userId, data: { items: changes } });
  });
  return getMailPreferences(ctx);
}

// ── The administrators' outbox ─────────────────────────────────────────────────────────────

const outboxView = (r: MailRow): MailOutboxView => ({
  id: r.id,
  to: r.to_address,
  userId: r.user_id,
  template: r.template,
  status: r.status as MailStatus,
  attempts: r.attempts,
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

function assertMailManager(ctx: ServiceContext): void {
  if (!can(ctx.actor, 'mail.manage')) throw forbidden('Only administrators manage the e-mail outbox');
}

/** The outbox (default: pending and failed e-mail), newest first — without the e-mails' parameters. */
export async function listOutbox(ctx: ServiceContext, query: { status?: MailStatus; limit: number }): Promise<{ items: MailOutboxView[] }> {
  assertMailManager(ctx);
  const rows = await findMails(ctx.db.db, query.status ? [query.status] : ['pending', 'failed'], query.limit);
  return { items: rows.map(outboxView) };
}

/** Sends a failed (or stuck pending) e-mail again, with a fresh count of attempts. */
export async function retryMail(ctx: ServiceContext, id: string): Promise<MailOutboxView> {
  assertMailManager(ctx);
  const row = await findMail(ctx.db.db, id);
  if (!row) throw notFound('E-mail');
  await inTransaction(ctx, async (tx) => {
    if (!(await resetMailForRetry(tx.trx, id, ctx.clock.nowIso()))) {
      throw conflict('INVALID_STATE', `Only failed or pending e-mail can be retried; this one is ${row.status}`, { status: row.status });
    }
    await tx.audit({ actorId: ctx.actor.userId, action: 'mail.retried', entityType: 'mail', entityId: id, data: { template: row.template, previousStatus: row.status, attempts: row.attempts } });
  });
  return outboxView((await findMail(ctx.db.db, id))!);
}

// ── Steps the worker takes ─────────────────────────────────────────────────────────────────

/** The latest digest time at or before `nowMs`: today's MAIL_DIGEST_HOUR_UTC, or yesterday's. */
export function digestCutoff(nowMs: number, hourUtc: number): string {
  const d = new Date(nowMs);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hourUtc);
  return new Date(today <= nowMs ? today : today - 86_400_000).toISOString();
}

/**
 * The daily digests: once the day's digest hour has come, every user's e-mails waiting for a digest
 * from before it become one e-mail listing them (each kind, its day and its link). Idempotent: a
 * row is collected once, and a later run finds nothing until the next day's hour. Returns how many
 * digests were queued.
 */
export async function sendDigests(deps: Deps): Promise<number> {
  const cutoff = digestCutoff(deps.clock.millis(), deps.config.MAIL_DIGEST_HOUR_UTC);
  const rows = await findDigestRows(deps.db.db, cutoff);
  if (rows.length === 0) return 0;
  const byUser = new Map<string, MailRow[]>();
  for (const r of rows) if (r.user_id) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
  let sent = 0;
  for (const [userId, list] of byUser) {
    await inTransaction(deps, async (tx) => {
      const digestId = newId();
      const at = tx.clock.nowIso();
      const [user] = await findUserEmails(tx.trx, [userId]);
      const taken = await markDigestCollected(tx.trx, list.map((r) => r.id), digestId, at);
      if (taken === 0) return;
      const items = list.map((r) => ({ kind: r.template, at: r.created_at, link: (JSON.parse(r.params_json) as { link?: string }).link ?? '/' }));
      const disabled = !user || user.disabled === 1;
      await insertMail(tx.trx, {
        id: digestId,
        to_address: user?.email ?? list[0]!.to_address,
        user_id: userId,
        template: 'digest',
        params_json: JSON.stringify({ count: String(items.length), items: JSON.stringify(items) }),
        notification_id: null,
        status: disabled ? 'suppressed' : 'pending',
        attempts: 0,
        last_error: disabled ? 'the account is disabled' : null,
        next_attempt_at: disabled ? null : at,
        created_at: at,
        sent_at: null,
        digest_id: null,
      });
      if (!disabled) sent++;
    });
  }
  return sent;
}

// ── The development mailbox ────────────────────────────────────────────────────────────────

/** What the development mailbox of this process received, newest first (administrators only). */
export function listDevMail(ctx: ServiceContext): DevMailList {
  assertMailManager(ctx);
  const items = devMailboxMessages();
  return { enabled: items !== null, items: items ?? [] };
}
