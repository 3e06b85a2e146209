// Two-factor sign-in with TOTP (docs/security.md#two-factor-sign-in): enrolment with a QR code and
// recovery codes, the second step of a pending session, regenerating recovery codes, turning it off
// when the roles allow, and the administrator's reset.
import { can } from '../../../shared/access.ts';
import type { MfaStatus, MfaVerifyBody } from '../../../shared/contracts/auth.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashToken } from '../../lib/passwords.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { enqueueMail } from '../mail/mail.service.ts';
import { actorRowOf, findLoginUser } from '../users/users.service.ts';
import { deleteSessionsOfUser, updateSessionMfaState } from './auth.repository.ts';
import { apiKeyOf, assertSecondFactorAllowed, clearSecondFactorFailures, forgetCachedSessions, recordSecondFactorFailure } from './auth.service.ts';
import { mfaRequiredFor, type MfaState } from './mfa.policy.ts';
import {
  claimMfaStep,
  countUnusedRecoveryCodes,
  deleteUserMfa,
  findUserMfa,
  findUserMfaForUpdate,
  findUsedMfaSteps,
  replaceRecoveryCodes,
  saveUserMfa,
  useRecoveryCode,
} from './mfa.repository.ts';
import {
  demoTotpSecret,
  looksLikeRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  openSecret,
  recoveryCodeHash,
  sealSecret,
  totpCodeAtStep,
  TOTP_WINDOW,
  totpStep,
  totpUri,
} from './mfa.totp.ts';

/** The session a self-service MFA call comes from (MFA is managed from a signed-in browser session, never with an API key). */
export interface MfaSession {
  token: string | null;
  state: MfaState | null;
  sourceIp: string;
}

const isRequired = (deps: Deps, roles: readonly Role[]) => mfaRequiredFor(roles, deps.config.MFA_REQUIRED_ROLES);

function assertSession(ctx: ServiceContext, session: MfaSession): asserts session is MfaSession & { token: string; state: MfaState } {
  if (apiKeyOf(ctx.actor) || !session.token || !session.state) throw forbidden('Two-factor sign-in is managed from a signed-in session, not with an API key');
}

function assertSessionOk(session: MfaSession & { state: MfaState }): void {
  if (session.state !== 'ok') throw new AppError(403, 'MFA_REQUIRED', session.state === 'enroll' ? 'Set up two-factor sign-in first' : 'Enter your two-factor code first', [], { mfa: session.state });
}

const badCode = () => invalid('MFA_CODE_INVALID', 'The code is wrong, expired or already used', [{ path: 'code', message: 'Code: is wrong, expired or already used' }]);

/** The caller's two-factor state; `demoCode` only for a seeded demo account whose authenticator is still the demo one, while demo data is on. */
export async function mfaStatus(ctx: ServiceContext, session: MfaSession): Promise<MfaStatus> {
  const row = await findUserMfa(ctx.db.db, ctx.actor.userId);
  const enrolled = Boolean(row?.enabled_at && row.secret_enc);
  let demoCode: string | null = null;
  if (enrolled && ctx.config.DEMO_DATA === 'auto' && session.state === 'challenge') {
    const secret = openSecret(ctx.config, ctx.actor.userId, row!.secret_enc!);
    if (secret !== null && secret === demoTotpSecret(ctx.actor.email, ctx.config.DEMO_PASSWORD)) {
      const used = new Set(await findUsedMfaSteps(ctx.db.db, ctx.actor.userId));
      const now = totpStep(ctx.clock.millis());
      const step = [now, now + 1].find((st) => !used.has(st));
      if (step !== undefined) demoCode = totpCodeAtStep(secret, step);
    }
  }
  return {
    enrolled,
    required: isRequired(ctx, ctx.actor.roles),
    session: session.state,
    recoveryCodesLeft: enrolled ? await countUnusedRecoveryCodes(ctx.db.db, ctx.actor.userId) : 0,
    demoCode,
  };
}

