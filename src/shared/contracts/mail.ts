// E-mail: the templates, the user's choice per notification kind, and the administrators' views of
// the outbox and of the development mailbox. One definition for server and web.
import { z } from 'zod';
import { NOTIFICATION_KINDS, type NotificationKind } from '../labels.ts';

/** E-mails about the user's account, not about a notification: always sent, whatever the preferences. */
export const ACCOUNT_MAIL_TEMPLATES = ['account_invitation', 'email_verification', 'password_reset', 'password_changed', 'mfa_reset'] as const;
export type AccountMailTemplate = (typeof ACCOUNT_MAIL_TEMPLATES)[number];

/** Every template: one per notification kind, the account e-mails, and the daily digest. */
export type MailTemplateName = NotificationKind | AccountMailTemplate | 'digest';
export const MAIL_TEMPLATE_NAMES: readonly MailTemplateName[] = [...NOTIFICATION_KINDS, ...ACCOUNT_MAIL_TEMPLATES, 'digest'];

export const MAIL_MODES = ['immediate', 'digest', 'off'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

export const MAIL_MODE_LABELS: Record<MailMode, string> = {
  immediate: 'E-mail at once',
  digest: 'Daily digest',
  off: 'No e-mail',
};

/**
 * Notification kinds that are always e-mailed at once, whatever the user's choice: each asks the
 * recipient to act by a date, or tells a company the outcome of its own proposal or a screening
 * hit, where a missed or delayed e-mail has legal or procedural consequences (docs/domain.md#e-mail-notifications).
 */
export const MANDATORY_MAIL_KINDS = [
  'review_assigned',
  'consultation_requested',
  'review_escalated',
  'consultation_escalated',
  'monitoring_report_overdue',
  'decision',
  'information_requested',
  'certification_requested',
  'consortium_invitation',
  'screening_alert',
] as const satisfies readonly NotificationKind[];

/** Kinds never e-mailed (in-app only): a failed e-mail is not announced by e-mail. */
export const IN_APP_ONLY_KINDS = ['mail_failed'] as const satisfies readonly NotificationKind[];

export const isMandatoryMailKind = (kind: string): boolean => (MANDATORY_MAIL_KINDS as readonly string[]).includes(kind);
export const isInAppOnlyKind = (kind: string): boolean => (IN_APP_ONLY_KINDS as readonly string[]).includes(kind);

export const MailPreferenceView = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  label: z.string(),
  mode: z.enum(MAIL_MODES),
  /** Always e-mailed at once: the mode cannot be changed. */
  mandatory: z.boolean(),
});
export type MailPreferenceView = z.infer<typeof MailPreferenceView>;

export const MailPreferencesView = z.object({ items: z.array(MailPreferenceView) });
export type MailPreferencesView = z.infer<typeof MailPreferencesView>;

export const MailPreferencesUpdate = z.strictObject({
  items: z
    .array(z.strictObject({ kind: z.enum(NOTIFICATION_KINDS), mode: z.enum(MAIL_MODES) }))
    .min(1)
    .max(NOTIFICATION_KINDS.length * 2),
});
export type MailPreferencesUpdate = z.infer<typeof MailPreferencesUpdate>;

export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'digest', 'suppressed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** An outbox row as administrators see it: never its parameters (links may carry sign-in tokens). */
export const MailOutboxView = z.object({
  id: z.string(),
  to: z.string(),
  userId: z.string().nullable(),
  template: z.string(),
  status: z.enum(MAIL_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type MailOutboxView = z.infer<typeof MailOutboxView>;

export const MailOutboxQuery = z.object({
  status: z.enum(MAIL_STATUSES).optional().describe('only mail of this status (default: pending and failed)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const MailOutboxList = z.object({ items: z.array(MailOutboxView) });

/** A message the development mailbox received. */
export const DevMailView = z.object({
  id: z.string(),
  receivedAt: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
});
export type DevMailView = z.infer<typeof DevMailView>;

export const DevMailList = z.object({
  /** False when this process runs no development mailbox (an SMTP server is configured, or it is turned off). */
  enabled: z.boolean(),
  items: z.array(DevMailView),
});
export type DevMailList = z.infer<typeof DevMailList>;
