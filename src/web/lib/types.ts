// Shapes of the API responses the web app reads (the server's OpenAPI at /docs is the reference).
import type { ConsortiumMember, ConsortiumView, MemberCertification, ProposalDetail } from '../../shared/contracts/views.ts';
import type { Layer } from '../../shared/domain/package.ts';
import type { Role } from '../../shared/domain/roles.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  org: { id: string; name: string; kind: 'company' | 'agency' | 'oversight'; agency: string | null };
}

export type { ProposalSummary, ReviewQueueItem } from '../../shared/contracts/views.ts';
export type Member = ConsortiumMember;
export type Consortium = ConsortiumView;
export type Certification = MemberCertification;
export type Proposal = ProposalDetail;

export interface ConsortiumSummary {
  id: string;
  name: string;
  myStatus: string | null;
  isAnchor: boolean;
}

export interface Reference {
  countries: { code: string; name: string }[];
  blocs: { code: string; name: string; members: string[] }[];
  layers: { code: Layer; label: string; suggestedCategories: string[] }[];
  categories: string[];
  instruments: Record<string, string[]>;
  certifications: Record<string, string>;
  countriesOfConcern: string[];
}

export interface Organization {
  id: string;
  name: string;
  kind: string;
  countryOfIncorporation: string;
  principalPlaceOfBusiness: string;
  owners: { name: string; country: string; percent: number }[];
  ultimateParent: { name: string; country: string } | null;
  smallBusiness: boolean;
  countryOfConcern: { concern: boolean; reasons: string[] };
  version: number;
}
