// TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step of tolerance either side), the
// encryption of TOTP secrets at rest, recovery codes, and the demo accounts' derived secrets.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Config } from '../../config.ts';
import { hashToken } from '../../lib/passwords.ts';

export const TOTP_ISSUER = 'aiep';
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** Codes of the step before and after the current one are accepted too (clock drift). */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

function totpOf(secretBase32: string, label = ''): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_S, secret: OTPAuth.Secret.fromBase32(secretBase32) });
}

/** A new random secret (160 bits, as RFC 4226 recommends), base32. */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountName: string): string {
  return totpOf(secretBase32, accountName).toString();
}

/** The time step of an instant. */
export const totpStep = (ms: number): number => Math.floor(ms / 1000 / TOTP_PERIOD_S);

/** The code of a step (used by the demo sign-in and the tests; the server only verifies). */
export function totpCodeAtStep(secretBase32: string, step: number): string {
  return totpOf(secretBase32).generate({ timestamp: step * TOTP_PERIOD_S * 1000 });
}

/** The step whose code this is, within the window around `nowMs`, or null. */
export function matchTotp(secretBase32: string, code: string, nowMs: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secretBase32).validate({ token, timestamp: nowMs, window: TOTP_WINDOW });
  return delta === null ? null : totpStep(nowMs) + delta;
}

// ── Recovery codes ──────────────────────────────────────────────────────────────────────────

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten new codes like `k7m2p-q9x4z` (50 bits each), to show once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What is stored of a recovery code: the hash of its normalized form (case, spaces and dashes ignored). */
export function recoveryCodeHash(code: string): string {
  return hashToken(`recovery:${code.toLowerCase().replace(/[\s-]+/g, '')}`);
}

export const looksLikeRecoveryCode = (code: string): boolean => /^[a-z0-9]{10}$/i.test(code.replace(/[\s-]+/g, ''));

// ── Demo accounts ───────────────────────────────────────────────────────────────────────────

/**
 * The TOTP secret the demo data gives a demo account: derived from DEMO_PASSWORD and the e-mail,
 * so the demo's sign-in page (and the tests) can compute its codes. Never used outside demo data.
 */
export function demoTotpSecret(email: string, demoPassword: string): string {
  const bytes = createHmac('sha256', demoPassword).update(`aiep demo totp\n${email.trim().toLowerCase()}`).digest().subarray(0, 20);
  return new OTPAuth.Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 20) }).base32;
}

// ── Secrets at rest ─────────────────────────────────────────────────────────────────────────

const keyCache = new Map<string, Buffer>();

/** The AES-256 key of TOTP secrets: from MFA_SECRET_KEY, else MFA_KEY_FILE (created, mode 0600, on first use). */
function mfaKey(config: Pick<Config, 'MFA_SECRET_KEY' | 'MFA_KEY_FILE'>): Buffer {
  const source = config.MFA_SECRET_KEY ? `env:${config.MFA_SECRET_KEY}` : `file:${config.MFA_KEY_FILE}`;
  const cached = keyCache.get(source);
  if (cached) return cached;
  let material = config.MFA_SECRET_KEY;
  if (!material) {
    const path = config.MFA_KEY_FILE;
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      try {
        writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    material = readFileSync(path, 'utf8').trim();
    if (material.length < 32) throw new Error(`The MFA key in ${path} is shorter than 32 characters`);
  }
  const key = createHash('sha256').update(`aiep mfa secrets\n${material}`).digest();
  keyCache.set(source, key);
  return key;
}

/** A TOTP secret encrypted for storage: `v1.` + base64url(iv | tag | ciphertext), AES-256-GCM bound to the user. */
export function sealSecret(config: Pick<Config, 'MFA_SECRET_KEY' | 'MFA_KEY_FILE'>, userId: string, secretBase32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', mfaKey(config), iv);
  cipher.setAAD(Buffer.from(userId, 'utf8'));
  const ct = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
}

/** The TOTP secret of a stored value, or null when it cannot be decrypted (another key, another user's row). */
export function openSecret(config: Pick<Config, 'MFA_SECRET_KEY' | 'MFA_KEY_FILE'>, userId: string, sealed: string): string | null {
  if (!sealed.startsWith('v1.')) return null;
  try {
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', mfaKey(config), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(userId, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
