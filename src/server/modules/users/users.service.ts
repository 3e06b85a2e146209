import { z } from 'zod';
import { COMPANY_ROLES, ROLES, type Role } from '../../../shared/domain/roles.ts';
import { AppError, conflict, forbidden, invalid } from '../../../shared/errors.ts';
import { hasRole, type Deps, type ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { findOrganization } from '../organizations/organizations.repository.ts';
import { createOrganization } from '../organizations/organizations.service.ts';

export const NewUserInput = z.strictObject({
  email: z.string().email().max(254),
  name: z.string().trim().min(1).max(200),
  orgId: z.string().min(1).max(64),
  roles: z.array(z.enum(ROLES)).min(1),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
});
export type NewUserInput = z.infer<typeof NewUserInput>;

/** Creates a user; company roles only in companies and government roles only outside them. */
export async function createUser(deps: Deps, actorId: string | null, input: NewUserInput): Promise<string> {
  const org = await findOrganization(deps.db.db, input.orgId);
  if (!org) throw invalid('VALIDATION_FAILED', 'Request is invalid', [{ path: 'orgId', message: 'no such organization' }]);
  const isCompany = org.kind === 'company';
  const misplaced = input.roles.filter((r) => r !== 'admin' && COMPANY_ROLES.includes(r) !== isCompany);
  if (misplaced.length > 0) {
    throw invalid('VALIDATION_FAILED', 'Request is invalid', [
      { path: 'roles', message: `${misplaced.join(', ')} cannot be held by a user of a ${org.kind}` },
    ]);
  }
  const id = newId();
  const email = input.email.toLowerCase();
  const passwordHash = await hashPassword(input.password);
  try {
    await inTransaction(deps, async (tx) => {
      await tx.trx
        .insertInto('users')
        .values({
          id,
          org_id: input.orgId,
          email,
          name: input.name,
          password_hash: passwordHash,
          roles_json: JSON.stringify(input.roles),
          failed_logins: 0,
          locked_until: null,
          disabled: 0,
          created_at: deps.clock.nowIso(),
        })
        .execute();
      await tx.audit({ actorId, action: 'user.created', entityType: 'user', entityId: id, data: { email, orgId: input.orgId, roles: input.roles } });
    });
  } catch (err) {
    if (/unique|duplicate/i.test(String(err))) throw conflict('EMAIL_TAKEN', `A user with email ${email} already exists`);
    throw err;
  }
  return id;
}

export async function createUserAsAdmin(ctx: ServiceContext, input: NewUserInput) {
  if (!hasRole(ctx.actor, 'admin')) throw forbidden('Only administrators create users');
  return createUser(ctx, ctx.actor.userId, input);
}

export async function listUsers(ctx: ServiceContext) {
  if (!hasRole(ctx.actor, 'admin', 'auditor')) throw forbidden('Only administrators and auditors list users');
  const rows = await ctx.db.db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select(['users.id', 'users.email', 'users.name', 'users.roles_json', 'users.org_id', 'organizations.name as orgName', 'users.disabled'])
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    roles: JSON.parse(r.roles_json) as Role[],
    orgId: r.org_id,
    orgName: r.orgName,
    disabled: r.disabled === 1,
  }));
}

/** Creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. */
export async function bootstrapAdmin(deps: Deps): Promise<string | null> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = deps.config;
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return null;
  const existing = await deps.db.db.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL.toLowerCase()).executeTakeFirst();
  if (existing) return null;
  let org = await deps.db.db.selectFrom('organizations').select('id').where('id', '=', 'org-program-admin').executeTakeFirst();
  if (!org) {
    await createOrganization(deps, null, {
      id: 'org-program-admin',
      name: 'AIEP Program Administration',
      kind: 'agency',
      agency: 'COMMERCE_ITA',
      countryOfIncorporation: 'US',
      principalPlaceOfBusiness: 'US',
      owners: [],
      ultimateParent: null,
      smallBusiness: false,
    });
    org = { id: 'org-program-admin' };
  }
  try {
    return await createUser(deps, null, { email: ADMIN_EMAIL, name: 'Administrator', orgId: org.id, roles: ['admin'], password: ADMIN_PASSWORD });
  } catch (err) {
    if (err instanceof AppError && err.code === 'EMAIL_TAKEN') return null;
    throw err;
  }
}
