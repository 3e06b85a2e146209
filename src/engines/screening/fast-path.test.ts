// The allocation-free scoring path and the index's pruning must never change a result:
// `quickScore` equals the explained score, and the index never drops a match that scoring
// the same candidate in full would keep.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, compareNormalized, DEFAULT_THRESHOLD, loadListPath, normalizeName, schemaOfType, type AliasType, type ListEntry, type NameSchema, type NameToken, type ScreeningIndex } from './index.ts';
import { baseWeight, quickScore, round } from './scorer.ts';

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
    // Every indexed name in the index's own order (each entry's primary name, then its aliases,
    // a normalised form only once per entry) with its entry and alias type, so each brute-force
    // score can be tied to the name it scores: `searchBruteForce` reports only the entry id.
    const indexed = index.entries.flatMap((entry) => {
      const schema = schemaOfType(entry.type);
      const seen = new Set<string>();
      return [{ name: entry.name, type: 'primary' as AliasType }, ...entry.aliases].flatMap(({ name, type }) => {
        const norm = normalizeName(name, schema);
        if (norm.tokens.length === 0 || seen.has(norm.key)) return [];
        seen.add(norm.key);
        return [{ entry, aliasType: type, norm }];
      });
    });
    expect(indexed.length).toBe(index.nameCount);
    // The index's token weights: kind × rarity (see ScreeningIndex.weigh).
    const weigh = (t: NameToken) => baseWeight(t) * (t.kind === 'word' || t.kind === 'generic' ? index.rarity(t.text) : 1);
    const weighted = indexed.map((n) => ({ ...n, weights: n.norm.tokens.map(weigh) }));

    const queries = [...names.map(typo), ...names.slice(0, 40).map(swap)];
    let matches = 0;
    let weakMatches = 0;
    let kept = 0;
    for (const name of queries) {
      const q = normalizeName(name, 'any');
      const wq = q.tokens.map(weigh);
      // QUERY_EXTRA_FACTOR of the index is 2 (search and searchBruteForce alike).
      const perName = weighted.map((n) => ({ ...n, score: compareNormalized(q, n.norm, { query: wq, candidate: n.weights }, false, 2).score }));
      // The reconstruction is the brute force itself: same names, same scores, same (stable) order.
      const brute = index.searchBruteForce({ name }, 0);
      const expectedOrder = [...perName].sort((a, b) => b.score - a.score);
      expect(brute.map((b) => [b.entryId, b.score])).toEqual(expectedOrder.map((n) => [n.entry.entryId, n.score]));

      // What search must return for each entry: its best name, a weak alias ×0.95, rounded.
      const expected = new Map<ListEntry, { score: number; aliasType: AliasType }>();
      for (const n of perName) {
        const score = round(Math.max(0, Math.min(1, n.aliasType === 'weak' ? n.score * 0.95 : n.score)));
        const prev = expected.get(n.entry);
        if (!prev || score > prev.score) expected.set(n.entry, { score, aliasType: n.aliasType });
      }

      const found = index.search({ name }, { limit: 1000 });
      expect(found.length).toBeLessThan(1000); // the limit never hides a match
      for (const m of found) {
        expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
        const want = expected.get(m.entry);
        expect(want, `${name} → ${m.entry.entryId}`).toBeDefined();
        expect(m.score, `${name} → ${m.entry.entryId} (${m.matchedName})`).toBe(want!.score);
        const ofMatched = perName.find((n) => n.entry === m.entry && n.norm.key === normalizeName(m.matchedName, schemaOfType(m.entry.type)).key)!;
        expect(ofMatched.aliasType).toBe(m.aliasType);
        if (m.aliasType === 'weak') {
          // The documented exception, exactly: the weak alias's brute-force score ×0.95.
          expect(m.score).toBe(round(ofMatched.score * 0.95));
          expect(m.explanation.adjustments).toContainEqual(expect.objectContaining({ rule: 'weak_alias', effect: '×0.95' }));
          weakMatches++;
        } else {
          expect(m.score).toBe(round(ofMatched.score));
        }
        matches++;
      }
      // No brute-force match over the threshold is missed by the fast path.
      const foundEntries = new Set(found.map((m) => m.entry));
      const missed = [...expected].filter(([entry, e]) => e.score >= DEFAULT_THRESHOLD && !foundEntries.has(entry)).map(([entry, e]) => `${entry.list}:${entry.entryId} ${e.score}`);
      expect(missed, `missed for "${name}"`).toEqual([]);
      kept += [...expected.values()].filter((e) => e.score >= DEFAULT_THRESHOLD).length;
    }
    expect(kept).toBe(matches);
    expect(matches).toBeGreaterThan(100);
    expect(weakMatches).toBeGreaterThan(0);
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
        if (index.search({ name }, { limit: 50 }).some((m) => brute.filter((b) => b.score === brute[0]?.score).some((b) => b.entryId === m.entry.entryId))) agree++;
      }
    }
    expect(total).toBeGreaterThan(20);
    expect(agree / total).toBeGreaterThanOrEqual(0.95);
  });
});
