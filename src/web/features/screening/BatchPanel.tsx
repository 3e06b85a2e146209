// Batch screening: a CSV upload becomes a job; its progress is polled and the result downloaded.
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/ui.tsx';
import { postRaw } from '../../lib/api.ts';
import { useApiQuery } from '../../lib/query.ts';
import type { BatchJob } from './api.ts';

const finished = (job: BatchJob | null | undefined) => job?.status === 'done' || job?.status === 'failed';

export function BatchPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<BatchJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The job as last polled: every second until it is done or failed.
  const polled = useApiQuery<BatchJob>(`/api/v1/screening/jobs/${uploaded?.id}`, {
    enabled: uploaded !== null && !finished(uploaded),
    refetchInterval: (q) => (finished(q.state.data) ? false : 1000),
  });
  const job = polled.data ?? uploaded;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    try {
      // The key makes a retried upload (double click, flaky network) return the same job.
      const key = `${file.name}-${file.size}-${file.lastModified}`;
      setUploaded(await postRaw<BatchJob>('/api/v1/screening/batch', file, 'text/csv', { 'idempotency-key': key }));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  const progress = job?.progress;
  return (
    <section className="card" aria-labelledby="batch-h">
      <h2 id="batch-h">Batch screening</h2>
      <p className="small muted">
        A CSV with a header naming <code>name</code>, and optionally <code>id</code>, <code>type</code>, <code>country</code> and <code>dob</code>.
      </p>
      <form className="inline" onSubmit={(e) => void submit(e)}>
        <label>
          CSV file
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" disabled={!file}>
          Upload and screen
        </button>
      </form>
      <ErrorBox error={error ?? polled.error} />
      {job && (
        <div aria-live="polite">
          <p>
            Job <code>{job.id}</code>: <strong>{job.status}</strong>
            {progress && ` — ${progress.done} of ${progress.total} rows`}
            {job.error && <span className="bad"> {job.error}</span>}
          </p>
          <progress max={progress?.total || 1} value={job.status === 'done' ? progress?.total || 1 : progress?.done ?? 0} style={{ width: '100%' }} />
          {job.summary?.screened === false && (
            <p className="notice" role="alert">
              <strong>{job.summary.notice ?? 'Not screened: no screening list is active. An administrator must import and activate a list.'}</strong>
            </p>
          )}
          {job.summary && (
            <p>
              {job.summary.rows} rows, {job.summary.matched} with a potential match, {job.summary.errors} rejected.{' '}
              <a href={job.links!.csv} download>
                Download CSV
              </a>{' '}
              ·{' '}
              <a href={job.links!.jsonl} download>
                Download JSONL
              </a>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
