// Name normalisation: transliteration to ASCII, punctuation, initialisms, numbers, titles,
// legal forms (canonicalised through the rigour org_types table) and name particles.
// The result is a list of typed tokens that the scorer aligns and the index keys on.
import { RIGOUR } from './data/rigour.ts';
import { cjkReadings, hasAbjad, transliterate, wadeGilesReadings } from './transliterate.ts';

/** The kind of thing being named, as far as name rules go. */
export type NameSchema = 'person' | 'org' | 'vessel' | 'any';

export type TokenKind = 'word' | 'initial' | 'number' | 'legal' | 'particle' | 'generic';

export interface NameToken {
  text: string;
  kind: TokenKind;
  /** Came from an abjad script (Arabic, Hebrew, Thai): compare by consonant skeleton too. */
  abjad: boolean;
  /** Phonetic key (consonant classes, vowel runs folded). */
  phon: string;
  /** Consonant skeleton (vowels, y, w, h-after-consonant dropped, doubles collapsed). */
  skel: string;
  /** Synonym groups (nicknames, org words, legal-form generic class). */
  groups: readonly string[];
  /** The original character of a CJK or Hangul syllable token: such tokens compare by it. */
  glyph?: string;
  /**
   * Other readings of the token, itself included: of a Chinese character, its Korean and
   * Japanese readings besides the pinyin `text` (data/cjk-readings.ts); of a Latin word that is a
   * Wade–Giles syllable, its pinyin (tung → dong, tong). `readings` applies at the start of a
   * word, `innerReadings` inside one (adds the voiced Japanese forms, rendaku: ta → da in Yamada).
   */
  readings?: readonly string[];
  innerReadings?: readonly string[];
  /** Languages of each reading (LANG_* bits of transliterate.ts), parallel; absent: any. */
  readingLangs?: readonly number[];
  innerReadingLangs?: readonly number[];
  /**
   * Internal identity of a shared token object, for the scorer's token-pair cache
   * (0: not cached, e.g. a glyph token, which compares by its character).
   */
  uid?: number;
}

export interface NormalizedName {
  original: string;
  schema: NameSchema;
  tokens: NameToken[];
  /** Tokens joined by spaces: equal keys mean an exact (normalised) match. */
  key: string;
  /**
   * A person named by a title and one word ("President Erdoğan", "Dr Schmidt"): the word is
   * a family name (the title is kept as a token, as a title can also be a name: "Sra").
   */
  titled?: boolean;
}

// ---------- reference tables built once from the rigour data ----------

