import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common.ts';
import {
  EmailBody,
  OnboardingAccepted,
  OnboardingDone,
  OwnRegistrationResponse,
  PasswordResetConfirmBody,
  RegistrationDecisionBody,
  RegistrationListQuery,
  RegistrationListResponse,
  RegistrationView,
  SignupBody,
  TokenBody,
} from '../../../shared/contracts/onboarding.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import {
  confirmPasswordReset,
  decideRegistration,
  listRegistrations,
  ownRegistration,
  requestPasswordReset,
  resendVerification,
  signup,
  verifyEmail,
} from './onboarding.service.ts';

/** Per client address: the public steps that send e-mail or create accounts are limited tightly. */
const SIGNUP_LIMIT = { max: 10, timeWindow: '1 hour' };
const MAIL_LIMIT = { max: 5, timeWindow: '15 minutes' };
const LINK_LIMIT = { max: 20, timeWindow: '1 minute' };

export function onboardingRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/onboarding/signup',
    {
      schema: {
        tags: ['onboarding'],
        summary: 'Register a company and its first user; a link to confirm the e-mail address follows (the answer is the same whether or not the address has an account)',
        security: [],
        body: SignupBody,
        response: { 202: OnboardingAccepted },
      },
      config: { public: true, rateLimit: SIGNUP_LIMIT },
    },
    async (req, reply) => reply.code(202).send(await signup(deps, req.body)),
  );

  r.post(
    '/api/v1/onboarding/verify-email',
    { schema: { tags: ['onboarding'], summary: 'Confirm an e-mail address with the link’s token', security: [], body: TokenBody, response: { 200: OnboardingDone } }, config: { public: true, rateLimit: LINK_LIMIT } },
    async (req) => verifyEmail(deps, req.body.token),
  );

  r.post(
    '/api/v1/onboarding/verify-email/resend',
    {
      schema: { tags: ['onboarding'], summary: 'Send a new link to confirm an e-mail address (the same answer whatever the address)', security: [], body: EmailBody, response: { 202: OnboardingAccepted } },
      config: { public: true, rateLimit: MAIL_LIMIT },
    },
    async (req, reply) => reply.code(202).send(await resendVerification(deps, req.body.email)),
  );

  r.post(
    '/api/v1/auth/password-reset',
    {
      schema: { tags: ['auth'], summary: 'E-mail a link to choose a new password (the same answer whatever the address)', security: [], body: EmailBody, response: { 202: OnboardingAccepted } },
      config: { public: true, rateLimit: MAIL_LIMIT },
    },
    async (req, reply) => reply.code(202).send(await requestPasswordReset(deps, req.body.email)),
  );

  r.post(
    '/api/v1/auth/password-reset/confirm',
    {
      schema: { tags: ['auth'], summary: 'Set a new password with the reset link’s token; ends every session of the user', security: [], body: PasswordResetConfirmBody, response: { 200: OnboardingDone } },
      config: { public: true, rateLimit: LINK_LIMIT },
    },
    async (req) => confirmPasswordReset(deps, req.body.token, req.body.password),
  );

  r.get(
    '/api/v1/onboarding/registration',
    { schema: { tags: ['onboarding'], summary: 'Your organization’s registration status: whether it may form consortia and start proposals yet', response: { 200: OwnRegistrationResponse } } },
    async (req) => ownRegistration(ctxOf(req, deps)),
  );

  r.get(
    '/api/v1/organizations/registrations',
    {
      schema: { tags: ['onboarding'], summary: 'The program office’s queue of self-registered companies, oldest first', querystring: RegistrationListQuery, response: { 200: RegistrationListResponse } },
    },
    async (req) => ({ items: await listRegistrations(ctxOf(req, deps), req.query.status) }),
  );

  for (const decision of ['approve', 'reject'] as const) {
    r.post(
      `/api/v1/organizations/registrations/:id/${decision}`,
      {
        schema: {
          tags: ['onboarding'],
          summary: decision === 'approve' ? 'Approve a registered company (it may then form consortia)' : 'Reject a registered company, with the reason',
          params: IdParams,
          body: RegistrationDecisionBody,
          response: { 200: RegistrationView },
        },
      },
      async (req) => decideRegistration(ctxOf(req, deps), req.params.id, decision, req.body),
    );
  }
}
