// A French-speaking foreign buyer's journey, in Chromium on the demo data: it signs up at
// /buyers/signup in French, confirms its e-mail address with the link the server sent, signs in and
// lands on its workspace, states a requirement the designated ASEAN package fits and sees that
// package matched and explained in French, registers interest with consent (a reference EOI-…) and
// follows the package from its catalog page, and finds both in the workspace. Then the consortium's
// anchor sees the interest (the reference) and the match (the buyer's name) in the proposal's
// "Buyers" section.
import { describe, expect, it } from 'vitest';
import { testDepsOf } from '../src/server/test/mfa-login.ts';
import { consoleErrors, HAS_CHROMIUM, serverErrors, useBrowserEnv } from './browser.ts';

const ORGANIZATION = 'Ministère des Technologies et des Communications du Laos';
const EMAIL = 'numerique@mtc-laos.example';
const PASSWORD = 'une longue phrase pour Vientiane';
const REQUIREMENT = 'Assistants en lao pour les guichets publics';
const ASEAN_FR = 'IA pour l’administration numérique des ministères de l’ASEAN';

/** Text with its no-break spaces (French punctuation, grouped digits) as plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe.skipIf(!HAS_CHROMIUM)('a French-speaking buyer, in Chromium', () => {
  const { env, login } = useBrowserEnv();

  it('signs up, states a requirement, sees it matched in French, registers interest and follows; the anchor sees both', async () => {
    const context = await env().browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors = consoleErrors(page);
    const failures = serverErrors(page);
    let proposalId = '';
    let reference = '';
    try {
      // Sign-up, in French because the browser is.
      await page.goto(`${env().baseUrl}/buyers/signup`);
      await page.getByRole('heading', { level: 1, name: 'S’inscrire comme acheteur' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      const signup = page.getByRole('form', { name: 'S’inscrire comme acheteur' });
      await signup.getByRole('textbox', { name: 'Nom de l’organisation' }).fill(ORGANIZATION);
      await signup.getByRole('combobox', { name: 'Pays', exact: true }).selectOption('LA');
      await signup.getByRole('combobox', { name: 'Type d’organisation' }).selectOption('government');
      await signup.getByRole('textbox', { name: 'Votre nom' }).fill('Khamphone Vongsa');
      await signup.getByRole('textbox', { name: 'Adresse e-mail' }).fill(EMAIL);
      await signup.getByLabel('Mot de passe').fill(PASSWORD);
      expect(await signup.getByRole('combobox', { name: 'Langue de nos e-mails' }).inputValue()).toBe('fr');
      await signup.getByRole('button', { name: 'S’inscrire', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Consultez votre messagerie' }).waitFor();

      // The confirmation link, as the e-mail carries it (the outbox keeps its parameters).
      const db = testDepsOf({ baseUrl: env().baseUrl }).db.db;
      const mail = await db.selectFrom('mail_outbox').select('params_json').where('to_address', '=', EMAIL).where('template', '=', 'email_verification').executeTakeFirstOrThrow();
      const link = (JSON.parse(mail.params_json) as { link: string }).link;
      await page.goto(`${env().baseUrl}${link}`);
      await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
      await page.getByRole('status').getByRole('link', { name: 'Log in' }).click();

      // Signed in, the buyer lands on its workspace.
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Espace acheteur' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/buyer');
      expect(await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link').allTextContents()).toEqual(['Mon espace']);

      // A requirement the ASEAN package fits: Laos, government services, models, sovereign cloud.
      await page.getByRole('button', { name: 'Exprimer un nouveau besoin' }).click();
      const form = page.getByRole('form', { name: 'Enregistrer le besoin' });
      await form.getByRole('textbox', { name: 'Intitulé' }).fill(REQUIREMENT);
      await form.getByRole('combobox', { name: 'Pays de déploiement' }).selectOption('LA');
      await form.getByRole('combobox', { name: 'Secteur' }).selectOption('government_services');
      await form.getByRole('checkbox', { name: 'Modèles et systèmes d’IA' }).check();
      await form.getByRole('checkbox', { name: 'Applications (cas d’usage nommés)' }).check();
      await form.getByRole('checkbox', { name: 'Cloud souverain' }).check();
      await form.getByRole('combobox', { name: 'Localisation des données' }).selectOption('in_country');
      await form.getByRole('combobox', { name: 'Modèles', exact: true }).selectOption('open_weight');
      await form.getByRole('checkbox', { name: 'lao', exact: true }).check();
      await form.getByRole('checkbox', { name: 'EXIM' }).check();
      await form.getByRole('checkbox', { name: /^Montrer l’intitulé de ce besoin/ }).check();
      await form.getByRole('button', { name: 'Enregistrer le besoin' }).click();
      await page.getByText('Le besoin est enregistré.').waitFor();

      // The package matched, under the consortium's French title, its reasons in French.
      const matches = page.getByRole('region', { name: new RegExp(REQUIREMENT) });
      const match = matches.getByRole('link', { name: ASEAN_FR });
      await match.waitFor();
      await matches.getByText('Traduction fournie par le consortium').first().waitFor();
      const reasons = (await matches.getByRole('list', { name: 'Pourquoi elle correspond' }).first().getByRole('listitem').allTextContents()).map(plain);
      expect(reasons).toContain('Pays : couvert (Laos)');
      expect(reasons.some((r) => r.startsWith('Déploiement : satisfait'))).toBe(true);

      // From the package's catalog page: register interest with consent, then follow it.
      await match.click();
      await page.waitForURL(/\/catalog\/[\w-]+$/);
      proposalId = new URL(page.url()).pathname.split('/').pop()!;
      const actions = page.getByRole('region', { name: 'Pour les acheteurs' });
      await actions.getByRole('button', { name: 'Manifester votre intérêt' }).click();
      const interest = actions.getByRole('form', { name: 'Manifester votre intérêt' });
      await interest.getByRole('combobox', { name: 'Pour lequel de vos besoins' }).selectOption({ label: REQUIREMENT });
      await interest.getByRole('textbox', { name: 'Message (facultatif)' }).fill('Pouvons-nous organiser une démonstration à Vientiane ?');
      await interest.getByRole('checkbox', { name: 'Communiquer notre nom et nos coordonnées au consortium' }).check();
      await interest.getByRole('button', { name: 'Envoyer' }).click();
      const receipt = actions.getByText(/Votre intérêt est enregistré sous la référence/);
      await receipt.waitFor();
      reference = (await receipt.textContent())!.match(/EOI-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/)?.[0] ?? '';
      expect(reference).toMatch(/^EOI-/);
      await actions.getByRole('button', { name: 'Suivre cette offre' }).click();
      await actions.getByText('Vous suivez cette offre.').waitFor();

      // Both in the workspace.
      await actions.getByRole('link', { name: 'Suivre ce dossier dans votre espace' }).click();
      await page.getByRole('heading', { level: 1, name: `Manifestation d’intérêt ${reference}` }).waitFor();
      await page.getByRole('link', { name: 'Mon espace' }).click();
      await page.getByRole('region', { name: 'Vos manifestations d’intérêt' }).getByRole('link', { name: reference }).waitFor();
      await page.getByRole('region', { name: 'Offres que vous suivez' }).getByRole('link', { name: /ASEAN/ }).waitFor();

      // In Arabic the workspace runs right to left: the brand at the right edge, the user's block at the left.
      await page.getByRole('combobox', { name: 'Langue' }).selectOption('ar');
      await page.getByRole('heading', { level: 1, name: 'مساحة عمل المشتري' }).waitFor();
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      const brand = (await page.locator('.topbar .brand').boundingBox())!;
      const who = (await page.locator('.topbar .who').boundingBox())!;
      expect(brand.x).toBeGreaterThan(who.x + who.width);
      await page.getByRole('region', { name: 'سجلات اهتمامك' }).getByRole('link', { name: reference }).waitFor();
      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }

    // The consortium's anchor: the interest (its reference) and the match (the buyer named, as it consented).
    const anchor = await login('anchor@cascade.example');
    try {
      await anchor.page.goto(`${env().baseUrl}/proposals/${proposalId}`);
      await anchor.page.getByRole('tab', { name: 'Buyers' }).click();
      const received = anchor.page.getByRole('region', { name: 'Interest received' });
      await received.getByText(reference).waitFor();
      expect(await received.textContent()).toContain(ORGANIZATION);
      const fits = anchor.page.getByRole('region', { name: 'Buyers’ requirements the package fits' });
      await fits.getByRole('article', { name: ORGANIZATION }).waitFor();
      expect(await fits.getByRole('article', { name: ORGANIZATION }).textContent()).toContain(REQUIREMENT);
    } finally {
      await anchor.close();
    }
  }, 240_000);
});
