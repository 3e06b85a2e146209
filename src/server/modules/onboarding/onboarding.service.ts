// Company self-onboarding — sign-up, e-mail verification, the program office's review of new
// organizations — and password reset by e-mailed link.
//
// The public steps never reveal whether an account exists: a sign-up, a request for a new
// verification link and a reset request answer the same whatever the address, and the e-mail that
// may follow goes to the address's owner only. Links carry a random token stored hashed, used once;
// a newer link of the same kind ends the older ones.
import type { OnboardingAccepted, RegistrationDecisionBody, RegistrationStatus, RegistrationView, SignupBody } from '../../../shared/contracts/onboarding.ts';
import { EMAIL_VERIFICATION_HOURS, PASSWORD_RESET_MINUTES } from '../../../shared/contracts/onboarding.ts';
import type { Owner } from '../../../shared/domain/ownership.ts';
import { checkCountryOfConcern } from '../../../shared/domain/ownership.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword, hashToken, randomToken } from '../../lib/passwords.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { endSessionsAndLockoutOf, forgetCachedSessions } from '../auth/auth.service.ts';
import { enqueueMail } from '../mail/mail.service.ts';
import { notify, usersWithRole } from '../notifications/notifications.service.ts';
import { insertRegisteredCompany, loadOrganization, setRegistrationStatus } from '../organizations/organizations.service.ts';
import { actorRowOf, assertPasswordAcceptable, findLoginUser, insertSelfRegisteredUser, markEmailVerified, setPasswordAndClearLockout } from '../users/users.service.ts';
import { canReviewRegistrations, FIRST_USER_ROLES } from './onboarding.policy.ts';
import {
  countTokensSince,
  findRegistration,
  findRegistrationForUpdate,
  findRegistrations,
  findToken,
  findTokenForUpdate,
  insertRegistration,
  insertToken,
  markRegistrationVerified,
  markTokenUsed,
  supersedeTokens,
  updateRegistrationDecision,
  type RegistrationRow,
  type TokenTable,
} from './onboarding.repository.ts';

const HOUR_MS = 3_600_000;
const VERIFY_TTL_MS = EMAIL_VERIFICATION_HOURS * HOUR_MS;
const RESET_TTL_MS = PASSWORD_RESET_MINUTES * 60_000;
/** At most this many links of one kind per account per hour; further requests are answered alike and send nothing. */
export const LINKS_PER_ACCOUNT_PER_HOUR = 3;

/** The one answer to a sign-up, whatever the address (the buyers module's sign-up gives it too). */
export const SIGNUP_ACCEPTED: OnboardingAccepted = {
  message: 'Thank you. Check your e-mail: we sent a link to confirm your address. The link is valid for 24 hours.',
};
const RESEND_ACCEPTED: OnboardingAccepted = {
  message: 'If an account with this address is waiting for confirmation, we sent it a new link. Check your e-mail.',
};
const RESET_ACCEPTED: OnboardingAccepted = {
  message: 'If an account with this address can sign in with a password, we sent it a link to choose a new one. The link is valid for 30 minutes.',
};

/** What the audit trail names when no account is known: a hash of the address, never the address. */
const loginSubject = (email: string) => ({ entityType: 'login', entityId: hashToken(email.trim().toLowerCase()) });

// ── Sign-up ─────────────────────────────────────────────────────────────────────────────

/** The new account's ids and what the caller writes with them. */
export interface NewSelfRegisteredAccount {
  orgId: string;
  userId: string;
  email: string;
  passwordHash: string;
}

/**
 * What every self sign-up shares (a company's, a foreign buyer's): the password policy, the
 * password hashed whatever follows (a taken address costs the same as a new one), no second
 * account for a known address (its owner is sent a new link if it still waits for confirmation),
 * and, in one transaction, what `create` writes — the organization and its first user — with the
 * verification e-mail. Returns the new organization's id, or null when no account was created
 * (the address was taken, possibly by a sign-up racing this one); the caller answers alike.
 */
