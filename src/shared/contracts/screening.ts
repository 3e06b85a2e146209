// Party screening: one search with explained matches, the trade.gov CSL-compatible search, batch
// screening (inline or as a job), alerts with dispositions, and the lists with their versions.
import { z } from 'zod';
import { itemsOf, NonBlankString, Timestamp } from './common.ts';

/** Longest party name accepted (MAX_NAME_LENGTH of the screening engine). */
export const MAX_PARTY_NAME_LENGTH = 500;

// ── Requests ──────────────────────────────────────────────────────────────────────────────

const EntityTypeEnum = z.enum(['person', 'organization', 'vessel', 'aircraft']);
const Country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
  .transform((c) => c.toUpperCase());
const Dob = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const Threshold = z.number().min(0).max(1);

export const PartySearchBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(MAX_PARTY_NAME_LENGTH),
  type: EntityTypeEnum.optional(),
  country: Country.optional(),
  dob: Dob.optional(),
  threshold: Threshold.optional(),
  limit: z.number().int().min(1).max(100).optional(),
});

const BatchRow = z.object({
  id: z.union([z.string().max(200), z.number()]).optional(),
  name: z.string().max(10_000).optional(),
  type: z.string().max(40).optional(),
  country: z.string().max(10).optional(),
  dob: z.string().max(40).optional(),
});

export const BatchBody = z.union([
  z.string().describe('a CSV with a header naming `name` (and optionally id, type, country, dob), sent as text/csv'),
  z.array(BatchRow).max(200_000),
  z.strictObject({ parties: z.array(BatchRow).max(200_000), threshold: Threshold.optional() }),
]);

export const BatchHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

export const BatchQuery = z.object({ threshold: z.coerce.number().min(0).max(1).optional() });

