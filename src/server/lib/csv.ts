import { stringify } from 'csv-stringify/sync';

/** Cell text that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A CSV document with a header row; every text cell is made formula-safe. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return stringify([header, ...rows.map((r) => r.map((v) => (typeof v === 'string' ? csvSafe(v) : v ?? '')))]);
}
