// Shapes of the API responses the web app reads (the server's OpenAPI at /docs is the reference).
import type { Package } from '../../shared/contracts/package.ts';
import type { CompletenessResult } from '../../shared/domain/completeness.ts';
import type { ProposalAction, ProposalState } from '../../shared/domain/proposal-lifecycle.ts';
import type { Role } from '../../shared/domain/roles.ts';
import type { UsContent } from '../../shared/domain/us-content.ts';
import type { Layer } from '../../shared/domain/package.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  org: { id: string; name: string; kind: 'company' | 'agency' | 'oversight'; agency: string | null };
}

export interface Member {
  orgId: string;
  name: string;
  role: 'anchor' | 'member';
  status: 'invited' | 'active' | 'declined' | 'removed';
  layerRoles: Layer[];
  countryOfIncorporation: string;
  principalPlaceOfBusiness: string;
  owners: { name: string; country: string; percent: number }[];
  ultimateParent: { name: string; country: string } | null;
  countryOfConcern: { concern: boolean; reasons: string[] };
}

export interface Consortium {
  id: string;
  name: string;
  anchorOrgId: string;
  members: Member[];
  viewerIsAnchor: boolean;
}

export interface ConsortiumSummary {
  id: string;
  name: string;
  myStatus: string | null;
  isAnchor: boolean;
}

export interface Certification {
  orgId: string;
  orgName: string;
  kinds: Record<string, { certified: boolean; at: string | null; by: string | null }>;
}

export interface Proposal {
  id: string;
  title: string;
  summary: string;
  state: ProposalState;
  version: number;
  revision: number;
  submittedAt: string | null;
  updatedAt: string;
  consortium: Consortium;
  package: Package;
  countries: string[];
  usContent: UsContent;
  completeness: CompletenessResult;
  certifications: Certification[];
  permissions: { edit: 'all' | 'own_components' | 'none'; certify: boolean; actions: ProposalAction[] };
}

export interface ProposalSummary {
  id: string;
  title: string;
  state: ProposalState;
  revision: number;
  submittedAt: string | null;
  updatedAt: string;
  consortium: { id: string; name: string };
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
