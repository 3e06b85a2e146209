import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../../shared/contracts/common.ts';
import {
  LicenseCreateSchema,
  LicenseCriticalPathSchema,
  LicenseDeleteQuery,
  LicenseListResponse,
  LicensePatchSchema,
  LicenseShipmentCreateSchema,
  LicenseShipmentListResponse,
  LicenseViewSchema,
} from '../../../shared/contracts/compliance.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { createLicense, dealLicenseCriticalPath, deleteLicense, listLicenses, listShipments, proposalLicenseCriticalPath, recordShipment, updateLicense } from './licenses.service.ts';

/** License records, their lifecycle steps and shipments, and the critical path (registered by complianceRoutes). */
export function licenseRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/proposals/:id/licenses', { schema: { tags: ['compliance'], summary: 'License records of a proposal', params: IdParams, response: { 200: LicenseListResponse } } }, async (req) =>
    listLicenses(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/proposals/:id/licenses',
    { schema: { tags: ['compliance'], summary: 'Record a license against a cell (component × market, optionally one party)', params: IdParams, body: LicenseCreateSchema, response: { 201: LicenseViewSchema } } },
    async (req, reply) => reply.code(201).send(await createLicense(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.get(
    '/api/v1/proposals/:id/licenses/critical-path',
    { schema: { tags: ['compliance'], summary: 'Which licenses hold up which cells and deals, days pending with BIS and aging against the target, worst first', params: IdParams, response: { 200: LicenseCriticalPathSchema } } },
    async (req) => proposalLicenseCriticalPath(ctxOf(req, deps), req.params.id),
  );
  r.patch(
    '/api/v1/licenses/:id',
    {
      schema: {
        tags: ['compliance'],
        summary: 'Update a license record or take a lifecycle step (`status`); `version` must be the one you read (409 otherwise, and 409 INVALID_TRANSITION for a step not allowed)',
        params: IdParams,
        body: LicensePatchSchema,
        response: { 200: LicenseViewSchema },
      },
    },
    async (req) => updateLicense(ctxOf(req, deps), req.params.id, req.body),
  );
  r.delete(
    '/api/v1/licenses/:id',
    { schema: { tags: ['compliance'], summary: 'Delete a license record entered in error', params: IdParams, querystring: LicenseDeleteQuery, response: { 204: NoContent } } },
    async (req, reply) => {
      await deleteLicense(ctxOf(req, deps), req.params.id, req.query.version);
      return reply.code(204).send();
    },
  );
  r.get('/api/v1/licenses/:id/shipments', { schema: { tags: ['compliance'], summary: 'Shipments recorded against a license', params: IdParams, response: { 200: LicenseShipmentListResponse } } }, async (req) =>
    listShipments(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/licenses/:id/shipments',
    {
      schema: {
        tags: ['compliance'],
        summary: 'Record a shipment against an issued license, drawing its balance down (409 when it is not valid on the day or the shipment exceeds what remains)',
        params: IdParams,
        body: LicenseShipmentCreateSchema,
        response: { 201: LicenseViewSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await recordShipment(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.get('/api/v1/deals/:id/licenses', { schema: { tags: ['financing'], summary: 'The licenses holding up a deal, worst first', params: IdParams, response: { 200: LicenseCriticalPathSchema } } }, async (req) =>
    dealLicenseCriticalPath(ctxOf(req, deps), req.params.id),
  );
}
