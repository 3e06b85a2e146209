// The anchor member files a monitoring report once: the quarter's metrics, the US-content
// recertification and the end-use attestation. Numbers left empty are "not reported"; the two
// attestations and the incident count must be answered.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/ui.tsx';
import { ApiError, put } from '../../lib/api.ts';
import { invalidate, storeAnswer, useAction } from '../../lib/query.ts';
import type { MonitoringReportRecord } from '../../../shared/contracts/financing.ts';
import { METRIC_FIELDS, type MonitoringMetrics } from './metrics.ts';

export const monitoringUrl = (id: string) => `/api/v1/monitoring/${id}`;

type Draft = Record<string, string>;

/** The body of the PUT: empty optional numbers left out, attestations as booleans. */
function metricsOf(draft: Draft): MonitoringMetrics {
  const out: Record<string, number | boolean> = {};
  for (const f of METRIC_FIELDS) {
    const v = draft[f.key] ?? '';
    if (f.kind === 'yes_no') out[f.key] = v === 'yes';
    else if (v !== '') out[f.key] = Number(v);
  }
  return out as unknown as MonitoringMetrics;
}

export function MonitoringReportForm({ report }: { report: MonitoringReportRecord }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>({});
  const { run, error, pending } = useAction<MonitoringReportRecord>((answer) => storeAnswer(client, monitoringUrl(report.id), answer, ['/api/v1/monitoring']));
  function submit(e: FormEvent) {
    e.preventDefault();
    void run('Report submitted.', async () => {
      try {
        return await put<MonitoringReportRecord>(monitoringUrl(report.id), metricsOf(draft));
      } catch (err) {
        // Filed meanwhile (another session, another member): show it as it now is.
        if (err instanceof ApiError && err.status === 409) await invalidate(client, [monitoringUrl(report.id), '/api/v1/monitoring']);
        throw err;
      }
    });
  }
  return (
    <form onSubmit={submit} aria-label="Submit the report" className="card">
      <h2>Submit the report for {report.period}</h2>
      <ErrorBox error={error} />
      <div className="grid3">
        {METRIC_FIELDS.map((f) =>
          f.kind === 'yes_no' ? (
            <label key={f.key}>
              {f.label}
              <select required value={draft[f.key] ?? ''} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}>
                <option value="">Choose…</option>
                <option value="yes">Yes</option>
                <option value="no">No</option>
              </select>
            </label>
          ) : (
            <label key={f.key}>
              {f.label}
              {!f.required && <span className="muted small"> (optional{f.hint ? `; ${f.hint}` : ''})</span>}
              <input
                type="number"
                min={0}
                max={f.kind === 'percent' ? 100 : undefined}
                step={f.kind === 'count' ? 1 : 'any'}
                required={f.required}
                value={draft[f.key] ?? ''}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              />
            </label>
          ),
        )}
      </div>
      <button type="submit" disabled={pending}>
        Submit report
      </button>
    </form>
  );
}
