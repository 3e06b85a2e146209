// The message catalogs: one JSON file per locale and feature under messages/<locale>/<feature>.json
// (a translator edits those files, nothing else). Keys are '<feature>.<name>' and unique across
// features; values are ICU MessageFormat (plurals, selects, numbers, dates). A key missing in a
// locale falls back to the English text.
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales.ts';

type Catalog = Record<string, string>;

const files = import.meta.glob<Catalog>('./messages/*/*.json', { eager: true, import: 'default' });

function catalogsByLocale(): Record<Locale, Catalog> {
  const out = Object.fromEntries(LOCALES.map((l) => [l, {}])) as Record<Locale, Catalog>;
  for (const [path, catalog] of Object.entries(files)) {
    const locale = path.split('/')[2] as Locale;
    if (out[locale]) Object.assign(out[locale], catalog);
  }
  return out;
}

const CATALOGS = catalogsByLocale();

/** A locale's messages with English under them, so a key not yet translated shows in English. */
export function messagesFor(locale: Locale): Catalog {
  return locale === DEFAULT_LOCALE ? CATALOGS.en : { ...CATALOGS.en, ...CATALOGS[locale] };
}

/** Every locale's own catalog (without the English fallback), for the completeness test. */
export const catalogs = (): Readonly<Record<Locale, Catalog>> => CATALOGS;
