// The market explorer: the ranked table with every factor, the additionality badge, the map, the
// weights in the URL (a slider asks the server again and the CSV link follows), sorting, a refusal
// shown, and the toolbar link only for users who may explore the package's markets.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MarketCountry, MarketView } from '../../../shared/contracts/market.ts';
import type { SessionUser } from '../../lib/types.ts';
import { ok, problem } from '../../test/api-stub.ts';
import { healthDraft, users } from '../../test/recorded.ts';
import { renderApp, renderAs } from '../../test/render.tsx';
import { MarketExplorerLink } from './MarketExplorerLink.tsx';

const agencies = (standings: [string, string, string, string]) =>
  (['EXIM', 'DFC', 'USTDA', 'SBA'] as const).map((agency, i) => ({ agency, standing: standings[i] as 'eligible', rules: [] }));
const counts = (over: Partial<MarketCountry['licensing']['counts']> = {}) => ({ clear: 3, needs_information: 0, license_required: 0, license_required_denial: 0, prohibited: 0, ...over });
const country = (code: string, name: string, rank: number, total: number, over: Partial<MarketCountry> = {}): MarketCountry => ({
  code,
  name,
  target: false,
  rank,
  total,
  prohibited: false,
  scores: { licensing: 1, financing: 1, demand: 0, competition: 1 },
  licensing: { status: 'clear', counts: counts(), reviewPolicy: null, reason: null, expectedDays: 0 },
  financing: { incomeGroup: 'lower_middle', agencies: agencies(['eligible', 'eligible', 'eligible', 'eligible']) },
  demand: { requirements: 0, interests: 0, followers: 0, signals: 0 },
  competition: { nonUsCompetitors: 0, deals: 0 },
  additionality: { likelyWithoutSupport: false, conditions: [{ condition: 'licensing_clear', holds: true }, { condition: 'income_group', holds: false }, { condition: 'low_competition', holds: true }, { condition: 'demand_present', holds: false }] },
  ...over,
});

const holds = (all: boolean[]) => (['licensing_clear', 'income_group', 'low_competition', 'demand_present'] as const).map((condition, i) => ({ condition, holds: all[i]! }));

function view(weights = { licensing: 4, financing: 2, demand: 3, competition: 1 }): MarketView {
  return {
    proposalId: 'p-health',
    proposalTitle: 'Clinical AI for the East African Community',
    proposalState: 'draft',
    asOf: '2026-11-16',
    weights,
    sources: { exportControl: { version: '2025.12-2', effectiveDate: '2025-12-01' }, financingRules: { version: '2026.1', effectiveFrom: '2025-12-01' }, incomeGroups: { version: 'FY2026', source: 'World Bank' } },
    assumptions: {
      licenseDays: { clear: 0, licenseRequired: 90, denialPolicy: null, source: 'Assumption: 15 CFR 750.4(a).' },
      additionality: { incomeGroups: ['high'], maxNonUsCompetitors: 0, minDemandSignals: 1 },
    },
    countries: [
      country('NZ', 'New Zealand', 1, 88.5, {
        financing: { incomeGroup: 'high', agencies: agencies(['eligible', 'conditional', 'ineligible', 'eligible']) },
        demand: { requirements: 1, interests: 0, followers: 0, signals: 2 },
        scores: { licensing: 1, financing: 0.625, demand: 0.3333, competition: 1 },
        additionality: { likelyWithoutSupport: true, conditions: holds([true, true, true, true]) },
      }),
      country('KE', 'Kenya', 2, 70, { target: true }),
      country('AE', 'United Arab Emirates', 3, 55.2, {
        scores: { licensing: 0.5, financing: 0.625, demand: 0, competition: 0.5 },
        licensing: { status: 'license_required', counts: counts({ clear: 2, license_required: 1 }), reviewPolicy: 'Case-by-case review', reason: { text: '3A090.a license requirement', citation: '15 CFR 742.6' }, expectedDays: 90 },
        competition: { nonUsCompetitors: 1, deals: 1 },
      }),
      country('CU', 'Cuba', 4, 30, {
        prohibited: true,
        scores: { licensing: 0, financing: 0.5, demand: 0, competition: 1 },
        licensing: { status: 'prohibited', counts: counts({ clear: 0, prohibited: 3 }), reviewPolicy: null, reason: { text: 'Cuba embargo', citation: '15 CFR 746.2' }, expectedDays: null },
      }),
    ],
  };
}

const MARKET = 'GET /api/v1/proposals/p-health/market';

