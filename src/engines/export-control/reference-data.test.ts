import { describe, expect, it } from 'vitest';
import shipped from '../../../data/export-control/reference-data.json' with { type: 'json' };
import { ReferenceDataError } from './errors.ts';
import { defaultReferenceData, loadReferenceData } from './reference-data.ts';

describe('reference data loader', () => {
  it('validates the shipped set and exposes version and effective date', () => {
    const ref = defaultReferenceData();
    expect(ref.version).toBe(shipped.version);
    expect(ref.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ref.endUseCodes).toEqual(expect.arrayContaining(['military_end_use', 'military_intelligence', 'wmd', 'supercomputer', 'advanced_ic_production']));
  });

  it('carries a citation on every ECCN, exception, embargo, list and policy switch', () => {
    const doc = defaultReferenceData().doc;
    for (const e of Object.values(doc.eccns)) for (const p of Object.values(e.paragraphs)) for (const c of p.controls) expect(c.citation).toBeTruthy();
    for (const x of Object.values(doc.licenseExceptions)) expect(x.citation && x.effectiveFrom).toBeTruthy();
    for (const x of doc.embargoes) expect(x.citation && x.effectiveFrom).toBeTruthy();
    for (const x of Object.values(doc.screeningLists)) expect(x.citation && x.effectiveFrom).toBeTruthy();
    expect(doc.policy.aiDiffusionEnforced).toMatchObject({ value: false, uncertain: true });
    expect(doc.policy.affiliatesRule.activeWindows).toEqual([{ from: '2025-09-29', until: '2025-11-10' }, { from: '2026-11-10' }]);
  });

  it('rejects a malformed import with the problems listed', () => {
    const bad = structuredClone(shipped) as Record<string, unknown>;
    delete bad.version;
    expect(() => loadReferenceData(bad)).toThrow(ReferenceDataError);
    expect(() => loadReferenceData(bad)).toThrow(/version/);
  });

  it('rejects an import whose parts do not agree (unknown country in a group)', () => {
    const bad = structuredClone(shipped);
    bad.countryGroups['D:5'].members.push('QQ');
    expect(() => loadReferenceData(bad)).toThrow(/unknown country QQ/);
  });

  it('accepts a newer version and uses it', () => {
    const next = structuredClone(shipped);
    next.version = '2026.01-1';
    next.effectiveDate = '2026-01-15';
    expect(loadReferenceData(next).version).toBe('2026.01-1');
  });

  it('resolves dated group membership (Cyprus left D:5 on 30 May 2024; Cambodia on 3 Feb 2026)', () => {
    const ref = defaultReferenceData();
    expect(ref.snapshot('2024-05-01').isMacauOrD5('CY')).toBe(true);
    expect(ref.snapshot('2024-06-01').isMacauOrD5('CY')).toBe(false);
    expect(ref.snapshot('2026-02-02').groupsOf('KH').has('D:5')).toBe(true);
    expect(ref.snapshot('2026-02-03').groupsOf('KH').has('D:5')).toBe(false);
    expect(ref.snapshot('2026-02-03').inAcScope('KH')).toBe(true); // still D:1
    expect(ref.snapshot('2025-12-01').isMacauOrD5('MO')).toBe(true); // Macau added to every D:5 rule
  });
});