/**
 * Starts setting up an authenticator: a new secret, kept encrypted as pending until a code
 * confirms it. Refused while a code is due (sign in first) and when one is set up already
 * (409 MFA_ALREADY_ENROLLED: turn it off or have an administrator reset it first).
 */
export async function beginEnrollment(ctx: ServiceContext, session: MfaSession): Promise<{ secret: string; otpauthUri: string }> {
  assertSession(ctx, session);
  if (session.state === 'challenge') assertSessionOk(session);
  const secret = newTotpSecret();
  const at = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    const row = await findUserMfaForUpdate(tx.trx, tx.dialect, ctx.actor.userId);
    if (row?.enabled_at) throw conflict('MFA_ALREADY_ENROLLED', 'Two-factor sign-in is already set up');
    await saveUserMfa(tx.trx, { user_id: ctx.actor.userId, secret_enc: null, pending_secret_enc: sealSecret(ctx.config, ctx.actor.userId, secret), enabled_at: null, created_at: row?.created_at ?? at, updated_at: at });
    await tx.audit({ actorId: ctx.actor.userId, action: 'mfa.enrollment_started', entityType: 'user', entityId: ctx.actor.userId });
  });
  return { secret, otpauthUri: totpUri(secret, ctx.actor.email) };
}

/**
 * Confirms the pending authenticator with a code: it becomes the user's second factor, ten recovery
 * codes are issued (returned once), and this session's second factor counts as done.
 */
export async function confirmEnrollment(ctx: ServiceContext, session: MfaSession, code: string): Promise<{ recoveryCodes: string[] }> {
  assertSession(ctx, session);
  if (session.state === 'challenge') assertSessionOk(session);
  await assertSecondFactorAllowed(ctx, ctx.actor.email, session.sourceIp);
  const recoveryCodes = newRecoveryCodes();
  const ok = await inTransaction(ctx, async (tx) => {
    const row = await findUserMfaForUpdate(tx.trx, tx.dialect, ctx.actor.userId);
    if (row?.enabled_at) throw conflict('MFA_ALREADY_ENROLLED', 'Two-factor sign-in is already set up');
    const secret = row?.pending_secret_enc ? openSecret(ctx.config, ctx.actor.userId, row.pending_secret_enc) : null;
    if (!row || secret === null) throw conflict('MFA_ENROLLMENT_NOT_STARTED', 'Start the set-up first: no authenticator is waiting for confirmation');
    const step = matchTotp(secret, code, ctx.clock.millis());
    if (step === null) return false;
    const at = ctx.clock.nowIso();
    if (!(await claimMfaStep(tx.trx, ctx.actor.userId, step, step - 2 * TOTP_WINDOW - 1, at))) return false;
    await saveUserMfa(tx.trx, { user_id: ctx.actor.userId, secret_enc: row.pending_secret_enc, pending_secret_enc: null, enabled_at: at, created_at: row.created_at, updated_at: at });
    await writeRecoveryCodes(tx, ctx.actor.userId, recoveryCodes);
    await updateSessionMfaState(tx.trx, hashToken(session.token), 'ok');
    await clearSecondFactorFailures(tx, ctx.actor.email, session.sourceIp);
    await tx.audit({ actorId: ctx.actor.userId, action: 'mfa.enrolled', entityType: 'user', entityId: ctx.actor.userId, data: { recoveryCodes: recoveryCodes.length } });
    return true;
  });
  if (!ok) {
    await recordSecondFactorFailure(ctx, ctx.actor.userId, ctx.actor.email, session.sourceIp, 'enrollment_code');
    throw badCode();
  }
  forgetCachedSessions(ctx, session.token);
  return { recoveryCodes };
}

async function writeRecoveryCodes(tx: Tx, userId: string, codes: string[]): Promise<void> {
  const at = tx.clock.nowIso();
  await replaceRecoveryCodes(
    tx.trx,
    userId,
    codes.map((c) => ({ id: newId(), user_id: userId, code_hash: recoveryCodeHash(c), created_at: at, used_at: null })),
  );
}

/**
 * Checks a TOTP code (or, in `verify`, a recovery code) of the caller in the caller's transaction:
 * a code is accepted once per (user, time step): the same code again is a replay.
 * Returns what matched, or null.
 */
