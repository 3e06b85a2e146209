import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../../shared/contracts/common.ts';
import {
  InvitationAcceptBody,
  InvitationAcceptedResponse,
  InvitationCreateBody,
  InvitationListResponse,
  InvitationPreview,
  InvitationTokenBody,
  InvitationView,
} from '../../../shared/contracts/identity.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { acceptInvitationWithPassword, createInvitation, listInvitations, previewInvitation, revokeInvitation } from './invitations.service.ts';

export function invitationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/invitations', { schema: { tags: ['users'], summary: 'Invitations to create an account (admin: all; a company’s anchor: its own company’s)', response: { 200: InvitationListResponse } } }, async (req) => ({
    items: await listInvitations(ctxOf(req, deps)),
  }));
  r.post(
    '/api/v1/invitations',
    { schema: { tags: ['users'], summary: 'Invite an e-mail address into an organization with roles; the link is e-mailed', body: InvitationCreateBody, response: { 201: InvitationView } } },
    async (req, reply) => reply.code(201).send(await createInvitation(ctxOf(req, deps), req.body)),
  );
  r.delete('/api/v1/invitations/:id', { schema: { tags: ['users'], summary: 'Revoke an open invitation', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await revokeInvitation(ctxOf(req, deps), req.params.id);
    return reply.code(204).send();
  });
  // Public: whoever holds the e-mailed link. POST keeps the token out of addresses and logs.
  r.post(
    '/api/v1/invitations/preview',
    {
      schema: { tags: ['users'], summary: 'What an invitation link offers: organization, roles, sign-in providers', security: [], body: InvitationTokenBody, response: { 200: InvitationPreview } },
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (req) => previewInvitation(deps, req.body.token),
  );
  r.post(
    '/api/v1/invitations/accept',
    {
      schema: { tags: ['users'], summary: 'Accept an invitation by setting a password (creates the account)', security: [], body: InvitationAcceptBody, response: { 201: InvitationAcceptedResponse } },
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => reply.code(201).send(await acceptInvitationWithPassword(deps, req.body)),
  );
}
