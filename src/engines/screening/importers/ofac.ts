// OFAC legacy CSV sets: the SDN list (sdn.csv, add.csv, alt.csv, sdn_comments.csv) and the
// consolidated non-SDN list (cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv).
// No header, "-0-" for null, CRLF or LF, a trailing 0x1A, several programs joined by "] [".
import { countryCode } from '../countries.ts';
import { effectOf } from '../effects.ts';
import { ListParseError, type Alias, type ListCode, type ListEntry } from '../types.ts';
import { entityTypeOf, parseCsvRecords, parseOfacRemarks, type CsvRecord } from './common.ts';

export interface OfacFiles {
  /** sdn.csv or cons_prim.csv */
  main: { file: string; text: string };
  add?: { file: string; text: string };
  alt?: { file: string; text: string };
  comments?: { file: string; text: string };
}

function nul(v: string | undefined): string {
  const t = (v ?? '').trim();
  return t === '-0-' ? '' : t;
}

/** A record of an OFAC file, with its entity number (the first column, checked numeric). */
interface OfacRecord extends CsvRecord {
  entNum: string;
}

function records(part: { file: string; text: string }, columns: number): OfacRecord[] {
  return parseCsvRecords(part.text, part.file).map(({ fields, line }) => {
    if (fields.length !== columns) {
      throw new ListParseError(part.file, line, `expected ${columns} columns, found ${fields.length}`);
    }
    const entNum = fields[0]?.trim() ?? '';
    if (!/^\d+$/.test(entNum)) {
      throw new ListParseError(part.file, line, `entity number "${fields[0]}" is not numeric`);
    }
    return { fields, line, entNum };
  });
}

/**
 * The consolidated (non-SDN) file mixes several CSL lists; the program decides which.
 * SSI: EO 13662 directives; PLC: NS-PLC; CMIC: EO 13959; CAP: CAPTA (31 CFR 561); FSE: EO 13608;
 * everything else there is menu-based (NS-MBS).
 */
export function consListCode(programs: string[]): ListCode {
  const p = programs.join(' ');
  if (/FSE-/.test(p)) return 'FSE';
  if (/NS-PLC/.test(p)) return 'PLC';
  if (/CMIC/.test(p)) return 'CMIC';
  if (/561-Related|CAPTA/i.test(p)) return 'CAP';
  if (/UKRAINE-EO13662/.test(p)) return 'SSI';
  return 'NS-MBS';
}

export function parseOfacCsvSet(files: OfacFiles, kind: 'sdn' | 'cons'): ListEntry[] {
  const main = records(files.main, 12);
  const comments = new Map<string, string>();
  if (files.comments) {
    for (const r of records(files.comments, 2)) {
      const id = r.entNum;
      comments.set(id, (comments.get(id) ?? '') + nul(r.fields[1]));
    }
  }
  const byId = new Map<string, ListEntry>();
  const entries: ListEntry[] = [];
  for (const r of main) {
    const f = r.fields;
    const entNum = r.entNum;
    const name = nul(f[1]);
    if (!name) throw new ListParseError(files.main.file, r.line, `entry ${entNum} has no name`);
    if (byId.has(entNum)) throw new ListParseError(files.main.file, r.line, `duplicate entity number ${entNum}`);
    const programs = nul(f[3])
      .split(/\]\s*\[/)
      .map((p) => p.replace(/^\[|\]$/g, '').trim())
      .filter(Boolean);
    const remarks = nul(f[11]) + (comments.get(entNum) ?? '');
    const parsed = parseOfacRemarks(remarks);
    let type = entityTypeOf(nul(f[2]));
    if (type === 'unknown') type = nul(f[6]) || nul(f[5]) ? 'vessel' : 'organization';
    const list: ListCode = kind === 'sdn' ? 'SDN' : consListCode(programs);
    const aliases: Alias[] = parsed.aliases.map((a) => ({ name: a.name, type: a.weak ? 'weak' : 'aka' }));
    const entry: ListEntry = {
      list,
      entryId: entNum,
      type,
      programs,
      name,
      aliases,
      addresses: [],
      nationalities: [...new Set(parsed.nationalities)],
      datesOfBirth: [...new Set(parsed.datesOfBirth)],
      placesOfBirth: parsed.placesOfBirth,
      ids: parsed.ids,
      effect: effectOf(list),
      ...(remarks ? { remarks } : {}),
    };
    const vesselFlag = countryCode(nul(f[9]));
    if (vesselFlag) entry.nationalities.push(vesselFlag);
    byId.set(entNum, entry);
    entries.push(entry);
  }
  if (files.alt) {
    for (const r of records(files.alt, 5)) {
      const e = byId.get(r.entNum);
      const name = nul(r.fields[3]);
      if (!e || !name) continue; // alt rows of entries outside this file (partial snapshots)
      const t = nul(r.fields[2]).toLowerCase();
      const type = t === 'fka' ? 'fka' : t === 'nka' ? 'nka' : /weak/.test(nul(r.fields[4]).toLowerCase()) ? 'weak' : 'aka';
      if (!e.aliases.some((a) => a.name === name)) e.aliases.push({ name, type });
      else if (type !== 'aka') e.aliases = e.aliases.map((a) => (a.name === name ? { name, type } : a));
    }
  }
  if (files.add) {
    for (const r of records(files.add, 6)) {
      const e = byId.get(r.entNum);
      if (!e) continue;
      const parts = [nul(r.fields[2]), nul(r.fields[3]), nul(r.fields[4])].filter(Boolean);
      if (parts.length === 0) continue;
      const country = countryCode(nul(r.fields[4]));
      e.addresses.push(country ? { text: parts.join(', '), country } : { text: parts.join(', ') });
    }
  }
  return entries;
}
