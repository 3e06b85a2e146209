// E-mail: the outbox written with the change, the send job through a real SMTP conversation (the
// test sink), preferences, the daily digest, failures with retries and the administrators' outbox.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_MAIL_TEMPLATES, MAIL_TEMPLATE_NAMES, MANDATORY_MAIL_KINDS } from '../../../shared/contracts/mail.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../shared/labels.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { ADMIN } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';
import { deliverQueuedMail, startSmtpSink, useSmtpSink, type SmtpSink } from '../../test/smtp-sink.ts';
import { notify } from '../notifications/notifications.service.ts';
import { startDevMailbox, stopDevMailbox } from './mail.devbox.ts';
import { MAIL_SEND_JOB, mailBackoffMs, scheduleMailSend } from './mail.jobs.ts';
import { digestCutoff, enqueueMail, sendDigests } from './mail.service.ts';
import { absoluteLink, renderMail } from './mail.templates.ts';

const BASE = 'https://aiep.test.example';
const MARKER = 'BCI-SECRET-MARKER';
const REVIEWER = 'reviewer@state.example';
const ANCHOR = 'anchor@meridian.example';
const MEMBER = 'member@lattice.example';
const CONFIG = { PUBLIC_BASE_URL: BASE, MAIL_MAX_ATTEMPTS: '3', MAIL_FROM: 'AIEP Test <noreply@aiep.test.example>' };

