// /records: retention classes and their periods, disposal runs (a report first; an administrator
// approves it to dispose, or discards it) and legal holds. Administrators act; auditors read.
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { can } from '../../../shared/access.ts';
import {
  DISPOSABLE_CLASSES,
  RECORD_CLASS_LABELS,
  type DisposableClass,
  type DisposalRunView,
  type LegalHoldView,
  type RecordClass,
} from '../../../shared/contracts/records.ts';
import { useSession } from '../../app/session.tsx';
import { useConfirm } from '../../components/ConfirmDialog.tsx';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';

const CLASSES = '/api/v1/records/retention-classes';
const RUNS = '/api/v1/records/disposal-runs';
const HOLDS = '/api/v1/records/legal-holds';

interface RetentionClass {
  recordClass: RecordClass;
  label: string;
  retentionDays: number;
  setting: string;
  from: string;
  handledBy: 'disposal_run' | 'scheduled_pruning';
}

const STATUS_LABELS: Record<DisposalRunView['status'], string> = { reported: 'Waiting for approval', disposed: 'Disposed', discarded: 'Discarded' };

export function RecordsPage() {
  const { user } = useSession();
  if (!can(user, 'records.read')) {
    return (
      <section>
        <h1>Records</h1>
        <Alert kind="info">Records management is for administrators and auditors.</Alert>
      </section>
    );
  }
  const manage = can(user, 'records.manage');
  return (
    <section aria-labelledby="records-heading">
      <h1 id="records-heading">Records</h1>
      <RetentionClasses />
      <DisposalRuns manage={manage} />
      <LegalHolds manage={manage} />
    </section>
  );
}

