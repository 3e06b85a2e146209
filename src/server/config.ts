// Configuration from the environment (and .env when present), validated once at start.
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { ROLES } from '../shared/domain/roles.ts';
import { OidcProvidersSetting } from './modules/identity/oidc.settings.ts';

const CountryList = z
  .string()
  .transform((s) => s.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Z]{2}$/)));

/** An IP address, or a CIDR `address/prefix` with a prefix within the address family's length. */
export function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The shortest audit key accepted, from AUDIT_HMAC_KEY or the key file (32 characters: 128 bits as hex or more). */
export const AUDIT_KEY_MIN_LENGTH = 32;

/** A legal effect a list hit can have, as a setting (absent: the shipped default). */
const ListEffectSetting = z.enum(['prohibited', 'license_required', 'red_flag', 'check']).optional();

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
  DEMO_PASSWORD: z.string().min(12).default('demo-password-2026'),
  // Which proxies' X-Forwarded-For to believe for the client address (the login throttle and rate
  // limit count per address): false (none, the default), true (any: only behind a proxy that always
  // sets it), or a comma-separated list of the proxies' addresses/CIDRs.
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string[] => (v === 'true' ? true : v === 'false' ? false : v.split(',').map((a) => a.trim()).filter(Boolean))),
  ACCESS_LOG_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
  // ── Records retention (docs/operations.md#records-retention-and-foia): days a record class is
  // kept before a disposal run may report it; the agency's records schedule decides the values ──
  /** Proposals not designated, counted from the decision. */
  RETENTION_PROPOSAL_NOT_DESIGNATED_DAYS: z.coerce.number().int().positive().default(2190),
  /** Proposals withdrawn, counted from the withdrawal. */
  RETENTION_PROPOSAL_WITHDRAWN_DAYS: z.coerce.number().int().positive().default(2190),
  /** Document versions superseded by a later one and never part of a submitted revision, counted from the upload. */
  RETENTION_DOCUMENTS_SUPERSEDED_DAYS: z.coerce.number().int().positive().default(1095),
  /** E-mails sent (or suppressed) from the outbox, counted from their creation. */
  RETENTION_MAIL_OUTBOX_SENT_DAYS: z.coerce.number().int().positive().default(90),
  /** Sessions, counted from their expiry. */
  RETENTION_SESSIONS_DAYS: z.coerce.number().int().positive().default(30),
  // Who may read GET /metrics (Prometheus): comma-separated addresses/CIDRs of the client (after
  // TRUST_PROXY); anyone else gets 404. Empty: nobody (the endpoint answers 404 to everyone).
  METRICS_ALLOW: z
    .string()
    .default('127.0.0.1,::1')
    .transform((v) => v.split(',').map((a) => a.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isAddressOrCidr, { message: 'must be IP addresses or CIDRs (a.b.c.d, a.b.c.d/n, IPv6, IPv6/n), comma-separated' }))),
  COUNTRIES_OF_CONCERN: CountryList.default(['CN', 'HK', 'MO']),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  REVIEW_MIN_REVIEWERS: z.coerce.number().int().min(1).max(20).default(3),
  REVIEW_DUE_DAYS: z.coerce.number().int().positive().default(21),
  CONSULTATION_DUE_DAYS: z.coerce.number().int().positive().default(21),
  /** Days past its due date after which an unfinished review assignment is escalated to the program officers, once. */
  REVIEW_ESCALATION_DAYS: z.coerce.number().int().min(0).default(3),
  /** Days past its due date after which an unanswered consultation is escalated to the program officers, once. */
  CONSULTATION_ESCALATION_DAYS: z.coerce.number().int().min(0).default(3),
  /** Days past its due date after which an unfiled monitoring report is escalated to the financing agencies and the EDAG coordinators, once. */
  MONITORING_ESCALATION_DAYS: z.coerce.number().int().min(0).default(7),
  DESIGNATION_TERM_MONTHS: z.coerce.number().int().positive().default(36),
  /**
   * The public outcomes page's disclosure threshold (docs/outcomes.md): an amount summed over fewer
   * deals than this is withheld. A disclosure-control choice of the program, not a legal rule.
   */
  OUTCOMES_MIN_DEALS: z.coerce.number().int().min(1).max(100).default(2),
  /** Days before a license's validity ends at which its keepers are reminded, once per threshold (comma-separated). */
  LICENSE_EXPIRY_REMINDER_DAYS: z
    .string()
    .default('60,14')
    .transform((v) => [...new Set(v.split(',').map((d) => d.trim()).filter(Boolean).map(Number))].sort((a, b) => b - a))
    .pipe(z.array(z.number().int().positive().max(3650))),
  /** The target for BIS to decide a submitted license application, in days: the critical path ages against it. */
  LICENSE_PENDING_TARGET_DAYS: z.coerce.number().int().positive().default(60),
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
  // ── Process roles, database pool and jobs (docs/operations.md#process-roles) ──
  /** all: web and worker in one process (the embedded default); web: HTTP only; worker: jobs and scheduled work only. */
  PROCESS_ROLE: z.enum(['all', 'web', 'worker']).optional(),
  /** Deprecated: `off` means PROCESS_ROLE=web when PROCESS_ROLE is unset. */
  JOBS_WORKER: z.string().toLowerCase().pipe(z.enum(['on', 'off'])).optional(),
  /** The worker role's health endpoint (/healthz, /readyz) port on HOST; unset, none is served. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** PostgreSQL statement_timeout of the pool's connections; 0 turns it off. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** An idle pooled connection is closed after this long. */
  DB_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Opening a connection fails after this long instead of hanging (the request answers 503). */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** A running job whose worker has not renewed its lease for this long is taken back. */
  JOB_LEASE_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** How often a worker renews the lease of the job it runs (independently of the job's progress). */
  JOB_HEARTBEAT_MS: z.coerce.number().int().min(100).default(10_000),
  /** On SIGTERM/SIGINT, how long the running job may take to finish before it is requeued. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  /**
   * on: the screening index is built, and searched, in a worker thread of its own, so neither a
   * rebuild after a list activation nor a batch holds up requests; off: in the process's own
   * thread (less memory during a rebuild, for constrained hosts).
   */
  SCREENING_INDEX_THREAD: z.string().toLowerCase().pipe(z.enum(['on', 'off'])).default('on'),
  // ── Screening list sources (docs/operations.md#screening-list-sources) ──
  /**
   * on: a server starting on a database where no screening list was ever imported imports and
   * activates the shipped CSL snapshot of May 2022 (data/screening), once, so that parties are
   * screened from the first minute; off: no list until an administrator imports one.
   */
  SCREENING_BOOTSTRAP_SNAPSHOT: z.string().toLowerCase().pipe(z.enum(['on', 'off'])).default('on'),
  /** List codes whose download source is enabled by the environment, whatever the admin setting (comma-separated, e.g. `csl,un`). */
  SCREENING_SOURCES_ENABLED: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean)),
  /** A list download that has not finished after this long fails (the active version stays). */
  SCREENING_SOURCE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(120_000),
  /** A list download larger than this fails without being read further. */
  SCREENING_SOURCE_MAX_BYTES: z.coerce.number().int().min(1_024).default(128 * 1024 * 1024),
  /**
   * A downloaded list with fewer entries than this share of the active version's is refused as a
   * suspicious shrink (a truncated or partial publication); 0 turns the check off.
   */
  SCREENING_SOURCE_MIN_RATIO: z.coerce.number().min(0).max(1).default(0.5),
  // ── Legal effect of EU and UK list entries for a U.S. exporter (docs/domain.md#eu-and-uk-lists) ──
  /** Effect stored with EU entries (no EU nexus is recorded yet): default `check`. Read by list-files.ts. */
  SCREENING_EU_NO_NEXUS_EFFECT: ListEffectSetting,
  /** Effect stored with UK entries (no UK nexus is recorded yet): default `check`. Read by list-files.ts. */
  SCREENING_UK_NO_NEXUS_EFFECT: ListEffectSetting,
  // ── E-mail (docs/operations.md#e-mail) ──
  /** The SMTP server as a URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 (TLS). Wins over SMTP_HOST…. */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//i.test(v), { message: 'must start with smtp:// or smtps://' })
    .optional(),
  /** The SMTP server by parts, when SMTP_URL is unset. */
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** true: TLS from the first byte (port 465); false: plain, upgraded by STARTTLS when the server offers it. */
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** true: refuse to send unless the server upgrades the connection with STARTTLS. */
  SMTP_REQUIRE_TLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** The From of every e-mail. */
  MAIL_FROM: z.string().min(3).default('American AI Exports Program <no-reply@localhost>'),
  /** The absolute address users reach the web app at: links in e-mails start with it. */
  PUBLIC_BASE_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//i.test(v), { message: 'must start with http:// or https://' })
    .default('http://localhost:3000')
    .transform((v) => v.replace(/\/+$/, '')),
  /** Attempts at delivering one e-mail before it is marked failed and the administrators are told. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** The hour (UTC, 0–23) at which the daily digests are sent. */
  MAIL_DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(13),
  /**
   * The development mailbox: an SMTP server inside the server process that keeps what it receives
   * for administrators to read. auto: on when no SMTP server is configured and the database is
   * SQLite (the embedded development set-up); on/off: always/never.
   */
  MAIL_DEV_MAILBOX: z.enum(['auto', 'on', 'off']).default('auto'),
  // ── Sign-in with OpenID Connect and invitations (docs/operations.md#sign-in-with-openid-connect) ──
  /** The OpenID providers (Login.gov, agency providers): a JSON array, or the path of a JSON file holding one; empty: none. */
  OIDC_PROVIDERS: OidcProvidersSetting,
  /** How long a started sign-in at a provider may take before its state is refused. */
  OIDC_STATE_TTL_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  /** How long an invitation to create an account stays open. */
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /**
   * The market explorer's assumed days to a decision on a license reviewed case-by-case (or under a
   * presumption of approval): default 90, the deadline by which 15 CFR 750.4(a) has BIS resolve or
   * refer an application to the President; an assumption, not a forecast.
   */
  MARKET_LICENSE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  /** Days assumed for a license under a presumption or policy of denial; empty (the default): not estimated. */
  MARKET_LICENSE_DENIAL_DAYS: z.coerce.number().int().min(0).max(3650).optional(),
  // ── Two-factor sign-in (docs/security.md#two-factor-sign-in) ──
  /** Roles whose users must use a second factor (comma-separated role names; empty: nobody). */
  MFA_REQUIRED_ROLES: z
    .string()
    .default('program_officer,screening_analyst,decision_official,interagency_reviewer,edag_coordinator,financing_officer,auditor,admin')
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ROLES))),
  /** The key that encrypts TOTP secrets at rest (at least 32 characters); unset, it is read from MFA_KEY_FILE, created there (mode 0600) on first use. */
  MFA_SECRET_KEY: z.string().min(32, { message: 'must be at least 32 characters (generate one with: openssl rand -hex 32)' }).optional(),
  MFA_KEY_FILE: z.string().min(1).default('./data/mfa.key'),
});
export type Config = z.infer<typeof ConfigSchema>;

export type ProcessRole = 'all' | 'web' | 'worker';

/** The role of this process: PROCESS_ROLE, else `web` when the deprecated JOBS_WORKER=off, else `all`. */
export function processRoleOf(config: Pick<Config, 'PROCESS_ROLE' | 'JOBS_WORKER'>): ProcessRole {
  return config.PROCESS_ROLE ?? (config.JOBS_WORKER === 'off' ? 'web' : 'all');
}

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
