// A deal's advocacy actions (letters, meetings, calls, visits): listed for whoever sees the deal;
// recorded and corrected by whoever may (`mayEditAdvocacy`). A correction carries the version read,
// so one made meanwhile by someone else is not overwritten (409: the deal is reloaded).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Alert, CodeOptions, ErrorBox } from '../../components/ui.tsx';
import { post, put } from '../../lib/api.ts';
import { humanize } from '../../lib/format.ts';
import { useAction } from '../../lib/query.ts';
import type { DealRecord } from '../../../shared/contracts/financing.ts';
import { dealUrl, reloadingOnConflict, storeDeal } from './dealWrites.ts';

const ADVOCACY_KINDS = ['letter', 'meeting', 'call', 'visit', 'other'] as const;

type AdvocacyItem = DealRecord['advocacy'][number];
interface AdvocacyFields {
  kind: string;
  occurredOn: string;
  description: string;
}

export function AdvocacyPanel({ deal }: { deal: DealRecord }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const { run, error, notice, pending } = useAction<DealRecord>(async (answer) => {
    setEditing(null);
    await storeDeal(client, answer);
  });
  const save = (label: string, write: () => Promise<DealRecord>) => run(label, () => reloadingOnConflict(client, deal.id, write));
  return (
    <section className="card" aria-labelledby="advocacy">
      <h2 id="advocacy">Advocacy</h2>
      <ErrorBox error={error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      {deal.advocacy.length === 0 ? (
        <p className="muted">No advocacy action recorded yet.</p>
      ) : (
        <ul className="plain">
          {deal.advocacy.map((a) =>
            editing === a.id ? (
              <li key={a.id}>
                <AdvocacyForm
                  title={`Correct the ${a.kind} of ${a.occurredOn}`}
                  initial={a}
                  submitLabel="Save correction"
                  pending={pending}
                  onCancel={() => setEditing(null)}
                  onSubmit={(fields) => save('Advocacy corrected.', () => put<DealRecord>(`${dealUrl(deal.id)}/advocacy/${a.id}`, { ...fields, version: a.version }))}
                />
              </li>
            ) : (
              <li key={a.id} className="row">
                <span>
                  <strong>{a.occurredOn}</strong> {humanize(a.kind)}: {a.description}
                </span>
                {deal.mayEditAdvocacy && (
                  <button type="button" className="secondary" aria-label={`Edit the ${a.kind} of ${a.occurredOn}`} onClick={() => setEditing(a.id)}>
                    Edit
                  </button>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      {deal.mayEditAdvocacy && editing === null && (
        <AdvocacyForm title="Record an advocacy action" submitLabel="Record advocacy" pending={pending} onSubmit={(fields) => save('Advocacy recorded.', () => post<DealRecord>(`${dealUrl(deal.id)}/advocacy`, fields))} />
      )}
    </section>
  );
}

function AdvocacyForm({ title, initial, submitLabel, pending, onSubmit, onCancel }: { title: string; initial?: AdvocacyItem; submitLabel: string; pending: boolean; onSubmit: (f: AdvocacyFields) => Promise<boolean>; onCancel?: () => void }) {
  const empty: AdvocacyFields = { kind: 'letter', occurredOn: '', description: '' };
  const [fields, setFields] = useState<AdvocacyFields>(initial ? { kind: initial.kind, occurredOn: initial.occurredOn, description: initial.description } : empty);
  async function submit(e: FormEvent) {
    e.preventDefault();
    // A new action's form empties once recorded; a correction's form closes.
    if ((await onSubmit(fields)) && !initial) setFields(empty);
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={title}>
      <fieldset>
        <legend>{title}</legend>
        <div className="inline">
          <label>
            Kind
            <select value={fields.kind} onChange={(e) => setFields({ ...fields, kind: e.target.value })}>
              <CodeOptions codes={ADVOCACY_KINDS} />
            </select>
          </label>
          <label>
            Date
            <input type="date" required value={fields.occurredOn} onChange={(e) => setFields({ ...fields, occurredOn: e.target.value })} />
          </label>
          <label className="grow">
            What happened
            <input required maxLength={4000} value={fields.description} onChange={(e) => setFields({ ...fields, description: e.target.value })} />
          </label>
          <button type="submit" disabled={pending}>
            {submitLabel}
          </button>
          {onCancel && (
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
