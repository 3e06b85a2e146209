import { describe, expect, it } from 'vitest';
import { normalizeName, phoneticKey, skeletonKey } from './normalize.ts';
import { transliterate } from './transliterate.ts';
import { countryCode } from './countries.ts';

const words = (name: string, schema: Parameters<typeof normalizeName>[1] = 'any') => normalizeName(name, schema).tokens.map((t) => t.text);
const kinds = (name: string, schema: Parameters<typeof normalizeName>[1] = 'any') => normalizeName(name, schema).tokens.map((t) => `${t.text}/${t.kind}`);

describe('transliteration across scripts', () => {
  it.each([
    ['Владимир Путин', 'vladimir putin'], // Cyrillic
    ['Νικόλαος', 'nikolaos'], // Greek
    ['محمد علي', 'mhmd ly'], // Arabic (abjad)
    ['משה', 'msh'], // Hebrew (abjad)
    ['สมชาย', 'smchay'], // Thai
    ['ბარაკ ობამა', 'barak obama'], // Georgian
    ['やまだ', 'yamada'], // Japanese kana
    ['Erdoğan Plenković Simonyán', 'erdogan plenkovic simonyan'], // diacritics
  ])('%s → %s', (input, expected) => {
    expect(words(input, 'person').join(' ')).toBe(expected);
  });

  it('romanises Hangul by syllable with conventional surnames', () => {
    expect(words('김정은', 'person')).toEqual(['kim', 'jeong', 'eun']);
    expect(words('박지성', 'person')).toEqual(['park', 'ji', 'seong']);
  });

  it('splits CJK ideographs into syllables and remembers the glyph', () => {
    const n = normalizeName('习近平', 'person');
    expect(n.tokens.map((t) => t.text)).toEqual(['xi', 'jin', 'ping']);
    expect(n.tokens.map((t) => t.glyph)).toEqual(['习', '近', '平']);
    expect(transliterate('Straße')).toBe('strasse');
  });
});

describe('punctuation, initialisms, numbers', () => {
  it('joins initialisms and drops apostrophes', () => {
    expect(words('U.S. Department of State', 'org')).toEqual(['us', 'department', 'of', 'state']);
    expect(words("Al Qa'ida")).toEqual(['al', 'qaida']);
    expect(words('Margarita-Simonyan', 'person')).toEqual(['margarita', 'simonyan']);
  });

  it('reads look-alike digits inside words and number words in org names', () => {
    expect(words('Ig0r Sech1n', 'person')).toEqual(['igor', 'sechin']);
    expect(words('Brigade Forty-Four', 'org')).toEqual(['brigade', '44']);
    expect(words('1st International Bank', 'org')[0]).toBe('1');
    expect(words('First International Bank', 'org')[0]).toBe('1');
    expect(words('Blackstone Capital Partners VII L.P.', 'org')).toContain('7');
    // Only number words: "constructor" once read Object.prototype.constructor as a number.
    expect(kinds('Constructor Holdings', 'org')).toEqual(['constructor/word', 'holdings/generic']);
  });
});

describe('persons: titles, comma order, particles', () => {
  it('drops titles and honorifics', () => {
    expect(words('Mr. Recep Tayyip Erdoğan', 'person')).toEqual(['recep', 'tayyip', 'erdogan']);
    expect(words('President Barack Obama', 'person')).toEqual(['barack', 'obama']);
  });

  it('turns "SURNAME, Given" around', () => {
    expect(words('PUTIN, Vladimir Vladimirovich', 'person')).toEqual(['vladimir', 'vladimirovich', 'putin']);
  });

  it('marks particles and initials', () => {
    expect(kinds('Usama bin Laden', 'person')).toEqual(['usama/word', 'bin/particle', 'laden/word']);
    expect(kinds('V. Putin', 'person')).toEqual(['v/initial', 'putin/word']);
  });
});

