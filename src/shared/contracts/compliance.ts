// Export-control compliance: the package compliance matrix as the API returns it, license records
// tracked against its cells, and the inputs that change them. One definition for server and web.
import { z } from 'zod';
import type { CellStatus as EngineCellStatus, Determination, ListHit } from '../../engines/export-control/types.ts';
import { IsoDay, Money, Timestamp } from './common.ts';
import { LEGACY_LICENSE_STATUS, LICENSE_STATUSES, type LicenseStatus } from '../domain/license-lifecycle.ts';
import { ListHitSchema } from './list-hit.ts';

export type { Determination, ListHit };

/**
 * A matrix cell's status: the engine's determination, or `needs_screening` where the engine would
 * say clear but a party of the cell has not been screened against an active list (no list, no clearance).
 */
export type CellStatus = EngineCellStatus | 'needs_screening';

// The license lifecycle (statuses, allowed steps) is src/shared/domain/license-lifecycle.ts.
export { LICENSE_STATUSES, LICENSE_STATUSES_WITH_APPLICATION, LICENSE_TRANSITIONS, type LicenseStatus } from '../domain/license-lifecycle.ts';

/** A status on input: one of LICENSE_STATUSES, or `needed` (the former name of `draft`), read as its new name. */
const LicenseStatusInput = z
  .enum([...LICENSE_STATUSES, ...(Object.keys(LEGACY_LICENSE_STATUS) as ['needed'])])
  .transform((s): LicenseStatus => LEGACY_LICENSE_STATUS[s] ?? (s as LicenseStatus));

/** In order of severity: a rollup takes the last one any of its cells has. */
export const CELL_STATUSES = ['clear', 'needs_screening', 'needs_information', 'license_required', 'prohibited'] as const satisfies readonly CellStatus[];

const Condition = z.string().trim().min(1).max(2000);
const BisNumber = z.string().trim().min(1).max(64).describe('BIS license application number (e.g. Z1234567)');
const LicenseNumber = z.string().trim().min(1).max(64).describe('the license number BIS issued');
const Quantity = z.number().finite().nonnegative().max(1e12);

export const LicenseCreateSchema = z.strictObject({
  componentId: z.string().min(1).max(64),
  market: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country of the proposal'),
  partyId: z.string().min(1).max(64).nullable().default(null).describe('a party of the matrix; null covers every party of the market'),
  status: LicenseStatusInput.default('draft').describe('draft, submitted, approved or not_required (`needed` is read as draft)'),
  bisApplicationNumber: BisNumber.nullable().default(null),
  conditions: z.array(Condition).max(100).default([]),
  expiresAt: IsoDay.nullable().default(null).describe('the last day of the license’s validity'),
  licenseNumber: LicenseNumber.nullable().default(null),
  submittedOn: IsoDay.nullable().default(null).describe('the day the application went to BIS (default: today when submitted)'),
  validFrom: IsoDay.nullable().default(null).describe('the first day of the license’s validity'),
  authorizedQuantity: Quantity.nullable().default(null).describe('the quantity the license authorizes; null: not recorded'),
  authorizedValueUsd: Money.nullable().default(null).describe('the value (USD) the license authorizes; null: not recorded'),
});
export type LicenseCreate = z.infer<typeof LicenseCreateSchema>;

export const LicensePatchSchema = z.strictObject({
  version: z.number().int().positive().describe('the version you read (409 otherwise)'),
  status: LicenseStatusInput.optional().describe('a step allowed from the current status (409 otherwise); shipped_against comes from recording a shipment'),
  bisApplicationNumber: BisNumber.nullable().optional(),
  conditions: z.array(Condition).max(100).optional(),
  expiresAt: IsoDay.nullable().optional(),
  on: IsoDay.optional().describe('the day of the status change (submitted to, returned or decided by BIS); default today'),
  returnedReason: z.string().trim().min(1).max(2000).optional().describe('why BIS returned the application without action (required to return it)'),
  licenseNumber: LicenseNumber.nullable().optional(),
  validFrom: IsoDay.nullable().optional(),
  authorizedQuantity: Quantity.nullable().optional(),
  authorizedValueUsd: Money.nullable().optional(),
});
export type LicensePatch = z.infer<typeof LicensePatchSchema>;

