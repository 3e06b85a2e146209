// Country names for the catalog's screens, from the public reference data: every list in name order,
// and a code shown as its name ("PH" → "Philippines").
import type { Reference } from '../../../shared/contracts/reference.ts';
import { useApiQuery } from '../../lib/query.ts';

export type Country = Reference['countries'][number];

export function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name, 'en');
}

/** The reference countries in name order, and the name of a code (the code itself while loading or if unknown). */
export function useCountries() {
  const ref = useApiQuery<Pick<Reference, 'countries'>>('/api/v1/reference', { staleTime: Infinity });
  const countries = [...(ref.data?.countries ?? [])].sort(byName);
  const names = new Map(countries.map((c) => [c.code, c.name]));
  const nameOf = (code: string) => names.get(code) ?? code;
  /** Codes as countries, in name order. */
  const named = (codes: readonly string[]): Country[] => codes.map((code) => ({ code, name: nameOf(code) })).sort(byName);
  return { countries, nameOf, named };
}
