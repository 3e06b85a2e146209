// A generated screening list in the trade.gov CSL CSV layout, the same for the same seed: persons
// (with dates of birth and nationalities) and organisations on several lists, with aliases that
// share words, so that searches meet common and rare tokens as on the real list. For tests of the
// index thread and for bench/screening-load.ts when the real CSL is not beside the repository.

const HEADER = [
  '_id', 'source', 'entity_number', 'type', 'programs', 'name', 'title', 'addresses', 'federal_register_notice', 'start_date', 'end_date',
  'standard_order', 'license_requirement', 'license_policy', 'call_sign', 'vessel_type', 'gross_tonnage', 'gross_registered_tonnage',
  'vessel_flag', 'vessel_owner', 'remarks', 'source_list_url', 'alt_names', 'citizenships', 'dates_of_birth', 'nationalities',
  'places_of_birth', 'source_information_url', 'ids',
];

const SOURCES = [
  'Specially Designated Nationals (SDN) - Treasury Department',
  'Entity List (EL) - Bureau of Industry and Security',
  'Denied Persons List (DPL) - Bureau of Industry and Security',
  'Military End User (MEU) List - Bureau of Industry and Security',
  'Unverified List (UVL) - Bureau of Industry and Security',
];
const GIVEN = ['Ahmad', 'Mohammed', 'Ivan', 'Olga', 'Wei', 'Li', 'Hassan', 'Fatima', 'Sergei', 'Dmitri', 'Ali', 'Yusuf', 'Chen', 'Maria', 'Viktor', 'Nadia', 'Omar', 'Kim', 'Reza', 'Leila'];
const FAMILY = ['Petrov', 'Hosseini', 'Zhang', 'Ivanova', 'Rahman', 'Makhlouf', 'Sokolov', 'Haddad', 'Karimi', 'Nasser', 'Volkov', 'Huang', 'Abbasi', 'Morozov', 'Farouk', 'Tan', 'Lebedev', 'Saleh', 'Qureshi', 'Orlov'];
const SYLLABLES = ['ka', 'ro', 'tek', 'vel', 'mar', 'zon', 'lux', 'tri', 'sen', 'dor', 'pha', 'nix', 'gal', 'bor', 'qui', 'ast', 'rel', 'mon', 'tas', 'vin'];
const WORDS = ['Trading', 'Industrial', 'Shipping', 'Aviation', 'Electronics', 'Energy', 'Holding', 'Technology', 'Logistics', 'Precision', 'Marine', 'Systems'];
const SUFFIXES = ['Co., Ltd.', 'LLC', 'JSC', 'Limited', 'GmbH', 'FZE', 'Company'];
const COUNTRIES = ['CN', 'RU', 'IR', 'SY', 'KP', 'BY', 'AE', 'TR', 'HK', 'VE'];

/** A small, fast, seeded generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export interface SyntheticRow {
  id: string;
  name: string;
  person: boolean;
  country: string;
}

/** `count` entries as CSL CSV text, and what each row is (for building queries). */
export function syntheticCsl(count: number, seed = 1): { csv: string; rows: SyntheticRow[] } {
  const r = random(seed);
  const lines = [HEADER.map(quote).join(',')];
  const rows: SyntheticRow[] = [];
  for (let i = 0; i < count; i++) {
    const person = r.next() < 0.45;
    const country = r.pick(COUNTRIES);
    const coined = () => `${r.pick(SYLLABLES)}${r.pick(SYLLABLES)}${r.pick(SYLLABLES)}`.replace(/^./, (c) => c.toUpperCase());
    const name = person ? `${r.pick(GIVEN)} ${coined()} ${r.pick(FAMILY)}` : `${coined()} ${r.pick(WORDS)} ${r.pick(SUFFIXES)}`;
    const aliases = person ? [name.split(' ').reverse().join(' ')] : r.next() < 0.5 ? [`${coined()} ${r.pick(WORDS)}`] : [];
    const cells: Record<string, string> = {
      _id: `syn-${seed}-${i}`,
      source: r.pick(SOURCES),
      type: person ? 'Individual' : 'Entity',
      name,
      addresses: `${1 + Math.floor(r.next() * 200)} ${coined()} Street, ${coined()}, ${country}`,
      alt_names: aliases.join('; '),
      nationalities: person ? country : '',
      dates_of_birth: person ? `19${50 + Math.floor(r.next() * 50)}-0${1 + Math.floor(r.next() * 9)}-1${Math.floor(r.next() * 9)}` : '',
    };
    lines.push(HEADER.map((h) => quote(cells[h] ?? '')).join(','));
    rows.push({ id: cells._id!, name, person, country });
  }
  return { csv: lines.join('\n') + '\n', rows };
}
