// The public outcomes as CSV: one row per slice (the program, each country, layer and quarter), the
// same figures as the JSON answer and nothing more. A withheld amount is an empty cell with
// `amount_withheld` = yes. Cells go through toCsv, which defuses spreadsheet formulas.
import type { Outcomes } from '../../../shared/contracts/outcomes.ts';
import { LAYER_LABELS } from '../../../shared/domain/package.ts';
import { countryName } from '../../../shared/reference/geography.ts';
import { toCsv } from '../../lib/csv.ts';

const HEADER = [
  'dimension',
  'key',
  'name',
  'designations',
  'deals',
  'deals_closed',
  'deals_with_commitment',
  'deals_with_disbursement',
  'committed_usd',
  'disbursed_usd',
  'amount_withheld',
  'monitoring_reports_filed',
];

type Figures = Outcomes['totals'];

const row = (dimension: string, key: string, name: string, f: Omit<Figures, 'designationsInForce'>, reportsFiled: number | null = null) => [
  dimension,
  key,
  name,
  f.designations,
  f.deals,
  f.dealsClosed,
  f.dealsWithCommitment,
  f.dealsWithDisbursement,
  f.committedUsd,
  f.disbursedUsd,
  f.suppressed ? 'yes' : 'no',
  reportsFiled,
];

export function outcomesCsv(o: Outcomes): string {
  return toCsv(HEADER, [
    row('program', 'all', 'The whole program', o.totals, o.monitoring.reportsFiled),
    ...o.byCountry.map((c) => row('country', c.country, countryName(c.country), c)),
    ...o.byLayer.map((l) => row('layer', l.layer, LAYER_LABELS[l.layer], l)),
    ...o.byQuarter.map((q) => row('quarter', q.quarter, q.quarter, q, q.reportsFiled)),
  ]);
}
