// The metrics of a monitoring report (MonitoringReportBody in src/shared/contracts/financing.ts),
// in the words a reader of the report uses, in the order the form asks for them.
import { usd } from '../../lib/format.ts';
import type { MonitoringReportBody } from '../../../shared/contracts/financing.ts';
import type { z } from 'zod';

export type MonitoringMetrics = z.infer<typeof MonitoringReportBody>;

interface MetricField {
  key: keyof MonitoringMetrics;
  label: string;
  kind: 'count' | 'percent' | 'money' | 'yes_no';
  required: boolean;
  hint?: string;
}

export const METRIC_FIELDS: MetricField[] = [
  { key: 'timeToOperationDays', label: 'Days from contract to operation', kind: 'count', required: false, hint: 'leave empty while not yet operating' },
  { key: 'utilizationPct', label: 'Utilization (%)', kind: 'percent', required: false },
  { key: 'renewals', label: 'Contract renewals', kind: 'count', required: false },
  { key: 'privateCapitalMobilizedUsd', label: 'Private capital mobilized (USD)', kind: 'money', required: false },
  { key: 'securityIncidents', label: 'Security incidents this quarter', kind: 'count', required: true },
  { key: 'usContentRecertified', label: 'US content recertified for the period', kind: 'yes_no', required: true },
  { key: 'endUseAttested', label: 'End use attested (no diversion or unauthorized end user)', kind: 'yes_no', required: true },
];

/** A submitted metric as the report shows it; one not given reads "not reported". */
export function metricText(field: MetricField, value: unknown): string {
  if (value === undefined || value === null) return 'not reported';
  if (field.kind === 'yes_no') return value === true ? 'Yes' : 'No';
  if (typeof value !== 'number') return String(value);
  if (field.kind === 'money') return usd(value);
  if (field.kind === 'percent') return `${value} %`;
  return String(value);
}
