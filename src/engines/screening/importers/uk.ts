// UK sanctions lists:
//
// - The UK Sanctions List (FCDO), the list of designations under the Sanctions and Anti-Money
//   Laundering Act 2018, published since 2022 as CSV and XML:
//   * CSV: a "Report Date: …" line, then a 58-column header (Last Updated, Unique ID, OFSI Group ID,
//     UN Reference Number, Name 6, Name 1…Name 5, Name type, Alias strength, Title, Name non-latin
//     script, …, Regime Name, Designation Type, …, Address Line 1…6, Address Postal Code, Address
//     Country, …, Date Designated, D.O.B, Nationality(/ies), National Identifier number, …, Passport
//     number, Passport additional information, …, Town of birth, Country of birth, …, IMO number, …).
//     One row per name: the rows of one designation share its Unique ID and are grouped here.
//   * XML: <Designations><Designation><UniqueID/><IndividualEntityShip/><RegimeName/><DateDesignated/>
//     <Names><Name><Name1/>…<Name6/><NameType/><AliasStrength/></Name></Names><NonLatinNames>…
//     <NameNonLatinScript/>…</NonLatinNames><Addresses><Address><AddressLine1/>…<AddressCountry/>
//     </Address></Addresses><IndividualDetails>… <DOB/> <Nationality/> <PassportNumber/> …
//     </IndividualDetails></Designation></Designations>. The wrappers around the detail elements
//     are looked through (descendants are read by name), so a regrouping of them does not break
//     the import.
// - The OFSI Consolidated List ("ConList") CSV, being retired in favour of the UK Sanctions List:
//   a "Last Updated,…" line, then Name 6, Name 1…5, Title, Name Non-Latin Script, …, DOB, Town of
//   Birth, Country of Birth, Nationality, Passport Number, …, Address 1…6, Post/Zip Code, Country,
//   Other Information, Group Type, Alias Type, Alias Quality, Regime, Listed On, …, Group ID.
//
// Names: Name 1…Name 5 are given / middle names, Name 6 the family name (the whole name of an
// entity or ship). Dates are dd/mm/yyyy, with 00 for an unknown day or month.
import { countryCode } from '../countries.ts';
import { effectOf } from '../effects.ts';
import { ListParseError, type Address, type Alias, type EntityType, type Identifier, type ListEntry } from '../types.ts';
import { entityTypeOf, forEachXmlRecord, normalizeDates, parseCsvRecords } from './common.ts';
import type { XmlElement } from './xml.ts';

/** One name row / element of a designation, before grouping. */
interface NameRecord {
  name: string;
  /** "Primary name", "Primary name variation", "Alias", "AKA", "FKA"... as published. */
  nameType: string;
  /** "Good quality", "Low quality", "Good", "Low" or empty. */
  strength: string;
  nonLatin: string[];
}

/** Everything else a row / element can carry; grouping takes the union. */
interface Details {
  type: string;
  regimes: string[];
  listed: string[];
  dobs: string[];
  nationalities: string[];
  passports: { number: string; info: string }[];
  nationalIds: { number: string; info: string }[];
  imo: string[];
  addresses: { lines: string[]; country: string }[];
  births: { town: string; country: string }[];
  remarks: string[];
}

interface Designation {
  id: string;
  line: number;
  names: NameRecord[];
  details: Details[];
}

/** Whitespace collapsed and trimmed; most cells need nothing, and are returned as they are. */
const clean = (s: string | undefined): string => {
  if (!s) return '';
  return /\s\s|[\t\n\r]|^\s|\s$/.test(s) ? s.replace(/\s+/g, ' ').trim() : s;
};

/** "(1) A (2) B", "A|B", "A; B" → [A, B]. */
function multi(value: string): string[] {
  return value
    .split(/\s*\|\s*|\s*;\s*|\(\d+\)\s*/)
    .map(clean)
    .filter(Boolean);
}

/** dd/mm/yyyy with 00 for an unknown part → YYYY, YYYY-MM or YYYY-MM-DD; other forms via normalizeDates. */
export function ukDate(raw: string): string[] {
  const s = clean(raw);
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const [, d = '0', mo = '0', y = ''] = m;
    if (Number(mo) < 1 || Number(mo) > 12) return [y];
    const ym = `${y}-${mo.padStart(2, '0')}`;
    return Number(d) >= 1 && Number(d) <= 31 ? [`${ym}-${d.padStart(2, '0')}`] : [ym];
  }
  return normalizeDates(s);
}

