// The public catalog of designated packages. Its response schemas are the allow-list of what leaves
// aiep without a login: Fastify serializes only the fields named here, so a field added to the
// service's views stays inside unless it is added here too. Business-confidential facts — values,
// support requests and their amounts, US content, ownership and parents of members, operating
// parties, scores, comments, consultation positions, internal notes and buyer contacts — have no
// place in these schemas (src/server/http/contracts.test.ts checks them against that list).
import { z } from 'zod';
import { LAYERS } from '../domain/package.ts';
import { INTEREST_STATUSES } from '../domain/buyers.ts';
import { CountryCode, itemsOf, NonBlankString, Timestamp } from './common.ts';
import { CATALOG_LOCALES, EntryTranslationSchema, PackageProfileSchema } from './matching.ts';

// ── Requests ──────────────────────────────────────────────────────────────────────────────

export const CatalogQuery = z.object({
  q: z.string().max(200).optional(),
  country: z.string().max(2).optional(),
  region: z.string().max(40).optional(),
  layer: z.enum(LAYERS).optional(),
  sector: z.string().max(40).optional(),
  lang: z.enum(CATALOG_LOCALES).optional().describe('the language of the consortium-supplied translation to include (and search)'),
});

export const CatalogEntryParams = z.object({ id: z.string().max(64) });

/** The query of one catalog entry: the language of its translation. */
export const CatalogEntryQuery = z.object({ lang: z.enum(CATALOG_LOCALES).optional() });

export const BuyerInterestBody = z.strictObject({
  buyerName: NonBlankString(200),
  buyerKind: z.enum(['government', 'company', 'other']),
  country: CountryCode,
  contactEmail: z.string().email().max(254),
  requirements: z.strictObject({
    dataResidency: z.string().max(500).optional(),
    languages: z.array(z.string().max(50)).max(20).optional(),
    scale: z.string().max(500).optional(),
    timeline: z.string().max(500).optional(),
    notes: z.string().max(4000).optional(),
  }),
});

// ── Public responses ──────────────────────────────────────────────────────────────────────

/** A designated package as the public catalog shows it: public fields only. */
export const CatalogEntrySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().describe('the public description recorded with the designation'),
  consortium: z.object({ name: z.string(), members: z.array(z.object({ name: z.string(), country: z.string().describe('country of incorporation') })) }),
  layers: z.array(z.string()),
  sectors: z.array(z.string()),
  countries: z.array(z.string()).describe('ISO 3166-1 alpha-2 codes, in the order of the countries’ English names'),
  regions: z.array(z.string()),
  blocs: z.array(z.string()),
  designatedAt: Timestamp,
  translation: EntryTranslationSchema.nullable().describe('the consortium’s translation into the requested language; null for English or when there is none'),
  profile: PackageProfileSchema.nullable().describe('what the consortium declares the package offers buyers; null when not declared'),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export const CatalogSearchResponse = z.object({ items: z.array(CatalogEntrySchema), total: z.number().int() });

export const CatalogEntryResponse = CatalogEntrySchema.extend({ blocNames: z.array(z.string()) });

/** Program statistics: counts only, no confidential figures. */
export const ProgramStatisticsSchema = z.object({
  submitted: z.number().int(),
  underReview: z.number().int(),
  designated: z.number().int(),
  byRegion: z.array(z.object({ region: z.string(), name: z.string(), count: z.number().int() })),
  bySector: z.array(z.object({ sector: z.string(), count: z.number().int() })),
  byCountry: z.record(z.string(), z.number().int()),
});
export type ProgramStatistics = z.infer<typeof ProgramStatisticsSchema>;

/** The buyer's confirmation: the registration's id and the reference to quote to the program office. */
export const BuyerInterestReceipt = z.object({ id: z.string(), reference: z.string().describe('EOI-XXXX-XXXX-XXXX, to quote in any correspondence'), received: z.boolean() });
export type BuyerInterestReceipt = z.infer<typeof BuyerInterestReceipt>;

// ── Program office ────────────────────────────────────────────────────────────────────────

export const BuyerInterestSchema = z.object({
  id: z.string(),
  reference: z.string().describe('the reference the buyer was given'),
  proposalId: z.string(),
  proposalTitle: z.string(),
  buyerName: z.string(),
  buyerKind: z.string(),
  country: z.string(),
  contactEmail: z.string(),
  requirements: z
    .object({ dataResidency: z.string().optional(), languages: z.array(z.string()).optional(), scale: z.string().optional(), timeline: z.string().optional(), notes: z.string().optional() })
    .describe('what the buyer stated'),
  createdAt: Timestamp,
  status: z.enum(INTEREST_STATUSES).describe('where the record stands; the buyer follows it'),
  orgId: z.string().nullable().describe('the buyer organization that registered it from its workspace; null for an anonymous registration'),
  consentToShare: z.boolean().describe('whether the buyer agreed that the consortium sees its name and contact'),
  version: z.number().int().describe('send it back with a status change'),
  language: z.string().nullable().describe('the language the buyer reads aiep in, when known'),
});

export const BuyerInterestListResponse = itemsOf(BuyerInterestSchema);
