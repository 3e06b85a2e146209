import type { NewUserInput, UpdateUserInput, UserListItem } from '../../../shared/contracts/users.ts';
import { COMPANY_ROLES, type Role } from '../../../shared/domain/roles.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import { can } from '../../../shared/access.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword, passwordProblem } from '../../lib/passwords.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { latestActionAtByEntity } from '../audit/audit.service.ts';
import { createOrganization, loadOrganization, organizationExists } from '../organizations/organizations.service.ts';
import {
  findActorRow,
  findEnabledUserIdsOfOrgsWithRole,
  findEnabledUserIdsWithRole,
  findEnabledUsersWithRole,
  findUserByEmail,
  findUserIdByEmail,
  findUserIdsOfOrg,
  findUserNames,
  findUsersWithOrganization,
  findUsersWithRoles,
  insertUser,
  updateUserAccess,
  updateUserEmailVerified,
  updateUserPassword,
} from './users.repository.ts';

/**
 * Refuses a password the policy does not accept (src/server/lib/passwords.ts) with 400
 * PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG or PASSWORD_TOO_COMMON naming the field. Every path that sets
 * a password calls it: user creation (by an administrator, the first administrator, the demo seed).
 */
export function assertPasswordAcceptable(password: string, user: { email: string; name: string }): void {
  const problem = passwordProblem(password, user);
  if (problem) throw invalid(problem.code, `The password ${problem.message}`, [{ path: 'password', message: problem.message, code: problem.code }]);
}

/** Company roles only in companies and government roles only outside them (an administrator's anywhere). */
function assertRolesFit(roles: readonly Role[], orgKind: string): void {
  const isCompany = orgKind === 'company';
  const misplaced = roles.filter((r) => r !== 'admin' && COMPANY_ROLES.includes(r) !== isCompany);
  if (misplaced.length > 0) {
    throw invalid('VALIDATION_FAILED', 'Request is invalid', [{ path: 'roles', message: `${misplaced.join(', ')} cannot be held by a user of a ${orgKind}` }]);
  }
}

/** Creates a user; company roles only in companies and government roles only outside them; the password must pass the policy. */
export async function createUser(deps: Deps, actorId: string | null, input: NewUserInput): Promise<string> {
  assertPasswordAcceptable(input.password, input);
  const org = await loadOrganization(deps, input.orgId);
  if (!org) throw invalid('VALIDATION_FAILED', 'Request is invalid', [{ path: 'orgId', message: 'no such organization' }]);
  assertRolesFit(input.roles, org.kind);
  const id = newId();
  const email = input.email.toLowerCase();
  const passwordHash = await hashPassword(input.password);
  try {
    await inTransaction(deps, async (tx) => {
      await insertUser(tx.trx, {
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
      });
      await tx.audit({ actorId, action: 'user.created', entityType: 'user', entityId: id, data: { email, orgId: input.orgId, roles: input.roles } });
    });
  } catch (err) {
    if (/unique|duplicate/i.test(String(err))) throw conflict('EMAIL_TAKEN', `A user with email ${email} already exists`);
    throw err;
  }
  return id;
}

export async function createUserAsAdmin(ctx: ServiceContext, input: NewUserInput) {
  if (!can(ctx.actor, 'users.manage')) throw forbidden('Only administrators create users');
  return createUser(ctx, ctx.actor.userId, input);
}

type UserRowWithOrg = Awaited<ReturnType<typeof findUsersWithOrganization>>[number];

function userItem(r: UserRowWithOrg, now: string, lastSignIns: Map<string, string>): UserListItem {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    roles: JSON.parse(r.roles_json) as Role[],
    orgId: r.org_id,
    orgName: r.orgName,
    orgKind: r.orgKind,
    disabled: r.disabled === 1,
    // A lock that has run out is no lock: only one still in force is shown.
    lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until : null,
    lastSignInAt: lastSignIns.get(r.id) ?? null,
  };
}

export async function listUsers(ctx: ServiceContext): Promise<UserListItem[]> {
  if (!can(ctx.actor, 'users.read')) throw forbidden('Only administrators and auditors list users');
  const [rows, lastSignIns] = await Promise.all([findUsersWithOrganization(ctx.db.db), latestActionAtByEntity(ctx, 'user', 'auth.login')]);
  const now = ctx.clock.nowIso();
  return rows.map((r) => userItem(r, now, lastSignIns));
}

