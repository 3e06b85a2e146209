// Export-control compliance: the package compliance matrix as the API returns it, license records
// tracked against its cells, and the inputs that change them. One definition for server and web.
import { z } from 'zod';
import type { CellStatus, Determination, ListHit } from '../../engines/export-control/types.ts';

export type { CellStatus, Determination, ListHit };

export const LICENSE_STATUSES = ['not_required', 'needed', 'submitted', 'approved', 'denied', 'returned'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** Statuses that only exist once BIS has the application, so they need its number. */
export const LICENSE_STATUSES_WITH_APPLICATION: readonly LicenseStatus[] = ['submitted', 'approved', 'denied', 'returned'];

export const CELL_STATUSES = ['clear', 'needs_information', 'license_required', 'prohibited'] as const satisfies readonly CellStatus[];

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const Condition = z.string().trim().min(1).max(2000);
const BisNumber = z.string().trim().min(1).max(64).describe('BIS license application number (e.g. Z1234567)');

export const LicenseCreateSchema = z.strictObject({
  componentId: z.string().min(1).max(64),
  market: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country of the proposal'),
  partyId: z.string().min(1).max(64).nullable().default(null).describe('a party of the matrix; null covers every party of the market'),
  status: z.enum(LICENSE_STATUSES).default('needed'),
  bisApplicationNumber: BisNumber.nullable().default(null),
  conditions: z.array(Condition).max(100).default([]),
  expiresAt: IsoDate.nullable().default(null),
});
export type LicenseCreate = z.infer<typeof LicenseCreateSchema>;

export const LicensePatchSchema = z.strictObject({
  version: z.number().int().positive().describe('the version you read (409 otherwise)'),
  status: z.enum(LICENSE_STATUSES).optional(),
  bisApplicationNumber: BisNumber.nullable().optional(),
  conditions: z.array(Condition).max(100).optional(),
  expiresAt: IsoDate.nullable().optional(),
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

export interface LicenseView {
  id: string;
  proposalId: string;
  componentId: string;
  market: string;
  partyId: string | null;
  status: LicenseStatus;
  bisApplicationNumber: string | null;
  conditions: string[];
  expiresAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The component, market or party is no longer in the package. */
  orphaned: boolean;
}

export interface StatusRollupView {
  status: CellStatus;
  counts: Record<CellStatus, number>;
}

export interface MatrixPartyView {
  id: string;
  name: string;
  country: string;
  orgId: string | null;
  roles: ('build' | 'own' | 'operate')[];
  ultimateParentCountry: string | null;
  /** Screening-list hits fed into the determinations (empty until screening supplies them). */
  listHits: ListHit[];
  screened: boolean;
}

export interface MatrixMarketView {
  code: string;
  name: string;
  rollup: StatusRollupView;
  partyIds: string[];
}

export interface MatrixComponentView {
  id: string;
  name: string;
  eccn: string | null;
  layer: string;
  supplier: string;
  rollup: StatusRollupView;
}

export interface MatrixCellView {
  componentId: string;
  market: string;
  partyId: string | null;
  status: CellStatus;
  /** Index into `determinations`. */
  determination: number;
  licenseIds: string[];
}

/** A component × market square of the grid: the worst status over its parties. */
export interface GridEntryView {
  componentId: string;
  market: string;
  status: CellStatus;
  counts: Record<CellStatus, number>;
  licenseIds: string[];
}

export interface ReferenceDataInfo {
  version: string;
  effectiveDate: string;
  source: 'shipped' | 'imported';
  importedAt: string | null;
  importedBy: string | null;
}

export interface ComplianceMatrixView {
  proposalId: string;
  proposalTitle: string;
  proposalState: string;
  asOf: string;
  computedAt: string;
  referenceData: ReferenceDataInfo;
  status: CellStatus;
  package: StatusRollupView;
  components: MatrixComponentView[];
  markets: MatrixMarketView[];
  parties: MatrixPartyView[];
  grid: GridEntryView[];
  cells: MatrixCellView[];
  determinations: Determination[];
  licenses: LicenseView[];
  /** Whether this viewer may add and update license records. */
  canEditLicenses: boolean;
}

export interface ReferenceDataVersionView extends ReferenceDataInfo {
  active: boolean;
  sha256: string | null;
}
