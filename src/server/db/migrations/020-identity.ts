import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// Sign-in with OpenID Connect and invitations to create an account.
// - user_identities: which account of which OpenID provider (provider id and the provider's `sub`)
//   signs in as which user; one user may have several, a (provider, subject) pair belongs to one.
// - user_invitations: an administrator (or a company's anchor) invites an e-mail address into an
//   organization with roles; the e-mailed token is stored hashed; accepted, revoked or expired it
//   is spent.
// - oidc_login_states: the pending sign-ins — state (hashed), nonce and PKCE verifier kept
//   server-side, bound to the browser that started them by a cookie (hashed), spent on use.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('user_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .addUniqueConstraint('user_identities_provider_subject_key', ['provider', 'subject'])
    .execute();
  await db.schema.createIndex('user_identities_user_idx').on('user_identities').column('user_id').execute();

  await db.schema
    .createTable('user_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('roles_json', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('user_invitations_email_idx').on('user_invitations').column('email').execute();
  await db.schema.createIndex('user_invitations_org_idx').on('user_invitations').column('org_id').execute();

  await db.schema
    .createTable('oidc_login_states')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_login_states_expires_idx').on('oidc_login_states').column('expires_at').execute();
}
