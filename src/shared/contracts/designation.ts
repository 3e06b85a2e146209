// Designated packages after the decision: amendments, suspension, revocation, expiry and renewal.
import { z } from 'zod';
import { LAYERS } from '../domain/package.ts';
import { PACKAGE_STATES } from '../domain/proposal-lifecycle.ts';
import { IdParams, NonBlankString, Timestamp } from './common.ts';
import { PackageSchema } from './package.ts';

export const AMENDMENT_KINDS = ['membership', 'layers', 'markets', 'support', 'other'] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

// ── Requests ──────────────────────────────────────────────────────────────────────────────

export const AmendmentRequestBody = z.strictObject({
  kinds: z.array(z.enum(AMENDMENT_KINDS)).max(AMENDMENT_KINDS.length).optional(),
  description: NonBlankString(8000),
  package: PackageSchema.optional().describe('the proposed package; its changes are computed'),
});

export const AmendmentParams = IdParams.extend({ amendmentId: z.string().max(64) });

export const AmendmentDecisionBody = z.strictObject({ approve: z.boolean(), note: NonBlankString(8000) });

export const PackageActionParams = IdParams.extend({ action: z.enum(['suspend', 'reinstate', 'revoke', 'renew']) });

export const PackageActionBody = z.strictObject({ reason: z.string().max(8000).default(''), termMonths: z.number().int().min(1).max(120).optional() });

// ── Responses ─────────────────────────────────────────────────────────────────────────────

const ComponentRef = z.object({ id: z.string(), layer: z.enum(LAYERS), name: z.string() });

/** What an amendment changes (src/shared/domain/package-diff.ts). */
export const PackageChangesSchema = z.object({
  markets: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
  layers: z.object({ added: z.array(z.enum(LAYERS)), removed: z.array(z.enum(LAYERS)) }),
  components: z.object({ added: z.array(ComponentRef), removed: z.array(ComponentRef), changed: z.array(ComponentRef.extend({ fields: z.array(z.string()) })) }),
  operatingModel: z.array(z.string()).describe('markets whose build, own or operate entities changed'),
  supportRequests: z.object({ before: z.number().int(), after: z.number().int(), changed: z.boolean() }),
});

const MemberFactsSchema = z.object({
  name: z.string(),
  countryOfIncorporation: z.string(),
  principalPlaceOfBusiness: z.string(),
  owners: z.array(z.object({ name: z.string(), country: z.string(), percent: z.number() })),
  ultimateParent: z.object({ name: z.string(), country: z.string() }).nullable(),
});
const ConcernSchema = z.object({ concern: z.boolean(), reasons: z.array(z.string()) });

/** A member's screened facts that changed (an amendment aiep opened itself), before and after. */
export const MemberFactsChangeSchema = z.object({
  orgId: z.string(),
  changed: z.array(z.string()).describe('name | countryOfIncorporation | principalPlaceOfBusiness | owners | ultimateParent'),
  before: MemberFactsSchema,
  after: MemberFactsSchema,
  countryOfConcern: z.object({ before: ConcernSchema, after: ConcernSchema, becameOfConcern: z.boolean() }),
});
export type MemberFactsChange = z.infer<typeof MemberFactsChangeSchema>;

export const AmendmentSchema = z.object({
  id: z.string(),
  kinds: z.array(z.string()),
  description: z.string(),
  status: z.string().describe('pending | approved | rejected'),
  requestedAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable(),
  proposesPackage: z.boolean(),
  changes: PackageChangesSchema.nullable(),
  memberChange: MemberFactsChangeSchema.optional().describe('for an amendment opened because a member changed its screened facts'),
});

/** The designated package: its state (an ended term reads as expired), term and amendments. */
export const DesignatedPackageSchema = z.object({
  proposalId: z.string(),
  state: z.enum(PACKAGE_STATES),
  designatedAt: Timestamp,
  expiresAt: Timestamp,
  publicDescription: z.string(),
  sectors: z.array(z.string()),
  stateReason: z.string().nullable(),
  version: z.number().int(),
  amendments: z.array(AmendmentSchema),
});
export type DesignatedPackage = z.infer<typeof DesignatedPackageSchema>;
