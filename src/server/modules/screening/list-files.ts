// Reading list files into entries as stored (parsed, deduplicated, hashed, serialized): no database,
// so that the parse thread (list-parse-thread.ts) loads only this and the engine.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { detectFormat, effectFor, ListParseError, loadListPath, nexusEffectSettings, parseListText, type ListEntry, type ListFormat, type NexusEffectSettings } from '../../../engines/screening/index.ts';
import { unprocessable } from '../../../shared/errors.ts';

/** The list a file is a version of: CSV and JSON of the CSL are one list, and so are the UK files (CSV, XML, OFSI ConList). */
const LIST_CODE_OF_FORMAT: Partial<Record<ListFormat, string>> = { 'csl-json': 'csl', 'eu-fsf': 'eu', 'uk-csv': 'uk', 'uk-xml': 'uk', 'ofsi-csv': 'uk' };
const listCodeOf = (f: ListFormat): string => LIST_CODE_OF_FORMAT[f] ?? f;

/** Canonical JSON (sorted keys), so the same entry always hashes the same. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const entryHash = (e: ListEntry) => createHash('sha256').update(canonical(e)).digest('hex');

/**
 * A list's entries as they are stored, one per key (list and entry id; the first of duplicates is
 * kept), column by column: a parse thread hands them over as plain strings, which cross a thread
 * almost for free, where 10,000s of entry objects would take the main thread seconds to clone.
 */
export interface StoredEntries {
  lists: string[];
  ids: string[];
  names: string[];
  hashes: string[];
  json: string[];
}

export interface ParsedList {
  listCode: string;
  format: ListFormat;
  fileName: string;
  sha256: string;
  entries: StoredEntries;
}

/**
 * The effect an EU or UK entry is stored with. aiep does not yet record whether a transaction has an
 * EU or UK nexus, so every entry takes the no-nexus effect: `check` by default, or the installation's
 * SCREENING_EU_NO_NEXUS_EFFECT / SCREENING_UK_NO_NEXUS_EFFECT (validated at startup by config.ts).
 * Read from the environment because the parse thread and the CLI, which store entries too, have no
 * server config; every other list keeps the effect its importer gave.
 */
function withInstallationEffect(e: ListEntry, settings: NexusEffectSettings): ListEntry {
  if (e.list !== 'EU' && e.list !== 'UK') return e;
  const effect = effectFor(e.list, {}, settings);
  return effect === e.effect ? e : { ...e, effect };
}

/** The entries as stored: deduplicated by key, each with its content hash and JSON. */
export function storedEntries(listed: readonly ListEntry[]): StoredEntries {
  const out: StoredEntries = { lists: [], ids: [], names: [], hashes: [], json: [] };
  const seen = new Set<string>();
  const settings = nexusEffectSettings(process.env);
  for (const listedEntry of listed) {
    const e = withInstallationEffect(listedEntry, settings);
    const key = `${e.list}\u0000${e.entryId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.lists.push(e.list);
    out.ids.push(e.entryId);
    out.names.push(e.name.slice(0, 1000));
    out.hashes.push(entryHash(e));
    out.json.push(JSON.stringify(e));
  }
  return out;
}

function formatArg(format: string | undefined, text: string, fileName: string): ListFormat {
  if (format === 'csl') return detectFormat(text, fileName) === 'csl-json' ? 'csl-json' : 'csl';
  if (format) return format as ListFormat;
  const detected = detectFormat(text, fileName);
  if (!detected) throw new ListParseError(fileName, 1, 'unrecognised list format (expected CSL CSV/JSON, OFAC CSV, UN XML, BIS DPL, EU FSF XML, UK Sanctions List CSV/XML or OFSI ConList CSV)');
  return detected;
}

function malformed(err: unknown): never {
  if (err instanceof ListParseError) throw unprocessable('LIST_MALFORMED', err.message);
  throw err;
}

/** Parses an uploaded file; a malformed file is an error naming file and line. */
export function parseUploadedList(text: string, fileName: string, format?: string): ParsedList {
  try {
    const fmt = formatArg(format, text, fileName);
    const entries = storedEntries(parseListText(text, fileName, fmt));
    return { listCode: listCodeOf(fmt), format: fmt, fileName, sha256: createHash('sha256').update(text).digest('hex'), entries };
  } catch (err) {
    return malformed(err);
  }
}

/** Parses a list file or OFAC CSV directory from disk (the CLI). One result per list found. */
export async function parseListPath(path: string, format?: string): Promise<ParsedList[]> {
  try {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new ListParseError(path, undefined, 'no such file or directory');
    if (info.isDirectory()) {
      const names = (await readdir(path)).map((n) => n.toLowerCase());
      const kinds: ListFormat[] = format ? [format as ListFormat] : (['ofac-sdn', 'ofac-cons'] as const).filter((k) => names.includes(k === 'ofac-sdn' ? 'sdn.csv' : 'cons_prim.csv'));
      if (kinds.length === 0) throw new ListParseError(path, undefined, 'directory holds no OFAC CSV set (sdn.csv or cons_prim.csv)');
      const hash = createHash('sha256');
      for (const n of (await readdir(path)).sort()) if (n.toLowerCase().endsWith('.csv')) hash.update(await readFile(`${path}/${n}`));
      const sha = hash.digest('hex');
      const out: ParsedList[] = [];
      for (const k of kinds) out.push({ listCode: listCodeOf(k), format: k, fileName: basename(path), sha256: sha, entries: storedEntries(await loadListPath(path, k)) });
      return out;
    }
    const bytes = await readFile(path);
    const fmt = formatArg(format, bytes.toString('utf8'), path);
    return [{ listCode: listCodeOf(fmt), format: fmt, fileName: basename(path), sha256: createHash('sha256').update(bytes).digest('hex'), entries: storedEntries(await loadListPath(path, fmt)) }];
  } catch (err) {
    return malformed(err);
  }
}

