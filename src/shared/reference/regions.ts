import regionsDoc from '../../../data/regions.json' with { type: 'json' };

const regionOf = new Map<string, string>();
for (const [key, r] of Object.entries(regionsDoc.regions)) for (const c of r.members) regionOf.set(c, key);

export const REGION_NAMES: Record<string, string> = Object.fromEntries(Object.entries(regionsDoc.regions).map(([k, r]) => [k, r.name]));

/** Statistical region of a country (reporting only, never a legal rule). */
export function regionOfCountry(code: string): string {
  return regionOf.get(code) ?? 'other';
}
