// The language context of the web app: react-intl's provider with the chosen locale's messages,
// the document's lang and dir kept in step (Arabic lays the page out right to left), and the
// switch a user makes remembered in this browser.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { DEFAULT_LOCALE, directionOf, initialLocale, STORED_LOCALE_KEY, type Locale } from './locales.ts';
import { messagesFor } from './messages.ts';

interface LocaleContextValue {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleContextValue>({ locale: DEFAULT_LOCALE, dir: 'ltr', setLocale: () => {} });

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORED_LOCALE_KEY);
  } catch {
    return null;
  }
}

/** `locale`: start in this language whatever the browser says (tests, a page that fixes it). */
export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? initialLocale(readStored(), typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]));
  const dir = directionOf(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = dir;
  }, [locale, dir]);
  const setLocale = useCallback((next: Locale) => {
    try {
      window.localStorage.setItem(STORED_LOCALE_KEY, next);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, dir, setLocale }), [locale, dir, setLocale]);
  const messages = useMemo(() => messagesFor(locale), [locale]);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={locale} defaultLocale={DEFAULT_LOCALE} messages={messages} onError={reportIntlError}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

/** A missing translation falls back to English silently; any other formatting error is shown in the console. */
function reportIntlError(err: { code?: string; message: string }) {
  if (err.code === 'MISSING_TRANSLATION') return;
  console.error(err.message);
}

/** The current locale, its direction and the switch. */
export const useLocale = (): LocaleContextValue => useContext(LocaleContext);
