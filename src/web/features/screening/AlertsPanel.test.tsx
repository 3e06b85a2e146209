// The alerts tab offers only what the server says the viewer may do (`allowedActions`), with a
// one-line note on who may do what: a company's compliance officer confirms or contests, the
// program office's staff decide, and a proposed clearance awaits a second person.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AlertSchema, type ScreeningAlert } from '../../../shared/contracts/screening.ts';
import type { SessionUser } from '../../lib/types.ts';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderApp } from '../../test/render.tsx';

const complianceOfficer: SessionUser = {
  id: 'u-compliance-meridian',
  email: 'compliance@meridian.example',
  name: 'Jordan Reyes',
  roles: ['compliance_officer'],
  org: { id: 'org-meridian', name: 'Meridian Compute Inc.', kind: 'company', agency: null },
};
const analyst: SessionUser = { ...users.programOfficer, id: 'u-analyst-2', email: 'analyst2@ita.example', name: 'Second Analyst', roles: ['screening_analyst'] };

/** An alert as the API answers it, checked against the response schema. */
function alert(overrides: Partial<ScreeningAlert>): ScreeningAlert {
  return AlertSchema.parse({
    id: 'a1',
    party: { key: 'bo:p1:SA:own:0', name: 'Riyadh Sovereign Cloud Company', source: 'own', orgId: null, proposalId: 'p1', country: 'SA', type: 'organization' },
    list: 'SDN',
    listTitle: 'Specially Designated Nationals',
    entryId: '9001',
    entryName: 'Riyadh Sovereign Cloud Company',
    matchedName: 'Riyadh Sovereign Cloud Company',
    effect: 'prohibited',
    score: 1,
    explanation: { nameScore: 1, tokens: [], unmatchedQuery: [], unmatchedCandidate: [], adjustments: [], summary: 'exact' },
    status: 'open',
    disposition: null,
    createdAt: '2026-11-16T12:00:00.000Z',
    contested: false,
    contests: [],
    clearance: null,
    allowedActions: [],
    ...overrides,
  });
}

async function openAlerts(user: SessionUser, a: ScreeningAlert, routes: Parameters<typeof stubApi>[0] = {}) {
  const view = renderApp(user, '/screening?tab=alerts&alert=a1', { 'GET /api/v1/screening/alerts?status=open': ok({ items: [a] }), ...routes });
  await screen.findAllByText('Riyadh Sovereign Cloud Company', { selector: 'strong' });
  return view;
}

