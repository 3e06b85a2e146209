// The decision official's part of the review tab: the program officer's recommendation as recorded,
// and the decision form, asked for confirmation before it is recorded (a decision is final).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useConfirm } from '../../components/ConfirmDialog.tsx';
import { ErrorBox, Loading } from '../../components/ui.tsx';
import { ApiError, get, post } from '../../lib/api.ts';
import { dateTime, humanize } from '../../lib/format.ts';
import { queryKeyOf } from '../../lib/query.ts';
import type { Proposal } from '../../lib/types.ts';
import type { z } from 'zod';
import { SECTORS, type RecommendationSchema } from '../../../shared/contracts/review.ts';
import type { PackageScreening } from '../../../shared/contracts/screening.ts';
import type { ProposalState } from '../../../shared/domain/proposal-lifecycle.ts';

type Recommendation = z.infer<typeof RecommendationSchema>;

/** A top-of-page button that opens a form of the review tab rather than writing by itself. */
export const FORM_ACTIONS = ['recommend', 'designate', 'not_designate'] as const;
export type FormAction = (typeof FORM_ACTIONS)[number];
export const isFormAction = (a: string): a is FormAction => (FORM_ACTIONS as readonly string[]).includes(a);
/** Which form to open; `seq` grows on every click, so a second click focuses the form again. */
export interface ReviewIntent {
  action: FormAction;
  seq: number;
}

/** Puts focus on `ref`'s element each time `seq` changes (and once the element is there). */
export function useFocusOnIntent<T extends HTMLElement>(seq: number | undefined, ready: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (seq !== undefined && ready) ref.current?.focus();
  }, [seq, ready]);
  return ref;
}

/** States in which a recommendation has been recorded (or was, before the decision). */
const RECOMMENDED: readonly ProposalState[] = ['recommendation', 'decision_pending', 'designated', 'not_designated'];

/** The program officer's recommendation and rationale, as recorded; nothing before one exists. */
export function RecommendationRecord({ p }: { p: Proposal }) {
  const url = `/api/v1/proposals/${p.id}/recommendation`;
  // A 404 means no recommendation (say, after a compliance hold sent the proposal back), not an error.
  const rec = useQuery({
    queryKey: queryKeyOf(url),
    queryFn: () => get<Recommendation>(url).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
    enabled: RECOMMENDED.includes(p.state),
  });
  if (!RECOMMENDED.includes(p.state) || rec.data === null) return null;
  if (!rec.data) return rec.error ? <ErrorBox error={rec.error} /> : <Loading />;
  const r = rec.data;
  return (
    <section className="card" aria-labelledby="recommendation">
      <h2 id="recommendation">Program office recommendation: {humanize(r.recommendation)}</h2>
      <p className="muted">
        Recorded {dateTime(r.draftedAt)} on revision {r.revision}
        {r.revision !== p.revision && <strong className="bad"> — the proposal is now at revision {p.revision}</strong>}
      </p>
      <h3>Rationale</h3>
      <blockquote>{r.rationale}</blockquote>
    </section>
  );
}

export function DecisionForm({ p, onProposal, intent }: { p: Proposal; onProposal: (p: Proposal) => void | Promise<unknown>; intent?: ReviewIntent }) {
  const [form, setForm] = useState({ decision: 'designated', nationalInterestDetermination: '', conditions: '', termMonths: 36, feedback: '', publicDescription: '', sectors: [] as string[] });
  const [error, setError] = useState<unknown>(null);
  const { confirm, dialog } = useConfirm();
  const decisionField = useFocusOnIntent<HTMLSelectElement>(intent?.seq, true);
  // The top "Designate" / "Not designate" buttons choose the decision here.
  const intended = intent?.action === 'designate' ? 'designated' : intent?.action === 'not_designate' ? 'not_designated' : null;
  useEffect(() => {
    if (intended) setForm((f) => ({ ...f, decision: intended }));
  }, [intended, intent?.seq]);

  const designate = form.decision === 'designated';
  // No list, no clearance: designation waits until every party is screened (the API's answer says why).
  const screeningUrl = `/api/v1/proposals/${p.id}/screening`;
  const screening = useQuery({ queryKey: queryKeyOf(screeningUrl), queryFn: () => get<PackageScreening>(screeningUrl) });
  const blockedBy = designate && screening.data && !screening.data.screened ? screening.data.message : null;
  const submit = async () => {
    const yes = await confirm({
      title: designate ? 'Designate this package?' : 'Record a decision not to designate?',
      body: (
        <p>
          {designate ? `“${p.title}” becomes a priority AI export package and appears in the public catalog.` : `“${p.title}” is not designated; the consortium sees your feedback.`} A decision is final: it cannot be
          changed here afterwards.
        </p>
      ),
      confirmLabel: designate ? 'Designate' : 'Do not designate',
    });
    if (!yes) return;
    try {
      await onProposal(
        await post<Proposal>(`/api/v1/proposals/${p.id}/decision`, {
          ...form,
          conditions: form.conditions.split('\n').map((c) => c.trim()).filter(Boolean),
          nationalInterestDetermination: form.nationalInterestDetermination || undefined,
          publicDescription: form.publicDescription || undefined,
        }),
      );
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="decision">
      <h2 id="decision">Decision</h2>
      <p className="muted small">The recommendation, the scores and their spread, each agency’s position with its conditions, the compliance status and the US content are shown above.</p>
      <ErrorBox error={error} />
      <label>
        Decision
        <select ref={decisionField} aria-label="Decision" value={form.decision} onChange={(e) => setForm({ ...form, decision: e.target.value })}>
          <option value="designated">Designate as a priority AI export package</option>
          <option value="not_designated">Do not designate</option>
        </select>
      </label>
      {designate ? (
        <>
          <label>
            National-interest determination
            <textarea rows={3} value={form.nationalInterestDetermination} onChange={(e) => setForm({ ...form, nationalInterestDetermination: e.target.value })} />
          </label>
          <label>
            Conditions (one per line)
            <textarea rows={2} value={form.conditions} onChange={(e) => setForm({ ...form, conditions: e.target.value })} />
          </label>
          <label>
            Term (months)
            <input type="number" min={1} max={120} value={form.termMonths} onChange={(e) => setForm({ ...form, termMonths: Number(e.target.value) })} />
          </label>
          <label>
            Public catalog description
            <textarea rows={2} value={form.publicDescription} onChange={(e) => setForm({ ...form, publicDescription: e.target.value })} />
          </label>
          <fieldset className="checks">
            <legend>Sectors</legend>
            {SECTORS.map((s) => (
              <label key={s}>
                <input type="checkbox" checked={form.sectors.includes(s)} onChange={(e) => setForm({ ...form, sectors: e.target.checked ? [...form.sectors, s] : form.sectors.filter((x) => x !== s) })} />
                {humanize(s)}
              </label>
            ))}
          </fieldset>
        </>
      ) : null}
      <label>
        Feedback to the applicant
        <textarea rows={3} value={form.feedback} onChange={(e) => setForm({ ...form, feedback: e.target.value })} />
      </label>
      {blockedBy && (
        <p className="notice" role="status" id="decision-blocked">
          <strong>Designation is blocked.</strong> {blockedBy}
        </p>
      )}
      <button onClick={() => void submit()} disabled={!!blockedBy} aria-describedby={blockedBy ? 'decision-blocked' : undefined}>
        Record decision
      </button>
      {dialog}
    </section>
  );
}
