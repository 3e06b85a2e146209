// The SMTP connection (nodemailer), made from the configuration: SMTP_URL, else SMTP_HOST and its
// companions, else the development mailbox when this process runs one (mail.devbox.ts), else none —
// then e-mail stays pending in the outbox (docs/operations.md#e-mail).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import { devMailboxUrl } from './mail.devbox.ts';

type SmtpConfig = Pick<Config, 'SMTP_URL' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_SECURE' | 'SMTP_REQUIRE_TLS'>;

/** Connection and greeting time-outs: a server that does not answer fails the attempt instead of holding the job. */
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

const cache = new Map<string, Transporter>();

/** Whether an SMTP server is configured (not counting the development mailbox). */
export function smtpConfigured(config: SmtpConfig): boolean {
  return Boolean(config.SMTP_URL || config.SMTP_HOST);
}

/** Where e-mail goes, for messages: the host and port, never the credentials. */
export function smtpTarget(config: SmtpConfig): string | null {
  if (config.SMTP_URL) {
    const u = new URL(config.SMTP_URL);
    return `${u.protocol}//${u.host}`;
  }
  if (config.SMTP_HOST) return `${config.SMTP_SECURE ? 'smtps' : 'smtp'}://${config.SMTP_HOST}:${config.SMTP_PORT ?? (config.SMTP_SECURE ? 465 : 587)}`;
  return devMailboxUrl();
}

/** The transport to send with, or null when e-mail has nowhere to go. */
export function transportOf(config: SmtpConfig): Transporter | null {
  const options = optionsOf(config);
  if (!options) return null;
  const key = JSON.stringify(options);
  let t = cache.get(key);
  if (!t) {
    t = nodemailer.createTransport(options);
    cache.set(key, t);
  }
  return t;
}

function optionsOf(config: SmtpConfig): Record<string, unknown> | null {
  if (config.SMTP_URL) {
    const u = new URL(config.SMTP_URL);
    const secure = u.protocol === 'smtps:';
    return {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      requireTLS: config.SMTP_REQUIRE_TLS,
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
      ...TIMEOUTS,
    };
  }
  if (config.SMTP_HOST) {
    return {
      host: config.SMTP_HOST,
      port: config.SMTP_PORT ?? (config.SMTP_SECURE ? 465 : 587),
      secure: config.SMTP_SECURE,
      requireTLS: config.SMTP_REQUIRE_TLS,
      ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
      ...TIMEOUTS,
    };
  }
  const dev = devMailboxUrl();
  if (dev) {
    const u = new URL(dev);
    return { host: u.hostname, port: Number(u.port), secure: false, ignoreTLS: true, ...TIMEOUTS };
  }
  return null;
}
