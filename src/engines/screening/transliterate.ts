// Script handling: everything becomes lowercase ASCII. any-ascii does most scripts; Hangul
// is romanised here (Revised Romanization, common surname spellings for the first syllable)
// and CJK ideographs become one token per character so pinyin syllables can be re-joined
// by the scorer ("xi jin ping" ~ "xi jinping").
import anyAscii from 'any-ascii';
import { CJK_READINGS } from './data/cjk-readings.ts';

const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const MEDIALS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
const FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

// Conventional spellings of common Korean surnames (as used in passports and on the lists).
const KOREAN_SURNAMES: Record<string, string> = {
  김: 'kim', 이: 'lee', 리: 'ri', 박: 'park', 최: 'choi', 정: 'jung', 강: 'kang', 조: 'cho', 윤: 'yoon', 장: 'jang',
  임: 'lim', 림: 'rim', 한: 'han', 오: 'oh', 서: 'seo', 신: 'shin', 권: 'kwon', 황: 'hwang', 안: 'ahn', 송: 'song',
  류: 'ryu', 유: 'yoo', 전: 'jeon', 홍: 'hong', 고: 'ko', 문: 'moon', 양: 'yang', 손: 'son', 배: 'bae', 백: 'baek',
  허: 'heo', 노: 'noh', 남: 'nam', 심: 'shim', 하: 'ha', 곽: 'kwak', 성: 'sung', 차: 'cha', 주: 'joo', 우: 'woo',
  구: 'koo', 민: 'min', 진: 'jin', 나: 'na', 지: 'ji', 엄: 'um', 채: 'chae', 원: 'won', 천: 'chun', 방: 'bang',
  공: 'kong', 현: 'hyun', 함: 'ham', 변: 'byun', 염: 'yeom', 여: 'yeo', 추: 'choo', 도: 'do', 석: 'seok', 선: 'sun',
  설: 'seol', 마: 'ma', 길: 'gil', 연: 'yeon', 위: 'wi', 표: 'pyo', 명: 'myung', 기: 'ki', 반: 'ban', 라: 'ra',
  왕: 'wang', 금: 'keum', 옥: 'ok', 육: 'yook', 인: 'in', 맹: 'maeng', 제: 'je', 모: 'mo', 탁: 'tak', 국: 'kook',
};

function romanizeSyllable(code: number): string {
  const s = code - 0xac00;
  const initial = INITIALS[Math.floor(s / 588)];
  const medial = MEDIALS[Math.floor((s % 588) / 28)];
  const final = FINALS[s % 28];
  // Every code in U+AC00..U+D7A3 (19 × 21 × 28 syllables) decomposes into the three tables.
  if (initial === undefined || medial === undefined || final === undefined) {
    throw new RangeError(`not a precomposed Hangul syllable: U+${code.toString(16).toUpperCase()}`);
  }
  return initial + medial + final;
}

const isHangul = (c: number) => c >= 0xac00 && c <= 0xd7a3;
const isIdeograph = (c: number) =>
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff);

/**
 * Scripts written without short vowels; their tokens are also compared by consonant skeleton.
 * Abjads (Hebrew, Arabic, Syriac) and the Brahmic abugidas of mainland South-East Asia (Thai,
 * Lao, Khmer, Myanmar), where a consonant's inherent vowel is not written and the romaniser
 * drops it (ពត → "pt" for Pot).
 */
const ABJAD = /[\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff]/;

export function hasAbjad(s: string): boolean {
  return ABJAD.test(s);
}

export function isAscii(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s);
}

/** Lowercase ASCII rendering of any name; syllables of CJK and Hangul separated by spaces. */
export function transliterate(input: string): string {
  if (isAscii(input)) return input.toLowerCase();
  let out = '';
  let run = '';
  const flush = () => {
    if (run) out += anyAscii(run);
    run = '';
  };
  const chars = Array.from(input.normalize('NFC'));
  const codeAt = (i: number) => chars[i]?.codePointAt(0) ?? -1;
  let prevHangul = false;
  for (const [i, ch] of chars.entries()) {
    const code = codeAt(i);
    const hangul = isHangul(code);
    if (hangul) {
      flush();
      // First syllable of a Hangul word of 2-4 syllables is the surname.
      let len = 1;
      while (isHangul(codeAt(i + len))) len++;
      const surname = !prevHangul && len >= 2 && len <= 4 ? KOREAN_SURNAMES[ch] : undefined;
      out += ` ${surname ?? romanizeSyllable(code)} `;
    } else if (isIdeograph(code)) {
      flush();
      out += ` ${anyAscii(ch)} `;
    } else run += ch;
    prevHangul = hangul;
  }
  flush();
  return out.toLowerCase();
}

/** Rendaku: the first consonant of a Japanese reading voiced inside a compound (ta → da, hayashi → bayashi). */
function voiced(reading: string): string | undefined {
  const m = /^(ch|sh|ts|k|s|t|h|f)/.exec(reading);
  if (!m?.[1]) return undefined;
  const v = ({ ch: 'j', sh: 'j', ts: 'z', k: 'g', s: 'z', t: 'd', h: 'b', f: 'b' } as Record<string, string>)[m[1]];
  return v === undefined ? undefined : v + reading.slice(m[1].length);
}

