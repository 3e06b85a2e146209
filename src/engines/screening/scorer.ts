// Name-pair scoring. Tokens of the two names are aligned one-to-one (or one-to-several when a
// name was written joined or split: "RamiMakhlouf", "Plat Ono Vich"); each aligned pair gets
// a similarity from the best applicable rule; the name score is the weighted share of aligned
// similarity in the total token weight, where tokens left unaligned count against the score.
import { normalizeName, type NameSchema, type NameToken, type NormalizedName } from './normalize.ts';
import { editDistance, editSimilarity } from './similarity.ts';
import { LANG_ANY, LANG_JAPANESE, LANG_KOREAN, LANG_PINYIN } from './transliterate.ts';

/** The documented default match threshold (see docs/benchmarks.md and bench/RESULTS-screening.md). */
export const DEFAULT_THRESHOLD = 0.8;

export type TokenRule =
  | 'exact' | 'edit' | 'phonetic' | 'skeleton' | 'initial' | 'synonym' | 'legal_form' | 'joined' | 'reading' | 'inflection' | 'clipped';

export interface TokenAlignment {
  query: string;
  candidate: string;
  score: number;
  rule: TokenRule;
  weight: number;
}

export interface Adjustment {
  rule: string;
  detail: string;
  /** Multiplier or additive change applied to the score. */
  effect: string;
}

export interface Explanation {
  nameScore: number;
  tokens: TokenAlignment[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  adjustments: Adjustment[];
  summary: string;
}

/** Tunable constants of the scorer, kept together for the benchmark. */
export const SCORING = {
  minTokenSimilarity: 0.5,
  minJoinedSimilarity: 0.8,
  phoneticSimilarity: 0.9,
  skeletonSimilarity: 0.9,
  synonymSimilarity: 0.9,
  initialSimilarity: 0.9,
  sameGenericLegalForm: 0.85,
  /** A Chinese character read in Korean or Japanese (data/cjk-readings.ts) against a Latin spelling. */
  readingSimilarity: 0.95,
  kindWeight: { word: 1, generic: 0.5, particle: 0.2, legal: 0.3, initial: 0.35, number: 0.15 } as Record<NameToken['kind'], number>,
  shortWordWeight: 0.6,
  /** Name words so common as components that they weigh less (Abdul, Abu, Haji...). */
  commonNameWordWeight: 0.5,
  /** Extra tokens on one side cost this share of their weight when the other side is fully aligned. */
  subsetExtraPersons: 0.35,
  subsetExtraOrgs: 0.7,
  reorderFactor: 0.95,
  /** Most that surplus tokens of a contained name can cost, in token weights. */
  subsetExtraCap: 0.3,
  subsetExtraCapOrgs: 0.25,
  /** Aligned word pairs below this similarity are probably different names (Mohamed / Ahmed). */
  weakAlignment: 0.7,
  weakAlignmentFactor: 0.88,
  /** Both names keep an unaligned significant token: one name part was replaced by another. */
  swapFactor: 0.8,
  /** ...and the score is capped just below the default threshold: a replaced part is a different party. */
  swapCap: 0.79,
  particlesOnlyFactor: 0.5,
  /** "A bin B" against "B bin A": the son and the father are different people. */
  patronymicReversedFactor: 0.8,
  /**
   * A word with a nominative ending some languages add to every name (Greek Alexandros,
   * Latvian Lavrovs, Lithuanian Sergejus) against the bare form: the stems' similarity × this.
   */
  inflectionFactor: 0.95,
  /** ...when the stems are at least this similar (a typo at most). */
  inflectionMinStem: 0.85,
  /** An East Slavic patronymic (Viktorovich, Petrovna) left unaligned costs this share of its weight. */
  patronymicExtraFactor: 0.5,
  /**
   * Persons' family names (the last name parts) aligned only as different spellings below this
   * similarity, whose sound keys differ too (Scholz / Schulze, Sancho / Sánchez): neither a typo
   * nor a transliteration variant but another family name...
   */
  familyNearMissBelow: 0.8,
  /** ...and their pair similarity is capped at this (the weakest alignment there is). */
  familyNearMissCap: 0.5,
  /**
   * A clipped short form, the start of the other word (Abiy / Abiyot, Tech / Technology; at
   * least 4 letters and 2 fewer): a given name's hypocoristic or an abbreviation. On persons'
   * family names it counts as a near miss instead (John / Johnson, Peters / Petersen).
   */
  clippedSimilarity: 0.85,
  /** A legal form only one organisation name has left over costs this share of its weight. */
  legalExtraFactor: 0.3,
  /** Chinese characters of one name matched in different languages' readings (張 as Korean Jang, 暢 as Mandarin Chang). */
  mixedReadingsFactor: 0.8,
  /** A title and one word ("President Erdoğan") against a person whose family name is that word. */
  titleSurnameFactor: 0.85,
};

export type WeightFn = (token: NameToken, side: 'query' | 'candidate') => number;

const COMMON_NAME_WORDS = new Set(['abdul', 'abd', 'abu', 'abul', 'umm', 'haji', 'hajji', 'ould', 'mohammed', 'mohammad', 'muhammad', 'mohamed']);

/** Name components shared by a large share of people (Muhammad, Abdul, Abu): weak evidence alone. */
const isCommonNameWord = (t: NameToken): boolean => COMMON_NAME_WORDS.has(t.text);

export function baseWeight(t: NameToken): number {
  const w = SCORING.kindWeight[t.kind] * (COMMON_NAME_WORDS.has(t.text) ? SCORING.commonNameWordWeight : 1);
  return t.kind === 'word' && t.text.length <= 2 ? w * SCORING.shortWordWeight : w;
}

const defaultWeight: WeightFn = (t) => baseWeight(t);

// Nominative endings, longest first: Greek -os/-as/-is/-es, Latvian -s/-is, Lithuanian -as/-is/-ys/-us.
const NOMINATIVE_ENDINGS = ['os', 'as', 'is', 'ys', 'us', 'es', 's'];
const MIN_STEM = 5;

/** Similarity of a word with a nominative ending to the bare form of the name, or 0. */
function inflectedSimilarity(a: string, b: string): number {
  return Math.max(endingStripped(a, b), endingStripped(b, a)) * SCORING.inflectionFactor;
}

/** Best similarity of `x` without one of its nominative endings to `y` (≥ inflectionMinStem), or 0. */
function endingStripped(x: string, y: string): number {
  let best = 0;
  if (y.length >= MIN_STEM) {
    for (const e of NOMINATIVE_ENDINGS) {
      const stem = x.length - e.length;
      // Stems more than one letter longer or shorter cannot reach inflectionMinStem (words under 20 letters).
      if (stem < MIN_STEM || Math.abs(stem - y.length) > 1 || !x.endsWith(e) || y.endsWith(e)) continue;
      const s = editSimilarity(x.slice(0, -e.length), y);
      if (s >= SCORING.inflectionMinStem && s > best) best = s;
    }
  }
  return best;
}

// East Slavic patronymics (Russian, Ukrainian, Belarusian), as romanised.
const PATRONYMIC = /(?:ovich|evich|ovych|evych|ovitch|evitch|ovna|evna|ivna|ichna)$/;

/** An unaligned extra token of a person's name that is a patronymic (not the first name part). */
function isPatronymicExtra(tokens: readonly NameToken[], i: number): boolean {
  const t = tokens[i];
  return i > 0 && tokens.length >= 3 && t !== undefined && t.kind === 'word' && PATRONYMIC.test(t.text);
}

/** A legal form, or a generic word that stands for one (Company, Co., Corporation). */
function isLegalLike(t: NameToken): boolean {
  return t.kind === 'legal' || (t.kind === 'generic' && (t.groups.includes('org:co') || t.groups.includes('org:corp')));
}

function hasUnalignedLegal(tokens: readonly NameToken[], used: Uint8Array): boolean {
  for (let i = 0; i < tokens.length; i++) if (!used[i] && isLegalLike(tokens[i]!)) return true; // i < tokens.length
  return false;
}

/** Result of `unalignedCost` (module-level so that the scoring loop allocates nothing). */
const EXTRA = { cost: 0, activity: 0, significant: false, patronymics: 0 };

/**
 * The weight the unaligned tokens of one name cost, into EXTRA: the full weight, except a
 * patronymic of a person (×patronymicExtraFactor) and, when only this name has a legal form
 * left over (`cheapLegal`), that legal form (×legalExtraFactor): "SUNWAY TECH" for "SUNWAY TECH
 * CO., LIMITED". `activity` is the part due to organisation-type words (Trust, Systems,
 * Holdings), which the subset rule does not reduce: an added one usually names a sister company.
 */
function unalignedCost(tokens: readonly NameToken[], weights: readonly number[], used: Uint8Array, personLike: boolean, cheapLegal: boolean): void {
  let cost = 0;
  let activity = 0;
  let significant = false;
  let patronymics = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const t = tokens[i]!; // i < tokens.length
    let w = weights[i]!; // weights run parallel to tokens (checkWeights / the callers' maps)
    if (personLike && isPatronymicExtra(tokens, i)) {
      w *= SCORING.patronymicExtraFactor;
      patronymics++;
    } else if (!personLike && isLegalLike(t)) {
      if (cheapLegal) w *= SCORING.legalExtraFactor;
    } else if (!personLike && t.kind === 'generic') activity += w;
    cost += w;
    if (SIGNIFICANT.has(t.kind)) significant = true;
  }
  EXTRA.cost = cost;
  EXTRA.activity = activity;
  EXTRA.significant = significant;
  EXTRA.patronymics = patronymics;
}

