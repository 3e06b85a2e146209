// The buyer's workspace: in French with a requirement, its matches explained in French, follows and
// interest records; in Arabic right to left; only the status while the organization is not clear;
// a requirement stated, changed and archived; an interest record's history.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, problem, type Route } from '../../test/api-stub.ts';
import { CSRF_TOKEN, renderApp } from '../../test/render.tsx';
import { aseanMatch, buyerUser, clearStatus, follow, interest, interestDetail, matches, requirement } from './fixtures.ts';

const WORKSPACE: Record<string, Route> = {
  'GET /api/v1/buyer/status': ok(clearStatus),
  'GET /api/v1/buyer/requirements': ok({ items: [requirement] }),
  'GET /api/v1/buyer/matches?lang=fr': ok(matches),
  'GET /api/v1/buyer/matches?lang=ar': ok(matches),
  'GET /api/v1/buyer/follows': ok({ items: [follow] }),
  'GET /api/v1/buyer/interests': ok({ items: [interest] }),
};

/** Text with its no-break spaces (French punctuation, grouped digits) as plain spaces. */
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('the buyer workspace', () => {
  it('in French: the menu holds only the workspace and the language, the matches explain themselves in French', async () => {
    const { router } = renderApp(buyerUser, '/', WORKSPACE, { locale: 'fr' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Espace acheteur' })).toBeInTheDocument();
    // A buyer's home is the workspace.
    expect(router.state.location.pathname).toBe('/buyer');
    const nav = screen.getByRole('navigation', { name: 'Menu principal' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Mon espace']);
    expect(within(nav).getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');
    expect(screen.getByRole('button', { name: 'Se déconnecter' })).toBeInTheDocument();

    const requirements = await screen.findByRole('region', { name: 'Vos besoins' }, { timeout: 5000 });
    expect(await within(requirements).findByRole('link', { name: requirement.title }, { timeout: 5000 })).toHaveAttribute('href', '/buyer/requirements/req-1');
    expect(within(requirements).getByText('Cambodge')).toBeInTheDocument();
    expect(within(requirements).getByText('6 à 12 mois')).toBeInTheDocument();

    const found = await screen.findByRole('region', { name: `Pour «\u00a0${requirement.title}\u00a0»` }, { timeout: 5000 });
    const title = within(found).getByRole('link', { name: aseanMatch.translation!.title });
    expect(title).toHaveAttribute('href', '/catalog/pkg-asean');
    expect(within(found).getByText('Traduction fournie par le consortium')).toBeInTheDocument();
    expect(within(found).getByText('Très adaptée')).toBeInTheDocument();
    expect(plain(within(found).getByText(/^Score/).textContent)).toBe('Score : 86/100');
    const reasons = within(within(found).getByRole('list', { name: 'Pourquoi elle correspond' })).getAllByRole('listitem').map((li) => plain(li.textContent));
    expect(reasons).toEqual([
      'Pays : couvert (Cambodge)',
      'Langues : en partie satisfait (souhaité : khmer et anglais ; proposé : anglais et thaï)',
      'Budget : satisfait (de 2 000 000 $US à 15 000 000 $US)',
      'Délai : non déclaré par le consortium (6 à 12 mois)',
    ]);

    const follows = screen.getByRole('region', { name: 'Offres que vous suivez' });
    expect(await within(follows).findByRole('link', { name: follow.title })).toHaveAttribute('href', '/catalog/pkg-asean');
    const interests = screen.getByRole('region', { name: 'Vos manifestations d’intérêt' });
    expect(await within(interests).findByRole('link', { name: 'EOI-3F2A-9C1B-7D4E' })).toHaveAttribute('href', '/buyer/interests/int-1');
    expect(within(interests).getByText('Transmise au consortium')).toBeInTheDocument();
  });

  it('in Arabic the page runs right to left, with Arabic names', async () => {
    renderApp(buyerUser, '/buyer', WORKSPACE, { locale: 'ar' });
    expect(await screen.findByRole('heading', { level: 1, name: 'مساحة عمل المشتري' })).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(document.documentElement).toHaveAttribute('lang', 'ar');
    const found = await screen.findByRole('list', { name: 'أسباب المطابقة' }, { timeout: 5000 });
    expect(within(found).getAllByRole('listitem')[0]).toHaveTextContent('البلد: مشمول (كمبوديا)');
  });

  it('while the organization is screened, or when it is blocked, only its status shows', async () => {
    const pending = renderApp(buyerUser, '/buyer', { 'GET /api/v1/buyer/status': ok({ ...clearStatus, screening: 'pending' }) }, { locale: 'fr' });
    expect(await screen.findByText(/Votre organisation est en cours de contrôle/, {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Vos besoins' })).not.toBeInTheDocument();
    expect(pending.api.requests.filter((r) => r.path.startsWith('/api/v1/buyer/') && r.path !== '/api/v1/buyer/status')).toEqual([]);
    pending.unmount();

    const blocked = renderApp(buyerUser, '/buyer', { 'GET /api/v1/buyer/status': ok({ ...clearStatus, screening: 'blocked', message: 'Contact: buyers@aiep.example' }) }, { locale: 'en' });
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert).toHaveTextContent('Your organization cannot proceed in the program at this time.');
    expect(alert).toHaveTextContent('contact the American AI Exports Program office');
    expect(alert).toHaveTextContent('Contact: buyers@aiep.example');
    expect(screen.queryByRole('region', { name: 'Your requirements' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Matching packages' })).not.toBeInTheDocument();
    expect(blocked.api.requests.filter((r) => r.path.startsWith('/api/v1/buyer/') && r.path !== '/api/v1/buyer/status')).toEqual([]);
  });

  it('states a requirement: the codes sent, the server’s refusal beside the field, then the list again', async () => {
    const refused = problem({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The request has invalid fields',
      errors: [{ path: 'deployments', message: 'Deployments: name at least one deployment' }],
    });
    const { user, api } = renderApp(buyerUser, '/buyer', { ...WORKSPACE, 'POST /api/v1/buyer/requirements': [refused, ok({ ...requirement, id: 'req-2' }, 201)] }, { locale: 'fr' });
    await user.click(await screen.findByRole('button', { name: 'Exprimer un nouveau besoin' }, { timeout: 5000 }));
    const form = screen.getByRole('form', { name: 'Enregistrer le besoin' });
    await user.type(within(form).getByRole('textbox', { name: 'Intitulé' }), 'Plateforme de santé');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Pays de déploiement' }), 'Kenya');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Secteur' }), 'Santé');
    await user.click(within(form).getByRole('checkbox', { name: 'Modèles et systèmes d’IA' }));
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Localisation des données' }), 'Dans le pays');
    await user.click(within(form).getByRole('checkbox', { name: 'swahili' }));
    await user.type(within(form).getByRole('spinbutton', { name: 'Budget maximal (dollars US)' }), '5000000');
    await user.type(within(form).getByRole('spinbutton', { name: 'Budget minimal (dollars US)' }), '9000000');
    // A reversed budget is caught before sending.
    expect(within(form).getByRole('button', { name: 'Enregistrer le besoin' })).toBeDisabled();
    expect(within(form).getByText('Le budget maximal ne peut pas être inférieur au budget minimal.')).toBeInTheDocument();
    await user.clear(within(form).getByRole('spinbutton', { name: 'Budget minimal (dollars US)' }));
    await user.type(within(form).getByRole('spinbutton', { name: 'Budget minimal (dollars US)' }), '1000000');
    await user.click(within(form).getByRole('checkbox', { name: 'DFC' }));
    await user.click(within(form).getByRole('button', { name: 'Enregistrer le besoin' }));

    const group = await within(form).findByText('Deployments: name at least one deployment');
    expect(group.closest('fieldset')).toHaveTextContent('Déploiements acceptables');
    await user.click(within(form).getByRole('checkbox', { name: 'Cloud souverain' }));
    await user.click(within(form).getByRole('button', { name: 'Enregistrer le besoin' }));
    expect(await screen.findByText('Le besoin est enregistré.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Enregistrer le besoin' })).not.toBeInTheDocument();
    const sent = api.calls('POST /api/v1/buyer/requirements');
    expect(sent[1]!.headers['x-csrf-token']).toBe(CSRF_TOKEN);
    expect(sent[1]!.body).toEqual({
      title: 'Plateforme de santé',
      country: 'KE',
      sector: 'healthcare',
      layers: ['model'],
      deployments: ['sovereign_cloud'],
      dataResidency: 'in_country',
      modelLicensing: 'either',
      languages: ['sw'],
      budgetMinUsd: 1_000_000,
      budgetMaxUsd: 5_000_000,
      timeline: '6_to_12_months',
      financing: ['DFC'],
      notes: null,
      shareWithConsortia: false,
    });
    // The list and the matches are asked again.
    await waitFor(() => expect(api.calls('GET /api/v1/buyer/requirements').length).toBeGreaterThan(1));
    expect(api.calls('GET /api/v1/buyer/matches?lang=fr').length).toBeGreaterThan(1);
  });

  it('changes a requirement with the version read, then archives it', async () => {
    const url = '/api/v1/buyer/requirements/req-1';
    const { user, api, router } = renderApp(buyerUser, '/buyer/requirements/req-1', {
      ...WORKSPACE,
      [`GET ${url}`]: ok(requirement),
      [`GET ${url}/matches?lang=fr`]: ok({ requirement: { id: 'req-1', title: requirement.title, country: 'KH' }, matches: [aseanMatch] }),
      [`PUT ${url}`]: ok({ ...requirement, title: 'Assistant pour les services aux citoyens', version: 2 }),
      [`DELETE ${url}`]: { status: 204 },
    }, { locale: 'fr' });
    const form = await screen.findByRole('form', { name: 'Enregistrer les modifications' }, { timeout: 5000 });
    expect(within(form).getByRole('checkbox', { name: 'Applications (cas d’usage nommés)' })).toBeChecked();
    expect(within(form).getByRole('checkbox', { name: 'khmer' })).toBeChecked();
    const title = within(form).getByRole('textbox', { name: 'Intitulé' });
    await user.clear(title);
    await user.type(title, 'Assistant pour les services aux citoyens');
    await user.click(within(form).getByRole('button', { name: 'Enregistrer les modifications' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Assistant pour les services aux citoyens' })).toBeInTheDocument();
    expect(api.calls(`PUT ${url}`)[0]!.body).toMatchObject({ title: 'Assistant pour les services aux citoyens', version: 1, country: 'KH', languages: ['km', 'en'] });
    expect(await screen.findByText('Pays : couvert (Cambodge)', { normalizer: (s) => plain(s).trim() })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Archiver ce besoin' }));
    await user.click(within(screen.getByRole('group', { name: 'Archiver le besoin ?'.replace(' ?', '\u00a0?') })).getByRole('button', { name: 'Oui, l’archiver' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/buyer'));
    expect(api.calls(`DELETE ${url}`)).toHaveLength(1);
  });

  it('an interest record shows its reference, status and history', async () => {
    renderApp(buyerUser, '/buyer/interests/int-1', { 'GET /api/v1/buyer/status': ok(clearStatus), 'GET /api/v1/buyer/interests/int-1': ok(interestDetail) }, { locale: 'fr' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Manifestation d’intérêt EOI-3F2A-9C1B-7D4E' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: interest.proposalTitle })).toHaveAttribute('href', '/catalog/pkg-asean');
    const history = within(screen.getByRole('region', { name: 'Historique' })).getAllByRole('listitem');
    expect(history).toHaveLength(2);
    expect(history[0]).toHaveTextContent('Reçue');
    expect(history[1]).toHaveTextContent('Transmise au consortium');
    expect(history[1]).toHaveTextContent('Transmis au consortium ASEAN.');
  });

  it('someone else’s record (404) reads as not found', async () => {
    renderApp(buyerUser, '/buyer/interests/int-x', {
      'GET /api/v1/buyer/status': ok(clearStatus),
      'GET /api/v1/buyer/interests/int-x': problem({ type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND', detail: 'Not found' }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Interest record not found' }, { timeout: 5000 })).toBeInTheDocument();
  });
});
