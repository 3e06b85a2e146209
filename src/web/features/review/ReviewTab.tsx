// Government side of a proposal: reviewers, consultations, recommendation, decision; and, for
// everyone who may see the proposal, the designated package and the debrief.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { ApiError, get, post } from '../../lib/api.ts';
import { dateTime, humanize, pct } from '../../lib/format.ts';
import { queryKeyOf, invalidate, useAction, useApiQuery } from '../../lib/query.ts';
import type { z } from 'zod';
import type { Proposal } from '../../lib/types.ts';
import { can, canOn, consortiumRelations } from '../../../shared/access.ts';
import type { PackageChanges } from '../../../shared/domain/package-diff.ts';
import type { DesignatedPackage } from '../../../shared/contracts/designation.ts';
import type { ConsultationRecord, Debrief, RecommendationEvidence, ReviewerListResponse, ReviewPanel } from '../../../shared/contracts/review.ts';
import { NewDealForm } from '../financing/NewDealForm.tsx';
import { ConsultationsTable } from './Consultations.tsx';
import { DecisionForm, RecommendationRecord, useFocusOnIntent, type ReviewIntent } from './Decision.tsx';

// Answers of the review routes: the types of their response schemas (src/shared/contracts).
type Panel = ReviewPanel;
type Evidence = RecommendationEvidence;
type Reviewers = z.infer<typeof ReviewerListResponse>;

const isProposal = (res: unknown): res is Proposal => typeof res === 'object' && res !== null && 'state' in res && 'package' in res;

/**
 * A review step on proposal `p`: an answer that is the proposal goes to `onProposal` (which stores
 * it and marks what derives from it stale); any other answer marks everything under the proposal
 * stale (its reviews, consultations, evidence, package).
 */
function useProposalAction(p: Proposal, onProposal?: (p: Proposal) => void | Promise<unknown>) {
  const queryClient = useQueryClient();
  const url = `/api/v1/proposals/${p.id}`;
  return useAction((res) => (onProposal && isProposal(res) ? onProposal(res) : invalidate(queryClient, [url], url)));
}

/**
 * The review tab for government readers. `intent` comes from the page's top buttons ("Recommend",
 * "Designate", "Not designate"): the form it names is focused (and the decision preset).
 */