/** Lowercase ASCII words of a phrase, for table lookups (no legal-form or particle rules). */
function plainWords(s: string): string[] {
  return transliterate(s)
    .replace(/['’`ʻʼ]/g, '')
    .replace(/\.(?=[a-z]\.)/g, '')
    .replace(/([a-z])\.([a-z])\b\.?/g, '$1$2')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

interface LegalForm {
  canon: string;
  generic: string;
}

const LEGAL_PHRASES = new Map<string, LegalForm>(); // "public limited company" → {canon: "plc", generic: "jsc"}
const LEGAL_FIRST_WORDS = new Set<string>();
let MAX_LEGAL_WORDS = 1;
const PERSON_PREFIXES = new Set<string>();
let MAX_PREFIX_WORDS = 1;
const ORG_PREFIXES = new Set(['the', 'le', 'la']);
const WORD_GROUPS = new Map<string, string[]>(); // word → group ids (nicknames, org symbols)
const ORG_GENERIC = new Set<string>();
const PARTICLES = new Map<string, string>(); // particle → canonical

/** The one word of a phrase, or undefined when it has none or several. */
function singleWord(phrase: string): string | undefined {
  const words = plainWords(phrase);
  return words.length === 1 ? words[0] : undefined;
}

function addGroup(word: string, group: string) {
  const g = WORD_GROUPS.get(word);
  if (!g) WORD_GROUPS.set(word, [group]);
  else if (!g.includes(group)) g.push(group);
}

(function buildTables() {
  for (const [canon, generic, aliases] of RIGOUR.legalForms) {
    const c = plainWords(canon).join('');
    const g = plainWords(generic).join('');
    for (const alias of [...aliases, canon]) {
      const words = plainWords(alias);
      const [firstWord] = words;
      if (firstWord === undefined) continue;
      const phrase = words.join(' ');
      // The same alias can appear under several forms; keep the first (rigour's order).
      if (!LEGAL_PHRASES.has(phrase)) LEGAL_PHRASES.set(phrase, { canon: c, generic: g || c });
      LEGAL_FIRST_WORDS.add(firstWord);
      if (words.length > 1 && words.every((w) => w.length === 1)) LEGAL_FIRST_WORDS.add(words.join(''));
      // "L.L.C." and "LLC" should both hit: also register the joined form.
      if (words.length > 1 && words.every((w) => w.length === 1) && !LEGAL_PHRASES.has(words.join(''))) {
        LEGAL_PHRASES.set(words.join(''), { canon: c, generic: g || c });
      }
      MAX_LEGAL_WORDS = Math.max(MAX_LEGAL_WORDS, words.length);
    }
  }
  for (const p of RIGOUR.personPrefixes) {
    const words = plainWords(p);
    if (words.length) {
      PERSON_PREFIXES.add(words.join(' '));
      MAX_PREFIX_WORDS = Math.max(MAX_PREFIX_WORDS, words.length);
    }
  }
  for (const p of RIGOUR.orgPrefixes) ORG_PREFIXES.add(plainWords(p).join(' '));
  // Symbol and nickname groups: [canonical name, ...variants].
  for (const [head, ...variants] of RIGOUR.nicknames) {
    const id = `nick:${head}`;
    for (const w of variants) {
      const word = singleWord(w);
      if (word !== undefined) addGroup(word, id);
    }
  }
  for (const [head, ...variants] of RIGOUR.orgSymbols) {
    const id = `org:${head}`;
    for (const w of variants) {
      const word = singleWord(w);
      if (word !== undefined) {
        addGroup(word, id);
        ORG_GENERIC.add(word);
      }
    }
  }
  for (const [head, ...variants] of RIGOUR.personSymbols) {
    const canon = head?.toLowerCase();
    if (canon === undefined || !['bin', 'bint', 'von', 'van'].includes(canon)) continue;
    for (const w of variants) {
      const word = singleWord(w);
      if (word !== undefined) PARTICLES.set(word, canon);
    }
  }
  // Common name particles not in the table: articles and prepositions of family names.
  for (const p of ['al', 'el', 'ul', 'de', 'da', 'di', 'du', 'del', 'della', 'der', 'den', 'dos', 'das', 'le', 'la', 'y', 'e', 'and', 'of', 'the', 'for', 'und', 'et', 'abd']) {
    if (!PARTICLES.has(p)) PARTICLES.set(p, p === 'ul' || p === 'el' ? 'al' : p);
  }
})();

// Joining words of organisation names: kept as low-weight particles.
const ORG_STOPWORDS = new Set(['and', 'of', 'the', 'de', 'y', 'e', 'for', 'und', 'et']);

// Roman numerals of fund and company series ("Partners VII", "Solutions II").
const ROMAN = new Map(['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii'].map((r, k) => [r, k + 1]));

// A Map, not an object literal: a lookup must not reach Object.prototype ("constructor").
const NUMBER_WORDS = new Map<string, number>(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  hundred: 100, first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
}));

// ---------- keys ----------

/** Phonetic key: common transliteration alternations folded, vowel runs reduced to one "a". */
export function phoneticKey(word: string): string {
  let s = word
    .replace(/x/g, 'ks')
    .replace(/ph/g, 'f')
    .replace(/(?:dzh|dj|zh|j)/g, 'j')
    .replace(/(?:kh|gh)/g, 'h')
    .replace(/(?:tsch|tch|sch|tsh|ch|sh)/g, 'x')
    .replace(/ck|q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/z/g, 's')
    .replace(/w/g, 'v')
    .replace(/th/g, 't')
    .replace(/dh/g, 'd')
    .replace(/y/g, 'i');
  const first = s[0] === 'h' ? 'h' : '';
  s = (first + s.slice(first.length).replace(/h/g, '')).replace(/[aeiou]+/g, 'a');
  return s.replace(/(.)\1+/g, '$1');
}

/** Consonant skeleton, for abjad transliterations ("mhmd" ~ "mohamed"). */
export function skeletonKey(word: string): string {
  return word
    .replace(/[^a-z0-9]/g, '')
    .replace(/[aeiouyw]/g, '')
    .replace(/(.)\1+/g, '$1');
}

// Tokens are immutable and names repeat words a lot: share one token object per word.
const TOKEN_CACHE = new Map<string, NameToken>();
let nextTokenUid = 1;

function makeToken(text: string, kind: TokenKind, abjad: boolean, groups: readonly string[] = []): NameToken {
  const cacheKey = `${kind}${abjad ? '!' : ':'}${text}`;
  let t = TOKEN_CACHE.get(cacheKey);
  if (!t) {
    // Token objects are immutable, so a pair of uids identifies a pair of comparisons.
    const uid = nextTokenUid < 0x7fffffff ? nextTokenUid++ : 0;
    // A Wade–Giles syllable (Tse, Tung, Hsiao) also reads as its pinyin (ze, dong, xiao).
    const wg = kind === 'word' && !abjad ? wadeGilesReadings(text) : undefined;
    const readings = wg ? [text, ...wg] : undefined;
    // Every token has the same properties in the same order (one object shape keeps the
    // scoring and index loops monomorphic); a glyph token overrides some of them.
    t = {
      text, kind, abjad, phon: phoneticKey(text), skel: skeletonKey(text), groups, glyph: undefined, uid,
      readings, innerReadings: readings, readingLangs: undefined, innerReadingLangs: undefined,
    };
    if (TOKEN_CACHE.size < 500_000) TOKEN_CACHE.set(cacheKey, t);
  }
  return t;
}

// ---------- the normaliser ----------

/** Digits between letters are look-alikes (Sech1n, I9or): read them as letters. */
function unLeet(word: string): string {
  if (!/[a-z]/.test(word) || !/\d/.test(word)) return word;
  return word.replace(/(?<=[a-z])[013459](?=[a-z])|^[013459](?=[a-z]{2})/g, (d) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '9': 'g' })[d] ?? d);
}

