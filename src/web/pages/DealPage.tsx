import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useSession } from '../app/session.tsx';
import { CodeOptions, Alert, ErrorBox, Loading, StateBadge } from '../components/ui.tsx';
import { post } from '../lib/api.ts';
import { humanize, usd } from '../lib/format.ts';
import { invalidate, useAction, useApiQuery } from '../lib/query.ts';
import { can, canOn } from '../../shared/access.ts';
import { FINANCING_TRANSITIONS, type FinancingAction } from '../../shared/domain/financing-lifecycle.ts';
import type { DealRecord, FinancingRequest } from '../../shared/contracts/financing.ts';
import { AdvocacyPanel } from '../features/financing/AdvocacyPanel.tsx';
import { DealPartiesPanel } from '../features/financing/DealPartiesPanel.tsx';
import { DERIVED_FROM_DEALS, dealUrl } from '../features/financing/dealWrites.ts';
import { StagePanel } from '../features/financing/StagePanel.tsx';
import { LicenseCriticalPath } from '../features/compliance/LicenseCriticalPath.tsx';

// Answers of the financing routes: the types of their response schemas (src/shared/contracts/financing.ts).
type Request = FinancingRequest;

const NEEDS_AMOUNT: FinancingAction[] = ['indicative_offer', 'final_commitment', 'disburse'];