describe('mail templates', () => {
  const params = { link: '/proposals/p-1?tab=review', date: '2026-11-16T12:00:00.000Z', orgName: 'Acme <b>Corp</b>', invitedBy: 'Pat "R" & co', expiresAt: '2026-11-23T12:00:00.000Z', expiresMinutes: '30', count: '2' };
  it.each(MAIL_TEMPLATE_NAMES.map((t) => [t]))('%s renders a subject, text and escaped HTML with absolute links and the preferences footer', (name) => {
    const mail = renderMail(name, params, { baseUrl: BASE, digestItems: name === 'digest' ? [{ kind: 'review_due_soon', at: '2026-11-15T09:00:00.000Z', link: '/reviews/r-1' }] : [] });
    expect(mail.subject.length).toBeGreaterThan(5);
    expect(mail.subject).toContain('American AI Exports Program');
    expect(mail.text).toContain(`${BASE}/settings/notifications`);
    expect(mail.html).toContain(`href="${BASE}/settings/notifications"`);
    expect(mail.html).toContain('American AI Exports Program');
    if (!['password_changed', 'mfa_reset', 'digest'].includes(name)) {
      expect(mail.text).toContain(`${BASE}/proposals/p-1?tab=review`);
      expect(mail.html).toContain(`href="${BASE}/proposals/p-1?tab=review"`);
    }
    if (name === 'digest') expect(mail.text).toContain(`${BASE}/reviews/r-1`);
    // Nothing given is put into the HTML unescaped.
    expect(mail.html).not.toContain('<b>Corp</b>');
    expect(mail.html).not.toContain('"R" &');
    expect(mail.html).not.toMatch(/href="\//);
  });

  it('every notification kind and account e-mail has a template', () => {
    expect(new Set(MAIL_TEMPLATE_NAMES)).toEqual(new Set([...NOTIFICATION_KINDS, ...ACCOUNT_MAIL_TEMPLATES, 'digest']));
  });

  it('refuses links that are not paths of the app', () => {
    for (const bad of ['https://evil.example/x', '//evil.example/x', 'reviews/1', '/a b', '/x\\y']) expect(() => absoluteLink(BASE, bad)).toThrow(/not an app path/);
    expect(absoluteLink(`${BASE}/`, '/x')).toBe(`${BASE}/x`);
  });

  it('digest cutoff is the latest digest hour at or before now', () => {
    expect(digestCutoff(Date.parse('2026-11-16T12:00:00Z'), 13)).toBe('2026-11-15T13:00:00.000Z');
    expect(digestCutoff(Date.parse('2026-11-16T13:00:00Z'), 13)).toBe('2026-11-16T13:00:00.000Z');
    expect(digestCutoff(Date.parse('2026-11-16T23:59:00Z'), 13)).toBe('2026-11-16T13:00:00.000Z');
  });
});

interface OutboxRow {
  id: string;
  to_address: string;
  user_id: string | null;
  template: string;
  params_json: string;
  notification_id: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  digest_id: string | null;
}

describeEachDb(
  'mail delivery',
  (h) => {
    let sink: SmtpSink;
    beforeAll(async () => {
      sink = await startSmtpSink();
      useSmtpSink(h().deps, sink);
      // The demo data's own e-mail waited for an SMTP server: send it first.
      await deliverQueuedMail(h().deps);
    });
    afterAll(async () => {
      await sink.close();
    });
    beforeEach(() => {
      sink.clear();
      sink.rejectRecipients(false);
      useSmtpSink(h().deps, sink);
    });

    const db = () => h().deps.db.db;
    const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const outboxOf = async (uid: string): Promise<OutboxRow[]> => (await db().selectFrom('mail_outbox').selectAll().where('user_id', '=', uid).orderBy('created_at').execute());
    const notifyNow = (uids: string[], kind: NotificationKind, link: string | null) =>
      inTransaction(h().deps, (tx) => notify(tx, uids, kind, `Something about “Project ${MARKER}” with revenue $9,999,999 ${MARKER}`, link));

    it('one mail.send job at a time, queued only when e-mail is due', async () => {
      const jobs = () => db().selectFrom('jobs').select('id').where('kind', '=', MAIL_SEND_JOB).where('status', 'in', ['queued', 'running']).execute();
      expect(await scheduleMailSend(h().deps)).toBe(false); // nothing due
      await notifyNow([await userId(REVIEWER)], 'decision', '/proposals/p-0');
      expect(await jobs()).toHaveLength(0); // the outbox is the queue: notify writes no job
      expect(await scheduleMailSend(h().deps)).toBe(true);
      expect(await scheduleMailSend(h().deps)).toBe(false);
      expect(await jobs()).toHaveLength(1);
      await deliverQueuedMail(h().deps);
      expect(await jobs()).toHaveLength(0);
      await sink.waitForMail((m) => m.to.includes(REVIEWER) && m.text.includes(`${BASE}/proposals/p-0`));
    });

    it('notify → outbox in the same transaction → send job → delivered with To, subject and an absolute link, without the notification text', async () => {
      const uid = await userId(REVIEWER);
      await notifyNow([uid], 'review_assigned', '/reviews/asg-1');
      const [row] = (await outboxOf(uid)).filter((r) => r.template === 'review_assigned' && r.params_json.includes('/reviews/asg-1'));
      expect(row).toMatchObject({ to_address: REVIEWER, status: 'pending', attempts: 0 });
      expect(row!.notification_id).toBeTruthy();
      expect(row!.params_json).not.toContain(MARKER);

      await deliverQueuedMail(h().deps);
      const msg = await sink.waitForMail((m) => m.to.includes(REVIEWER));
      expect(msg.subject).toContain('Assigned for review');
      expect(msg.from).toContain('noreply@aiep.test.example');
      expect(msg.text).toContain(`${BASE}/reviews/asg-1`);
      expect(msg.html).toContain(`${BASE}/reviews/asg-1`);
      expect(msg.raw).not.toContain(MARKER);
      expect(msg.raw).not.toContain('9,999,999');
      const [sent] = (await outboxOf(uid)).filter((r) => r.id === row!.id);
      expect(sent).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      expect(sent!.sent_at).toBeTruthy();
    });

    it('a rolled-back change leaves no e-mail', async () => {
      const uid = await userId(MEMBER);
      const before = (await outboxOf(uid)).length;
      await expect(
        inTransaction(h().deps, async (tx) => {
          await notify(tx, [uid], 'decision', 'x', '/proposals/p-x');
          throw new Error('the change fails');
        }),
      ).rejects.toThrow('the change fails');
      expect(await outboxOf(uid)).toHaveLength(before);
    });

    it('no notification kind e-mails its text: every kind delivered carries the link and not the marker', async () => {
      const uid = await userId(ANCHOR);
      const kinds = NOTIFICATION_KINDS.filter((k) => k !== 'mail_failed');
      await inTransaction(h().deps, async (tx) => {
        for (const k of kinds) await notify(tx, [uid], k, `${MARKER} in ${k}`, `/proposals/p-${k}`);
      });
      await deliverQueuedMail(h().deps);
      const mine = sink.messages.filter((m) => m.to.includes(ANCHOR));
      expect(mine).toHaveLength(kinds.length);
      for (const m of mine) {
        expect(m.raw).not.toContain(MARKER);
        expect(m.text).toMatch(new RegExp(`${BASE}/proposals/p-[a-z_]+`));
      }
    });

    it('preferences: off sends nothing, digest waits for the daily digest, mandatory kinds are sent at once', async () => {
      const member = await h().login(MEMBER);
      const uid = await userId(MEMBER);
      const put = await member.put('/api/v1/me/notification-preferences', {
        items: [
          { kind: 'buyer_interest', mode: 'off' },
          { kind: 'license_expiring', mode: 'digest' },
          { kind: 'amendment_decided', mode: 'digest' },
        ],
      });
      expect(put.status).toBe(200);
      const byKind = Object.fromEntries(put.body.items.map((i: { kind: string }) => [i.kind, i]));
      expect(byKind.buyer_interest).toMatchObject({ mode: 'off', mandatory: false, label: 'Buyer interest' });
      expect(byKind.license_expiring.mode).toBe('digest');
      expect(byKind.decision).toMatchObject({ mode: 'immediate', mandatory: true });
      expect(byKind.mail_failed).toBeUndefined();

      // A mandatory kind cannot be turned off: 400, and nothing of the request is written.
      expectProblem(await member.put('/api/v1/me/notification-preferences', { items: [{ kind: 'invitation_answered', mode: 'off' }, { kind: 'decision', mode: 'off' }] }), 400, 'INVALID_PREFERENCES');
      expect((await member.get('/api/v1/me/notification-preferences')).body.items.find((i: { kind: string }) => i.kind === 'invitation_answered').mode).toBe('immediate');
      expectProblem(await member.put('/api/v1/me/notification-preferences', { items: [{ kind: 'no_such_kind', mode: 'off' }] }), 400, 'VALIDATION_FAILED');

      const before = (await outboxOf(uid)).length;
      await notifyNow([uid], 'buyer_interest', '/proposals/p-1');
      await notifyNow([uid], 'license_expiring', '/proposals/p-1/compliance');
      await notifyNow([uid], 'decision', '/proposals/p-1');
      const added = (await outboxOf(uid)).slice(before);
      expect(added.map((r) => [r.template, r.status]).sort()).toEqual([
        ['decision', 'pending'],
        ['license_expiring', 'digest'],
      ]);
      await deliverQueuedMail(h().deps);
      expect(sink.messages.filter((m) => m.to.includes(MEMBER)).map((m) => m.subject)).toEqual([expect.stringContaining('Designation decision')]);

      // Another user's preferences are untouched.
      const other = await h().login(ANCHOR);
      expect((await other.get('/api/v1/me/notification-preferences')).body.items.find((i: { kind: string }) => i.kind === 'buyer_interest').mode).toBe('immediate');
    });

    it('the daily digest: one e-mail per user listing the day’s notifications with links, once', async () => {
      const uid = await userId(MEMBER); // license_expiring and amendment_decided are on digest (previous test)
      await notifyNow([uid], 'amendment_decided', '/proposals/p-2');
      // Before the next digest hour (13:00 UTC): nothing yet; after it, one digest.
      const next = Date.parse(digestCutoff(h().deps.clock.millis(), 13)) + 86_400_000;
      h().deps.clock.set(new Date(next - 30 * 60_000).toISOString());
      expect(await sendDigests(h().deps)).toBe(0);
      h().deps.clock.set(new Date(next + 5 * 60_000).toISOString());
      expect(await sendDigests(h().deps)).toBe(1);
      expect(await sendDigests(h().deps)).toBe(0);
      await deliverQueuedMail(h().deps);
      const digest = await sink.waitForMail((m) => m.to.includes(MEMBER) && m.subject.includes('daily summary'));
      expect(digest.subject).toContain('2 notifications');
      expect(digest.text).toContain(`${BASE}/proposals/p-1/compliance`);
      expect(digest.text).toContain(`${BASE}/proposals/p-2`);
      expect(digest.text).toContain('Export license expiring');
      expect(digest.raw).not.toContain(MARKER);
      const rows = await outboxOf(uid);
      const digestRow = rows.find((r) => r.template === 'digest')!;
      expect(digestRow.status).toBe('sent');
      expect(rows.filter((r) => r.digest_id === digestRow.id).map((r) => r.status)).toEqual(['sent', 'sent']);
      expect(rows.some((r) => r.status === 'digest')).toBe(false);
    });

    it('disabled users get nothing', async () => {
      const uid = await userId('member@sentinel.example');
      const before = (await outboxOf(uid)).length;
      const added = async () => (await outboxOf(uid)).slice(before);
      await db().updateTable('users').set({ disabled: 1 }).where('id', '=', uid).execute();
      try {
        await notifyNow([uid], 'decision', '/proposals/p-1');
        expect(await added()).toEqual([]);
        // An e-mail queued before the account was disabled is not sent.
        await db().updateTable('users').set({ disabled: 0 }).where('id', '=', uid).execute();
        await notifyNow([uid], 'decision', '/proposals/p-1');
        await db().updateTable('users').set({ disabled: 1 }).where('id', '=', uid).execute();
        await deliverQueuedMail(h().deps);
        expect((await added()).map((r) => r.status)).toEqual(['suppressed']);
        expect(sink.messages.filter((m) => m.to.includes('member@sentinel.example'))).toEqual([]);
      } finally {
        await db().updateTable('users').set({ disabled: 0 }).where('id', '=', uid).execute();
      }
    });

    it('enqueueMail: account e-mails are sent whatever the preferences; bad input is refused and nothing is written', async () => {
      const uid = await userId(MEMBER);
      const id = await inTransaction(h().deps, (tx) => enqueueMail(tx, { to: MEMBER, userId: uid, template: 'password_reset', params: { link: '/reset-password?token=tok-123', expiresMinutes: '30' } }));
      await deliverQueuedMail(h().deps);
      const msg = await sink.waitForMail((m) => m.to.includes(MEMBER) && m.subject.includes('Reset your password'));
      expect(msg.text).toContain(`${BASE}/reset-password?token=tok-123`);
      expect(msg.text).toContain('30 minutes');
      expect((await db().selectFrom('mail_outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('sent');

      const count = async () => Number((await db().selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      for (const bad of [
        { to: 'not-an-address', userId: null, template: 'password_changed', params: {} },
        { to: MEMBER, userId: null, template: 'password_reset', params: { link: 'https://evil.example/reset' } },
        { to: MEMBER, userId: null, template: 'no_such_template', params: {} },
        { to: MEMBER, userId: null, template: 'password_reset', params: { link: '/x', n: 5 } },
      ]) {
        await expect(inTransaction(h().deps, (tx) => enqueueMail(tx, bad as never))).rejects.toMatchObject({ status: 400, code: 'INVALID_MAIL' });
      }
      expect(await count()).toBe(before);
      // A notification kind's e-mail through enqueueMail follows the preference unless mandatory.
      const off = await inTransaction(h().deps, (tx) => enqueueMail(tx, { to: MEMBER, userId: uid, template: 'buyer_interest', params: { link: '/' } }));
      const forced = await inTransaction(h().deps, (tx) => enqueueMail(tx, { to: MEMBER, userId: uid, template: 'buyer_interest', params: { link: '/' }, mandatory: true }));
      const rows = await db().selectFrom('mail_outbox').select(['id', 'status']).where('id', 'in', [off, forced]).execute();
      expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [off]: 'suppressed', [forced]: 'pending' });
      await deliverQueuedMail(h().deps);
    });

    it('a refused delivery is retried with back-off, then failed: kept, administrators told in the app, and a retry sends it', async () => {
      const uid = await userId(REVIEWER);
      const adminId = await userId(ADMIN);
      sink.rejectRecipients(true);
      await notifyNow([uid], 'consultation_requested', '/proposals/p-9');
      const [row] = (await outboxOf(uid)).filter((r) => r.template === 'consultation_requested' && r.params_json.includes('/proposals/p-9'));
      const read = async () => (await db().selectFrom('mail_outbox').selectAll().where('id', '=', row!.id).executeTakeFirstOrThrow()) as OutboxRow;

      await deliverQueuedMail(h().deps);
      let now = await read();
      expect(now).toMatchObject({ status: 'pending', attempts: 1 });
      expect(now.last_error).toMatch(/550/);
      expect(Date.parse(now.next_attempt_at!) - h().deps.clock.millis()).toBeGreaterThan(mailBackoffMs(1) - 5_000);
      // Not due yet: nothing is tried.
      await deliverQueuedMail(h().deps);
      expect((await read()).attempts).toBe(1);

      h().deps.clock.advance(mailBackoffMs(1));
      await deliverQueuedMail(h().deps);
      now = await read();
      expect(now).toMatchObject({ status: 'pending', attempts: 2 });
      expect(Date.parse(now.next_attempt_at!) - h().deps.clock.millis()).toBeGreaterThan(mailBackoffMs(2) - 5_000);

      h().deps.clock.advance(mailBackoffMs(2));
      await deliverQueuedMail(h().deps);
      now = await read();
      expect(now).toMatchObject({ status: 'failed', attempts: 3, next_attempt_at: null });

      const admin = await h().login(ADMIN);
      const notes = (await admin.get('/api/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'mail_failed');
      expect(notes).toHaveLength(1);
      expect(notes[0].link).toBe('/admin/mail');
      // The administrators' notice is in the app only.
      expect((await outboxOf(adminId)).filter((r) => r.template === 'mail_failed')).toEqual([]);

      const failed = await admin.get('/api/v1/admin/mail?status=failed');
      expect(failed.status).toBe(200);
      const listed = failed.body.items.find((m: { id: string }) => m.id === row!.id);
      expect(listed).toMatchObject({ to: REVIEWER, template: 'consultation_requested', status: 'failed', attempts: 3 });
      expect(listed.params).toBeUndefined();
      expect(JSON.stringify(failed.body)).not.toContain('/proposals/p-9');

      sink.rejectRecipients(false);
      const retried = await admin.post(`/api/v1/admin/mail/${row!.id}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
      await deliverQueuedMail(h().deps);
      expect(await read()).toMatchObject({ status: 'sent', attempts: 1 });
      await sink.waitForMail((m) => m.to.includes(REVIEWER) && m.text.includes(`${BASE}/proposals/p-9`));
      expectProblem(await admin.post(`/api/v1/admin/mail/${row!.id}/retry`), 409, 'INVALID_STATE');
      expectProblem(await admin.post('/api/v1/admin/mail/no-such-mail/retry'), 404, 'NOT_FOUND');
      const audit = await db().selectFrom('audit_events').select(['action']).where('entity_id', '=', row!.id).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['mail.failed', 'mail.retried']);
    });

    it('an SMTP server that cannot be reached counts as a failed attempt', async () => {
      const closedPort = await new Promise<number>((resolve) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
          const port = (s.address() as AddressInfo).port;
          s.close(() => resolve(port));
        });
      });
      (h().deps.config as { SMTP_URL?: string }).SMTP_URL = `smtp://127.0.0.1:${closedPort}`;
      const uid = await userId(REVIEWER);
      await notifyNow([uid], 'review_escalated', '/proposals/p-10');
      await deliverQueuedMail(h().deps);
      const [row] = (await outboxOf(uid)).filter((r) => r.template === 'review_escalated' && r.params_json.includes('/proposals/p-10'));
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
      useSmtpSink(h().deps, sink);
      h().deps.clock.advance(mailBackoffMs(1));
      await deliverQueuedMail(h().deps);
      await sink.waitForMail((m) => m.to.includes(REVIEWER) && m.text.includes(`${BASE}/proposals/p-10`));
    });

    it('without an SMTP server, e-mail stays pending (no attempt counted, no job queued)', async () => {
      const config = h().deps.config as { SMTP_URL?: string };
      config.SMTP_URL = undefined;
      try {
        expect(await scheduleMailSend(h().deps)).toBe(false);
        const uid = await userId(REVIEWER);
        await notifyNow([uid], 'decision', '/proposals/p-11');
        await deliverQueuedMail(h().deps);
        const [row] = (await outboxOf(uid)).filter((r) => r.template === 'decision' && r.params_json.includes('p-11'));
        expect(row).toMatchObject({ status: 'pending', attempts: 0 });
      } finally {
        useSmtpSink(h().deps, sink);
      }
      // Sent once a server is there.
      await deliverQueuedMail(h().deps);
      await sink.waitForMail((m) => m.to.includes(REVIEWER) && m.text.includes(`${BASE}/proposals/p-11`));
    });

    it('the development mailbox keeps what is sent, for administrators only', async () => {
      const config = h().deps.config as { SMTP_URL?: string };
      config.SMTP_URL = undefined;
      const admin = await h().login(ADMIN);
      expect((await admin.get('/api/v1/admin/dev-mail')).body).toEqual({ enabled: false, items: [] });
      await startDevMailbox(() => h().deps.clock.nowIso());
      try {
        const uid = await userId(ANCHOR);
        await notifyNow([uid], 'certification_requested', '/proposals/p-12');
        await deliverQueuedMail(h().deps);
        const box = (await admin.get('/api/v1/admin/dev-mail')).body;
        expect(box.enabled).toBe(true);
        const m = box.items.find((i: { to: string[]; text: string }) => i.to.includes(ANCHOR) && i.text.includes(`${BASE}/proposals/p-12`));
        expect(m.subject).toContain('Certification requested');
        expect(m.html).toContain('American AI Exports Program');
        const member = await h().login(MEMBER);
        expectProblem(await member.get('/api/v1/admin/dev-mail'), 403, 'FORBIDDEN');
      } finally {
        await stopDevMailbox();
        useSmtpSink(h().deps, sink);
      }
    });

    it('only administrators see the outbox or retry e-mail', async () => {
      for (const email of [MEMBER, 'program.officer@ita.example', 'decision@ita.example']) {
        const c = await h().login(email);
        expectProblem(await c.get('/api/v1/admin/mail'), 403, 'FORBIDDEN');
        expectProblem(await c.get('/api/v1/admin/mail?status=sent'), 403, 'FORBIDDEN');
        expectProblem(await c.post('/api/v1/admin/mail/anything/retry'), 403, 'FORBIDDEN');
        expectProblem(await c.get('/api/v1/admin/dev-mail'), 403, 'FORBIDDEN');
      }
      const admin = await h().login(ADMIN);
      expectProblem(await admin.get('/api/v1/admin/mail?status=bogus'), 400, 'VALIDATION_FAILED');
      const sent = await admin.get('/api/v1/admin/mail?status=sent');
      expect(sent.status).toBe(200);
      expect(sent.body.items.length).toBeGreaterThan(0);
      // No sign-in token or link of any e-mail reaches the listing.
      expect(JSON.stringify(sent.body)).not.toContain('tok-123');
    });

    it('mandatory kinds are the documented ones', () => {
      expect([...MANDATORY_MAIL_KINDS].sort()).toEqual(
        [
          'certification_requested',
          'consortium_invitation',
          'consultation_escalated',
          'consultation_requested',
          'decision',
          'information_requested',
          'monitoring_report_overdue',
          'review_assigned',
          'review_escalated',
          'screening_alert',
        ].sort(),
      );
    });
  },
  { config: CONFIG },
);