export function GovernmentReview({ p, onProposal, intent }: { p: Proposal; onProposal: (p: Proposal) => void | Promise<unknown>; intent?: ReviewIntent }) {
  const { user, reference } = useSession();
  const isPO = can(user, 'review.assign');
  const reader = can(user, 'review.read');
  const panel = useApiQuery<Panel>(`/api/v1/proposals/${p.id}/reviews`, { enabled: reader });
  const consults = useApiQuery<{ items: ConsultationRecord[] }>(`/api/v1/proposals/${p.id}/consultations`, { enabled: reader });
  const evidence = useApiQuery<Evidence>(`/api/v1/proposals/${p.id}/recommendation/evidence`, { enabled: reader });
  const reviewers = useApiQuery<Reviewers>('/api/v1/reviewers', { enabled: isPO });
  const { error, notice, run } = useProposalAction(p, onProposal);
  const [picked, setPicked] = useState<string[]>([]);
  const [rationale, setRationale] = useState('');
  const [rec, setRec] = useState<'designate' | 'not_designate'>('designate');
  const recommendField = useFocusOnIntent<HTMLSelectElement>(intent?.action === 'recommend' ? intent.seq : undefined, evidence.data !== undefined);

  if (!reader) return null;
  const canAssign = isPO && ['eligibility_screening', 'under_review'].includes(p.state);
  return (
    <>
      <ErrorBox error={error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      <RecommendationRecord p={p} />
      <section className="card" aria-labelledby="reviewers">
        <h2 id="reviewers">Reviewers</h2>
        {!panel.data ? (
          <Loading />
        ) : (
          <>
            <p>
              {panel.data.submittedReviews} of {panel.data.minReviewers} required reviews submitted · {panel.data.activeReviewers} active reviewer(s)
              {panel.data.needsReplacement > 0 && <span className="bad"> · {panel.data.needsReplacement} conflicted: replace</span>}
            </p>
            <TableScroll label="Reviewer assignments">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Reviewer</th>
                    <th scope="col">Agency</th>
                    <th scope="col">Conflict of interest</th>
                    <th scope="col">Status</th>
                    <th scope="col">Due</th>
                  </tr>
                </thead>
                <tbody>
                  {panel.data.assignments.map((a) => (
                    <tr key={a.id}>
                      <td>{a.reviewer.name}</td>
                      <td>{a.reviewer.agency}</td>
                      <td>{a.coi === 'conflicted' ? <span className="bad">Conflicted</span> : humanize(a.coi)}</td>
                      <td>{humanize(a.status)}</td>
                      <td>
                        {dateTime(a.dueAt)} {a.overdue && <span className="bad">overdue</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
        {canAssign && reviewers.data && (
          <fieldset>
            <legend>Assign reviewers</legend>
            <div className="checks">
              {reviewers.data.items
                .filter((r) => !panel.data?.assignments.some((a) => a.reviewer.name === r.name))
                .map((r) => (
                  <label key={r.id}>
                    <input type="checkbox" checked={picked.includes(r.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, r.id] : picked.filter((x) => x !== r.id))} />
                    {r.name} ({r.agency})
                  </label>
                ))}
            </div>
            <button disabled={picked.length === 0} onClick={() => void run('Reviewers assigned.', () => post(`/api/v1/proposals/${p.id}/reviews`, { reviewerIds: picked })).then(() => setPicked([]))}>
              Assign selected reviewers
            </button>
          </fieldset>
        )}
      </section>
      <section className="card" aria-labelledby="consultations">
        <h2 id="consultations">Interagency consultations</h2>
        {consults.data && consults.data.items.length > 0 ? (
          <ConsultationsTable items={consults.data.items} />
        ) : (
          <p className="muted">No consultation requested yet.</p>
        )}
        {canAssign && <button onClick={() => void run('Consultations requested.', () => post(`/api/v1/proposals/${p.id}/consultations`, {}))}>Consult State, War, Energy and OSTP</button>}
      </section>
      {evidence.data && (
        <section className="card" aria-labelledby="evidence">
          <h2 id="evidence">Recommendation evidence</h2>
          <table className="small">
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Mean</th>
                <th scope="col">Range (spread)</th>
              </tr>
            </thead>
            <tbody>
              {evidence.data.scores.perCriterion.map((c) => (
                <tr key={c.key}>
                  <td>{c.title}</td>
                  <td>{c.mean?.toFixed(2) ?? '—'}</td>
                  <td>{c.min === null ? '—' : `${c.min}–${c.max} (${c.spread})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="plain">
            <li>
              Weighted score: <strong>{evidence.data.scores.weightedScore?.toFixed(2) ?? '—'}</strong> from {evidence.data.scores.reviews} submitted review(s)
            </li>
            <li>
              US content (infrastructure): <strong>{pct(evidence.data.usContent.share)}</strong> —{' '}
              {evidence.data.usContent.presumptionMet ? (
                <span className="good">national-interest presumption met (≥ {pct(reference.usContent.threshold)})</span>
              ) : (
                <span className="bad">below the {pct(reference.usContent.threshold)} presumption</span>
              )}
            </li>
            <li>
              Compliance matrix: <strong>{humanize(evidence.data.compliance.status)}</strong>
              {evidence.data.compliance.onHold ? ' (on hold)' : ''} —{' '}
              <Link to="/proposals/$id/compliance" params={{ id: p.id }}>
                open the matrix
              </Link>
            </li>
          </ul>
          {evidence.data.blockers.length > 0 && (
            <ul className="problems">
              {evidence.data.blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          )}
          {isPO && p.state === 'under_review' && (
            <fieldset disabled={!evidence.data.ready}>
              <legend>Recommendation</legend>
              <label>
                Recommend
                <select ref={recommendField} aria-label="Recommend" value={rec} onChange={(e) => setRec(e.target.value as typeof rec)}>
                  <option value="designate">Designate</option>
                  <option value="not_designate">Do not designate</option>
                </select>
              </label>
              <label>
                Rationale
                <textarea rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} />
              </label>
              <button onClick={() => void run('Recommendation recorded.', () => post(`/api/v1/proposals/${p.id}/recommendation`, { recommendation: rec, rationale }))}>Record recommendation</button>
            </fieldset>
          )}
        </section>
      )}
      {can(user, 'decision.make') && p.state === 'decision_pending' && <DecisionForm p={p} onProposal={onProposal} intent={intent} />}
    </>
  );
}

/** One line per kind of change an amendment's package makes, for the re-review. */
function ChangeList({ c }: { c: PackageChanges }) {
  const names = (xs: { name: string; layer: string }[]) => xs.map((x) => `${x.name} (${x.layer})`).join(', ');
  const lines = [
    c.markets.added.length > 0 && `Markets added: ${c.markets.added.join(', ')}`,
    c.markets.removed.length > 0 && `Markets removed: ${c.markets.removed.join(', ')}`,
    c.layers.added.length > 0 && `Layers added: ${c.layers.added.join(', ')}`,
    c.layers.removed.length > 0 && `Layers removed: ${c.layers.removed.join(', ')}`,
    c.components.added.length > 0 && `Components added: ${names(c.components.added)}`,
    c.components.removed.length > 0 && `Components removed: ${names(c.components.removed)}`,
    ...c.components.changed.map((x) => `Changed: ${x.name} (${x.fields.join(', ')})`),
    c.operatingModel.length > 0 && `Build/own/operate entities changed in: ${c.operatingModel.join(', ')}`,
    c.supportRequests.changed && `Support requests: ${c.supportRequests.before} → ${c.supportRequests.after} lines`,
  ].filter((x): x is string => typeof x === 'string');
  return (
    <ul className="small">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

/** A package from an edited manifest export (or a bare package JSON). */
async function packageFromFile(file: File): Promise<unknown> {
  const doc = JSON.parse(await file.text()) as { package?: unknown };
  return doc && typeof doc === 'object' && 'package' in doc ? doc.package : doc;
}

/** Outcome, debrief and the designated package's state with the actions each role may take. */
export function OutcomePanel({ p }: { p: Proposal }) {
  const { user } = useSession();
  const decided = p.state === 'designated' || p.state === 'not_designated';
  const debrief = useApiQuery<Debrief>(`/api/v1/proposals/${p.id}/debrief`, { enabled: decided });
  // A designated proposal has its package; a 404 means none (yet), not an error.
  const pkgUrl = `/api/v1/proposals/${p.id}/package`;
  const pkg = useQuery({
    queryKey: queryKeyOf(pkgUrl),
    queryFn: () => get<DesignatedPackage>(pkgUrl).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
    enabled: p.state === 'designated',
  });
  const { error, notice, run } = useProposalAction(p);
  const [amend, setAmend] = useState<{ kinds: string[]; description: string; package?: unknown }>({ kinds: [], description: '' });
  const [reason, setReason] = useState('');
  if (!decided) return null;
  const rel = consortiumRelations({ orgId: user.org.id, orgKind: user.org.kind }, p.consortium);
  const may = (step: 'approve_amendment' | 'suspend' | 'reinstate' | 'revoke' | 'renew') => can(user, `package.${step}`);
  const pending = pkg.data?.amendments.find((a) => a.status === 'pending');
  return (
    <>
      <ErrorBox error={error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      {debrief.data && (
        <section className="card" aria-labelledby="debrief">
          <h2 id="debrief">Outcome: {humanize(debrief.data.outcome)}</h2>
          <p className="muted">Decided {dateTime(debrief.data.decidedAt)}{debrief.data.termMonths ? ` · term ${debrief.data.termMonths} months` : ''}</p>
          {debrief.data.feedback && <p>{debrief.data.feedback}</p>}
          {debrief.data.conditions.length > 0 && (
            <>
              <h3>Conditions</h3>
              <ul>{debrief.data.conditions.map((c) => <li key={c}>{c}</li>)}</ul>
            </>
          )}
          <h3>Rubric scores</h3>
          <TableScroll label="Rubric scores by reviewer">
            <table className="small">
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Mean</th>
                  {debrief.data.reviews.map((r) => (
                    <th scope="col" key={r.reviewer}>
                      {r.reviewer}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {debrief.data.summary.perCriterion.map((c) => (
                  <tr key={c.key}>
                    <td>{c.title}</td>
                    <td>{c.mean?.toFixed(2) ?? '—'}</td>
                    {debrief.data.reviews.map((r) => (
                      <td key={r.reviewer}>
                        {r.scores[c.key]?.score ?? '—'} <span className="muted">{r.scores[c.key]?.comment}</span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      )}
      {pkg.data && (
        <section className="card" aria-labelledby="package-state">
          <h2 id="package-state">Designated package: {humanize(pkg.data.state)}</h2>
          <p className="muted">
            Designated {dateTime(pkg.data.designatedAt)} · expires {dateTime(pkg.data.expiresAt)}
            {pkg.data.stateReason && ` · ${pkg.data.stateReason}`}
          </p>
          {pkg.data.amendments.length > 0 && (
            <ul className="plain">
              {pkg.data.amendments.map((a) => (
                <li key={a.id}>
                  {dateTime(a.requestedAt)} — {a.kinds.join(', ')}: {a.description} <strong>({a.status})</strong> {a.decisionNote && `— ${a.decisionNote}`}
                  {a.changes && <ChangeList c={a.changes} />}
                </li>
              ))}
            </ul>
          )}
          {canOn(user, 'package.request_amendment', rel) && pkg.data.state === 'active' && (
            <fieldset>
              <legend>Request an amendment</legend>
              <div className="checks">
                {['membership', 'layers', 'markets', 'support', 'other'].map((k) => (
                  <label key={k}>
                    <input type="checkbox" checked={amend.kinds.includes(k)} onChange={(e) => setAmend({ ...amend, kinds: e.target.checked ? [...amend.kinds, k] : amend.kinds.filter((x) => x !== k) })} />
                    {k}
                  </label>
                ))}
              </div>
              <label>
                What changes
                <textarea rows={2} value={amend.description} onChange={(e) => setAmend({ ...amend, description: e.target.value })} />
              </label>
              <label>
                Amended package (optional): this proposal’s exported manifest, edited
                <input
                  type="file"
                  accept="application/json,.json"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (!file) return setAmend({ ...amend, package: undefined });
                    void run('Package file read; its changes are computed when you request the amendment.', async () => setAmend({ ...amend, package: await packageFromFile(file) }));
                  }}
                />
              </label>
              <button onClick={() => void run('Amendment requested.', () => post(`/api/v1/proposals/${p.id}/package/amendments`, amend))}>Request amendment</button>
            </fieldset>
          )}
          {canOn(user, 'deal.open', rel) && ['active', 'amendment_pending'].includes(pkg.data.state) && <NewDealForm proposalId={p.id} countries={p.countries} />}
          {(['approve_amendment', 'suspend', 'reinstate', 'revoke', 'renew'] as const).some(may) && (
            <div className="inline">
              <label>
                Reason or note
                <input value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              {may('approve_amendment') && pending && (
                <>
                  <button onClick={() => void run('Amendment approved.', () => post(`/api/v1/proposals/${p.id}/package/amendments/${pending.id}/decision`, { approve: true, note: reason || 'Approved after re-review.' }))}>Approve amendment</button>
                  <button className="secondary" onClick={() => void run('Amendment rejected.', () => post(`/api/v1/proposals/${p.id}/package/amendments/${pending.id}/decision`, { approve: false, note: reason || 'Rejected.' }))}>
                    Reject amendment
                  </button>
                </>
              )}
              {may('suspend') && pkg.data.state !== 'suspended' && pkg.data.state !== 'revoked' && <button className="secondary" onClick={() => void run('Suspended.', () => post(`/api/v1/proposals/${p.id}/package/suspend`, { reason }))}>Suspend</button>}
              {may('reinstate') && pkg.data.state === 'suspended' && <button onClick={() => void run('Reinstated.', () => post(`/api/v1/proposals/${p.id}/package/reinstate`, { reason }))}>Reinstate</button>}
              {may('revoke') && pkg.data.state !== 'revoked' && <button className="secondary" onClick={() => void run('Revoked.', () => post(`/api/v1/proposals/${p.id}/package/revoke`, { reason }))}>Revoke</button>}
              {may('renew') && (pkg.data.state === 'active' || pkg.data.state === 'expired') && <button onClick={() => void run('Renewed.', () => post(`/api/v1/proposals/${p.id}/package/renew`, { reason }))}>Renew term</button>}
            </div>
          )}
        </section>
      )}
    </>
  );
}