export async function signUpAccount(deps: Deps, user: { email: string; name: string; password: string }, create: (tx: Tx, account: NewSelfRegisteredAccount) => Promise<void>): Promise<string | null> {
  const email = user.email.toLowerCase();
  assertPasswordAcceptable(user.password, { email, name: user.name });
  const passwordHash = await hashPassword(user.password);
  const existing = await findLoginUser(deps, email);
  if (existing) {
    await answerTakenAddress(deps, existing);
    return null;
  }
  const account = { orgId: newId(), userId: newId(), email, passwordHash };
  try {
    await inTransaction(deps, async (tx) => {
      await create(tx, account);
      await sendVerification(tx, { id: account.userId, email });
    });
  } catch (err) {
    // Another sign-up took the address a moment ago: nothing of this one written.
    if (/unique|duplicate/i.test(String(err))) return null;
    throw err;
  }
  return account.orgId;
}

/**
 * A company signs itself up (signUpAccount): the organization (status 'registered') and its first
 * user (company roles, e-mail to be confirmed). The organization is screened like every company (a
 * party sync is queued at once).
 */
export async function signup(deps: Deps, body: SignupBody): Promise<OnboardingAccepted> {
  const { registration } = body;
  const organization = {
    ...body.organization,
    evidence: body.organization.evidence ?? {
      jurisdiction: body.organization.countryOfIncorporation,
      identifiers: [{ type: 'company_registration', number: registration.registrationNumber, country: body.organization.countryOfIncorporation }],
      addresses: [{ text: registration.address, country: body.organization.principalPlaceOfBusiness }],
    },
  };
  await signUpAccount(deps, body.user, async (tx, { orgId, userId, email, passwordHash }) => {
    await insertRegisteredCompany(tx, userId, orgId, organization);
    await insertSelfRegisteredUser(tx, { id: userId, orgId, email, name: body.user.name, passwordHash, roles: [...FIRST_USER_ROLES] });
    await insertRegistration(tx.trx, {
      org_id: orgId,
      registration_number: registration.registrationNumber,
      address: registration.address,
      website: registration.website,
      registered_by: userId,
      email_verified_at: null,
      decided_by: null,
      decided_at: null,
      reason: null,
      created_at: tx.clock.nowIso(),
      version: 1,
    });
    await enqueueJob(tx.trx, tx.clock, 'sync_parties', {}, { idempotencyKey: `sync_parties:registration:${orgId}` });
    await tx.audit({ actorId: userId, action: 'organization.registered', entityType: 'organization', entityId: orgId, data: { name: body.organization.name, userId, email } });
  });
  return SIGNUP_ACCEPTED;
}

/** A sign-up with an address that has an account: a new link if it still waits for confirmation, else nothing (audited). */
async function answerTakenAddress(deps: Deps, user: { id: string; email: string; disabled: number; email_verification_pending: number }): Promise<void> {
  const pending = user.email_verification_pending === 1 && user.disabled === 0;
  const throttled = pending && (await linksInLastHour(deps, 'email_verification_tokens', user.id)) >= LINKS_PER_ACCOUNT_PER_HOUR;
  await inTransaction(deps, async (tx) => {
    if (pending && !throttled) await sendVerification(tx, user);
    await tx.audit({ actorId: null, action: 'onboarding.signup_address_taken', entityType: 'user', entityId: user.id, data: { verificationResent: pending && !throttled } });
  });
}

/** A new verification link for the user (older ones end), e-mailed in the caller's transaction. */
async function sendVerification(tx: Tx, user: { id: string; email: string }): Promise<void> {
  const token = await issueToken(tx, 'email_verification_tokens', user.id, VERIFY_TTL_MS);
  await enqueueMail(tx, {
    to: user.email,
    userId: user.id,
    template: 'email_verification',
    params: { link: `/verify-email?token=${token.value}`, expiresAt: token.expiresAt },
    mandatory: true,
  });
}

