// The buyer's API as the workspace reads it: the shared contracts' types under the workspace's names,
// and the URLs. Codes only: the screens name them in the reader's language.
import type { BuyerStatus, FollowView, InterestDetail, InterestView, RequirementBody, RequirementView } from '../../../shared/contracts/buyers.ts';
import type { BuyerMatchesResponse, EntryTranslation, Match, RequirementMatchesResponse } from '../../../shared/contracts/matching.ts';

export type { BuyerStatus, InterestDetail, Match };
export type Screening = BuyerStatus['screening'];
/** What a buyer states it needs (the body of POST and PUT /api/v1/buyer/requirements). */
export type RequirementInput = RequirementBody;
export type Requirement = RequirementView;
export type Translation = EntryTranslation;
/** GET /api/v1/buyer/matches */
export type MatchesAnswer = BuyerMatchesResponse;
/** GET /api/v1/buyer/requirements/:id/matches */
export type RequirementMatches = RequirementMatchesResponse;
export type Follow = FollowView;
export type Interest = InterestView;

export const REQUIREMENTS_URL = '/api/v1/buyer/requirements';
export const MATCHES_URL = '/api/v1/buyer/matches';
export const FOLLOWS_URL = '/api/v1/buyer/follows';
export const INTERESTS_URL = '/api/v1/buyer/interests';
export const STATUS_URL = '/api/v1/buyer/status';
