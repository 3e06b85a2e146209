// Deals under designated packages, the financing requests behind them, eligibility, the portfolio
// and monitoring reports.
import { z } from 'zod';
import { DEAL_STAGES, FINANCING_ACTIONS, FINANCING_STATES } from '../domain/financing-lifecycle.ts';
import { LAYER_LABELS, type Layer } from '../domain/package.ts';
import { CountryCode, IdParams, IsoDay, itemsOf, Money, NonBlankString, Timestamp } from './common.ts';
import { CELL_STATUSES, LICENSE_STATUSES } from './compliance.ts';
import { SECTORS } from './review.ts';
import { DealPartiesResponse } from './deal-parties.ts';

const FINANCING_AGENCIES = ['EXIM', 'DFC', 'USTDA', 'SBA'] as const;

// ── Requests ──────────────────────────────────────────────────────────────────────────────

const Competitor = z.strictObject({ name: NonBlankString(200), country: CountryCode });

export const DealBody = z.strictObject({
  country: CountryCode,
  buyerName: NonBlankString(200),
  buyerType: z.enum(['government', 'state_owned', 'private', 'military']),
  valueUsd: Money.gt(0),
  expectedDecisionDate: IsoDay.optional(),
  competitors: z.array(Competitor).max(50).default([]),
  sector: z.enum(SECTORS),
});

export const DealUpdateBody = DealBody.partial().extend({ stage: z.enum(DEAL_STAGES).optional(), version: z.number().int().positive() });

export const AdvocacyBody = z.strictObject({ kind: z.enum(['letter', 'meeting', 'call', 'visit', 'other']), occurredOn: IsoDay, description: NonBlankString(4000) });

export const RequestTermsBody = z.strictObject({
  agency: z.enum(FINANCING_AGENCIES),
  instrument: z.string().min(1).max(64),
  requestedUsd: Money.gt(0),
  projectCostUsd: Money.gt(0).optional(),
  hostSubcontractShare: z.number().min(0).max(1).optional(),
});

export const EligibilityCheckBody = RequestTermsBody.extend({ asOf: z.string().datetime({ offset: true }).optional() });

export const FinancingActionParams = IdParams.extend({ action: z.enum(FINANCING_ACTIONS as [string, ...string[]]) });

export const FinancingActionBody = z.strictObject({ amountUsd: Money.gt(0).optional(), note: z.string().max(4000).optional(), version: z.number().int().positive() });

export const MonitoringReportBody = z.strictObject({
  timeToOperationDays: z.number().int().min(0).optional(),
  utilizationPct: z.number().min(0).max(100).optional(),
  renewals: z.number().int().min(0).optional(),
  privateCapitalMobilizedUsd: Money.optional(),
  usContentRecertified: z.boolean(),
  securityIncidents: z.number().int().min(0),
  endUseAttested: z.boolean(),
});

/**
 * A rule set in the format of data/financing/eligibility-rules.json (`ruleSets[]`). The service
 * validates it whole against the engine's RuleSetSchema and names every problem (400
 * INVALID_RULE_SET), so the route only requires an object.
 */
export const RuleSetImportBody = z
  .looseObject({ version: z.unknown(), effectiveFrom: z.unknown(), rules: z.unknown() })
  .describe('a rule set: { version, effectiveFrom: YYYY-MM-DD, uncertain?, rules: [...] } as in data/financing/eligibility-rules.json');

export const PortfolioPdfQuery = z.object({ compress: z.enum(['true', 'false']).optional().describe('false: an uncompressed PDF (default true)') });

// ── Responses ─────────────────────────────────────────────────────────────────────────────

/** Agencies and their instruments (data/financing/instruments.json). */
export const InstrumentCatalogSchema = z.object({
  note: z.string(),
  version: z.string(),
  agencies: z.record(
    z.string(),
    z.object({ name: z.string(), statute: z.string(), instruments: z.record(z.string(), z.object({ name: z.string(), terms: z.string(), kind: z.string() })) }),
  ),
});

export const RuleSchema = z.object({
  id: z.string(),
  agency: z.enum(FINANCING_AGENCIES),
  instruments: z.array(z.string()).optional(),
  title: z.string(),
  citation: z.string(),
  severity: z.enum(['blocking', 'advisory']),
  uncertain: z.string().optional(),
  when: z.unknown().optional().describe('the condition under which the rule applies (same form as require)'),
  require: z.unknown().describe('a condition: { fact, op, value } | { all: [conditions] } | { any: [conditions] }'),
});

export const RuleSetsResponse = z.object({
  ruleSets: z.array(z.object({ version: z.string(), effectiveFrom: IsoDay, uncertain: z.string().nullable(), rules: z.array(RuleSchema) })),
});