function RetentionClasses() {
  const classes = useApiQuery<{ items: RetentionClass[] }>(CLASSES);
  return (
    <>
      <h2>Retention classes</h2>
      <p className="muted">The periods are settings of the installation; the agency’s records schedule decides them.</p>
      {classes.error ? (
        <ErrorBox error={classes.error} />
      ) : !classes.data ? (
        <Loading />
      ) : (
        <TableScroll label="Retention classes">
          <table aria-label="Retention classes">
            <thead>
              <tr>
                <th scope="col">Record class</th>
                <th scope="col">Kept for</th>
                <th scope="col">Counted from</th>
                <th scope="col">Setting</th>
                <th scope="col">Disposed by</th>
              </tr>
            </thead>
            <tbody>
              {classes.data.items.map((c) => (
                <tr key={c.recordClass}>
                  <td>{c.label}</td>
                  <td>{c.retentionDays} days</td>
                  <td>{c.from}</td>
                  <td>
                    <code>{c.setting}</code>
                  </td>
                  <td>{c.handledBy === 'disposal_run' ? 'Disposal run (report, then approval)' : 'Scheduled pruning'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

function DisposalRuns({ manage }: { manage: boolean }) {
  const client = useQueryClient();
  const runs = useApiQuery<{ items: DisposalRunView[] }>(RUNS);
  const [recordClass, setRecordClass] = useState<DisposableClass>('proposal_not_designated');
  const action = useAction(() => invalidate(client, [RUNS]));
  const { confirm, dialog } = useConfirm();

  function report(e: FormEvent) {
    e.preventDefault();
    void action.run('Report ready: review it below, then approve or discard it.', () => post(RUNS, { recordClass }));
  }

  async function approve(run: DisposalRunView) {
    const ok = await confirm({
      title: `Dispose of ${run.itemCount} ${RECORD_CLASS_LABELS[run.recordClass].toLowerCase()}?`,
      body: 'Each record is checked again (still past its period, under no legal hold, not designated) and deleted for good. This cannot be undone.',
      confirmLabel: 'Dispose',
    });
    if (ok) await action.run('Disposed.', () => post(`${RUNS}/${run.id}/approve`, { version: run.version }));
  }

  return (
    <>
      <h2>Disposal runs</h2>
      {manage && (
        <form className="card inline" aria-label="Run a disposal report" onSubmit={report}>
          <label>
            Record class
            <select value={recordClass} onChange={(e) => setRecordClass(e.target.value as DisposableClass)}>
              {DISPOSABLE_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {RECORD_CLASS_LABELS[c]}
                </option>
              ))}
            </select>
          </label>
          <div className="actions">
            <button type="submit" disabled={action.pending}>
              Run disposal report
            </button>
          </div>
        </form>
      )}
      {action.notice && <Alert kind="success">{action.notice}</Alert>}
      <ErrorBox error={action.error} />
      {dialog}
      {runs.error ? (
        <ErrorBox error={runs.error} />
      ) : !runs.data ? (
        <Loading />
      ) : runs.data.items.length === 0 ? (
        <p className="muted">No disposal run yet.</p>
      ) : (
        runs.data.items.map((run) => (
          <article key={run.id} className="card" aria-label={`Disposal run ${RECORD_CLASS_LABELS[run.recordClass]} ${dateTime(run.reportedAt)}`}>
            <h3>
              {RECORD_CLASS_LABELS[run.recordClass]} — {STATUS_LABELS[run.status]}
            </h3>
            <p>
              Reported {dateTime(run.reportedAt)}
              {run.reportedBy ? ` by ${run.reportedBy}` : ''}: {run.itemCount} past the {run.retentionDays}-day period (before {dateTime(run.cutoff)})
              {run.kept.length > 0 ? `; ${run.kept.length} kept` : ''}.
              {run.decidedAt && ` ${STATUS_LABELS[run.status]} ${dateTime(run.decidedAt)}${run.decidedBy ? ` by ${run.decidedBy}` : ''}.`}
            </p>
            {run.result && (
              <p>
                {run.result.disposed} disposed of{run.result.skipped.length > 0 ? `; ${run.result.skipped.length} no longer qualified and were kept` : ''}.
              </p>
            )}
            <details>
              <summary>Records in this run</summary>
              <ul>
                {run.items.map((i) => (
                  <li key={i.id}>
                    {i.label} <span className="muted">({i.id})</span>
                  </li>
                ))}
                {run.kept.map((i) => (
                  <li key={i.id}>
                    Kept: {i.label} <span className="muted">({i.id})</span> — {i.reason}
                  </li>
                ))}
              </ul>
            </details>
            {manage && run.status === 'reported' && (
              <div className="actions">
                <button onClick={() => void approve(run)} disabled={action.pending || run.itemCount === 0}>
                  Approve disposal
                </button>
                <button className="secondary" onClick={() => void action.run('Discarded: nothing was disposed of.', () => post(`${RUNS}/${run.id}/discard`, { version: run.version }))} disabled={action.pending}>
                  Discard
                </button>
              </div>
            )}
          </article>
        ))
      )}
    </>
  );
}

function LegalHolds({ manage }: { manage: boolean }) {
  const client = useQueryClient();
  const holds = useApiQuery<{ items: LegalHoldView[] }>(HOLDS);
  const [entityId, setEntityId] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(() => invalidate(client, [HOLDS, RUNS]));
  const { askNote, dialog } = useConfirm();

  function place(e: FormEvent) {
    e.preventDefault();
    void action
      .run('Legal hold placed.', () => post(HOLDS, { entityType: 'proposal', entityId: entityId.trim(), reason }))
      .then((ok) => {
        if (ok) {
          setEntityId('');
          setReason('');
        }
      });
  }

  async function release(h: LegalHoldView) {
    const note = await askNote({ title: 'Release this legal hold?', body: 'The proposal may then be disposed of when its period has passed.', confirmLabel: 'Release', noteLabel: 'Why the hold ends', noteRequired: 'Say why the hold ends' });
    if (note) await action.run('Legal hold released.', () => post(`${HOLDS}/${h.id}/release`, { reason: note }));
  }

  return (
    <>
      <h2>Legal holds</h2>
      <p className="muted">Nothing of a proposal under a hold — its narratives, documents and review records — is disposed of while the hold is in force.</p>
      {manage && (
        <form className="card inline" aria-label="Place a legal hold" onSubmit={place}>
          <label>
            Proposal identifier
            <input value={entityId} maxLength={64} required onChange={(e) => setEntityId(e.target.value)} />
          </label>
          <label>
            Reason
            <input value={reason} maxLength={2000} required onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" disabled={action.pending}>
              Place hold
            </button>
          </div>
        </form>
      )}
      {dialog}
      {holds.error ? (
        <ErrorBox error={holds.error} />
      ) : !holds.data ? (
        <Loading />
      ) : holds.data.items.length === 0 ? (
        <p className="muted">No legal hold.</p>
      ) : (
        <TableScroll label="Legal holds">
          <table aria-label="Legal holds">
            <thead>
              <tr>
                <th scope="col">Proposal</th>
                <th scope="col">Reason</th>
                <th scope="col">Placed</th>
                <th scope="col">Released</th>
                {manage && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {holds.data.items.map((h) => (
                <tr key={h.id}>
                  <td>
                    <Link to="/proposals/$id" params={{ id: h.entityId }}>
                      {h.entityId}
                    </Link>
                  </td>
                  <td>{h.reason}</td>
                  <td>
                    {dateTime(h.placedAt)} by {h.placedBy}
                  </td>
                  <td>{h.releasedAt ? `${dateTime(h.releasedAt)} by ${h.releasedBy ?? '—'}: ${h.releaseReason ?? ''}` : 'In force'}</td>
                  {manage && (
                    <td>
                      {!h.releasedAt && (
                        <button className="secondary" onClick={() => void release(h)} disabled={action.pending}>
                          Release
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
