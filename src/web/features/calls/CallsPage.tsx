// Calls for proposals. Everybody logged in reads the open (and closed) calls with their
// requirements; the program office drafts a call — dates or rolling with review cut-offs, eligible
// regions and sectors, narrative sections with word limits, attachment types, the review window and
// the call's own rubric — and publishes or closes it. A changed rubric becomes its next version.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../app/session.tsx';
import { can } from '../../../shared/access.ts';
import { Alert, ErrorBox, Loading, StateBadge } from '../../components/ui.tsx';
import { patch, post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';
import type { CallView } from '../../../shared/contracts/calls.ts';

type Section = CallView['requirements']['sections'][number];
type AttachmentType = CallView['requirements']['attachmentTypes'][number];
type Criterion = CallView['rubric']['criteria'][number];

interface Form {
  title: string;
  summary: string;
  opensAt: string;
  closesAt: string;
  rolling: boolean;
  reviewCutoffs: string;
  eligibleRegions: string;
  eligibleSectors: string;
  reviewDueDays: number;
  sections: Section[];
  attachmentTypes: AttachmentType[];
  bciJustificationRequired: boolean;
  rubric: Criterion[];
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
/** A datetime-local value (UTC) of an ISO instant, and back. */
const toLocal = (iso: string | null) => (iso ? iso.slice(0, 16) : '');
const fromLocal = (v: string) => new Date(`${v}:00Z`).toISOString();

function formOf(c: CallView | null, defaultRubric: Criterion[]): Form {
  return {
    title: c?.title ?? '',
    summary: c?.summary ?? '',
    opensAt: toLocal(c?.opensAt ?? null),
    closesAt: toLocal(c?.closesAt ?? null),
    rolling: c ? c.rolling : false,
    reviewCutoffs: c?.reviewCutoffs.join(', ') ?? '',
    eligibleRegions: c?.eligibleRegions.join(', ') ?? '',
    eligibleSectors: c?.eligibleSectors.join(', ') ?? '',
    reviewDueDays: c?.reviewDueDays ?? 21,
    sections: c?.requirements.sections ?? [{ key: 'need', title: 'Need and impact', maxWords: 800, required: true }],
    attachmentTypes: c?.requirements.attachmentTypes ?? [],
    bciJustificationRequired: c?.requirements.bciJustificationRequired ?? true,
    rubric: c?.rubric.criteria ?? defaultRubric,
  };
}

export function CallsPage() {
  const { user } = useSession();
  const manager = can(user, 'calls.manage');
  const calls = useApiQuery<{ items: CallView[] }>('/api/v1/calls');
  const [editing, setEditing] = useState<CallView | 'new' | null>(null);
  if (!calls.data) return calls.error ? <ErrorBox error={calls.error} /> : <Loading />;
  return (
    <>
      <h1>Calls for proposals</h1>
      {manager && editing === null && <button onClick={() => setEditing('new')}>New call</button>}
      {editing !== null && <CallEditor call={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {calls.data.items.length === 0 ? (
        <p className="muted">No calls yet.</p>
      ) : (
        calls.data.items.map((c) => <CallCard key={c.id} call={c} manager={manager} onEdit={() => setEditing(c)} />)
      )}
    </>
  );
}

function CallCard({ call, manager, onEdit }: { call: CallView; manager: boolean; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const step = useAction(() => invalidate(queryClient, ['/api/v1/calls']));
  return (
    <section className="card" aria-labelledby={`call-${call.id}`}>
      <div className="titlebar">
        <h2 id={`call-${call.id}`}>{call.title}</h2>
        <StateBadge state={call.status} />
        {call.acceptingProposals && <span className="good">accepting proposals</span>}
      </div>
      <p>{call.summary}</p>
      <p className="small">
        Opens {dateTime(call.opensAt)} · {call.rolling ? `rolling${call.reviewCutoffs.length ? `, review cut-offs ${call.reviewCutoffs.join(', ')}` : ''}` : `closes ${dateTime(call.closesAt)}`} · reviews due within {call.reviewDueDays} days
      </p>
      {(call.eligibleRegions.length > 0 || call.eligibleSectors.length > 0) && (
        <p className="small">
          Eligible: {[...call.eligibleRegions, ...call.eligibleSectors].join(', ')}
        </p>
      )}
      <h3>Narrative sections</h3>
      <ul className="plain">
        {call.requirements.sections.map((s) => (
          <li key={s.key}>
            {s.title} — at most {s.maxWords} words{s.required ? ', required' : ''}
          </li>
        ))}
      </ul>
      {call.requirements.attachmentTypes.length > 0 && (
        <>
          <h3>Attachments</h3>
          <ul className="plain">
            {call.requirements.attachmentTypes.map((t) => (
              <li key={t.key}>
                {t.title} — {t.mimeTypes.join(', ') || 'any type'}, at most {Math.round(t.maxBytes / 1024 / 1024)} MB{t.required ? ', required' : ''}
                {t.publicVersionRequiredIfBci ? '; a public version when business-confidential' : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="small muted">
        Rubric version {call.rubric.version}: {call.rubric.criteria.map((c) => `${c.title} (${Math.round(c.weight * 100)} %)`).join(', ')}
      </p>
      {manager && (
        <div className="actions">
          {step.notice && <Alert kind="success">{step.notice}</Alert>}
          <ErrorBox error={step.error} />
          {call.status !== 'closed' && (
            <button className="secondary" onClick={onEdit}>
              Edit
            </button>
          )}
          {call.status === 'draft' && <button onClick={() => void step.run('Published.', () => post(`/api/v1/calls/${call.id}/publish`, { version: call.version }))}>Publish</button>}
          {call.status === 'open' && <button onClick={() => void step.run('Closed.', () => post(`/api/v1/calls/${call.id}/close`, { version: call.version }))}>Close call</button>}
        </div>
      )}
    </section>
  );
}

function CallEditor({ call, onDone }: { call: CallView | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const rubric = useApiQuery<{ criteria: Criterion[] }>('/api/v1/rubric');
  const [form, setForm] = useState<Form | null>(null);
  const save = useAction(async () => {
    await invalidate(queryClient, ['/api/v1/calls']);
    onDone();
  });
  if (!rubric.data) return rubric.error ? <ErrorBox error={rubric.error} /> : <Loading />;
  const f = form ?? formOf(call, rubric.data.criteria);
  const set = (next: Partial<Form>) => setForm({ ...f, ...next });
  const rubricChanged = !call || JSON.stringify(f.rubric) !== JSON.stringify(call.rubric.criteria);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      title: f.title,
      summary: f.summary,
      opensAt: fromLocal(f.opensAt),
      closesAt: f.rolling ? null : fromLocal(f.closesAt),
      reviewCutoffs: f.rolling ? list(f.reviewCutoffs) : [],
      eligibleRegions: list(f.eligibleRegions),
      eligibleSectors: list(f.eligibleSectors),
      requirements: { sections: f.sections, attachmentTypes: f.attachmentTypes, bciJustificationRequired: f.bciJustificationRequired },
      reviewDueDays: f.reviewDueDays,
      ...(rubricChanged ? { rubric: f.rubric } : {}),
    };
    void save.run(call ? 'Saved.' : 'Call drafted.', () => (call ? patch(`/api/v1/calls/${call.id}`, { ...body, version: call.version }) : post('/api/v1/calls', body)));
  };
  const setSection = (i: number, s: Partial<Section>) => set({ sections: f.sections.map((x, j) => (j === i ? { ...x, ...s } : x)) });
  const setType = (i: number, t: Partial<AttachmentType>) => set({ attachmentTypes: f.attachmentTypes.map((x, j) => (j === i ? { ...x, ...t } : x)) });
  const setCriterion = (i: number, c: Partial<Criterion>) => set({ rubric: f.rubric.map((x, j) => (j === i ? { ...x, ...c } : x)) });
  return (
    <form className="card" onSubmit={submit} aria-label={call ? `Edit ${call.title}` : 'New call'}>
      <h2>{call ? `Edit “${call.title}”` : 'New call'}</h2>
      <ErrorBox error={save.error} />
      <label>
        Title
        <input value={f.title} onChange={(e) => set({ title: e.target.value })} required maxLength={200} />
      </label>
      <label>
        Summary (shown in the public catalog)
        <textarea rows={3} value={f.summary} onChange={(e) => set({ summary: e.target.value })} maxLength={8000} />
      </label>
      <label>
        Opens (UTC)
        <input type="datetime-local" value={f.opensAt} onChange={(e) => set({ opensAt: e.target.value })} required />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={f.rolling} onChange={(e) => set({ rolling: e.target.checked })} /> Rolling call (no closing date)
      </label>
      {f.rolling ? (
        <label>
          Review cut-off days (YYYY-MM-DD, comma-separated)
          <input value={f.reviewCutoffs} onChange={(e) => set({ reviewCutoffs: e.target.value })} />
        </label>
      ) : (
        <label>
          Closes (UTC)
          <input type="datetime-local" value={f.closesAt} onChange={(e) => set({ closesAt: e.target.value })} required />
        </label>
      )}
      <label>
        Eligible regions (comma-separated, optional)
        <input value={f.eligibleRegions} onChange={(e) => set({ eligibleRegions: e.target.value })} />
      </label>
      <label>
        Eligible sectors (comma-separated, optional)
        <input value={f.eligibleSectors} onChange={(e) => set({ eligibleSectors: e.target.value })} />
      </label>
      <label>
        Reviews due within (days)
        <input type="number" min={1} max={365} value={f.reviewDueDays} onChange={(e) => set({ reviewDueDays: Number(e.target.value) })} />
      </label>
      <fieldset>
        <legend>Narrative sections</legend>
        {f.sections.map((s, i) => (
          <div key={i} className="row">
            <input aria-label="Section key" value={s.key} onChange={(e) => setSection(i, { key: e.target.value })} pattern="[a-z][a-z0-9_]{1,39}" required />
            <input aria-label="Section title" value={s.title} onChange={(e) => setSection(i, { title: e.target.value })} required />
            <input aria-label="Word limit" type="number" min={1} value={s.maxWords} onChange={(e) => setSection(i, { maxWords: Number(e.target.value) })} />
            <label className="checkbox">
              <input type="checkbox" checked={s.required} onChange={(e) => setSection(i, { required: e.target.checked })} /> required
            </label>
            <button type="button" className="secondary" onClick={() => set({ sections: f.sections.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => set({ sections: [...f.sections, { key: `section_${f.sections.length + 1}`, title: '', maxWords: 500, required: true }] })}>
          Add section
        </button>
      </fieldset>
      <fieldset>
        <legend>Attachment types</legend>
        {f.attachmentTypes.map((t, i) => (
          <div key={i} className="row">
            <input aria-label="Attachment key" value={t.key} onChange={(e) => setType(i, { key: e.target.value })} pattern="[a-z][a-z0-9_]{1,39}" required />
            <input aria-label="Attachment title" value={t.title} onChange={(e) => setType(i, { title: e.target.value })} required />
            <input aria-label="Largest size (MB)" type="number" min={1} value={Math.round(t.maxBytes / 1024 / 1024)} onChange={(e) => setType(i, { maxBytes: Number(e.target.value) * 1024 * 1024 })} />
            <input aria-label="Media types (comma-separated)" value={t.mimeTypes.join(', ')} onChange={(e) => setType(i, { mimeTypes: list(e.target.value) })} />
            <label className="checkbox">
              <input type="checkbox" checked={t.required} onChange={(e) => setType(i, { required: e.target.checked })} /> required
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={t.publicVersionRequiredIfBci} onChange={(e) => setType(i, { publicVersionRequiredIfBci: e.target.checked })} /> public version if BCI
            </label>
            <button type="button" className="secondary" onClick={() => set({ attachmentTypes: f.attachmentTypes.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => set({ attachmentTypes: [...f.attachmentTypes, { key: `attachment_${f.attachmentTypes.length + 1}`, title: '', required: false, maxBytes: 20 * 1024 * 1024, mimeTypes: ['application/pdf'], publicVersionRequiredIfBci: true }] })}
        >
          Add attachment type
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={f.bciJustificationRequired} onChange={(e) => set({ bciJustificationRequired: e.target.checked })} /> A business-confidential section or document needs a justification
        </label>
      </fieldset>
      <fieldset>
        <legend>Rubric{call ? ` (version ${call.rubric.version}; a change becomes version ${call.rubric.version + 1})` : ''}</legend>
        {f.rubric.map((c, i) => (
          <div key={i} className="row">
            <input aria-label="Criterion key" value={c.key} onChange={(e) => setCriterion(i, { key: e.target.value })} pattern="[a-z][a-z0-9_]{1,39}" required />
            <input aria-label="Criterion title" value={c.title} onChange={(e) => setCriterion(i, { title: e.target.value })} required />
            <input aria-label="Criterion description" value={c.description} onChange={(e) => setCriterion(i, { description: e.target.value })} required />
            <input aria-label="Weight" type="number" step={0.01} min={0.01} max={1} value={c.weight} onChange={(e) => setCriterion(i, { weight: Number(e.target.value) })} />
            <button type="button" className="secondary" onClick={() => set({ rubric: f.rubric.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => set({ rubric: [...f.rubric, { key: `criterion_${f.rubric.length + 1}`, title: '', description: '', weight: 0.1 }] })}>
          Add criterion
        </button>
        <p className="small muted">The weights add up to {Math.round(f.rubric.reduce((s, c) => s + c.weight, 0) * 100) / 100} (they must add up to 1).</p>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={save.pending}>
          {call ? 'Save call' : 'Draft call'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