describe('the market explorer', () => {
  it('shows every country ranked, each factor, the additionality badge, the map and the CSV link', async () => {
    renderApp(users.applicant, '/proposals/p-health/market', { [MARKET]: ok(view()) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Market explorer' })).toBeInTheDocument();
    const table = within(screen.getByRole('region', { name: 'Ranked countries' })).getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-country'))).toEqual(['NZ', 'KE', 'AE', 'CU']);
    expect(within(rows[0]!).getByText('Likely without federal support')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('target market')).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('License required');
    expect(rows[2]).toHaveTextContent('Policy: Case-by-case review');
    expect(rows[2]).toHaveTextContent('Expected licensing time: 90 days');
    expect(rows[2]).toHaveTextContent('1 non-US competitor');
    expect(rows[0]).toHaveTextContent('USTDA: not eligible');
    expect(rows[3]).toHaveTextContent('Prohibited');
    expect(rows[3]).toHaveTextContent('Cuba embargo (15 CFR 746.2)');
    expect(screen.getByText(/1 market is flagged as likely to proceed without federal support \(additionality\): New Zealand/)).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /4 countries ranked/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/proposals/p-health/market.csv');
    expect(screen.getByRole('button', { name: 'Default weights' })).toBeDisabled();
  });

  it('keeps the weights in the URL: a slider asks the server again, and the CSV link carries them', async () => {
    const { api, router } = renderApp(users.applicant, '/proposals/p-health/market', {
      [MARKET]: ok(view()),
      [`${MARKET}?wDemand=8`]: ok(view({ licensing: 4, financing: 2, demand: 8, competition: 1 })),
    });
    const slider = await screen.findByRole('slider', { name: 'Demand weight' });
    fireEvent.change(slider, { target: { value: '8' } });
    expect(await screen.findByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/proposals/p-health/market.csv?wDemand=8');
    expect(router.state.location.search).toMatchObject({ wDemand: 8 });
    await waitFor(() => expect(api.calls(`${MARKET}?wDemand=8`)).toHaveLength(1));
    expect(screen.getByRole('slider', { name: 'Demand weight' })).toHaveValue('8');
    expect(screen.getByRole('button', { name: 'Default weights' })).toBeEnabled();
  });

  it('reads weights from a shared address and drops values it does not know', async () => {
    const { api } = renderApp(users.applicant, '/proposals/p-health/market?wLicensing=0&wFinancing=99&sort=bogus', {
      [`${MARKET}?wLicensing=0`]: ok(view({ licensing: 0, financing: 2, demand: 3, competition: 1 })),
    });
    expect(await screen.findByRole('slider', { name: 'Licensing weight' })).toHaveValue('0');
    await waitFor(() => expect(api.calls(`${MARKET}?wLicensing=0`)).toHaveLength(1));
  });

  it('sorts the table by a factor, and back', async () => {
    const { user } = renderApp(users.applicant, '/proposals/p-health/market', { [MARKET]: ok(view()) });
    const table = await screen.findByRole('table');
    await user.click(within(table).getByRole('button', { name: 'Competition' }));
    const order = () => within(table).getAllByRole('row').slice(1).map((r) => r.getAttribute('data-country'));
    // Highest competition score first; equal scores keep the rank order.
    expect(order()).toEqual(['NZ', 'KE', 'CU', 'AE']);
    expect(within(table).getByRole('columnheader', { name: /Competition/ })).toHaveAttribute('aria-sort', 'descending');
    await user.click(within(table).getByRole('button', { name: /Country/ }));
    expect(order()).toEqual(['CU', 'KE', 'NZ', 'AE']);
  });

  it('shows the server’s refusal', async () => {
    const refused = { type: 'about:blank', title: 'Forbidden', status: 403, code: 'FORBIDDEN', detail: 'Your role may not explore markets for this package' };
    renderApp(users.applicant, '/proposals/p-health/market', { [MARKET]: problem(refused) });
    expect(await screen.findByText(/Your role may not explore markets/)).toBeInTheDocument();
  });
});

describe('the proposal toolbar’s link', () => {
  const auditor: SessionUser = { id: 'u-auditor', email: 'auditor@oig.example', name: 'Ira Auditor', roles: ['auditor'], org: { id: 'org-oig', name: 'Office of Inspector General', kind: 'oversight', agency: null } };

  it('is there for the consortium’s members and the program office', async () => {
    for (const who of [users.applicant, users.member, users.programOfficer]) {
      const { unmount } = renderAs(who, <MarketExplorerLink proposalId={healthDraft.id} consortium={healthDraft.consortium} />);
      expect(await screen.findByRole('link', { name: 'Market explorer' })).toHaveAttribute('href', `/proposals/${healthDraft.id}/market`);
      unmount();
    }
  });

  it('is not there for an auditor, nor for a company outside the consortium', async () => {
    for (const who of [auditor, users.northstarAnchor]) {
      const { unmount } = renderAs(
        who,
        <>
          <p>Toolbar</p>
          <MarketExplorerLink proposalId={healthDraft.id} consortium={healthDraft.consortium} />
        </>,
      );
      await screen.findByText('Toolbar');
      expect(screen.queryByRole('link', { name: 'Market explorer' })).not.toBeInTheDocument();
      unmount();
    }
  });
});
