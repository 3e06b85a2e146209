// The web tests answer fetch with recorded API responses (recorded.ts). Each must still be what its
// route answers under the contracts in src/shared/contracts: parsing it with the route's response
// schema keeps it whole (nothing missing, nothing the schema does not name), so the web tests do not
// drift into testing against answers the server no longer gives.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SessionUserSchema } from '../../shared/contracts/auth.ts';
import { ComplianceMatrixSchema, LicenseViewSchema } from '../../shared/contracts/compliance.ts';
import { DesignatedPackageSchema } from '../../shared/contracts/designation.ts';
import { ProposalDetailSchema } from '../../shared/contracts/proposals.ts';
import { ReferenceSchema } from '../../shared/contracts/reference.ts';
import {
  ConsultationRecordListResponse,
  ConsultationRecordSchema,
  DebriefSchema,
  MyReviewSchema,
  RecommendationEvidenceSchema,
  ReviewerListResponse,
  ReviewPanelSchema,
} from '../../shared/contracts/review.ts';
import * as recorded from './recorded.ts';

const SCHEMAS: Record<string, z.ZodType> = {
  reference: ReferenceSchema,
  healthDraft: ProposalDetailSchema,
  healthDraftAsMember: ProposalDetailSchema,
  healthSaved: ProposalDetailSchema,
  aseanAsApplicant: ProposalDetailSchema,
  aseanAsProgramOfficer: ProposalDetailSchema,
  aseanPanel: ReviewPanelSchema,
  aseanConsultations: ConsultationRecordListResponse,
  aseanEvidence: RecommendationEvidenceSchema,
  aseanDebrief: DebriefSchema,
  aseanPackage: DesignatedPackageSchema,
  gulfScreening: ProposalDetailSchema,
  gulfScreeningPanel: ReviewPanelSchema,
  gulfScreeningConsultations: ConsultationRecordListResponse,
  gulfScreeningEvidence: RecommendationEvidenceSchema,
  reviewers: ReviewerListResponse,
  gulfAssigned: ReviewPanelSchema,
  gulfConsultationsRequested: ConsultationRecordListResponse,
  gulfUnderReview: ProposalDetailSchema,
  gulfPanel: ReviewPanelSchema,
  gulfConsultations: ConsultationRecordListResponse,
  gulfEvidence: RecommendationEvidenceSchema,
  gulfRecommended: ProposalDetailSchema,
  gulfUnderReviewAsWar: ProposalDetailSchema,
  gulfDecisionPending: ProposalDetailSchema,
  gulfDecided: ProposalDetailSchema,
  gulfConsultationsAsWar: ConsultationRecordListResponse,
  gulfConsultationAnswered: ConsultationRecordSchema,
  myReviewBeforeCoi: MyReviewSchema,
  myReviewAfterCoi: MyReviewSchema,
  myReviewSubmitted: MyReviewSchema,
  matrix: ComplianceMatrixSchema,
  licenseCreated: LicenseViewSchema,
};

/** Problem answers (RFC 9457) are the error handler's, not a route's response schema. */
const PROBLEMS = new Set(Object.entries(recorded).filter(([, v]) => typeof v === 'object' && v !== null && 'status' in v && 'code' in v && 'type' in v).map(([k]) => k));

describe('recorded API answers', () => {
  it('every recording is named here, with the response schema of its route', () => {
    const named = Object.keys(recorded).filter((k) => k !== 'users' && !PROBLEMS.has(k));
    expect(named.filter((k) => !(k in SCHEMAS))).toEqual([]);
  });

  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name} parses to itself under its route's response schema`, () => {
      const answer = (recorded as Record<string, unknown>)[name];
      expect(schema.parse(answer)).toStrictEqual(answer);
    });
  }

  it('the signed-in users parse to themselves under SessionUserSchema', () => {
    for (const user of Object.values(recorded.users)) expect(SessionUserSchema.parse(user)).toStrictEqual(user);
  });
});
