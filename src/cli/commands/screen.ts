// `aiep screen`: screen a CSV of parties against list files (streamed, one result per row),
// and `aiep screen pairs`: score name pairs. Exit codes: 0 nothing matched, 3 a match, 1 error
// (including rows that could not be screened when nothing matched).
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import {
  buildIndex,
  DEFAULT_THRESHOLD,
  loadListPath,
  scorePair,
  screenPartyRow,
  type ListEntry,
  type ScreeningIndex,
} from '../../engines/screening/index.ts';

const EXIT_NO_MATCH = 0;
const EXIT_ERROR = 1;
const EXIT_MATCH = 3;

/** Supplies list entries when no --list is given (the CLI installs the database's active lists). */
export type EntryLoader = () => Promise<readonly ListEntry[]>;

let defaultLoader: EntryLoader | undefined;

/** Let the application install the database-backed loader used when no --list is given. */
export function setDefaultEntryLoader(loader: EntryLoader | undefined): void {
  defaultLoader = loader;
}

class UsageError extends Error {}

function inputStream(path: string, stdin: Readable): Readable {
  return path === '-' ? stdin : createReadStream(path);
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

interface ScreenOptions {
  list?: string[];
  threshold?: string;
  format?: 'jsonl' | 'csv';
}

export interface ScreenIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

const CSV_COLUMNS = ['id', 'name', 'error', 'list', 'entryId', 'listName', 'matchedName', 'score', 'effect', 'explanation'];

/** Screen every row of INPUT; resolves to the exit code. */
/** What the run exits with if the reader downstream closes the pipe early (`| head`). */
let exitOnClosedPipe = 0;

async function assertReadable(input: string) {
  if (input === '-') return;
  await access(input).catch(() => {
    throw new UsageError(`cannot read input file ${input}`);
  });
}

export async function runScreen(input: string, opts: ScreenOptions, io: ScreenIo): Promise<number> {
  const threshold = opts.threshold === undefined ? DEFAULT_THRESHOLD : opts.threshold.trim() === '' ? NaN : Number(opts.threshold);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new UsageError(`--threshold must be a number between 0 and 1, got "${opts.threshold}"`);
  const format = opts.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format must be jsonl or csv, got "${format}"`);
  await assertReadable(input);
  // The header is checked (by the columns callback) before any list is loaded.
  let sawHeader = false;
  const parser = inputStream(input, io.stdin).pipe(
    parse({
      columns: (header: string[]) => {
        sawHeader = true;
        const cols = header.map((c) => c.trim().toLowerCase());
        if (!cols.includes('name')) throw new UsageError(`input CSV has no "name" column (columns: ${cols.join(', ') || 'none'})`);
        return cols;
      },
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }),
  );
  const rowsIterator = (parser as AsyncIterable<Record<string, string>>)[Symbol.asyncIterator]();
  const first = await rowsIterator.next().catch((err: unknown) => {
    throw err instanceof UsageError ? err : new UsageError(`cannot read input: ${(err as Error).message}`);
  });
  if (!sawHeader) throw new UsageError('input CSV is empty: it needs a header with a "name" column');

  let entries: readonly ListEntry[];
  if (opts.list && opts.list.length) {
    entries = (await Promise.all(opts.list.map((p) => loadListPath(p)))).flat();
  } else if (defaultLoader) {
    entries = await defaultLoader();
  } else {
    parser.destroy();
    throw new UsageError('no lists to screen against: pass --list PATH');
  }
  const index: ScreeningIndex = buildIndex(entries);

  const bar = io.stderr.isTTY
    ? new cliProgress.SingleBar({ stream: io.stderr, format: 'screening {value} rows | {matched} matched', fps: 5 }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(0, 0, { matched: 0 });
  let anyMatch = false;
  let rowErrors = 0;
  let rows = 0;
  let matchedRows = 0;
  if (format === 'csv') await write(io.stdout, stringify([CSV_COLUMNS]));
  try {
    for (let next = first; !next.done; next = await rowsIterator.next()) {
      const record = next.value;
      rows++;
      const id = record.id ?? String(rows);
      const name = record.name ?? '';
      const result = screenPartyRow(index, record, threshold);
      if (result.matches.length) {
        anyMatch = true;
        exitOnClosedPipe = EXIT_MATCH;
        matchedRows++;
      }
      if (result.error) rowErrors++;
      if (format === 'jsonl') {
        await write(io.stdout, JSON.stringify({ id, name, ...(result.error ? { error: result.error } : {}), matches: result.matches }) + '\n');
      } else {
        const lines = result.matches.length
          ? result.matches.map((m) => [id, name, '', m.list, m.entryId, m.name, m.matchedName, m.score, m.effect, m.explanation.summary])
          : [[id, name, result.error ?? '', '', '', '', '', '', '', '']];
        await write(io.stdout, stringify(lines));
      }
      bar?.update(rows, { matched: matchedRows });
    }
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError(`cannot read input at row ${rows + 1}: ${(err as Error).message}`);
  } finally {
    bar?.stop();
  }
  // A row that could not be screened is not a clear party: without any match, the run fails.
  if (rowErrors) io.stderr.write(`aiep screen: ${rowErrors} row(s) could not be screened (see their "error" field)\n`);
  return anyMatch ? EXIT_MATCH : rowErrors ? EXIT_ERROR : EXIT_NO_MATCH;
}

/** Score each name1/name2 row; writes the input columns plus score and match. */
async function runPairs(input: string, io: ScreenIo): Promise<number> {
  await assertReadable(input);
  const parser = inputStream(input, io.stdin).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true }));
  let header: string[] | undefined;
  let i1 = -1;
  let i2 = -1;
  let is = -1;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = row.map((h) => h.trim());
        const lower = header.map((h) => h.toLowerCase());
        i1 = lower.indexOf('name1');
        i2 = lower.indexOf('name2');
        is = lower.indexOf('schema');
        if (i1 < 0 || i2 < 0) throw new UsageError('input CSV needs "name1" and "name2" columns');
        await write(io.stdout, stringify([[...header, 'score', 'match']]));
        continue;
      }
      const r = scorePair(row[i1] ?? '', row[i2] ?? '', is >= 0 ? row[is] : undefined);
      await write(io.stdout, stringify([[...row, r.score.toFixed(4), String(r.match)]]));
    }
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError(`cannot read input: ${(err as Error).message}`);
  }
  if (!header) throw new UsageError('input CSV is empty');
  return EXIT_NO_MATCH;
}

function report(err: unknown, io: ScreenIo): number {
  io.stderr.write(`aiep screen: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT_ERROR;
}

export function registerScreenCommands(program: Command): void {
  const io: ScreenIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  // A closed pipe downstream (`| head`) ends the run quietly rather than with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(exitOnClosedPipe);
    throw err;
  });
  const screen = program
    .command('screen')
    .description('screen parties in a CSV (columns name, and optionally id, type, country, dob) against sanctions and export lists')
    .argument('<input>', 'input CSV file, or - for standard input')
    .option('--list <path>', 'list file or OFAC CSV directory to screen against (repeatable; format detected)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--threshold <t>', `match threshold between 0 and 1 (default ${DEFAULT_THRESHOLD})`)
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .action(async (input: string, opts: ScreenOptions) => {
      try {
        process.exitCode = await runScreen(input, opts, io);
      } catch (err) {
        process.exitCode = report(err, io);
      }
    });
  screen
    .command('pairs')
    .description('score name pairs: CSV with name1, name2 and optionally schema; adds score and match columns')
    .argument('<input>', 'input CSV file, or - for standard input')
    .action(async (input: string) => {
      try {
        process.exitCode = await runPairs(input, io);
      } catch (err) {
        process.exitCode = report(err, io);
      }
    });
}
