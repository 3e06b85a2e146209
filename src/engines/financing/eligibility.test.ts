import { describe, expect, it } from 'vitest';
import rulesDoc from '../../../data/financing/eligibility-rules.json' with { type: 'json' };
import { evaluateEligibility, RuleBookSchema, ruleSetOn, type Facts } from './eligibility.ts';

const book = RuleBookSchema.parse(rulesDoc);
const NOW = '2026-11-25';
const base: Facts = { requestedUsd: 10_000_000, contractValueUsd: 20_000_000, usContentShare: 0.6, usContentValueUsd: 12_000_000, projectCostUsd: 50_000_000, buyerType: 'government', incomeGroup: 'lower_middle', hostSubcontractShare: 0.1, exporterSmallBusiness: true };
const rule = (agency: string, instrument: string, id: string, facts: Facts, date = NOW) => evaluateEligibility(book, agency, instrument, { ...base, ...facts }, date).results.find((r) => r.ruleId === id)!;

describe('financing eligibility rules', () => {
  it('EXIM covers the lesser of 85 % of the contract or 100 % of US content', () => {
    const pass = rule('EXIM', 'direct_loan', 'exim.cover_cap', { requestedUsd: 12_000_000 });
    expect(pass.outcome).toBe('pass');
    expect(pass.citation).toMatch(/12 U\.S\.C\. 635/);
    const fail = rule('EXIM', 'direct_loan', 'exim.cover_cap', { requestedUsd: 12_000_001 });
    expect(fail.outcome).toBe('fail');
    expect(fail.explanation).toContain('the lesser of 85 % of contractValueUsd 20,000,000 = 17,000,000 and usContentValueUsd 12,000,000');
  });
  it('EXIM CTEP full support at 51 % US content (advisory)', () => {
    expect(rule('EXIM', 'direct_loan', 'exim.ctep_full_support', { usContentShare: 0.51 }).outcome).toBe('pass');
    const fail = rule('EXIM', 'direct_loan', 'exim.ctep_full_support', { usContentShare: 0.5 });
    expect(fail).toMatchObject({ outcome: 'fail', severity: 'advisory' });
    expect(evaluateEligibility(book, 'EXIM', 'direct_loan', { ...base, usContentShare: 0.5, usContentValueUsd: 10_000_000 }, NOW).eligible).toBe(true);
  });
  it('EXIM presumes Chinese content ineligible (advisory)', () => {
    expect(rule('EXIM', 'direct_loan', 'exim.china_content', { chinaContentShare: 0 }).outcome).toBe('pass');
    const fail = rule('EXIM', 'direct_loan', 'exim.china_content', { chinaContentShare: 0.05 });
    expect(fail).toMatchObject({ outcome: 'fail', severity: 'advisory' });
    expect(fail.citation).toMatch(/635\(l\)/);
  });
  it('EXIM refuses military buyers', () => {
    expect(rule('EXIM', 'long_term_guarantee', 'exim.no_military_buyers', { buyerType: 'government' }).outcome).toBe('pass');
    const fail = evaluateEligibility(book, 'EXIM', 'long_term_guarantee', { ...base, buyerType: 'military' }, NOW);
    expect(fail.eligible).toBe(false);
    expect(fail.results.find((r) => r.ruleId === 'exim.no_military_buyers')!.citation).toMatch(/635\(b\)\(6\)/);
  });
  it('DFC prioritizes low and lower-middle income, and caps high-income support at 25 % of project cost', () => {
    expect(rule('DFC', 'loan', 'dfc.income_priority', { incomeGroup: 'low' }).outcome).toBe('pass');
    expect(rule('DFC', 'loan', 'dfc.income_priority', { incomeGroup: 'upper_middle' }).outcome).toBe('fail');
    expect(rule('DFC', 'loan', 'dfc.high_income_share', { incomeGroup: 'lower_middle' }).outcome).toBe('not_applicable');
    expect(rule('DFC', 'loan', 'dfc.high_income_share', { incomeGroup: 'high', requestedUsd: 12_500_000 }).outcome).toBe('pass');
    const fail = rule('DFC', 'loan', 'dfc.high_income_share', { incomeGroup: 'high', requestedUsd: 12_500_001 });
    expect(fail.outcome).toBe('fail');
    expect(fail.citation).toMatch(/2025 DFC reauthorization/);
  });
  it('USTDA needs an eligible host and at most 20 % host-country subcontracting', () => {
    expect(rule('USTDA', 'feasibility_study', 'ustda.eligible_host', { incomeGroup: 'upper_middle' }).outcome).toBe('pass');
    expect(rule('USTDA', 'feasibility_study', 'ustda.eligible_host', { incomeGroup: 'high' }).outcome).toBe('fail');
    expect(rule('USTDA', 'feasibility_study', 'ustda.host_subcontracting', { hostSubcontractShare: 0.2 }).outcome).toBe('pass');
    expect(rule('USTDA', 'feasibility_study', 'ustda.host_subcontracting', { hostSubcontractShare: 0.21 }).outcome).toBe('fail');
  });
  it('SBA needs a small business and applies each program’s cap', () => {
    expect(rule('SBA', 'export_working_capital', 'sba.small_business', { exporterSmallBusiness: true }).outcome).toBe('pass');
    expect(rule('SBA', 'export_working_capital', 'sba.small_business', { exporterSmallBusiness: false }).outcome).toBe('fail');
    expect(rule('SBA', 'export_working_capital', 'sba.ewcp_cap', { requestedUsd: 5_000_000 }).outcome).toBe('pass');
    expect(rule('SBA', 'export_working_capital', 'sba.ewcp_cap', { requestedUsd: 5_000_001 }).outcome).toBe('fail');
    expect(rule('SBA', 'export_express', 'sba.express_cap', { requestedUsd: 500_000 }).outcome).toBe('pass');
    expect(rule('SBA', 'export_express', 'sba.express_cap', { requestedUsd: 500_001 }).outcome).toBe('fail');
    expect(evaluateEligibility(book, 'SBA', 'export_express', base, NOW).results.map((r) => r.ruleId)).not.toContain('sba.ewcp_cap');
  });
  it('applies the rule set in force on the date', () => {
    expect(ruleSetOn(book, '2025-06-30')!.version).toBe('2025.1');
    expect(ruleSetOn(book, NOW)!.version).toBe('2026.1');
    expect(ruleSetOn(book, '2024-12-31')).toBeNull();
    const before = evaluateEligibility(book, 'DFC', 'loan', { ...base, incomeGroup: 'high', requestedUsd: 1 }, '2025-06-30');
    expect(before.eligible).toBe(false);
    expect(before.results.find((r) => r.ruleId === 'dfc.high_income_excluded')!.outcome).toBe('fail');
    expect(evaluateEligibility(book, 'DFC', 'loan', { ...base, incomeGroup: 'high', requestedUsd: 1 }, NOW).eligible).toBe(true);
  });
  it('says which fact is missing instead of guessing', () => {
    const r = evaluateEligibility(book, 'SBA', 'export_express', { requestedUsd: 1 }, NOW);
    expect(r.eligible).toBeNull();
    expect(r.results.find((x) => x.ruleId === 'sba.small_business')!.explanation).toBe('Needs exporterSmallBusiness to decide');
  });
});