export function DealPage({ id }: { id: string }) {
  const { user, reference } = useSession();
  const deal = useApiQuery<DealRecord>(dealUrl(id));
  const queryClient = useQueryClient();
  // A financing step changes the deal (its stage may follow), the deal lists, the open requests and the portfolio's sums.
  const { run, error, notice } = useAction(() => invalidate(queryClient, DERIVED_FROM_DEALS));
  const [refer, setRefer] = useState({ agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 0 });
  const [amounts, setAmounts] = useState<Record<string, number>>({});
  if (!deal.data) return deal.error ? <ErrorBox error={deal.error} /> : <Loading />;
  const d = deal.data;
  const isEdag = can(user, 'financing.request.refer');
  // A company user who sees the deal belongs to its package's consortium; whether its company is the
  // anchor the deal does not say, so the anchor's steps are offered and the server decides.
  const anchor = user.org.kind === 'company';
  const actionsFor = (r: Request) =>
    (Object.entries(FINANCING_TRANSITIONS) as [FinancingAction, (typeof FINANCING_TRANSITIONS)[FinancingAction]][])
      .filter(([, t]) => (t.from as readonly string[]).includes(r.state))
      .filter(([a]) => canOn(user, `financing.request.${a}`, { anchor, financing_agency: user.org.agency === r.agency }))
      .map(([a]) => a);
  // No list, no clearance: a final commitment waits until every party of the package is screened (the API says why).
  const screeningBlock = d.screeningGate.clear ? null : d.screeningGate.message;
  const blockedReason = (r: Request, a: FinancingAction) => (a === 'final_commitment' && screeningBlock ? `screening-blocked-${r.id}` : undefined);

  return (
    <>
      <p className="crumbs">
        <Link to="/portfolio">Portfolio</Link> /{' '}
        <Link to="/proposals/$id" params={{ id: d.proposalId }}>
          Package
        </Link>
      </p>
      <div className="titlebar">
        <h1>
          {d.buyerName} ({d.country})
        </h1>
        <StateBadge state={d.stage} />
      </div>
      <ErrorBox error={error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      <section className="card">
        <p>
          {usd(d.valueUsd)} · {humanize(d.buyerType)} buyer · {humanize(d.sector)} · income group {d.incomeGroup ? humanize(d.incomeGroup) : 'unclassified'}
        </p>
        <p className="small">Competitors: {d.competitors.map((c) => `${c.name} (${c.country}${c.nonUs ? ', non-US' : ''})`).join('; ') || '—'}</p>
      </section>
      <StagePanel deal={d} />
      <AdvocacyPanel deal={d} />
      <DealPartiesPanel deal={d} />
      <section className="card" aria-labelledby="licenses">
        <h2 id="licenses">Export licenses this deal needs</h2>
        {d.licenseGate.licenses.length === 0 ? (
          <p className="muted">The compliance matrix finds no license needed in {d.country}.</p>
        ) : (
          <ul className="plain">
            {d.licenseGate.licenses.map((l) => (
              <li key={l.componentId}>
                {l.componentName} ({humanize(l.matrixStatus)}): <strong className={l.cleared ? 'good' : 'bad'}>{humanize(l.status)}</strong>{' '}
                {l.licenses.map((x) => x.licenseNumber ?? x.bisApplicationNumber).filter(Boolean).join(', ')}
                {!l.cleared && l.reason && <span className="small"> — {l.reason}</span>}
              </li>
            ))}
          </ul>
        )}
        <p className="small">
          <Link to="/proposals/$id/compliance" params={{ id: d.proposalId }}>
            Compliance matrix and license tracker
          </Link>
        </p>
        <p>{d.licenseGate.clear ? <span className="good">Licenses allow a final commitment.</span> : <span className="bad">Final commitment is blocked until every license is approved or not required.</span>}</p>
        {!d.licenseGate.clear && <LicenseCriticalPath dealId={d.id} />}
      </section>
      <section className="card" aria-labelledby="requests">
        <h2 id="requests">Financing requests</h2>
        {d.requests.map((r) => (
          <div key={r.id} className="request" data-request={r.agency}>
            <h3>
              {r.agency} — {humanize(r.instrument)} <StateBadge state={r.state} />
            </h3>
            <p className="small">
              Requested {usd(r.requestedUsd)} · indicative {r.indicativeUsd === null ? '—' : usd(r.indicativeUsd)} · committed {r.committedUsd === null ? '—' : usd(r.committedUsd)} · disbursed {usd(r.disbursedUsd)}
            </p>
            {r.eligibility && (
              <details>
                <summary>
                  Eligibility ({r.eligibility.ruleSetVersion}): {r.eligibility.eligible === true ? 'eligible' : r.eligibility.eligible === false ? 'not eligible' : 'needs information'}
                </summary>
                <ul className="small">
                  {r.eligibility.results.map((x) => (
                    <li key={x.ruleId}>
                      <strong className={x.outcome === 'fail' ? 'bad' : x.outcome === 'pass' ? 'good' : ''}>{humanize(x.outcome)}</strong> {x.title} — {x.explanation} <span className="muted">[{x.citation}]</span>
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {r.agencyNotes !== undefined && r.agencyNotes && <p className="small muted">Agency notes: {r.agencyNotes}</p>}
            {screeningBlock && actionsFor(r).includes('final_commitment') && (
              <p className="notice" role="status" id={`screening-blocked-${r.id}`}>
                <strong>Final commitment is blocked.</strong> {screeningBlock}
              </p>
            )}
            <div className="inline">
              {actionsFor(r).some((a) => NEEDS_AMOUNT.includes(a)) && (
                <label>
                  Amount (USD)
                  <input type="number" min={0} aria-label={`Amount for ${r.agency}`} value={amounts[r.id] ?? ''} onChange={(e) => setAmounts({ ...amounts, [r.id]: Number(e.target.value) })} />
                </label>
              )}
              {actionsFor(r).map((a) => (
                <button
                  key={a}
                  className={a === 'decline' || a === 'withdraw' || a === 'expire' ? 'secondary' : ''}
                  disabled={!!blockedReason(r, a)}
                  aria-describedby={blockedReason(r, a)}
                  onClick={() => void run(`${humanize(a)}: done.`, () => post(`/api/v1/financing-requests/${r.id}/actions/${a}`, { version: r.version, ...(NEEDS_AMOUNT.includes(a) ? { amountUsd: amounts[r.id] } : {}) }))}
                >
                  {humanize(a)}
                </button>
              ))}
            </div>
          </div>
        ))}
        {d.requests.length === 0 && <p className="muted">No request referred yet.</p>}
        {isEdag && (
          <fieldset>
            <legend>Refer a request to an agency</legend>
            <div className="inline">
              <label>
                Agency
                <select aria-label="Agency" value={refer.agency} onChange={(e) => setRefer({ ...refer, agency: e.target.value, instrument: reference.instruments[e.target.value]![0]! })}>
                  {Object.keys(reference.instruments).map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
              </label>
              <label>
                Instrument
                <select aria-label="Instrument" value={refer.instrument} onChange={(e) => setRefer({ ...refer, instrument: e.target.value })}>
                  <CodeOptions codes={reference.instruments[refer.agency]!} />
                </select>
              </label>
              <label>
                Requested (USD)
                <input type="number" min={0} value={refer.requestedUsd} onChange={(e) => setRefer({ ...refer, requestedUsd: Number(e.target.value) })} />
              </label>
              <button onClick={() => void run('Referred.', () => post(`/api/v1/deals/${id}/financing-requests`, refer))}>Refer</button>
            </div>
          </fieldset>
        )}
      </section>
    </>
  );
}
