// Country-of-concern test for consortium members (the 2026 call, as in 31 CFR 850):
// a member may not be located in, or owned or controlled from, a country of concern.
export interface Owner {
  name: string;
  country: string;
  percent: number;
}

export interface OwnershipFacts {
  name: string;
  countryOfIncorporation: string;
  principalPlaceOfBusiness: string;
  owners: readonly Owner[];
  ultimateParent?: { name: string; country: string } | null;
}

/** Ownership share at or above which a company counts as owned from a country. */
export const OWNERSHIP_THRESHOLD_PERCENT = 50;

const PRC_REGIONS = new Set(['HK', 'MO']);

export interface ConcernResult {
  concern: boolean;
  reasons: string[];
}

export function checkCountryOfConcern(org: OwnershipFacts, countriesOfConcern: readonly string[]): ConcernResult {
  const listed = new Set(countriesOfConcern);
  const reasons: string[] = [];
  if (listed.has(org.countryOfIncorporation)) {
    reasons.push(`Incorporated in ${org.countryOfIncorporation}, a country of concern`);
  }
  if (listed.has(org.principalPlaceOfBusiness)) {
    reasons.push(`Principal place of business in ${org.principalPlaceOfBusiness}, a country of concern`);
  }
  // Hong Kong and Macau count as the PRC (as in 31 CFR 850.209), so owners spread across them add up.
  const shareByCountry = new Map<string, number>();
  for (const o of org.owners) {
    if (!listed.has(o.country)) continue;
    const country = PRC_REGIONS.has(o.country) && listed.has('CN') ? 'CN' : o.country;
    shareByCountry.set(country, (shareByCountry.get(country) ?? 0) + o.percent);
  }
  for (const [country, share] of shareByCountry) {
    if (share >= OWNERSHIP_THRESHOLD_PERCENT) {
      reasons.push(`Owned ${round(share)} % from ${country}, at or above ${OWNERSHIP_THRESHOLD_PERCENT} %`);
    }
  }
  if (org.ultimateParent && listed.has(org.ultimateParent.country)) {
    reasons.push(`Controlled from ${org.ultimateParent.country}: ultimate parent ${org.ultimateParent.name}`);
  }
  return { concern: reasons.length > 0, reasons };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
