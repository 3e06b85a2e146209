// Live completeness checklist and the US-content gauge, computed in the browser with the same
// shared functions the server uses, so the checklist moves as the applicant types.
import { humanize, pct, usd } from '../../lib/format.ts';
import type { CompletenessResult } from '../../../shared/domain/completeness.ts';
import { EDITABLE_STATES, type ProposalState } from '../../../shared/domain/proposal-lifecycle.ts';
import { PROPOSAL_NEXT_STEP } from '../../../shared/labels.ts';
import type { UsContent } from '../../../shared/domain/us-content.ts';

/** The checklist while the consortium edits the proposal; once it left their hands, what happens next. */
export function CompletenessChecklist({ result, state = 'draft' }: { result: CompletenessResult; state?: ProposalState }) {
  if (!EDITABLE_STATES.includes(state)) {
    return (
      <section className="card" aria-labelledby="next-step" aria-live="polite">
        <h2 id="next-step">What happens next</h2>
        <p>{PROPOSAL_NEXT_STEP[state]}</p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="checklist" aria-live="polite">
      <h2 id="checklist">Completeness</h2>
      {result.complete ? (
        <p className="good">Complete: ready to submit.</p>
      ) : (
        <>
          <p className="bad">{result.problems.length} item(s) missing</p>
          <ul className="problems">
            {result.problems.map((p, i) => (
              <li key={i} data-code={p.code}>
                <strong>{p.label}</strong> <span>{p.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function UsContentGauge({ u }: { u: UsContent }) {
  const share = u.share ?? 0;
  return (
    <section className="card" aria-labelledby="uscontent">
      <h2 id="uscontent">US content (infrastructure)</h2>
      <div className="gauge" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 1000) / 10} aria-label="US-origin share of the infrastructure layer">
        <div className={`gauge-fill ${u.presumptionMet ? 'ok' : 'low'}`} style={{ width: `${Math.min(100, share * 100)}%` }} />
        <div className="gauge-mark" style={{ left: `${u.threshold * 100}%` }} title={`Presumption threshold ${pct(u.threshold)}`} />
      </div>
      <p>
        <strong>{pct(u.share)}</strong> US-origin of {usd(u.totalValueUsd)} —{' '}
        {u.presumptionMet ? <span className="good">national-interest presumption met (≥ {pct(u.threshold)})</span> : <span className="bad">below the {pct(u.threshold)} presumption</span>}
      </p>
      {u.breakdown.length > 0 && (
        <table className="small">
          <caption className="sr-only">US content by component</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Value</th>
              <th scope="col">US</th>
            </tr>
          </thead>
          <tbody>
            {u.breakdown.map((b) => (
              <tr key={b.componentId}>
                <td>{b.name || humanize(b.componentId)}</td>
                <td>{usd(b.valueUsd)}</td>
                <td>{pct(b.usOriginShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">{u.citation}</p>
    </section>
  );
}
