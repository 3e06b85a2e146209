// Public reference data the web app and clients need: countries, blocs, layers, instruments, the manifest schema.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ManifestSchema } from '../../../shared/contracts/package.ts';
import { JsonSchemaDocument, ReferenceSchema } from '../../../shared/contracts/reference.ts';
import { CERTIFICATION_TEXT, COMPONENT_CATEGORIES, FINANCING_INSTRUMENTS, LAYERS, LAYER_LABELS, SUGGESTED_CATEGORIES } from '../../../shared/domain/package.ts';
import { US_CONTENT_PRESUMPTION } from '../../../shared/domain/us-content.ts';
import { listBlocs, listCountries } from '../../../shared/reference/geography.ts';
import type { Deps } from '../../lib/context.ts';

let manifestJsonSchema: Record<string, unknown> | undefined;

export function referenceRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/reference', { schema: { tags: ['reference'], summary: 'Countries, blocs, layers, categories, instruments, certifications', security: [], response: { 200: ReferenceSchema } }, config: { public: true } }, async () => ({
    countries: listCountries(),
    blocs: listBlocs(),
    layers: LAYERS.map((l) => ({ code: l, label: LAYER_LABELS[l], suggestedCategories: SUGGESTED_CATEGORIES[l] })),
    categories: COMPONENT_CATEGORIES,
    instruments: FINANCING_INSTRUMENTS,
    certifications: CERTIFICATION_TEXT,
    usContent: US_CONTENT_PRESUMPTION,
    countriesOfConcern: deps.config.COUNTRIES_OF_CONCERN,
  }));
  r.get('/api/v1/schemas/package-manifest.json', { schema: { tags: ['reference'], summary: 'JSON Schema of the package manifest', security: [], response: { 200: JsonSchemaDocument } }, config: { public: true } }, async () => {
    manifestJsonSchema ??= {
      $id: 'https://aiep.example/schemas/package-manifest.json',
      title: 'aiep package manifest',
      ...z.toJSONSchema(ManifestSchema, { io: 'input', unrepresentable: 'any' }),
    };
    return manifestJsonSchema;
  });
}
