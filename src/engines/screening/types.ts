// Shared types of the screening engine: list entries as every importer produces them,
// and the query / match shapes of the index.

/** Source list codes, as the trade.gov CSL abbreviates them (plus UN, the EU and the UK lists). */
export const LIST_CODES = [
  'SDN', 'EL', 'DPL', 'UVL', 'MEU', 'SSI', 'FSE', 'NS-MBS', 'CMIC', 'PLC', 'CAP', 'DTC', 'ISN', 'UN', 'EU', 'UK',
] as const;
export type ListCode = (typeof LIST_CODES)[number];

export type EntityType = 'person' | 'organization' | 'vessel' | 'aircraft' | 'unknown';

/** Legal effect of a hit, from the strongest to the weakest. */
export type Effect = 'prohibited' | 'license_required' | 'red_flag' | 'check';

/** How a name relates to the entry: the list's primary name, or one of its aliases. */
export type AliasType =
  | 'primary'
  | 'aka' // also known as (strong alias)
  | 'fka' // formerly known as
  | 'nka' // now known as
  | 'weak' // low-quality alias (OFAC "weak a.k.a.", UN quality "Low")
  | 'original_script'; // the name in its original script (UN NAME_ORIGINAL_SCRIPT)

export interface Alias {
  name: string;
  type: AliasType;
}

export interface Address {
  /** Free text as published (street, city, postal code...). */
  text: string;
  /** ISO 3166-1 alpha-2 code when the country could be identified. */
  country?: string;
}

export interface Identifier {
  type: string;
  number: string;
  /** ISO 3166-1 alpha-2 of the issuing country, when known. */
  country?: string;
}

export interface ListEntry {
  list: ListCode;
  /** The list's own identifier: CSL `_id`, OFAC ent_num, UN reference number, DPL hash. */
  entryId: string;
  type: EntityType;
  programs: string[];
  name: string;
  aliases: Alias[];
  addresses: Address[];
  /** ISO alpha-2 codes of nationalities / citizenships. */
  nationalities: string[];
  /** Dates of birth as published, normalised to YYYY, YYYY-MM or YYYY-MM-DD where possible. */
  datesOfBirth: string[];
  placesOfBirth: string[];
  ids: Identifier[];
  effect: Effect;
  remarks?: string;
  /** Date of designation / listing (YYYY-MM-DD), where the list publishes one (EU, UK). */
  listedOn?: string;
}

export type ListFormat =
  | 'csl'
  | 'csl-json'
  | 'ofac-sdn'
  | 'ofac-cons'
  | 'un'
  | 'dpl'
  | 'eu-fsf' // EU consolidated financial sanctions list, FSF XML 1.1
  | 'uk-csv' // UK Sanctions List (FCDO), CSV
  | 'uk-xml' // UK Sanctions List (FCDO), XML
  | 'ofsi-csv'; // OFSI Consolidated List of financial sanctions targets (ConList), CSV

/** A malformed list file: names the file and the (1-based) line. */
export class ListParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}`);
    this.name = 'ListParseError';
  }
}
