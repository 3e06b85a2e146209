// Golden development cases (the labelled development set, kept in this repository): each must give the
// expected licenseRequired with at least one reason citing a CFR section.
import { describe, expect, it } from 'vitest';
import devCases from './__fixtures__/cases.dev.json' with { type: 'json' };
import { determine } from './determine.ts';

const CFR_SECTION = /(15|31) CFR (Part )?\d{3}|\b7[3-7]\d\.\d+/;

describe('cases.dev.json', () => {
  for (const c of devCases.cases) {
    it(`${c.id} → ${JSON.stringify(c.expected.licenseRequired)}`, () => {
      const d = determine(c);
      expect(d.licenseRequired).toBe(c.expected.licenseRequired);
      expect(d.reasons.some((r) => CFR_SECTION.test(r.citation))).toBe(true);
      // Where the answer key names available exceptions, the codes match.
      const expectedCodes = (c.expected.exceptionAvailable ?? []).map((e: string) => e.split(/[\s(]/)[0]).sort();
      expect(d.exceptions.map((e) => e.code).sort()).toEqual(expectedCodes);
    });
  }
});
