// The screening analyst's home page lists the alerts waiting for the screening staff (open ones,
// clearances awaiting a second person, contests), oldest first, each leading to the alert.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AlertSchema, type ScreeningAlert } from '../../../shared/contracts/screening.ts';
import type { SessionUser } from '../../lib/types.ts';
import { ok } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderApp } from '../../test/render.tsx';

const analyst: SessionUser = { ...users.programOfficer, id: 'u-analyst', email: 'screening.analyst@ita.example', name: 'Sam Analyst', roles: ['screening_analyst'] };

function alert(id: string, overrides: Partial<ScreeningAlert>): ScreeningAlert {
  return AlertSchema.parse({
    id,
    party: { key: `k-${id}`, name: `Party ${id}`, source: 'member', orgId: null, proposalId: 'p1', country: 'SG', type: 'organization' },
    list: 'EL',
    listTitle: 'Entity List',
    entryId: `e-${id}`,
    entryName: `Listed ${id}`,
    matchedName: `Listed ${id}`,
    effect: 'license_required',
    score: 0.91,
    explanation: { nameScore: 0.91, tokens: [], unmatchedQuery: [], unmatchedCandidate: [], adjustments: [], summary: 'close' },
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

const ALERTS = 'GET /api/v1/screening/alerts';

describe('the screening desk home page', () => {
  it('lists the alerts waiting for a decision, oldest first, and leads to each', async () => {
    const items = [
      alert('new', { createdAt: '2026-11-20T09:00:00.000Z' }),
      alert('closed', { status: 'false_positive', createdAt: '2026-11-01T09:00:00.000Z' }),
      alert('pending', {
        status: 'confirmed',
        createdAt: '2026-11-10T09:00:00.000Z',
        clearance: { status: 'pending', reason: 'different company', proposedBy: 'u-x', proposedByName: 'Alex Kim', proposedAt: '2026-11-11T09:00:00.000Z', decidedBy: null, decidedAt: null, note: null },
      }),
      alert('contested', { status: 'confirmed', contested: true, createdAt: '2026-11-12T09:00:00.000Z' }),
    ];
    const { user, router } = renderApp(analyst, '/', { [ALERTS]: ok({ items }), 'GET /api/v1/screening/alerts?status=open': ok({ items: [items[0]] }) });
    const section = await screen.findByRole('region', { name: 'Screening alerts waiting for a decision' });
    expect(await within(section).findByText('3 alerts wait for a decision.')).toBeInTheDocument();
    const rows = within(section).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['Party pending', 'Party contested', 'Party new']);
    expect(within(rows[0]!).getByText('clearance proposed by Alex Kim: a second person decides')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('contested by the consortium')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('potential match to review')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('91.0 %')).toBeInTheDocument();
    expect(screen.queryByText(/Proposals reach you/)).toBeNull();
    await user.click(within(rows[2]!).getByRole('link', { name: 'Party new' }));
    expect(router.state.location.pathname).toBe('/screening');
    expect(router.state.location.search).toMatchObject({ tab: 'alerts', alert: 'new' });
  });

  it('says when nothing waits', async () => {
    renderApp(analyst, '/', { [ALERTS]: ok({ items: [alert('closed', { status: 'false_positive' })] }) });
    expect(await screen.findByText(/No alert is waiting/)).toBeInTheDocument();
  });
});