const SYLLABIC = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

function splitWords(text: string): { words: string[]; abjad: boolean[]; glyphs: (string | undefined)[] } {
  const words: string[] = [];
  const abjad: boolean[] = [];
  const glyphs: (string | undefined)[] = [];
  const pushSyllables = (raw: string) => {
    // One token per CJK / Hangul character, remembering the character. A pure run is
    // transliterated whole (Korean surname rule needs the word), else character by character.
    const chars = Array.from(raw);
    if (chars.every((ch) => SYLLABIC.test(ch))) {
      const parts = transliterate(raw).split(/[^a-z0-9]+/).filter(Boolean);
      if (parts.length === chars.length) {
        parts.forEach((w, k) => {
          words.push(w);
          abjad.push(false);
          glyphs.push(chars[k]);
        });
        return;
      }
    }
    for (const ch of chars) {
      for (const w of transliterate(ch).split(/[^a-z0-9]+/)) {
        if (!w) continue;
        words.push(w);
        abjad.push(false);
        glyphs.push(SYLLABIC.test(ch) ? ch : undefined);
      }
    }
  };
  // Transliterate word by word so that each token remembers its script.
  for (const raw of text.split(/[\s,;:/\\()[\]{}<>"|+*!?·•・]+/)) {
    if (!raw) continue;
    if (SYLLABIC.test(raw)) {
      pushSyllables(raw);
      continue;
    }
    const isAbjad = hasAbjad(raw);
    let t = transliterate(raw)
      .replace(/['’`ʻʼ‘]/g, '')
      .replace(/&/g, ' and ')
      .replace(/%/g, ' percent ');
    // Initialisms: "u.s." → "us", "l.l.c." → "llc"; other dots separate words.
    t = t.replace(/\b(?:[a-z0-9]\.){2,}(?:[a-z0-9]\b)?/g, (m) => m.replace(/\./g, ''));
    for (const w of t.split(/[^a-z0-9]+/)) {
      if (!w) continue;
      words.push(/^\d+(?:st|nd|rd|th)$/.test(w) ? w : unLeet(w));
      abjad.push(isAbjad);
      glyphs.push(undefined);
    }
  }
  return { words, abjad, glyphs };
}

/** Whether the words are a title phrase ("President", "Field Marshal") followed by exactly one word. */
function titleThenOneWord(words: readonly string[]): boolean {
  const n = words.length - 1;
  const last = words[n];
  return n >= 1 && n <= MAX_PREFIX_WORDS && last !== undefined && /^[a-z]{2,}$/.test(last) && !PERSON_PREFIXES.has(last) && PERSON_PREFIXES.has(words.slice(0, n).join(' '));
}

/** Person names published as "SURNAME, Given" are turned around. */
function reorderCommaName(name: string, schema: NameSchema): string {
  if (schema !== 'person' && schema !== 'any') return name;
  const parts = name.split(',');
  if (parts.length !== 2) return name;
  const [last, first] = parts.map((p) => p.trim());
  if (!last || !first) return name;
  const firstWords = plainWords(first);
  const lastWord = firstWords.at(-1);
  if (lastWord === undefined || firstWords.length > 4) return name;
  if (LEGAL_PHRASES.has(firstWords.join(' ')) || LEGAL_PHRASES.has(lastWord)) return name;
  return `${first} ${last}`;
}

export function normalizeName(name: string, schema: NameSchema = 'any'): NormalizedName {
  const { words, abjad, glyphs } = splitWords(reorderCommaName(name.normalize('NFKC'), schema));
  const tokens: NameToken[] = [];
  const orgLike = schema === 'org' || schema === 'any';
  let i = 0;
  // Leading titles of persons ("Mr", "President", "Prof Dr") and "The" of organisations.
  if (schema === 'person') {
    let stripped = true;
    // A title is dropped only when at least two name words remain ("Sra" is also a name).
    while (stripped && i < words.length - 2) {
      stripped = false;
      for (let n = Math.min(MAX_PREFIX_WORDS, words.length - 2 - i); n >= 1; n--) {
        if (PERSON_PREFIXES.has(words.slice(i, i + n).join(' '))) {
          i += n;
          stripped = true;
          break;
        }
      }
    }
  } else if (orgLike && words.length > 1 && ORG_PREFIXES.has(words[0] ?? '')) i = 1;
  const titled = schema === 'person' && titleThenOneWord(words);

  for (; i < words.length; i++) {
    const w = words[i]!; // i < words.length
    // Legal forms, longest phrase first (organisations and unknown-type names only).
    // A Roman numeral after a word is a series number ("Solutions II"), not a legal form that
    // happens to be spelt the same (Romanian "II", întreprindere individuală).
    if (orgLike && LEGAL_FIRST_WORDS.has(w) && !(i > 0 && ROMAN.has(w))) {
      let matched = 0;
      for (let n = Math.min(MAX_LEGAL_WORDS, words.length - i); n >= 1; n--) {
        const form = LEGAL_PHRASES.get(words.slice(i, i + n).join(' '));
        // A lone one-letter word is never a legal form ("A" of "A. Smith").
        if (form && !(n === 1 && w.length === 1)) {
          tokens.push(makeToken(form.canon, 'legal', false, [`legal:${form.generic}`]));
          matched = n;
          break;
        }
      }
      if (matched) {
        i += matched - 1;
        continue;
      }
    }
    if (/^\d+$/.test(w)) {
      tokens.push(makeToken(String(Number(w)), 'number', false));
      continue;
    }
    const ordinal = /^(\d+)(?:st|nd|rd|th)$/.exec(w);
    const digits = ordinal?.[1];
    if (digits !== undefined) {
      tokens.push(makeToken(digits, 'number', false));
      continue;
    }
    let value = NUMBER_WORDS.get(w);
    if (value !== undefined) {
      // "forty four" → 44
      const units = NUMBER_WORDS.get(words[i + 1] ?? '');
      if (value >= 20 && value % 10 === 0 && units !== undefined && units < 10) {
        value += units;
        i++;
      }
      // "one" and "second" are also ordinary words in names; only convert in organisation names.
      if (orgLike || schema === 'vessel') {
        tokens.push(makeToken(String(value), 'number', false));
        continue;
      }
    }
    if (w.length === 1 && /[a-z]/.test(w) && schema !== 'org') {
      if (!(PARTICLES.has(w) && words.length > 2)) tokens.push(makeToken(w, 'initial', abjad[i] === true));
      continue;
    }
    const particle = PARTICLES.get(w);
    if (particle && words.length > 1 && (schema !== 'org' || ORG_STOPWORDS.has(w))) {
      tokens.push(makeToken(particle, 'particle', abjad[i] === true));
      continue;
    }
    if (schema !== 'person' && ROMAN.has(w) && i > 0) {
      tokens.push(makeToken(String(ROMAN.get(w)), 'number', false));
      continue;
    }
    const groups = WORD_GROUPS.get(w) ?? [];
    const kind: TokenKind = orgLike && ORG_GENERIC.has(w) && schema !== 'any' ? 'generic' : 'word';
    const token = makeToken(w, kind, abjad[i] === true, groups);
    const glyph = glyphs[i];
    if (glyph) {
      const r = cjkReadings(glyph, w);
      // A character's token compares by the character and its own readings, never by the
      // Wade–Giles readings its romanised syllable would have as a Latin word (지 "ji" is not "ri").
      tokens.push({
        ...token, glyph, uid: 0,
        readings: r?.initial, innerReadings: r?.inner, readingLangs: r?.initialLangs, innerReadingLangs: r?.innerLangs,
      });
    } else tokens.push(token);
  }
  const key = tokens.map((t) => t.glyph ?? t.text).join(' ');
  return titled ? { original: name, schema, tokens, key, titled } : { original: name, schema, tokens, key };
}

export function schemaOfType(type: string | undefined): NameSchema {
  switch ((type ?? '').toLowerCase()) {
    case 'person':
    case 'individual':
      return 'person';
    case 'organization':
    case 'organisation':
    case 'entity':
    case 'company':
    case 'legalentity':
    case 'aircraft':
      return 'org';
    case 'vessel':
      return 'vessel';
    default:
      return 'any';
  }
}
