// The language switch of the public pages: each language named in itself (with its lang, so a
// screen reader pronounces "Español" in Spanish); the choice is kept in this browser.
import { useIntl } from 'react-intl';
import { useLocale } from './I18nProvider.tsx';
import { isLocale, LOCALE_NAMES, LOCALES } from './locales.ts';

export function LanguageSwitcher() {
  const { locale, setLocale } = useLocale();
  const intl = useIntl();
  const label = intl.formatMessage({ id: 'common.language', defaultMessage: 'Language' });
  return (
    <label className="language-switcher">
      {label}
      <select
        aria-label={label}
        value={locale}
        onChange={(e) => {
          if (isLocale(e.target.value)) setLocale(e.target.value);
        }}
      >
        <LocaleOptions />
      </select>
    </label>
  );
}

/** The <option>s of a language <select>: each language named in itself, with its lang. */
export function LocaleOptions() {
  return LOCALES.map((l) => (
    <option key={l} value={l} lang={l}>
      {LOCALE_NAMES[l]}
    </option>
  ));
}
