// Countries (ISO 3166-1 alpha-2) and regional blocs, loaded from the reference data shipped in data/.
import countriesDoc from '../../../data/countries.json' with { type: 'json' };
import blocsDoc from '../../../data/blocs.json' with { type: 'json' };

export interface Bloc {
  code: string;
  name: string;
  members: string[];
  source: string;
  asOf: string;
}

const countries: Record<string, string> = countriesDoc.countries;
const blocs: Record<string, Bloc> = Object.fromEntries(
  Object.entries(blocsDoc.blocs).map(([code, b]) => [code, { code, ...b }]),
);

export function isCountryCode(code: string): boolean {
  return Object.hasOwn(countries, code);
}

export function countryName(code: string): string {
  return countries[code] ?? code;
}

export function listCountries(): { code: string; name: string }[] {
  // In the order of their names, as people look them up (not by ISO code).
  return Object.entries(countries)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

export function isBlocCode(code: string): boolean {
  return Object.hasOwn(blocs, code);
}

export function getBloc(code: string): Bloc | undefined {
  return blocs[code];
}

export function listBlocs(): Bloc[] {
  return Object.values(blocs);
}

export interface TargetMarket {
  kind: 'country' | 'bloc';
  code: string;
}

/** The distinct countries a set of target markets covers, blocs expanded, in first-seen order. */
export function expandMarkets(markets: readonly TargetMarket[]): string[] {
  const seen = new Set<string>();
  for (const m of markets) {
    const codes = m.kind === 'bloc' ? (blocs[m.code]?.members ?? []) : [m.code];
    for (const c of codes) seen.add(c);
  }
  return [...seen];
}
