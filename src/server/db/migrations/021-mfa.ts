import type { Kysely } from 'kysely';

// Two-factor sign-in (TOTP with recovery codes).
// - sessions record how they were opened (password or an OpenID provider) and their MFA state:
//   'ok', or pending — 'challenge' (enrolled, a code is due) or 'enroll' (required, not set up yet).
//   Sessions opened before this migration stay 'ok'.
// - user_mfa: one row per user with a TOTP set-up, the secret encrypted (AES-256-GCM, key derived
//   from the MFA key). pending_secret holds a secret being enrolled until a code confirms it.
// - mfa_used_steps: the time steps whose code a user has had accepted (recent ones only): a code is
//   accepted once per (user, step) — the primary key refuses a replay, also between processes.
// - mfa_recovery_codes: single-use codes, stored hashed; regenerating deletes the old ones.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('mfa_state', 'text', (c) => c.notNull().defaultTo('ok')).execute();
  await db.schema.alterTable('sessions').addColumn('auth_method', 'text', (c) => c.notNull().defaultTo('password')).execute();
  await db.schema.alterTable('sessions').addColumn('auth_provider', 'text').execute();

  await db.schema
    .createTable('user_mfa')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret_enc', 'text')
    .addColumn('pending_secret_enc', 'text')
    .addColumn('enabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mfa_used_steps')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mfa_used_steps_pk', ['user_id', 'step'])
    .execute();

  await db.schema
    .createTable('mfa_recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('mfa_recovery_codes_user_idx').on('mfa_recovery_codes').column('user_id').execute();
}