/**
 * Changes a user's roles and/or whether it may sign in (administrators only). The roles must fit
 * the user's organization; an administrator never disables itself or drops its own administrator
 * role (so an administrator always remains to undo a mistake).
 */
export async function updateUserAsAdmin(ctx: ServiceContext, id: string, input: UpdateUserInput): Promise<UserListItem> {
  if (!can(ctx.actor, 'users.manage')) throw forbidden('Only administrators change users');
  await inTransaction(ctx, async (tx) => {
    const [row] = await findUsersWithOrganization(tx.trx, id);
    if (!row) throw notFound('User');
    const roles = JSON.parse(row.roles_json) as Role[];
    if (input.roles) assertRolesFit(input.roles, row.orgKind);
    const rolesChanged = input.roles !== undefined && canonicalRoles(input.roles) !== canonicalRoles(roles);
    const disabledChanged = input.disabled !== undefined && input.disabled !== (row.disabled === 1);
    if (!rolesChanged && !disabledChanged) return;
    const staysAdmin = !(input.disabled ?? row.disabled === 1) && (input.roles ?? roles).includes('admin');
    // The acting administrator stays one, so an enabled administrator always remains.
    if (id === ctx.actor.userId && !staysAdmin) throw conflict('SELF_LOCKOUT', 'You cannot disable yourself or take away your own administrator role; ask another administrator');
    await updateUserAccess(tx.trx, id, {
      ...(rolesChanged ? { roles_json: JSON.stringify(input.roles) } : {}),
      ...(disabledChanged ? { disabled: input.disabled ? 1 : 0 } : {}),
    });
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      data: { ...(rolesChanged ? { roles: input.roles, previousRoles: roles } : {}), ...(disabledChanged ? { disabled: input.disabled } : {}) },
    });
  });
  const [row] = await findUsersWithOrganization(ctx.db.db, id);
  return userItem(row!, ctx.clock.nowIso(), await latestActionAtByEntity(ctx, 'user', 'auth.login'));
}

const canonicalRoles = (roles: readonly string[]) => [...new Set(roles)].sort().join(',');

const ADMIN_NAME = 'Administrator';

/** Creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. */
export async function bootstrapAdmin(deps: Deps): Promise<string | null> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = deps.config;
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return null;
  const existing = await findUserIdByEmail(deps.db.db, ADMIN_EMAIL);
  if (existing) return null;
  // Refused before anything is written, naming the setting, so the start-up error says what to fix.
  const problem = passwordProblem(ADMIN_PASSWORD, { email: ADMIN_EMAIL, name: ADMIN_NAME });
  if (problem) throw new Error(`ADMIN_PASSWORD is refused (${problem.code}): it ${problem.message}`);
  const orgId = 'org-program-admin';
  if (!(await organizationExists(deps, orgId))) {
    await createOrganization(deps, null, {
      id: orgId,
      name: 'AIEP Program Administration',
      kind: 'agency',
      agency: 'COMMERCE_ITA',
      countryOfIncorporation: 'US',
      principalPlaceOfBusiness: 'US',
      owners: [],
      ultimateParent: null,
      smallBusiness: false,
    });
  }
  try {
    return await createUser(deps, null, { email: ADMIN_EMAIL, name: ADMIN_NAME, orgId, roles: ['admin'], password: ADMIN_PASSWORD });
  } catch (err) {
    if (err instanceof AppError && err.code === 'EMAIL_TAKEN') return null;
    throw err;
  }
}

// ── For other modules ──────────────────────────────────────────────────────────────────────
// Reads without a viewer's check (the caller applies its own policy). Functions taking a Tx read or
// write inside the caller's transaction.

/** The user with this email, with the password hash (for login). */
export function findLoginUser(deps: Pick<Deps, 'db'>, email: string) {
  return findUserByEmail(deps.db.db, email);
}

/** The user with the organization facts an Actor is made of (roles_json unparsed), or undefined. */
export function actorRowOf(deps: Pick<Deps, 'db'>, userId: string) {
  return findActorRow(deps.db.db, userId);
}

