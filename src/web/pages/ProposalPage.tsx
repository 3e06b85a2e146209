import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useSession } from '../app/session.tsx';
import { MarketExplorerLink } from '../features/market/MarketExplorerLink.tsx';
import { can } from '../../shared/access.ts';
import { Alert, ErrorBox, Loading, StateBadge, TableScroll } from '../components/ui.tsx';
import { ComponentsEditor, MarketsEditor, OperatingModelEditor, SupportEditor } from '../features/proposals/PackageEditors.tsx';
import { CompletenessChecklist, UsContentGauge } from '../features/proposals/Sidebar.tsx';
import { AgencyConsultation } from '../features/review/Consultations.tsx';
import { isFormAction, type FormAction, type ReviewIntent } from '../features/review/Decision.tsx';
import { GovernmentReview, OutcomePanel } from '../features/review/ReviewTab.tsx';
import { useConfirm, type NoteRequest } from '../components/ConfirmDialog.tsx';
import { EligibilityPanel } from '../features/eligibility/EligibilityPanel.tsx';
import { DocumentsPanel } from '../features/documents/DocumentsPanel.tsx';
import { NarrativesPanel } from '../features/calls/NarrativesPanel.tsx';
import { ProposalRecordLinks } from '../features/records/ProposalRecordLinks.tsx';
import { BuyersSection } from '../features/matching/BuyersSection.tsx';
import { ApiError, post, put } from '../lib/api.ts';
import { dateTime, humanize, pct } from '../lib/format.ts';
import { storeAnswer, useAction, useApiQuery } from '../lib/query.ts';
import type { Proposal } from '../lib/types.ts';
import type { Package } from '../../shared/contracts/package.ts';
import type { ProposalHistory } from '../../shared/contracts/proposals.ts';
import { checkCompleteness } from '../../shared/domain/completeness.ts';
import { CERTIFICATIONS } from '../../shared/domain/package.ts';
import { auditActionLabel, certificationLabel } from '../../shared/labels.ts';
import { computeUsContent } from '../../shared/domain/us-content.ts';
import type { ProposalAction } from '../../shared/domain/proposal-lifecycle.ts';

/** The steps that ask for a note, and how they ask. */
const NOTE_QUESTIONS: Partial<Record<ProposalAction, NoteRequest>> = {
  withdraw: {
    title: 'Withdraw the proposal?',
    body: <p>A withdrawn proposal is not reviewed any further and cannot be resubmitted. The program office reads your note in the proposal’s history.</p>,
    noteLabel: 'Why the consortium withdraws',
    noteRequired: 'Write a note for the record before withdrawing.',
    confirmLabel: 'Withdraw proposal',
  },
  return_for_information: {
    title: 'Return the proposal for information?',
    body: <p>The consortium may then change the package and resubmit it. It reads your note: say what it must provide or correct.</p>,
    noteLabel: 'What the consortium must provide',
    noteRequired: 'Write what the consortium must provide before returning the proposal.',
    confirmLabel: 'Return for information',
  },
};

interface Draft {
  title: string;
  summary: string;
  pkg: Package;
}

