// Invitations to create an account: an administrator invites anyone into any organization, a
// company's anchor invites colleagues into its own company with company roles. The e-mailed link
// carries a random token (stored hashed); the invitation is accepted once — through an OpenID
// provider whose verified e-mail is the invitation's (oidc.service.ts), or by setting a password.
import type { InvitationAcceptBody, InvitationCreateBody, InvitationPreview, InvitationStatus, InvitationView } from '../../../shared/contracts/identity.ts';
import { COMPANY_ROLES, type Role } from '../../../shared/domain/roles.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword, hashToken, randomToken } from '../../lib/passwords.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { enqueueMail } from '../mail/mail.service.ts';
import { loadOrganization } from '../organizations/organizations.service.ts';
import { assertPasswordAcceptable, findLoginUser, insertInvitedUser } from '../users/users.service.ts';
import {
  findInvitation,
  findInvitationByTokenHash,
  findInvitationForUpdate,
  findInvitations,
  findOpenInvitationOfEmail,
  insertInvitation,
  markInvitationAccepted,
  markInvitationRevoked,
  type InvitationRow,
} from './identity.repository.ts';
import { invitationRefusal, mayInvite, mayManageInvitationOf, seesAllInvitations } from './invitations.policy.ts';
import { providersFor } from './oidc.settings.ts';

const DAY_MS = 86_400_000;

/** The path of the acceptance page for a token (the mail module makes it absolute). */
export const acceptPath = (token: string) => `/invitations/accept?token=${encodeURIComponent(token)}`;

function statusOf(row: { accepted_at: string | null; revoked_at: string | null; expires_at: string }, now: string): InvitationStatus {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return row.expires_at <= now ? 'expired' : 'open';
}

function toView(row: InvitationRow, now: string): InvitationView {
  return {
    id: row.id,
    email: row.email,
    orgId: row.org_id,
    orgName: row.orgName,
    roles: JSON.parse(row.roles_json) as string[],
    invitedBy: row.invitedByName,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
    status: statusOf(row, now),
  };
}

/**
 * Invites an e-mail address into an organization with roles and e-mails the link (mandatory mail,
 * in the same transaction). 403 when the actor may not invite there or grant these roles; 400 when
 * the organization is unknown or the roles do not fit it; 409 EMAIL_TAKEN when a user has the
 * address, INVITATION_OPEN when an open invitation for it exists (revoke it to invite again).
 */
export async function createInvitation(ctx: ServiceContext, body: InvitationCreateBody): Promise<InvitationView> {
  const email = body.email.trim().toLowerCase();
  const roles = [...new Set(body.roles)] as Role[];
  const refusal = invitationRefusal(ctx.actor, body.orgId, roles);
  if (refusal) throw forbidden(refusal);
  const org = await loadOrganization(ctx, body.orgId);
  if (!org) throw invalid('VALIDATION_FAILED', 'Request is invalid', [{ path: 'orgId', message: 'no such organization' }]);
  assertRolesFitOrg(roles, org.kind);
  const now = ctx.clock.nowIso();
  if (await findLoginUser(ctx, email)) throw conflict('EMAIL_TAKEN', `A user with email ${email} already exists`);
  if (await findOpenInvitationOfEmail(ctx.db.db, email, now)) throw conflict('INVITATION_OPEN', `An open invitation for ${email} exists; revoke it to invite again`);
  const id = newId();
  const token = randomToken(32);
  const expiresAt = new Date(ctx.clock.millis() + ctx.config.INVITATION_TTL_DAYS * DAY_MS).toISOString();
  await inTransaction(ctx, async (tx) => {
    await insertInvitation(tx.trx, { id, email, org_id: org.id, roles_json: JSON.stringify(roles), invited_by: ctx.actor.userId, token_hash: hashToken(token), created_at: now, expires_at: expiresAt, accepted_at: null, accepted_user_id: null, revoked_at: null });
    await enqueueMail(tx, { to: email, userId: null, template: 'account_invitation', params: { orgName: org.name, invitedBy: ctx.actor.name, link: acceptPath(token), expiresAt }, mandatory: true });
    await tx.audit({ actorId: ctx.actor.userId, action: 'invitation.created', entityType: 'user_invitation', entityId: id, data: { email, orgId: org.id, roles, expiresAt } });
  });
  return toView((await findInvitation(ctx.db.db, id))!, now);
}

/** Company roles in companies, government roles elsewhere (as users.service creates users), checked before anything is written: 400 naming `roles`. */
function assertRolesFitOrg(roles: Role[], orgKind: string): void {
  const isCompany = orgKind === 'company';
  const misplaced = roles.filter((r) => r !== 'admin' && COMPANY_ROLES.includes(r) !== isCompany);
  if (misplaced.length > 0) throw invalid('VALIDATION_FAILED', 'Request is invalid', [{ path: 'roles', message: `${misplaced.join(', ')} cannot be held by a user of a ${orgKind}` }]);
}

/** Invitations the actor may manage: every one for an administrator, its own company's for an anchor. */
export async function listInvitations(ctx: ServiceContext): Promise<InvitationView[]> {
  if (!mayInvite(ctx.actor)) throw forbidden('Your role may not invite users');
  const rows = await findInvitations(ctx.db.db, seesAllInvitations(ctx.actor) ? null : ctx.actor.orgId);
  const now = ctx.clock.nowIso();
  return rows.map((r) => toView(r, now));
}

