// The portfolio page's charts: each series of GET /api/v1/portfolio drawn and given as a table with
// the same figures (what assistive technology reads), and an empty series said in words.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PortfolioSchema } from '../../../shared/contracts/financing.ts';
import { ok } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';
import { demoPortfolio, edagCoordinator } from './fixtures.ts';

const tableOf = (figure: HTMLElement) => within(figure).getAllByRole('row').slice(1).map((r) => [within(r).getByRole('rowheader').textContent, within(r).getByRole('cell').textContent]);

describe('portfolio charts', () => {
  it('draws commitments by agency, deals by country and stage, and the time to first commitment, each with its table', async () => {
    renderApp(edagCoordinator, '/portfolio', { 'GET /api/v1/portfolio': ok(demoPortfolio), 'GET /api/v1/deals': ok({ items: [] }), 'GET /api/v1/monitoring': ok({ items: [] }) });
    const agency = await screen.findByRole('figure', { name: 'Commitments by agency' });
    expect(tableOf(agency)).toEqual([
      ['EXIM', '$28,000,000'],
      ['DFC', '$4,000,000'],
    ]);
    // The drawing is there, hidden from assistive technology (the table says the same).
    expect(agency.querySelector('[aria-hidden="true"] svg')).not.toBeNull();
    // Countries by name where the reference has one (the test's reference is trimmed), else by code.
    expect(tableOf(screen.getByRole('figure', { name: 'Deals by country' })).map(([c]) => c).sort()).toEqual(['KH', 'Singapore', 'TH']);
    expect(tableOf(screen.getByRole('figure', { name: 'Deals by stage' }))).toEqual([
      ['Identified', '1'],
      ['Negotiating', '1'],
      ['Contract signed', '1'],
    ]);
    const first = screen.getByRole('figure', { name: 'Time from designation to first commitment' });
    expect(tableOf(first)).toEqual([
      ['Shortest', '30 days'],
      ['Average', '43 days'],
      ['Longest', '55 days'],
    ]);
    expect(within(first).getByText('Over 2 packages with a commitment.')).toBeInTheDocument();
    expect(screen.getByTestId('committed-total')).toHaveTextContent('$32,000,000');
  });

  it('draws commitments over time, by country and by layer, and the time to first commitment per package', async () => {
    renderApp(edagCoordinator, '/portfolio', { 'GET /api/v1/portfolio': ok(demoPortfolio), 'GET /api/v1/deals': ok({ items: [] }), 'GET /api/v1/monitoring': ok({ items: [] }) });
    // Month by month in date order, a month without commitments as $0.
    const months = await screen.findByRole('figure', { name: 'Commitments over time' });
    expect(tableOf(months)).toEqual([
      ['Aug 2026', '$4,000,000'],
      ['Sep 2026', '$0'],
      ['Oct 2026', '$28,000,000'],
    ]);
    expect(months.querySelector('[aria-hidden="true"] svg')).not.toBeNull();
    expect(tableOf(screen.getByRole('figure', { name: 'Commitments by country' }))).toEqual([
      ['Singapore', '$28,000,000'],
      ['TH', '$4,000,000'],
    ]);
    // Layers by name, largest first, with the rule that splits a commitment said under the chart.
    const layers = screen.getByRole('figure', { name: 'Commitments by layer' });
    expect(tableOf(layers)).toEqual([
      ['Infrastructure', '$19,200,000'],
      ['Models and AI systems', '$9,600,000'],
      ['Security', '$3,200,000'],
    ]);
    expect(within(layers).getByText(/split across the layers in proportion to the value of the package’s components/)).toBeInTheDocument();
    const perPackage = screen.getByRole('figure', { name: 'Time to first commitment by package' });
    expect(within(perPackage).getByRole('columnheader', { name: 'Package' })).toBeInTheDocument();
    expect(tableOf(perPackage)).toEqual([
      ['Digital government AI for ASEAN', '30 days'],
      ['Gulf sovereign AI cloud', '55 days'],
    ]);
    expect(perPackage.querySelector('[aria-hidden="true"] svg')).not.toBeNull();
  });

  it('names commitments the server could not split by layer', async () => {
    const unsplit = PortfolioSchema.parse({ ...demoPortfolio, committedByLayer: { unallocated: 32_000_000 } });
    renderApp(edagCoordinator, '/portfolio', { 'GET /api/v1/portfolio': ok(unsplit), 'GET /api/v1/deals': ok({ items: [] }), 'GET /api/v1/monitoring': ok({ items: [] }) });
    expect(tableOf(await screen.findByRole('figure', { name: 'Commitments by layer' }))).toEqual([['Not allocated (no component value)', '$32,000,000']]);
  });

  it('says in words what has no data yet', async () => {
    const empty = PortfolioSchema.parse({
      scope: 'DFC',
      deals: { count: 0, open: 0, valueUsd: 0, byStage: {}, byCountry: {}, bySector: {} },
      requests: { count: 0, byState: {}, byAgency: {}, byInstrument: {}, indicativeUsd: 0, committedUsd: 0, disbursedUsd: 0, committedByAgency: {}, committedByMonth: {}, committedByCountry: {} },
      committedByLayer: {},
      daysFromDesignationToFirstCommitment: null,
    });
    renderApp(edagCoordinator, '/portfolio', { 'GET /api/v1/portfolio': ok(empty), 'GET /api/v1/deals': ok({ items: [] }), 'GET /api/v1/monitoring': ok({ items: [] }) });
    const agency = await screen.findByRole('figure', { name: 'Commitments by agency' });
    expect(within(agency).getByText('Nothing committed yet.')).toBeInTheDocument();
    expect(within(agency).queryByRole('table')).toBeNull();
    expect(within(screen.getByRole('figure', { name: 'Time from designation to first commitment' })).getByText('No package has a commitment yet.')).toBeInTheDocument();
    for (const name of ['Commitments over time', 'Commitments by country', 'Commitments by layer']) {
      expect(within(screen.getByRole('figure', { name })).getByText('Nothing committed yet.')).toBeInTheDocument();
    }
    expect(within(screen.getByRole('figure', { name: 'Time to first commitment by package' })).getByText('No package has a commitment yet.')).toBeInTheDocument();
  });
});
