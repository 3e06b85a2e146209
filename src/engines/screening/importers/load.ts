// Format detection and loading of list files from disk. Detection looks at the content
// (first bytes / header line) and, for the OFAC CSV sets, at the directory's file names.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ListParseError, type ListEntry, type ListFormat } from '../types.ts';
import { decodeText } from './common.ts';
import { parseCslCsv, parseCslJson } from './csl.ts';
import { parseDplText } from './dpl.ts';
import { parseOfacCsvSet, type OfacFiles } from './ofac.ts';
import { parseUnXml } from './un.ts';
import { parseEuFsfXml } from './eu.ts';
import { parseOfsiCsv, parseUkCsv, parseUkXml } from './uk.ts';

export const LIST_FORMATS: readonly ListFormat[] = ['csl', 'csl-json', 'ofac-sdn', 'ofac-cons', 'un', 'dpl', 'eu-fsf', 'uk-csv', 'uk-xml', 'ofsi-csv'];

const UNRECOGNISED =
  'unrecognised list format (expected CSL CSV/JSON, OFAC CSV, UN XML, BIS DPL, EU FSF XML, UK Sanctions List CSV/XML or OFSI ConList CSV)';

/** The EU FSF XML, the UK Sanctions List XML or the UN XML, from the root element. */
function detectXml(head: string): ListFormat | undefined {
  if (/<CONSOLIDATED_LIST[\s>]/.test(head)) return 'un';
  if (/<(?:[A-Za-z_][\w.-]*:)?export[\s>]/.test(head) && /fpi\/fsd\/export|<(?:[A-Za-z_][\w.-]*:)?sanctionEntity[\s>]/.test(head)) return 'eu-fsf';
  if (/<(?:[A-Za-z_][\w.-]*:)?Designations[\s>]/.test(head)) return 'uk-xml';
  return undefined;
}

/** The UK Sanctions List and OFSI ConList CSVs: a date line, then a header with "Unique ID" / "Group ID" and "Name 6". */
function detectUkCsv(head: string): ListFormat | undefined {
  for (const line of head.split(/\r?\n/, 4)) {
    const cols = line.split(',').map((c) => c.replace(/"/g, '').trim().toLowerCase());
    if (!cols.includes('name 6')) continue;
    if (cols.includes('unique id')) return 'uk-csv';
    if (cols.includes('group id')) return 'ofsi-csv';
  }
  return undefined;
}

/** Detect the format of one list file from its text; undefined when unrecognised. */
export function detectFormat(text: string, fileName = ''): ListFormat | undefined {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return detectXml(head);
  if (head.startsWith('{') || head.startsWith('[')) return 'csl-json';
  const uk = detectUkCsv(head);
  if (uk) return uk;
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (/^"?Name"?\t/.test(firstLine) && /Effective_Date/.test(firstLine)) return 'dpl';
  const cols = firstLine.split(',').map((c) => c.replace(/"/g, '').trim());
  if (cols.includes('source') && cols.includes('name')) return 'csl';
  if (/^\d+,"?[^,]/.test(firstLine)) {
    return /cons_/i.test(basename(fileName)) ? 'ofac-cons' : 'ofac-sdn';
  }
  return undefined;
}

/** Parse one single-file list (every format but the OFAC sets, which span several files). */
export function parseListText(text: string, file: string, format?: ListFormat): ListEntry[] {
  const fmt = format ?? detectFormat(text, file);
  switch (fmt) {
    case 'csl':
      return parseCslCsv(text, file);
    case 'csl-json':
      return parseCslJson(text, file);
    case 'un':
      return parseUnXml(text, file);
    case 'dpl':
      return parseDplText(text, file);
    case 'eu-fsf':
      return parseEuFsfXml(text, file);
    case 'uk-csv':
      return parseUkCsv(text, file);
    case 'uk-xml':
      return parseUkXml(text, file);
    case 'ofsi-csv':
      return parseOfsiCsv(text, file);
    case 'ofac-sdn':
    case 'ofac-cons':
      return parseOfacCsvSet({ main: { file, text } }, fmt === 'ofac-sdn' ? 'sdn' : 'cons');
    default:
      throw new ListParseError(file, 1, UNRECOGNISED);
  }
}

const OFAC_SETS = {
  sdn: { main: 'sdn.csv', add: 'add.csv', alt: 'alt.csv', comments: 'sdn_comments.csv' },
  cons: { main: 'cons_prim.csv', add: 'cons_add.csv', alt: 'cons_alt.csv', comments: 'cons_comments.csv' },
} as const;

async function readText(path: string): Promise<string> {
  return decodeText(await readFile(path));
}

async function loadOfacDir(dir: string, names: string[], kind: 'sdn' | 'cons'): Promise<ListEntry[]> {
  const spec = OFAC_SETS[kind];
  const find = (n: string) => names.find((x) => x.toLowerCase() === n);
  const part = async (n: string) => {
    const found = find(n);
    if (!found) return undefined;
    const file = join(dir, found);
    return { file, text: await readText(file) };
  };
  const main = await part(spec.main);
  if (!main) throw new ListParseError(join(dir, spec.main), undefined, 'file not found');
  const files: OfacFiles = { main };
  const add = await part(spec.add);
  const alt = await part(spec.alt);
  const comments = await part(spec.comments);
  if (add) files.add = add;
  if (alt) files.alt = alt;
  if (comments) files.comments = comments;
  return parseOfacCsvSet(files, kind);
}

/**
 * Load a list from a path: a file of any supported format, or a directory holding an OFAC
 * CSV set (sdn.csv + add/alt/sdn_comments, or cons_prim.csv + cons_*). Given an sdn.csv or
 * cons_prim.csv file, the sibling files are read too.
 */
export async function loadListPath(path: string, format?: ListFormat): Promise<ListEntry[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ListParseError(path, undefined, 'no such file or directory');
  if (info.isDirectory()) {
    const names = await readdir(path);
    const lower = names.map((n) => n.toLowerCase());
    const results: ListEntry[] = [];
    if ((format === undefined || format === 'ofac-sdn') && lower.includes('sdn.csv')) {
      results.push(...(await loadOfacDir(path, names, 'sdn')));
    }
    if ((format === undefined || format === 'ofac-cons') && lower.includes('cons_prim.csv')) {
      results.push(...(await loadOfacDir(path, names, 'cons')));
    }
    if (results.length === 0 && !lower.includes('sdn.csv') && !lower.includes('cons_prim.csv')) {
      throw new ListParseError(path, undefined, 'directory holds no OFAC CSV set (sdn.csv or cons_prim.csv)');
    }
    return results;
  }
  const text = await readText(path);
  const fmt = format ?? detectFormat(text, path);
  if (fmt === 'ofac-sdn' || fmt === 'ofac-cons') {
    const dir = dirname(path);
    const names = await readdir(dir);
    const kind = fmt === 'ofac-sdn' ? 'sdn' : 'cons';
    if (basename(path).toLowerCase() === OFAC_SETS[kind].main) return loadOfacDir(dir, names, kind);
    return parseOfacCsvSet({ main: { file: path, text } }, kind);
  }
  return parseListText(text, path, fmt);
}
