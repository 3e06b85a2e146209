import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NonBlankString } from '../../../shared/contracts/common.ts';
import { LAYERS } from '../../../shared/domain/package.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { createConsortium, inviteMember, listConsortia, loadConsortiumForActor, respondToInvitation, updateMember } from './consortia.service.ts';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const LayerRoles = z.array(z.enum(LAYERS)).max(5);

export function consortiumRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/consortia', { schema: { tags: ['consortia'], summary: 'Consortia you belong to or are invited to' } }, async (req) => ({
    items: await listConsortia(ctxOf(req, deps)),
  }));
  r.post(
    '/api/v1/consortia',
    { schema: { tags: ['consortia'], summary: 'Form a consortium; your company becomes its anchor', body: z.strictObject({ name: NonBlankString(200), layerRoles: LayerRoles.default([]) }) } },
    async (req, reply) => reply.code(201).send(await createConsortium(ctxOf(req, deps), req.body)),
  );
  r.get('/api/v1/consortia/:id', { schema: { tags: ['consortia'], params: IdParams } }, async (req) => loadConsortiumForActor(ctxOf(req, deps), req.params.id));
  r.post(
    '/api/v1/consortia/:id/invitations',
    { schema: { tags: ['consortia'], summary: 'Invite a company (anchor only)', params: IdParams, body: z.strictObject({ orgId: z.string().min(1).max(64), layerRoles: LayerRoles.default([]) }) } },
    async (req, reply) => reply.code(201).send(await inviteMember(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.post('/api/v1/consortia/:id/invitation/accept', { schema: { tags: ['consortia'], summary: 'Accept your company’s invitation', params: IdParams } }, async (req) =>
    respondToInvitation(ctxOf(req, deps), req.params.id, true),
  );
  r.post('/api/v1/consortia/:id/invitation/decline', { schema: { tags: ['consortia'], summary: 'Decline your company’s invitation', params: IdParams } }, async (req) =>
    respondToInvitation(ctxOf(req, deps), req.params.id, false),
  );
  r.patch(
    '/api/v1/consortia/:id/members/:orgId',
    {
      schema: {
        tags: ['consortia'],
        summary: 'Change a member’s layer roles (anchor only)',
        params: z.object({ id: z.string().max(64), orgId: z.string().max(64) }),
        body: z.strictObject({ layerRoles: LayerRoles }),
      },
    },
    async (req) => updateMember(ctxOf(req, deps), req.params.id, req.params.orgId, { layerRoles: req.body.layerRoles }),
  );
  r.delete(
    '/api/v1/consortia/:id/members/:orgId',
    { schema: { tags: ['consortia'], summary: 'Remove a member (anchor only)', params: z.object({ id: z.string().max(64), orgId: z.string().max(64) }) } },
    async (req) => updateMember(ctxOf(req, deps), req.params.id, req.params.orgId, { remove: true }),
  );
}