export const CslQuery = z.object({
  name: z.string().max(MAX_PARTY_NAME_LENGTH).optional(),
  fuzzy_name: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  sources: z.string().max(500).optional(),
  countries: z.string().max(1000).optional(),
  types: z.string().max(200).optional(),
  size: z.coerce.number().int().min(1).max(100).default(10),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const JobResultQuery = z.object({ format: z.enum(['json', 'jsonl', 'csv']).default('json') });

export const AlertListQuery = z.object({
  status: z.enum(['open', 'false_positive', 'confirmed']).optional(),
  contested: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('true: only the alerts with a contest not yet answered (the analysts\u2019 queue); false: only those without'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const DispositionBody = z.strictObject({
  status: z.enum(['false_positive', 'confirmed']).describe('false_positive lowers the hit\u2019s effect (program-office screening staff only); confirmed raises it'),
  reason: z.string().max(4000).optional().describe('required for a false positive, and to answer an open contest'),
});

/** Shortest contest reason: a contest says why the party is not the listed one. */
export const MIN_CONTEST_REASON_LENGTH = 20;

/** The consortium contests an alert about its own party: why, and what shows it (registration numbers, dates of birth, document references). */
export const ContestBody = z.strictObject({
  reason: z.string().trim().min(MIN_CONTEST_REASON_LENGTH, `must be at least ${MIN_CONTEST_REASON_LENGTH} characters: say why the party is not the listed one`).max(4000),
  evidence: z.string().trim().max(8000).optional().describe('registration numbers, dates of birth, document references (text)'),
});

/** The first of two people proposes clearing a confirmed prohibited match. */
export const ClearanceProposalBody = z.strictObject({ reason: NonBlankString(4000).describe('why the match is a false positive') });

export const ClearanceApprovalBody = z.strictObject({ note: z.string().trim().max(4000).optional() });

export const ClearanceRejectionBody = z.strictObject({ reason: NonBlankString(4000).describe('why the clearance is refused') });

export const ListCodeParams = z.object({ code: z.string().min(1).max(32) });

export const ListImportQuery = (formats: readonly [string, ...string[]]) =>
  z.object({
    fileName: z.string().min(1).max(300).default('upload'),
    format: z.enum(formats).optional(),
    activate: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true'),
  });

export const ListImportBody = z.unknown().describe('the list file itself: CSL CSV or JSON, OFAC SDN/consolidated CSV, UN XML or the BIS Denied Persons List');

export const ListDiffQuery = z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) });

// ── Responses ─────────────────────────────────────────────────────────────────────────────

/** How a name was scored: each token pair aligned, what was left over, and the adjustments. */
export const ExplanationSchema = z.object({
  nameScore: z.number(),
  tokens: z.array(z.object({ query: z.string(), candidate: z.string(), score: z.number(), rule: z.string(), weight: z.number() })),
  unmatchedQuery: z.array(z.string()),
  unmatchedCandidate: z.array(z.string()),
  adjustments: z.array(z.object({ rule: z.string(), detail: z.string(), effect: z.string() })),
  summary: z.string(),
});
export type Explanation = z.infer<typeof ExplanationSchema>;

const ListEffect = z.string().describe('prohibited | license_required | red_flag | check');

export const ActiveListSchema = z.object({
  list: z.string(),
  title: z.string().describe('the list for users, e.g. Consolidated Screening List (trade.gov)'),
  fileName: z.string().describe('the file the active version was imported from'),
  versionId: z.string(),
  activatedAt: Timestamp.nullable(),
  entries: z.number().int(),
});

/** A list entry matched by a search, with its explanation. */
export const MatchSchema = z.object({
  list: z.string(),
  listTitle: z.string(),
  entryId: z.string(),
  name: z.string(),
  matchedName: z.string(),
  aliasType: z.string().describe('primary | aka | fka | nka | weak | original_script'),
  score: z.number(),
  effect: ListEffect,
  citation: z.string().nullable(),
  type: z.string().describe('person | organization | vessel | aircraft | unknown'),
  programs: z.array(z.string()),
  addresses: z.array(z.object({ text: z.string(), country: z.string().optional() })),
  nationalities: z.array(z.string()),
  datesOfBirth: z.array(z.string()),
  explanation: ExplanationSchema,
});
export type Match = z.infer<typeof MatchSchema>;

export const PartySearchResponse = z.object({
  query: z.object({
    name: z.string(),
    type: z.string().optional(),
    country: z.string().optional(),
    dob: z.string().optional(),
    threshold: z.number().optional(),
    limit: z.number().int().optional(),
  }),
  threshold: z.number(),
  screened: z.boolean().describe('false when no screening list is active: nothing was screened, and no match is not a clean result'),
  notice: z.string().nullable().describe('why the party was not screened, for the user; null when it was'),
  lists: z.array(ActiveListSchema),
  matches: z.array(MatchSchema),
});
export type PartySearchResult = z.infer<typeof PartySearchResponse>;

const CslAddress = z.object({ address: z.string().nullable(), city: z.string().nullable(), state: z.string().nullable(), postal_code: z.string().nullable(), country: z.string().nullable() });
const CslId = z.object({ type: z.string(), number: z.string(), country: z.string().nullable(), issue_date: z.string().nullable(), expiration_date: z.string().nullable() });

/** A result in the shape of the trade.gov Consolidated Screening List API. */
export const CslResultSchema = z.object({
  id: z.string(),
  source: z.string(),
  entity_number: z.number().nullable(),
  type: z.string().nullable(),
  programs: z.array(z.string()),
  name: z.string(),
  title: z.string().nullable(),
  addresses: z.array(CslAddress),
  federal_register_notice: z.string().nullable(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  standard_order: z.string().nullable(),
  license_requirement: z.string().nullable(),
  license_policy: z.string().nullable(),
  call_sign: z.string().nullable(),
  vessel_type: z.string().nullable(),
  gross_tonnage: z.string().nullable(),
  gross_registered_tonnage: z.string().nullable(),
  vessel_flag: z.string().nullable(),
  vessel_owner: z.string().nullable(),
  remarks: z.string().nullable(),
  source_list_url: z.string().nullable(),
  alt_names: z.array(z.string()),
  citizenships: z.array(z.string()),
  dates_of_birth: z.string().nullable(),
  nationalities: z.array(z.string()),
  places_of_birth: z.string().nullable(),
  source_information_url: z.string().nullable(),
  ids: z.array(CslId),
  score: z.number().optional().describe('0–100, with fuzzy_name=true'),
  matched_name: z.string().optional(),
  effect: ListEffect.optional(),
  explanation: ExplanationSchema.optional(),
});

export const CslSearchResponse = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  sources_used: z.array(z.object({ source: z.string(), source_last_updated: Timestamp.nullable(), last_imported: Timestamp.nullable() })),
  search_performed_at: Timestamp,
  results: z.array(CslResultSchema),
});

export const RowMatchSchema = z.object({ list: z.string(), entryId: z.string(), name: z.string(), matchedName: z.string(), score: z.number(), effect: ListEffect, explanation: ExplanationSchema });

export const BatchInlineResponse = z.object({
  threshold: z.number(),
  screened: z.boolean().describe('false when no screening list is active: no row was screened'),
  notice: z.string().nullable().describe('why the rows were not screened, for the user; null when they were'),
  results: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      screened: z.boolean().describe('false when the row was not screened (no active list, or a row that cannot be read); `error` says why'),
      error: z.string().optional().describe('why the row could not be screened'),
      matches: z.array(RowMatchSchema),
    }),
  ),
});

/** The package's parties and whether each has been screened against the list versions active now (no list, no clearance). */
export const PackageScreeningSchema = z.object({
  proposalId: z.string(),
  listActive: z.boolean().describe('whether any screening list version is active'),
  screened: z.boolean().describe('every party of the package has a screening result against the active list versions'),
  message: z.string().nullable().describe('why designation and final financing commitment are blocked, for the user; null when nothing blocks'),
  parties: z.array(
    z.object({
      name: z.string(),
      kind: z.string().describe('member, owner, ultimate parent, or the build/own/operate role of an outside entity'),
      screened: z.boolean(),
      screenedAt: Timestamp.nullable(),
    }),
  ),
});
export type PackageScreening = z.infer<typeof PackageScreeningSchema>;

