import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, scorePair } from './scorer.ts';

const score = (a: string, b: string, schema?: string) => scorePair(a, b, schema).score;
const T = DEFAULT_THRESHOLD;

describe('scorePair rules', () => {
  it('scores an exact (normalised) name 1.0 and documents one default threshold', () => {
    expect(score('Vladimir Putin', 'Vladimir Putin', 'Person')).toBe(1);
    expect(score('PUTIN, Vladimir', 'Vladimir Putin', 'Person')).toBe(1);
    expect(score('Siemens AG', 'Siemens Aktiengesellschaft', 'Company')).toBe(1);
    expect(T).toBeGreaterThan(0.5);
    expect(T).toBeLessThan(1);
  });

  it('keeps non-exact matches below 1.0', () => {
    expect(score('Vladimir Putim', 'Vladimir Putin', 'Person')).toBeLessThan(1);
  });

  it('tolerates typos and transpositions', () => {
    expect(score('Sergi Lavrov', 'Sergei Lavrov', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Donlad Trump', 'Donald Trump', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Tayota Motor Corporation', 'Toyota Motor Corporation', 'Company')).toBeGreaterThanOrEqual(T);
  });

  it('tells a son from his father: given and father’s names swapped around “bin”', () => {
    const swapped = scorePair('Salman bin Muhammad Al-Rawi', 'Muhammad bin Salman Al-Rawi', 'Person');
    expect(swapped.score).toBeLessThan(T);
    expect(swapped.explanation.adjustments.map((a) => a.rule)).toContain('patronymic_reversed');
    expect(score('Salman bin Muhammad Al-Rawi', 'Salman ibn Muhammad al Rawi', 'Person')).toBeGreaterThanOrEqual(T);
  });

  it('handles reordering with a small penalty', () => {
    const s = score('Laden Osama bin', 'Osama bin Laden', 'Person');
    expect(s).toBeGreaterThanOrEqual(T);
    expect(s).toBeLessThan(1);
  });

  it('handles missing middle names and initials', () => {
    expect(score('Sergey Lavrov', 'Sergey Viktorovich Lavrov', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('V. Putin', 'Vladimir Putin', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Hans J Friedrich', 'Hans Joachim Friedrich', 'Person')).toBeGreaterThanOrEqual(T);
  });

  it('does not match on a single shared given name', () => {
    expect(score('Walijan', 'Walijan Abdul Ghafoor Haqqani', 'Person')).toBeLessThan(T);
    expect(score('Barack Obama', 'George Hussein Onyango Obama', 'Person')).toBeLessThan(T);
  });

  it('rejects a replaced name part (different given name or patronymic)', () => {
    expect(score('Igor Deripaska', 'Oleg Deripaska', 'Person')).toBeLessThan(T);
    expect(score('Geoffrey Boris Johnson', 'Alexandre Boris de Pfeffel Johnson', 'Person')).toBeLessThan(T);
  });

  it('matches joined and split names', () => {
    expect(score('VladimirPutin', 'Vladimir Putin', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Xi Jin Ping', 'Xi Jinping', 'Person')).toBeGreaterThanOrEqual(T);
  });

  it('matches transliteration variants across scripts', () => {
    expect(score('Владимир Путин', 'Vladimir Putin', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('محمد علي', 'Mohamed Ali', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('משה', 'Moshe', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('김정은', 'Kim Jong Un', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Wladimir Putin', 'Vladimir Putin', 'Person')).toBeGreaterThanOrEqual(T);
  });

  it('compares same-script CJK and Hangul names by character', () => {
    expect(score('김종은', '김정은', 'Person')).toBeLessThan(T);
    expect(score('高石早苗', '高市早苗', 'Person')).toBeLessThan(T);
  });

  it('applies organisation rules: legal forms, initialisms, mismatched legal forms', () => {
    expect(score('OAO Gazprom', 'Gasprom JSC', 'Company')).toBeGreaterThanOrEqual(T);
    expect(score('PLA', "People's Liberation Army", 'Organization')).toBeGreaterThanOrEqual(T);
    expect(score('Deutsche Bank AG', 'Deutsche Bank GmbH', 'Company')).toBeLessThan(score('Deutsche Bank AG', 'Deutsche Bank', 'Company'));
  });

  it('explains every aligned token with its rule and score', () => {
    const r = scorePair('Sergi Lavrov', 'Sergei Viktorovich Lavrov', 'Person');
    expect(r.explanation.tokens).toEqual([
      expect.objectContaining({ query: 'lavrov', candidate: 'lavrov', rule: 'exact', score: 1 }),
      expect.objectContaining({ query: 'sergi', candidate: 'sergei', rule: expect.stringMatching(/^(edit|phonetic)$/) }),
    ]);
    expect(r.explanation.unmatchedCandidate).toEqual(['viktorovich']);
    expect(r.explanation.adjustments.map((a) => a.rule)).toContain('subset');
    expect(r.explanation.summary).toContain('sergi~sergei');
    expect(r.match).toBe(r.score >= T);
  });
});

describe('name rules for the remaining miss classes', () => {
  const rules = (a: string, b: string, schema?: string) => scorePair(a, b, schema).explanation;

  it('reads Chinese characters in Korean and Japanese, including voiced forms inside a word', () => {
    expect(score('金正恩', 'Kim Jong Un', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('金正恩', 'Kim Jong-un', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('金正恩', '김정은', 'Person')).toBeGreaterThanOrEqual(T); // Hanja against Hangul
    expect(score('山田太郎', 'Yamada Taro', 'Person')).toBeGreaterThanOrEqual(T); // rendaku: ta → da
    expect(score('田中花子', 'Tanaka Hanako', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('佐藤', 'Satoh', 'Person')).toBeGreaterThanOrEqual(T); // passport long vowel
    expect(rules('山田太郎', 'Yamada Taro', 'Person').tokens.map((t) => t.rule)).toEqual(['reading', 'reading']);
    // Pinyin still works, and a reading is not a licence for anything: other syllables miss.
    expect(score('习近平', 'Xi Jinping', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('金正恩', 'Kim Jong Il', 'Person')).toBeLessThan(T);
    expect(score('山田太郎', 'Yamamoto Taro', 'Person')).toBeLessThan(T);
    // A name is read in one language: 張 in Korean (Jang) with 暢 in Mandarin (Chang) is no reading.
    const mixed = scorePair('畅 张', 'JANG, Chang Ha', 'Person');
    expect(mixed.score).toBeLessThan(T);
    expect(mixed.explanation.adjustments.map((a) => a.rule)).toContain('mixed_readings');
    expect(score('勇 张', 'JANG, Yong', 'Person')).toBeGreaterThanOrEqual(T); // both Korean readings
  });

  it('reads Wade–Giles syllables as pinyin', () => {
    expect(score('Mao Tse-tung', 'Mao Zedong', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Teng Hsiao-ping', 'Deng Xiaoping', 'Person')).toBeGreaterThanOrEqual(T);
    // Not against characters: with the aspiration marks lost, Wade–Giles readings are too loose.
    expect(score('兵 张', 'ZHANG, Jiang Ping', 'Person')).toBeLessThan(T);
    expect(score('Mao Tse-tung', 'Mao Anying', 'Person')).toBeLessThan(T);
  });

  it('compares names with a nominative ending to the bare form (Greek, Latvian, Lithuanian)', () => {
    expect(score('Αλέξανδρος', 'Alexander', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Sergejs Lavrovs', 'Sergey Viktorovich Lavrov', 'Person')).toBeGreaterThanOrEqual(T);
    expect(rules('Lavrovs', 'Lavrov', 'Person').tokens[0]?.rule).toBe('inflection');
    // The stem must still be the name: Alexandros is not Alexei.
    expect(score('Alexandros Petrov', 'Alexei Petrov', 'Person')).toBeLessThan(T);
  });

  it('lets an omitted East Slavic patronymic cost less', () => {
    const r = scorePair('Sergey Lavrov', 'Sergey Viktorovich Lavrov', 'Person');
    expect(r.explanation.adjustments.map((a) => a.rule)).toContain('patronymic_extra');
    expect(r.score).toBeGreaterThan(score('Sergey Lavrov', 'Sergey Aleksandr Lavrov', 'Person'));
  });

  it('compares Khmer, Lao and Myanmar names by consonant skeleton (unwritten inherent vowels)', () => {
    expect(score('ប៉ុល ពត', 'Pol Pot', 'Person')).toBeGreaterThanOrEqual(T);
  });

  it('takes a title and one word as a family name, and nothing more', () => {
    expect(score('President Erdoğan', 'Recep Tayyip Erdoğan', 'Person')).toBeGreaterThanOrEqual(T);
    expect(rules('President Erdoğan', 'Recep Tayyip Erdoğan', 'Person').adjustments.map((a) => a.rule)).toContain('title_and_surname');
    // The word must be the family name (the last part), not a given name, and must agree.
    expect(score('President Recep', 'Recep Tayyip Erdoğan', 'Person')).toBeLessThan(T);
    expect(score('President Erdem', 'Recep Tayyip Erdoğan', 'Person')).toBeLessThan(T);
    // Without a title, one word is still not enough for a person.
    expect(score('Erdoğan', 'Recep Tayyip Erdoğan', 'Person')).toBeLessThan(T);
  });

  it('does not identify a person by initials alone', () => {
    expect(score('N.N.', 'Nursultan Nazarbayev', 'Person')).toBeLessThan(T);
    expect(score('PLA', "People's Liberation Army", 'Organization')).toBeGreaterThanOrEqual(T);
  });

  it('treats family names that differ by more than a typo and do not sound alike as different people', () => {
    for (const [a, b] of [['Olaf Schulze', 'Olaf Scholz'], ['Pedro Sancho', 'Pedro Sánchez'], ['Viktor Orbach', 'Viktor Orbán'], ['Mary John', 'Mary Johnson']]) {
      const r = scorePair(a!, b!, 'Person');
      expect(r.score, `${a} / ${b}`).toBeLessThan(T);
      expect(r.explanation.adjustments.map((x) => x.rule)).toContain('family_name_near_miss');
    }
    // Typos (one edit, a swapped pair of letters) and sound-alike spellings still match.
    expect(score('Olaf Scholze', 'Olaf Scholz', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Olaf Schloz', 'Olaf Scholz', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Estêvão Na Emna', 'Estêvão Na Mena', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('Aleksandr Lukashenko', 'Alexander Lukashenko', 'Person')).toBeGreaterThanOrEqual(T);
    // Only persons' family names: a company typo is still a match.
    expect(score('Tayota Motor Corporation', 'Toyota Motor Corporation', 'Company')).toBeGreaterThanOrEqual(T);
  });

  it('accepts a clipped given name or abbreviation (Abiy / Abiyot, Tech / Technology)', () => {
    expect(score('Abiyot Ahmed', 'Abiy Ahmed', 'Person')).toBeGreaterThanOrEqual(T);
    expect(score('SUNWAY TECH', 'SUNWAY TECHNOLOGY CO., LIMITED', 'Company')).toBeGreaterThanOrEqual(T);
  });

  it('weighs a subset of a longer person name only on distinctive parts, not on Muhammad alone', () => {
    expect(score('MUHAMMAD AL-AHDAL', 'MOHAMMAD HAMDI MOHAMMAD SADIQ AL-AHDAL', 'Person')).toBeLessThan(T);
    expect(score('JAMAL SULTAN AL-TIKRITI', 'JAMAL MUSTAFA ABDALLAH SULTAN AL-TIKRITI', 'Person')).toBeGreaterThanOrEqual(T);
  });

  it('organisations: an omitted legal form costs little, an added activity word names a sister company', () => {
    for (const [a, b] of [['SUNWAY', 'SUNWAY CO., LIMITED'], ['SUNWAY TECH', 'SUNWAY TECH CO., LIMITED'], ['Megafon', 'MegaFon OAO'], ['Deutsche Bank AG', 'Deutsche Bank']]) {
      const r = scorePair(a!, b!, 'Company');
      expect(r.score, `${a} / ${b}`).toBeGreaterThanOrEqual(0.85);
      expect(r.explanation.adjustments.map((x) => x.rule)).toContain('legal_form_omitted');
    }
    // Two different legal forms are not an omission.
    expect(score('Deutsche Bank AG', 'Deutsche Bank GmbH', 'Company')).toBeLessThan(T);
    const sister = scorePair('Deutsche Bank Trust Company', 'Deutsche Bank', 'Company');
    expect(sister.score).toBeLessThan(T);
    expect(sister.explanation.adjustments.map((x) => x.rule)).toContain('added_activity_word');
    expect(score('CRYSTALORD SYSTEMS LIMITED', 'CRYSTALORD LTD', 'Company')).toBeLessThan(T);
  });
});