export const ClassificationInputSchema = z.strictObject({
  tpp: z.number().nonnegative().optional().describe('total processing performance'),
  performanceDensity: z.number().nonnegative().optional(),
  datacenter: z.boolean().optional().describe('designed or marketed for use in datacenters'),
  memoryBandwidthDensity: z.number().nonnegative().optional(),
  tops: z.number().nonnegative().optional(),
  ioBandwidthGBs: z.number().nonnegative().optional(),
  isComputer: z.boolean().optional(),
  massMarketEncryption: z.boolean().optional(),
});

// ── Requests of the compliance routes ─────────────────────────────────────────────────────

export const AsOfQuery = z.object({ asOf: IsoDay.optional().describe('the date the rules are applied on (default: today)') });

export const LicenseDeleteQuery = z.object({ version: z.coerce.number().int().positive().describe('the version you read (409 otherwise)') });

export const ReferenceDataVersionParams = z.object({ version: z.string().min(1).max(64) });

// ── Responses ─────────────────────────────────────────────────────────────────────────────

export const LicenseViewSchema = z.object({
  id: z.string(),
  proposalId: z.string(),
  componentId: z.string(),
  market: z.string(),
  partyId: z.string().nullable(),
  status: z.enum(LICENSE_STATUSES),
  bisApplicationNumber: z.string().nullable(),
  conditions: z.array(z.string()),
  expiresAt: z.string().nullable().describe('YYYY-MM-DD'),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  orphaned: z.boolean().describe('the component, market or party is no longer in the package'),
  licenseNumber: z.string().nullable(),
  submittedOn: z.string().nullable().describe('YYYY-MM-DD: the day the application went to BIS'),
  decidedOn: z.string().nullable().describe('YYYY-MM-DD: the day BIS returned, approved or denied it'),
  returnedReason: z.string().nullable(),
  validFrom: z.string().nullable().describe('YYYY-MM-DD'),
  authorizedQuantity: z.number().nullable(),
  authorizedValueUsd: z.number().nullable(),
  shippedQuantity: z.number(),
  shippedValueUsd: z.number(),
  remainingQuantity: z.number().nullable().describe('authorized less shipped; null when no quantity is recorded'),
  remainingValueUsd: z.number().nullable().describe('authorized less shipped; null when no value is recorded'),
  statusChangedOn: z.string().nullable().describe('YYYY-MM-DD'),
  daysPending: z.number().int().nullable().describe('days since the application went to BIS, while it is submitted'),
  aging: z.enum(['on_track', 'due_soon', 'overdue']).nullable().describe('days pending against LICENSE_PENDING_TARGET_DAYS: overdue past it, due_soon past three quarters of it'),
  nextStatuses: z.array(z.enum(LICENSE_STATUSES)).describe('the statuses a keeper may move it to now'),
});
export type LicenseView = z.infer<typeof LicenseViewSchema>;

export const LicenseShipmentCreateSchema = z.strictObject({
  version: z.number().int().positive().describe('the license version you read (409 otherwise)'),
  shippedOn: IsoDay,
  quantity: Quantity,
  valueUsd: Money,
  reference: z.string().trim().min(1).max(200).describe('the shipment’s reference (invoice, air waybill, EEI filing)'),
});
export type LicenseShipmentCreate = z.infer<typeof LicenseShipmentCreateSchema>;

export const LicenseShipmentViewSchema = z.object({
  id: z.string(),
  licenseId: z.string(),
  shippedOn: z.string(),
  quantity: z.number(),
  valueUsd: z.number(),
  reference: z.string(),
  createdBy: z.string(),
  createdAt: Timestamp,
});
export type LicenseShipmentView = z.infer<typeof LicenseShipmentViewSchema>;
export const LicenseShipmentListResponse = z.object({ items: z.array(LicenseShipmentViewSchema) });

export const LICENSE_AGING = ['on_track', 'due_soon', 'overdue'] as const;

