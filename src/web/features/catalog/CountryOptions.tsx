// The <option>s of a country <select>: each country by its name in the reader's language (useCountries).
import type { Country } from './countries.ts';

export function CountryOptions({ countries }: { countries: readonly Country[] }) {
  return countries.map((c) => (
    <option key={c.code} value={c.code}>
      {c.name}
    </option>
  ));
}
