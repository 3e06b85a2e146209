// Public reference data for the web app and clients: countries, blocs, layers, categories,
// instruments, certifications, the US-content presumption and the countries of concern.
import { z } from 'zod';
import { CERTIFICATIONS, COMPONENT_CATEGORIES, FINANCING_INSTRUMENTS, LAYERS } from '../domain/package.ts';

const agencies = Object.keys(FINANCING_INSTRUMENTS) as [keyof typeof FINANCING_INSTRUMENTS, ...(keyof typeof FINANCING_INSTRUMENTS)[]];

export const ReferenceSchema = z.object({
  countries: z.array(z.object({ code: z.string(), name: z.string() })),
  blocs: z.array(z.object({ code: z.string(), name: z.string(), members: z.array(z.string()), source: z.string(), asOf: z.string() })),
  layers: z.array(z.object({ code: z.enum(LAYERS), label: z.string(), suggestedCategories: z.array(z.enum(COMPONENT_CATEGORIES)).readonly() })),
  categories: z.array(z.enum(COMPONENT_CATEGORIES)).readonly(),
  instruments: z.record(z.string(), z.array(z.string()).readonly()).describe(`financing instruments by agency (${agencies.join(', ')})`),
  certifications: z.record(z.enum(CERTIFICATIONS), z.string()).describe('the text each member certifies'),
  usContent: z.object({ threshold: z.number(), citation: z.string() }).describe('the US-content presumption of the national-interest test'),
  countriesOfConcern: z.array(z.string()),
});
export type Reference = z.infer<typeof ReferenceSchema>;

/** A JSON Schema document (the package manifest's). */
export const JsonSchemaDocument = z.record(z.string(), z.unknown()).describe('a JSON Schema (draft 2020-12)');
