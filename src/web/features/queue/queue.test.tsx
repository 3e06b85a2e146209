// The program office's queue on the home page: search, filters, sort and page live in the URL and
// go to the server as they are; the CSV link carries the same filters; a value the URL gets wrong
// is dropped; Back undoes a change.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderApp } from '../../test/render.tsx';
import { HomeSearch, queueQuery } from './search.ts';

const item = {
  id: 'p-gulf',
  reference: 'AIEP-1A2B-3C4D',
  title: 'Sovereign AI Cloud for the UAE and Saudi Arabia',
  state: 'eligibility_screening',
  revision: 1,
  version: 4,
  submittedAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
  consortium: { id: 'c-gulf', name: 'Gulf Sovereign AI Cloud Consortium' },
  countries: ['AE', 'SA'],
  agencies: ['EXIM'],
  stateSince: '2026-11-02T10:00:00.000Z',
  completeness: { complete: true, missing: 0 },
  usContentShare: 0.62,
  usContentPresumptionMet: true,
  compliance: 'license_required',
  reviews: { minimum: 3, active: 0, submitted: 0, conflicted: 0, overdue: 0 },
  consultations: { requested: 0, answered: 0, overdue: 0 },
  score: null,
};
const pageOf = (items: unknown[], total = items.length, offset = 0) => ok({ items, total, offset, limit: 50 });

describe('the queue’s search parameters', () => {
  it('drop what the URL gets wrong and keep the rest', () => {
    expect(HomeSearch.parse({ q: 'gulf', state: 'bogus', sort: 'cost', page: '0', market: 'AE', assigned: 'yes', agency: 'NASA' })).toEqual({ q: 'gulf', market: 'AE', assigned: 'yes' });
    expect(queueQuery({ q: 'gulf cloud', sort: 'age', page: 3 })).toBe('q=gulf+cloud&sort=age&limit=50&offset=100');
    expect(queueQuery({ q: 'gulf cloud', sort: 'age', page: 3 }, true)).toBe('q=gulf+cloud&sort=age');
  });
});

describe('the program office’s queue', () => {
  // The program officer's home page also lists the screening alerts waiting (none here).
  const base = { 'GET /api/v1/buyer-interests': ok({ items: [] }), 'GET /api/v1/screening/alerts': ok({ items: [] }) };

  it('searches, filters and sorts through the URL, exports the same rows, and Back undoes a change', async () => {
    const { user, api, router } = renderApp(users.programOfficer, '/?market=AE', {
      ...base,
      'GET /api/v1/proposals/queue?market=AE&limit=50': pageOf([item]),
      'GET /api/v1/proposals/queue?q=sovereign&market=AE&limit=50': pageOf([item]),
      'GET /api/v1/proposals/queue?q=sovereign&market=AE&assigned=no&limit=50': pageOf([item]),
      'GET /api/v1/proposals/queue?q=sovereign&market=AE&assigned=no&sort=age&limit=50': pageOf([item]),
    });
    const row = await screen.findByRole('row', { name: /Sovereign AI Cloud/ });
    expect(within(row).getByText('AIEP-1A2B-3C4D')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Target market' })).toHaveValue('AE');
    expect(screen.getByRole('status')).toHaveTextContent('1–1 of 1 proposals');

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'sovereign');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ q: 'sovereign', market: 'AE' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reviewers' }), 'no');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'age');
    await waitFor(() => expect(api.calls('GET /api/v1/proposals/queue?q=sovereign&market=AE&assigned=no&sort=age&limit=50')).toHaveLength(1));
    expect(router.state.location.search).toEqual({ q: 'sovereign', market: 'AE', assigned: 'no', sort: 'age' });
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/v1/proposals/queue.csv?q=sovereign&market=AE&assigned=no&sort=age');

    router.history.back();
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveValue('submitted'));
    expect(router.state.location.search).toEqual({ q: 'sovereign', market: 'AE', assigned: 'no' });
  });

  it('pages through a long queue, the page in the URL', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...item, id: `p-${i}`, title: `Proposal ${i}` }));
    const { user, router } = renderApp(users.programOfficer, '/', {
      ...base,
      'GET /api/v1/proposals/queue?limit=50': pageOf(many, 75),
      'GET /api/v1/proposals/queue?limit=50&offset=50': pageOf(many.slice(0, 25).map((x) => ({ ...x, id: `${x.id}-b`, title: `${x.title} b` })), 75, 50),
    });
    expect(await screen.findByText('Page 1 of 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Page 2 of 2')).toBeInTheDocument();
    expect(router.state.location.search).toEqual({ page: 2 });
    expect(await screen.findByRole('status')).toHaveTextContent('51–75 of 75 proposals');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });
});
