// The list sources API: read (whoever reads the lists), change and refresh now (admins).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ListSourceRefreshResponse, ListSourceSchema, ListSourcesResponse, ListSourceUpdateBody } from '../../../shared/contracts/list-sources.ts';
import { ListCodeParams } from '../../../shared/contracts/screening.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { listSources, requestRefresh, updateListSource } from './screening.sources.ts';

export function listSourceRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/lists/sources',
    {
      schema: {
        tags: ['screening'],
        summary: 'Where each screening list is downloaded from, its schedule, the last refresh and whether the list is stale (compliance and program officers, auditors, admins)',
        response: { 200: ListSourcesResponse },
      },
    },
    async (req) => listSources(ctxOf(req, deps)),
  );
  r.patch(
    '/api/v1/lists/sources/:code',
    {
      schema: {
        tags: ['screening'],
        summary: 'Change a list source: URL, format, interval, maximum age, enabled, auto-activate (admin)',
        params: ListCodeParams,
        body: ListSourceUpdateBody,
        response: { 200: ListSourceSchema },
      },
    },
    async (req) => updateListSource(ctxOf(req, deps), req.params.code, req.body),
  );
  r.post(
    '/api/v1/lists/sources/:code/refresh',
    {
      schema: {
        tags: ['screening'],
        summary: 'Check a list source now (admin): queues the refresh job, which downloads, checks and imports a changed file',
        params: ListCodeParams,
        response: { 202: ListSourceRefreshResponse },
      },
    },
    async (req, reply) => reply.code(202).send(await requestRefresh(ctxOf(req, deps), req.params.code)),
  );
}
