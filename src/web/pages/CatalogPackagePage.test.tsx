// A package's own page: public fields with countries by name, the buyer's interest form, its
// reference number on success, the server's refusal shown, and an address that lists nothing.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aseanEntry, publicRoutes } from '../features/catalog/catalog-fixtures.ts';
import { ok, problem } from '../test/api-stub.ts';
import { renderApp } from '../test/render.tsx';

const DETAIL = 'GET /api/v1/public/catalog/pkg-asean';
const INTEREST = 'POST /api/v1/public/catalog/pkg-asean/interest';

async function fillInterest(user: ReturnType<typeof renderApp>['user']) {
  const form = await screen.findByRole('form', { name: `Register interest in ${aseanEntry.title}` });
  await user.type(within(form).getByRole('textbox', { name: 'Organization' }), 'Department of ICT');
  await user.selectOptions(within(form).getByRole('combobox', { name: 'Buyer country' }), 'PH');
  await user.type(within(form).getByRole('textbox', { name: 'Contact email' }), 'ai@dict.example');
  await user.type(within(form).getByRole('textbox', { name: 'Languages (comma-separated)' }), 'en, fil');
  return form;
}

describe('a catalog package’s page', () => {
  it('shows the package’s public facts with countries by name, without asking who is logged in', async () => {
    const { api } = renderApp(null, '/catalog/pkg-asean', { ...publicRoutes, [DETAIL]: ok(aseanEntry) });
    expect(await screen.findByRole('heading', { level: 1, name: aseanEntry.title })).toBeInTheDocument();
    expect(screen.getByText(aseanEntry.description)).toBeInTheDocument();
    const targets = screen.getByRole('list', { name: 'Target countries' });
    expect(within(targets).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Indonesia', 'Philippines', 'Singapore']);
    expect(screen.getByText('Through Association of Southeast Asian Nations')).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Members' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Cascade Cloud Systems Inc. (United States)',
      'Merlion Data Pte. Ltd. (Singapore)',
    ]);
    expect(screen.getByRole('link', { name: '← All designated packages' })).toHaveAttribute('href', '/catalog');
    expect(api.calls('GET /api/v1/auth/session')).toEqual([]);
  });

  it('a buyer sends the form and sees the reference number and what happens next', async () => {
    const { user, api } = renderApp(null, '/catalog/pkg-asean', { ...publicRoutes, [DETAIL]: ok(aseanEntry), [INTEREST]: ok({ id: 'bi-1', reference: 'EOI-3F2A-9C1B-7D4E', received: true }, 201) });
    const form = await fillInterest(user);
    await user.click(within(form).getByRole('button', { name: 'Send to the program office' }));
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Your reference number is EOI-3F2A-9C1B-7D4E');
    expect(status).toHaveTextContent('will contact you at ai@dict.example');
    expect(status).toHaveTextContent('The consortium behind the package has been told of your interest');
    expect(screen.queryByRole('form', { name: /Register interest/ })).not.toBeInTheDocument();
    expect(api.calls(INTEREST).map((r) => r.body)).toEqual([
      { buyerName: 'Department of ICT', buyerKind: 'government', country: 'PH', contactEmail: 'ai@dict.example', requirements: { languages: ['en', 'fil'] } },
    ]);
  });

  it('a refused form shows the server’s reasons and keeps what the buyer typed', async () => {
    const refused = { type: 'about:blank', title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', detail: 'The request is not valid', errors: [{ path: 'contactEmail', message: 'Invalid email address' }] };
    const { user } = renderApp(null, '/catalog/pkg-asean', { ...publicRoutes, [DETAIL]: ok(aseanEntry), [INTEREST]: problem(refused) });
    const form = await fillInterest(user);
    await user.click(within(form).getByRole('button', { name: 'Send to the program office' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Invalid email address');
    expect(within(form).getByRole('textbox', { name: 'Organization' })).toHaveValue('Department of ICT');
    expect(screen.queryByText(/Your reference number is/)).not.toBeInTheDocument();
  });

  it('an address that lists no package says so, with the way back to the catalog', async () => {
    const missing = { type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND', detail: 'Catalog entry not found' };
    renderApp(null, '/catalog/gone', { ...publicRoutes, 'GET /api/v1/public/catalog/gone': problem(missing) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Package not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← All designated packages' })).toHaveAttribute('href', '/catalog');
  });
});
