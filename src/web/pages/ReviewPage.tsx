// A reviewer's assignment: the conflict-of-interest declaration first, then scoring against the rubric.
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useConfirm } from '../components/ConfirmDialog.tsx';
import { Alert, ErrorBox, Loading } from '../components/ui.tsx';
import { post, put } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { invalidate, storeAnswer, useApiQuery } from '../lib/query.ts';
import type { MyReview } from '../../shared/contracts/review.ts';
import { NarrativesPanel } from '../features/calls/NarrativesPanel.tsx';

/** The reviewer's assignment (GET /api/v1/reviews/{id}). */
type Assignment = MyReview;

export function ReviewPage({ id }: { id: string }) {
  const navigate = useNavigate();
  const url = `/api/v1/reviews/${id}`;
  const a = useApiQuery<Assignment>(url);
  const queryClient = useQueryClient();
  // The answer is the assignment as it now is; the reviewer's list shows its status too.
  const store = (next: Assignment) => storeAnswer(queryClient, url, next, ['/api/v1/reviews']);
  const [statement, setStatement] = useState('');
  const [scores, setScores] = useState<Record<string, { score: number; comment: string }>>({});
  const [comment, setComment] = useState<string | null>(null); // null until edited: the saved comment shows
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  if (!a.data) return a.error ? <ErrorBox error={a.error} /> : <Loading />;
  const r = a.data;

  async function declare(conflict: boolean) {
    try {
      const res = await post<Assignment>(`/api/v1/reviews/${id}/conflict-of-interest`, { conflict, statement });
      if (conflict) {
        await invalidate(queryClient, ['/api/v1/reviews']);
        await navigate({ to: '/' });
      } else {
        await store(res);
        setScores(res.scores ?? {});
      }
    } catch (err) {
      setError(err);
    }
  }
  async function save(submit: boolean) {
    // A submitted review is final: the scores count towards the recommendation and cannot be changed.
    if (submit && !(await confirm({ title: 'Submit your review?', body: <p>Once submitted, your scores and comments are final and count towards the program office’s recommendation.</p>, confirmLabel: 'Submit review' }))) return;
    try {
      await store(await put<Assignment>(url, { scores: { ...r.scores, ...scores }, comment: comment ?? r.comment ?? '', submit }));
      setNotice(submit ? 'Review submitted.' : 'Draft saved.');
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>Review: {r.consortium.name}</h1>
      <p className="muted">
        Due {dateTime(r.dueAt)} {r.overdue && <span className="bad">— overdue</span>}
      </p>
      <ErrorBox error={error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      <section className="card" aria-labelledby="members">
        <h2 id="members">Consortium members</h2>
        <ul className="plain">
          {r.consortium.members.map((m) => (
            <li key={m.name}>
              {m.name} ({m.country})
            </li>
          ))}
        </ul>
      </section>
      {r.coi === 'pending' ? (
        <section className="card" aria-labelledby="coi">
          <h2 id="coi">Conflict of interest</h2>
          <p>Before you see the proposal, declare whether you have any financial, employment, advisory or personal relationship with a member of this consortium or its competitors. If you declare a conflict you will not see the proposal and another reviewer will be assigned.</p>
          <label>
            Statement
            <textarea rows={3} value={statement} onChange={(e) => setStatement(e.target.value)} />
          </label>
          <button onClick={() => void declare(false)}>I have no conflict of interest</button> <button className="secondary" onClick={() => void declare(true)}>I have a conflict</button>
        </section>
      ) : (
        <section className="card" aria-labelledby="score">
          <h2 id="score">Scores</h2>
          <p>
            Proposal: <Link to="/proposals/$id" params={{ id: r.proposal!.id }}>
              {r.proposal!.title}
            </Link> (opens the full package)
          </p>
          <ReviewNarratives proposalId={r.proposal!.id} />
          <fieldset disabled={r.status === 'submitted'}>
            <legend>Rubric (1 = weak, 5 = excellent)</legend>
            {r.rubric!.map((c) => {
              const cur = scores[c.key] ?? r.scores?.[c.key];
              return (
                <div key={c.key} className="criterion">
                  <label htmlFor={`score-${c.key}`}>
                    {c.title} <span className="muted small">(weight {Math.round(c.weight * 100)} %)</span>
                  </label>
                  <p className="small muted">{c.description}</p>
                  <div className="inline">
                    <select id={`score-${c.key}`} aria-label={`Score for ${c.title}`} value={cur?.score ?? ''} onChange={(e) => setScores({ ...scores, [c.key]: { score: Number(e.target.value), comment: cur?.comment ?? '' } })}>
                      <option value="">—</option>
                      {[1, 2, 3, 4, 5].map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                    <input aria-label={`Comment on ${c.title}`} value={cur?.comment ?? ''} onChange={(e) => setScores({ ...scores, [c.key]: { score: cur?.score ?? 3, comment: e.target.value } })} placeholder="Comment" />
                  </div>
                </div>
              );
            })}
            <label>
              Overall comment
              <textarea rows={3} value={comment ?? r.comment ?? ''} onChange={(e) => setComment(e.target.value)} />
            </label>
            <button className="secondary" onClick={() => void save(false)}>
              Save draft
            </button>{' '}
            <button onClick={() => void save(true)}>Submit review</button>
          </fieldset>
          {r.status === 'submitted' && <p className="good">Submitted.</p>}
          {dialog}
        </section>
      )}
    </>
  );
}

/** The proposal's narratives as submitted, read beside the rubric (fetched when opened). */
function ReviewNarratives({ proposalId }: { proposalId: string }) {
  const [open, setOpen] = useState(false);
  return open ? (
    <NarrativesPanel proposalId={proposalId} />
  ) : (
    <button type="button" className="secondary" onClick={() => setOpen(true)}>
      Read the narratives
    </button>
  );
}