/**
 * A pair on the family names (the last name parts of both persons) that differ in more than a
 * typo (more than one edit) and do not sound alike: another family, not a misspelling
 * (Scholz / Schulze); or a clipped form of the family name (John / Johnson).
 */
function familyNearMiss(qt: readonly NameToken[], ct: readonly NameToken[], q0: number, qn: number, c0: number, cn: number, editLike: boolean, clipped: boolean, score: number): boolean {
  if (qn !== 1 || cn !== 1 || q0 !== qt.length - 1 || c0 !== ct.length - 1) return false;
  if (!clipped && (!editLike || score >= SCORING.familyNearMissBelow)) return false;
  const a = qt[q0];
  const b = ct[c0];
  if (a === undefined || b === undefined || a.kind !== 'word' || b.kind !== 'word' || a.abjad || b.abjad) return false;
  // One edit (a slip, a swapped pair of letters: Emna / Mena) is a typo, not another family.
  return clipped || (a.phon !== b.phon && editDistance(a.text, b.text) > 1);
}

/**
 * "President Erdoğan" against "Recep Tayyip Erdoğan": a title and one word name a person by
 * the family name, which must then be the other name's last part; given names are not
 * expected. 0 when the rule does not apply.
 */
function titledSurnameScore(q: NormalizedName, c: NormalizedName): number {
  let best = 0;
  for (const [x, y] of [[q, c], [c, q]] as const) {
    if (!x.titled || y.titled || y.tokens.length < 2) continue;
    const a = x.tokens.at(-1);
    const b = y.tokens.at(-1);
    if (a === undefined || b === undefined || b.kind !== 'word') continue;
    const s = tokenSimilarity(a, b).score;
    if (s >= SCORING.phoneticSimilarity) best = Math.max(best, s * SCORING.titleSurnameFactor);
  }
  return best;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const isHan = (t: NameToken): boolean => t.glyph !== undefined && HAN.test(t.glyph);

/**
 * A Chinese character token against another token: the languages (LANG_* bits) in which one of
 * the character's readings is the other token's text, 0 when none is. A character missing from
 * the reading table reads in pinyin only.
 */
function readingMatch(a: NameToken, b: NameToken): number {
  const [h, o] = isHan(a) ? [a, b] : [b, a];
  // Only the character's own readings: a Latin word's Wade–Giles alternatives (k → g, t → d)
  // on top of them would make almost any syllable match.
  if (isHan(o)) return 0;
  if (h.readings === undefined) return h.text === o.text ? LANG_PINYIN : 0;
  const k = h.readings.indexOf(o.text);
  return k < 0 ? 0 : h.readingLangs?.[k] ?? LANG_ANY;
}

/** Languages of the last `tokenSimilarity` match (LANG_ANY unless a Chinese character was read). */
let lastLangs = LANG_ANY;

function tokenSimilarity(a: NameToken, b: NameToken): { score: number; rule: TokenRule } {
  lastLangs = LANG_ANY;
  if (a.glyph && b.glyph) {
    if (a.glyph === b.glyph) return { score: 1, rule: 'exact' };
    // A Chinese character against a Hangul syllable: the character's Korean reading (金 / 김).
    const langs = readingMatch(a, b) & LANG_KOREAN;
    if (!langs) return { score: 0, rule: 'exact' };
    lastLangs = langs;
    return { score: SCORING.readingSimilarity, rule: 'reading' };
  }
  // A Chinese character read in pinyin against a Latin spelling: only the same syllable counts
  // (one-letter differences between syllables are different characters: cheng / chen), or one
  // of the character's Korean or Japanese readings (金 is Jin in Mandarin, Kim in Korean).
  if (isHan(a) !== isHan(b)) {
    const langs = readingMatch(a, b);
    if (a.text === b.text) {
      lastLangs = langs || LANG_PINYIN;
      return { score: 1, rule: 'exact' };
    }
    if (!langs) return { score: 0, rule: 'exact' };
    lastLangs = langs;
    return { score: SCORING.readingSimilarity, rule: 'reading' };
  }
  if (a.text === b.text) return { score: 1, rule: a.kind === 'legal' ? 'legal_form' : 'exact' };
  if (a.kind === 'legal' || b.kind === 'legal') {
    if (a.kind === 'legal' && b.kind === 'legal' && a.groups[0] === b.groups[0]) {
      return { score: SCORING.sameGenericLegalForm, rule: 'legal_form' };
    }
    return { score: 0, rule: 'legal_form' };
  }
  if (a.kind === 'number' || b.kind === 'number') return { score: 0, rule: 'exact' };
  if (a.kind === 'initial' || b.kind === 'initial') {
    const [i, w] = a.kind === 'initial' ? [a, b] : [b, a];
    if (w.kind === 'initial') return { score: 0, rule: 'initial' };
    return w.text[0] === i.text ? { score: SCORING.initialSimilarity, rule: 'initial' } : { score: 0, rule: 'initial' };
  }
  // Length alone can rule out an edit match; skip the distance computation then.
  const la = a.text.length;
  const lb = b.text.length;
  let score = Math.abs(la - lb) / Math.max(la, lb) > 1 - SCORING.minTokenSimilarity ? 0 : editSimilarity(a.text, b.text);
  let rule: TokenRule = 'edit';
  if (score < SCORING.synonymSimilarity && a.groups.length && b.groups.length && a.groups.some((g) => b.groups.includes(g))) {
    score = SCORING.synonymSimilarity;
    rule = 'synonym';
  }
  if (score < SCORING.phoneticSimilarity && a.phon.length >= 2 && b.phon.length >= 2) {
    // Sound-alike spellings (Aleksandr / Alexander): the phonetic keys are compared too.
    // Sound-alike keys of words of very different length say little (Ayanna / One).
    const lengthFactor = Math.min(1, (Math.min(la, lb) + 1) / Math.max(la, lb));
    const s = lengthFactor * (a.phon === b.phon ? SCORING.phoneticSimilarity : SCORING.phoneticSimilarity * editSimilarity(a.phon, b.phon));
    if (s > score) {
      score = s;
      rule = 'phonetic';
    }
  }
  // A Wade–Giles syllable against its pinyin spelling (Tung / Dong, Hsi / Xi).
  // Latin words only: a Hangul syllable's romanisation is not Wade–Giles (지 "ji" is not "chi").
  if (score < SCORING.readingSimilarity && a.glyph === undefined && b.glyph === undefined
    && ((a.readings !== undefined && a.readings.includes(b.text)) || (b.readings !== undefined && b.readings.includes(a.text)))) {
    score = SCORING.readingSimilarity;
    rule = 'reading';
  }
  if (score < SCORING.clippedSimilarity && Math.min(la, lb) >= 4 && Math.abs(la - lb) >= 2 && (la < lb ? b.text.startsWith(a.text) : a.text.startsWith(b.text))) {
    score = SCORING.clippedSimilarity;
    rule = 'clipped';
  }
  if (score < SCORING.inflectionFactor && (la >= MIN_STEM + 1 || lb >= MIN_STEM + 1)) {
    const s = inflectedSimilarity(a.text, b.text);
    if (s > score) {
      score = s;
      rule = 'inflection';
    }
  }
  if ((a.abjad || b.abjad) && score < SCORING.skeletonSimilarity && a.skel.length > 0) {
    const s = a.skel === b.skel ? SCORING.skeletonSimilarity : SCORING.skeletonSimilarity * editSimilarity(a.skel, b.skel);
    if (s > score) {
      score = s;
      rule = 'skeleton';
    }
  }
  return { score, rule };
}

/** Positions of the tokens a pair covers: never empty. */
type Span = [number, ...number[]];

interface Pair {
  q: Span;
  c: Span;
  score: number;
  rule: TokenRule;
  /** Languages of the readings of Chinese characters the pair relies on (LANG_ANY if none). */
  langs: number;
}

/** The positions start, start + 1, ..., start + n - 1 (n ≥ 1). */
function span(start: number, n: number): Span {
  const s: Span = [start];
  for (let k = 1; k < n; k++) s.push(start + k);
  return s;
}

/** `xs[i]` where the caller's construction guarantees the index; a broken guarantee throws rather than scoring NaN. */
function at<T>(xs: readonly T[], i: number, what: string): T {
  const x = xs[i];
  if (x === undefined) throw new RangeError(`${what} ${i} out of range (${xs.length})`);
  return x;
}

const JOINABLE = new Set<NameToken['kind']>(['word', 'particle', 'initial', 'generic', 'legal']);

/**
 * Whether `text` (a Latin word) spells the characters `from[i..i+n)` in one of their readings,
 * in order: 山田 → "yamada" (yama + da, the voiced form inside a word), 正恩 → "jongun".
 */
function spellsReadings(from: readonly NameToken[], i: number, n: number, text: string, langs: number, pos = 0): boolean {
  if (n === 0) return pos === text.length;
  const t = from[i];
  const readings = pos === 0 ? t?.readings : t?.innerReadings;
  const readingLangs = pos === 0 ? t?.readingLangs : t?.innerReadingLangs;
  if (!readings) return false;
  for (let k = 0; k < readings.length; k++) {
    const r = readings[k]!; // k < readings.length
    if (!text.startsWith(r, pos) || ((readingLangs?.[k] ?? LANG_ANY) & langs) === 0) continue;
    if (spellsReadings(from, i + 1, n - 1, text, langs, pos + r.length)) return true;
  }
  return false;
}

/** The languages in which `text` spells the characters `from[i..i+n)`, each read in that one language. */
function joinedReadingLangs(from: readonly NameToken[], i: number, n: number, text: string): number {
  // Latin words with Wade–Giles readings carry no languages: one pass.
  if (from[i]?.readingLangs === undefined) return spellsReadings(from, i, n, text, LANG_ANY) ? LANG_ANY : 0;
  let langs = 0;
  for (const l of [LANG_PINYIN, LANG_KOREAN, LANG_JAPANESE]) if (spellsReadings(from, i, n, text, l)) langs |= l;
  return langs;
}

function joinedPairs(from: NameToken[], to: NameToken[], fromIsQuery: boolean, out: Pair[]) {
  for (const [i, first] of from.entries()) {
    let joined = '';
    let skel = '';
    let initials = '';
    let n = 0;
    // Up to four tokens from i on, stopping at the end of the name or at a token that does not join.
    for (let k = i; k < i + 4; k++) {
      const fk = from[k];
      if (fk === undefined || !JOINABLE.has(fk.kind)) break;
      joined += fk.text;
      skel += fk.skel;
      if (fk.kind !== 'particle' && fk.kind !== 'legal') initials += fk.text.charAt(0);
      n++;
      if (n < 2) continue;
      for (const [j, t] of to.entries()) {
        if (t.kind !== 'word' && t.kind !== 'generic' && t.kind !== 'legal') continue;
        // Chinese characters written as one Latin word in their Korean or Japanese reading.
        const readLangs = first.readings && t.glyph === undefined && joined !== t.text ? joinedReadingLangs(from, i, n, t.text) : 0;
        if (readLangs) {
          out.push(fromIsQuery ? { q: span(i, n), c: [j], score: SCORING.readingSimilarity, rule: 'reading', langs: readLangs } : { q: [j], c: span(i, n), score: SCORING.readingSimilarity, rule: 'reading', langs: readLangs });
          continue;
        }
        // "PLA" ~ "People's Liberation Army", "US" ~ "United States".
        if (initials.length >= 2 && t.text === initials && t.text.length <= 5) {
          out.push(fromIsQuery ? { q: span(i, n), c: [j], score: SCORING.initialSimilarity, rule: 'initial', langs: LANG_ANY } : { q: [j], c: span(i, n), score: SCORING.initialSimilarity, rule: 'initial', langs: LANG_ANY });
          continue;
        }
        if (n > 3 || t.kind === 'legal') continue;
        if (Math.abs(t.text.length - joined.length) > 3) continue;
        // Joined names keep their first letter (or, across abjad scripts, their first consonant).
        if (t.text[0] !== joined[0] && !(first.abjad || t.abjad)) continue;
        let s = editSimilarity(joined, t.text);
        if ((first.abjad || t.abjad) && skel === t.skel) s = Math.max(s, SCORING.skeletonSimilarity);
        if (s >= SCORING.minJoinedSimilarity) {
          out.push(fromIsQuery ? { q: span(i, n), c: [j], score: s, rule: 'joined', langs: LANG_ANY } : { q: [j], c: span(i, n), score: s, rule: 'joined', langs: LANG_ANY });
        }
      }
    }
  }
}

export interface CompareResult {
  score: number;
  explanation: Explanation;
}

// Numbers are not significant: series and vintage numbers (Fund VII / VIII, Trust 2004-1 / -2)
// usually name related vehicles of the same sponsor, which screening should surface.
const SIGNIFICANT = new Set<NameToken['kind']>(['word', 'generic']);

/** Score two normalised names. `weight` lets the index weigh tokens by rarity. */
export interface TokenWeights {
  query: readonly number[];
  candidate: readonly number[];
}

export function compareNormalized(
  q: NormalizedName,
  c: NormalizedName,
  weights: WeightFn | TokenWeights = defaultWeight,
  explain = true,
  queryExtraFactor = 1,
): CompareResult {
  const qt = q.tokens;
  const ct = c.tokens;
  if (qt.length === 0 || ct.length === 0) return { score: 0, explanation: emptyExplanation(qt, ct) };
  if (!explain) {
    const wq = typeof weights === 'function' ? qt.map((t) => weights(t, 'query')) : weights.query;
    const wc = typeof weights === 'function' ? ct.map((t) => weights(t, 'candidate')) : weights.candidate;
    return { score: quickScore(q, c, wq, wc, queryExtraFactor), explanation: NO_EXPLANATION };
  }
  if (q.key === c.key) {
    const tokens = qt.map((t, i): TokenAlignment => ({ query: t.text, candidate: t.text, score: 1, rule: 'exact', weight: round(typeof weights === 'function' ? weights(t, 'query') : at(weights.query, i, 'query token weight')) }));
    return { score: 1, explanation: { nameScore: 1, tokens, unmatchedQuery: [], unmatchedCandidate: [], adjustments: [], summary: 'exact match of the normalised name' } };
  }
  const pairs: Pair[] = [];
  for (const [i, a] of qt.entries()) {
    for (const [j, b] of ct.entries()) {
      const { score, rule } = tokenSimilarity(a, b);
      if (score >= SCORING.minTokenSimilarity) pairs.push({ q: [i], c: [j], score, rule, langs: lastLangs });
    }
  }
  joinedPairs(qt, ct, true, pairs);
  joinedPairs(ct, qt, false, pairs);
  // Best pairs first; on ties prefer pairs covering more tokens, then the earlier positions.
  pairs.sort((a, b) => b.score - a.score || b.q.length + b.c.length - (a.q.length + a.c.length) || a.q[0] - b.q[0]);
  const usedQ = new Uint8Array(qt.length);
  const usedC = new Uint8Array(ct.length);
  const chosen: Pair[] = [];
  for (const p of pairs) {
    if (p.q.some((i) => usedQ[i]) || p.c.some((j) => usedC[j])) continue;
    for (const i of p.q) usedQ[i] = 1;
    for (const j of p.c) usedC[j] = 1;
    chosen.push(p);
  }
  const wq = typeof weights === 'function' ? qt.map((t) => weights(t, 'query')) : weights.query;
  const wc = typeof weights === 'function' ? ct.map((t) => weights(t, 'candidate')) : weights.candidate;
  const personLike = q.schema === 'person' || c.schema === 'person';
  const adjustments: Adjustment[] = [];
  let matched = 0;
  let pairWeight = 0;
  let significantAligned = 0;
  let distinctiveAligned = 0;
  const tokens: TokenAlignment[] = [];
  for (const p of chosen) {
    const sq = p.q.reduce((s, i) => s + at(wq, i, 'query token weight'), 0);
    const sc = p.c.reduce((s, j) => s + at(wc, j, 'candidate token weight'), 0);
    // An initial carries only the weight of an initial, whatever it aligned with.
    const w = p.rule === 'initial' && p.q.length === 1 && p.c.length === 1 ? Math.min(sq, sc) : (sq + sc) / 2;
    let pairScore = p.score;
    if (personLike && familyNearMiss(qt, ct, p.q[0], p.q.length, p.c[0], p.c.length, p.rule === 'edit' || p.rule === 'phonetic', p.rule === 'clipped', pairScore)) {
      pairScore = Math.min(pairScore, SCORING.familyNearMissCap);
      p.score = pairScore; // the weak-alignment rule below sees the capped similarity, as in quickScore
      adjustments.push({ rule: 'family_name_near_miss', detail: 'the family names differ by more than a typo and do not sound alike', effect: `pair similarity at most ${SCORING.familyNearMissCap}` });
    }
    matched += w * pairScore;
    pairWeight += w;
    const pq = p.q.map((i) => at(qt, i, 'query token'));
    const pc = p.c.map((j) => at(ct, j, 'candidate token'));
    // A person is not identified by the initials of the other name (N.N. / Nursultan Nazarbayev).
    const personAcronym = personLike && p.rule === 'initial' && (p.q.length > 1 || p.c.length > 1);
    if (!personAcronym && pq.some((t) => SIGNIFICANT.has(t.kind)) && pc.some((t) => SIGNIFICANT.has(t.kind))) {
      significantAligned++;
      if (!pq.every(isCommonNameWord) && !pc.every(isCommonNameWord)) distinctiveAligned++;
    }
    if (explain) tokens.push({
      query: pq.map((t) => t.text).join(' '),
      candidate: pc.map((t) => t.text).join(' '),
      score: round(pairScore),
      rule: p.rule,
      weight: round(w),
    });
  }
  const unmatchedQuery = qt.filter((_, i) => !usedQ[i]).map((t) => t.text);
  const unmatchedCandidate = ct.filter((_, j) => !usedC[j]).map((t) => t.text);
  const legalQ = !personLike && hasUnalignedLegal(qt, usedQ);
  const legalC = !personLike && hasUnalignedLegal(ct, usedC);
  unalignedCost(qt, wq, usedQ, personLike, legalQ && !legalC);
  let uq = EXTRA.cost;
  const uqActivity = EXTRA.activity;
  const uqSignificant = EXTRA.significant;
  let patronymics = EXTRA.patronymics;
  unalignedCost(ct, wc, usedC, personLike, legalC && !legalQ);
  let uc = EXTRA.cost;
  const ucActivity = EXTRA.activity;
  const ucSignificant = EXTRA.significant;
  patronymics += EXTRA.patronymics;
  if (patronymics > 0) {
    adjustments.push({ rule: 'patronymic_extra', detail: `${patronymics} unaligned patronymic(s) (often left out)`, effect: `×${SCORING.patronymicExtraFactor} on their weight` });
  }
  if (legalQ !== legalC) {
    adjustments.push({ rule: 'legal_form_omitted', detail: 'only one name has a legal form left over: names are often given without it', effect: `×${SCORING.legalExtraFactor} on its weight` });
  }
  if (uqActivity + ucActivity > 0) {
    adjustments.push({ rule: 'added_activity_word', detail: 'an organisation-type word only one name has (Trust, Systems, Holdings): often a sister company', effect: 'full weight, not reduced as a subset' });
  }
  // One name is contained in the other (missing middle names, dropped qualifiers): the
  // surplus tokens of the longer name cost less. A single aligned given name is not enough
  // for a person.
  const subsetFactor = personLike ? SCORING.subsetExtraPersons : SCORING.subsetExtraOrgs;
  const subsetCap = personLike ? SCORING.subsetExtraCap : SCORING.subsetExtraCapOrgs;
  const subsetAllowed = personLike ? distinctiveAligned >= 2 : significantAligned >= 1;
  if (subsetAllowed && !uqSignificant && uc > 0) {
    uc = Math.min((uc - ucActivity) * subsetFactor, subsetCap) + ucActivity;
    adjustments.push({ rule: 'subset', detail: 'every query token aligned; extra candidate tokens weigh less', effect: `×${subsetFactor} on extras` });
  } else if (subsetAllowed && !ucSignificant && uq > 0) {
    // In screening, a party name with more parts than the list name is weaker evidence than
    // the converse (list names are usually the fuller ones): `queryExtraFactor` tunes that.
    uq = Math.min((uq - uqActivity) * subsetFactor * queryExtraFactor, subsetCap * queryExtraFactor) + uqActivity;
    adjustments.push({ rule: 'subset', detail: 'every candidate token aligned; extra query tokens weigh less', effect: `×${subsetFactor} on extras` });
  }
  let score = pairWeight + uq + uc > 0 ? matched / (pairWeight + uq + uc) : 0;
  if (uqSignificant && ucSignificant) {
    score = Math.min(score * SCORING.swapFactor, SCORING.swapCap);
    adjustments.push({ rule: 'replaced_token', detail: 'each name keeps a significant token the other lacks', effect: `×${SCORING.swapFactor}, at most ${SCORING.swapCap}` });
  }
  const weak = chosen.filter((p) => p.q.length === 1 && p.c.length === 1 && p.rule !== 'initial' && p.score < SCORING.weakAlignment && SIGNIFICANT.has(at(qt, p.q[0], 'query token').kind)).length;
  if (weak > 0) {
    const f = SCORING.weakAlignmentFactor ** weak;
    score *= f;
    adjustments.push({ rule: 'weak_alignment', detail: `${weak} aligned token pair(s) below ${SCORING.weakAlignment}`, effect: `×${round(f)}` });
  }
  if (significantAligned === 0 && chosen.length > 0) {
    score *= SCORING.particlesOnlyFactor;
    adjustments.push({ rule: 'no_significant_token', detail: 'only particles, initials or legal forms aligned', effect: `×${SCORING.particlesOnlyFactor}` });
  }
  if (chosen.reduce((l, p) => l & p.langs, LANG_ANY) === 0) {
    score *= SCORING.mixedReadingsFactor;
    adjustments.push({ rule: 'mixed_readings', detail: 'Chinese characters matched in readings of different languages', effect: `×${SCORING.mixedReadingsFactor}` });
  }
  // Reordered tokens: a small penalty (word order carries some meaning, e.g. given vs family name).
  const order = chosen.filter((p) => p.c.length && p.q.length).sort((a, b) => a.q[0] - b.q[0]).map((p) => p.c[0]);
  if (order.some((v, i) => {
    const prev = order[i - 1];
    return prev !== undefined && v < prev;
  })) {
    score *= SCORING.reorderFactor;
    adjustments.push({ rule: 'reordered', detail: 'tokens aligned out of order', effect: `×${SCORING.reorderFactor}` });
  }
  score *= structuralFactor(q, c, adjustments);
  const titled = q.titled || c.titled ? titledSurnameScore(q, c) : 0;
  if (titled > score) {
    score = titled;
    adjustments.push({ rule: 'title_and_surname', detail: 'a title and one word: the word is the other name’s family name', effect: `family-name similarity ×${SCORING.titleSurnameFactor}` });
  }
  // Only an exact normalised name scores 1.0.
  score = Math.min(score, 0.99);
  if (!explain) return { score: round(score), explanation: NO_EXPLANATION };
  const explanation: Explanation = {
    nameScore: round(score),
    tokens,
    unmatchedQuery,
    unmatchedCandidate,
    adjustments,
    summary: summarize(tokens, unmatchedQuery, unmatchedCandidate),
  };
  return { score: round(score), explanation };
}

// ---------- the allocation-free scoring path ----------
//
// `quickScore` computes exactly the score of `compareNormalized` (same pairs, same stable
// order, same arithmetic in the same order) without building an explanation: pairs live in
// reused typed arrays, and token-pair similarities are memoised by token identity.

const RULES: readonly TokenRule[] = ['exact', 'edit', 'phonetic', 'skeleton', 'initial', 'synonym', 'legal_form', 'joined', 'reading', 'inflection', 'clipped'];
const RULE_INITIAL = RULES.indexOf('initial');
const RULE_JOINED = RULES.indexOf('joined');
const RULE_READING = RULES.indexOf('reading');
const RULE_EDIT = RULES.indexOf('edit');
const RULE_PHONETIC = RULES.indexOf('phonetic');
const RULE_CLIPPED = RULES.indexOf('clipped');
const RULE_INDEX = new Map<TokenRule, number>(RULES.map((r, i) => [r, i]));

// Direct-mapped cache of token-pair similarities keyed by the two tokens' uids (an entry is
// only used when both uids match, so a collision costs a recomputation, never a wrong score).
const SIM_BITS = 12;
const simKeyA = new Int32Array(1 << SIM_BITS);
const simKeyB = new Int32Array(1 << SIM_BITS);
const simScore = new Float64Array(1 << SIM_BITS);
const simRule = new Uint8Array(1 << SIM_BITS);

/** Similarity of two tokens; the rule index is left in `lastRule`. */
let lastRule = 0;
function cachedSimilarity(a: NameToken, b: NameToken): number {
  const ua = a.uid ?? 0;
  const ub = b.uid ?? 0;
  if (ua > 0 && ub > 0) {
    // A SIM_BITS-bit hash: always an index of the 1 << SIM_BITS cache arrays.
    const h = Math.imul(ua ^ Math.imul(ub, 0x85ebca6b), 0x9e3779b1) >>> (32 - SIM_BITS);
    if (simKeyA[h] === ua && simKeyB[h] === ub) {
      lastRule = simRule[h]!;
      lastLangs = LANG_ANY; // cached pairs never involve a Chinese character (uid 0)
      return simScore[h]!;
    }
    const r = tokenSimilarity(a, b);
    simKeyA[h] = ua;
    simKeyB[h] = ub;
    simScore[h] = r.score;
    lastRule = simRule[h] = RULE_INDEX.get(r.rule)!;
    return r.score;
  }
  const r = tokenSimilarity(a, b);
  lastRule = RULE_INDEX.get(r.rule)!;
  return r.score;
}

// Pair pool: query range [q0, q0 + qn), candidate range [c0, c0 + cn), score, rule.
let cap = 256;
let pQ0 = new Int32Array(cap);
let pQn = new Int32Array(cap);
let pC0 = new Int32Array(cap);
let pCn = new Int32Array(cap);
let pScore = new Float64Array(cap);
let pRule = new Uint8Array(cap);
let pLang = new Uint8Array(cap);
let nPairs = 0;
const order: number[] = [];
let usedQ = new Uint8Array(64);
let usedC = new Uint8Array(64);
let chosenList = new Int32Array(64);
let cOfQ = new Int32Array(64);

function pushPair(q0: number, qn: number, c0: number, cn: number, score: number, rule: number, langs: number = LANG_ANY) {
  if (nPairs === cap) {
    cap *= 2;
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const g = new (a.constructor as new (n: number) => T)(cap);
      g.set(a);
      return g;
    };
    pQ0 = grow(pQ0);
    pQn = grow(pQn);
    pC0 = grow(pC0);
    pCn = grow(pCn);
    pScore = grow(pScore);
    pRule = grow(pRule);
    pLang = grow(pLang);
  }
  pQ0[nPairs] = q0;
  pQn[nPairs] = qn;
  pC0[nPairs] = c0;
  pCn[nPairs] = cn;
  pScore[nPairs] = score;
  pRule[nPairs] = rule;
  pLang[nPairs] = langs;
  nPairs++;
}