export const EligibilityResultSchema = z.object({
  agency: z.string(),
  instrument: z.string(),
  ruleSetVersion: z.string(),
  effectiveFrom: z.string(),
  eligible: z.boolean().nullable().describe('null when a blocking rule needs information'),
  results: z.array(
    z.object({
      ruleId: z.string(),
      title: z.string(),
      citation: z.string(),
      severity: z.enum(['blocking', 'advisory']),
      outcome: z.enum(['pass', 'fail', 'needs_information', 'not_applicable']),
      explanation: z.string(),
      uncertain: z.string().optional(),
    }),
  ),
});

export const DealSummarySchema = z.object({
  id: z.string(),
  proposalId: z.string(),
  proposalTitle: z.string().optional(),
  country: z.string(),
  buyerName: z.string(),
  buyerType: z.string(),
  valueUsd: z.number(),
  expectedDecisionDate: z.string().nullable(),
  competitors: z.array(z.object({ name: z.string(), country: z.string(), nonUs: z.boolean() })),
  sector: z.string(),
  stage: z.enum(DEAL_STAGES),
  version: z.number().int(),
  createdAt: Timestamp,
});
export type DealSummary = z.infer<typeof DealSummarySchema>;

export const DealListResponse = itemsOf(DealSummarySchema);

/** A financing request as its viewer may see it: agency notes are not shown to applicants. */
export const FinancingRequestSchema = z.object({
  id: z.string(),
  dealId: z.string(),
  agency: z.string(),
  instrument: z.string(),
  state: z.enum(FINANCING_STATES),
  requestedUsd: z.number(),
  indicativeUsd: z.number().nullable(),
  committedUsd: z.number().nullable(),
  disbursedUsd: z.number(),
  projectCostUsd: z.number().nullable(),
  hostSubcontractShare: z.number().nullable(),
  referredAt: Timestamp,
  committedAt: Timestamp.nullable(),
  version: z.number().int(),
  eligibility: EligibilityResultSchema.nullable(),
  agencyNotes: z.string().optional().describe('the agency’s notes; absent for applicants'),
});
export type FinancingRequest = z.infer<typeof FinancingRequestSchema>;

export const FinancingRequestListResponse = itemsOf(FinancingRequestSchema);

const LicenseGateItem = z.object({
  componentId: z.string(),
  componentName: z.string(),
  market: z.string(),
  matrixStatus: z.enum(CELL_STATUSES),
  status: z.string().describe('the license status holding the item up, or no_license_record'),
  cleared: z.boolean(),
  reason: z.string().nullable().optional().describe('why the item holds the commitment up (expired on …, exhausted …); null when cleared'),
  financedScopeUsd: z.number().nullable().optional().describe('the deal value times the component’s share of the package value; null when the package carries no value'),
  licenses: z.array(
    z.object({
      id: z.string(),
      status: z.enum(LICENSE_STATUSES),
      bisApplicationNumber: z.string().nullable(),
      licenseNumber: z.string().nullable().optional(),
      expiresAt: z.string().nullable().optional(),
      remainingValueUsd: z.number().nullable().optional(),
      blocker: z.string().nullable().optional().describe('why this record does not clear the item'),
    }),
  ),
});

export const DealSchema = DealSummarySchema.extend({
  incomeGroup: z.string().nullable(),
  advocacy: z.array(z.object({ id: z.string(), kind: z.string(), occurredOn: z.string(), description: z.string() })),
  requests: z.array(FinancingRequestSchema),
  licenseGate: z.object({ licenses: z.array(LicenseGateItem), blocking: z.array(LicenseGateItem), clear: z.boolean() }),
  screeningGate: z
    .object({
      clear: z.boolean().describe('every party of the package is screened against the active screening lists'),
      message: z.string().nullable().describe('why a final commitment is blocked until then, for the user; null when clear'),
    })
    .describe('no list, no clearance: a final commitment waits for the screening of the package’s parties'),
});
export type Deal = z.infer<typeof DealSchema>;

const Tally = z.record(z.string(), z.number());

/** The key of committedByLayer for commitments under a package whose components carry no value to split them by. */
export const UNALLOCATED_LAYER = 'unallocated';

/** A key of committedByLayer in words: the layer's name without its examples in brackets ("Security", not "Security (cyber, …)"). */
export const committedLayerLabel = (key: string): string =>
  key === UNALLOCATED_LAYER ? 'Not allocated (no component value)' : (LAYER_LABELS[key as Layer]?.replace(/ \(.*\)$/, '') ?? key);

