import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { textDownload } from '../../../shared/contracts/common.ts';
import { OutcomesSchema } from '../../../shared/contracts/outcomes.ts';
import type { Deps } from '../../lib/context.ts';
import { outcomesCsv } from './outcomes.reports.ts';
import { publicOutcomes } from './outcomes.service.ts';

export function outcomesRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/public/outcomes',
    { schema: { tags: ['public'], summary: 'The program’s outcomes: designations, deals closed, financing committed and disbursed (aggregates, no login)', security: [], response: { 200: OutcomesSchema } }, config: { public: true } },
    async () => publicOutcomes(deps),
  );
  r.get(
    '/api/v1/public/outcomes.csv',
    { schema: { tags: ['public'], summary: 'The program’s outcomes as CSV (no login)', security: [], response: { 200: textDownload('text/csv', 'one row per slice: the program, each country, layer and quarter') } }, config: { public: true } },
    async (_req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="aiep-outcomes.csv"')
        .send(outcomesCsv(await publicOutcomes(deps))),
  );
}