/** Asks for a new verification link; the same answer whatever the address. */
export async function resendVerification(deps: Deps, email: string): Promise<OnboardingAccepted> {
  const user = await findLoginUser(deps, email);
  const pending = user !== undefined && user.email_verification_pending === 1 && user.disabled === 0;
  const throttled = pending && (await linksInLastHour(deps, 'email_verification_tokens', user.id)) >= LINKS_PER_ACCOUNT_PER_HOUR;
  await inTransaction(deps, async (tx) => {
    if (pending && !throttled) await sendVerification(tx, user);
    await tx.audit({ actorId: null, action: 'onboarding.verification_requested', ...(user ? { entityType: 'user', entityId: user.id } : loginSubject(email)), data: { sent: pending && !throttled, ...(throttled ? { throttled } : {}) } });
  });
  return RESEND_ACCEPTED;
}

/**
 * Confirms the address of the link's user. Its organization's registration then reaches the
 * program office: every program officer is notified.
 */
export async function verifyEmail(deps: Deps, token: string): Promise<{ message: string }> {
  await inTransaction(deps, async (tx) => {
    const row = await useToken(tx, 'email_verification_tokens', token);
    await confirmAddress(tx, row.user_id);
  });
  return { message: 'Your e-mail address is confirmed. You can sign in now.' };
}

/** Marks the user's address confirmed and, for a new registration, tells the program office. */
async function confirmAddress(tx: Tx, userId: string): Promise<void> {
  await markEmailVerified(tx, userId);
  const orgId = await markRegistrationVerified(tx.trx, userId, tx.clock.nowIso());
  await tx.audit({ actorId: userId, action: 'user.email_verified', entityType: 'user', entityId: userId, data: orgId ? { orgId } : {} });
  if (orgId) {
    const reg = await findRegistration(tx.trx, orgId);
    await notify(tx, await usersWithRole(tx, 'program_officer'), 'organization_registered', `${reg?.name ?? 'A company'} registered and awaits approval`, '/registrations');
  }
}

// ── Password reset ──────────────────────────────────────────────────────────────────────

/**
 * Asks for a reset link: for an enabled account with a password, a link valid for 30 minutes (a
 * newer one ends the older) is e-mailed to the address; the answer is the same whatever the
 * address, and every path writes one audit event.
 */
export async function requestPasswordReset(deps: Deps, email: string): Promise<OnboardingAccepted> {
  const user = await findLoginUser(deps, email);
  const eligible = user !== undefined && user.disabled === 0 && user.password_hash.startsWith('scrypt$');
  const throttled = eligible && (await linksInLastHour(deps, 'password_reset_tokens', user.id)) >= LINKS_PER_ACCOUNT_PER_HOUR;
  await inTransaction(deps, async (tx) => {
    if (eligible && !throttled) {
      const token = await issueToken(tx, 'password_reset_tokens', user.id, RESET_TTL_MS);
      await enqueueMail(tx, {
        to: user.email,
        userId: user.id,
        template: 'password_reset',
        params: { link: `/reset-password?token=${token.value}`, expiresMinutes: String(PASSWORD_RESET_MINUTES) },
        mandatory: true,
      });
    }
    await tx.audit({
      actorId: null,
      action: 'auth.password_reset_requested',
      ...(user ? { entityType: 'user', entityId: user.id } : loginSubject(email)),
      data: { sent: eligible && !throttled, ...(throttled ? { throttled } : {}) },
    });
  });
  return RESET_ACCEPTED;
}

/**
 * Sets a new password with a reset link: the password must pass the policy; the link is then used
 * up, every session of the user ends, its lockout and failed-login counters are cleared, a notice
 * is e-mailed, and it is audited. A link that is unknown, used, superseded or expired changes nothing.
 */
