// Proposals: the requests that create, edit, certify, submit and move a proposal, and the views
// the API returns for them. One definition for the API (validation, serialization, OpenAPI), the
// web app and the CLI.
import { z } from 'zod';
import { CERTIFICATIONS } from '../domain/package.ts';
import { PROPOSAL_ACTIONS, PROPOSAL_STATES } from '../domain/proposal-lifecycle.ts';
import { Id, IdParams, NonBlankString, PageQuery, page, Timestamp } from './common.ts';
import { ConsortiumViewSchema } from './consortia.ts';
import { ManifestSchema, PackageSchema, PackageViewSchema } from './package.ts';

// ── Requests ──────────────────────────────────────────────────────────────────────────────

const ProposalContent = z.strictObject({
  title: NonBlankString(200),
  summary: z.string().max(8000).default(''),
  package: PackageSchema.default({ components: [], targetMarkets: [], operatingModel: [], supportRequests: [] }),
});

export const ProposalListQuery = PageQuery.extend({ state: z.enum(PROPOSAL_STATES).optional() });

export const ProposalCreateBody = ProposalContent.extend({ consortiumId: Id, callId: Id.optional().describe('the open call the proposal answers') });

export const ProposalImportBody = z.strictObject({ consortiumId: Id, manifest: ManifestSchema });

export const ProposalUpdateBody = ProposalContent.extend({ version: z.number().int().positive().describe('the version you read (409 otherwise)') });

export const CertifyBody = z.strictObject({ kinds: z.array(z.enum(CERTIFICATIONS)).min(1) });

export const SubmitBody = z.strictObject({ version: z.number().int().positive().optional() }).optional();

export const TransitionBody = z.strictObject({ action: z.enum(PROPOSAL_ACTIONS), note: z.string().max(4000).optional() });

export const RevisionParams = IdParams.extend({ revision: z.coerce.number().int().positive() });

// ── Responses ─────────────────────────────────────────────────────────────────────────────

const CertificationMark = z.object({ certified: z.boolean(), at: Timestamp.nullable(), by: z.string().nullable().describe('name of the certifying user') });

/** A member company's certifications for a proposal. */
export const MemberCertificationSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  kinds: z.object({ antiBribery: CertificationMark, exportControl: CertificationMark, outboundInvestment: CertificationMark, bciConsent: CertificationMark }),
});

/** What a proposal still lacks before it can be submitted (src/shared/domain/completeness.ts). */
export const CompletenessSchema = z.object({
  complete: z.boolean(),
  problems: z.array(z.object({ code: z.string(), path: z.string().describe('where, for programs'), label: z.string().describe('what, for people'), message: z.string() })),
});

/** US content of the infrastructure layer (src/shared/domain/us-content.ts). */
export const UsContentSchema = z.object({
  layer: z.literal('infrastructure'),
  totalValueUsd: z.number(),
  usValueUsd: z.number(),
  share: z.number().nullable().describe('US share of the layer’s value, 0–1; null without infrastructure value'),
  threshold: z.number(),
  presumptionMet: z.boolean(),
  citation: z.string(),
  breakdown: z.array(
    z.object({ componentId: z.string(), name: z.string(), valueUsd: z.number(), usValueUsd: z.number(), usOriginShare: z.number(), shareOfLayer: z.number() }),
  ),
});

export const ProposalPermissionsSchema = z.object({
  edit: z.enum(['all', 'own_components', 'none']),
  certify: z.boolean(),
  actions: z.array(z.enum(PROPOSAL_ACTIONS)).describe('lifecycle actions this viewer may take now'),
});

/**
 * A proposal as its viewer sees it. GET /api/v1/proposals/{id} sends it as JSON text spliced from
 * cached parts (getProposalJson); proposal-read.contract.test.ts checks that text against this
 * schema for several viewers.
 */
export const ProposalDetailSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  state: z.enum(PROPOSAL_STATES),
  version: z.number().int(),
  revision: z.number().int(),
  submittedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  consortium: ConsortiumViewSchema,
  package: PackageViewSchema,
  countries: z.array(z.string()).describe('the target markets expanded to countries'),
  usContent: UsContentSchema,
  completeness: CompletenessSchema,
  certifications: z.array(MemberCertificationSchema),
  permissions: ProposalPermissionsSchema,
  informationRequest: z
    .object({ note: z.string().nullable(), at: Timestamp })
    .nullable()
    .describe('what the program office asked for when it returned the proposal (only while returned)'),
});

export const ProposalSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  state: z.enum(PROPOSAL_STATES),
  revision: z.number().int(),
  version: z.number().int(),
  submittedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
  consortium: z.object({ id: z.string(), name: z.string() }),
});

export const ProposalPage = page(ProposalSummarySchema);

export const CompletenessResponse = CompletenessSchema.extend({ usContent: UsContentSchema });

export const ProposalHistorySchema = z.object({
  revisions: z.array(z.object({ revision: z.number().int(), title: z.string(), submittedAt: Timestamp, submittedBy: z.string().describe('user id') })),
  events: z.array(
    z.object({
      seq: z.number().int(),
      at: Timestamp,
      action: z.string(),
      actor: z.string().nullable().describe('the acting user’s name; null for system steps'),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type ProposalHistory = z.infer<typeof ProposalHistorySchema>;

export const ProposalRevisionSchema = z.object({
  revision: z.number().int(),
  title: z.string(),
  summary: z.string(),
  submittedAt: Timestamp,
  package: PackageViewSchema,
  certifications: z.array(MemberCertificationSchema),
});
