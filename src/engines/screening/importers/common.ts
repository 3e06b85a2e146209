// Helpers shared by the list importers: text decoding, CSV parsing with line numbers,
// date normalisation and the OFAC-style remarks parser.
import { parse } from 'csv-parse/sync';
import { countryCode } from '../countries.ts';
import { ListParseError, type EntityType, type Identifier } from '../types.ts';
import { parseXml, XmlSyntaxError, type XmlElement } from './xml.ts';

/** Decode a list file: UTF-8 (BOM stripped), falling back to Latin-1; the DOS EOF byte 0x1A is dropped. */
export function decodeText(data: string | Uint8Array): string {
  let text: string;
  if (typeof data === 'string') text = data;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      text = new TextDecoder('latin1').decode(data);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // OFAC files end with the DOS end-of-file byte (Ctrl-Z).
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x1a || text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  // Keep one line end of the file's own style.
  const eol = text.lastIndexOf('\r\n', end + 1) === end ? '\r\n' : text[end] === '\n' ? '\n' : '';
  return text.slice(0, end) + eol;
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/** Parse CSV/TSV strictly; any syntax error becomes a ListParseError with the line. */
export function parseCsvRecords(text: string, file: string, delimiter = ','): CsvRecord[] {
  try {
    const rows = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number; raw?: string } }[];
    // info.lines is the line where the record ends; count the newlines inside it to find its start.
    return rows.map(({ record, info }) => {
      const inner = record.reduce((n, f) => n + countNewlines(f), 0);
      return { fields: record, line: info.lines - inner };
    });
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new ListParseError(file, e.lines, `malformed CSV: ${e.message ?? String(err)}`);
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Split a multi-valued CSL field ("a; b; c"). */
export function splitMulti(value: string | undefined, separator = /;\s*/): string[] {
  if (!value) return [];
  return value
    .split(separator)
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

const MONTHS = new Map(Object.entries({
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06',
  jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
}));

/** "Jul" → "07"; undefined for anything else (or a missing regex group). */
function monthNumber(abbr: string | undefined): string | undefined {
  return abbr === undefined ? undefined : MONTHS.get(abbr.toLowerCase());
}

/**
 * Normalise a published date of birth: "28 Jul 1963" → 1963-07-28, "Jul 1963" → 1963-07,
 * "circa 1963" → 1963, "1958 to 1960" → 1958, 1959, 1960, "1963-07-28" unchanged.
 */
export function normalizeDates(raw: string): string[] {
  const s = raw.trim();
  if (!s) return [];
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return [`${m[1]}-${m[2]}-${m[3]}`];
  m = /(\d{4})\s*(?:to|-|–)\s*(\d{4})/i.exec(s);
  if (m) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (to >= from && to - from <= 15) return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  }
  {
    // "28 Jul 1963"
    const [, day, mon, year] = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})/.exec(s) ?? [];
    const month = monthNumber(mon);
    if (day && month && year) return [`${year}-${month}-${day.padStart(2, '0')}`];
  }
  {
    // "Jul 1963"
    const [, mon, year] = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})/.exec(s) ?? [];
    const month = monthNumber(mon);
    if (month && year) return [`${year}-${month}`];
  }
  {
    // "7/28/1963"
    const [, month, day, year] = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s) ?? [];
    if (month && day && year) return [`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`];
  }
  const year = /\b(1[89]\d\d|20\d\d)\b/.exec(s)?.[1];
  return year ? [year] : [];
}

export function entityTypeOf(raw: string | undefined): EntityType {
  const t = (raw ?? '').trim().toLowerCase();
  if (t === 'individual' || t === 'person') return 'person';
  if (t === 'entity' || t === 'organization' || t === 'organisation' || t === 'company') return 'organization';
  if (t === 'vessel') return 'vessel';
  if (t === 'aircraft') return 'aircraft';
  return 'unknown';
}

export interface ParsedRemarks {
  aliases: { name: string; weak: boolean }[];
  datesOfBirth: string[];
  placesOfBirth: string[];
  nationalities: string[];
  ids: Identifier[];
}

// Remark items that carry no identifier even though they may hold digits.
const NON_ID_PREFIX =
  /^(?:linked to|additional sanctions information|secondary sanctions risk|website|email|e-mail|telephone|phone|fax|gender|title|organization established date|organization type|listing date|transactions prohibited|executive order|ifca determination|caatsa|vessel year of build|vessel flag|effective date|target type|all offices worldwide)/i;

