// What the API returns for consortia and proposals: one definition for the server and the web app.
import type { CompletenessResult } from '../domain/completeness.ts';
import type { Owner } from '../domain/ownership.ts';
import type { CertificationKind, Layer } from '../domain/package.ts';
import type { ProposalAction, ProposalState } from '../domain/proposal-lifecycle.ts';
import type { UsContent } from '../domain/us-content.ts';
import type { Package } from './package.ts';

export type MemberStatus = 'invited' | 'active' | 'declined' | 'removed';

export interface ConsortiumMember {
  orgId: string;
  name: string;
  role: 'anchor' | 'member';
  status: MemberStatus;
  layerRoles: Layer[];
  countryOfIncorporation: string;
  principalPlaceOfBusiness: string;
  owners: Owner[];
  ultimateParent: { name: string; country: string } | null;
  countryOfConcern: { concern: boolean; reasons: string[] };
  invitedAt: string;
  respondedAt: string | null;
}

export interface ConsortiumView {
  id: string;
  name: string;
  anchorOrgId: string;
  version: number;
  createdAt: string;
  members: ConsortiumMember[];
  viewerIsAnchor: boolean;
}

export interface MemberCertification {
  orgId: string;
  orgName: string;
  kinds: Record<CertificationKind, { certified: boolean; at: string | null; by: string | null }>;
}

export interface ProposalDetail {
  id: string;
  title: string;
  summary: string;
  state: ProposalState;
  version: number;
  revision: number;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
  consortium: ConsortiumView;
  package: Package;
  countries: string[];
  usContent: UsContent;
  completeness: CompletenessResult;
  certifications: MemberCertification[];
  permissions: { edit: 'all' | 'own_components' | 'none'; certify: boolean; actions: ProposalAction[] };
  /** What the program office asked for when it returned the proposal (only while returned). */
  informationRequest: { note: string | null; at: string } | null;
}

export interface ProposalSummary {
  id: string;
  title: string;
  state: ProposalState;
  revision: number;
  version: number;
  submittedAt: string | null;
  updatedAt: string;
  consortium: { id: string; name: string };
}

/** A row of the program office's queue. */
export interface ReviewQueueItem extends ProposalSummary {
  completeness: { complete: boolean; missing: number };
  /** US share of the infrastructure layer's value, 0–1; null without infrastructure value. */
  usContentShare: number | null;
  usContentPresumptionMet: boolean;
  /** The compliance matrix's package status; null for drafts. */
  compliance: 'clear' | 'license_required' | 'prohibited' | 'needs_information' | null;
  reviews: { minimum: number; active: number; submitted: number; conflicted: number; overdue: number };
  consultations: { requested: number; answered: number; overdue: number };
}
