// Consortia: an anchor member plus the companies it invites, each with its layer roles.
import { z } from 'zod';
import { LAYERS } from '../domain/package.ts';
import { Id, itemsOf, NonBlankString, Timestamp } from './common.ts';

export const MEMBER_STATUSES = ['invited', 'active', 'declined', 'removed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

// ── Requests ──────────────────────────────────────────────────────────────────────────────

const LayerRoles = z.array(z.enum(LAYERS)).max(5);

export const ConsortiumCreateBody = z.strictObject({ name: NonBlankString(200), layerRoles: LayerRoles.default([]) });

export const InvitationBody = z.strictObject({ orgId: Id, layerRoles: LayerRoles.default([]) });

export const MemberParams = z.object({ id: z.string().max(64), orgId: z.string().max(64) });

export const MemberUpdateBody = z.strictObject({ layerRoles: LayerRoles });

// ── Responses ─────────────────────────────────────────────────────────────────────────────

export const ConsortiumMemberSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  role: z.enum(['anchor', 'member']),
  status: z.enum(MEMBER_STATUSES),
  layerRoles: z.array(z.enum(LAYERS)),
  countryOfIncorporation: z.string(),
  principalPlaceOfBusiness: z.string(),
  owners: z.array(z.object({ name: z.string(), country: z.string(), percent: z.number() })),
  ultimateParent: z.object({ name: z.string(), country: z.string() }).nullable(),
  countryOfConcern: z.object({ concern: z.boolean(), reasons: z.array(z.string()) }),
  ownershipWithheld: z
    .boolean()
    .describe('true when the viewer may not see this company’s ownership (it is shown among active members only): owners, ultimate parent and the country-of-concern check are then empty, not a pass'),
  invitedAt: Timestamp,
  respondedAt: Timestamp.nullable(),
});

export const ConsortiumViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  anchorOrgId: z.string(),
  version: z.number().int(),
  createdAt: Timestamp,
  members: z.array(ConsortiumMemberSchema),
  viewerIsAnchor: z.boolean().describe('whether the caller’s organization is the anchor'),
});

/** A consortium in the caller's list: for a company, its own status in it. */
export const ConsortiumSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  anchorOrgId: z.string(),
  createdAt: Timestamp,
  myStatus: z.string().nullable().describe('the caller’s organization’s membership status (invited, active, …); null for government users'),
  isAnchor: z.boolean(),
});

export const ConsortiumListResponse = itemsOf(ConsortiumSummarySchema);
