// The app's plumbing through its real routes: what an unknown URL shows, who is asked about the
// session (and how "nobody" is told), filters that live in the URL (shared links, Back), the cache
// emptied between users, and which failures are retried.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CatalogSearchResponse, ProgramStatisticsSchema } from '../../shared/contracts/catalog.ts';
import { ok, problem } from '../test/api-stub.ts';
import { users } from '../test/recorded.ts';
import { renderApp } from '../test/render.tsx';

const catalog = CatalogSearchResponse.parse({
  items: [
    {
      id: 'pkg-agri',
      title: 'Precision Agriculture AI for Argentina and Brazil',
      description: 'Precision agriculture AI for cooperatives.',
      consortium: { name: 'Andes–Pampa Agriculture AI Partnership', members: [{ name: 'Prairie Signal Inc.', country: 'US' }] },
      layers: ['infrastructure', 'model', 'application'],
      sectors: ['agriculture'],
      countries: ['AR', 'BR'],
      regions: ['latin_america_caribbean'],
      blocs: [],
      designatedAt: '2026-11-20T10:00:00.000Z',
      translation: null,
      profile: null,
    },
  ],
  total: 1,
});
const statistics = ProgramStatisticsSchema.parse({ submitted: 4, underReview: 1, designated: 1, byRegion: [], bySector: [], byCountry: {} });
const publicRoutes = { 'GET /api/v1/public/statistics': ok(statistics), 'GET /api/v1/public/calls': ok({ items: [] }) };
const unauthenticated = { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED', detail: 'Log in or send an API key' };

describe('routes', () => {
  it('answers an unknown URL with a 404 page, without asking who is logged in', async () => {
    const { api } = renderApp(null, '/no/such/page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no/such/page')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
    expect(screen.queryByRole('button', { name: 'Log in' })).not.toBeInTheDocument();
    expect(api.requests).toEqual([]);
  });

  it('shows the 404 page for an unknown address below a known one, to a logged-in user too', async () => {
    renderApp(users.programOfficer, '/proposals/p1/nonsense');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });

  it('shows the public catalog without a session check', async () => {
    const { api } = renderApp(null, '/catalog', { ...publicRoutes, 'GET /api/v1/public/catalog': ok(catalog) });
    expect(await screen.findByRole('heading', { level: 2, name: catalog.items[0]!.title })).toBeInTheDocument();
    expect(api.calls('GET /api/v1/auth/session')).toEqual([]);
  });

  it.each([
    ['answers that nobody is logged in', ok({ user: null, csrfToken: null })],
    ['answers 401 (as before it said so)', problem(unauthenticated)],
  ])('shows the login form when the session check %s, and the page once logged in', async (_, answer) => {
    const { user, api } = renderApp(null, '/api-keys', { 'POST /api/v1/auth/login': ok({ user: users.programOfficer, csrfToken: 'fresh-token', expiresAt: '2026-12-02T00:00:00.000Z' }), 'GET /api/v1/api-keys': ok([]) }, { session: answer });
    await user.type(await screen.findByLabelText('Email'), users.programOfficer.email);
    await user.type(screen.getByLabelText('Password'), 'demo-password-2026');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    // The page asked for, and nothing of it before the login.
    expect(await screen.findByText('No API keys yet.')).toBeInTheDocument();
    expect(api.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /api/v1/api-keys', 'GET /api/v1/auth/oidc/providers', 'GET /api/v1/auth/session', 'GET /api/v1/notifications', 'GET /api/v1/reference', 'POST /api/v1/auth/login']);
    expect(api.calls('GET /api/v1/api-keys')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Log out' })).toBeInTheDocument();
  });
});

describe('the public catalog’s filters live in the URL', () => {
  it('a shared link applies its filters and shows them in the form; a value the API would refuse is dropped', async () => {
    const { api, router } = renderApp(null, '/catalog?sector=agriculture&layer=spaceships&country=BR', { ...publicRoutes, 'GET /api/v1/public/catalog?country=BR&sector=agriculture': ok(catalog), 'GET /api/v1/reference': ok({ countries: [{ code: 'BR', name: 'Brazil' }] }) });
    await screen.findByRole('heading', { level: 2, name: catalog.items[0]!.title });
    expect(api.calls('GET /api/v1/public/catalog?country=BR&sector=agriculture')).toHaveLength(1);
    expect(router.state.location.search).toEqual({ country: 'BR', sector: 'agriculture' });
    const form = screen.getByRole('form', { name: 'Search the catalog' });
    expect(within(form).getByRole('combobox', { name: 'Sector' })).toHaveValue('agriculture');
    expect(within(form).getByRole('combobox', { name: 'Layer' })).toHaveValue('');
    await waitFor(() => expect(within(form).getByRole('combobox', { name: 'Country' })).toHaveValue('BR'));
  });

  it('"Search" puts the filters in the URL, and Back brings the previous search and its form back', async () => {
    const { user, api, router } = renderApp(null, '/catalog', {
      ...publicRoutes,
      'GET /api/v1/public/catalog': ok(catalog),
      'GET /api/v1/public/catalog?q=agri&sector=agriculture': ok({ items: [], total: 0 }),
    });
    await screen.findByRole('heading', { level: 2, name: catalog.items[0]!.title });
    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'agri');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sector' }), 'agriculture');
    await user.click(screen.getByRole('button', { name: 'Search' }));

    expect(await screen.findByText('No designated package matches.')).toBeInTheDocument();
    expect(router.state.location.search).toEqual({ q: 'agri', sector: 'agriculture' });
    expect(api.calls('GET /api/v1/public/catalog?q=agri&sector=agriculture')).toHaveLength(1);

    router.history.back();
    expect(await screen.findByRole('heading', { level: 2, name: catalog.items[0]!.title })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Search' })).toHaveValue('');
    expect(screen.getByRole('combobox', { name: 'Sector' })).toHaveValue('');
    // The first search's answer came from the cache.
    expect(api.calls('GET /api/v1/public/catalog')).toHaveLength(1);
  });
});

describe('the program office’s queue filter lives in the URL', () => {
  const empty = ok({ items: [], total: 0, offset: 0, limit: 50 });
  const home = { 'GET /api/v1/buyer-interests': ok({ items: [] }), 'GET /api/v1/screening/alerts': ok({ items: [] }), 'GET /api/v1/proposals/queue?limit=50': empty, 'GET /api/v1/proposals/queue?state=under_review&limit=50': empty, 'GET /api/v1/proposals/queue?state=designated&limit=50': empty };

  it('reads the state from the URL, puts a new choice there, and Back undoes it', async () => {
    const { user, api, router } = renderApp(users.programOfficer, '/?state=under_review', home);
    const state = await screen.findByRole('combobox', { name: 'State' });
    expect(state).toHaveValue('under_review');
    await waitFor(() => expect(api.calls('GET /api/v1/proposals/queue?state=under_review&limit=50')).toHaveLength(1));

    await user.selectOptions(state, 'designated');
    await waitFor(() => expect(api.calls('GET /api/v1/proposals/queue?state=designated&limit=50')).toHaveLength(1));
    expect(router.state.location.search).toEqual({ state: 'designated' });

    router.history.back();
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'State' })).toHaveValue('under_review'));
    expect(router.state.location.search).toEqual({ state: 'under_review' });
  });

  it('drops a state the URL gets wrong and shows the whole queue', async () => {
    const { api, router } = renderApp(users.programOfficer, '/?state=bogus', home);
    expect(await screen.findByRole('combobox', { name: 'State' })).toHaveValue('');
    await waitFor(() => expect(api.calls('GET /api/v1/proposals/queue?limit=50')).toHaveLength(1));
    expect(router.state.location.search).toEqual({});
  });
});

