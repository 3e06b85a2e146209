// Input and output shapes of the export-control engine. The case format is the one of
// __fixtures__/cases.dev.json and of `aiep determine --cases`.
import { z } from 'zod';
import { ListHitSchema } from '../../shared/contracts/list-hit.ts';

export const OwnerSchema = z.looseObject({
  name: z.string().optional(),
  percent: z.number().min(0).max(100).optional(),
  listHits: z.array(ListHitSchema).optional(),
  headquarters: z.string().optional(),
});

export const PartyFactsSchema = z.looseObject({
  name: z.string().optional(),
  headquarters: z.string().nullish(),
  ultimateParentHeadquarters: z.string().nullish(),
  listHits: z.array(ListHitSchema).optional(),
  /** Alias used in the dev-case notes. */
  screeningHits: z.array(ListHitSchema).optional(),
  owners: z.array(OwnerSchema).optional(),
  /** Party-level is-informed letter (744.21(b)/744.22(b)/744.23(b)): true, or a description. */
  isInformed: z.union([z.boolean(), z.string(), z.looseObject({ citation: z.string().optional(), text: z.string().optional() })]).optional(),
  /** Diversion red-flag codes observed (see policy.diversionRedFlags). */
  redFlags: z.array(z.string()).optional(),
  verified: z.boolean().optional(),
});

export const ItemSchema = z.looseObject({
  eccn: z.string().nullish(),
  description: z.string().optional(),
  params: z.record(z.string(), z.unknown()).nullish(),
});

export const CaseSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  asOf: z.string().optional(),
  item: ItemSchema,
  destination: z.string().min(2),
  endUse: z.union([z.string(), z.array(z.string())]).nullish(),
  endUser: PartyFactsSchema.nullish(),
  /** Other transaction parties (consignee, purchaser, forwarder) screened the same way. */
  parties: z.array(PartyFactsSchema).optional(),
});

export type ListHit = z.infer<typeof ListHitSchema>;
export type Owner = z.infer<typeof OwnerSchema>;
export type PartyFacts = z.infer<typeof PartyFactsSchema>;
export type ItemFacts = z.infer<typeof ItemSchema>;
export type DeterminationCase = z.infer<typeof CaseSchema>;

export interface Reason {
  text: string;
  citation: string;
}

export interface ExceptionOption {
  code: string;
  name: string;
  conditions: string;
  citation: string;
}

export interface RedFlag {
  code: string;
  text: string;
  citation: string;
}

export type LicenseRequired = true | false | 'prohibited';

export interface LiteralOutcome {
  basis: string;
  licenseRequired: LicenseRequired;
  reasons: Reason[];
  exceptions: ExceptionOption[];
}

export interface Determination {
  /** null only when needsInformation names the facts that would decide it. */
  licenseRequired: LicenseRequired | null;
  reasons: Reason[];
  exceptions: ExceptionOption[];
  reviewPolicy: string | null;
  redFlags: RedFlag[];
  /** Facts the rules need but the case does not give (never guessed). */
  needsInformation?: string[];
  /** Outcome under the literal CFR text where it differs from the enforced posture. */
  literalOutcome?: LiteralOutcome;
  /** ECCN actually applied (after normalisation or parameter-based classification). */
  appliedEccn: string;
  referenceDataVersion: string;
}

export type CellStatus = 'clear' | 'license_required' | 'prohibited' | 'needs_information';