function joinedPairsFast(from: NameToken[], to: NameToken[], fromIsQuery: boolean) {
  for (let i = 0; i < from.length; i++) {
    const first = from[i]!; // i < from.length
    let joined = '';
    let skel = '';
    let initials = '';
    let n = 0;
    // Up to four tokens from i on, stopping at the end of the name or at a token that does not join.
    for (let k = i; k < i + 4; k++) {
      const fk = from[k];
      if (fk === undefined || !JOINABLE.has(fk.kind)) break;
      joined += fk.text;
      skel += fk.skel;
      if (fk.kind !== 'particle' && fk.kind !== 'legal') initials += fk.text.charAt(0);
      n++;
      if (n < 2) continue;
      for (let j = 0; j < to.length; j++) {
        const t = to[j]!; // j < to.length
        if (t.kind !== 'word' && t.kind !== 'generic' && t.kind !== 'legal') continue;
        const readLangs = first.readings && t.glyph === undefined && joined !== t.text ? joinedReadingLangs(from, i, n, t.text) : 0;
        if (readLangs) {
          if (fromIsQuery) pushPair(i, n, j, 1, SCORING.readingSimilarity, RULE_READING, readLangs);
          else pushPair(j, 1, i, n, SCORING.readingSimilarity, RULE_READING, readLangs);
          continue;
        }
        if (initials.length >= 2 && t.text === initials && t.text.length <= 5) {
          if (fromIsQuery) pushPair(i, n, j, 1, SCORING.initialSimilarity, RULE_INITIAL);
          else pushPair(j, 1, i, n, SCORING.initialSimilarity, RULE_INITIAL);
          continue;
        }
        if (n > 3 || t.kind === 'legal') continue;
        if (Math.abs(t.text.length - joined.length) > 3) continue;
        const abjad = first.abjad || t.abjad;
        if (t.text[0] !== joined[0] && !abjad) continue;
        let s = editSimilarity(joined, t.text);
        if (abjad && skel === t.skel) s = Math.max(s, SCORING.skeletonSimilarity);
        if (s >= SCORING.minJoinedSimilarity) {
          if (fromIsQuery) pushPair(i, n, j, 1, s, RULE_JOINED);
          else pushPair(j, 1, i, n, s, RULE_JOINED);
        }
      }
    }
  }
}

