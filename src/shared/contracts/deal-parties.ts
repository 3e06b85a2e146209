// A deal's parties besides its buyer — end users, consignees and intermediate consignees — each
// with the identifying evidence screening weighs, and the screening state of every party of the
// deal (its buyer included).
import { z } from 'zod';
import { CountryCode, Id, NonBlankString, Timestamp } from './common.ts';
import { PartyEvidenceSchema } from './party-evidence.ts';

export const DEAL_PARTY_ROLES = ['end_user', 'consignee', 'intermediate_consignee'] as const;
export type DealPartyRole = (typeof DEAL_PARTY_ROLES)[number];

export const DEAL_PARTY_ROLE_LABELS: Record<DealPartyRole | 'buyer', string> = {
  buyer: 'Buyer',
  end_user: 'End user',
  consignee: 'Consignee',
  intermediate_consignee: 'Intermediate consignee',
};

export const DealPartyBody = z.strictObject({
  role: z.enum(DEAL_PARTY_ROLES),
  name: NonBlankString(200),
  type: z.enum(['person', 'organization']),
  country: CountryCode,
  evidence: PartyEvidenceSchema.default({}),
});
export type DealPartyInput = z.infer<typeof DealPartyBody>;

/** A correction of a party: the whole party again, on the version read (409 otherwise). */
export const DealPartyUpdateBody = DealPartyBody.extend({ version: z.number().int().positive() });

export const DealPartyParams = z.object({ id: Id, partyId: Id });

/** Removing a party, on the version read. */
export const DealPartyDeleteQuery = z.object({ version: z.coerce.number().int().positive() });

const ScreeningOfParty = z
  .object({
    screened: z.boolean().describe('screened against the list versions active now, as the party is now'),
    screenedAt: Timestamp.nullable(),
    blocking: z.boolean().describe('a possible or confirmed match on a list whose effect is prohibited is unresolved: the final commitment is refused'),
    openAlerts: z.number().int().describe('potential matches not yet disposed of'),
  })
  .describe('where screening stands for this party');

export const DealPartySchema = z.object({
  id: z.string(),
  dealId: z.string(),
  role: z.enum(DEAL_PARTY_ROLES),
  name: z.string(),
  type: z.enum(['person', 'organization']),
  country: z.string(),
  evidence: PartyEvidenceSchema,
  version: z.number().int(),
  updatedAt: Timestamp,
  screening: ScreeningOfParty,
});
export type DealParty = z.infer<typeof DealPartySchema>;

export const DealPartiesResponse = z.object({
  buyer: z.object({ name: z.string(), type: z.string(), country: z.string(), screening: ScreeningOfParty }).describe('the deal’s buyer, screened as a party too (edited with the deal)'),
  items: z.array(DealPartySchema),
  mayEdit: z.boolean().describe('the viewer adds, corrects and removes the deal’s parties'),
});
export type DealParties = z.infer<typeof DealPartiesResponse>;
