// Destination resolution: ISO alpha-2 codes, Hong Kong as China (85 FR 83765), regions such as
// UA-43 (Crimea), U.S. territories (not exports) and territories without a Country Chart row.
import { unknownCountry } from './errors.ts';
import type { Embargo, ReferenceData } from './reference-data.ts';
import type { Reason } from './types.ts';

export interface ResolvedDestination {
  input: string;
  /** The EAR destination whose groups and chart row apply ("" when unresolved). */
  code: string;
  name: string;
  kind: 'country' | 'region' | 'us_territory' | 'unresolved_territory';
  groups: ReadonlySet<string>;
  chartMarks: ReadonlySet<string>;
  macauOrD5: boolean;
  acScope: boolean;
  /** Embargo in force on the date for this destination, if any. */
  embargo: Embargo | undefined;
  notes: Reason[];
}

/** Normalises a country code of a party (headquarters etc.): HK → CN; throws when unknown. */
export function normalizeCountry(raw: string, ref: ReferenceData, field: string): string {
  const code = raw.trim().toUpperCase();
  const alias = ref.doc.countryAliases[code];
  if (alias) return alias.to;
  if (ref.doc.countries[code]) return code;
  if (ref.doc.usTerritories.codes.includes(code)) return 'US';
  if (ref.doc.unresolvedTerritories.codes.includes(code)) return code;
  const region = ref.doc.regions[code];
  if (region) return region.country;
  throw unknownCountry(raw, field);
}

/** ISO 3166-2 subdivisions of the countries whose regions the EAR treats apart. */
const KNOWN_SUBDIVISIONS: Record<string, readonly string[]> = {
  UA: ['05', '07', '09', '12', '14', '18', '21', '23', '26', '30', '32', '35', '40', '43', '46', '48', '51', '53', '56', '59', '61', '63', '65', '68', '71', '74', '77'],
};

export function formatGroups(groups: ReadonlySet<string>): string {
  return groups.size ? [...groups].sort().join(', ') : 'no Country Group';
}

export function resolveDestination(raw: string, ref: ReferenceData, date: string): ResolvedDestination {
  const doc = ref.doc;
  const snap = ref.snapshot(date);
  const input = raw.trim().toUpperCase();
  const notes: Reason[] = [];
  let code = input;
  let kind: ResolvedDestination['kind'] = 'country';
  let regionEmbargo: string | undefined;

  const region = doc.regions[input];
  if (region) {
    kind = 'region';
    code = region.country;
    regionEmbargo = region.embargo;
    notes.push({ text: `${input} is ${region.name}${region.note ? ` (${region.note})` : ''}`, citation: '15 CFR 746.6' });
  } else if (/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(input)) {
    // Other subdivisions follow their country (738.3): validate the country part, and where the
    // country has regions of its own (Ukraine), the subdivision too: a mistyped "UA-4" must not
    // pass for the rest of Ukraine.
    code = input.slice(0, 2);
    if (!doc.countries[code] && !doc.countryAliases[code]) throw unknownCountry(raw);
    const known = KNOWN_SUBDIVISIONS[code];
    if (known && !known.includes(input.slice(3))) throw unknownCountry(raw);
  }
  const alias = doc.countryAliases[code];
  if (alias) {
    notes.push({ text: `${alias.name} is not a separate EAR destination; it is treated as ${doc.countries[alias.to]?.name ?? alias.to}`, citation: alias.citation });
    code = alias.to;
  }
  if (doc.usTerritories.codes.includes(code)) {
    return {
      input, code: 'US', name: code, kind: 'us_territory', groups: new Set(), chartMarks: new Set(), macauOrD5: false, acScope: false, embargo: undefined,
      notes: [{ text: `${code} is part of the United States for EAR purposes; a shipment there is not an export`, citation: doc.usTerritories.citation }],
    };
  }
  if (doc.unresolvedTerritories.codes.includes(code)) {
    notes.push({ text: `${code} has no Country Chart row of its own; the controlling destination decides (not guessed here)`, citation: doc.unresolvedTerritories.citation });
    return { input, code: '', name: code, kind: 'unresolved_territory', groups: new Set(), chartMarks: new Set(), macauOrD5: false, acScope: false, embargo: undefined, notes };
  }
  const country = doc.countries[code];
  if (!country) throw unknownCountry(raw);
  const chartCode = doc.countryChart.inheritance[code] ?? code;
  const chartMarks = new Set(doc.countries[chartCode]?.chartMarks ?? []);
  if (chartCode !== code) notes.push({ text: `${country.name} uses the Country Chart row of ${doc.countries[chartCode]?.name ?? chartCode}`, citation: String(doc.countryChart.inheritanceCitation ?? doc.countryChart.citation) });

  const embargo = doc.embargoes.find(
    (e) =>
      date >= e.effectiveFrom &&
      (!e.effectiveTo || date <= e.effectiveTo) &&
      (regionEmbargo ? e.id === regionEmbargo : e.destinations.includes(code)),
  );
  return {
    input,
    code,
    name: country.name,
    kind,
    groups: snap.groupsOf(code),
    chartMarks,
    macauOrD5: snap.isMacauOrD5(code),
    acScope: snap.inAcScope(code),
    embargo,
    notes,
  };
}
