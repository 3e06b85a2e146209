import type { MonitoringReportRecord } from '../../../shared/contracts/financing.ts';
import { dateTime } from '../../lib/format.ts';

/** Submitted (when), overdue, or open — in words, not only colour. */
export function ReportStatus({ report }: { report: Pick<MonitoringReportRecord, 'submittedAt' | 'overdue'> }) {
  if (report.submittedAt) return <span className="good">Submitted {dateTime(report.submittedAt)}</span>;
  return report.overdue ? <strong className="bad">Overdue</strong> : <span>Open</span>;
}

/** What the report covers: the package as a whole, or one deal under it. */
export function reportSubject(report: Pick<MonitoringReportRecord, 'deal'>): string {
  return report.deal ? `${report.deal.buyerName} (${report.deal.country})` : 'The package as a whole';
}