export const CriticalPathItemSchema = z.object({
  componentId: z.string(),
  componentName: z.string(),
  market: z.string(),
  matrixStatus: z.string().describe('the cell’s status in the compliance matrix'),
  licenseId: z.string().nullable().describe('null when no license record exists for the cell'),
  status: z.string().describe('the license status, or no_license_record'),
  bisApplicationNumber: z.string().nullable(),
  submittedOn: z.string().nullable(),
  daysPending: z.number().int().nullable().describe('days since submission while BIS has the application'),
  aging: z.enum(LICENSE_AGING).nullable().describe('days pending against the target: overdue past it, due_soon past three quarters of it'),
  reason: z.string().describe('why it blocks, in words'),
  blocksCells: z.number().int().describe('matrix cells (component × market × party) the license is needed for'),
  blocksDeals: z.array(z.object({ id: z.string(), buyerName: z.string(), country: z.string(), awaitingCommitment: z.boolean() })),
});
export const LicenseCriticalPathSchema = z.object({
  asOf: z.string(),
  targetDays: z.number().int().describe('LICENSE_PENDING_TARGET_DAYS'),
  items: z.array(CriticalPathItemSchema).describe('worst first: blocking deals awaiting commitment, then longest pending'),
});
export type LicenseCriticalPath = z.infer<typeof LicenseCriticalPathSchema>;

const StatusCounts = z.object({ clear: z.number().int(), needs_screening: z.number().int(), needs_information: z.number().int(), license_required: z.number().int(), prohibited: z.number().int() });

export const StatusRollupSchema = z.object({ status: z.enum(CELL_STATUSES), counts: StatusCounts });
export type StatusRollupView = z.infer<typeof StatusRollupSchema>;

export { ListHitSchema };

export const MatrixPartySchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  orgId: z.string().nullable(),
  roles: z.array(z.enum(['build', 'own', 'operate'])),
  ultimateParentCountry: z.string().nullable(),
  listHits: z.array(ListHitSchema).describe('screening-list hits fed into the determinations'),
  screened: z.boolean(),
});
export type MatrixPartyView = z.infer<typeof MatrixPartySchema>;

export const MatrixMarketSchema = z.object({ code: z.string(), name: z.string(), rollup: StatusRollupSchema, partyIds: z.array(z.string()) });
export type MatrixMarketView = z.infer<typeof MatrixMarketSchema>;

export const MatrixComponentSchema = z.object({ id: z.string(), name: z.string(), eccn: z.string().nullable(), layer: z.string(), supplier: z.string(), rollup: StatusRollupSchema });
export type MatrixComponentView = z.infer<typeof MatrixComponentSchema>;

export const MatrixCellSchema = z.object({
  componentId: z.string(),
  market: z.string(),
  partyId: z.string().nullable(),
  status: z.enum(CELL_STATUSES),
  determination: z.number().int().describe('index into `determinations`'),
  licenseIds: z.array(z.string()),
  assumed: z.boolean().optional().describe('the status rests on defaults for missing facts (see the determination\'s assumptions)'),
});
export type MatrixCellView = z.infer<typeof MatrixCellSchema>;

/** A component × market square of the grid: the worst status over its parties. */
export const GridEntrySchema = z.object({ componentId: z.string(), market: z.string(), status: z.enum(CELL_STATUSES), counts: StatusCounts, licenseIds: z.array(z.string()) });
export type GridEntryView = z.infer<typeof GridEntrySchema>;

const Reason = z.object({ text: z.string(), citation: z.string() });
const ExceptionOption = z.object({ code: z.string(), name: z.string(), conditions: z.string(), citation: z.string() });
const LicenseRequired = z.union([z.boolean(), z.literal('prohibited')]);

