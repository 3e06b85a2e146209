import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MfaCodeBody, MfaEnrollmentResponse, MfaRecoveryCodesResponse, MfaStatusResponse, MfaVerifiedResponse, MfaVerifyBody } from '../../../shared/contracts/auth.ts';
import { IdParams, NoContent } from '../../../shared/contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { beginEnrollment, confirmEnrollment, disableOwnMfa, mfaStatus, regenerateRecoveryCodes, resetUserMfa, verifySecondFactor, type MfaSession } from './mfa.service.ts';

const sessionOf = (req: FastifyRequest): MfaSession => ({ token: req.sessionToken, state: req.sessionMfa, sourceIp: req.ip });

/** Two-factor sign-in: the caller's own set-up and second step (reachable while the session's MFA is pending), and the administrator's reset. */
export function mfaRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const codeLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

  r.get('/api/v1/auth/mfa', { schema: { tags: ['auth'], summary: 'Your two-factor sign-in: set up or not, required or not, this session’s state', response: { 200: MfaStatusResponse } } }, async (req) =>
    mfaStatus(ctxOf(req, deps), sessionOf(req)),
  );
  r.post(
    '/api/v1/auth/mfa/enrollment',
    { schema: { tags: ['auth'], summary: 'Start setting up an authenticator app: a new secret and its otpauth:// URI (confirm with a code)', response: { 200: MfaEnrollmentResponse } } },
    async (req) => beginEnrollment(ctxOf(req, deps), sessionOf(req)),
  );
  r.post(
    '/api/v1/auth/mfa/enrollment/confirm',
    { schema: { tags: ['auth'], summary: 'Confirm the authenticator with a code; returns ten single-use recovery codes, shown once', body: MfaCodeBody, response: { 200: MfaRecoveryCodesResponse } }, config: codeLimit },
    async (req) => confirmEnrollment(ctxOf(req, deps), sessionOf(req), req.body.code),
  );
  r.post(
    '/api/v1/auth/mfa/verify',
    { schema: { tags: ['auth'], summary: 'The second step of a sign-in: a code of the authenticator app or a recovery code', body: MfaVerifyBody, response: { 200: MfaVerifiedResponse } }, config: codeLimit },
    async (req) => verifySecondFactor(ctxOf(req, deps), sessionOf(req), req.body),
  );
  r.post(
    '/api/v1/auth/mfa/recovery-codes',
    { schema: { tags: ['auth'], summary: 'New recovery codes for a current code; the old ones stop working', body: MfaCodeBody, response: { 200: MfaRecoveryCodesResponse } }, config: codeLimit },
    async (req) => regenerateRecoveryCodes(ctxOf(req, deps), sessionOf(req), req.body.code),
  );
  r.post(
    '/api/v1/auth/mfa/disable',
    { schema: { tags: ['auth'], summary: 'Turn your two-factor sign-in off with a current code (only when your roles do not require it)', body: MfaCodeBody, response: { 204: NoContent } }, config: codeLimit },
    async (req, reply) => {
      await disableOwnMfa(ctxOf(req, deps), sessionOf(req), req.body.code);
      return reply.code(204).send();
    },
  );
  r.post(
    '/api/v1/users/:id/mfa/reset',
    { schema: { tags: ['users'], summary: 'Reset a user’s two-factor sign-in (admin): the user sets it up again; the user’s sessions end', params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await resetUserMfa(ctxOf(req, deps), req.params.id);
      return reply.code(204).send();
    },
  );
}
