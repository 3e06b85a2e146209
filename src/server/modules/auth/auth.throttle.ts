// The rules of login throttling, pure: which counters a login attempt touches and what a failure
// does to them. The counters live in login_throttles (auth.repository.ts), so every web process
// sees the same ones.
//
// - Per (account, source): after LOGIN_MAX_FAILURES failures from one source for one e-mail, that
//   source is refused for that e-mail for 1 minute, then 2, 4, … after each further failure,
//   capped at LOGIN_LOCKOUT_MINUTES. The same e-mail from another source is not affected, so an
//   attacker cannot lock the owner out.
// - Per source: after SOURCE_MAX_FAILURES failures from one source over any e-mails (password
//   spraying), the source is refused for every e-mail, with the same growing delay.
// - Per account, from all sources: past ACCOUNT_CEILING failures, every attempt on the e-mail is
//   answered ACCOUNT_SLOW_MS later — slowed, never refused.
// A counter forgets itself FORGET_AFTER_MS after its last failure. Counters are keyed by a hash of
// the e-mail, known or not, so an unknown e-mail is throttled exactly like a real one. IPv6 sources
// count per /64, since one host usually holds a whole /64.
import { isIP } from 'node:net';
import { hashToken } from '../../lib/passwords.ts';

export const SOURCE_MAX_FAILURES = 50;
export const ACCOUNT_CEILING = 100;
export const ACCOUNT_SLOW_MS = 1000;
export const FIRST_DELAY_MS = 60_000;
export const FORGET_AFTER_MS = 3_600_000;

export interface ThrottleKeys {
  /** The e-mail's hash (the entity of audit events about an unknown e-mail). */
  emailHash: string;
  /** The source as counted: an IPv4 address, or an IPv6 /64. */
  source: string;
  accountSource: string;
  sourceOnly: string;
  account: string;
}

export interface ThrottleState {
  failures: number;
  blocked_until: string | null;
  expires_at: string;
}

/** The source an address is counted as: IPv4 as is (also when IPv4-mapped), IPv6 by its /64. */
export function sourceOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export function throttleKeys(email: string, ip: string): ThrottleKeys {
  const emailHash = hashToken(email.trim().toLowerCase());
  const source = sourceOf(ip);
  return { emailHash, source, accountSource: `as:${emailHash}:${source}`, sourceOnly: `s:${source}`, account: `a:${emailHash}` };
}

/** Failures a counter still remembers at `nowMs` (0 for a missing or forgotten one). */
export function liveFailures(row: ThrottleState | undefined, nowMs: number): number {
  return row && Date.parse(row.expires_at) > nowMs ? row.failures : 0;
}

/** Whether a counter refuses attempts at `nowMs`. */
export function isBlocked(row: ThrottleState | undefined, nowMs: number): boolean {
  return liveFailures(row, nowMs) > 0 && row!.blocked_until !== null && Date.parse(row!.blocked_until) > nowMs;
}

/**
 * A counter after one more failure at `nowMs`. From the `threshold`-th failure on, the source is
 * refused for FIRST_DELAY_MS, doubling with each further failure up to `capMs`; without a threshold
 * the counter only counts.
 */
export function afterFailure(row: ThrottleState | undefined, nowMs: number, threshold: number | null, capMs: number): ThrottleState {
  const failures = liveFailures(row, nowMs) + 1;
  const delay = threshold !== null && failures >= threshold ? Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - threshold, 30), capMs) : 0;
  return {
    failures,
    blocked_until: delay > 0 ? new Date(nowMs + delay).toISOString() : null,
    expires_at: new Date(nowMs + Math.max(FORGET_AFTER_MS, delay)).toISOString(),
  };
}