async function checkSecondFactor(tx: Tx, deps: Deps, userId: string, body: MfaVerifyBody): Promise<'totp' | 'recovery' | null> {
  const row = await findUserMfaForUpdate(tx.trx, tx.dialect, userId);
  if (!row?.enabled_at || !row.secret_enc) throw conflict('MFA_NOT_ENROLLED', 'Two-factor sign-in is not set up');
  if (body.code !== undefined) {
    const secret = openSecret(deps.config, userId, row.secret_enc);
    if (secret === null) return null;
    const step = matchTotp(secret, body.code, deps.clock.millis());
    if (step === null) return null;
    // Steps older than the window can never match again: only recent ones are remembered.
    return (await claimMfaStep(tx.trx, userId, step, totpStep(deps.clock.millis()) - 2 * TOTP_WINDOW - 1, deps.clock.nowIso())) ? 'totp' : null;
  }
  const recovery = body.recoveryCode ?? '';
  if (!looksLikeRecoveryCode(recovery)) return null;
  return (await useRecoveryCode(tx.trx, userId, recoveryCodeHash(recovery), deps.clock.nowIso())) ? 'recovery' : null;
}

/** The second step of a sign-in: a TOTP code or a recovery code turns the pending session into a full one. */
export async function verifySecondFactor(ctx: ServiceContext, session: MfaSession, body: MfaVerifyBody): Promise<{ mfa: MfaState; recoveryCodesLeft: number }> {
  assertSession(ctx, session);
  if (session.state === 'enroll') assertSessionOk(session);
  if (session.state === 'ok') throw conflict('MFA_ALREADY_VERIFIED', 'This session has passed its second step already');
  await assertSecondFactorAllowed(ctx, ctx.actor.email, session.sourceIp);
  const used = await inTransaction(ctx, async (tx) => {
    const matched = await checkSecondFactor(tx, ctx, ctx.actor.userId, body);
    if (!matched) return null;
    await updateSessionMfaState(tx.trx, hashToken(session.token), 'ok');
    await clearSecondFactorFailures(tx, ctx.actor.email, session.sourceIp);
    await tx.audit({ actorId: ctx.actor.userId, action: 'auth.mfa_verified', entityType: 'user', entityId: ctx.actor.userId, data: { method: matched } });
    return matched;
  });
  if (!used) {
    await recordSecondFactorFailure(ctx, ctx.actor.userId, ctx.actor.email, session.sourceIp, body.code !== undefined ? 'totp' : 'recovery_code');
    throw badCode();
  }
  forgetCachedSessions(ctx, session.token);
  return { mfa: 'ok', recoveryCodesLeft: await countUnusedRecoveryCodes(ctx.db.db, ctx.actor.userId) };
}

/** New recovery codes for a current code; the old ones stop working. */
export async function regenerateRecoveryCodes(ctx: ServiceContext, session: MfaSession, code: string): Promise<{ recoveryCodes: string[] }> {
  assertSession(ctx, session);
  assertSessionOk(session);
  await assertSecondFactorAllowed(ctx, ctx.actor.email, session.sourceIp);
  const recoveryCodes = newRecoveryCodes();
  const ok = await inTransaction(ctx, async (tx) => {
    if (!(await checkSecondFactor(tx, ctx, ctx.actor.userId, { code }))) return false;
    await writeRecoveryCodes(tx, ctx.actor.userId, recoveryCodes);
    await tx.audit({ actorId: ctx.actor.userId, action: 'mfa.recovery_codes_regenerated', entityType: 'user', entityId: ctx.actor.userId });
    return true;
  });
  if (!ok) {
    await recordSecondFactorFailure(ctx, ctx.actor.userId, ctx.actor.email, session.sourceIp, 'totp');
    throw badCode();
  }
  return { recoveryCodes };
}