export function ProposalPage({ id }: { id: string }) {
  const { user, reference } = useSession();
  const url = `/api/v1/proposals/${id}`;
  const loaded = useApiQuery<Proposal>(url);
  const queryClient = useQueryClient();
  // Every write answers with the proposal as it now is: stored, and what derives from it (its
  // reviews, history, compliance matrix; the lists and the queue showing its state) marked stale.
  const storeProposal = (next: Proposal) => storeAnswer(queryClient, url, next, ['/api/v1/proposals', '/api/v1/review-queue']);
  const [draft, setDraft] = useState<Draft | null>(null);
  const write = useAction<Proposal>(async (next) => {
    await storeProposal(next);
    setDraft(null);
  });
  const { error, notice } = write;
  const [tab, setTab] = useState<'package' | 'review' | 'outcome' | 'history' | 'documents' | 'narratives' | 'buyers'>('package');
  const [intent, setIntent] = useState<ReviewIntent | undefined>(undefined);
  const { confirm, askNote, dialog } = useConfirm();
  const p = loaded.data;

  const working: Draft | null = useMemo(() => draft ?? (p ? { title: p.title, summary: p.summary, pkg: p.package } : null), [draft, p]);
  const live = useMemo(() => {
    if (!p || !working) return null;
    const members = p.consortium.members
      .filter((m) => m.status === 'active')
      .map((m) => ({ ...m, id: m.orgId, certifications: Object.fromEntries(CERTIFICATIONS.map((k) => [k, p.certifications.find((c) => c.orgId === m.orgId)?.kinds[k]?.certified ?? false])) }));
    return { completeness: checkCompleteness(working.pkg, members, reference.countriesOfConcern), usContent: computeUsContent(working.pkg.components, reference.usContent.threshold) };
  }, [p, working, reference.countriesOfConcern, reference.usContent.threshold]);

  if (!p || !working || !live) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />;

  const editable = p.permissions.edit !== 'none';
  const isGovernmentReader = can(user, 'review.read');
  const dirty = draft !== null;

  // Someone else changed the proposal meanwhile: the error says so, and the page reads it again.
  const run = (label: string, fn: () => Promise<Proposal>) =>
    write.run(label, () =>
      fn().catch(async (err: unknown) => {
        if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') await loaded.refetch();
        throw err;
      }),
    );
  const saveDraft = () => put<Proposal>(url, { title: working.title, summary: working.summary, package: working.pkg, version: p.version });
  const save = () => run('Saved.', saveDraft);
  const resubmit = p.state === 'returned_for_information';
  const submitLabel = resubmit ? 'Resubmit' : 'Submit proposal';
  // Submitting cannot be undone by the consortium: it is asked first, with a warning when the US
  // content is below the national-interest presumption (which does not block submission).
  const submit = async () => {
    const u = live.usContent;
    const yes = await confirm({
      title: resubmit ? 'Resubmit the proposal?' : 'Submit the proposal?',
      body: (
        <>
          {!u.presumptionMet && (
            <Alert kind="error">
              <strong>US content is {pct(u.share)}</strong>, below the {pct(u.threshold)} at which the national-interest test is presumed met ({u.citation}). You may still submit; reviewers then weigh the national
              interest without the presumption.
            </Alert>
          )}
          <p>Once submitted, the package is read-only for the consortium: the program office reviews it as submitted{dirty ? ', with your unsaved changes saved first' : ''}.</p>
        </>
      ),
      confirmLabel: submitLabel,
    });
    if (!yes) return;
    // Unsaved edits are saved first, and the proposal submitted at the version the save made.
    return run('Submitted. The proposal is now read-only.', async () => post<Proposal>(`${url}/submit`, { version: dirty ? (await saveDraft()).version : p.version }));
  };
  // Recommending and deciding carry their own record: the top buttons open the form on the review tab.
  const openForm = (action: FormAction) => {
    setTab('review');
    setIntent((prev) => ({ action, seq: (prev?.seq ?? 0) + 1 }));
  };
  const transition = async (action: ProposalAction) => {
    // Returning or withdrawing needs words for the other side; the note lands in the audit trail.
    const asked = NOTE_QUESTIONS[action];
    const note = asked ? await askNote(asked) : undefined;
    if (note === null) return;
    return run(`${humanize(action)}: done.`, () => post<Proposal>(`${url}/transitions`, { action, note: note || undefined }));
  };
  const setPkg = (pkg: Package) => setDraft({ ...working, pkg });
  const myCert = p.certifications.find((c) => c.orgId === user.org.id);

  return (
    <>
      <p className="crumbs">
        <Link to="/">Home</Link> / <Link to="/consortia/$id" params={{ id: p.consortium.id }}>
          {p.consortium.name}
        </Link>
      </p>
      <div className="titlebar">
        <h1>{working.title}</h1>
        <StateBadge state={p.state} />
        <span className="muted">
          revision {p.revision} · version {p.version}
          {p.submittedAt && ` · first submitted ${dateTime(p.submittedAt)}`}
        </span>
      </div>
      {p.informationRequest && (
        <Alert kind="info">
          <strong>The program office asked for more information ({dateTime(p.informationRequest.at)}):</strong> {p.informationRequest.note ?? 'see the history'}. Change the package and resubmit.
        </Alert>
      )}
      {!editable && <Alert kind="info">This proposal is read-only{p.state !== 'draft' ? ` (${humanize(p.state)})` : ''}.</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      <ErrorBox error={error} />
      <div className="actions" role="toolbar" aria-label="Proposal actions">
        {editable && (
          <button onClick={() => void save()} disabled={!dirty}>
            {dirty ? 'Save changes' : 'Saved'}
          </button>
        )}
        {p.permissions.actions.includes('submit') || p.permissions.actions.includes('resubmit') ? (
          <button onClick={() => void submit()} disabled={!live.completeness.complete} title={live.completeness.complete ? '' : 'Complete every item in the checklist first'}>
            {submitLabel}
          </button>
        ) : null}
        {p.permissions.actions
          .filter((a) => a !== 'submit' && a !== 'resubmit')
          .map((a) => (
            <button key={a} className="secondary" onClick={() => (isFormAction(a) ? openForm(a) : void transition(a))}>
              {humanize(a)}
            </button>
          ))}
        <a className="button secondary" href={`/api/v1/proposals/${id}/manifest`}>
          Export manifest
        </a>
        <ProposalRecordLinks proposalId={id} submitted={p.submittedAt !== null} />
        <Link to="/proposals/$id/compliance" params={{ id }} className="button secondary">
          Compliance matrix
        </Link>
        <MarketExplorerLink proposalId={id} consortium={p.consortium} />
      </div>
      {dialog}
      <div role="tablist" className="tabs">
        <button role="tab" aria-selected={tab === 'package'} onClick={() => setTab('package')}>
          Package
        </button>
        {isGovernmentReader && (
          <button role="tab" aria-selected={tab === 'review'} onClick={() => setTab('review')}>
            Review
          </button>
        )}
        {(p.state === 'designated' || p.state === 'not_designated') && (
          <button role="tab" aria-selected={tab === 'outcome'} onClick={() => setTab('outcome')}>
            Outcome
          </button>
        )}
        {p.state === 'designated' && (
          <button role="tab" aria-selected={tab === 'buyers'} onClick={() => setTab('buyers')}>
            Buyers
          </button>
        )}
        <button role="tab" aria-selected={tab === 'narratives'} onClick={() => setTab('narratives')}>
          Narratives
        </button>
        <button role="tab" aria-selected={tab === 'documents'} onClick={() => setTab('documents')}>
          Documents
        </button>
        <button role="tab" aria-selected={tab === 'history'} onClick={() => setTab('history')}>
          History
        </button>
      </div>
      {tab === 'buyers' && p.state === 'designated' ? (
        <BuyersSection p={p} />
      ) : tab === 'narratives' ? (
        <NarrativesPanel proposalId={p.id} />
      ) : tab === 'documents' ? (
        <DocumentsPanel proposalId={p.id} />
      ) : tab === 'history' ? (
        <History id={id} />
      ) : tab === 'review' ? (
        <>
          <EligibilityPanel proposalId={p.id} />
          <GovernmentReview p={p} onProposal={storeProposal} intent={intent} />
        </>
      ) : tab === 'outcome' ? (
        <OutcomePanel p={p} />
      ) : (
        <div className="builder">
          <div>
            <fieldset disabled={p.permissions.edit !== 'all'} className="card">
              <legend>Overview</legend>
              <label htmlFor="title">
                Title
                <input id="title" value={working.title} onChange={(e) => setDraft({ ...working, title: e.target.value })} maxLength={200} />
              </label>
              <label htmlFor="summary">
                Summary
                <textarea id="summary" rows={3} value={working.summary} onChange={(e) => setDraft({ ...working, summary: e.target.value })} />
              </label>
            </fieldset>
            {/* Reviewers and consulted agencies read the program office's checklist here (they have no review tab). */}
            {user.org.kind !== 'company' && !isGovernmentReader && p.state !== 'submitted' && <EligibilityPanel proposalId={p.id} />}
            <AgencyConsultation p={p} />
            <section className="card" aria-label="Components by layer">
              <h2>Full-stack package</h2>
              <ComponentsEditor pkg={working.pkg} setPkg={setPkg} members={p.consortium.members} canEditAll={p.permissions.edit === 'all'} myOrgId={user.org.id} disabled={!editable} />
            </section>
            <section className="card">
              <MarketsEditor pkg={working.pkg} setPkg={setPkg} disabled={p.permissions.edit !== 'all'} />
              <OperatingModelEditor pkg={working.pkg} setPkg={setPkg} disabled={p.permissions.edit !== 'all'} />
            </section>
            <section className="card">
              <SupportEditor pkg={working.pkg} setPkg={setPkg} disabled={p.permissions.edit !== 'all'} />
            </section>
            <section className="card" aria-labelledby="certs">
              <h2 id="certs">Member certifications</h2>
              <TableScroll label="Certifications by member">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Member</th>
                      {CERTIFICATIONS.map((k) => (
                        <th scope="col" key={k} title={reference.certifications[k]}>
                          {certificationLabel(k)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {p.certifications.map((c) => (
                      <tr key={c.orgId}>
                        <th scope="row">{c.orgName}</th>
                        {CERTIFICATIONS.map((k) => (
                          <td key={k}>{c.kinds[k]?.certified ? <span className="good">✓ {c.kinds[k].by}</span> : <span className="bad">missing</span>}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {p.permissions.certify && myCert && CERTIFICATIONS.some((k) => !myCert.kinds[k]?.certified) && (
                <div className="certify">
                  <h3>Certify for {user.org.name}</h3>
                  <ul className="plain">
                    {CERTIFICATIONS.map((k) => (
                      <li key={k}>{reference.certifications[k]}</li>
                    ))}
                  </ul>
                  <button onClick={() => void run('Certified.', () => post<Proposal>(`${url}/certifications`, { kinds: [...CERTIFICATIONS] }))}>
                    I certify all of the above for {user.org.name}
                  </button>
                </div>
              )}
            </section>
          </div>
          <aside>
            <CompletenessChecklist result={live.completeness} state={p.state} />
            <UsContentGauge u={live.usContent} />
          </aside>
        </div>
      )}
    </>
  );
}

type HistoryData = ProposalHistory;

function History({ id }: { id: string }) {
  const h = useApiQuery<HistoryData>(`/api/v1/proposals/${id}/history`);
  if (!h.data) return h.error ? <ErrorBox error={h.error} /> : <Loading />;
  return (
    <div className="card">
      <h2>Submitted revisions</h2>
      {h.data.revisions.length === 0 ? (
        <p className="muted">Not submitted yet.</p>
      ) : (
        <ul className="plain">
          {h.data.revisions.map((r) => (
            <li key={r.revision}>
              Revision {r.revision}: “{r.title}”, submitted {dateTime(r.submittedAt)} —{' '}
              <a href={`/api/v1/proposals/${id}/revisions/${r.revision}`}>view as submitted (JSON)</a>
            </li>
          ))}
        </ul>
      )}
      <h2>Audit trail</h2>
      <ol className="timeline">
        {h.data.events.map((e) => (
          <li key={e.seq}>
            <time>{dateTime(e.at)}</time> <strong>{auditActionLabel(e.action)}</strong> {e.actor && <>by {e.actor}</>}
            {typeof e.data.note === 'string' && e.data.note && <blockquote>{e.data.note}</blockquote>}
          </li>
        ))}
      </ol>
    </div>
  );
}
