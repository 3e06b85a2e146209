import type { Kysely } from 'kysely';

// Company self-onboarding and password reset.
// - organizations.registration_status: 'registered' (signed up, waiting for the program office),
//   'approved' or 'rejected'. Every organization from before this migration counts as approved.
// - users.email_verification_pending: 1 while a self-registered user has not confirmed its e-mail
//   address (such a user cannot sign in); 0 for every other user.
// - organization_registrations: what a company gave when it signed up (registration number,
//   address, website), who signed up, when the address was confirmed, and the program office's
//   decision with its reason (the status itself is the organization's registration_status).
// - email_verification_tokens and password_reset_tokens: single-use links, stored hashed; a newer
//   token of the same user ends the older ones (superseded_at).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('registration_status', 'text', (c) => c.notNull().defaultTo('approved')).execute();
  await db.schema.alterTable('users').addColumn('email_verification_pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('organization_registrations')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('registration_number', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('registered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('email_verified_at', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organization_registrations_created_idx').on('organization_registrations').column('created_at').execute();

  for (const table of ['email_verification_tokens', 'password_reset_tokens']) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('superseded_at', 'text')
      .execute();
    await db.schema.createIndex(`${table}_user_idx`).on(table).columns(['user_id', 'created_at']).execute();
  }
}
