// A package's own page: public fields with countries by name, the buyer's interest form, its
// reference number on success, the server's refusal shown, and an address that lists nothing.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aseanEntry, aseanEntryFr, publicRoutes } from '../features/catalog/catalog-fixtures.ts';
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
  it('shows the package’s public facts with countries by name, whatever the session check answers', async () => {
    // The buyer's actions on the page ask who is logged in; the public facts do not depend on the answer.
    const unavailable = { type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'UNAVAILABLE', detail: 'Try again later' };
    renderApp(null, '/catalog/pkg-asean', { ...publicRoutes, [DETAIL]: ok(aseanEntry) }, { session: problem(unavailable) });
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

  it('in French: the consortium’s translation with its note and the English original, the declared offer in French, the form in French', async () => {
    const { user, api } = renderApp(
      null,
      '/catalog/pkg-asean',
      { ...publicRoutes, [`${DETAIL}?lang=fr`]: ok(aseanEntryFr), [INTEREST]: ok({ id: 'bi-2', reference: 'EOI-1111-2222-3333', received: true }, 201) },
      { locale: 'fr' },
    );
    const title = 'IA pour l’administration numérique des ministères de l’ASEAN';
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeInTheDocument();
    expect(screen.getByText('Offre prioritaire d’exportation d’IA, désignée le 20 novembre 2026 en application du décret présidentiel (Executive Order) 14320.')).toBeInTheDocument();
    const about = screen.getByRole('region', { name: 'À propos de l’offre' });
    expect(about).toHaveTextContent('Titre et résumé fournis par le consortium');
    expect(within(about).getByText(aseanEntry.description).closest('[lang]')).toHaveAttribute('lang', 'en');
    expect(within(screen.getByRole('list', { name: 'Pays ciblés' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Indonésie', 'Philippines', 'Singapour']);
    expect(within(screen.getByRole('list', { name: 'Membres' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Cascade Cloud Systems Inc. (États-Unis)',
      'Merlion Data Pte. Ltd. (Singapour)',
    ]);
    const offer = screen.getByRole('region', { name: 'Ce que propose cette offre' });
    const facts = Object.fromEntries(within(offer).getAllByRole('term').map((dt) => [dt.textContent, dt.nextElementSibling!.textContent.replace(/\s+/g, ' ')]));
    expect(facts).toEqual({
      Déploiement: 'Cloud souverain, Sur site',
      'Localisation des données': 'Données conservées dans le pays',
      'Licence des modèles': 'Modèles à poids ouverts, Modèles sous licence (fermés)',
      Langues: 'anglais, filipino, indonésien',
      'Budget indicatif': 'De 2 500 000 $US à 12 000 000 $US',
      Livraison: 'sous 9 mois',
      'Financement fédéral': 'Banque d’import-export des États-Unis (EXIM), Agence américaine pour le commerce et le développement (USTDA)',
    });
    // The interest form speaks French; the receipt names the package by its shown title.
    const form = screen.getByRole('form', { name: `Manifester son intérêt pour ${title}` });
    await user.type(within(form).getByRole('textbox', { name: 'Organisation' }), 'Ministère du Numérique');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Pays de l’acheteur' }), 'SG');
    await user.type(within(form).getByRole('textbox', { name: 'Adresse e-mail de contact' }), 'ia@mn.example');
    await user.click(within(form).getByRole('button', { name: 'Envoyer au bureau du programme' }));
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(`Votre intérêt pour « ${title} » est enregistré. Votre numéro de référence est EOI-1111-2222-3333`);
    expect(api.calls(INTEREST).map((r) => r.body)).toEqual([{ buyerName: 'Ministère du Numérique', buyerKind: 'government', country: 'SG', contactEmail: 'ia@mn.example', requirements: {} }]);
  });

  it('in Arabic with no translation: right to left, the English title and summary marked as English, Arabic labels', async () => {
    renderApp(null, '/catalog/pkg-asean', { ...publicRoutes, [`${DETAIL}?lang=ar`]: ok(aseanEntry) }, { locale: 'ar' });
    const heading = await screen.findByRole('heading', { level: 1, name: aseanEntry.title });
    expect(within(heading).getByText(aseanEntry.title)).toHaveAttribute('lang', 'en');
    expect(screen.getByText(aseanEntry.description)).toHaveAttribute('lang', 'en');
    expect(screen.queryByText('العنوان والملخص مقدَّمان من التحالف')).not.toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(screen.getByRole('heading', { level: 2, name: 'عن الحزمة' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '→ جميع الحزم المعتمدة' })).toHaveAttribute('href', '/catalog');
    // No profile declared: no offer section.
    expect(screen.queryByRole('region', { name: 'ما تقدّمه هذه الحزمة' })).not.toBeInTheDocument();
  });
});
