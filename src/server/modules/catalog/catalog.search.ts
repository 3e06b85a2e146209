// The catalog's text search, tolerant of typos. An entry matches a query when
// - its text contains the query as typed (case-insensitive), or
// - the query names one of its target countries, however the country is written ("Viet Nam",
//   "Burma", "UAE": the screening engine's country names and aliases), or
// - every word of the query matches a word of the entry: the same word, the beginning of a longer
//   word ("agri" → "agriculture"), or a slip of the keyboard — one edit in a word of 4 to 7
//   letters, two from 8 letters on ("philipines" → "philippines"); words of 3 letters or fewer
//   must be exact. Edits are counted by the screening engine's edit distance, in which a vowel for
//   a vowel or a look-alike letter counts less than one edit.
// The entry's words are those of its title, public description, consortium and members' names,
// target countries' and blocs' names, sectors and layers, and of the consortium's translation of its
// title and description when the entry carries one (the reader's language). Pure: no database, no clock.
import anyAscii from 'any-ascii';
import { countryCode, editDistance } from '../../../engines/screening/index.ts';
import { countryName, getBloc } from '../../../shared/reference/geography.ts';
import type { CatalogEntry } from '../../../shared/contracts/catalog.ts';

/** Words that carry no meaning in a search ("AI for the Philippines"). */
const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'for', 'to', 'with', 'on', 'by']);

/** Lowercase ASCII words of a text ("Merlion Data Pte. Ltd." → merlion, data, pte, ltd). */
export function wordsOf(text: string): string[] {
  return anyAscii(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How many edits a query word of this length may be away from the word it means. */
export function editsAllowed(length: number): number {
  return length <= 3 ? 0 : length <= 7 ? 1 : 2;
}

function wordMatches(queryWord: string, entryWord: string): boolean {
  if (entryWord === queryWord) return true;
  if (queryWord.length >= 3 && entryWord.startsWith(queryWord)) return true;
  const allowed = editsAllowed(queryWord.length);
  // Lengths further apart than the allowance cannot be within it: skip the distance.
  return allowed > 0 && Math.abs(entryWord.length - queryWord.length) <= allowed && editDistance(queryWord, entryWord) <= allowed;
}

/** The text and the words an entry is searched by. */
function searchableOf(entry: CatalogEntry) {
  const texts = [
    entry.title,
    entry.description,
    entry.consortium.name,
    ...entry.consortium.members.map((m) => m.name),
    ...entry.countries.map(countryName),
    ...entry.blocs.flatMap((b) => [b, getBloc(b)?.name ?? '']),
    ...entry.sectors.map((s) => s.replaceAll('_', ' ')),
    ...entry.layers,
    ...(entry.translation ? [entry.translation.title, entry.translation.description] : []),
  ];
  return { text: texts.join('\n').toLowerCase(), words: new Set(texts.flatMap(wordsOf)) };
}

/** A matcher for one query: build once, test every entry. */
export function catalogMatcher(query: string): (entry: CatalogEntry) => boolean {
  const needle = query.toLowerCase().trim();
  if (!needle) return () => true;
  // Two letters are a code, not a name, and too often a word ("ai", "in", "us"): names only.
  const named = needle.length > 2 ? countryCode(needle) : undefined;
  const all = wordsOf(needle);
  const meaningful = all.filter((w) => !STOP_WORDS.has(w));
  const queryWords = meaningful.length > 0 ? meaningful : all;
  return (entry) => {
    if (named && entry.countries.includes(named)) return true;
    const { text, words } = searchableOf(entry);
    if (text.includes(needle)) return true;
    if (queryWords.length === 0) return false;
    return queryWords.every((q) => words.has(q) || [...words].some((w) => wordMatches(q, w)));
  };
}
