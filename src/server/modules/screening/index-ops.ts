// What a built screening index answers, as plain data in and out: the same functions run in the
// index thread (index-thread.ts) and in-process (SCREENING_INDEX_THREAD=off, or a small list), so
// both answer alike by construction.
import type { PartyEvidence } from '../../../shared/contracts/party-evidence.ts';
import { screenPartyRow, type EntityType, type ListCode, type ListEntry, type RowMatch, type ScreeningIndex, type ScreeningMatch, type ScreeningQuery, type SearchOptions } from '../../../engines/screening/index.ts';

export interface SearchRequest {
  query: ScreeningQuery;
  options: SearchOptions;
  /** What else is known of the party (dates, nationalities, identifiers, addresses), for the engine to weigh. */
  evidence?: PartyEvidence;
}

/** Entries kept by the CSL-style listing without a name (each empty filter lets everything through). */
export interface EntryFilter {
  sources: readonly ListCode[];
  countries: readonly string[];
  types: readonly EntityType[];
}

export interface EntryPage {
  /** Entries passing the filter, in all. */
  total: number;
  /** The lists those entries come from. */
  lists: ListCode[];
  /** The entries of the page asked for (offset, size). */
  page: ListEntry[];
}

/** A batch row screened: its matches, or why the row was refused. */
export interface RowScreen {
  error?: string;
  matches: RowMatch[];
}

/** One question to an index. */
export type IndexCall =
  | { op: 'search'; requests: readonly SearchRequest[] }
  | { op: 'entries'; filter: EntryFilter; offset: number; size: number }
  | { op: 'screenRows'; rows: readonly Record<string, unknown>[]; threshold: number };

/** The answer to each kind of question. */
export interface IndexAnswers {
  search: ScreeningMatch[][];
  entries: EntryPage;
  screenRows: RowScreen[];
}

const countriesOf = (e: ListEntry) => [...e.addresses.map((a) => a.country).filter((c): c is string => !!c), ...e.nationalities];

export function passesFilter(filter: EntryFilter, e: ListEntry): boolean {
  return (
    (filter.sources.length === 0 || filter.sources.includes(e.list)) &&
    (filter.countries.length === 0 || countriesOf(e).some((c) => filter.countries.includes(c))) &&
    (filter.types.length === 0 || filter.types.includes(e.type))
  );
}

function filterEntries(index: ScreeningIndex, filter: EntryFilter, offset: number, size: number): EntryPage {
  const passing = index.entries.filter((e) => passesFilter(filter, e));
  return { total: passing.length, lists: [...new Set(passing.map((e) => e.list))], page: passing.slice(offset, offset + size) };
}

export function answer(index: ScreeningIndex, call: IndexCall): IndexAnswers[IndexCall['op']] {
  switch (call.op) {
    case 'search':
      // The request's evidence beside the query (or on it) reaches the engine on the query.
      return call.requests.map((r) => index.search(r.evidence && !r.query.evidence ? { ...r.query, evidence: r.evidence } : r.query, r.options));
    case 'entries':
      return filterEntries(index, call.filter, call.offset, call.size);
    case 'screenRows':
      return call.rows.map((row) => screenPartyRow(index, row, call.threshold));
  }
}
