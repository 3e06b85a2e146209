// Interagency consultations: every agency's answer with its revisions (for the government readers),
// and the consulted agency's own form — the first answer, or an explicit revision with a reason.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { Alert, CodeOptions, ErrorBox } from '../../components/ui.tsx';
import { ApiError, post, put } from '../../lib/api.ts';
import { dateTime, humanize } from '../../lib/format.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';
import type { Proposal } from '../../lib/types.ts';
import { mayEver } from '../../../shared/access.ts';
import { CONSULTATION_POSITIONS, type ConsultationRecord, type ConsultationRevision } from '../../../shared/contracts/review.ts';

/** A position in words; an unanswered consultation is pending, or overdue once its due date passed. */
export function PositionText({ c }: { c: Pick<ConsultationRecord, 'position' | 'overdue'> }) {
  if (c.position) return <>{humanize(c.position)}</>;
  return c.overdue ? <span className="bad">No response (overdue)</span> : <>Pending</>;
}

function Conditions({ conditions }: { conditions: string[] }) {
  if (conditions.length === 0) return null;
  return (
    <ul aria-label="Conditions">
      {conditions.map((x) => (
        <li key={x}>{x}</li>
      ))}
    </ul>
  );
}

/** Who answered and when; for a revision, why the agency changed its answer. */
function AnsweredBy({ r }: { r: ConsultationRevision }) {
  return (
    <span className="muted small">
      {' '}
      — revision {r.revision}, {r.answeredBy.name}, {dateTime(r.answeredAt)}
      {r.reason && <> · reason for the change: “{r.reason}”</>}
    </span>
  );
}

/** The answers an agency gave before its current one, newest first: they stay on the record. */
export function EarlierAnswers({ c }: { c: ConsultationRecord }) {
  const earlier = c.revisions.slice(0, -1).reverse();
  if (earlier.length === 0) return null;
  return (
    <div className="small">
      <strong>Earlier answers</strong>
      <ol className="plain" aria-label={`Earlier answers of ${c.agency}`}>
        {earlier.map((r) => (
          <li key={r.revision}>
            <s>{humanize(r.position)}</s> — {r.rationale}
            <AnsweredBy r={r} />
            <Conditions conditions={r.conditions} />
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The current answer: position, rationale, conditions, who gave it (and why it was revised). */
function CurrentAnswer({ c }: { c: ConsultationRecord }) {
  const current = c.revisions.at(-1);
  return (
    <>
      {c.rationale}
      {current && <AnsweredBy r={current} />}
      <Conditions conditions={c.conditions} />
    </>
  );
}

/** Every agency's position with its conditions and its earlier answers (program office, decision official). */
export function ConsultationsTable({ items }: { items: ConsultationRecord[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Agency</th>
          <th scope="col">Position</th>
          <th scope="col">Rationale and conditions</th>
          <th scope="col">Due</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id}>
            <td>{c.agency}</td>
            <td>
              <PositionText c={c} />
              {c.revision > 1 && <div className="muted small">revised {c.revision - 1}×</div>}
            </td>
            <td>
              <CurrentAnswer c={c} />
              <EarlierAnswers c={c} />
            </td>
            <td>{dateTime(c.dueAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface AnswerForm {
  position: string;
  rationale: string;
  conditions: string;
}

const formOf = (c: ConsultationRecord): AnswerForm =>
  c.position ? { position: c.position, rationale: c.rationale ?? '', conditions: c.conditions.join('\n') } : { position: 'concur', rationale: '', conditions: '' };

const answerOf = (f: AnswerForm) => ({ position: f.position, rationale: f.rationale, conditions: f.conditions.split('\n').map((x) => x.trim()).filter(Boolean) });

/**
 * The consulted agency's own answer, for its interagency users: the first answer (PUT), then a
 * change only as a revision with a reason, at the version read (POST …/revisions). Someone of the
 * agency who answered meanwhile makes the server refuse (409): the error shows and the record is
 * read again, so the user sees the answer they would change.
 */
export function AgencyConsultation({ p }: { p: Proposal }) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const url = `/api/v1/proposals/${p.id}/consultations`;
  // The agency's own consultation; an agency not consulted on this proposal is refused it (and sees no form).
  const mine = useApiQuery<{ items: ConsultationRecord[] }>(url, { enabled: mayEver(user, 'consultation.respond') });
  const c = mine.data?.items[0];
  const [edited, setEdited] = useState<AnswerForm | null>(null); // null until edited: the current answer shows
  const [reason, setReason] = useState('');
  const { error, notice, run } = useAction(async () => {
    setEdited(null);
    setReason('');
    // The proposal's consultations (and the evidence built on them), and the agency's own list.
    await invalidate(queryClient, [`/api/v1/proposals/${p.id}`, '/api/v1/consultations'], `/api/v1/proposals/${p.id}`);
  });
  if (!c) return null;
  const form = edited ?? formOf(c);
  const revise = c.allowedActions.includes('revise');
  const answer = c.allowedActions.includes('answer');
  const set = (patch: Partial<AnswerForm>) => setEdited({ ...form, ...patch });
  const send = (label: string, write: () => Promise<unknown>) =>
    run(label, () =>
      write().catch(async (err: unknown) => {
        if (err instanceof ApiError && (err.code === 'VERSION_CONFLICT' || err.code === 'CONSULTATION_ANSWERED')) await mine.refetch();
        throw err;
      }),
    );
  const current = c.revisions.at(-1);
  return (
    <section className="card" aria-labelledby="my-consultation">
      <h2 id="my-consultation">Consultation of {c.agency}</h2>
      <ErrorBox error={error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      {c.position ? (
        <>
          <p>
            Current position: <strong>{humanize(c.position)}</strong> — {c.rationale}
          </p>
          <Conditions conditions={c.conditions} />
          {current && (
            <p className="muted small">
              Revision {current.revision}, given by {current.answeredBy.name} on {dateTime(current.answeredAt)}
              {current.reason && <> · reason for the change: “{current.reason}”</>}
            </p>
          )}
          <EarlierAnswers c={c} />
        </>
      ) : (
        <p>
          Your agency has not answered yet (due {dateTime(c.dueAt)}).
        </p>
      )}
      {(answer || revise) && (
        <fieldset>
          <legend>{revise ? 'Revise (reason required)' : 'Answer for your agency'}</legend>
          {revise && <p className="muted small">The current answer stays on the record as an earlier revision; the program office is told of the change.</p>}
          <label>
            Position
            <select aria-label="Position" value={form.position} onChange={(e) => set({ position: e.target.value })}>
              <CodeOptions codes={CONSULTATION_POSITIONS} />
            </select>
          </label>
          <label>
            Rationale
            <textarea rows={3} value={form.rationale} onChange={(e) => set({ rationale: e.target.value })} />
          </label>
          <label>
            Conditions (one per line)
            <textarea rows={2} value={form.conditions} onChange={(e) => set({ conditions: e.target.value })} />
          </label>
          {revise ? (
            <>
              <label>
                Reason for the change
                <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required aria-required="true" />
              </label>
              <button disabled={!reason.trim()} onClick={() => void send('Revision recorded.', () => post(`/api/v1/consultations/${c.id}/revisions`, { ...answerOf(form), reason, version: c.version }))}>
                Record revision
              </button>
            </>
          ) : (
            <button onClick={() => void send('Position recorded.', () => put(`/api/v1/consultations/${c.id}`, answerOf(form)))}>Record position</button>
          )}
        </fieldset>
      )}
    </section>
  );
}
