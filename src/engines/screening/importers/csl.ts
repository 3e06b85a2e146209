// trade.gov Consolidated Screening List: the downloadable CSV (29 columns with `_id`, or the
// older 28-column layout without it) and the JSON of the CSL API / bulk file (`results`).
import { createHash } from 'node:crypto';
import { countryCode } from '../countries.ts';
import { effectOf } from '../effects.ts';
import {
  LIST_CODES,
  ListParseError,
  type Address,
  type Alias,
  type Identifier,
  type ListCode,
  type ListEntry,
} from '../types.ts';
import { entityTypeOf, normalizeDates, parseCsvRecords, splitMulti } from './common.ts';

const LIST_CODE_SET = new Set<string>(LIST_CODES);

/** "Entity List (EL) - Bureau of Industry and Security" → EL; "(NS-MBS List)" → NS-MBS; a bare code passes. */
export function cslSourceCode(source: string): ListCode | undefined {
  const trimmed = source.trim();
  if (LIST_CODE_SET.has(trimmed)) return trimmed as ListCode;
  const code = /\(([A-Z][A-Z-]*?)(?: List)?\)/.exec(trimmed)?.[1];
  if (code !== undefined && LIST_CODE_SET.has(code)) return code as ListCode;
  return undefined;
}

/** ISN names carry "; and any successor, sub-unit, or subsidiary thereof"; EL aliases can start with "and ". */
function cleanName(name: string): string {
  return name
    .replace(/;\s*and any successors?,.*$/i, '')
    .replace(/^and\s+/i, '')
    .trim();
}

function parseAddress(raw: string): Address {
  const parts = raw.split(/,\s*/);
  const last = parts[parts.length - 1]?.trim() ?? '';
  const country = countryCode(last);
  return country ? { text: raw.trim(), country } : { text: raw.trim() };
}

// Identifier "types" that are really remarks (program statements, gender, aircraft facts).
const NON_ID_TYPE =
  /^(gender|additional sanctions information|secondary sanctions risk|transactions prohibited|aircraft (model|operator|manufacture date)|organization established date|organization type|target type|vessel year of build|listing date|effective date)/i;

function isIsoLike(s: string): boolean {
  return /^[A-Z]{2}$/.test(s) && countryCode(s) !== undefined;
}

/**
 * CSL ids come in two layouts: "CA, BC166787, Passport" (country, number, type; 2022) and
 * "Passport, 836238033, KP" (type, number, country; 2023); without a country, "800160475-2, NIT #".
 */
export function parseCslId(raw: string): Identifier | undefined {
  const parts = raw.split(/,\s*/).map((p) => p.trim()).filter(Boolean);
  const [first, second] = parts;
  const last = parts.at(-1);
  const beforeLast = parts.at(-2);
  // Fewer than two parts: no identifier.
  if (first === undefined || second === undefined || last === undefined || beforeLast === undefined) return undefined;
  let country: string | undefined;
  let type: string;
  let number: string;
  if (parts.length >= 3 && isIsoLike(first)) {
    country = first;
    type = last;
    number = beforeLast;
  } else if (parts.length >= 3 && isIsoLike(last)) {
    country = last;
    type = first;
    number = parts.slice(1, -1).join(', ');
  } else if (parts.length === 2) {
    [number, type] = /\d/.test(first) || !/\d/.test(second) ? [first, second] : [second, first];
  } else return undefined;
  type = type.replace(/[:\s-]+$/, '');
  if (!number || !type || NON_ID_TYPE.test(type) || !/\d/.test(number)) return undefined;
  return country ? { type, number, country: countryCode(country) } : { type, number };
}

function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

interface CslFields {
  id?: string;
  source: string;
  entityNumber?: string;
  type?: string;
  programs: string[];
  name: string;
  altNames: string[];
  addresses: Address[];
  datesOfBirth: string[];
  placesOfBirth: string[];
  nationalities: string[];
  ids: Identifier[];
  remarks?: string;
}

function toEntry(f: CslFields, file: string, line: number | undefined, where: string): ListEntry {
  const list = cslSourceCode(f.source);
  if (!list) throw new ListParseError(file, line, `${where}: unknown source list "${f.source}"`);
  const name = cleanName(f.name ?? '');
  if (!name) throw new ListParseError(file, line, `${where}: empty name`);
  const aliases: Alias[] = [];
  const seen = new Set([name.toLowerCase()]);
  for (const alt of f.altNames) {
    const a = cleanName(alt);
    if (a && !seen.has(a.toLowerCase())) {
      seen.add(a.toLowerCase());
      aliases.push({ name: a, type: 'aka' });
    }
  }
  const entryId = f.id || f.entityNumber || stableId(list, name, ...f.addresses.map((a) => a.text));
  return {
    list,
    entryId,
    type: entityTypeOf(f.type),
    programs: f.programs,
    name,
    aliases,
    addresses: f.addresses,
    nationalities: [...new Set(f.nationalities)],
    datesOfBirth: [...new Set(f.datesOfBirth)],
    placesOfBirth: f.placesOfBirth,
    ids: f.ids,
    effect: effectOf(list),
    ...(f.remarks ? { remarks: f.remarks } : {}),
  };
}

const REQUIRED_CSV_COLUMNS = ['source', 'name'];