// a and b come from `order`, which holds pair numbers below nPairs ≤ cap, the length of the pool arrays.
const byPairRank = (a: number, b: number) =>
  pScore[b]! - pScore[a]! || pQn[b]! + pCn[b]! - (pQn[a]! + pCn[a]!) || pQ0[a]! - pQ0[b]!;

/** Weights must run parallel to the tokens (one per token); the scoring loops rely on it. */
function checkWeights(nq: number, nc: number, wq: readonly number[], wc: readonly number[]) {
  if (wq.length < nq || wc.length < nc) {
    throw new RangeError(`token weights do not cover the tokens: query ${wq.length} weights for ${nq} tokens, candidate ${wc.length} for ${nc}`);
  }
}

/** The score of `compareNormalized(q, c, weights, false, queryExtraFactor)`, without allocations. */
export function quickScore(q: NormalizedName, c: NormalizedName, wq: readonly number[], wc: readonly number[], queryExtraFactor = 1): number {
  const qt = q.tokens;
  const ct = c.tokens;
  const nq = qt.length;
  const nc = ct.length;
  if (nq === 0 || nc === 0) return 0;
  if (q.key === c.key) return 1;
  checkWeights(nq, nc, wq, wc);
  // Below, every token position i < nq and j < nc (pairs only cover token positions, see
  // pushPair's callers), every pair number is below nPairs ≤ cap, the pool arrays' length, and
  // usedQ / usedC / cOfQ / chosenList are grown to nq, nc and nq + nc first: the reads marked `!`
  // are in range. wq / wc are parallel to qt / ct (checkWeights).
  nPairs = 0;
  const minSim = SCORING.minTokenSimilarity;
  for (let i = 0; i < nq; i++) {
    const a = qt[i]!;
    for (let j = 0; j < nc; j++) {
      const score = cachedSimilarity(a, ct[j]!);
      if (score >= minSim) pushPair(i, 1, j, 1, score, lastRule, lastLangs);
    }
  }
  joinedPairsFast(qt, ct, true);
  joinedPairsFast(ct, qt, false);
  order.length = nPairs;
  for (let p = 0; p < nPairs; p++) order[p] = p;
  if (nPairs > 1) order.sort(byPairRank);
  if (usedQ.length < nq) {
    usedQ = new Uint8Array(nq * 2);
    cOfQ = new Int32Array(nq * 2);
  }
  if (usedC.length < nc) usedC = new Uint8Array(nc * 2);
  if (chosenList.length < nq + nc) chosenList = new Int32Array((nq + nc) * 2);
  usedQ.fill(0, 0, nq);
  usedC.fill(0, 0, nc);
  cOfQ.fill(-1, 0, nq);
  let nChosen = 0;
  for (let x = 0; x < nPairs; x++) {
    const p = order[x]!;
    const q0 = pQ0[p]!;
    const qEnd = q0 + pQn[p]!;
    const c0 = pC0[p]!;
    const cEnd = c0 + pCn[p]!;
    let taken = false;
    for (let i = q0; i < qEnd && !taken; i++) if (usedQ[i]) taken = true;
    for (let j = c0; j < cEnd && !taken; j++) if (usedC[j]) taken = true;
    if (taken) continue;
    for (let i = q0; i < qEnd; i++) usedQ[i] = 1;
    for (let j = c0; j < cEnd; j++) usedC[j] = 1;
    chosenList[nChosen++] = p;
  }
  const personLike = q.schema === 'person' || c.schema === 'person';
  let matched = 0;
  let pairWeight = 0;
  let significantAligned = 0;
  let distinctiveAligned = 0;
  let weak = 0;
  let langsAligned = LANG_ANY;
  for (let x = 0; x < nChosen; x++) {
    const p = chosenList[x]!;
    const q0 = pQ0[p]!;
    const qn = pQn[p]!;
    const c0 = pC0[p]!;
    const cn = pCn[p]!;
    let sq = 0;
    let qSig = false;
    let qCommon = true;
    for (let i = q0; i < q0 + qn; i++) {
      sq += wq[i]!;
      if (SIGNIFICANT.has(qt[i]!.kind)) qSig = true;
      if (!isCommonNameWord(qt[i]!)) qCommon = false;
    }
    let sc = 0;
    let cSig = false;
    let cCommon = true;
    for (let j = c0; j < c0 + cn; j++) {
      sc += wc[j]!;
      if (SIGNIFICANT.has(ct[j]!.kind)) cSig = true;
      if (!isCommonNameWord(ct[j]!)) cCommon = false;
    }
    const rule = pRule[p]!;
    const w = rule === RULE_INITIAL && qn === 1 && cn === 1 ? Math.min(sq, sc) : (sq + sc) / 2;
    let score = pScore[p]!;
    if (personLike && familyNearMiss(qt, ct, q0, qn, c0, cn, rule === RULE_EDIT || rule === RULE_PHONETIC, rule === RULE_CLIPPED, score)) {
      score = Math.min(score, SCORING.familyNearMissCap);
    }
    matched += w * score;
    pairWeight += w;
    if (qSig && cSig && !(personLike && rule === RULE_INITIAL && (qn > 1 || cn > 1))) {
      significantAligned++;
      if (!qCommon && !cCommon) distinctiveAligned++;
    }
    if (qn === 1 && cn === 1 && rule !== RULE_INITIAL && score < SCORING.weakAlignment && SIGNIFICANT.has(qt[q0]!.kind)) weak++;
    cOfQ[q0] = c0;
    langsAligned &= pLang[p]!;
  }
  const legalQ = !personLike && hasUnalignedLegal(qt, usedQ);
  const legalC = !personLike && hasUnalignedLegal(ct, usedC);
  unalignedCost(qt, wq, usedQ, personLike, legalQ && !legalC);
  let uq = EXTRA.cost;
  const uqActivity = EXTRA.activity;
  const uqSignificant = EXTRA.significant;
  unalignedCost(ct, wc, usedC, personLike, legalC && !legalQ);
  let uc = EXTRA.cost;
  const ucActivity = EXTRA.activity;
  const ucSignificant = EXTRA.significant;
  const subsetFactor = personLike ? SCORING.subsetExtraPersons : SCORING.subsetExtraOrgs;
  const subsetCap = personLike ? SCORING.subsetExtraCap : SCORING.subsetExtraCapOrgs;
  const subsetAllowed = personLike ? distinctiveAligned >= 2 : significantAligned >= 1;
  if (subsetAllowed && !uqSignificant && uc > 0) {
    uc = Math.min((uc - ucActivity) * subsetFactor, subsetCap) + ucActivity;
  } else if (subsetAllowed && !ucSignificant && uq > 0) {
    uq = Math.min((uq - uqActivity) * subsetFactor * queryExtraFactor, subsetCap * queryExtraFactor) + uqActivity;
  }
  let score = pairWeight + uq + uc > 0 ? matched / (pairWeight + uq + uc) : 0;
  if (uqSignificant && ucSignificant) score = Math.min(score * SCORING.swapFactor, SCORING.swapCap);
  if (weak > 0) score *= SCORING.weakAlignmentFactor ** weak;
  if (significantAligned === 0 && nChosen > 0) score *= SCORING.particlesOnlyFactor;
  if (langsAligned === 0) score *= SCORING.mixedReadingsFactor;
  let prevC = -1;
  for (let i = 0; i < nq; i++) {
    const c0 = cOfQ[i]!;
    if (c0 < 0) continue;
    if (c0 < prevC) {
      score *= SCORING.reorderFactor;
      break;
    }
    prevC = c0;
  }
  score *= structuralFactor(q, c, null);
  if (q.titled || c.titled) score = Math.max(score, titledSurnameScore(q, c));
  return round(Math.min(score, 0.99));
}

