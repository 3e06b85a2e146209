// The buyer's side (docs/buyers.md): foreign buyer sign-up, the screening status of a buyer
// organization, structured requirements, follows of designated packages and interest records —
// requests and answers shared by the API and the web app.
import { z } from 'zod';
import { BUYER_KINDS, DATA_RESIDENCY, DEPLOYMENTS, INTEREST_STATUSES, MODEL_LICENSING, TIMELINES } from '../domain/buyers.ts';
import { FINANCING_AGENCIES, LAYERS, type FinancingAgency } from '../domain/package.ts';
import { CountryCode, Id, itemsOf, NonBlankString, Timestamp } from './common.ts';

/** The languages aiep is offered in; a buyer chooses one at sign-up. */
export const BUYER_LOCALES = ['en', 'fr', 'es', 'ar'] as const;
export type BuyerLocale = (typeof BUYER_LOCALES)[number];

const Email = z.string().trim().toLowerCase().max(254).email('must be an e-mail address');
/** A password as sent: the policy (length, deny-list, not the user's own names) is the server's. */
const Password = z.string().min(1, 'must not be empty').max(200);

export const BuyerSignupBody = z.strictObject({
  organization: z.strictObject({
    name: NonBlankString(200).describe('the ministry, state-owned enterprise or company, as registered'),
    country: CountryCode,
    kind: z.enum(BUYER_KINDS),
  }),
  user: z.strictObject({ name: NonBlankString(200), email: Email, password: Password }),
  locale: z.enum(BUYER_LOCALES),
});
export type BuyerSignupBody = z.infer<typeof BuyerSignupBody>;

export const BUYER_SCREENING_STATUSES = ['clear', 'pending', 'blocked'] as const;

export const BuyerStatusSchema = z.object({
  organization: z.object({ id: z.string(), name: z.string(), country: z.string(), kind: z.enum(BUYER_KINDS) }),
  screening: z.enum(BUYER_SCREENING_STATUSES),
  message: z.string().nullable().describe('why the workspace is not open yet; null when screening is clear'),
});
export type BuyerStatus = z.infer<typeof BuyerStatusSchema>;

// ── Requirements ─────────────────────────────────────────────────────────────────────────

/** A BCP 47 primary language subtag: two or three lower-case letters ("fr", "km", "fil"). */
const LanguageTag = z.string().regex(/^[a-z]{2,3}$/, 'must be a BCP 47 primary language subtag such as "fr" or "km"');
const Usd = z.number().int('must be whole dollars').nonnegative().max(1e13, 'is larger than any plausible amount');
const distinct = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((a) => new Set(a).size === a.length, { message: 'lists a value twice' });

const RequirementFields = z.strictObject({
  title: NonBlankString(200),
  country: CountryCode.describe('where the system is to be deployed'),
  sector: NonBlankString(100).nullable(),
  layers: distinct(z.enum(LAYERS), LAYERS.length).min(1, 'name at least one layer'),
  deployments: distinct(z.enum(DEPLOYMENTS), DEPLOYMENTS.length).min(1, 'name at least one deployment'),
  dataResidency: z.enum(DATA_RESIDENCY),
  modelLicensing: z.enum(MODEL_LICENSING),
  languages: distinct(LanguageTag, 30),
  budgetMinUsd: Usd.nullable(),
  budgetMaxUsd: Usd.nullable(),
  timeline: z.enum(TIMELINES),
  financing: distinct(z.enum(FINANCING_AGENCIES as [FinancingAgency, ...FinancingAgency[]]), FINANCING_AGENCIES.length),
  notes: z.string().trim().max(4000).nullable(),
  shareWithConsortia: z.boolean().describe('true: consortia whose packages match see the requirement’s title and the buyer’s name; false: only its country and kind'),
});

const budgetInOrder = (r: { budgetMinUsd: number | null; budgetMaxUsd: number | null }, ctx: z.RefinementCtx) => {
  if (r.budgetMinUsd !== null && r.budgetMaxUsd !== null && r.budgetMinUsd > r.budgetMaxUsd) ctx.addIssue({ code: 'custom', path: ['budgetMinUsd'], message: 'is more than the budget’s maximum' });
};

