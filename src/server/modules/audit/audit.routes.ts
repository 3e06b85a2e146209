import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditVerification } from '../../../shared/contracts/audit.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { verifyAuditTrailAs } from './audit.service.ts';

export function auditRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit/verification',
    { schema: { tags: ['audit'], summary: 'Verify the audit chain and its signed checkpoints now, as `aiep audit verify` does (auditors and administrators)', response: { 200: AuditVerification } } },
    async (req) => verifyAuditTrailAs(ctxOf(req, deps)),
  );
}
