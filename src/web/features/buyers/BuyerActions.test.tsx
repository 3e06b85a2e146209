// The buyer's actions on a catalog package's page: a signed-in buyer follows and unfollows it and
// registers interest (requirement, message, consent) and gets the reference; a visitor is invited
// to sign up; a company user sees nothing; a buyer still being screened sees only that.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, problem, stubApi, type Route } from '../../test/api-stub.ts';
import { CSRF_TOKEN, renderAs } from '../../test/render.tsx';
import { users } from '../../test/recorded.ts';
import { BuyerActions } from './BuyerActions.tsx';
import { buyerUser, clearStatus, follow, requirement } from './fixtures.ts';

const TITLE = 'Digital Government AI for ASEAN Ministries';
const session = (user: unknown): Route => ok({ user, csrfToken: user ? CSRF_TOKEN : null });

function renderActions(routes: Record<string, Route>, locale: 'en' | 'fr' = 'fr') {
  const api = stubApi(routes);
  const view = renderAs(buyerUser, <BuyerActions proposalId="pkg-asean" title={TITLE} />, { path: '/catalog/pkg-asean', locale });
  return { ...view, api };
}

describe('the buyer’s actions on a package page', () => {
  it('a buyer follows the package, then unfollows it', async () => {
    const { user, api } = renderActions({
      'GET /api/v1/auth/session': session(buyerUser),
      'GET /api/v1/buyer/status': ok(clearStatus),
      'GET /api/v1/buyer/follows': [ok({ items: [] }), ok({ items: [follow] }), ok({ items: [] })],
      'GET /api/v1/buyer/requirements': ok({ items: [requirement] }),
      'PUT /api/v1/buyer/follows/pkg-asean': { status: 204 },
      'DELETE /api/v1/buyer/follows/pkg-asean': { status: 204 },
    });
    await user.click(await screen.findByRole('button', { name: 'Suivre cette offre' }, { timeout: 5000 }));
    expect(await screen.findByText('Vous suivez cette offre.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(`Vous suivez désormais « ${TITLE} ».`);
    expect(api.calls('PUT /api/v1/buyer/follows/pkg-asean')[0]!.headers['x-csrf-token']).toBe(CSRF_TOKEN);
    await user.click(screen.getByRole('button', { name: 'Ne plus suivre' }));
    expect(await screen.findByRole('button', { name: 'Suivre cette offre' })).toBeInTheDocument();
    expect(api.calls('DELETE /api/v1/buyer/follows/pkg-asean')).toHaveLength(1);
  });

  it('a buyer registers interest with consent and sees the reference and where to follow it', async () => {
    const { user, api } = renderActions({
      'GET /api/v1/auth/session': session(buyerUser),
      'GET /api/v1/buyer/status': ok(clearStatus),
      'GET /api/v1/buyer/follows': ok({ items: [] }),
      'GET /api/v1/buyer/requirements': ok({ items: [requirement] }),
      'GET /api/v1/buyer/interests': ok({ items: [] }),
      'POST /api/v1/buyer/interests': [
        problem({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', detail: 'The request has invalid fields', errors: [{ path: 'message', message: 'Message: contains a control character' }] }),
        ok({ id: 'int-9', reference: 'EOI-1A2B-3C4D-5E6F' }, 201),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Manifester votre intérêt' }, { timeout: 5000 }));
    const form = screen.getByRole('form', { name: 'Manifester votre intérêt' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Pour lequel de vos besoins' }), requirement.title);
    await user.type(within(form).getByRole('textbox', { name: 'Message (facultatif)' }), 'Une démonstration à Phnom Penh ?');
    await user.click(within(form).getByRole('checkbox', { name: 'Communiquer notre nom et nos coordonnées au consortium' }));
    await user.click(within(form).getByRole('button', { name: 'Envoyer' }));
    expect(await within(form).findByRole('textbox', { name: 'Message (facultatif)' })).toHaveAccessibleDescription('Message: contains a control character');
    await user.click(within(form).getByRole('button', { name: 'Envoyer' }));
    expect(await screen.findByText('Votre intérêt est enregistré sous la référence EOI-1A2B-3C4D-5E6F.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Suivre ce dossier dans votre espace' })).toHaveAttribute('href', '/buyer/interests/int-9');
    expect(api.calls('POST /api/v1/buyer/interests')[1]!.body).toEqual({ proposalId: 'pkg-asean', requirementId: 'req-1', message: 'Une démonstration à Phnom Penh ?', consentToShare: true });
  });

  it('without consent the interest is sent without it, and without a requirement none is named', async () => {
    const { user, api } = renderActions(
      {
        'GET /api/v1/auth/session': session(buyerUser),
        'GET /api/v1/buyer/status': ok(clearStatus),
        'GET /api/v1/buyer/follows': ok({ items: [] }),
        'GET /api/v1/buyer/requirements': ok({ items: [] }),
        'GET /api/v1/buyer/interests': ok({ items: [] }),
        'POST /api/v1/buyer/interests': ok({ id: 'int-10', reference: 'EOI-0000-1111-2222' }, 201),
      },
      'en',
    );
    await user.click(await screen.findByRole('button', { name: 'Register interest' }, { timeout: 5000 }));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Your interest is registered under the reference EOI-0000-1111-2222.')).toBeInTheDocument();
    expect(api.calls('POST /api/v1/buyer/interests')[0]!.body).toEqual({ proposalId: 'pkg-asean', consentToShare: false });
  });

  it('a visitor is invited to sign up as a buyer, and nothing of the buyer’s is asked', async () => {
    const { api } = renderActions({ 'GET /api/v1/auth/session': session(null) }, 'en');
    expect(await screen.findByRole('link', { name: 'Sign up as a buyer to follow this package' })).toHaveAttribute('href', '/buyers/signup');
    expect(api.requests.map((r) => r.path)).toEqual(['/api/v1/auth/session']);
  });

  it('a company user sees nothing here', async () => {
    const { api, container } = renderActions({ 'GET /api/v1/auth/session': session(users.applicant) }, 'en');
    await waitFor(() => expect(api.calls('GET /api/v1/auth/session')).toHaveLength(1));
    await waitFor(() => expect(container).toBeEmptyDOMElement());
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(api.requests.map((r) => r.path)).toEqual(['/api/v1/auth/session']);
  });

  it('a buyer whose organization is being screened sees only that', async () => {
    const { api } = renderActions({ 'GET /api/v1/auth/session': session(buyerUser), 'GET /api/v1/buyer/status': ok({ ...clearStatus, screening: 'pending' }) }, 'en');
    expect(await screen.findByText(/Your organization is being screened/, {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(api.requests.map((r) => r.path)).toEqual(['/api/v1/auth/session', '/api/v1/buyer/status']);
  });
});
