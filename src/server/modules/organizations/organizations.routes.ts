import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common.ts';
import { CompanySearchResponse, OrganizationSchema, OrganizationSearchQuery, OrganizationUpdateBody } from '../../../shared/contracts/organization.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { findCompanies, getOrganization, updateOrganization } from './organizations.service.ts';

export function organizationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/organizations',
    { schema: { tags: ['organizations'], summary: 'Find companies by name (to invite them)', querystring: OrganizationSearchQuery, response: { 200: CompanySearchResponse } } },
    async (req) => ({ items: await findCompanies(ctxOf(req, deps), req.query.q) }),
  );
  r.get('/api/v1/organizations/:id', { schema: { tags: ['organizations'], summary: 'An organization with its ownership and country-of-concern check', params: IdParams, response: { 200: OrganizationSchema } } }, async (req) =>
    getOrganization(ctxOf(req, deps), req.params.id),
  );
  r.put(
    '/api/v1/organizations/:id',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Update entity data (country of incorporation, principal place of business, owners, ultimate parent)',
        params: IdParams,
        body: OrganizationUpdateBody,
        response: { 200: OrganizationSchema },
      },
    },
    async (req) => updateOrganization(ctxOf(req, deps), req.params.id, req.body.organization, req.body.version),
  );
}
