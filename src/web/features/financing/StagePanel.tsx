// A deal's stage: where it stands, how it got there (each change, who or what moved it and why),
// and — for the EDAG coordinator — a hand move with a reason. The stage otherwise follows the
// deal's financing by itself (the server's rule), so the form says so.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Alert, CodeOptions, ErrorBox, StateBadge } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import { dateTime, humanize } from '../../lib/format.ts';
import { useAction } from '../../lib/query.ts';
import { DEAL_STAGES } from '../../../shared/domain/financing-lifecycle.ts';
import type { DealRecord } from '../../../shared/contracts/financing.ts';
import { dealUrl, reloadingOnConflict, storeDeal } from './dealWrites.ts';

export function StagePanel({ deal }: { deal: DealRecord }) {
  return (
    <section className="card" aria-labelledby="stage">
      <h2 id="stage">Stage</h2>
      <p>
        Now <StateBadge state={deal.stage} />. The stage follows the deal’s financing forward by itself; the EDAG coordinator moves it otherwise.
      </p>
      <StageHistory history={deal.stageHistory} />
      {deal.mayMoveStage && <MoveStageForm deal={deal} />}
    </section>
  );
}

function StageHistory({ history }: { history: DealRecord['stageHistory'] }) {
  return (
    // Focusable, so a keyboard can scroll the table sideways on a narrow screen.
    <div className="table-scroll" tabIndex={0} role="group" aria-label="Stage history">
      <table>
        <caption>Stage history, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Moved by</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h, i) => (
            <tr key={`${h.at}-${i}`}>
              <td>{dateTime(h.at)}</td>
              <td>{h.from ? humanize(h.from) : '—'}</td>
              <td>{humanize(h.to)}</td>
              <td>{h.from === null ? 'Deal opened' : h.system ? 'Its financing' : 'EDAG coordinator'}</td>
              <td>{h.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MoveStageForm({ deal }: { deal: DealRecord }) {
  const client = useQueryClient();
  const others = DEAL_STAGES.filter((s) => s !== deal.stage);
  const [picked, setStage] = useState<string>(others[0]!);
  // After a move the stage picked may be where the deal now is: offer the first other one.
  const stage = others.includes(picked as (typeof others)[number]) ? picked : others[0]!;
  const [reason, setReason] = useState('');
  const { run, error, notice, pending } = useAction<DealRecord>(async (answer) => {
    setReason('');
    await storeDeal(client, answer);
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(`Moved to ${humanize(stage)}.`, () => reloadingOnConflict(client, deal.id, () => post<DealRecord>(`${dealUrl(deal.id)}/stage`, { stage, reason, version: deal.version })));
  }
  return (
    <form onSubmit={submit} aria-label="Move the stage">
      <h3>Move the stage</h3>
      <ErrorBox error={error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      <div className="inline">
        <label>
          New stage
          <select value={stage} onChange={(e) => setStage(e.target.value)}>
            <CodeOptions codes={others} />
          </select>
        </label>
        <label className="grow">
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} placeholder="Why the stage moves (kept in the history)" />
        </label>
        <button type="submit" disabled={pending}>
          Move stage
        </button>
      </div>
    </form>
  );
}
