import { useMemo, useState } from 'react';
import { useSession } from '../app/session.tsx';
import { can } from '../../shared/access.ts';
import { Alert, ErrorBox, Loading, StateBadge, useLoad } from '../components/ui.tsx';
import { ComponentsEditor, MarketsEditor, OperatingModelEditor, SupportEditor } from '../features/proposals/PackageEditors.tsx';
import { CompletenessChecklist, UsContentGauge } from '../features/proposals/Sidebar.tsx';
import { AgencyConsultation, GovernmentReview, OutcomePanel } from '../features/review/ReviewTab.tsx';
import { ApiError, get, post, put } from '../lib/api.ts';
import { dateTime, humanize } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import type { Proposal } from '../lib/types.ts';
import type { Package } from '../../shared/contracts/package.ts';
import type { ProposalHistory } from '../../shared/contracts/proposals.ts';
import { checkCompleteness } from '../../shared/domain/completeness.ts';
import { CERTIFICATIONS } from '../../shared/domain/package.ts';
import { computeUsContent } from '../../shared/domain/us-content.ts';
import type { ProposalAction } from '../../shared/domain/proposal-lifecycle.ts';

interface Draft {
  title: string;
  summary: string;
  pkg: Package;
}

export function ProposalPage({ id }: { id: string }) {
  const { user, reference } = useSession();
  const loaded = useLoad(() => get<Proposal>(`/api/v1/proposals/${id}`), [id]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [tab, setTab] = useState<'package' | 'review' | 'outcome' | 'history'>('package');
  const p = loaded.data;

  const working: Draft | null = useMemo(() => draft ?? (p ? { title: p.title, summary: p.summary, pkg: p.package } : null), [draft, p]);
  const live = useMemo(() => {
    if (!p || !working) return null;
    const members = p.consortium.members
      .filter((m) => m.status === 'active')
      .map((m) => ({ ...m, id: m.orgId, certifications: Object.fromEntries(CERTIFICATIONS.map((k) => [k, p.certifications.find((c) => c.orgId === m.orgId)?.kinds[k]?.certified ?? false])) }));
    return { completeness: checkCompleteness(working.pkg, members, reference.countriesOfConcern), usContent: computeUsContent(working.pkg.components) };
  }, [p, working, reference.countriesOfConcern]);

  if (!p || !working || !live) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />;

  const editable = p.permissions.edit !== 'none';
  const isGovernmentReader = can(user, 'review.read');
  const dirty = draft !== null;

  async function run(label: string, fn: () => Promise<Proposal>) {
    try {
      setError(null);
      const next = await fn();
      loaded.setData(next);
      setDraft(null);
      setNotice(label);
    } catch (err) {
      setNotice(null);
      setError(err);
      if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') await loaded.reload();
    }
  }
  const save = () => run('Saved.', () => put<Proposal>(`/api/v1/proposals/${id}`, { title: working.title, summary: working.summary, package: working.pkg, version: p.version }));
  const submit = async () => {
    if (dirty) {
      try {
        const saved = await put<Proposal>(`/api/v1/proposals/${id}`, { title: working.title, summary: working.summary, package: working.pkg, version: p.version });
        return run('Submitted. The proposal is now read-only.', () => post<Proposal>(`/api/v1/proposals/${id}/submit`, { version: saved.version }));
      } catch (err) {
        setError(err);
        return;
      }
    }
    return run('Submitted. The proposal is now read-only.', () => post<Proposal>(`/api/v1/proposals/${id}/submit`, { version: p.version }));
  };
  const transition = (action: ProposalAction) => {
    // Returning or withdrawing needs words for the other side; the note lands in the audit trail.
    const note = action === 'return_for_information' || action === 'withdraw' ? window.prompt(`${humanize(action)}: note for the record`) : undefined;
    if (note === null) return;
    return run(`${humanize(action)}: done.`, () => post<Proposal>(`/api/v1/proposals/${id}/transitions`, { action, note: note || undefined }));
  };
  const setPkg = (pkg: Package) => setDraft({ ...working, pkg });
  const myCert = p.certifications.find((c) => c.orgId === user.org.id);

  return (
    <>
      <p className="crumbs">
        <Link to="/">Home</Link> / <Link to={`/consortia/${p.consortium.id}`}>{p.consortium.name}</Link>
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
            {p.state === 'returned_for_information' ? 'Resubmit' : 'Submit proposal'}
          </button>
        ) : null}
        {p.permissions.actions
          .filter((a) => a !== 'submit' && a !== 'resubmit')
          .map((a) => (
            <button key={a} className="secondary" onClick={() => void transition(a)}>
              {humanize(a)}
            </button>
          ))}
        <a className="button secondary" href={`/api/v1/proposals/${id}/manifest`}>
          Export manifest
        </a>
        <Link to={`/proposals/${id}/compliance`} className="button secondary">Compliance matrix</Link>
      </div>
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
        <button role="tab" aria-selected={tab === 'history'} onClick={() => setTab('history')}>
          History
        </button>
      </div>
      {tab === 'history' ? (
        <History id={id} />
      ) : tab === 'review' ? (
        <GovernmentReview p={p} onProposal={(next) => loaded.setData(next)} />
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
              <table>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    {CERTIFICATIONS.map((k) => (
                      <th scope="col" key={k} title={reference.certifications[k]}>
                        {humanize(k.replace(/([A-Z])/g, '_$1').toLowerCase())}
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
              {p.permissions.certify && myCert && CERTIFICATIONS.some((k) => !myCert.kinds[k]?.certified) && (
                <div className="certify">
                  <h3>Certify for {user.org.name}</h3>
                  <ul className="plain">
                    {CERTIFICATIONS.map((k) => (
                      <li key={k}>{reference.certifications[k]}</li>
                    ))}
                  </ul>
                  <button onClick={() => void run('Certified.', () => post<Proposal>(`/api/v1/proposals/${id}/certifications`, { kinds: [...CERTIFICATIONS] }))}>
                    I certify all of the above for {user.org.name}
                  </button>
                </div>
              )}
            </section>
          </div>
          <aside>
            <CompletenessChecklist result={live.completeness} />
            <UsContentGauge u={live.usContent} />
          </aside>
        </div>
      )}
    </>
  );
}

type HistoryData = ProposalHistory;

function History({ id }: { id: string }) {
  const h = useLoad(() => get<HistoryData>(`/api/v1/proposals/${id}/history`), [id]);
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
            <time>{dateTime(e.at)}</time> <strong>{humanize(e.action.replace('proposal.', ''))}</strong> {e.actor && <>by {e.actor}</>}
            {typeof e.data.note === 'string' && e.data.note && <blockquote>{e.data.note}</blockquote>}
          </li>
        ))}
      </ol>
    </div>
  );
}
