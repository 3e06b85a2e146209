// Script handling: everything becomes lowercase ASCII. any-ascii does most scripts; Hangul
// is romanised here (Revised Romanization, common surname spellings for the first syllable)
// and CJK ideographs become one token per character so pinyin syllables can be re-joined
// by the scorer ("xi jin ping" ~ "xi jinping").
import anyAscii from 'any-ascii';

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

/** Scripts written without short vowels; their tokens are also compared by consonant skeleton. */
const ABJAD = /[\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u0e00-\u0e7f]/;

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
