// The message catalogs are complete and well formed: every feature file exists in every language
// with exactly English's keys, every message parses as ICU MessageFormat, names the same arguments
// and tags as its English original, uses only plural categories its language has, and the Arabic
// catalogs are written in Arabic script.
import { isLiteralElement, isPluralElement, isPoundElement, isSelectElement, isTagElement, parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from './locales.ts';

type Catalog = Record<string, string>;
const files = import.meta.glob<Catalog>('./messages/*/*.json', { eager: true, import: 'default' });

/** feature → locale → catalog */
const byFeature = new Map<string, Partial<Record<Locale, Catalog>>>();
for (const [path, catalog] of Object.entries(files)) {
  const [, , locale, file] = path.split('/');
  const feature = file!.replace(/\.json$/, '');
  byFeature.set(feature, { ...byFeature.get(feature), [locale as Locale]: catalog });
}
const features = [...byFeature.keys()].sort();
const others = LOCALES.filter((l) => l !== 'en');

/** The text a message shows, without its ICU syntax (the words of every branch). */
function words(elements: MessageFormatElement[]): string {
  return elements
    .map((el) => {
      if (isLiteralElement(el)) return el.value;
      if (isTagElement(el)) return words(el.children);
      if (isPluralElement(el) || isSelectElement(el)) return Object.values(el.options).map((o) => words(o.value)).join(' ');
      return ' ';
    })
    .join('');
}

/** The arguments and tags a message names ("arg:count", "tag:strong"), and the plural categories it uses. */
function shape(elements: MessageFormatElement[], out = { names: new Set<string>(), plurals: new Set<string>() }) {
  for (const el of elements) {
    if (isPoundElement(el)) continue;
    if (isTagElement(el)) {
      out.names.add(`tag:${el.value}`);
      shape(el.children, out);
    } else if (!isLiteralElement(el)) out.names.add(`arg:${el.value}`);
    if (isPluralElement(el))
      for (const [category, option] of Object.entries(el.options)) {
        out.plurals.add(category);
        shape(option.value, out);
      }
    if (isSelectElement(el)) for (const option of Object.values(el.options)) shape(option.value, out);
  }
  return out;
}

describe('the message catalogs', () => {
  it('has catalogs for the public pages’ features', () => {
    expect(features).toEqual(expect.arrayContaining(['catalog', 'common']));
  });

  describe.each(features)('feature %s', (feature) => {
    const catalogs = byFeature.get(feature)!;
    const en = catalogs.en ?? {};

    it('keys are prefixed with the feature’s name', () => {
      for (const key of Object.keys(en)) expect(key.startsWith(`${feature}.`), key).toBe(true);
    });

    it.each(others)('%s has exactly the English keys', (locale) => {
      expect(catalogs[locale], `messages/${locale}/${feature}.json`).toBeDefined();
      expect(Object.keys(catalogs[locale]!).sort()).toEqual(Object.keys(en).sort());
    });

    it.each(LOCALES)('every %s message parses, with the English arguments and tags and its language’s plural categories', (locale) => {
      const categories = new Set<string>(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
      for (const [key, message] of Object.entries(catalogs[locale] ?? {})) {
        let parsed: MessageFormatElement[] = [];
        expect(() => (parsed = parse(message)), `${locale} ${key}`).not.toThrow();
        const { names, plurals } = shape(parsed);
        expect([...names].sort(), `${locale} ${key}`).toEqual([...shape(parse(en[key] ?? '')).names].sort());
        for (const category of plurals) expect(category.startsWith('=') || categories.has(category), `${locale} ${key}: plural category ${category}`).toBe(true);
      }
    });

    it('the Arabic messages are in Arabic script', () => {
      for (const [key, message] of Object.entries(catalogs.ar ?? {})) {
        // Acronyms (EXIM) may stay Latin beside the Arabic words, not instead of them.
        const text = words(parse(message));
        if (/\p{L}/u.test(text)) expect(/\p{Script=Arabic}/u.test(text), `ar ${key}: ${message}`).toBe(true);
      }
    });
  });
});
