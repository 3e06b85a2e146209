// The eligibility checklist on the proposal page: per criterion, its rule and citation, what the
// system finds in the package, and the program officer's answer — met, not met or not applicable —
// with a note. The program officer answers while the proposal is in eligibility screening; other
// government readers see it read-only. Review starts only once it is complete (the server says
// what is missing when asked too early).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorBox, Loading, Alert } from '../../components/ui.tsx';
import { put } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { storeAnswer, useAction, useApiQuery } from '../../lib/query.ts';
import { ELIGIBILITY_ANSWERS, type EligibilityAnswer, type EligibilityChecklist } from '../../../shared/contracts/eligibility.ts';
import { ELIGIBILITY_ANSWER_LABELS, ELIGIBILITY_SYSTEM_LABELS } from '../../../shared/labels.ts';

type Criterion = EligibilityChecklist['criteria'][number];
type Edit = { answer: EligibilityAnswer | null; note: string };

export function EligibilityPanel({ proposalId }: { proposalId: string }) {
  const url = `/api/v1/proposals/${proposalId}/eligibility`;
  const checklist = useApiQuery<EligibilityChecklist>(url);
  const c = checklist.data;
  return (
    <section className="card" aria-labelledby="eligibility-heading">
      <h2 id="eligibility-heading">Eligibility checklist</h2>
      {!c ? checklist.error ? <ErrorBox error={checklist.error} /> : <Loading /> : c.editable ? <ChecklistForm key={`${c.revision}`} url={url} c={c} /> : <ChecklistView c={c} />}
    </section>
  );
}

function Summary({ c }: { c: EligibilityChecklist }) {
  if (c.complete) return <Alert kind="success">Every criterion is answered and none that blocks review is “not met”: review may start.</Alert>;
  const unanswered = c.blockers.filter((b) => b.reason === 'unanswered').length;
  const notMet = c.blockers.filter((b) => b.reason === 'not_met').map((b) => b.label);
  return (
    <Alert kind="info">
      Review cannot start yet
      {unanswered > 0 && `: ${unanswered} of ${c.criteria.length} criteria not answered`}
      {notMet.length > 0 && `${unanswered > 0 ? ';' : ':'} not met — ${notMet.join('; ')}`}.
    </Alert>
  );
}

function RuleOf({ criterion }: { criterion: Criterion }) {
  return (
    <>
      <p>{criterion.rule}</p>
      <p className="muted small">
        {criterion.citation} (in effect {criterion.effective}).
      </p>
      {criterion.guidance && <p className="small">{criterion.guidance}</p>}
      <p className="small">
        <strong>System pre-assessment: {ELIGIBILITY_SYSTEM_LABELS[criterion.system.assessment]}</strong>
        {criterion.system.findings.length > 0 && ` — ${criterion.system.findings.join(' ')}`}
      </p>
    </>
  );
}

/** Read-only: for the decision official, reviewers, auditors, and once screening is over. */
function ChecklistView({ c }: { c: EligibilityChecklist }) {
  return (
    <>
      <p className="muted">Recorded by the program office on revision {c.revision}; read-only.</p>
      <Summary c={c} />
      {c.criteria.map((x) => (
        <article key={x.id} className="eligibility-criterion" aria-labelledby={`crit-${x.id}`}>
          <h3 id={`crit-${x.id}`}>{x.label}</h3>
          <RuleOf criterion={x} />
          <p>
            <strong>Program office: {x.answer ? ELIGIBILITY_ANSWER_LABELS[x.answer.answer] : 'Not answered'}</strong>
            {x.answer && ` (${x.answer.by ?? 'unknown'}, ${dateTime(x.answer.at)})`}
          </p>
          {x.answer?.note && <blockquote>{x.answer.note}</blockquote>}
        </article>
      ))}
    </>
  );
}

/** The program officer's form: every criterion in one form, saved together (changed ones only). */
function ChecklistForm({ url, c }: { url: string; c: EligibilityChecklist }) {
  const queryClient = useQueryClient();
  const initial = (): Record<string, Edit> => Object.fromEntries(c.criteria.map((x) => [x.id, { answer: x.answer?.answer ?? null, note: x.answer?.note ?? '' }]));
  const [edits, setEdits] = useState<Record<string, Edit>>(initial);
  const [missingNotes, setMissingNotes] = useState<string[]>([]);
  const save = useAction<EligibilityChecklist>((next) => storeAnswer(queryClient, url, next, [`/api/v1/proposals/${c.proposalId}/history`]));

  const changed = c.criteria.filter((x) => {
    const e = edits[x.id]!;
    return e.answer !== null && (e.answer !== x.answer?.answer || e.note.trim() !== (x.answer?.note ?? ''));
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    // A criterion not met or not applicable needs its reason; the server says so too.
    const missing = changed.filter((x) => edits[x.id]!.answer !== 'met' && edits[x.id]!.note.trim() === '').map((x) => x.id);
    setMissingNotes(missing);
    if (missing.length || changed.length === 0) return;
    void save.run('Checklist saved.', () => put<EligibilityChecklist>(url, { answers: changed.map((x) => ({ criterionId: x.id, answer: edits[x.id]!.answer, note: edits[x.id]!.note.trim() })) }));
  };

  return (
    <form onSubmit={submit} aria-labelledby="eligibility-heading" noValidate>
      <Summary c={c} />
      {c.criteria.map((x) => {
        const e = edits[x.id]!;
        const noteMissing = missingNotes.includes(x.id);
        const set = (patch: Partial<Edit>) => setEdits((all) => ({ ...all, [x.id]: { ...all[x.id]!, ...patch } }));
        return (
          <fieldset key={x.id} className="eligibility-criterion">
            <legend>{x.label}</legend>
            <RuleOf criterion={x} />
            <div role="radiogroup" aria-label={`Answer: ${x.label}`} className="row">
              {ELIGIBILITY_ANSWERS.map((a) => (
                <label key={a} className="inline">
                  <input type="radio" name={`answer-${x.id}`} value={a} checked={e.answer === a} onChange={() => set({ answer: a })} /> {ELIGIBILITY_ANSWER_LABELS[a]}
                </label>
              ))}
            </div>
            <label>
              Note{e.answer && e.answer !== 'met' ? ' (required)' : ''}
              <textarea
                rows={2}
                maxLength={4000}
                value={e.note}
                aria-invalid={noteMissing}
                aria-describedby={noteMissing ? `note-missing-${x.id}` : undefined}
                onChange={(ev) => set({ note: ev.target.value })}
              />
            </label>
            {noteMissing && (
              <p id={`note-missing-${x.id}`} className="bad">
                Say why this criterion is {e.answer === 'not_met' ? 'not met' : 'not applicable'}.
              </p>
            )}
            {x.answer && (
              <p className="muted small">
                Last answered by {x.answer.by ?? 'unknown'}, {dateTime(x.answer.at)}.
              </p>
            )}
          </fieldset>
        );
      })}
      {save.notice && <Alert kind="success">{save.notice}</Alert>}
      {missingNotes.length > 0 && <Alert>Some answers need a note: {c.criteria.filter((x) => missingNotes.includes(x.id)).map((x) => x.label).join('; ')}.</Alert>}
      <ErrorBox error={save.error} />
      <button type="submit" disabled={changed.length === 0}>
        Save checklist
      </button>
    </form>
  );
}
