// What the API returns for consortia and proposals: the types of the response schemas in
// consortia.ts, proposals.ts and review.ts, one definition for the server and the web app.
import type { z } from 'zod';
import type { ConsortiumMemberSchema, ConsortiumViewSchema } from './consortia.ts';
import type { MemberCertificationSchema, ProposalDetailSchema, ProposalSummarySchema } from './proposals.ts';
import type { ReviewQueueItemSchema } from './review.ts';

export type { MemberStatus } from './consortia.ts';

export type ConsortiumMember = z.infer<typeof ConsortiumMemberSchema>;
export type ConsortiumView = z.infer<typeof ConsortiumViewSchema>;
export type MemberCertification = z.infer<typeof MemberCertificationSchema>;
export type ProposalDetail = z.infer<typeof ProposalDetailSchema>;
export type ProposalSummary = z.infer<typeof ProposalSummarySchema>;
/** A row of the program office's queue. */
export type ReviewQueueItem = z.infer<typeof ReviewQueueItemSchema>;