export function parseCslCsv(text: string, file: string): ListEntry[] {
  const [headerRecord, ...rows] = parseCsvRecords(text, file);
  if (!headerRecord) throw new ListParseError(file, 1, 'empty file');
  const header = headerRecord.fields.map((h) => h.trim());
  for (const col of REQUIRED_CSV_COLUMNS) {
    if (!header.includes(col)) throw new ListParseError(file, headerRecord.line, `CSL header lacks column "${col}"`);
  }
  const col = (name: string) => header.indexOf(name);
  const idx = {
    id: col('_id'), source: col('source'), entityNumber: col('entity_number'), type: col('type'),
    programs: col('programs'), name: col('name'), addresses: col('addresses'), remarks: col('remarks'),
    altNames: col('alt_names'), citizenships: col('citizenships'), dob: col('dates_of_birth'),
    nationalities: col('nationalities'), pob: col('places_of_birth'), ids: col('ids'),
  };
  const get = (fields: string[], i: number) => (i >= 0 ? (fields[i] ?? '').trim() : '');
  const entries: ListEntry[] = [];
  const headerLine = header.join(',');
  for (const rec of rows) {
    const f = rec.fields;
    if (f.map((x) => x.trim()).join(',') === headerLine) continue; // repeated header (csl_2023-11)
    if (f.length !== header.length) {
      throw new ListParseError(file, rec.line, `expected ${header.length} columns, found ${f.length}`);
    }
    entries.push(
      toEntry(
        {
          id: get(f, idx.id),
          source: get(f, idx.source),
          entityNumber: get(f, idx.entityNumber),
          type: get(f, idx.type),
          programs: splitMulti(get(f, idx.programs)),
          name: get(f, idx.name),
          altNames: splitMulti(get(f, idx.altNames)),
          addresses: splitMulti(get(f, idx.addresses)).map(parseAddress),
          datesOfBirth: splitMulti(get(f, idx.dob)).flatMap(normalizeDates),
          placesOfBirth: splitMulti(get(f, idx.pob)),
          nationalities: [...splitMulti(get(f, idx.citizenships)), ...splitMulti(get(f, idx.nationalities))]
            .map((c) => countryCode(c))
            .filter((c): c is string => Boolean(c)),
          ids: splitMulti(get(f, idx.ids)).map(parseCslId).filter((x): x is Identifier => Boolean(x)),
          remarks: get(f, idx.remarks) || undefined,
        },
        file,
        rec.line,
        'row',
      ),
    );
  }
  return entries;
}

type JsonValue = unknown;

function strings(v: JsonValue): string[] {
  if (v == null || v === '') return [];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'string') return splitMulti(v);
  if (typeof v === 'number') return [String(v)];
  return [];
}

/** Parse the CSL API response (`{results: [...]}`) or a bare array of result objects. */
export function parseCslJson(text: string, file: string): ListEntry[] {
  let doc: JsonValue;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
    const line = text.slice(0, offset).split('\n').length;
    throw new ListParseError(file, line, `malformed JSON: ${msg}`);
  }
  const results = Array.isArray(doc) ? doc : (doc as { results?: unknown }).results;
  if (!Array.isArray(results)) throw new ListParseError(file, 1, 'JSON has no "results" array');
  return results.map((r, i) => {
    const where = `results[${i}]`;
    if (typeof r !== 'object' || r === null) throw new ListParseError(file, undefined, `${where}: not an object`);
    const o = r as Record<string, JsonValue>;
    const addresses: Address[] = (Array.isArray(o.addresses) ? o.addresses : []).map((a) => {
      if (typeof a === 'string') return parseAddress(a);
      const ad = a as Record<string, string | null>;
      const text = [ad.address, ad.city, ad.state, ad.postal_code, ad.country].filter(Boolean).join(', ');
      const country = countryCode(ad.country ?? undefined);
      return country ? { text, country } : { text };
    });
    const ids: Identifier[] = (Array.isArray(o.ids) ? o.ids : []).flatMap((x) => {
      const id = x as Record<string, string | null>;
      if (!id || !id.number || !id.type) return [];
      const country = countryCode(id.country ?? undefined);
      return [country ? { type: id.type, number: id.number, country } : { type: id.type, number: id.number }];
    });
    return toEntry(
      {
        id: typeof o._id === 'string' ? o._id : typeof o.id === 'string' ? o.id : undefined,
        source: typeof o.source === 'string' ? o.source : '',
        entityNumber: o.entity_number != null ? String(o.entity_number) : undefined,
        type: typeof o.type === 'string' ? o.type : undefined,
        programs: strings(o.programs),
        name: typeof o.name === 'string' ? o.name : '',
        altNames: strings(o.alt_names),
        addresses,
        datesOfBirth: strings(o.dates_of_birth).flatMap(normalizeDates),
        placesOfBirth: strings(o.places_of_birth),
        nationalities: [...strings(o.citizenships), ...strings(o.nationalities)]
          .map((c) => countryCode(c))
          .filter((c): c is string => Boolean(c)),
        ids,
        remarks: typeof o.remarks === 'string' && o.remarks ? o.remarks : undefined,
      },
      file,
      undefined,
      where,
    );
  });
}

/** Offset of the first JSON syntax error (V8 messages do not always carry a position). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text.charAt(i))) i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') str();
    else {
      const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}