/** Languages of a reading, as bits: a name in characters is read in one language throughout. */
export const LANG_PINYIN = 1;
export const LANG_KOREAN = 2;
export const LANG_JAPANESE = 4;
export const LANG_ANY = 7;

export interface GlyphReadings {
  /** Readings at the start of a word: pinyin, Korean, Japanese. */
  initial: readonly string[];
  /** The languages of each reading (LANG_* bits), parallel to `initial`. */
  initialLangs: readonly number[];
  /** Readings inside a word: the above plus the voiced Japanese forms. */
  inner: readonly string[];
  innerLangs: readonly number[];
}

function withLangs(entries: readonly (readonly [string, number])[]): [string[], number[]] {
  const m = new Map<string, number>();
  for (const [r, l] of entries) m.set(r, (m.get(r) ?? 0) | l);
  return [[...m.keys()], [...m.values()]];
}

const READINGS_CACHE = new Map<string, GlyphReadings | null>();

/**
 * Korean and Japanese readings of a Chinese character (with its pinyin), or undefined when the
 * character is not in the name-character table (it then matches by pinyin only).
 */
export function cjkReadings(glyph: string, pinyin: string): GlyphReadings | undefined {
  const key = `${glyph}${pinyin}`;
  let r = READINGS_CACHE.get(key);
  if (r === undefined) {
    const t = CJK_READINGS.get(glyph);
    if (!t) r = null;
    else {
      const base: [string, number][] = [[pinyin, LANG_PINYIN], ...t.ko.map((k): [string, number] => [k, LANG_KOREAN]), ...t.ja.map((j): [string, number] => [j, LANG_JAPANESE])];
      const [initial, initialLangs] = withLangs(base);
      const [inner, innerLangs] = withLangs([...base, ...t.ja.flatMap((j): [string, number][] => {
        const v = voiced(j);
        return v === undefined ? [] : [[v, LANG_JAPANESE]];
      })]);
      r = { initial, initialLangs, inner, innerLangs };
    }
    READINGS_CACHE.set(key, r);
  }
  return r ?? undefined;
}

// ---------- Wade–Giles ----------
// Chinese names romanised before pinyin, and Taiwanese names to this day, use Wade–Giles:
// Mao Tse-tung / Mao Zedong, Teng Hsiao-ping / Deng Xiaoping, Tsai Ing-wen / Cai Yingwen.
// With the aspiration apostrophes lost (t'ung → tung), an unaspirated and an aspirated
// initial look alike, so both pinyin readings are kept (t → d or t, k → g or k, ch → zh, ch, j, q).
const WG_INITIALS: readonly (readonly [string, readonly string[]])[] = [
  ['ch', ['zh', 'ch', 'j', 'q']], ['hs', ['x']], ['ts', ['z', 'c']], ['tz', ['z', 'c']], ['ss', ['s']], ['sz', ['s']],
  ['sh', ['sh']], ['k', ['g', 'k']], ['t', ['d', 't']], ['p', ['b', 'p']], ['j', ['r']], ['f', ['f']], ['h', ['h']],
  ['l', ['l']], ['m', ['m']], ['n', ['n']], ['s', ['s']], ['w', ['w']], ['y', ['y']], ['', ['']],
];
const WG_FINALS = new Map<string, readonly string[]>([
  ['a', ['a']], ['ai', ['ai']], ['an', ['an']], ['ang', ['ang']], ['ao', ['ao']], ['e', ['e']], ['ei', ['ei']],
  ['en', ['en']], ['eng', ['eng']], ['erh', ['er']], ['i', ['i']], ['ia', ['ia']], ['iang', ['iang']], ['iao', ['iao']],
  ['ieh', ['ie']], ['ien', ['ian']], ['in', ['in']], ['ing', ['ing']], ['iu', ['iu']], ['iung', ['iong']],
  ['o', ['o', 'e', 'uo']], ['ou', ['ou']], ['u', ['u', 'i']], ['ua', ['ua']], ['uai', ['uai']], ['uan', ['uan']],
  ['uang', ['uang']], ['ui', ['ui']], ['un', ['un']], ['ung', ['ong']], ['uo', ['uo', 'o']], ['ih', ['i']],
  ['ueh', ['ue']], ['ueh', ['ue']], ['uan', ['uan']],
]);

/**
 * Pinyin readings of a word that is one Wade–Giles syllable (apostrophes and umlauts already
 * dropped), other than the word itself; undefined when it is not such a syllable or reads the same.
 */
export function wadeGilesReadings(word: string): string[] | undefined {
  if (word.length < 2 || word.length > 6) return undefined;
  for (const [initial, pinyinInitials] of WG_INITIALS) {
    if (!word.startsWith(initial)) continue;
    const finals = WG_FINALS.get(word.slice(initial.length));
    if (!finals) continue;
    const out = new Set<string>();
    for (const i of pinyinInitials) {
      for (const f of finals) {
        // ü-less spellings: "u" after ts/tz/ss (tzu, ssu) is pinyin "i"; elsewhere "u".
        if (f === 'i' && initial !== '' && !['ts', 'tz', 'ss', 'sz'].includes(initial) && word.endsWith('u')) continue;
        // yung → yong, yu stays.
        out.add(i + f);
      }
    }
    out.delete(word);
    return out.size ? [...out] : undefined;
  }
  return undefined;
}
