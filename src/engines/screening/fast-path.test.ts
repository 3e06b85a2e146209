// The allocation-free scoring path and the index's pruning must never change a result:
// `quickScore` equals the explained score, and the index never drops a match that scoring
// the same candidate in full would keep.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, compareNormalized, DEFAULT_THRESHOLD, loadListPath, normalizeName, type ListEntry, type NameSchema, type ScreeningIndex } from './index.ts';
import { quickScore } from './scorer.ts';

const FIX = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

let entries: ListEntry[];
let index: ScreeningIndex;
let names: string[];

const typo = (s: string) => (s.length > 6 ? s.slice(0, 3) + s.slice(4) : s);
const swap = (s: string) => s.split(/\s+/).reverse().join(' ');

beforeAll(async () => {
  entries = [
    ...(await loadListPath(join(FIX, 'ofac/sdn_mini'))),
    ...(await loadListPath(join(FIX, 'csl_one_per_source.csv'))),
    ...(await loadListPath(join(FIX, 'un_mini.xml'))),
    ...(await loadListPath(join(FIX, 'dpl_mini.txt'))),
  ];
  index = buildIndex(entries);
  names = entries.flatMap((e) => [e.name, ...e.aliases.map((a) => a.name)]);
});

describe('quickScore', () => {
  it('equals the explained score of compareNormalized on every fixture name pair', () => {
    const queries = [...names.slice(0, 30), ...names.slice(0, 30).map(typo), ...names.slice(0, 15).map(swap), '金正恩', '习近平', '習近平', 'Ramimakhlouf', 'PLA', 'Siemens AG'];
    let checked = 0;
    for (const schema of ['any', 'person', 'org'] as NameSchema[]) {
      const cands = names.map((n) => normalizeName(n, schema));
      for (const raw of queries) {
        const q = normalizeName(raw, schema);
        const wq = q.tokens.map(() => 1);
        for (const c of cands) {
          const wc = c.tokens.map(() => 1);
          for (const extra of [1, 2]) {
            const full = compareNormalized(q, c, { query: wq, candidate: wc }, true, extra).score;
            // Twice: the second call is served from the token-pair cache.
            expect(quickScore(q, c, wq, wc, extra)).toBe(full);
            expect(quickScore(q, c, wq, wc, extra)).toBe(full);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('does not confuse glyph tokens that read alike', () => {
    // 金 and 今 both read "jin": they compare by character, never from the cache.
    expect(compareNormalized(normalizeName('金正'), normalizeName('今正'), undefined, false).score).toBe(compareNormalized(normalizeName('金正'), normalizeName('今正')).score);
    expect(compareNormalized(normalizeName('金正'), normalizeName('金正'), undefined, false).score).toBe(1);
  });
});

describe('ScreeningIndex pruning', () => {
  it('returns exactly the brute-force score for every match of a query without evidence', () => {
    const queries = [...names.map(typo), ...names.slice(0, 40).map(swap)];
    for (const name of queries) {
      const brute = new Map<string, number>();
      for (const b of index.searchBruteForce({ name }, 0)) if (!brute.has(b.entryId) || brute.get(b.entryId)! < b.score) brute.set(b.entryId, b.score);
      for (const m of index.search({ name }, { limit: 1000 })) {
        expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
        // A weak alias is scored ×0.95; otherwise the index's score is the brute-force score.
        const b = brute.get(m.entry.entryId);
        expect(b).toBeDefined();
        expect(m.score).toBeLessThanOrEqual(b!);
      }
    }
  });

  it('never drops a candidate that evidence could lift over the threshold', () => {
    // Queries with every kind of evidence: the bound on the bonus must keep what full scoring keeps.
    for (const e of entries.slice(0, 80)) {
      const name = typo(e.name);
      const query = { name, dob: e.datesOfBirth[0], country: e.nationalities[0] ?? e.addresses[0]?.country, ids: e.ids.map((i) => i.number) };
      const withEvidence = index.search(query, { limit: 1000, threshold: 0.75 }).map((m) => m.entry.entryId);
      // Every match of the bare name is kept when the evidence given can only add to it.
      const bare = new Set(index.search({ name }, { limit: 1000, threshold: 0.75 }).map((m) => m.entry.entryId));
      for (const id of bare) {
        const entry = index.entries.find((x) => x.entryId === id)!;
        const hasPenalty = (query.dob && entry.datesOfBirth.length > 0) || (query.country && (entry.nationalities.length > 0 || entry.addresses.some((a) => a.country)));
        if (!hasPenalty) expect(withEvidence).toContain(id);
      }
    }
  });

  it('agrees with brute force on the best entry for exact and typo queries of the fixtures', () => {
    let agree = 0;
    let total = 0;
    for (const e of entries) {
      for (const name of [e.name, typo(e.name)]) {
        const brute = index.searchBruteForce({ name });
        if (!brute.length) continue;
        total++;
        if (index.search({ name }, { limit: 50 }).some((m) => brute.filter((b) => b.score === brute[0].score).some((b) => b.entryId === m.entry.entryId))) agree++;
      }
    }
    expect(total).toBeGreaterThan(20);
    expect(agree / total).toBeGreaterThanOrEqual(0.95);
  });
});