/** A key of committedByMonth in words: "Aug 2026" for "2026-08". */
export const committedMonthLabel = (yyyyMm: string): string => new Date(`${yyyyMm}-01T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

export const PortfolioSchema = z.object({
  scope: z.string().describe('program, applicant, or the agency code'),
  deals: z.object({ count: z.number().int(), open: z.number().int(), valueUsd: z.number(), byStage: Tally, byCountry: Tally, bySector: Tally }),
  requests: z.object({
    count: z.number().int(),
    byState: Tally,
    byAgency: Tally,
    byInstrument: Tally,
    indicativeUsd: z.number(),
    committedUsd: z.number(),
    disbursedUsd: z.number(),
    committedByAgency: Tally,
    committedByMonth: Tally.describe('committed USD by the month of commitment (YYYY-MM, UTC), every month from the first to the last, gaps as 0, oldest first'),
    committedByCountry: Tally.describe('committed USD by the country of the deal'),
  }),
  committedByLayer: Tally.describe(
    'committed USD split across the layers pro rata to the value of the package’s components in each layer (the package in force); "unallocated" when the package lists no component value',
  ),
  daysFromDesignationToFirstCommitment: z
    .object({
      mean: z.number(),
      min: z.number(),
      max: z.number(),
      packages: z.number().int(),
      byPackage: z.array(z.object({ proposalId: z.string(), title: z.string(), days: z.number() })).describe('each package with a commitment, quickest first'),
    })
    .nullable(),
});
export type Portfolio = z.infer<typeof PortfolioSchema>;

export const MonitoringReportSchema = z.object({
  id: z.string(),
  proposalId: z.string(),
  dealId: z.string().nullable(),
  period: z.string().describe('YYYY-Qn'),
  dueAt: Timestamp,
  submittedAt: Timestamp.nullable(),
  overdue: z.boolean(),
  metrics: z.record(z.string(), z.unknown()).nullable().describe('the submitted metrics (see the PUT body)'),
});
export type MonitoringReport = z.infer<typeof MonitoringReportSchema>;

export const MonitoringListResponse = itemsOf(MonitoringReportSchema);

// ── Stage history and hand moves, editable advocacy, the home pages' list filters and monitoring
// reports fit for a screen. ─────────────────────────────────────────────────────────────────

const Version = z.number().int().positive().describe('the version as read (409 VERSION_CONFLICT otherwise)');

/** The EDAG coordinator moves a deal's stage by hand: where to, why, on the version read. */
export const DealStageBody = z.strictObject({ stage: z.enum(DEAL_STAGES), reason: NonBlankString(2000).describe('why the stage moves; kept in the stage history'), version: Version });

/** An advocacy action corrected in full, on the version read. */
export const AdvocacyUpdateBody = z.strictObject({ ...AdvocacyBody.shape, version: Version });

export const AdvocacyParams = z.object({ id: z.string().min(1).max(64), advocacyId: z.string().min(1).max(64) });

export const DealListQuery = z.object({ proposalId: z.string().min(1).max(64).optional().describe('only the deals of this package') });

export const FinancingRequestListQuery = z.object({
  open: z.enum(['true', 'false']).optional().describe('true: only requests still in progress (not completed, declined, withdrawn or expired) — for a financing officer, the work awaiting the agency'),
});

const AdvocacyItem = z.object({ id: z.string(), kind: z.string(), occurredOn: z.string(), description: z.string(), version: z.number().int(), updatedAt: Timestamp });

const StageChange = z.object({
  at: Timestamp,
  from: z.string().nullable(),
  to: z.enum(DEAL_STAGES),
  system: z.boolean().describe('true when the stage followed a financing request by itself'),
  reason: z.string().nullable().describe('the coordinator’s reason, or what moved it (a request’s step)'),
});

/** A deal with editable advocacy, the history of its stage and whether the viewer may move it. */
export const DealRecordSchema = DealSchema.extend({
  advocacy: z.array(AdvocacyItem),
  stageHistory: z.array(StageChange).describe('oldest first'),
  mayMoveStage: z.boolean().describe('the viewer may move the stage by hand (POST …/stage)'),
  mayEditAdvocacy: z.boolean(),
  parties: DealPartiesResponse.optional().describe('the deal’s buyer, end users and consignees with their evidence and screening (always sent)'),
});
export type DealRecord = z.infer<typeof DealRecordSchema>;

/** A monitoring report as a screen lists it: its package, its deal, and whether the viewer files it. */
export const MonitoringReportRecordSchema = MonitoringReportSchema.extend({
  proposalTitle: z.string(),
  deal: z.object({ buyerName: z.string(), country: z.string() }).nullable().describe('null for a package-level report'),
  submittedBy: z.string().nullable().describe('the id of the user who filed it'),
  maySubmit: z.boolean().describe('the viewer files this report now (the package’s anchor member, not yet submitted)'),
});
export type MonitoringReportRecord = z.infer<typeof MonitoringReportRecordSchema>;

export const MonitoringRecordListResponse = itemsOf(MonitoringReportRecordSchema);

/** A designated package in the viewer's portfolio with its deals: the EDAG coordinator's home page. */
export const PortfolioPackageSchema = z.object({
  proposalId: z.string(),
  title: z.string(),
  consortiumName: z.string(),
  designationState: z.string().describe('active | amendment_pending | suspended'),
  designatedAt: Timestamp,
  countries: z.array(z.string()).describe('the target countries a deal may be opened in'),
  mayOpenDeal: z.boolean().describe('the viewer may open a deal under it now'),
  deals: z.array(DealSummarySchema),
});

export type PortfolioPackage = z.infer<typeof PortfolioPackageSchema>;

export const PortfolioPackagesResponse = itemsOf(PortfolioPackageSchema);