describe('organisations: legal forms from the rigour table', () => {
  it('canonicalises legal forms across spellings and languages', () => {
    expect(words('Siemens Aktiengesellschaft', 'org')).toEqual(words('Siemens AG', 'org'));
    expect(words('Bowne Global Solutions, L.L.C.', 'org')).toEqual(words('Bowne Global Solutions LLC', 'org'));
    expect(words('Vodafone Limited', 'org')).toEqual(words('Vodafone Ltd', 'org'));
    expect(words('ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ БАЙ', 'org')).toEqual(words('OOO BAY', 'org'));
    const legal = normalizeName('OAO Gazprom', 'org').tokens[0];
    expect(legal?.kind).toBe('legal');
    expect(legal?.groups).toContain(normalizeName('Gazprom JSC', 'org').tokens[1]?.groups[0]);
  });

  it('drops a leading "The" and keeps "&" as "and"', () => {
    expect(words('The Coca-Cola Company', 'org')).toEqual(words('Coca-Cola Company', 'org'));
    expect(words('Procter & Gamble Co.', 'org')).toEqual(words('Procter and Gamble Co.', 'org'));
  });
});

describe('keys', () => {
  it('folds transliteration variants in the phonetic key', () => {
    expect(phoneticKey('jeong')).toBe(phoneticKey('jong'));
    expect(phoneticKey('ahmadinezhad')).toBe(phoneticKey('ahmadinejad'));
    expect(phoneticKey('sergei')).toBe(phoneticKey('sergey'));
  });

  it('reduces abjad transliterations and Latin spellings to the same skeleton', () => {
    expect(skeletonKey('mhmd')).toBe(skeletonKey('muhammad'));
    expect(skeletonKey('hsn')).toBe(skeletonKey('hassan'));
    expect(skeletonKey('dvd')).toBe(skeletonKey('david'));
  });
});

describe('country names', () => {
  it('maps list spellings to ISO codes', () => {
    expect(countryCode('Iran (Islamic Republic of)')).toBe('IR');
    expect(countryCode("Democratic People's Republic of Korea")).toBe('KP');
    expect(countryCode('Russian Federation')).toBe('RU');
    expect(countryCode('gb')).toBe('GB');
    expect(countryCode('XX')).toBeUndefined();
  });
});

describe('readings and titles', () => {
  it('gives Chinese characters their Korean and Japanese readings, voiced inside a word', () => {
    const [kim] = normalizeName('金', 'person').tokens;
    expect(kim?.text).toBe('jin');
    expect(kim?.readings).toEqual(expect.arrayContaining(['jin', 'kim', 'gim', 'kin', 'kane']));
    const [, ta] = normalizeName('山田', 'person').tokens;
    expect(ta?.innerReadings).toContain('da');
    expect(ta?.readings).not.toContain('da');
    // Long vowels in their usual spellings: 藤 tō.
    expect(normalizeName('藤', 'person').tokens[0]?.readings).toEqual(expect.arrayContaining(['to', 'tou', 'toh']));
    // A character missing from the table keeps its pinyin only.
    expect(normalizeName('琳', 'person').tokens[0]?.readings).toBeUndefined();
  });

  it('gives Wade–Giles syllables their pinyin readings', () => {
    expect(normalizeName('Tse-tung', 'person').tokens.map((t) => t.readings)).toEqual([
      expect.arrayContaining(['ze', 'ce']),
      expect.arrayContaining(['dong', 'tong']),
    ]);
    expect(normalizeName('Hsiao', 'person').tokens[0]?.readings).toContain('xiao');
    expect(normalizeName('Vladimir', 'person').tokens[0]?.readings).toBeUndefined();
  });

  it('marks a title followed by one word, keeping the title word', () => {
    expect(normalizeName('President Erdoğan', 'person').titled).toBe(true);
    expect(normalizeName('Field Marshal Tantawi', 'person').titled).toBe(true);
    expect(words('President Erdoğan', 'person')).toEqual(['president', 'erdogan']);
    expect(normalizeName('President Barack Obama', 'person').titled).toBeUndefined();
    expect(normalizeName('President Erdoğan', 'org').titled).toBeUndefined();
  });

  it('reads a Roman numeral after a word as a series number, not a legal form', () => {
    expect(kinds('Bowne Global Solutions II, Inc.', 'org')).toContain('2/number');
  });

  it('marks Khmer words for skeleton comparison', () => {
    expect(normalizeName('ប៉ុល ពត', 'person').tokens.every((t) => t.abjad)).toBe(true);
  });
});
