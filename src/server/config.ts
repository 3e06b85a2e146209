// Configuration from the environment (and .env when present), validated once at start.
import { existsSync } from 'node:fs';
import { z } from 'zod';

const CountryList = z
  .string()
  .transform((s) => s.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Z]{2}$/)));

/** The shortest audit key accepted, from AUDIT_HMAC_KEY or the key file (32 characters: 128 bits as hex or more). */
export const AUDIT_KEY_MIN_LENGTH = 32;

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('localhost'),
  DATABASE_URL: z.string().default('sqlite:./data/aiep.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12).optional(),
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  DEMO_PASSWORD: z.string().min(8).default('demo-password-2026'),
  COUNTRIES_OF_CONCERN: CountryList.default(['CN', 'HK', 'MO']),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  REVIEW_MIN_REVIEWERS: z.coerce.number().int().min(1).max(20).default(3),
  REVIEW_DUE_DAYS: z.coerce.number().int().positive().default(21),
  CONSULTATION_DUE_DAYS: z.coerce.number().int().positive().default(21),
  DESIGNATION_TERM_MONTHS: z.coerce.number().int().positive().default(36),
  // The audit chain's HMAC key, held outside the database (docs/security.md#audit-trail). Unset,
  // the key is read from AUDIT_KEY_FILE, created there (mode 0600) on first use.
  AUDIT_HMAC_KEY: z
    .string()
    .min(AUDIT_KEY_MIN_LENGTH, { message: `must be at least ${AUDIT_KEY_MIN_LENGTH} characters (generate one with: openssl rand -hex 32); it keys the audit chain's HMAC` })
    .optional(),
  AUDIT_KEY_FILE: z.string().min(1).default('./data/audit.key'),
  /** Retired audit keys (one `*.key` file each, kept read-only) that still verify their epochs. */
  AUDIT_KEYRING_DIR: z.string().min(1).default('./data/audit-keys'),
  /** Append-only file of signed checkpoints of the audit chain (event count and head hash). */
  AUDIT_CHECKPOINT_FILE: z.string().min(1).default('./data/audit-checkpoints.jsonl'),
});
export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Loads ./.env into process.env (without overriding what is set) when the file exists. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