/** Revokes an open invitation (404 when the actor may not see it, 409 INVITATION_CLOSED when spent). */
export async function revokeInvitation(ctx: ServiceContext, id: string): Promise<void> {
  if (!mayInvite(ctx.actor)) throw forbidden('Your role may not invite users');
  const row = await findInvitation(ctx.db.db, id);
  if (!row || !mayManageInvitationOf(ctx.actor, row.org_id)) throw notFound('Invitation');
  await inTransaction(ctx, async (tx) => {
    if (!(await markInvitationRevoked(tx.trx, id, ctx.clock.nowIso()))) throw conflict('INVITATION_CLOSED', 'The invitation was already accepted or revoked');
    await tx.audit({ actorId: ctx.actor.userId, action: 'invitation.revoked', entityType: 'user_invitation', entityId: id, data: { email: row.email, orgId: row.org_id } });
  });
}

/** The invitation of a token if it can still be accepted; else 404 NOT_FOUND or 409 INVITATION_ACCEPTED / INVITATION_REVOKED / INVITATION_EXPIRED. */
async function openInvitationOfToken(deps: Deps, token: string): Promise<InvitationRow> {
  const row = await findInvitationByTokenHash(deps.db.db, hashToken(token));
  if (!row) throw new AppError(404, 'NOT_FOUND', 'This invitation link is not valid. Check that you copied the whole link from the e-mail.');
  assertOpen(row, deps.clock.nowIso());
  return row;
}

function assertOpen(row: { accepted_at: string | null; revoked_at: string | null; expires_at: string }, now: string): void {
  const status = statusOf(row, now);
  if (status === 'accepted') throw conflict('INVITATION_ACCEPTED', 'This invitation was already used to create an account: sign in instead.');
  if (status === 'revoked') throw conflict('INVITATION_REVOKED', 'This invitation was withdrawn. Ask whoever invited you for a new one.');
  if (status === 'expired') throw conflict('INVITATION_EXPIRED', 'This invitation has expired. Ask whoever invited you for a new one.');
}

/** What the acceptance page shows to whoever holds the link. */
export async function previewInvitation(deps: Deps, token: string): Promise<InvitationPreview> {
  const row = await openInvitationOfToken(deps, token);
  return { email: row.email, orgName: row.orgName, roles: JSON.parse(row.roles_json) as string[], expiresAt: row.expires_at, providers: providersFor(deps.config.OIDC_PROVIDERS, row.orgKind) };
}

/**
 * Accepts an invitation with a local password: creates the user in the invitation's organization
 * with its roles (the password must pass the policy), once. The check that it is still open is
 * made again on the locked row, so two acceptances of one link create one user.
 */
export async function acceptInvitationWithPassword(deps: Deps, body: InvitationAcceptBody): Promise<{ userId: string; email: string }> {
  const row = await openInvitationOfToken(deps, body.token);
  assertPasswordAcceptable(body.password, { email: row.email, name: body.name });
  const passwordHash = await hashPassword(body.password);
  const userId = newId();
  await inTransaction(deps, (tx) => acceptInTx(tx, row, userId, { name: body.name, passwordHash, via: 'password' }));
  return { userId, email: row.email };
}

/**
 * Creates the invited user and spends the invitation, in the caller's transaction (the password
 * acceptance above, or a provider's sign-in). 409 as openInvitationOfToken when it is no longer
 * open, EMAIL_TAKEN when a user with the address appeared meanwhile.
 */
export async function acceptInTx(tx: Tx, invitation: Pick<InvitationRow, 'id' | 'orgKind'>, userId: string, how: { name: string; passwordHash: string | null; via: 'password' | 'oidc'; provider?: string }): Promise<void> {
  const now = tx.clock.nowIso();
  const locked = await findInvitationForUpdate(tx.trx, tx.dialect, invitation.id);
  if (!locked) throw notFound('Invitation');
  assertOpen(locked, now);
  try {
    await insertInvitedUser(tx, null, {
      id: userId,
      orgId: locked.org_id,
      orgKind: invitation.orgKind,
      email: locked.email,
      name: how.name,
      passwordHash: how.passwordHash,
      roles: JSON.parse(locked.roles_json) as Role[],
      invitationId: locked.id,
    });
  } catch (err) {
    if (/unique|duplicate/i.test(String(err))) throw conflict('EMAIL_TAKEN', `A user with email ${locked.email} already exists: sign in instead`);
    throw err;
  }
  if (!(await markInvitationAccepted(tx.trx, locked.id, userId, now))) throw conflict('INVITATION_ACCEPTED', 'This invitation was already used to create an account: sign in instead.');
  await tx.audit({ actorId: userId, action: 'invitation.accepted', entityType: 'user_invitation', entityId: locked.id, data: { userId, via: how.via, ...(how.provider ? { provider: how.provider } : {}) } });
}

// ── For other modules ──────────────────────────────────────────────────────────────────────

/** The newest open invitation of an e-mail address (any case) now, or undefined — without a viewer's check. */
export function findOpenInvitationByEmail(deps: Pick<Deps, 'db' | 'clock'>, email: string) {
  return findOpenInvitationOfEmail(deps.db.db, email.trim().toLowerCase(), deps.clock.nowIso());
}
