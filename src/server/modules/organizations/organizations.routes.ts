import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OrganizationInput } from '../../../shared/contracts/organization.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { findCompanies, getOrganization, updateOrganization } from './organizations.service.ts';

const IdParams = z.object({ id: z.string().min(1).max(64) });

export function organizationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/organizations',
    { schema: { tags: ['organizations'], summary: 'Find companies by name (to invite them)', querystring: z.object({ q: z.string().max(100).optional() }) } },
    async (req) => ({ items: await findCompanies(ctxOf(req, deps), req.query.q) }),
  );
  r.get('/api/v1/organizations/:id', { schema: { tags: ['organizations'], summary: 'An organization with its ownership and country-of-concern check', params: IdParams } }, async (req) =>
    getOrganization(ctxOf(req, deps), req.params.id),
  );
  r.put(
    '/api/v1/organizations/:id',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Update entity data (country of incorporation, principal place of business, owners, ultimate parent)',
        params: IdParams,
        body: z.strictObject({ version: z.number().int().positive(), organization: OrganizationInput }),
      },
    },
    async (req) => updateOrganization(ctxOf(req, deps), req.params.id, req.body.organization, req.body.version),
  );
}