/** A batch screening job: status and progress, and once done a summary and the result links. */
export const BatchJobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string().describe('queued | running | done | failed'),
  attempts: z.number().int(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  error: z.string().nullable(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  rows: z.number().int(),
  summary: z
    .object({
      rows: z.number().int(),
      matched: z.number().int(),
      errors: z.number().int(),
      threshold: z.number(),
      lists: z.array(ActiveListSchema),
      screened: z.boolean().optional().describe('false when no screening list was active: no row was screened'),
      notice: z.string().nullable().optional(),
    })
    .nullable(),
  links: z.object({ jsonl: z.string(), csv: z.string() }).nullable(),
});
export type BatchJob = z.infer<typeof BatchJobSchema>;

/** What a viewer may do to an alert (the alert's `allowedActions`). */
export const ALERT_ACTIONS = ['confirm', 'clear', 'propose_clearance', 'approve_clearance', 'reject_clearance', 'contest'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export const AlertContestSchema = z.object({
  id: z.string(),
  reason: z.string(),
  evidence: z.string().nullable(),
  by: z.string(),
  byName: z.string().nullable(),
  at: Timestamp,
  open: z.boolean().describe('not yet answered by a decision'),
  resolution: z.string().nullable().describe('the alert\u2019s status after the decision that answered it'),
  resolvedAt: Timestamp.nullable(),
});
export type AlertContest = z.infer<typeof AlertContestSchema>;

export const AlertClearanceSchema = z.object({
  status: z.string().describe('pending (awaiting a second approval) | approved'),
  reason: z.string().nullable(),
  proposedBy: z.string().nullable(),
  proposedByName: z.string().nullable(),
  proposedAt: Timestamp.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  note: z.string().nullable(),
});

export const AlertSchema = z.object({
  id: z.string(),
  party: z.object({
    key: z.string(),
    name: z.string(),
    source: z.string().nullable(),
    orgId: z.string().nullable(),
    proposalId: z.string().nullable(),
    country: z.string().nullable(),
    type: z.string().nullable(),
  }),
  list: z.string(),
  listTitle: z.string(),
  entryId: z.string(),
  entryName: z.string(),
  matchedName: z.string(),
  effect: ListEffect,
  score: z.number(),
  explanation: ExplanationSchema,
  status: z.string().describe('open | false_positive | confirmed'),
  disposition: z.object({ reason: z.string().nullable(), by: z.string().nullable(), at: Timestamp.nullable() }).nullable(),
  createdAt: Timestamp,
  contested: z.boolean().describe('a contest of the consortium awaits the analysts\u2019 decision'),
  contests: z.array(AlertContestSchema).describe('the consortium\u2019s contests, oldest first'),
  clearance: AlertClearanceSchema.nullable().describe('the four-eyes clearance pending or in effect; shown to the program office\u2019s staff and program-wide readers only'),
  allowedActions: z.array(z.enum(ALERT_ACTIONS)).describe('what the viewer may do to this alert now'),
});
export type ScreeningAlert = z.infer<typeof AlertSchema>;

export const AlertListResponse = itemsOf(AlertSchema);

export const ListVersionSchema = z.object({
  id: z.string(),
  list: z.string(),
  format: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  entryCount: z.number().int(),
  status: z.string().describe('importing | ready | failed | active | superseded'),
  error: z.string().nullable(),
  importedAt: Timestamp,
  readyAt: Timestamp.nullable(),
  activatedAt: Timestamp.nullable(),
  alreadyImported: z.boolean().optional().describe('on an import: the same file was imported before as this version, and nothing was written'),
});
export type ListVersion = z.infer<typeof ListVersionSchema>;

export const ListVersionListResponse = itemsOf(ListVersionSchema);

export const ScreeningListSchema = z.object({
  code: z.string(),
  title: z.string(),
  activeVersion: ListVersionSchema.nullable(),
  versions: z.number().int(),
  latestImportAt: Timestamp.nullable(),
});
export type ScreeningList = z.infer<typeof ScreeningListSchema>;

export const ScreeningListsResponse = itemsOf(ScreeningListSchema);

const DiffItem = z.object({ list: z.string(), entryId: z.string(), name: z.string() });

export const VersionDiffSchema = z.object({
  from: ListVersionSchema,
  to: ListVersionSchema,
  counts: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
  added: z.array(DiffItem),
  removed: z.array(DiffItem),
  changed: z.array(DiffItem.extend({ previousName: z.string(), fields: z.array(z.string()) })),
});
export type VersionDiff = z.infer<typeof VersionDiffSchema>;