// ---------- rules on the names' structure (the same in both scoring paths) ----------

/** The product of the structural rules that apply; each is explained when `adjustments` is given. */
function structuralFactor(q: NormalizedName, c: NormalizedName, adjustments: Adjustment[] | null): number {
  let f = 1;
  if (patronymicReversed(q.tokens, c.tokens)) {
    f *= SCORING.patronymicReversedFactor;
    adjustments?.push({ rule: 'patronymic_reversed', detail: 'given name and father’s name swap places around “bin”', effect: `×${SCORING.patronymicReversedFactor}` });
  }
  return f;
}

/** The words around the first "bin"/"bint": [given name, father's name]. */
function patronym(tokens: readonly NameToken[]): [string, string] | null {
  for (let i = 1; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (t?.kind === 'particle' && (t.text === 'bin' || t.text === 'bint') && before && after) return [before.text, after.text];
  }
  return null;
}

function patronymicReversed(a: readonly NameToken[], b: readonly NameToken[]): boolean {
  const pa = patronym(a);
  const pb = pa && patronym(b);
  return !!pa && !!pb && pa[0] !== pa[1] && pa[0] === pb[1] && pa[1] === pb[0];
}

const NO_EXPLANATION: Explanation = { nameScore: 0, tokens: [], unmatchedQuery: [], unmatchedCandidate: [], adjustments: [], summary: '' };