/** Enabled users holding a role, with email and agency, by name. */
export function enabledUsersWithRole(deps: Pick<Deps, 'db'>, role: string) {
  return findEnabledUsersWithRole(deps.db.db, role);
}

/** Users by id with their roles (roles_json unparsed); unknown ids are left out. */
export function usersWithRolesByIds(deps: Pick<Deps, 'db'>, ids: string[]) {
  return findUsersWithRoles(deps.db.db, ids);
}

/** Names (and organizations) of users by id. */
export async function userNames(deps: Pick<Deps, 'db'>, ids: string[]): Promise<{ id: string; name: string; org_id: string }[]> {
  return ids.length ? findUserNames(deps.db.db, ids) : [];
}

/** Ids of enabled users holding a role (optionally of one agency), in the caller's transaction. */
export function userIdsWithRole(tx: Tx, role: string, agency?: string): Promise<string[]> {
  return findEnabledUserIdsWithRole(tx.trx, role, agency);
}

/** Ids of enabled users of these organizations holding a role, in the caller's transaction. */
export function userIdsOfOrgsWithRole(tx: Tx, orgIds: string[], role: string): Promise<string[]> {
  return findEnabledUserIdsOfOrgsWithRole(tx.trx, orgIds, role);
}

/** Ids of every user of an organization, in the caller's transaction. */
export function userIdsOfOrg(tx: Tx, orgId: string): Promise<string[]> {
  return findUserIdsOfOrg(tx.trx, orgId);
}

/**
 * Writes the first user of a self-registered company in the caller's transaction (the onboarding
 * module): company roles, the e-mail address still to be confirmed (no sign-in until it is). The
 * caller has checked the password against the policy and hashed it.
 */
export async function insertSelfRegisteredUser(tx: Tx, input: { id: string; orgId: string; email: string; name: string; passwordHash: string; roles: Role[]; locale?: string }): Promise<void> {
  await insertUser(tx.trx, {
    id: input.id,
    org_id: input.orgId,
    email: input.email.toLowerCase(),
    name: input.name,
    password_hash: input.passwordHash,
    roles_json: JSON.stringify(input.roles),
    failed_logins: 0,
    locked_until: null,
    disabled: 0,
    created_at: tx.clock.nowIso(),
    email_verification_pending: 1,
    ...(input.locale ? { locale: input.locale } : {}),
  });
  await tx.audit({ actorId: null, action: 'user.created', entityType: 'user', entityId: input.id, data: { email: input.email.toLowerCase(), orgId: input.orgId, roles: input.roles, selfRegistered: true } });
}

/** Records that the user confirmed its e-mail address, in the caller's transaction (the caller audits it). */
export function markEmailVerified(tx: Tx, userId: string): Promise<void> {
  return updateUserEmailVerified(tx.trx, userId);
}

/** Sets a user's new password hash and clears its lockout, in the caller's transaction (the caller audits it). */
export function setPasswordAndClearLockout(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  return updateUserPassword(tx.trx, userId, passwordHash);
}

/**
 * Writes the user an accepted invitation creates, in the caller's transaction (the identity
 * module): the invitation's organization and roles (which must fit it), its e-mail address (proven
 * by the e-mailed link or a provider's verified claim). `passwordHash` null makes an account that
 * signs in through its OpenID provider only (no password matches it).
 */
export async function insertInvitedUser(
  tx: Tx,
  actorId: string | null,
  input: { id: string; orgId: string; orgKind: string; email: string; name: string; passwordHash: string | null; roles: Role[]; invitationId: string },
): Promise<void> {
  assertRolesFit(input.roles, input.orgKind);
  const email = input.email.toLowerCase();
  await insertUser(tx.trx, {
    id: input.id,
    org_id: input.orgId,
    email,
    name: input.name,
    password_hash: input.passwordHash ?? NO_PASSWORD,
    roles_json: JSON.stringify(input.roles),
    failed_logins: 0,
    locked_until: null,
    disabled: 0,
    created_at: tx.clock.nowIso(),
  });
  await tx.audit({ actorId, action: 'user.created', entityType: 'user', entityId: input.id, data: { email, orgId: input.orgId, roles: input.roles, invitationId: input.invitationId } });
}

/** The stored "hash" of an account without a password: no password verifies against it. */
const NO_PASSWORD = 'none';
