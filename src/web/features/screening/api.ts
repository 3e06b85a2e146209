// Screening API types for the web: the types of the screening routes' response schemas
// (src/shared/contracts/screening.ts; web never imports server).
import type { Explanation, PartySearchResult } from '../../../shared/contracts/screening.ts';

export type { AlertAction, AlertContest, BatchJob, Explanation, ListVersion, Match, ScreeningAlert, ScreeningList, VersionDiff } from '../../../shared/contracts/screening.ts';
export type TokenAlignment = Explanation['tokens'][number];
export type SearchResult = PartySearchResult;
