// The catalog's list: countries by name and in name order, a link to each package's page, and the
// map as a filter that lives in the URL, by mouse and by keyboard.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogAnswer, catalogAnswerFr, publicRoutes } from '../features/catalog/catalog-fixtures.ts';
import { ok } from '../test/api-stub.ts';
import { renderApp } from '../test/render.tsx';

const TITLE = catalogAnswer.items[0]!.title;
const none = ok({ items: [], total: 0 });

describe('the public catalog', () => {
  // A language chosen with the switcher is remembered in this browser: forget it between tests.
  afterEach(() => window.localStorage.removeItem('aiep.locale'));

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

  it('in French: French words, country names in French alphabetical order, plurals, dates, the consortium’s translation and the English fallback', async () => {
    const { api, user } = renderApp(null, '/catalog', { ...publicRoutes, 'GET /api/v1/public/catalog?lang=fr': ok(catalogAnswerFr), 'GET /api/v1/public/catalog?lang=es': ok(catalogAnswer) }, { locale: 'fr' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Offres prioritaires d’exportation d’IA' })).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('lang', 'fr');
    expect(document.documentElement).toHaveAttribute('dir', 'ltr');
    // The consortium's translation, said to be theirs, with the English original at hand.
    const translated = (await screen.findByRole('heading', { level: 2, name: 'IA pour l’administration numérique des ministères de l’ASEAN' })).closest('li')!;
    expect(translated).toHaveTextContent('Titre et résumé fournis par le consortium');
    const original = within(translated).getByText('Version originale en anglais').closest('details')!;
    expect(within(original).getByText('Digital Government AI for ASEAN Ministries').closest('[lang]')).toHaveAttribute('lang', 'en');
    expect(translated).toHaveTextContent('Pays ciblés : Indonésie, Philippines, Singapour (ASEAN)');
    expect(translated).toHaveTextContent('Couches : Infrastructure, Modèles · Secteurs : Services publics');
    expect(translated).toHaveTextContent('Désignée le 20 novembre 2026');
    expect(within(translated).getByRole('link', { name: 'Détails et manifestation d’intérêt : IA pour l’administration numérique des ministères de l’ASEAN' })).toHaveAttribute(
      'href',
      '/catalog/pkg-asean',
    );
    // No translation: the English text, marked as English, and no note.
    const english = screen.getByRole('heading', { level: 2, name: 'Precision Agriculture AI for the Andes' });
    expect(within(english).getByText('Precision Agriculture AI for the Andes')).toHaveAttribute('lang', 'en');
    expect(english.closest('li')).not.toHaveTextContent('Titre et résumé fournis par le consortium');
    expect(english.closest('li')).toHaveTextContent('Pays ciblés : Brésil');
    // ICU plurals.
    expect(screen.getByText('2 offres désignées')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Statistiques du programme' })).toHaveTextContent('4 propositions soumises');
    // CLDR names in the French collation: accented É sorts with E, not after Z.
    const options = within(screen.getByRole('combobox', { name: 'Pays' })).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Tous', 'Brésil', 'Émirats arabes unis', 'États-Unis', 'Indonésie', 'Philippines', 'Singapour', 'Viêt Nam']);
    expect(within(screen.getByRole('combobox', { name: 'Région' })).getByRole('option', { name: 'Asie de l’Est et Pacifique' })).toHaveValue('east_asia_pacific');
    expect(within(screen.getByRole('combobox', { name: 'Couche' })).getByRole('option', { name: 'Modèles' })).toHaveValue('model');
    const map = screen.getByRole('group', { name: /choisissez un pays/ });
    expect(within(map).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Indonésie: 1 offre', 'Philippines: 1 offre']);
    expect(screen.getByRole('button', { name: 'Singapour (1 offre)' })).toBeInTheDocument();
    expect(api.calls('GET /api/v1/public/catalog?lang=fr')).toHaveLength(1);
    // Switching language asks the API again in that language, and the page follows.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Langue' }), 'es');
    expect(await screen.findByRole('heading', { level: 1, name: 'Paquetes prioritarios de exportación de IA' })).toBeInTheDocument();
    expect(api.calls('GET /api/v1/public/catalog?lang=es')).toHaveLength(1);
    expect(document.documentElement).toHaveAttribute('lang', 'es');
    expect(window.localStorage.getItem('aiep.locale')).toBe('es');
  });

  it('in Arabic: right to left, Arabic words and plurals, English titles marked as English', async () => {
    renderApp(null, '/catalog', { ...publicRoutes, 'GET /api/v1/public/catalog?lang=ar': ok(catalogAnswer) }, { locale: 'ar' });
    expect(await screen.findByRole('heading', { level: 1, name: 'حزم تصدير الذكاء الاصطناعي ذات الأولوية' })).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(document.documentElement).toHaveAttribute('lang', 'ar');
    const title = await screen.findByRole('heading', { level: 2, name: TITLE });
    expect(within(title).getByText(TITLE)).toHaveAttribute('lang', 'en');
    expect(screen.getByText('حزمة معتمدة واحدة')).toBeInTheDocument();
    expect(title.closest('li')).toHaveTextContent('البلدان المستهدفة: الفلبين، إندونيسيا، سنغافورة');
    // Every language is offered by its own name, in its own language.
    const languages = within(screen.getByRole('combobox', { name: 'اللغة' })).getAllByRole('option');
    expect(languages.map((o) => [o.textContent, o.getAttribute('lang')])).toEqual([
      ['English', 'en'],
      ['Français', 'fr'],
      ['Español', 'es'],
      ['العربية', 'ar'],
    ]);
  });
});
