// Shapes of the API responses the web app reads: the types of the response schemas in
// src/shared/contracts, the same schemas the server serializes with and /docs publishes.
import type { z } from 'zod';
import type { ConsortiumSummarySchema } from '../../shared/contracts/consortia.ts';
import type { ConsortiumMember, ConsortiumView, MemberCertification, ProposalDetail } from '../../shared/contracts/views.ts';

export type { SessionUser } from '../../shared/contracts/auth.ts';
export type { Organization } from '../../shared/contracts/organization.ts';
export type { Reference } from '../../shared/contracts/reference.ts';
export type { ProposalSummary, ReviewQueueItem } from '../../shared/contracts/views.ts';
export type Member = ConsortiumMember;
export type Consortium = ConsortiumView;
export type Certification = MemberCertification;
export type Proposal = ProposalDetail;
export type ConsortiumSummary = z.infer<typeof ConsortiumSummarySchema>;