describe('screening alerts: only the allowed actions', () => {
  it('a company\u2019s compliance officer may confirm or contest, never clear; the note says who clears', async () => {
    const a = alert({ allowedActions: ['confirm', 'contest'] });
    const contested = alert({ status: 'open', contested: true, allowedActions: [] });
    const { user, api } = await openAlerts(complianceOfficer, a, {
      'POST /api/v1/screening/alerts/a1/contest': ok(contested),
      'GET /api/v1/screening/alerts?status=open': [ok({ items: [a] }), ok({ items: [contested] })],
    });
    expect(screen.getByText(/Only program-office screening analysts can clear a hit on a proposal.s party; you can confirm it, or contest it\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Confirmed match' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Contest' })).toBeTruthy();
    for (const name of ['False positive', 'Propose clearance', 'Approve clearance', 'Reject clearance']) expect(screen.queryByRole('button', { name })).toBeNull();

    await user.type(screen.getByLabelText('Why the party is not the listed one'), 'Our party has another commercial registration.');
    await user.type(screen.getByLabelText(/^Evidence/), 'CR 1010123456');
    await user.click(screen.getByRole('button', { name: 'Contest' }));
    await screen.findByText('contested');
    expect(api.calls('POST /api/v1/screening/alerts/a1/contest').map((r) => r.body)).toEqual([{ reason: 'Our party has another commercial registration.', evidence: 'CR 1010123456' }]);
    expect(screen.queryByRole('button', { name: 'Contest' })).toBeNull();
  });

  it('the second analyst sees the proposed clearance awaiting approval and may approve or reject it', async () => {
    const pending = alert({
      status: 'confirmed',
      disposition: { reason: null, by: 'u-co', at: '2026-11-16T12:05:00.000Z' },
      clearance: { status: 'pending', reason: 'Another registration.', proposedBy: 'u-analyst', proposedByName: 'Morgan Ortiz', proposedAt: '2026-11-16T13:00:00.000Z', decidedBy: null, decidedAt: null, note: null },
      allowedActions: ['approve_clearance', 'reject_clearance'],
    });
    const approved = alert({ status: 'false_positive', allowedActions: ['confirm'] });
    const { user, api } = await openAlerts(analyst, pending, {
      'POST /api/v1/screening/alerts/a1/clearance/approve': ok(approved),
      'GET /api/v1/screening/alerts?status=open': [ok({ items: [pending] }), ok({ items: [] })],
      'GET /api/v1/screening/alerts/a1': ok(approved),
    });
    const status = screen.getByRole('status');
    expect(status.textContent).toMatch(/Clearance proposed by Morgan Ortiz .* awaiting second approval: Another registration\./);
    expect(within(status).getByText('Morgan Ortiz')).toBeTruthy();
    expect(screen.getByText(/a confirmed prohibited match is cleared by two of the program office.s screening staff/)).toBeTruthy();
    for (const name of ['False positive', 'Propose clearance', 'Confirmed match', 'Contest']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.getByRole('button', { name: 'Reject clearance' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Approve clearance' }));
    // The alert has left the open queue; the one the link names stays in view with its decision.
    await screen.findByText(/False positive/, { selector: 'summary' });
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Approve clearance' })).toBeNull();
    expect(api.calls('POST /api/v1/screening/alerts/a1/clearance/approve').map((r) => r.body)).toEqual([{}]);
  });

  it('a link to an alert the filters leave out (a confirmed one awaiting approval) still opens it', async () => {
    const pending = alert({
      status: 'confirmed',
      disposition: { reason: 'Same name and country.', by: 'u-po', at: '2026-11-16T12:05:00.000Z' },
      clearance: { status: 'pending', reason: 'Another registration.', proposedBy: 'u-analyst', proposedByName: 'Morgan Ortiz', proposedAt: '2026-11-16T13:00:00.000Z', decidedBy: null, decidedAt: null, note: null },
      allowedActions: ['approve_clearance', 'reject_clearance'],
    });
    renderApp(analyst, '/screening?tab=alerts&alert=a1', { 'GET /api/v1/screening/alerts?status=open': ok({ items: [] }), 'GET /api/v1/screening/alerts/a1': ok(pending) });
    const status = await screen.findByRole('status');
    expect(status.textContent).toMatch(/Clearance proposed by Morgan Ortiz .* awaiting second approval/);
    expect(screen.getByRole('button', { name: 'Approve clearance' })).toBeTruthy();
    expect(screen.queryByText('No alerts.')).toBeNull();
  });

  it('the contested-only filter asks for the analysts\u2019 queue', async () => {
    const { user, api, router } = await openAlerts(users.programOfficer, alert({ contested: true, allowedActions: ['confirm', 'clear'] }), {
      'GET /api/v1/screening/alerts?status=open&contested=true': ok({ items: [] }),
    });
    expect(screen.getByRole('button', { name: 'False positive' })).toBeTruthy();
    await user.click(screen.getByLabelText('Contested only'));
    await screen.findByText('No alerts.');
    expect(api.calls('GET /api/v1/screening/alerts?status=open&contested=true')).toHaveLength(1);
    // The filter is in the URL, so the filtered queue can be shared and Back undoes it.
    expect(router.state.location.search).toEqual({ tab: 'alerts', contested: true });
  });
});