function summarize(tokens: TokenAlignment[], uq: string[], uc: string[]): string {
  const parts = tokens.map((t) => `${t.query}~${t.candidate} ${t.rule} ${t.score.toFixed(2)}`);
  if (uq.length) parts.push(`unmatched in query: ${uq.join(' ')}`);
  if (uc.length) parts.push(`unmatched in list name: ${uc.join(' ')}`);
  return parts.join('; ');
}

function emptyExplanation(qt: NameToken[], ct: NameToken[]): Explanation {
  return {
    nameScore: 0,
    tokens: [],
    unmatchedQuery: qt.map((t) => t.text),
    unmatchedCandidate: ct.map((t) => t.text),
    adjustments: [],
    summary: 'a name has no comparable tokens',
  };
}

export function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Schema names of the name-pair benchmark (FollowTheMoney) to the normaliser's schemas. */
export function schemaOfFtm(schema: string | undefined): NameSchema {
  switch ((schema ?? '').toLowerCase()) {
    case 'person':
      return 'person';
    case 'company':
    case 'organization':
    case 'organisation':
      return 'org';
    case 'vessel':
      return 'vessel';
    default:
      return 'any';
  }
}

export interface PairScore extends CompareResult {
  match: boolean;
}

/** Score two raw names, e.g. for `aiep screen pairs`. */
export function scorePair(name1: string, name2: string, schema?: string, threshold = DEFAULT_THRESHOLD): PairScore {
  const s = schemaOfFtm(schema);
  const r = compareNormalized(normalizeName(name1, s), normalizeName(name2, s));
  return { ...r, match: r.score >= threshold };
}
