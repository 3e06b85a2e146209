import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common.ts';
import { NewUserInput, UpdateUserInput, UserCreatedResponse, UserListItemSchema, UserListResponse } from '../../../shared/contracts/users.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { createUserAsAdmin, listUsers, updateUserAsAdmin } from './users.service.ts';

export function userRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/users', { schema: { tags: ['users'], summary: 'All users (admin, auditor)', response: { 200: UserListResponse } } }, async (req) => ({ items: await listUsers(ctxOf(req, deps)) }));
  r.post('/api/v1/users', { schema: { tags: ['users'], summary: 'Create a user (admin)', body: NewUserInput, response: { 201: UserCreatedResponse } } }, async (req, reply) =>
    reply.code(201).send({ id: await createUserAsAdmin(ctxOf(req, deps), req.body) }),
  );
  r.patch(
    '/api/v1/users/:id',
    { schema: { tags: ['users'], summary: 'Change a user’s roles or disable it (admin)', params: IdParams, body: UpdateUserInput, response: { 200: UserListItemSchema } } },
    async (req) => updateUserAsAdmin(ctxOf(req, deps), req.params.id, req.body),
  );
}