function typeOf(raw: string): EntityType {
  const t = clean(raw).toLowerCase();
  if (t === 'ship') return 'vessel';
  return entityTypeOf(t);
}

function aliasTypeOf(n: NameRecord): Alias['type'] {
  const t = n.nameType.toLowerCase();
  if (/low/i.test(n.strength)) return 'weak';
  if (/^fka|formerly/.test(t)) return 'fka';
  return 'aka';
}

const isPrimary = (n: NameRecord): boolean => /^primary name$|^prime alias$/i.test(n.nameType.trim());

/** "Issued by Russia", "(Russia) issued 2010", "Russia" → RU when the text names a country. */
function issuingCountry(info: string): string | undefined {
  const direct = countryCode(info.replace(/^(?:issued\s+(?:by|in)\s+)/i, '').trim());
  if (direct) return direct;
  const paren = /\(([^()]+)\)/.exec(info)?.[1];
  if (paren) return countryCode(paren);
  const by = /issued\s+(?:by|in)\s+(?:the\s+)?([A-Za-z ,'-]+?)(?:[.;,(]|$)/i.exec(info)?.[1];
  return by ? countryCode(by.trim()) : undefined;
}

function entryOf(d: Designation, file: string): ListEntry {
  const latin = d.names.filter((n) => n.name);
  const primary = latin.find(isPrimary) ?? latin.find((n) => /^primary/i.test(n.nameType)) ?? latin[0];
  const nonLatin = [...new Set(d.names.flatMap((n) => n.nonLatin))];
  const name = primary?.name ?? nonLatin[0];
  if (!name) throw new ListParseError(file, d.line, `designation ${d.id} has no name`);
  const aliases: Alias[] = [];
  const seen = new Set([name.toUpperCase()]);
  const push = (n: string, type: Alias['type']) => {
    if (!seen.has(n.toUpperCase())) {
      seen.add(n.toUpperCase());
      aliases.push({ name: n, type });
    }
  };
  for (const n of latin) if (n !== primary) push(n.name, aliasTypeOf(n));
  for (const n of nonLatin) push(n, 'original_script');

  const all = <T>(f: (x: Details) => T[]): T[] => d.details.flatMap(f);
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  const type = typeOf(d.details.map((x) => x.type).find(Boolean) ?? '');
  const ids: Identifier[] = [];
  const seenIds = new Set<string>();
  const addId = (t: string, number: string, c?: string) => {
    const key = `${t}\u0000${number}`;
    if (!number || seenIds.has(key)) return;
    seenIds.add(key);
    ids.push(c ? { type: t, number, country: c } : { type: t, number });
  };
  for (const p of all((x) => x.passports)) for (const n of multi(p.number)) addId('Passport', n, issuingCountry(p.info));
  for (const p of all((x) => x.nationalIds)) for (const n of multi(p.number)) addId('National identification number', n, issuingCountry(p.info));
  for (const imo of all((x) => x.imo)) addId('IMO', imo.replace(/^IMO\s*/i, ''));

  const addresses: Address[] = [];
  const seenAddr = new Set<string>();
  for (const a of all((x) => x.addresses)) {
    const parts = [...a.lines, a.country].map(clean).filter(Boolean);
    const text = parts.join(', ');
    if (!text || seenAddr.has(text)) continue;
    seenAddr.add(text);
    const c = countryCode(a.country);
    addresses.push(c ? { text, country: c } : { text });
  }
  const births = uniq(all((x) => x.births).map((b) => [b.town, b.country].map(clean).filter(Boolean).join(', ')).filter(Boolean));
  const nationalities = uniq(
    all((x) => x.nationalities)
      .flatMap(multi)
      .map((n) => countryCode(n))
      .filter((c): c is string => Boolean(c)),
  );
  const listed = all((x) => x.listed).flatMap(ukDate).filter((x) => /^\d{4}-\d{2}-\d{2}$/.test(x)).sort()[0];
  const remarks = uniq(all((x) => x.remarks).map(clean).filter(Boolean)).join('; ');
  return {
    list: 'UK',
    entryId: d.id,
    type,
    programs: uniq(all((x) => x.regimes).map(clean).filter(Boolean)),
    name,
    aliases,
    addresses,
    nationalities,
    datesOfBirth: type === 'person' || type === 'unknown' ? uniq(all((x) => x.dobs).flatMap(multi).flatMap(ukDate)) : [],
    placesOfBirth: births,
    ids,
    effect: effectOf('UK'),
    ...(remarks ? { remarks } : {}),
    ...(listed ? { listedOn: listed } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV (UK Sanctions List and OFSI ConList): the same grouping, two column layouts.

interface CsvLayout {
  label: string;
  id: string;
  nameParts: string[];
  nameType: string;
  strength: string;
  nonLatin: string;
  type: string;
  regime: string;
  listed: string[];
  dob: string;
  nationality: string;
  passport: string;
  passportInfo: string;
  nationalId: string;
  nationalIdInfo: string;
  imo: string;
  addressLines: string[];
  addressCountry: string;
  townOfBirth: string;
  countryOfBirth: string;
  remarks: string[];
}

const NAME_PARTS = ['name 1', 'name 2', 'name 3', 'name 4', 'name 5', 'name 6'];

const UK_LAYOUT: CsvLayout = {
  label: 'UK Sanctions List CSV',
  id: 'unique id',
  nameParts: NAME_PARTS,
  nameType: 'name type',
  strength: 'alias strength',
  nonLatin: 'name non-latin script',
  type: 'designation type',
  regime: 'regime name',
  listed: ['date designated'],
  dob: 'd.o.b',
  nationality: 'nationality(/ies)',
  passport: 'passport number',
  passportInfo: 'passport additional information',
  nationalId: 'national identifier number',
  nationalIdInfo: 'national identifier additional information',
  imo: 'imo number',
  addressLines: ['address line 1', 'address line 2', 'address line 3', 'address line 4', 'address line 5', 'address line 6', 'address postal code'],
  addressCountry: 'address country',
  townOfBirth: 'town of birth',
  countryOfBirth: 'country of birth',
  remarks: ['ofsi group id', 'un reference number', 'other information'],
};

const OFSI_LAYOUT: CsvLayout = {
  label: 'OFSI Consolidated List CSV',
  id: 'group id',
  nameParts: NAME_PARTS,
  nameType: 'alias type',
  strength: 'alias quality',
  nonLatin: 'name non-latin script',
  type: 'group type',
  regime: 'regime',
  listed: ['listed on', 'uk sanctions list date designated'],
  dob: 'dob',
  nationality: 'nationality',
  passport: 'passport number',
  passportInfo: 'passport details',
  nationalId: 'national identification number',
  nationalIdInfo: 'national identification details',
  imo: 'imo number',
  addressLines: ['address 1', 'address 2', 'address 3', 'address 4', 'address 5', 'address 6', 'post/zip code'],
  addressCountry: 'country',
  townOfBirth: 'town of birth',
  countryOfBirth: 'country of birth',
  remarks: ['other information'],
};

const headerKey = (h: string): string => clean(h).toLowerCase();

/** Labels of remark columns as shown in the remarks ("OFSI Group ID 1234"). */
const REMARK_LABEL: Record<string, string> = { 'ofsi group id': 'OFSI Group ID', 'un reference number': 'UN Reference Number', 'other information': '' };

/**
 * Where the header starts: after the "Report Date: …" / "Last Updated,…" line, the first of the
 * first lines that names the id column and Name 6. The CSV parser starts there, since a first
 * record of another width would make it build an error object for every later record.
 */
function headerStart(text: string, layout: CsvLayout): { offset: number; line: number } | undefined {
  let offset = 0;
  for (let line = 1; line <= 5 && offset < text.length; line++) {
    const eol = text.indexOf('\n', offset);
    const cols = text.slice(offset, eol === -1 ? text.length : eol).split(',').map((c) => headerKey(c.replace(/"/g, '')));
    if (cols.includes(layout.id) && cols.includes('name 6')) return { offset, line };
    if (eol === -1) break;
    offset = eol + 1;
  }
  return undefined;
}

function parseGroupedCsv(text: string, file: string, layout: CsvLayout): ListEntry[] {
  const start = headerStart(text, layout);
  if (!start) throw new ListParseError(file, 1, `${layout.label}: no header line with "${layout.id}" and "Name 6" in the first lines`);
  let records;
  try {
    records = parseCsvRecords(text.slice(start.offset), file).map((r) => ({ fields: r.fields, line: r.line + start.line - 1 }));
  } catch (err) {
    if (err instanceof ListParseError && err.line !== undefined) {
      throw new ListParseError(file, err.line + start.line - 1, err.message.slice(err.message.indexOf(': ') + 2));
    }
    throw err;
  }
  const headerAt = 0;
  const header = records[headerAt];
  if (!header) throw new ListParseError(file, start.line, `${layout.label}: no header line`);
  const col = new Map<string, number>();
  header.fields.forEach((h, i) => {
    const k = headerKey(h);
    if (!col.has(k)) col.set(k, i);
  });
  const missing = [layout.id, ...layout.nameParts, layout.nameType].filter((c) => !col.has(c));
  if (missing.length > 0) throw new ListParseError(file, header.line, `${layout.label}: missing column(s) ${missing.join(', ')}`);
  const width = header.fields.length;
  const idCol = col.get(layout.id) ?? 0;
  const get = (fields: string[], name: string): string => {
    const i = col.get(name);
    return i === undefined ? '' : clean(fields[i]);
  };

  const groups = new Map<string, Designation>();
  for (const { fields, line } of records.slice(headerAt + 1)) {
    if (fields.length > width && fields.slice(width).some((f) => f.trim())) {
      throw new ListParseError(file, line, `${fields.length} columns, the header has ${width}`);
    }
    if (fields.length <= idCol || fields.every((f) => !f.trim())) {
      if (fields.length === 1 && !fields[0]?.trim()) continue;
      throw new ListParseError(file, line, `${fields.length} column(s), the header has ${width}`);
    }
    const id = clean(fields[idCol]);
    if (!id) throw new ListParseError(file, line, `empty ${layout.id} ("${header.fields[idCol]}")`);
    let g = groups.get(id);
    if (!g) {
      g = { id, line, names: [], details: [] };
      groups.set(id, g);
    }
    const parts = layout.nameParts.map((p) => get(fields, p));
    // Name 6 is the family name: "Name 1 … Name 5 Name 6".
    const name = parts.filter(Boolean).join(' ');
    g.names.push({
      name,
      nameType: get(fields, layout.nameType),
      strength: get(fields, layout.strength),
      nonLatin: get(fields, layout.nonLatin) ? [get(fields, layout.nonLatin)] : [],
    });
    g.details.push({
      type: get(fields, layout.type),
      regimes: [get(fields, layout.regime)],
      listed: layout.listed.map((c) => get(fields, c)).filter(Boolean),
      dobs: [get(fields, layout.dob)].filter(Boolean),
      nationalities: [get(fields, layout.nationality)].filter(Boolean),
      passports: get(fields, layout.passport) ? [{ number: get(fields, layout.passport), info: get(fields, layout.passportInfo) }] : [],
      nationalIds: get(fields, layout.nationalId) ? [{ number: get(fields, layout.nationalId), info: get(fields, layout.nationalIdInfo) }] : [],
      imo: [get(fields, layout.imo)].filter(Boolean),
      addresses: [{ lines: layout.addressLines.map((c) => get(fields, c)), country: get(fields, layout.addressCountry) }],
      births: [{ town: get(fields, layout.townOfBirth), country: get(fields, layout.countryOfBirth) }],
      remarks: layout.remarks
        .map((c) => {
          const v = get(fields, c);
          const label = REMARK_LABEL[c];
          return v && label ? `${label} ${v}` : v;
        })
        .filter(Boolean),
    });
  }
  return [...groups.values()].map((g) => entryOf(g, file));
}

/** Parse the UK Sanctions List CSV (FCDO). */
export function parseUkCsv(text: string, file: string): ListEntry[] {
  return parseGroupedCsv(text, file, UK_LAYOUT);
}

/** Parse the OFSI Consolidated List CSV (ConList, 2022 format). */
export function parseOfsiCsv(text: string, file: string): ListEntry[] {
  return parseGroupedCsv(text, file, OFSI_LAYOUT);
}

// ---------------------------------------------------------------------------------------------
// XML (UK Sanctions List)

const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Every element under `el` (depth first, `el` excluded). */
function* descendants(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    yield c;
    yield* descendants(c);
  }
}

const childText = (el: XmlElement, name: string): string => clean(el.children.find((c) => local(c.name) === name)?.text);
const hasChild = (el: XmlElement, name: string): boolean => el.children.some((c) => local(c.name) === name);
function designationOf(el: XmlElement, file: string, line: number): Designation {
  const id = childText(el, 'UniqueID');
  if (!id) throw new ListParseError(file, line, '<Designation> has no <UniqueID>');
  const all = [...descendants(el)];
  // The leaf elements by local name, read once.
  const leaves = new Map<string, string[]>();
  for (const c of all) {
    if (c.children.length > 0) continue;
    const t = clean(c.text);
    if (!t) continue;
    const k = local(c.name);
    const list = leaves.get(k);
    if (list) list.push(t);
    else leaves.set(k, [t]);
  }
  const textsOf = (name: string): string[] => leaves.get(name) ?? [];
  const names: NameRecord[] = all
    .filter((c) => local(c.name) === 'Name' && c.children.length > 0)
    .map((n) => ({
      name: ['Name1', 'Name2', 'Name3', 'Name4', 'Name5', 'Name6'].map((p) => childText(n, p)).filter(Boolean).join(' '),
      nameType: childText(n, 'NameType'),
      strength: childText(n, 'AliasStrength'),
      nonLatin: [],
    }));
  names.push({ name: '', nameType: 'Non-latin', strength: '', nonLatin: textsOf('NameNonLatinScript') });
  const pairs = (numberTag: string, infoTag: string) =>
    all.filter((c) => hasChild(c, numberTag)).map((c) => ({ number: childText(c, numberTag), info: childText(c, infoTag) }));
  const details: Details = {
    type: childText(el, 'IndividualEntityShip') || childText(el, 'DesignationType'),
    regimes: textsOf('RegimeName'),
    listed: textsOf('DateDesignated'),
    dobs: textsOf('DOB'),
    nationalities: textsOf('Nationality'),
    passports: pairs('PassportNumber', 'PassportAdditionalInformation'),
    nationalIds: pairs('NationalIdentifierNumber', 'NationalIdentifierAdditionalInformation'),
    imo: textsOf('IMONumber'),
    addresses: all
      .filter((c) => local(c.name) === 'Address' && c.children.length > 0)
      .map((a) => ({
        lines: ['AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4', 'AddressLine5', 'AddressLine6', 'AddressPostalCode'].map((t) => childText(a, t)),
        country: childText(a, 'AddressCountry'),
      })),
    births: all
      .filter((c) => hasChild(c, 'TownOfBirth') || hasChild(c, 'CountryOfBirth'))
      .map((b) => ({ town: childText(b, 'TownOfBirth'), country: childText(b, 'CountryOfBirth') })),
    remarks: [
      ...textsOf('OFSIGroupID').map((v) => `OFSI Group ID ${v}`),
      ...textsOf('UNReferenceNumber').map((v) => `UN Reference Number ${v}`),
      ...textsOf('OtherInformation'),
    ],
  };
  return { id, line, names, details: [details] };
}

/** Parse the UK Sanctions List XML (FCDO; root <Designations>, one <Designation> each). */
export function parseUkXml(text: string, file: string): ListEntry[] {
  if (!/<(?:[A-Za-z_][\w.-]*:)?Designations[\s>]/.test(text.slice(0, 4096))) {
    throw new ListParseError(file, 1, 'not a UK Sanctions List XML file: expected the root element <Designations>');
  }
  const groups = new Map<string, Designation>();
  forEachXmlRecord(text, file, 'Designation', 'Designations', ({ element, line }) => {
    const d = designationOf(element, file, line);
    const prev = groups.get(d.id);
    if (prev) {
      prev.names.push(...d.names);
      prev.details.push(...d.details);
    } else groups.set(d.id, d);
  });
  return [...groups.values()].map((g) => entryOf(g, file));
}
