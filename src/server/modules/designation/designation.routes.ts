import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NonBlankString } from '../../../shared/contracts/common.ts';
import { PackageSchema } from '../../../shared/contracts/package.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { AMENDMENT_KINDS, changePackageState, decideAmendment, getDesignatedPackage, requestAmendment } from './designation.service.ts';

const IdParams = z.object({ id: z.string().min(1).max(64) });

export function designationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/proposals/:id/package', { schema: { tags: ['designation'], summary: 'The designated package: state, term, amendments', params: IdParams } }, async (req) =>
    getDesignatedPackage(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/v1/proposals/:id/package/amendments',
    {
      schema: {
        tags: ['designation'],
        summary: 'Request an amendment (anchor member): the kinds of change, and optionally the proposed package (its changes are computed)',
        params: IdParams,
        body: z.strictObject({ kinds: z.array(z.enum(AMENDMENT_KINDS)).max(AMENDMENT_KINDS.length).optional(), description: NonBlankString(8000), package: PackageSchema.optional() }),
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
        params: IdParams.extend({ amendmentId: z.string().max(64) }),
        body: z.strictObject({ approve: z.boolean(), note: NonBlankString(8000) }),
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
        params: IdParams.extend({ action: z.enum(['suspend', 'reinstate', 'revoke', 'renew']) }),
        body: z.strictObject({ reason: z.string().max(8000).default(''), termMonths: z.number().int().min(1).max(120).optional() }),
      },
    },
    async (req) => changePackageState(ctxOf(req, deps), req.params.id, req.params.action, req.body),
  );
}