export async function confirmPasswordReset(deps: Deps, token: string, password: string): Promise<{ message: string }> {
  // Checked before the transaction, so the slow hashing holds no lock; checked again inside it.
  const found = await findToken(deps.db.db, 'password_reset_tokens', hashToken(token));
  assertTokenUsable(found, deps.clock.nowIso());
  const user = await actorRowOf(deps, found!.user_id);
  if (!user || user.disabled) throw linkProblem('LINK_INVALID');
  assertPasswordAcceptable(password, { email: user.email, name: user.name });
  const passwordHash = await hashPassword(password);
  const pendingAddress = (await findLoginUser(deps, user.email))?.email_verification_pending === 1;
  let sessionsEnded = 0;
  await inTransaction(deps, async (tx) => {
    const row = await useToken(tx, 'password_reset_tokens', token);
    await setPasswordAndClearLockout(tx, row.user_id, passwordHash);
    await supersedeTokens(tx.trx, 'password_reset_tokens', row.user_id, tx.clock.nowIso());
    sessionsEnded = await endSessionsAndLockoutOf(tx, row.user_id, user.email);
    // The link reached the address's owner: an address still waiting for confirmation is confirmed.
    if (pendingAddress) await confirmAddress(tx, row.user_id);
    await enqueueMail(tx, { to: user.email, userId: row.user_id, template: 'password_changed', params: {}, mandatory: true });
    await tx.audit({ actorId: row.user_id, action: 'auth.password_reset', entityType: 'user', entityId: row.user_id, data: { sessionsEnded } });
  });
  forgetCachedSessions(deps);
  return { message: 'Your password is changed. Sign in with the new password.' };
}

// ── Single-use links ────────────────────────────────────────────────────────────────────

async function linksInLastHour(deps: Deps, table: TokenTable, userId: string): Promise<number> {
  return countTokensSince(deps.db.db, table, userId, new Date(deps.clock.millis() - HOUR_MS).toISOString());
}

async function issueToken(tx: Tx, table: TokenTable, userId: string, ttlMs: number): Promise<{ value: string; expiresAt: string }> {
  const value = randomToken(32);
  const now = tx.clock.nowIso();
  const expiresAt = new Date(tx.clock.millis() + ttlMs).toISOString();
  await supersedeTokens(tx.trx, table, userId, now);
  await insertToken(tx.trx, table, { id: newId(), user_id: userId, token_hash: hashToken(value), created_at: now, expires_at: expiresAt });
  return { value, expiresAt };
}

type LinkProblem = 'LINK_INVALID' | 'LINK_USED' | 'LINK_SUPERSEDED' | 'LINK_EXPIRED';

const LINK_MESSAGES: Record<LinkProblem, string> = {
  LINK_INVALID: 'This link is not valid. Ask for a new one.',
  LINK_USED: 'This link has already been used. Ask for a new one if you need it.',
  LINK_SUPERSEDED: 'A newer link was sent after this one: use the latest e-mail, or ask for a new link.',
  LINK_EXPIRED: 'This link has expired. Ask for a new one.',
};

const linkProblem = (code: LinkProblem) => new AppError(400, code, LINK_MESSAGES[code], [{ path: 'token', message: LINK_MESSAGES[code], code }]);

function assertTokenUsable(row: { used_at: string | null; superseded_at: string | null; expires_at: string } | undefined, now: string): void {
  if (!row) throw linkProblem('LINK_INVALID');
  if (row.used_at) throw linkProblem('LINK_USED');
  if (row.superseded_at) throw linkProblem('LINK_SUPERSEDED');
  if (row.expires_at <= now) throw linkProblem('LINK_EXPIRED');
}

/** The link's token, checked under its row lock and used up; a racing second use gets LINK_USED. */
async function useToken(tx: Tx, table: TokenTable, token: string) {
  const row = await findTokenForUpdate(tx.trx, tx.dialect, table, hashToken(token));
  assertTokenUsable(row, tx.clock.nowIso());
  if (!(await markTokenUsed(tx.trx, table, row!.id, tx.clock.nowIso()))) throw linkProblem('LINK_USED');
  return row!;
}

// ── The program office's queue of new organizations ─────────────────────────────────────

