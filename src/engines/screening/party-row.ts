// One party given as a row of fields (a CSV line, an item of a JSON batch): validated into a query,
// or an error for that row alone. Shared by `aiep screen` and the screening API's batches.
import { isCountryCode } from './countries.ts';
import type { ScreeningIndex, ScreeningMatch, ScreeningQuery } from './search-index.ts';
import type { EntityType } from './types.ts';

/** Longest name accepted; longer input is almost certainly a mis-mapped column. */
export const MAX_NAME_LENGTH = 500;

const ENTITY_TYPES = new Set<string>(['person', 'organization', 'vessel', 'aircraft']);

export function partyQueryOfRow(row: Record<string, unknown>): { query: ScreeningQuery } | { error: string } {
  const text = (k: string) => String(row[k] ?? '').trim();
  const name = text('name');
  if (!name) return { error: 'empty name' };
  if (name.length > MAX_NAME_LENGTH) return { error: `name longer than ${MAX_NAME_LENGTH} characters` };
  const type = text('type').toLowerCase();
  if (type && !ENTITY_TYPES.has(type)) return { error: `unknown type "${text('type')}" (person, organization, vessel, aircraft)` };
  const country = text('country').toUpperCase();
  if (country && !isCountryCode(country)) return { error: `invalid country code "${text('country')}" (ISO 3166-1 alpha-2)` };
  const dob = text('dob');
  if (dob && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(dob)) return { error: `invalid dob "${dob}" (YYYY, YYYY-MM or YYYY-MM-DD)` };
  return { query: { name, ...(type ? { type: type as EntityType } : {}), ...(country ? { country } : {}), ...(dob ? { dob } : {}) } };
}

/** A match as a screened row reports it. */
export function rowMatch(m: ScreeningMatch) {
  return { list: m.entry.list, entryId: m.entry.entryId, name: m.entry.name, matchedName: m.matchedName, score: m.score, effect: m.entry.effect, explanation: m.explanation };
}

export type RowMatch = ReturnType<typeof rowMatch>;

/** Validates and screens one row: every match at or above the threshold, best first, or the row's error. */
export function screenPartyRow(index: ScreeningIndex, row: Record<string, unknown>, threshold: number): { error?: string; matches: RowMatch[] } {
  const parsed = partyQueryOfRow(row);
  if ('error' in parsed) return { error: parsed.error, matches: [] };
  return { matches: index.search(parsed.query, { threshold, limit: Infinity }).map(rowMatch) };
}
