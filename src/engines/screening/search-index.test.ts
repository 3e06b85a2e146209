import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_THRESHOLD, loadListPath, type ListEntry, type ScreeningIndex, type ScreeningMatch } from './index.ts';

const FIX = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

let entries: ListEntry[];
let index: ScreeningIndex;

/** The best match, failing the test when there is none. */
function best(matches: ScreeningMatch[]): ScreeningMatch {
  const [m] = matches;
  if (!m) throw new Error('expected at least one match');
  return m;
}

beforeAll(async () => {
  entries = [
    ...(await loadListPath(join(FIX, 'ofac/sdn_mini'))),
    ...(await loadListPath(join(FIX, 'csl_one_per_source.csv'))),
    ...(await loadListPath(join(FIX, 'un_mini.xml'))),
    ...(await loadListPath(join(FIX, 'dpl_mini.txt'))),
  ];
  index = buildIndex(entries);
});

describe('ScreeningIndex.search', () => {
  it('finds an exact name with score 1.0 and its list effect', () => {
    const m = best(index.search({ name: 'Elvis Angus Logan Morey' }));
    expect(m.entry).toMatchObject({ list: 'SDN', entryId: '10278', effect: 'prohibited' });
    expect(m.score).toBe(1);
    expect(m.matchedName).toBe('LOGAN MOREY, Elvis Angus');
  });

  it('finds aliases, typos and reordered names', () => {
    expect(index.search({ name: 'Burton Burgess' })[0]?.entry.entryId).toBe('10278');
    expect(index.search({ name: 'Iran Aircraft Manufacturng Industrial Company' })[0]?.entry.entryId).toBe('11195');
    expect(index.search({ name: 'Badege Eric' })[0]?.entry.entryId).toBe('CDi.001');
  });

  it('finds original-script names of the UN list', () => {
    expect(index.search({ name: 'صدام حسين التكريتي' })[0]?.entry.list).toBe('UN');
  });

  it('applies the person vs organisation rule', () => {
    expect(index.search({ name: 'Daniel Moreno', type: 'organization' })).toEqual([]);
    expect(index.search({ name: 'Daniel Moreno', type: 'person' })[0]?.entry.entryId).toBe('15102');
  });

  it('uses date of birth, country and id evidence, explained', () => {
    const base = best(index.search({ name: 'Daniel Moreno' }));
    const wrongDob = best(index.search({ name: 'Daniel Moreno', dob: '1990' }, { threshold: 0 }));
    expect(wrongDob.score).toBeLessThan(base.score);
    expect(wrongDob.explanation.adjustments.map((a) => a.rule)).toContain('dob_mismatch');
    const near = best(index.search({ name: 'Daniel Morenno', dob: '1972-10-12', ids: ['0291622'] }));
    const plain = best(index.search({ name: 'Daniel Morenno' }));
    expect(near.score).toBeGreaterThan(plain.score);
    expect(near.explanation.adjustments.map((a) => a.rule)).toEqual(expect.arrayContaining(['dob_match', 'id_match']));
    const country = best(index.search({ name: 'Atlas Sanatgaran', country: 'FR' }, { threshold: 0 }));
    expect(country.explanation.adjustments.map((a) => a.rule)).toContain('country_mismatch');
  });

  it('filters by source list and honours threshold and limit', () => {
    expect(index.search({ name: 'Atlas Sanatgaran' }, { sources: ['SDN'] })).toEqual([]);
    expect(index.search({ name: 'Atlas Sanatgaran' }, { sources: ['UVL'] })[0]?.entry.list).toBe('UVL');
    const all = index.search({ name: 'Moreno' }, { threshold: 0.3, limit: 2 });
    expect(all.length).toBeLessThanOrEqual(2);
    for (const m of index.search({ name: 'Daniel Moreno' })) expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('returns nothing for an unrelated name and agrees with brute force on the best hit', () => {
    expect(index.search({ name: 'Zyxwv Qwerty' })).toEqual([]);
    for (const q of ['Elvis Logan Morey', 'Sinobright Import Export', 'Frank Kakolele Bwambale']) {
      const brute = index.searchBruteForce({ name: q });
      const fast = index.search({ name: q });
      expect(fast[0]?.entry.entryId).toBe(brute[0]?.entryId);
    }
  });

  it('de-duplicates an entry loaded from two files', () => {
    const twice = buildIndex([...entries, ...entries]);
    expect(twice.entries.length).toBe(index.entries.length);
  });
});

const person = (entryId: string, name: string): ListEntry => ({
  list: 'SDN',
  entryId,
  type: 'person',
  programs: [],
  name,
  aliases: [],
  addresses: [],
  nationalities: [],
  datesOfBirth: [],
  placesOfBirth: [],
  ids: [],
  effect: 'prohibited',
});

describe('ScreeningIndex on a large list', () => {
  // Enough names that postings carry large ids beside large key hashes: every vote must still
  // reach the name it was cast for, not a neighbour.
  const syllables = ['ka', 'lo', 'mi', 'ran', 'sev', 'dor', 'bek', 'tul', 'nis', 'vah', 'gor', 'zem', 'pol', 'rik', 'sun', 'dal'];
  let seed = 7;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % syllables.length;
  };
  const word = () => syllables[next()]! + syllables[next()]! + syllables[next()]!;
  const big = Array.from({ length: 20000 }, (_, i) => person(`E${i}`, `${word()} ${word()}`));
  const bigIndex = buildIndex(big);
  const dropLetter = (s: string) => s.replace(/^(\S{3})\S/, '$1');

  it('finds every sampled name with one letter missing', () => {
    const misses = big.filter((_, i) => i % 97 === 0).filter((e) => !bigIndex.search({ name: dropLetter(e.name), type: 'person' }).some((m) => m.entry.entryId === e.entryId));
    expect(misses.map((e) => e.name)).toEqual([]);
  });
});

describe('short name parts', () => {
  it('meet their one-letter-longer variants', () => {
    const idx = buildIndex([person('H1', 'Haji Subandi')]);
    expect(idx.search({ name: 'Haj Subandi' })[0]?.entry.entryId).toBe('H1');
  });
});

describe('candidates beyond the first few', () => {
  it('reaches a name that ties with many others on a common word', () => {
    const words = ['leasing', 'capital', 'insurance', 'factoring', 'invest', 'trust', 'service', 'technology', 'finance', 'asset', 'europe', 'cyprus'];
    const many = words.flatMap((w, i) => [person(`S${i}`, `Sberbank ${w}`), person(`T${i}`, `Sberbank ${w} holding`)]).map((e) => ({ ...e, type: 'organization' as const }));
    const idx = buildIndex([...many, { ...person('SB', 'SBER BANK'), type: 'organization' }]);
    expect(idx.search({ name: 'Sberbank' }).map((m) => m.entry.entryId)).toContain('SB');
  });
  it('meets a list name written as one word with another vowel', () => {
    const idx = buildIndex([person('AR', 'ABDELRAHMAN'), ...Array.from({ length: 30 }, (_, i) => person(`X${i}`, `Abdul Karim ${i}`))]);
    expect(idx.search({ name: 'Abdul Rahman' }).map((m) => m.entry.entryId)).toContain('AR');
  });
});
