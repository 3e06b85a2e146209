import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common.ts';
import {
  ConsortiumCreateBody,
  ConsortiumListResponse,
  ConsortiumViewSchema,
  InvitationBody,
  MemberParams,
  MemberUpdateBody,
} from '../../../shared/contracts/consortia.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { createConsortium, inviteMember, listConsortia, loadConsortiumForActor, respondToInvitation, updateMember } from './consortia.service.ts';

export function consortiumRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/consortia', { schema: { tags: ['consortia'], summary: 'Consortia you belong to or are invited to', response: { 200: ConsortiumListResponse } } }, async (req) => ({
    items: await listConsortia(ctxOf(req, deps)),
  }));
  r.post(
    '/api/v1/consortia',
    { schema: { tags: ['consortia'], summary: 'Form a consortium; your company becomes its anchor', body: ConsortiumCreateBody, response: { 201: ConsortiumViewSchema } } },
    async (req, reply) => reply.code(201).send(await createConsortium(ctxOf(req, deps), req.body)),
  );
  r.get('/api/v1/consortia/:id', { schema: { tags: ['consortia'], summary: 'A consortium with its members', params: IdParams, response: { 200: ConsortiumViewSchema } } }, async (req) => loadConsortiumForActor(ctxOf(req, deps), req.params.id));
  r.post(
    '/api/v1/consortia/:id/invitations',
    { schema: { tags: ['consortia'], summary: 'Invite a company (anchor only)', params: IdParams, body: InvitationBody, response: { 201: ConsortiumViewSchema } } },
    async (req, reply) => reply.code(201).send(await inviteMember(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.post('/api/v1/consortia/:id/invitation/accept', { schema: { tags: ['consortia'], summary: 'Accept your company’s invitation', params: IdParams, response: { 200: ConsortiumViewSchema } } }, async (req) =>
    respondToInvitation(ctxOf(req, deps), req.params.id, true),
  );
  r.post('/api/v1/consortia/:id/invitation/decline', { schema: { tags: ['consortia'], summary: 'Decline your company’s invitation', params: IdParams, response: { 200: ConsortiumViewSchema } } }, async (req) =>
    respondToInvitation(ctxOf(req, deps), req.params.id, false),
  );
  r.patch(
    '/api/v1/consortia/:id/members/:orgId',
    {
      schema: {
        tags: ['consortia'],
        summary: 'Change a member’s layer roles (anchor only)',
        params: MemberParams,
        body: MemberUpdateBody,
        response: { 200: ConsortiumViewSchema },
      },
    },
    async (req) => updateMember(ctxOf(req, deps), req.params.id, req.params.orgId, { layerRoles: req.body.layerRoles }),
  );
  r.delete(
    '/api/v1/consortia/:id/members/:orgId',
    { schema: { tags: ['consortia'], summary: 'Remove a member (anchor only); answers the consortium as it is now', params: MemberParams, response: { 200: ConsortiumViewSchema } } },
    async (req) => updateMember(ctxOf(req, deps), req.params.id, req.params.orgId, { remove: true }),
  );
}