describe('the cache', () => {
  const forbidden = problem({ ...unauthenticated, status: 403, code: 'FORBIDDEN', title: 'Forbidden', detail: 'Not your key list' });

  it('keeps nothing of one user for the next: after logging out and in, a page asks again', async () => {
    const { user, api } = renderApp(users.programOfficer, '/api-keys', {
      'GET /api/v1/api-keys': [ok([]), forbidden],
      'POST /api/v1/auth/logout': { status: 204 },
      'POST /api/v1/auth/login': ok({ user: users.reviewer, csrfToken: 'second-token', expiresAt: '2026-12-02T00:00:00.000Z' }),
      // The reviewer's home page.
      'GET /api/v1/reviews': ok({ items: [] }),
      'GET /api/v1/consultations': ok({ items: [] }),
      'GET /api/v1/buyer-interests': ok({ items: [] }),
      'GET /api/v1/screening/alerts': ok({ items: [] }),
      'GET /api/v1/proposals/queue?limit=50': ok({ items: [], total: 0, offset: 0, limit: 50 }),
    });
    await screen.findByText('No API keys yet.');
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    await user.type(await screen.findByLabelText('Email'), users.reviewer.email);
    await user.type(screen.getByLabelText('Password'), 'demo-password-2026');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await screen.findByText(new RegExp(users.reviewer.name));
    await user.click(screen.getByRole('link', { name: 'API keys' }));
    // Asked again for the second user (a 403 for them, and not retried), not shown from the first's cache.
    expect(await screen.findByRole('alert')).toHaveTextContent('Not your key list');
    expect(screen.queryByText('No API keys yet.')).not.toBeInTheDocument();
    expect(api.calls('GET /api/v1/api-keys')).toHaveLength(2);
    expect(api.calls('POST /api/v1/auth/logout')).toHaveLength(1);
  });

  it('retries a read that failed with a 5xx, and shows the answer that then comes', async () => {
    const { api } = renderApp(users.programOfficer, '/api-keys', {
      'GET /api/v1/api-keys': [{ status: 503, body: { ...unauthenticated, status: 503, code: 'UNAVAILABLE', title: 'Service Unavailable', detail: 'Try again' } }, ok([])],
    });
    expect(await screen.findByText('No API keys yet.', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(api.calls('GET /api/v1/api-keys')).toHaveLength(2);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
