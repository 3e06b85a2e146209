// A buyer signs up in French: the form speaks French, the server's field errors land beside their
// fields (the password policy's in French), and the answer reads the same whatever the address.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, problem } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';

const SIGNUP = 'POST /api/v1/public/buyers/signup';
/** The password policy's field error, with the code the page words in the reader's language. */
const tooCommon = { path: 'password', message: 'is too common: choose a longer phrase of your own', code: 'PASSWORD_TOO_COMMON' };

async function fill(user: ReturnType<typeof renderApp>['user']) {
  const form = await screen.findByRole('form', { name: 'S’inscrire comme acheteur' });
  await user.type(within(form).getByRole('textbox', { name: 'Nom de l’organisation' }), 'Secretaría de Economía');
  await user.selectOptions(within(form).getByRole('combobox', { name: 'Pays' }), 'Mexique');
  await user.selectOptions(within(form).getByRole('combobox', { name: 'Type d’organisation' }), 'Ministère ou administration publique');
  await user.type(within(form).getByRole('textbox', { name: 'Votre nom' }), 'Lucía Pérez');
  await user.type(within(form).getByRole('textbox', { name: 'Adresse e-mail' }), 'lucia@economia.gob.mx.example');
  await user.type(within(form).getByLabelText('Mot de passe'), 'password1234');
  return form;
}

describe('buyer sign-up', () => {
  it('in French: French labels, the locale preselected, the server’s field errors beside their fields', async () => {
    const refused = problem({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'PASSWORD_TOO_COMMON',
      detail: 'The password is too common: choose a longer phrase of your own',
      errors: [
        tooCommon,
        { path: 'organization.name', message: 'Organization name: is already being registered' },
      ],
    });
    const { user, api } = renderApp(null, '/buyers/signup', { [SIGNUP]: [refused, ok({ message: 'If this address can be used, we sent a link.' }, 202)] }, { locale: 'fr' });
    expect(await screen.findByRole('heading', { level: 1, name: 'S’inscrire comme acheteur' })).toBeInTheDocument();
    expect(screen.getByText(/Au moins 12 caractères/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Langue de nos e-mails' })).toHaveValue('fr');
    // The language switcher is on the page.
    expect(screen.getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');
    const form = await fill(user);
    await user.click(within(form).getByRole('button', { name: 'S’inscrire' }));

    const password = await within(form).findByLabelText('Mot de passe');
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription(expect.stringContaining('Ce mot de passe est trop courant'));
    const orgName = within(form).getByRole('textbox', { name: 'Nom de l’organisation' });
    expect(orgName).toHaveAttribute('aria-invalid', 'true');
    expect(orgName).toHaveAccessibleDescription('Organization name: is already being registered');
    expect(within(form).getByRole('textbox', { name: 'Votre nom' })).not.toHaveAttribute('aria-invalid');
    expect(api.calls(SIGNUP)[0]!.body).toEqual({
      organization: { name: 'Secretaría de Economía', country: 'MX', kind: 'government' },
      user: { name: 'Lucía Pérez', email: 'lucia@economia.gob.mx.example', password: 'password1234' },
      locale: 'fr',
    });

    await user.clear(password);
    await user.type(password, 'un jardin suspendu sous la pluie');
    await user.click(within(form).getByRole('button', { name: 'S’inscrire' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Consultez votre messagerie' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Si cette adresse peut être utilisée, nous lui avons envoyé un lien pour la confirmer.');
    expect(screen.getByRole('link', { name: 'Demander un nouveau lien' })).toHaveAttribute('href', '/verify-email');
    expect(api.calls(SIGNUP)).toHaveLength(2);
  });

  it('the e-mails’ language can differ from the page’s, and the page follows the switcher', async () => {
    const { user, api } = renderApp(null, '/buyers/signup', { [SIGNUP]: ok({ message: 'ok' }, 202) }, { locale: 'en' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign up as a buyer' })).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'es');
    expect(await screen.findByRole('heading', { level: 1, name: 'Registrarse como comprador' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Idioma de nuestros correos' })).toHaveValue('es');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Idioma de nuestros correos' }), 'ar');
    const form = screen.getByRole('form', { name: 'Registrarse como comprador' });
    await user.type(within(form).getByRole('textbox', { name: 'Nombre de la organización' }), 'Ministry');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'País' }), 'AE');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Tipo de organización' }), 'state_owned');
    await user.type(within(form).getByRole('textbox', { name: 'Su nombre' }), 'Layla');
    await user.type(within(form).getByRole('textbox', { name: 'Correo electrónico' }), 'layla@example.ae');
    await user.type(within(form).getByLabelText('Contraseña'), 'a long phrase of my own');
    await user.click(within(form).getByRole('button', { name: 'Registrarse' }));
    await screen.findByRole('heading', { level: 1, name: 'Revise su correo electrónico' });
    expect(api.calls(SIGNUP)[0]!.body).toMatchObject({ locale: 'ar', organization: { country: 'AE', kind: 'state_owned' } });
  });
});