/** One export-control determination (the engine's Determination). */
export const DeterminationSchema = z.object({
  licenseRequired: LicenseRequired.nullable().describe('null only when needsInformation names the facts that would decide it'),
  reasons: z.array(Reason),
  exceptions: z.array(ExceptionOption),
  reviewPolicy: z.string().nullable(),
  redFlags: z.array(z.object({ code: z.string(), text: z.string(), citation: z.string() })),
  needsInformation: z.array(z.string()).optional().describe('facts the rules need but the case does not give'),
  literalOutcome: z
    .object({ basis: z.string(), licenseRequired: LicenseRequired, reasons: z.array(Reason), exceptions: z.array(ExceptionOption) })
    .optional()
    .describe('the outcome under the literal CFR text where it differs from the enforced posture'),
  assumed: z.boolean().optional().describe('licenseRequired rests on defaults for missing facts (assumptions)'),
  assumptions: z
    .array(z.object({ fact: z.string(), assumed: z.string(), text: z.string(), citation: z.string().optional() }))
    .optional()
    .describe('defaults used for facts the case does not give'),
  conditions: z
    .array(z.object({ fact: z.string(), if: z.string(), then: LicenseRequired, text: z.string(), citation: z.string() }))
    .optional()
    .describe('the answer should a missing fact turn out otherwise'),
  sensitivity: z
    .array(z.object({ fact: z.string(), change: z.string(), outcome: LicenseRequired.nullable(), citation: z.string() }))
    .optional()
    .describe('single-fact changes that would flip the answer (one-off determinations)'),
  appliedEccn: z.string(),
  referenceDataVersion: z.string(),
});

export const ReferenceDataInfoSchema = z.object({
  version: z.string(),
  effectiveDate: z.string(),
  source: z.enum(['shipped', 'imported']),
  importedAt: Timestamp.nullable(),
  importedBy: z.string().nullable(),
});
export type ReferenceDataInfo = z.infer<typeof ReferenceDataInfoSchema>;

export const ComplianceMatrixSchema = z.object({
  proposalId: z.string(),
  proposalTitle: z.string(),
  proposalState: z.string(),
  asOf: z.string().describe('YYYY-MM-DD'),
  computedAt: Timestamp,
  referenceData: ReferenceDataInfoSchema,
  status: z.enum(CELL_STATUSES),
  package: StatusRollupSchema,
  components: z.array(MatrixComponentSchema),
  markets: z.array(MatrixMarketSchema),
  parties: z.array(MatrixPartySchema),
  grid: z.array(GridEntrySchema),
  cells: z.array(MatrixCellSchema),
  determinations: z.array(DeterminationSchema),
  licenses: z.array(LicenseViewSchema),
  canEditLicenses: z.boolean().describe('whether this viewer may add and update license records'),
});
export type ComplianceMatrixView = z.infer<typeof ComplianceMatrixSchema>;

export const ReferenceDataVersionSchema = ReferenceDataInfoSchema.extend({ active: z.boolean(), sha256: z.string().nullable() });
export type ReferenceDataVersionView = z.infer<typeof ReferenceDataVersionSchema>;

/** A one-off determination, with its cell status and the reference data it was made under. */
export const DeterminationResponse = DeterminationSchema.extend({ status: z.enum(CELL_STATUSES), referenceData: ReferenceDataInfoSchema });

export const ClassificationSuggestionSchema = z.object({
  eccn: z.string().nullable().describe('the suggested ECCN, or null when the parameters given do not decide it'),
  reasons: z.array(Reason),
  needsInformation: z.array(z.string()).describe('parameter names that would decide the classification'),
});
export type ClassificationSuggestion = z.infer<typeof ClassificationSuggestionSchema>;

export const LicenseListResponse = z.object({ items: z.array(LicenseViewSchema), canEdit: z.boolean() });

export const ReferenceDataListResponse = z.object({ active: ReferenceDataInfoSchema, versions: z.array(ReferenceDataVersionSchema) });

export const ReferenceDataImportResponse = z.object({
  imported: ReferenceDataVersionSchema,
  heldProposals: z.array(z.string()).describe('proposals placed on compliance hold under the new data'),
});

export const ReferenceDataActivateResponse = ReferenceDataListResponse.extend({ heldProposals: z.array(z.string()) });

/** A reference-data document in the format of data/export-control/reference-data.json. */
export const ReferenceDataDocument = z.record(z.string(), z.unknown()).describe('a document in the format of data/export-control/reference-data.json');