/** Turns the caller's own two-factor sign-in off, with a current code; refused (403 MFA_REQUIRED_BY_ROLE) when the roles require it. */
export async function disableOwnMfa(ctx: ServiceContext, session: MfaSession, code: string): Promise<void> {
  assertSession(ctx, session);
  assertSessionOk(session);
  if (isRequired(ctx, ctx.actor.roles)) throw new AppError(403, 'MFA_REQUIRED_BY_ROLE', 'Your roles require two-factor sign-in: it cannot be turned off');
  await assertSecondFactorAllowed(ctx, ctx.actor.email, session.sourceIp);
  const ok = await inTransaction(ctx, async (tx) => {
    if (!(await checkSecondFactor(tx, ctx, ctx.actor.userId, { code }))) return false;
    await deleteUserMfa(tx.trx, ctx.actor.userId);
    await tx.audit({ actorId: ctx.actor.userId, action: 'mfa.disabled', entityType: 'user', entityId: ctx.actor.userId });
    return true;
  });
  if (!ok) {
    await recordSecondFactorFailure(ctx, ctx.actor.userId, ctx.actor.email, session.sourceIp, 'totp');
    throw badCode();
  }
}

/**
 * An administrator resets a user's two-factor set-up (a lost phone): the authenticator and
 * recovery codes are removed, the user's sessions end, the user is told by e-mail and sets it up
 * again at the next sign-in when the roles require it. Audited as `mfa.reset`.
 */
export async function resetUserMfa(ctx: ServiceContext, userId: string): Promise<void> {
  if (!can(ctx.actor, 'users.manage')) throw forbidden('Only an administrator may reset two-factor sign-in');
  const user = await actorRowOf(ctx, userId);
  if (!user) throw notFound('User');
  await resetMfaOf(ctx, { id: userId, email: user.email }, ctx.actor.userId, {});
}

/**
 * The operator's reset from the host (`aiep users mfa-reset EMAIL`), for an administrator who lost
 * the authenticator and the recovery codes with no other administrator to reset it: the same
 * reset, audited with no acting user (`via: 'cli'`). False when no user has the address.
 */
export async function resetUserMfaByEmail(deps: Deps, email: string): Promise<boolean> {
  const user = await findLoginUser(deps, email);
  if (!user) return false;
  await resetMfaOf(deps, { id: user.id, email: user.email }, null, { via: 'cli' });
  return true;
}

async function resetMfaOf(deps: Deps, user: { id: string; email: string }, actorId: string | null, extra: Record<string, string>): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const removed = await deleteUserMfa(tx.trx, user.id);
    const sessions = await deleteSessionsOfUser(tx.trx, user.id);
    await tx.audit({ actorId, action: 'mfa.reset', entityType: 'user', entityId: user.id, data: { hadAuthenticator: removed > 0, sessionsEnded: sessions, ...extra } });
    await enqueueMail(tx, { to: user.email, userId: user.id, template: 'mfa_reset', params: {}, mandatory: true });
  });
  forgetCachedSessions(deps);
}

/**
 * The demo data's authenticator for a demo account (secret derived from DEMO_PASSWORD and the
 * e-mail, mfa.totp.ts), so the demo's users with roles that require two-factor sign-in can sign in.
 */
export async function enrollDemoAccount(deps: Deps, userId: string, email: string): Promise<void> {
  const at = deps.clock.nowIso();
  await inTransaction(deps, async (tx) => {
    await saveUserMfa(tx.trx, { user_id: userId, secret_enc: sealSecret(deps.config, userId, demoTotpSecret(email, deps.config.DEMO_PASSWORD)), pending_secret_enc: null, enabled_at: at, created_at: at, updated_at: at });
    await writeRecoveryCodes(tx, userId, newRecoveryCodes());
    await tx.audit({ actorId: null, action: 'mfa.enrolled', entityType: 'user', entityId: userId, data: { system: true, demo: true } });
  });
}

/** Whether a user with these roles must use a second factor (for the demo data and other modules). */
export const mfaRequiredForRoles = (deps: Pick<Deps, 'config'>, roles: readonly Role[]): boolean => mfaRequiredFor(roles, deps.config.MFA_REQUIRED_ROLES);
