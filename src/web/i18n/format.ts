// Locale-aware names and figures that are not messages: country and language names from CLDR (the
// data behind the runtime's Intl), money and dates. Use these rather than English name tables on
// the translated pages.
import { useMemo } from 'react';
import { useLocale } from './I18nProvider.tsx';
import type { Locale } from './locales.ts';

const displayNames = new Map<string, Intl.DisplayNames>();
function names(locale: Locale, type: 'region' | 'language'): Intl.DisplayNames {
  const key = `${locale}:${type}`;
  let n = displayNames.get(key);
  if (!n) displayNames.set(key, (n = new Intl.DisplayNames([locale], { type, fallback: 'code' })));
  return n;
}

/** A country's name in the locale (CLDR), from its ISO 3166-1 alpha-2 code; the code itself when unknown. */
export function countryNameIn(locale: Locale, code: string): string {
  try {
    return names(locale, 'region').of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A language's name in the locale (CLDR), from its BCP 47 tag. */
export function languageNameIn(locale: Locale, tag: string): string {
  try {
    return names(locale, 'language').of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Country names in the current locale, and a comparison that sorts by them in that locale's order. */
export function useCountryNames() {
  const { locale } = useLocale();
  return useMemo(() => {
    const collator = new Intl.Collator(locale);
    const name = (code: string) => countryNameIn(locale, code);
    return { name, compare: (a: string, b: string) => collator.compare(name(a), name(b)) };
  }, [locale]);
}
