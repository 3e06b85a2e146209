// What a designated package offers buyers (its profile), the consortium's translations of its public
// title and summary, and the matches between packages and buyers' requirements (docs/matching.md).
// The profile and the translations are public by design: the consortium writes them for buyers, and
// the public catalog shows them. Nothing here carries a value, a support amount or a buyer's contact.
import { z } from 'zod';
import { DEPLOYMENTS, MATCH_CRITERIA, MATCH_FITS, MATCH_OUTCOMES, OFFERED_DATA_RESIDENCY, OFFERED_MODEL_LICENSING } from '../domain/buyers.ts';
import { FINANCING_AGENCIES, type FinancingAgency } from '../domain/package.ts';
import { Id, itemsOf, NonBlankString, Timestamp } from './common.ts';

/** The languages aiep's public pages are written in. */
export const CATALOG_LOCALES = ['en', 'fr', 'es', 'ar'] as const;
export type CatalogLocale = (typeof CATALOG_LOCALES)[number];
/** The languages a consortium may translate its package into (English is the original). */
export const TRANSLATION_LOCALES = ['fr', 'es', 'ar'] as const;
export type TranslationLocale = (typeof TRANSLATION_LOCALES)[number];

export const MAX_TRANSLATED_TITLE = 200;
export const MAX_TRANSLATED_SUMMARY = 4000;
/** The longest delivery a profile may declare, in months (ten years). */
export const MAX_DELIVERY_MONTHS = 120;

/** A BCP 47 language tag as buyers and consortia write them: "en", "fil", "pt-BR", "zh-Hant". */
export const LanguageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en", "fil" or "pt-BR"');

const unique = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((a) => [...new Set(a)]);

const UsdAmount = z.number().int().nonnegative().max(1e13, 'is larger than any plausible amount');

// ── Package profiles ──────────────────────────────────────────────────────────────────────

const profileFields = {
  deployments: unique(z.enum(DEPLOYMENTS), DEPLOYMENTS.length),
  dataResidency: unique(z.enum(OFFERED_DATA_RESIDENCY), OFFERED_DATA_RESIDENCY.length),
  modelLicensing: unique(z.enum(OFFERED_MODEL_LICENSING), OFFERED_MODEL_LICENSING.length),
  languages: unique(LanguageTag, 40),
  budgetMinUsd: UsdAmount.nullable(),
  budgetMaxUsd: UsdAmount.nullable(),
  deliveryMonths: z.number().int().min(1).max(MAX_DELIVERY_MONTHS).nullable().describe('months from contract to delivery'),
  financing: unique(z.enum(FINANCING_AGENCIES as [FinancingAgency, ...FinancingAgency[]]), FINANCING_AGENCIES.length).describe('agencies whose financing the consortium can work with'),
};

export const PackageProfileBody = z
  .strictObject({ ...profileFields, version: z.number().int().min(0).describe('the version read; 0 when no profile exists yet') })
  .refine((p) => p.budgetMinUsd === null || p.budgetMaxUsd === null || p.budgetMinUsd <= p.budgetMaxUsd, { path: ['budgetMaxUsd'], message: 'must not be below the minimum budget' });
export type PackageProfileBody = z.input<typeof PackageProfileBody>;

/** What the consortium declares its package offers a buyer (public by design). */
export const PackageProfileSchema = z.object({
  deployments: z.array(z.string()),
  dataResidency: z.array(z.string()),
  modelLicensing: z.array(z.string()),
  languages: z.array(z.string()),
  budgetMinUsd: z.number().nullable(),
  budgetMaxUsd: z.number().nullable(),
  deliveryMonths: z.number().nullable(),
  financing: z.array(z.string()),
});
export type PackageProfile = z.infer<typeof PackageProfileSchema>;

export const PackageProfileResponse = z.object({
  proposalId: z.string(),
  profile: PackageProfileSchema.nullable().describe('null until the consortium declares one'),
  version: z.number().int().describe('0 until the consortium declares a profile'),
  updatedAt: Timestamp.nullable(),
  canEdit: z.boolean().describe('whether the viewer may change the profile and the translations now'),
});
export type PackageProfileResponse = z.infer<typeof PackageProfileResponse>;

// ── Translations ──────────────────────────────────────────────────────────────────────────

export const TranslationParams = z.object({ id: Id, locale: z.enum(TRANSLATION_LOCALES) });

export const TranslationBody = z.strictObject({ title: NonBlankString(MAX_TRANSLATED_TITLE), summary: NonBlankString(MAX_TRANSLATED_SUMMARY) });
export type TranslationBody = z.infer<typeof TranslationBody>;

export const TranslationSchema = z.object({ locale: z.enum(TRANSLATION_LOCALES), title: z.string(), summary: z.string(), updatedAt: Timestamp });
export type Translation = z.infer<typeof TranslationSchema>;

export const TranslationListResponse = z.object({ items: z.array(TranslationSchema), canEdit: z.boolean() });
export type TranslationListResponse = z.infer<typeof TranslationListResponse>;

/** A consortium-supplied translation of a catalog entry, as the catalog and the matches show it. */
export const EntryTranslationSchema = z.object({ locale: z.string(), title: z.string(), description: z.string(), providedBy: z.literal('consortium') });
export type EntryTranslation = z.infer<typeof EntryTranslationSchema>;

// ── Matches ───────────────────────────────────────────────────────────────────────────────

export const MatchLangQuery = z.object({ lang: z.enum(CATALOG_LOCALES).optional().describe('the language of the packages’ translated titles') });

export const MatchReasonSchema = z.object({
  criterion: z.enum(MATCH_CRITERIA),
  outcome: z.enum(MATCH_OUTCOMES),
  wanted: z.array(z.union([z.string(), z.number()])),
  offered: z.array(z.union([z.string(), z.number()])),
});

/** A package that fits a buyer's requirement. */
export const MatchSchema = z.object({
  proposalId: z.string(),
  title: z.string(),
  translation: EntryTranslationSchema.nullable(),
  score: z.number().int().min(0).max(100),
  fit: z.enum(MATCH_FITS),
  reasons: z.array(MatchReasonSchema),
});
export type Match = z.infer<typeof MatchSchema>;

const RequirementHeading = z.object({ id: z.string(), title: z.string(), country: z.string() });

export const RequirementMatchesResponse = z.object({ requirement: RequirementHeading, matches: z.array(MatchSchema) });
export type RequirementMatchesResponse = z.infer<typeof RequirementMatchesResponse>;

export const BuyerMatchesResponse = itemsOf(RequirementMatchesResponse);
export type BuyerMatchesResponse = z.infer<typeof BuyerMatchesResponse>;

/** The buyer as a consortium sees it: named only when the buyer shares its requirement with consortia. */
export const MatchedBuyerSchema = z.union([z.object({ name: z.string(), country: z.string(), kind: z.string() }), z.object({ anonymous: z.literal(true), country: z.string(), kind: z.string() })]);

/** A buyer requirement a designated package fits. */
export const PackageMatchSchema = z.object({
  requirementId: z.string(),
  requirementTitle: z.string().nullable().describe('null unless the buyer shares its requirement with consortia'),
  buyer: MatchedBuyerSchema,
  score: z.number().int().min(0).max(100),
  fit: z.enum(MATCH_FITS),
  reasons: z.array(MatchReasonSchema),
});
export type PackageMatch = z.infer<typeof PackageMatchSchema>;

export const PackageMatchesResponse = itemsOf(PackageMatchSchema);
export type PackageMatchesResponse = z.infer<typeof PackageMatchesResponse>;
