// /buyers/signup: a foreign buyer registers its organization and itself, in its own language. The
// answer reads the same whatever the address (no one learns which addresses have accounts); the
// e-mail's link confirms the address, as for a company (/verify-email), and the organization is
// screened before the workspace opens.
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { OnboardingAccepted } from '../../../shared/contracts/onboarding.ts';
import type { Reference } from '../../../shared/contracts/reference.ts';
import { BUYER_KINDS, type BuyerKind } from '../../../shared/domain/buyers.ts';
import { Alert } from '../../components/ui.tsx';
import { useCountryNames, useLocale, type Locale } from '../../i18n/index.ts';
import { LanguageSwitcher, LocaleOptions } from '../../i18n/LanguageSwitcher.tsx';
import { post } from '../../lib/api.ts';
import { useApiQuery } from '../../lib/query.ts';
import { useFieldErrors } from './fieldErrors.tsx';
import { useVocabulary } from './vocabulary.ts';
import { CountryOptions } from '../catalog/CountryOptions.tsx';
import './buyers.css';

/** The sign-up form's fields and the error paths the server names them by. */
const FIELDS = {
  orgName: ['organization.name'],
  country: ['organization.country'],
  kind: ['organization.kind'],
  userName: ['user.name', 'name'],
  email: ['user.email', 'email'],
  password: ['user.password', 'password'],
  locale: ['locale'],
};

/** Every reference country, named and sorted in the current language. */
export function useCountryChoices(): { code: string; name: string }[] {
  const reference = useApiQuery<Pick<Reference, 'countries'>>('/api/v1/reference', { staleTime: Infinity });
  const { name, compare } = useCountryNames();
  return (reference.data?.countries ?? [])
    .map((c) => c.code)
    .sort(compare)
    .map((code) => ({ code, name: name(code) }));
}

export function BuyerSignupPage() {
  const { t, name } = useVocabulary();
  const { locale } = useLocale();
  const countries = useCountryChoices();
  const [org, setOrg] = useState<{ name: string; country: string; kind: BuyerKind | '' }>({ name: '', country: '', kind: '' });
  const [user, setUser] = useState({ name: '', email: '', password: '' });
  // The language of the e-mails follows the page's until the buyer picks one.
  const [chosenLocale, setChosenLocale] = useState<Locale | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const fields = useFieldErrors(error, 'buyer-signup', FIELDS);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post<OnboardingAccepted>('/api/v1/public/buyers/signup', { organization: org, user, locale: chosenLocale ?? locale });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login buyer-page" id="main">
      <LanguageSwitcher />
      {done ? (
        <>
          <h1>{t('buyer.signup.doneTitle')}</h1>
          <Alert kind="success">{t('buyer.signup.done')}</Alert>
          <p className="muted">
            {t('buyer.signup.noMail')} <Link to="/verify-email">{t('buyer.signup.newLink')}</Link>
          </p>
        </>
      ) : (
        <>
          <h1>{t('buyer.signup.title')}</h1>
          <p className="muted">{t('buyer.signup.intro')}</p>
          <form onSubmit={(e) => void submit(e)} className="card" aria-label={t('buyer.signup.title')}>
            {fields.summary}
            <fieldset>
              <legend>{t('buyer.signup.organization')}</legend>
              <label>
                {t('buyer.signup.orgName')}
                <input value={org.name} onChange={(e) => setOrg({ ...org, name: e.target.value })} required maxLength={200} {...fields.input('orgName')} />
              </label>
              {fields.message('orgName')}
              <label>
                {t('buyer.signup.country')}
                <select value={org.country} onChange={(e) => setOrg({ ...org, country: e.target.value })} required {...fields.input('country')}>
                  <option value="">{t('buyer.choose')}</option>
                  <CountryOptions countries={countries} />
                </select>
              </label>
              {fields.message('country')}
              <label>
                {t('buyer.signup.kind')}
                <select value={org.kind} onChange={(e) => setOrg({ ...org, kind: e.target.value as BuyerKind })} required {...fields.input('kind')}>
                  <option value="">{t('buyer.choose')}</option>
                  {BUYER_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {name('kind', k)}
                    </option>
                  ))}
                </select>
              </label>
              {fields.message('kind')}
            </fieldset>
            <fieldset>
              <legend>{t('buyer.signup.you')}</legend>
              <label>
                {t('buyer.signup.userName')}
                <input autoComplete="name" value={user.name} onChange={(e) => setUser({ ...user, name: e.target.value })} required maxLength={200} {...fields.input('userName')} />
              </label>
              {fields.message('userName')}
              <label>
                {t('buyer.signup.email')}
                <input type="email" autoComplete="email" value={user.email} onChange={(e) => setUser({ ...user, email: e.target.value })} required {...fields.input('email')} />
              </label>
              {fields.message('email')}
              <label>
                {t('buyer.signup.password')}
                <input
                  type="password"
                  autoComplete="new-password"
                  minLength={12}
                  value={user.password}
                  onChange={(e) => setUser({ ...user, password: e.target.value })}
                  required
                  {...fields.input('password')}
                  aria-describedby={[fields.input('password')['aria-describedby'], 'buyer-signup-password-rule'].filter(Boolean).join(' ')}
                />
              </label>
              {fields.message('password')}
              <p className="small muted" id="buyer-signup-password-rule">
                {t('buyer.signup.passwordRule')}
              </p>
              <label>
                {t('buyer.signup.locale')}
                <select value={chosenLocale ?? locale} onChange={(e) => setChosenLocale(e.target.value as Locale)} {...fields.input('locale')}>
                  <LocaleOptions />
                </select>
              </label>
              {fields.message('locale')}
            </fieldset>
            <button type="submit" disabled={busy}>
              {busy ? t('buyer.signup.sending') : t('buyer.signup.submit')}
            </button>
          </form>
        </>
      )}
      <p className="small">
        <Link to="/">{t('buyer.signup.login')}</Link> · <Link to="/catalog">{t('buyer.signup.catalog')}</Link>
      </p>
    </main>
  );
}