function toView(row: RegistrationRow, countriesOfConcern: readonly string[]): RegistrationView {
  const owners = JSON.parse(row.owners_json) as Owner[];
  const ultimateParent = row.ultimate_parent_json ? (JSON.parse(row.ultimate_parent_json) as { name: string; country: string }) : null;
  const facts = { name: row.name, countryOfIncorporation: row.country_of_incorporation, principalPlaceOfBusiness: row.principal_place_of_business, owners, ultimateParent };
  return {
    orgId: row.org_id,
    name: row.name,
    countryOfIncorporation: row.country_of_incorporation,
    principalPlaceOfBusiness: row.principal_place_of_business,
    registrationNumber: row.registration_number,
    address: row.address,
    website: row.website,
    owners: owners.map((o) => ({ name: o.name, country: o.country, percent: o.percent })),
    ultimateParent: ultimateParent ? { name: ultimateParent.name, country: ultimateParent.country } : null,
    countryOfConcern: checkCountryOfConcern(facts, countriesOfConcern),
    status: row.registration_status as RegistrationStatus,
    registeredBy: { name: row.registrant_name, email: row.registrant_email },
    emailVerified: row.email_verified_at !== null,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedBy: row.decider_name,
    reason: row.reason,
    version: row.version,
  };
}

const assertReviewer = (ctx: ServiceContext) => {
  if (!canReviewRegistrations(ctx.actor)) throw forbidden('Only the program office reviews new organizations');
};

/** The registrations in a status, oldest first (program officers and administrators). */
export async function listRegistrations(ctx: ServiceContext, status: RegistrationStatus): Promise<RegistrationView[]> {
  assertReviewer(ctx);
  const rows = await findRegistrations(ctx.db.db, status);
  return rows.map((r) => toView(r, ctx.config.COUNTRIES_OF_CONCERN));
}

export async function getRegistration(ctx: ServiceContext, orgId: string): Promise<RegistrationView> {
  assertReviewer(ctx);
  const row = await findRegistration(ctx.db.db, orgId);
  if (!row) throw notFound('Registration');
  return toView(row, ctx.config.COUNTRIES_OF_CONCERN);
}

/**
 * Approves or rejects a registered company (a reason is required to reject), audited with the
 * reason. Only a registration still waiting may be decided (409 INVALID_STATE); a stale version is
 * 409 VERSION_CONFLICT. Approved, the company may form consortia and start proposals.
 */
export async function decideRegistration(ctx: ServiceContext, orgId: string, decision: 'approve' | 'reject', body: RegistrationDecisionBody): Promise<RegistrationView> {
  assertReviewer(ctx);
  const reason = body.reason?.trim() ? body.reason.trim() : null;
  if (decision === 'reject' && !reason) throw invalid('VALIDATION_FAILED', 'Request is invalid', [{ path: 'reason', message: 'give the reason for rejecting the registration' }]);
  const status = decision === 'approve' ? 'approved' : 'rejected';
  await inTransaction(ctx, async (tx) => {
    const locked = await findRegistrationForUpdate(tx.trx, tx.dialect, orgId);
    if (!locked) throw notFound('Registration');
    const current = (await findRegistration(tx.trx, orgId))?.registration_status;
    if (current !== 'registered') throw conflict('INVALID_STATE', `The registration was already ${current ?? 'decided'}`, { status: current ?? null });
    if (!(await updateRegistrationDecision(tx.trx, orgId, body.version, { decided_by: ctx.actor.userId, decided_at: tx.clock.nowIso(), reason }))) {
      throw conflict('VERSION_CONFLICT', `The registration was changed by someone else (now version ${locked.version}); reload and retry`, { currentVersion: locked.version });
    }
    await setRegistrationStatus(tx, orgId, status);
    await tx.audit({ actorId: ctx.actor.userId, action: `organization.registration_${status}`, entityType: 'organization', entityId: orgId, data: { reason } });
  });
  return getRegistration(ctx, orgId);
}

/** The caller's own organization's registration status (approved for organizations that never registered themselves). */
export async function ownRegistration(ctx: ServiceContext) {
  const [org, row] = await Promise.all([loadOrganization(ctx, ctx.actor.orgId), findRegistration(ctx.db.db, ctx.actor.orgId)]);
  return { status: (org?.registration_status ?? 'approved') as RegistrationStatus, reason: row?.reason ?? null, decidedAt: row?.decided_at ?? null };
}