export const RequirementBody = RequirementFields.superRefine(budgetInOrder);
export type RequirementBody = z.infer<typeof RequirementBody>;

export const RequirementUpdateBody = RequirementFields.extend({ version: z.number().int().positive() }).superRefine(budgetInOrder);
export type RequirementUpdateBody = z.infer<typeof RequirementUpdateBody>;

export const RequirementSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  country: z.string(),
  sector: z.string().nullable(),
  layers: z.array(z.enum(LAYERS)),
  deployments: z.array(z.enum(DEPLOYMENTS)),
  dataResidency: z.enum(DATA_RESIDENCY),
  modelLicensing: z.enum(MODEL_LICENSING),
  languages: z.array(z.string()),
  budgetMinUsd: z.number().nullable(),
  budgetMaxUsd: z.number().nullable(),
  timeline: z.enum(TIMELINES),
  financing: z.array(z.enum(FINANCING_AGENCIES as [FinancingAgency, ...FinancingAgency[]])),
  notes: z.string().nullable(),
  shareWithConsortia: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type RequirementView = z.infer<typeof RequirementSchema>;
export const RequirementListResponse = itemsOf(RequirementSchema);

// ── Follows ──────────────────────────────────────────────────────────────────────────────

export const ProposalIdParams = z.object({ proposalId: Id });

/** A consortium-supplied translation of a package's public title and description (null: none for the reader's language). */
export const PackageTranslationRef = z.object({ locale: z.string(), title: z.string(), description: z.string(), providedBy: z.literal('consortium') }).nullable();

export const FollowSchema = z.object({ proposalId: z.string(), title: z.string(), translation: PackageTranslationRef, followedAt: Timestamp });
export type FollowView = z.infer<typeof FollowSchema>;
export const FollowListResponse = itemsOf(FollowSchema);

// ── Interest records ─────────────────────────────────────────────────────────────────────

export const InterestBody = z.strictObject({
  proposalId: Id,
  requirementId: Id.optional().describe('the buyer’s own requirement the interest answers'),
  message: z.string().trim().min(1, 'must not be empty').max(4000).optional(),
  consentToShare: z.boolean().describe('true: the consortium sees the buyer’s name and contact; false: only its country and kind'),
});
export type InterestBody = z.infer<typeof InterestBody>;

export const InterestReceipt = z.object({ id: z.string(), reference: z.string().describe('EOI-XXXX-XXXX-XXXX, to quote in any correspondence') });

export const InterestSchema = z.object({
  id: z.string(),
  reference: z.string(),
  proposalId: z.string(),
  proposalTitle: z.string(),
  requirementId: z.string().nullable(),
  status: z.enum(INTEREST_STATUSES),
  consentToShare: z.boolean(),
  message: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type InterestView = z.infer<typeof InterestSchema>;
export const InterestListResponse = itemsOf(InterestSchema);

export const InterestEventSchema = z.object({ at: Timestamp, status: z.enum(INTEREST_STATUSES), note: z.string().nullable() });
export const InterestDetailSchema = InterestSchema.extend({ events: z.array(InterestEventSchema) });
export type InterestDetail = z.infer<typeof InterestDetailSchema>;

/** The program office moves an interest record along; `version` is the one read. */
export const InterestStatusBody = z.strictObject({
  status: z.enum(INTEREST_STATUSES),
  note: z.string().trim().min(1, 'must not be empty').max(4000).optional().describe('shown to the buyer in the record’s history'),
  version: z.number().int().positive(),
});
export type InterestStatusBody = z.infer<typeof InterestStatusBody>;

/** The record after the move, with the version to send with the next one. */
export const InterestStatusResponse = InterestSchema.extend({ version: z.number().int() });

// ── The consortium's view of interest in its package ──────────────────────────────────────

export const ConsortiumInterestSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(INTEREST_STATUSES),
  createdAt: Timestamp,
  message: z.string().nullable(),
  buyer: z.union([
    z.object({ name: z.string(), country: z.string(), kind: z.string(), contactEmail: z.string() }).describe('the buyer agreed to be named'),
    z.object({ anonymous: z.literal(true), country: z.string(), kind: z.string() }).describe('the buyer did not agree to be named'),
  ]),
});
export const ConsortiumInterestListResponse = itemsOf(ConsortiumInterestSchema);
