// The answers of the buyer's API as the workspace reads them (docs/buyer-workspace.md). Codes only:
// the screens name them in the reader's language.
import type { FinancingAgency, Layer } from '../../../shared/domain/package.ts';
import type { BuyerKind, DataResidency, Deployment, InterestStatus, MatchFit, MatchReason, ModelLicensing, Timeline } from '../../../shared/domain/buyers.ts';
import type { Locale } from '../../i18n/index.ts';

export type Screening = 'clear' | 'pending' | 'blocked';

/** GET /api/v1/buyer/status */
export interface BuyerStatus {
  organization: { id: string; name: string; country: string; kind: BuyerKind };
  screening: Screening;
  message: string | null;
}

/** What a buyer states it needs (the body of POST and PUT /api/v1/buyer/requirements). */
export interface RequirementInput {
  title: string;
  country: string;
  sector: string | null;
  layers: Layer[];
  deployments: Deployment[];
  dataResidency: DataResidency;
  modelLicensing: ModelLicensing;
  languages: string[];
  budgetMinUsd: number | null;
  budgetMaxUsd: number | null;
  timeline: Timeline;
  financing: FinancingAgency[];
  notes: string | null;
  shareWithConsortia: boolean;
}

export interface Requirement extends RequirementInput {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Translation {
  locale: Locale;
  title: string;
  description?: string;
  providedBy: 'consortium';
}

export interface Match {
  proposalId: string;
  title: string;
  translation: Translation | null;
  score: number;
  fit: MatchFit;
  reasons: MatchReason[];
}

/** GET /api/v1/buyer/matches */
export interface MatchesAnswer {
  items: { requirement: { id: string; title: string; country: string }; matches: Match[] }[];
}

/** GET /api/v1/buyer/requirements/:id/matches */
export interface RequirementMatches {
  requirement: { id: string; title: string; country: string };
  matches: Match[];
}

export interface Follow {
  proposalId: string;
  title: string;
  translation: Translation | null;
  followedAt: string;
}

export interface Interest {
  id: string;
  reference: string;
  proposalId: string;
  proposalTitle: string;
  requirementId: string | null;
  status: InterestStatus;
  consentToShare: boolean;
  message: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface InterestDetail extends Interest {
  events: { at: string; status: InterestStatus; note: string | null }[];
}

export const REQUIREMENTS_URL = '/api/v1/buyer/requirements';
export const MATCHES_URL = '/api/v1/buyer/matches';
export const FOLLOWS_URL = '/api/v1/buyer/follows';
export const INTERESTS_URL = '/api/v1/buyer/interests';
export const STATUS_URL = '/api/v1/buyer/status';
