// Input and output shapes of the export-control engine. The case format is the one of
// __fixtures__/cases.dev.json and of `aiep determine --cases`.
import { z } from 'zod';
import { ListHitSchema } from '#shared/contracts/list-hit.ts';

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

/** One ECCN or several; null or [] states "none" (foreign-made.ts). */
const EccnListSchema = z.union([z.string(), z.array(z.string())]).nullable();

/**
 * What a foreign-made item was made with, for the foreign direct product rules (15 CFR 734.9).
 * Absent: not known; null or []: none.
 */
export const MadeWithSchema = z.looseObject({
  /** ECCN(s) of the U.S.-origin technology or software the item is a direct product of. */
  usTechnology: EccnListSchema.optional(),
  /** ECCN(s) of the U.S.-origin technology or software of which the plant, or a major component of the plant, that produced the item is a direct product. */
  usEquipment: EccnListSchema.optional(),
});

export const ItemSchema = z.looseObject({
  eccn: z.string().nullish(),
  description: z.string().optional(),
  params: z.record(z.string(), z.unknown()).nullish(),
  // Origin facts (all optional; none given = a U.S.-origin item, as before). See foreign-made.ts.
  /** ISO alpha-2 country where the item was made; absent or "US" = U.S.-origin. */
  countryOfManufacture: z.string().min(2).max(6).optional(),
  /** ISO alpha-2 country the item is shipped from ("US": an item in the United States, 734.3(a)(1)). */
  exportedFrom: z.string().min(2).max(6).optional(),
  /** U.S.-origin controlled content as a percentage of the item's value (Supp. 2 to Part 734). */
  usControlledContentPercent: z.number().min(0).max(100).optional(),
  /** Or: fair market value of the U.S.-origin controlled content, and of the item. */
  usControlledContentValue: z.number().min(0).optional(),
  totalValue: z.number().positive().optional(),
  /** All U.S.-origin content (controlled or not) as a percentage: an upper bound of the controlled content. */
  usContentPercent: z.number().min(0).max(100).optional(),
  /** ECCNs of the U.S.-origin items incorporated (for the rules with no de minimis level, 734.4(a)); [] = none. */
  usContentEccns: z.array(z.string()).optional(),
  madeWith: MadeWithSchema.optional(),
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

/** A default the engine used for a fact the case leaves out (docs/domain.md, "Answers under assumptions"). */
export interface Assumption {
  /** The fact, named as in needsInformation (e.g. "endUser.headquarters"). */
  fact: string;
  /** The value assumed (a country code, "none"). */
  assumed: string;
  text: string;
  citation?: string;
}

/** How a missing fact would change the answer: computed by re-running the rules with that fact. */
export interface Condition {
  fact: string;
  /** The alternative, phrased to follow the fact ("is in Macau or a Country Group D:5 country"). */
  if: string;
  then: LicenseRequired;
  text: string;
  citation: string;
}

/** A fact that would flip the answer of a determination (computed with `{ explain: true }`). */
export interface Sensitivity {
  fact: string;
  change: string;
  /** The answer under the change (null: the change leaves a fact undecided). */
  outcome: LicenseRequired | null;
  citation: string;
}

export interface Determination {
  /** null only when needsInformation names the facts that would decide it and no default exists. */
  licenseRequired: LicenseRequired | null;
  reasons: Reason[];
  exceptions: ExceptionOption[];
  reviewPolicy: string | null;
  redFlags: RedFlag[];
  /** Facts the rules need but the case does not give (never guessed). */
  needsInformation?: string[];
  /** Outcome under the literal CFR text where it differs from the enforced posture. */
  literalOutcome?: LiteralOutcome;
  /** True when licenseRequired rests on defaults for missing facts (listed in assumptions). */
  assumed?: boolean;
  /** Defaults used for missing facts; present when any was used. */
  assumptions?: Assumption[];
  /** For missing facts: the answer if the fact turned out otherwise (with or without a default). */
  conditions?: Condition[];
  /** What would change the answer (only with `{ explain: true }`). */
  sensitivity?: Sensitivity[];
  /** ECCN actually applied (after normalisation or parameter-based classification). */
  appliedEccn: string;
  referenceDataVersion: string;
}

export type CellStatus = 'clear' | 'license_required' | 'prohibited' | 'needs_information';
