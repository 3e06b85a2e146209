// The languages aiep's public pages and the buyer's workspace are offered in, and how one is chosen:
// the user's own choice (kept in this browser), else the first of the browser's languages aiep
// speaks, else English. Internal desks (review, compliance, financing) stay in English.
export const LOCALES = ['en', 'fr', 'es', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/** Each language by its own name, as a language switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', es: 'Español', ar: 'العربية' };

/** Right-to-left scripts among the locales. */
const RTL: ReadonlySet<Locale> = new Set(['ar']);
export const directionOf = (locale: Locale): 'ltr' | 'rtl' => (RTL.has(locale) ? 'rtl' : 'ltr');

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** The locale for a BCP 47 tag ('fr-SN' → 'fr'), or null when aiep does not speak it. */
export function localeOfTag(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : null;
}

export const STORED_LOCALE_KEY = 'aiep.locale';

/** The locale to start with: the stored choice, else the browser's preference, else English. */
export function initialLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of browserLanguages) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
