// The deal page's stage and advocacy: the history shows who or what moved the stage and why; the
// EDAG coordinator moves it with a reason (a stale version is refused, shown, and the deal reloaded);
// advocacy is corrected on the version read; a viewer without the right sees neither form.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, problem } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';
import { deal, edagCoordinator, eximOfficer, NOT_YET_SCREENED, request } from './fixtures.ts';

const DEAL = 'GET /api/v1/deals/d-th';

describe('deal page: stage', () => {
  it('shows the stage history with who moved it and why', async () => {
    renderApp(edagCoordinator, '/deals/d-th', { [DEAL]: ok(deal()) });
    const history = await screen.findByRole('table', { name: 'Stage history, oldest first' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(1).map((c) => c.textContent))).toEqual([
      ['—', 'Identified', 'Deal opened', '—'],
      ['Identified', 'Qualified', 'Its financing', 'The EXIM request reached referred'],
      ['Qualified', 'Negotiating', 'Its financing', 'The EXIM request reached indicative offer'],
    ]);
  });

  it('the EDAG coordinator moves the stage with a reason, on the version read', async () => {
    const moved = deal({
      stage: 'licensing',
      version: 4,
      stageHistory: [...deal().stageHistory, { at: '2026-11-20T09:00:00.000Z', from: 'negotiating', to: 'licensing', system: false, reason: 'Export licenses applied for.' }],
    });
    const { user, api } = renderApp(edagCoordinator, '/deals/d-th', { [DEAL]: ok(deal()), 'POST /api/v1/deals/d-th/stage': ok(moved) });
    const form = await screen.findByRole('form', { name: 'Move the stage' });
    // The current stage is not offered.
    expect(within(form).queryByRole('option', { name: 'Negotiating' })).toBeNull();
    await user.selectOptions(within(form).getByLabelText('New stage'), 'licensing');
    // No reason, no request: the form asks for one.
    await user.click(within(form).getByRole('button', { name: 'Move stage' }));
    expect(api.calls('POST /api/v1/deals/d-th/stage')).toEqual([]);
    await user.type(within(form).getByLabelText('Reason'), 'Export licenses applied for.');
    await user.click(within(form).getByRole('button', { name: 'Move stage' }));
    expect(await screen.findByText('Moved to Licensing.')).toBeInTheDocument();
    expect(api.calls('POST /api/v1/deals/d-th/stage').map((r) => r.body)).toEqual([{ stage: 'licensing', reason: 'Export licenses applied for.', version: 3 }]);
    const history = screen.getByRole('table', { name: 'Stage history, oldest first' });
    expect(within(history).getByText('Export licenses applied for.')).toBeInTheDocument();
    expect(within(history).getByText('EDAG coordinator')).toBeInTheDocument();
    expect(within(form).getByLabelText('Reason')).toHaveValue('');
  });

  it('a move on a stale version shows the conflict and reloads the deal', async () => {
    const meanwhile = deal({ stage: 'financing', version: 5 });
    const { user, api } = renderApp(edagCoordinator, '/deals/d-th', {
      [DEAL]: [ok(deal()), ok(meanwhile)],
      'POST /api/v1/deals/d-th/stage': problem({ type: 'about:blank', title: 'Conflict', status: 409, code: 'VERSION_CONFLICT', detail: 'The deal changed meanwhile (now version 5); reload and retry', currentVersion: 5 }),
    });
    const form = await screen.findByRole('form', { name: 'Move the stage' });
    await user.selectOptions(within(form).getByLabelText('New stage'), 'on_hold');
    await user.type(within(form).getByLabelText('Reason'), 'Budget postponed.');
    await user.click(within(form).getByRole('button', { name: 'Move stage' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The deal changed meanwhile (now version 5); reload and retry');
    await waitFor(() => expect(api.calls(DEAL)).toHaveLength(2));
    // The reloaded deal is shown; the next attempt carries its version.
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Stage' })).getAllByText('Financing').length).toBeGreaterThan(0));
    await user.click(within(form).getByRole('button', { name: 'Move stage' }));
    await waitFor(() => expect(api.calls('POST /api/v1/deals/d-th/stage').map((r) => (r.body as { version: number }).version)).toEqual([3, 5]));
  });

  it('a financing officer sees the history but neither the stage form nor advocacy editing', async () => {
    renderApp(eximOfficer, '/deals/d-th', { [DEAL]: ok(deal({ mayMoveStage: false, mayEditAdvocacy: false })) });
    await screen.findByRole('table', { name: 'Stage history, oldest first' });
    expect(screen.queryByRole('form', { name: 'Move the stage' })).toBeNull();
    expect(screen.getByText(/Ambassador’s letter to the Secretary\./)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Record an advocacy action' })).toBeNull();
  });
});

describe('deal page: advocacy', () => {
  it('corrects an advocacy action on the version read', async () => {
    const corrected = deal({ version: 3, advocacy: [{ ...deal().advocacy[0]!, kind: 'meeting', description: 'Ambassador met the Secretary.', version: 2 }] });
    const { user, api } = renderApp(edagCoordinator, '/deals/d-th', { [DEAL]: ok(deal()), 'PUT /api/v1/deals/d-th/advocacy/adv-1': ok(corrected) });
    await user.click(await screen.findByRole('button', { name: 'Edit the letter of 2026-10-02' }));
    const form = screen.getByRole('form', { name: 'Correct the letter of 2026-10-02' });
    expect(within(form).getByLabelText('What happened')).toHaveValue('Ambassador’s letter to the Secretary.');
    await user.selectOptions(within(form).getByLabelText('Kind'), 'meeting');
    await user.clear(within(form).getByLabelText('What happened'));
    await user.type(within(form).getByLabelText('What happened'), 'Ambassador met the Secretary.');
    await user.click(within(form).getByRole('button', { name: 'Save correction' }));
    expect(await screen.findByText('Advocacy corrected.')).toBeInTheDocument();
    expect(api.calls('PUT /api/v1/deals/d-th/advocacy/adv-1').map((r) => r.body)).toEqual([{ kind: 'meeting', occurredOn: '2026-10-02', description: 'Ambassador met the Secretary.', version: 1 }]);
    expect(screen.getByText(/Ambassador met the Secretary\./)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Correct the letter of 2026-10-02' })).toBeNull();
  });

  it('a refused correction keeps the form and its text, and says why', async () => {
    const { user } = renderApp(edagCoordinator, '/deals/d-th', {
      [DEAL]: ok(deal()),
      'PUT /api/v1/deals/d-th/advocacy/adv-1': problem({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', detail: 'The request is not valid', errors: [{ path: 'occurredOn', message: 'expected a date YYYY-MM-DD' }] }),
    });
    await user.click(await screen.findByRole('button', { name: 'Edit the letter of 2026-10-02' }));
    const form = screen.getByRole('form', { name: 'Correct the letter of 2026-10-02' });
    await user.type(within(form).getByLabelText('What happened'), ' Follow-up.');
    await user.click(within(form).getByRole('button', { name: 'Save correction' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The request is not valid');
    expect(within(form).getByLabelText('What happened')).toHaveValue('Ambassador’s letter to the Secretary. Follow-up.');
  });

  it('records a new advocacy action and empties the form', async () => {
    const recorded = deal({ advocacy: [...deal().advocacy, { id: 'adv-2', kind: 'call', occurredOn: '2026-11-15', description: 'Call with the agency head.', version: 1, updatedAt: '2026-11-15T10:00:00.000Z' }] });
    const { user, api } = renderApp(edagCoordinator, '/deals/d-th', { [DEAL]: ok(deal()), 'POST /api/v1/deals/d-th/advocacy': ok(recorded, 201) });
    const form = await screen.findByRole('form', { name: 'Record an advocacy action' });
    await user.selectOptions(within(form).getByLabelText('Kind'), 'call');
    await user.type(within(form).getByLabelText('Date'), '2026-11-15');
    await user.type(within(form).getByLabelText('What happened'), 'Call with the agency head.');
    await user.click(within(form).getByRole('button', { name: 'Record advocacy' }));
    expect(await screen.findByText('Advocacy recorded.')).toBeInTheDocument();
    expect(api.calls('POST /api/v1/deals/d-th/advocacy').map((r) => r.body)).toEqual([{ kind: 'call', occurredOn: '2026-11-15', description: 'Call with the agency head.' }]);
    expect(screen.getByText(/Call with the agency head\./)).toBeInTheDocument();
    expect(within(screen.getByRole('form', { name: 'Record an advocacy action' })).getByLabelText('What happened')).toHaveValue('');
  });
});

describe('deal page: financing actions', () => {
  const approved = (screeningGate = { clear: true, message: null as string | null }) => deal({ requests: [request({ state: 'approval', indicativeUsd: 18_000_000, version: 5 })], screeningGate });

  it('says why a final commitment is blocked while the package’s parties are not screened, and disables only that step', async () => {
    const { api } = renderApp(eximOfficer, '/deals/d-th', { [DEAL]: ok(approved({ clear: false, message: NOT_YET_SCREENED })) });
    const exim = (await screen.findByRole('heading', { level: 3, name: /EXIM/ })).closest('.request') as HTMLElement;
    const commit = within(exim).getByRole('button', { name: 'Final commitment' });
    expect(commit).toBeDisabled();
    expect(within(exim).getByRole('status')).toHaveTextContent(`Final commitment is blocked. ${NOT_YET_SCREENED}`);
    expect(commit).toHaveAccessibleDescription(`Final commitment is blocked. ${NOT_YET_SCREENED}`);
    expect(within(exim).getByRole('button', { name: 'Decline' })).toBeEnabled();
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('once the parties are screened, the final commitment is offered and sent on the version read', async () => {
    const committed = deal({ requests: [request({ state: 'final_commitment', indicativeUsd: 18_000_000, committedUsd: 18_000_000, version: 6 })] });
    const { user, api } = renderApp(eximOfficer, '/deals/d-th', {
      [DEAL]: [ok(approved()), ok(committed)],
      'POST /api/v1/financing-requests/r-th/actions/final_commitment': ok(request({ state: 'final_commitment', committedUsd: 18_000_000, version: 6 })),
    });
    const exim = (await screen.findByRole('heading', { level: 3, name: /EXIM/ })).closest('.request') as HTMLElement;
    expect(within(exim).queryByRole('status')).not.toBeInTheDocument();
    await user.type(within(exim).getByLabelText('Amount for EXIM'), '18000000');
    await user.click(within(exim).getByRole('button', { name: 'Final commitment' }));
    expect(await screen.findByText('Final commitment: done.')).toBeInTheDocument();
    expect(api.calls('POST /api/v1/financing-requests/r-th/actions/final_commitment').map((r) => r.body)).toEqual([{ version: 5, amountUsd: 18_000_000 }]);
  });
});
