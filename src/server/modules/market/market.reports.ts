// The market explorer as CSV: one row per candidate country, every factor (cells formula-safe).
import type { MarketView } from '../../../shared/contracts/market.ts';
import { toCsv } from '../../lib/csv.ts';

const HEADER = [
  'rank', 'country', 'name', 'target_market', 'total', 'prohibited',
  'licensing_score', 'licensing_status', 'components_clear', 'components_needing_information', 'components_license_required', 'components_license_denial_policy', 'components_prohibited', 'review_policy', 'expected_license_days', 'licensing_reason', 'licensing_citation',
  'financing_score', 'income_group', 'exim', 'dfc', 'ustda', 'sba',
  'demand_score', 'requirements', 'interests', 'followers',
  'competition_score', 'non_us_competitors', 'deals_with_competitors',
  'likely_without_federal_support',
  'weight_licensing', 'weight_financing', 'weight_demand', 'weight_competition', 'export_control_reference_data', 'financing_rule_set', 'as_of',
];

export function marketCsv(view: MarketView): string {
  const w = view.weights;
  const rows = view.countries.map((c) => {
    const standing = (agency: string) => c.financing.agencies.find((a) => a.agency === agency)?.standing ?? '';
    const k = c.licensing.counts;
    return [
      c.rank, c.code, c.name, c.target ? 'yes' : 'no', c.total, c.prohibited ? 'yes' : 'no',
      c.scores.licensing, c.licensing.status, k.clear, k.needs_information, k.license_required, k.license_required_denial, k.prohibited, c.licensing.reviewPolicy, c.licensing.expectedDays, c.licensing.reason?.text, c.licensing.reason?.citation,
      c.scores.financing, c.financing.incomeGroup, standing('EXIM'), standing('DFC'), standing('USTDA'), standing('SBA'),
      c.scores.demand, c.demand.requirements, c.demand.interests, c.demand.followers,
      c.scores.competition, c.competition.nonUsCompetitors, c.competition.deals,
      c.additionality.likelyWithoutSupport ? 'yes' : 'no',
      w.licensing, w.financing, w.demand, w.competition, view.sources.exportControl.version, view.sources.financingRules?.version ?? '', view.asOf,
    ];
  });
  return toCsv(HEADER, rows);
}
