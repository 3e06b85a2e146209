import { z } from 'zod';
import { ORGANIZATION_KINDS, AGENCIES } from '../domain/roles.ts';
import { CountryCode, Id, itemsOf, NonBlankString, Timestamp } from './common.ts';
import { PartyEvidenceSchema } from './party-evidence.ts';

export const OwnerSchema = z.strictObject({
  name: NonBlankString(200),
  country: CountryCode,
  percent: z.number().finite().gt(0).max(100),
  evidence: PartyEvidenceSchema.optional().describe('what identifies the owner for screening: date of birth or incorporation, nationality, identifiers, addresses'),
});

export const UltimateParentSchema = z.strictObject({ name: NonBlankString(200), country: CountryCode, evidence: PartyEvidenceSchema.optional() });

export const OrganizationInput = z
  .strictObject({
    name: NonBlankString(200),
    countryOfIncorporation: CountryCode,
    principalPlaceOfBusiness: CountryCode,
    owners: z.array(OwnerSchema).max(100).default([]),
    ultimateParent: UltimateParentSchema.nullable().default(null),
    smallBusiness: z.boolean().default(false),
    evidence: PartyEvidenceSchema.optional().describe('what identifies the organization for screening: date of incorporation, registration / tax numbers, addresses; left as stored when omitted'),
  })
  .superRefine((o, ctx) => {
    const total = o.owners.reduce((a, b) => a + b.percent, 0);
    if (total > 100.0001) ctx.addIssue({ code: 'custom', path: ['owners'], message: `ownership adds up to ${total} %, more than 100 %` });
  });
export type OrganizationInput = z.infer<typeof OrganizationInput>;

export const OrganizationSchema = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  agency: z.enum(AGENCIES).nullable(),
  countryOfIncorporation: z.string(),
  principalPlaceOfBusiness: z.string(),
  owners: z.array(z.object({ name: z.string(), country: z.string(), percent: z.number(), evidence: PartyEvidenceSchema.optional() })),
  ultimateParent: z.object({ name: z.string(), country: z.string(), evidence: PartyEvidenceSchema.optional() }).nullable(),
  smallBusiness: z.boolean(),
  evidence: PartyEvidenceSchema.optional().describe('identifying evidence screening weighs; absent when none is recorded'),
  countryOfConcern: z.object({ concern: z.boolean(), reasons: z.array(z.string()) }),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Organization = z.infer<typeof OrganizationSchema>;

// ── Routes ────────────────────────────────────────────────────────────────────────────────

export const OrganizationSearchQuery = z.object({ q: z.string().max(100).optional() });

export const OrganizationUpdateBody = z.strictObject({ version: z.number().int().positive(), organization: OrganizationInput });

/** A company found by name, to invite it into a consortium. */
export const CompanySummarySchema = z.object({ id: z.string(), name: z.string(), countryOfIncorporation: z.string() });
export type CompanySummary = z.infer<typeof CompanySummarySchema>;

export const CompanySearchResponse = itemsOf(CompanySummarySchema);
