// The yente-compatible match API (POST /api/v1/match/:dataset): the request and answer shapes of
// OpenSanctions yente's `POST /match/{dataset}` (EntityMatchQuery → EntityMatchResponse), so that
// clients written for yente work against aiep. aiep adds fields of its own beside yente's
// (the list effect, the explanation, `screened` and `notice`); yente clients ignore them.
import { z } from 'zod';

export const MATCH_SCHEMAS = ['Person', 'Company', 'Organization', 'LegalEntity', 'Vessel', 'Airplane', 'Thing'] as const;
export type MatchSchemaName = (typeof MATCH_SCHEMAS)[number];

/** Most queries in one request (yente's own batch limit). */
export const MAX_MATCH_QUERIES = 100;

/** A property's values: yente takes a list of strings, or one string. */
const Values = z
  .union([z.string().max(1000), z.array(z.string().max(1000)).max(20)])
  .transform((v) => (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean));

/** The properties aiep reads; others (FollowTheMoney has many) are accepted and left unused. */
export const MatchPropertiesSchema = z.looseObject({
  name: Values.describe('names of the party (each is searched; the best match per entry counts)'),
  firstName: Values.optional(),
  middleName: Values.optional(),
  lastName: Values.optional(),
  birthDate: Values.optional().describe('YYYY, YYYY-MM or YYYY-MM-DD'),
  incorporationDate: Values.optional().describe('YYYY, YYYY-MM or YYYY-MM-DD'),
  nationality: Values.optional().describe('ISO 3166-1 alpha-2 codes (either case) or country names'),
  citizenship: Values.optional(),
  country: Values.optional(),
  jurisdiction: Values.optional(),
  idNumber: Values.optional(),
  passportNumber: Values.optional(),
  registrationNumber: Values.optional(),
  taxNumber: Values.optional(),
  innCode: Values.optional(),
  imoNumber: Values.optional(),
  address: Values.optional(),
});

export const MatchEntityExample = z.object({
  id: z.string().max(200).optional(),
  schema: z.enum(MATCH_SCHEMAS),
  properties: MatchPropertiesSchema,
});

export const MatchBody = z.object({
  /** yente's feature weights: accepted for compatibility, not used (aiep's scoring is its own). */
  weights: z.record(z.string(), z.number()).optional(),
  queries: z
    .record(z.string().min(1).max(200), MatchEntityExample)
    .refine((q) => Object.keys(q).length > 0, 'must hold at least one query')
    .refine((q) => Object.keys(q).length <= MAX_MATCH_QUERIES, `must hold at most ${MAX_MATCH_QUERIES} queries`),
});
export type MatchBodyInput = z.infer<typeof MatchBody>;

export const MatchParams = z.object({ dataset: z.string().min(1).max(100) });

export const MatchQuery = z.object({
  threshold: z.coerce.number().min(0).max(1).optional().describe('a result at or above it has match: true (default: aiep\u2019s screening threshold)'),
  cutoff: z.coerce.number().min(0).max(1).optional().describe('results scoring below it are left out (default 0.5, never above the threshold)'),
  limit: z.coerce.number().int().min(1).max(100).default(5),
  algorithm: z.string().max(60).optional().describe('accepted for compatibility; aiep has one matcher'),
});

const MatchResultSchema = z.object({
  id: z.string(),
  caption: z.string(),
  schema: z.string(),
  properties: z.record(z.string(), z.array(z.string())),
  datasets: z.array(z.string()),
  referents: z.array(z.string()),
  target: z.boolean(),
  first_seen: z.string().nullable(),
  last_seen: z.string().nullable(),
  last_change: z.string().nullable(),
  score: z.number(),
  match: z.boolean(),
  features: z.record(z.string(), z.number()),
  // aiep's own, beside yente's fields:
  list: z.string(),
  entryId: z.string(),
  effect: z.string().describe('prohibited | license_required | red_flag | check'),
  citation: z.string().nullable(),
  matchedName: z.string(),
  explanation: z.object({
    nameScore: z.number(),
    summary: z.string(),
    adjustments: z.array(z.object({ rule: z.string(), detail: z.string(), effect: z.string() })),
  }),
  evidence: z.array(z.object({ field: z.string(), rule: z.string(), query: z.string(), entry: z.string(), effect: z.number(), floor: z.number().optional() })),
});

const MatchResponseItem = z.object({
  status: z.number().int(),
  results: z.array(MatchResultSchema),
  total: z.object({ value: z.number().int(), relation: z.string() }),
  query: z.object({ id: z.string().optional(), schema: z.string(), properties: z.record(z.string(), z.unknown()) }),
});

export const MatchResponse = z.object({
  responses: z.record(z.string(), MatchResponseItem),
  matcher: z.record(z.string(), z.object({ description: z.string(), coefficient: z.number(), url: z.string() })),
  limit: z.number().int(),
  // aiep's own: no list, no clearance.
  screened: z.boolean().describe('false when no list of the dataset is active: nothing was screened, an empty result is not a clean one'),
  notice: z.string().nullable(),
  threshold: z.number(),
  dataset: z.string(),
  lists: z.array(z.string()).describe('the active lists searched'),
});
