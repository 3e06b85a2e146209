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
