import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common.ts';
import {
  AmendmentDecisionBody,
  AmendmentParams,
  AmendmentRequestBody,
  DesignatedPackageSchema,
  PackageActionBody,
  PackageActionParams,
} from '../../../shared/contracts/designation.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { changePackageState, decideAmendment, getDesignatedPackage, requestAmendment } from './designation.service.ts';

export function designationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/proposals/:id/package', { schema: { tags: ['designation'], summary: 'The designated package: state, term, amendments', params: IdParams, response: { 200: DesignatedPackageSchema } } }, async (req) =>
    getDesignatedPackage(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/proposals/:id/package/amendments',
    {
      schema: {
        tags: ['designation'],
        summary: 'Request an amendment (anchor member): the kinds of change, and optionally the proposed package (its changes are computed)',
        params: IdParams,
        body: AmendmentRequestBody,
        response: { 201: DesignatedPackageSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await requestAmendment(ctxOf(req, deps), req.params.id, req.body)),
  );
  r.post(
    '/api/v1/proposals/:id/package/amendments/:amendmentId/decision',
    {
      schema: {
        tags: ['designation'],
        summary: 'Approve or reject an amendment after re-review (program officer)',
        params: AmendmentParams,
        body: AmendmentDecisionBody,
        response: { 200: DesignatedPackageSchema },
      },
    },
    async (req) => decideAmendment(ctxOf(req, deps), req.params.id, req.params.amendmentId, req.body),
  );
  r.post(
    '/api/v1/proposals/:id/package/:action',
    {
      schema: {
        tags: ['designation'],
        summary: 'Suspend or reinstate (program officer); revoke or renew (decision official)',
        params: PackageActionParams,
        body: PackageActionBody,
        response: { 200: DesignatedPackageSchema },
      },
    },
    async (req) => changePackageState(ctxOf(req, deps), req.params.id, req.params.action, req.body),
  );
}
