// Country names for the catalog's screens in the reader's language: the countries are the public
// reference data's codes, their names come from CLDR (useCountryNames), every list is in the
// language's alphabetical order and a code shows as its name ("PH" → "Philippines", "Philippines"
// in French, "الفلبين" in Arabic).
import type { Reference } from '../../../shared/contracts/reference.ts';
import { useMemo } from 'react';
import { useCountryNames, useLocale } from '../../i18n/index.ts';
import { useApiQuery } from '../../lib/query.ts';

export type Country = Reference['countries'][number];

/** The reference countries in name order, and the name of a code (the code itself if CLDR does not know it). */
export function useCountries() {
  const ref = useApiQuery<Pick<Reference, 'countries'>>('/api/v1/reference', { staleTime: Infinity });
  const { name: nameOf, compare } = useCountryNames();
  const { locale } = useLocale();
  const collator = useMemo(() => new Intl.Collator(locale), [locale]);
  const byName = (a: Country, b: Country) => compare(a.code, b.code);
  /** Codes as countries, in name order. */
  const named = (codes: readonly string[]): Country[] => codes.map((code) => ({ code, name: nameOf(code) })).sort(byName);
  const countries = named((ref.data?.countries ?? []).map((c) => c.code));
  /** Two names (already in the reader's language) in that language's order. */
  const compareNames = (a: string, b: string) => collator.compare(a, b);
  return { countries, nameOf, named, compareNames };
}
