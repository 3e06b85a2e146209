// The catalog's list: countries by name and in name order, a link to each package's page, and the
// map as a filter that lives in the URL, by mouse and by keyboard.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogAnswer, publicRoutes } from '../features/catalog/catalog-fixtures.ts';
import { ok } from '../test/api-stub.ts';
import { renderApp } from '../test/render.tsx';

const TITLE = catalogAnswer.items[0]!.title;
const none = ok({ items: [], total: 0 });

describe('the public catalog', () => {
  it('shows target countries and members’ countries by name, in name order, and links each package to its page', async () => {
    renderApp(null, '/catalog', { ...publicRoutes, 'GET /api/v1/public/catalog': ok(catalogAnswer) });
    const card = (await screen.findByRole('heading', { level: 2, name: TITLE })).closest('li')!;
    await waitFor(() => expect(card).toHaveTextContent('Target countries: Indonesia, Philippines, Singapore (ASEAN)'));
    expect(card).toHaveTextContent('Cascade Cloud Systems Inc. (United States), Merlion Data Pte. Ltd. (Singapore)');
    expect(within(card).getByRole('link', { name: TITLE })).toHaveAttribute('href', '/catalog/pkg-asean');
    expect(within(card).getByRole('link', { name: `Details and register interest: ${TITLE}` })).toHaveAttribute('href', '/catalog/pkg-asean');
    // No interest form on the list: a buyer registers on the package's page.
    expect(screen.queryByRole('form', { name: /Register interest/ })).not.toBeInTheDocument();
    const options = within(screen.getByRole('combobox', { name: 'Country' })).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Any', 'Brazil', 'Indonesia', 'Philippines', 'Singapore', 'United Arab Emirates', 'United States', 'Vietnam']);
  });

  it('clicking a country on the map filters by it (in the URL), clicking it again shows all', async () => {
    const { user, router, api } = renderApp(null, '/catalog', { ...publicRoutes, 'GET /api/v1/public/catalog': ok(catalogAnswer), 'GET /api/v1/public/catalog?country=PH': ok(catalogAnswer) });
    await screen.findByRole('heading', { level: 2, name: TITLE });
    const map = screen.getByRole('group', { name: /choose a country/ });
    await user.click(await within(map).findByRole('button', { name: 'Philippines: 1 package' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ country: 'PH' }));
    expect(api.calls('GET /api/v1/public/catalog?country=PH')).toHaveLength(1);
    expect(within(map).getByRole('button', { name: 'Philippines: 1 package' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('Showing packages for Philippines.');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Country' })).toHaveValue('PH'));
    await user.click(within(map).getByRole('button', { name: 'Philippines: 1 package' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
  });

  it('the map works by keyboard: Tab reaches the countries, Enter and Space choose; a country too small to draw is a button too', async () => {
    const { user, router } = renderApp(null, '/catalog?q=cloud', {
      ...publicRoutes,
      'GET /api/v1/public/catalog?q=cloud': ok(catalogAnswer),
      'GET /api/v1/public/catalog?q=cloud&country=ID': none,
      'GET /api/v1/public/catalog?q=cloud&country=PH': ok(catalogAnswer),
      'GET /api/v1/public/catalog?q=cloud&country=SG': ok(catalogAnswer),
    });
    await screen.findByRole('heading', { level: 2, name: TITLE });
    const map = screen.getByRole('group', { name: /choose a country/ });
    // Only the targeted countries take focus, in name order.
    expect(within(map).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Indonesia: 1 package', 'Philippines: 1 package']);
    const indonesia = within(map).getByRole('button', { name: 'Indonesia: 1 package' });
    expect(indonesia).toHaveAttribute('tabindex', '0');
    indonesia.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.search).toEqual({ q: 'cloud', country: 'ID' }));
    expect(await screen.findByText('No designated package matches.')).toBeInTheDocument();
    await user.tab();
    expect(within(map).getByRole('button', { name: 'Philippines: 1 package' })).toHaveFocus();
    await user.keyboard(' ');
    await waitFor(() => expect(router.state.location.search).toEqual({ q: 'cloud', country: 'PH' }));
    // Singapore is not drawn at 1:110m: it is offered under the map.
    await user.click(screen.getByRole('button', { name: 'Singapore (1 package)' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ q: 'cloud', country: 'SG' }));
    expect(screen.getByRole('button', { name: 'Singapore (1 package)' })).toHaveAttribute('aria-pressed', 'true');
  });
});