/** Parse the OFAC Remarks field: "DOB 28 Jul 1963; POB Toledo District, Belize; Passport P0017003 (Belize); a.k.a. 'X'." */
export function parseOfacRemarks(remarks: string | undefined): ParsedRemarks {
  const out: ParsedRemarks = { aliases: [], datesOfBirth: [], placesOfBirth: [], nationalities: [], ids: [] };
  if (!remarks) return out;
  const body = remarks.trim().replace(/\.$/, '');
  for (const rawItem of body.split(/;\s+/)) {
    const item = rawItem.trim().replace(/^alt\.\s+/i, '');
    // The value group of each pattern is (.+): a match always has it.
    let m: RegExpExecArray | null;
    if ((m = /^(?:(weak)\s+)?[fn]?\.?\s*a\.k\.a\.?,?\s*'(.+)'\.?$/i.exec(item)) || (m = /^(?:(weak)\s+)?a\.k\.a\.?\s+(.+)$/i.exec(item))) {
      const [, weak, name] = m;
      if (name) out.aliases.push({ name: name.replace(/'$/, '').trim(), weak: Boolean(weak) });
    } else if ((m = /^DOB\s+(.+)$/i.exec(item))) {
      const [, dob] = m;
      if (dob) out.datesOfBirth.push(...normalizeDates(dob));
    } else if ((m = /^POB\s+(.+)$/i.exec(item))) {
      const [, pob] = m;
      if (pob) out.placesOfBirth.push(pob.trim());
    } else if ((m = /^(?:nationality|citizen)\s+(.+)$/i.exec(item))) {
      const c = countryCode(m[1]);
      if (c) out.nationalities.push(c);
    } else if (/\d/.test(item) && !NON_ID_PREFIX.test(item)) {
      const id = parseIdItem(item);
      if (id) out.ids.push(id);
    }
  }
  return out;
}

/** "Passport P0017003 (Belize)" → {type: Passport, number: P0017003, country: BZ}. */
function parseIdItem(item: string): Identifier | undefined {
  let rest = item;
  let country: string | undefined;
  const paren = /\(([^()]*)\)\s*\.?$/.exec(rest);
  if (paren) {
    const [, inParens = ''] = paren; // ([^()]*) always takes part in a match, possibly empty
    country = countryCode(inParens.replace(/^issued\s+/i, ''));
    rest = rest.slice(0, paren.index).trim();
  }
  const words = rest.split(/\s+/);
  const firstDigit = words.findIndex((w) => /\d/.test(w));
  if (firstDigit <= 0) return undefined;
  let typeEnd = firstDigit;
  // Keep "IMO", "MMSI" style prefixes with the number, not the type.
  if (typeEnd > 1 && /^[A-Z]{2,5}$/.test(words[typeEnd - 1] ?? '') && /identification|number/i.test(words[typeEnd - 2] ?? '')) typeEnd--;
  const type = words.slice(0, typeEnd).join(' ').replace(/[:#]$/, '').trim();
  const number = words.slice(typeEnd).join(' ').trim();
  if (!type || !number) return undefined;
  return country ? { type, number, country } : { type, number };
}

/** One record element of a large XML list file, parsed on its own (see forEachXmlRecord). */
export interface XmlRecord {
  element: XmlElement;
  /** 1-based line of its start tag in the file. */
  line: number;
}

/**
 * Finds the record elements (`<sanctionEntity>`, `<Designation>`...) of a large XML list file and
 * hands each to `onRecord` as its own small document, so no tree of the whole file is ever built:
 * a 25 MB file costs one pass over the text plus the records' own parsing. Records do not nest. A
 * record without its end tag, or a file whose root element is not closed, is a ListParseError with
 * the line, and so is a record that is not well-formed XML (the line of the error in the file).
 * The tag may carry a namespace prefix (`<fsd:sanctionEntity>`).
 */
export function forEachXmlRecord(text: string, file: string, tag: string, rootTag: string, onRecord: (record: XmlRecord) => void): number {
  const open = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?${tag})(?=[\\s/>])`, 'g');
  let line = 1;
  let counted = 0;
  const lineAt = (pos: number): number => {
    for (let k = text.indexOf('\n', counted); k !== -1 && k < pos; k = text.indexOf('\n', k + 1)) line++;
    counted = Math.max(counted, pos);
    return line;
  };
  let count = 0;
  let lastEnd = 0;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const start = m.index;
    const startLine = lineAt(start);
    const name = m[1] ?? tag;
    const tagEnd = text.indexOf('>', start);
    if (tagEnd === -1) throw new ListParseError(file, startLine, `unclosed <${name}> tag`);
    let end: number;
    if (text[tagEnd - 1] === '/') end = tagEnd + 1;
    else {
      const close = text.indexOf(`</${name}>`, tagEnd);
      if (close === -1) throw new ListParseError(file, startLine, `<${name}> is never closed`);
      const nested = text.indexOf(`<${name}`, tagEnd);
      if (nested !== -1 && nested < close && /[\s/>]/.test(text[nested + name.length + 1] ?? '')) {
        throw new ListParseError(file, startLine, `<${name}> is not closed before the next <${name}>`);
      }
      end = close + name.length + 3;
    }
    let element: XmlElement;
    try {
      element = parseXml(text.slice(start, end));
    } catch (err) {
      if (err instanceof XmlSyntaxError) throw new ListParseError(file, startLine + err.line - 1, `malformed XML: ${err.message}`);
      throw err;
    }
    onRecord({ element, line: startLine });
    count++;
    lastEnd = end;
    open.lastIndex = end;
  }
  const rootClose = new RegExp(`</(?:[A-Za-z_][\\w.-]*:)?${rootTag}\\s*>`);
  if (!rootClose.test(text.slice(lastEnd))) {
    throw new ListParseError(file, lineAt(text.length), `the file ends before </${rootTag}> (truncated?)`);
  }
  return count;
}
