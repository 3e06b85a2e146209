// The deal page's parties: the buyer, end users and consignees with their evidence and where their
// screening stands; whoever updates the deal records one (with evidence) and removes one on the
// version read; a viewer without the right sees them without the forms.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DealParties } from '../../../shared/contracts/deal-parties.ts';
import { ok } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';
import { deal, edagCoordinator, eximOfficer } from './fixtures.ts';

const DEAL = 'GET /api/v1/deals/d-th';
const CLEAR = { screened: true, screenedAt: '2026-11-16T12:00:00.000Z', blocking: false, openAlerts: 0 };

function parties(overrides: Partial<DealParties> = {}): DealParties {
  return {
    buyer: { name: 'Thailand Digital Government Development Agency', type: 'state_owned', country: 'TH', screening: CLEAR },
    items: [
      {
        id: 'p-1',
        dealId: 'd-th',
        role: 'end_user',
        name: 'Ivan Petrovich Sidorov',
        type: 'person',
        country: 'RU',
        evidence: { birthDate: '1961-03-04', nationalities: ['RU'], identifiers: [{ type: 'passport', number: '7712345', country: 'RU' }] },
        version: 2,
        updatedAt: '2026-11-16T12:00:00.000Z',
        screening: { screened: true, screenedAt: '2026-11-16T12:00:00.000Z', blocking: true, openAlerts: 1 },
      },
    ],
    mayEdit: true,
    ...overrides,
  };
}

describe('deal page: parties', () => {
  it('lists the buyer and the end user with evidence and a blocking match', async () => {
    renderApp(eximOfficer, '/deals/d-th', { [DEAL]: ok(deal({ parties: parties({ mayEdit: false }) })) });
    const region = await screen.findByRole('region', { name: 'Parties and their screening' });
    expect(within(region).getByText(/Thailand Digital Government Development Agency/)).toBeInTheDocument();
    expect(within(region).getByText('Unresolved prohibited match — holds the final commitment')).toBeInTheDocument();
    expect(within(region).getByText(/born 1961-03-04 · nationality RU · Passport 7712345 \(RU\)/)).toBeInTheDocument();
    expect(within(region).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(within(region).queryByRole('form')).toBeNull();
  });

  it('records a consignee with a registration number, and removes a party on the version read', async () => {
    const recorded = deal({
      parties: parties({
        items: [
          ...parties().items,
          { id: 'p-2', dealId: 'd-th', role: 'consignee', name: 'Bangkok Freight Co', type: 'organization', country: 'TH', evidence: { identifiers: [{ type: 'company_registration', number: '0105551234567' }] }, version: 1, updatedAt: '2026-11-16T12:00:00.000Z', screening: CLEAR },
        ],
      }),
    });
    const { user, api } = renderApp(edagCoordinator, '/deals/d-th', {
      [DEAL]: ok(deal({ parties: parties() })),
      'POST /api/v1/deals/d-th/parties': ok(recorded, 201),
      'DELETE /api/v1/deals/d-th/parties/p-1?version=2': ok(deal({ parties: parties({ items: [] }) })),
    });
    const form = await screen.findByRole('form', { name: 'Record an end user or consignee' });
    await user.selectOptions(within(form).getByLabelText('Role'), 'consignee');
    await user.type(within(form).getByLabelText('Name'), 'Bangkok Freight Co');
    await user.selectOptions(within(form).getByLabelText('Country'), 'SG');
    await user.click(within(form).getByRole('button', { name: 'Add an identifier' }));
    await user.type(within(form).getByLabelText('Number'), '0105551234567');
    await user.click(within(form).getByRole('button', { name: 'Record party' }));
    expect(await screen.findByText('Party recorded and screened.')).toBeInTheDocument();
    expect(api.calls('POST /api/v1/deals/d-th/parties').map((r) => r.body)).toEqual([
      { role: 'consignee', name: 'Bangkok Freight Co', type: 'organization', country: 'SG', evidence: { identifiers: [{ type: 'company_registration', number: '0105551234567' }] } },
    ]);
    expect(screen.getByText(/Bangkok Freight Co/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove Ivan Petrovich Sidorov' }));
    expect(await screen.findByText('Party removed.')).toBeInTheDocument();
    expect(api.calls('DELETE /api/v1/deals/d-th/parties/p-1?version=2')).toHaveLength(1);
  });
});
