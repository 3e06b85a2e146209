// The financing desks' home pages list their work: the EDAG coordinator the designated packages and
// their deals (leading to the deal pages), a financing officer the requests in progress at the agency.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';
import { deal, edagCoordinator, eximOfficer, portfolioPackage, request } from './fixtures.ts';

describe('home pages of the financing desks', () => {
  it('the EDAG coordinator starts from the designated packages and their deals', async () => {
    const { user, router } = renderApp(edagCoordinator, '/', {
      'GET /api/v1/portfolio/packages': ok({ items: [portfolioPackage()] }),
      'GET /api/v1/buyer-interests': ok({ items: [] }),
      'GET /api/v1/deals/d-th': ok(deal()),
    });
    const section = await screen.findByRole('region', { name: 'Designated packages and their deals' });
    const pkg = await within(section).findByRole('article', { name: /Digital government AI for ASEAN/ });
    expect(within(pkg).getByText(/Cascade Sovereign Cloud Consortium/)).toHaveTextContent('Singapore, TH');
    expect(within(pkg).getByRole('link', { name: 'Digital government AI for ASEAN' })).toHaveAttribute('href', '/proposals/p-asean');
    const rows = within(pkg).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['Thailand Digital Government Development AgencyTH$30,000,000Negotiating', 'Singapore GovTech AgencySG$40,000,000Contract signed']);
    expect(within(pkg).getByText('Open a deal under this package')).toBeInTheDocument();
    expect(screen.queryByText(/Proposals reach you/)).toBeNull();
    await user.click(within(pkg).getByRole('link', { name: 'Thailand Digital Government Development Agency' }));
    expect(await screen.findByRole('heading', { level: 1, name: /Thailand Digital Government Development Agency/ })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/deals/d-th');
  });

  it('says so when no package is designated', async () => {
    renderApp(edagCoordinator, '/', { 'GET /api/v1/portfolio/packages': ok({ items: [] }), 'GET /api/v1/buyer-interests': ok({ items: [] }) });
    expect(await screen.findByText('No package is designated yet. Deals are opened under designated packages.')).toBeInTheDocument();
  });

  it('a suspended package lists its deals without the form to open one', async () => {
    renderApp(edagCoordinator, '/', { 'GET /api/v1/portfolio/packages': ok({ items: [portfolioPackage({ designationState: 'suspended', mayOpenDeal: false })] }), 'GET /api/v1/buyer-interests': ok({ items: [] }) });
    const pkg = await screen.findByRole('article', { name: /Digital government AI for ASEAN/ });
    expect(within(pkg).getByText('Suspended')).toBeInTheDocument();
    expect(within(pkg).queryByText('Open a deal under this package')).toBeNull();
  });

  it('a financing officer sees the requests in progress, oldest referral first, each with its next step and leading to its deal', async () => {
    const waiting = request({ id: 'r-th', state: 'referred' });
    const offered = request({ id: 'r-sg', dealId: 'd-sg', state: 'final_commitment', requestedUsd: 30_000_000, referredAt: '2026-10-01T09:00:00.000Z' });
    renderApp(eximOfficer, '/', {
      'GET /api/v1/financing-requests?open=true': ok({ items: [offered, waiting] }),
      'GET /api/v1/deals': ok({ items: portfolioPackage().deals }),
    });
    const section = await screen.findByRole('region', { name: 'Financing requests in progress at EXIM' });
    await within(section).findByRole('link', { name: 'Singapore GovTech Agency (SG)' });
    const rows = within(section).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['Singapore GovTech Agency (SG)', 'Thailand Digital Government Development Agency (TH)']);
    expect(within(rows[0]!).getByText('Close')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Submit to agency')).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('link')).toHaveAttribute('href', '/deals/d-th');
    expect(screen.queryByText(/Proposals reach you/)).toBeNull();
    expect(screen.queryByRole('region', { name: 'Designated packages and their deals' })).toBeNull();
  });

  it('a financing officer with nothing in progress is told so', async () => {
    renderApp(eximOfficer, '/', { 'GET /api/v1/financing-requests?open=true': ok({ items: [] }), 'GET /api/v1/deals': ok({ items: [] }) });
    expect(await screen.findByText('No request awaits your agency.')).toBeInTheDocument();
  });
});
