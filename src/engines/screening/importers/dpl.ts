// BIS Denied Persons List, tab-separated text with a header:
// Name, Street_Address, City, State, Country, Postal_Code, Effective_Date, Expiration_Date,
// Standard_Order, Last_Update, Action, FR_Citation. It has no identifiers, so the entry id is
// a hash of the name, address and effective date (stable across re-imports of the same row).
import { createHash } from 'node:crypto';
import { countryCode } from '../countries.ts';
import { effectOf } from '../effects.ts';
import { ListParseError, type ListEntry } from '../types.ts';
import { parseCsvRecords } from './common.ts';

export const DPL_COLUMNS = [
  'Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date',
  'Expiration_Date', 'Standard_Order', 'Last_Update', 'Action', 'FR_Citation',
];

export function parseDplText(text: string, file: string): ListEntry[] {
  const [headerRecord, ...rows] = parseCsvRecords(text, file, '\t');
  if (!headerRecord) throw new ListParseError(file, 1, 'empty file');
  const header = headerRecord.fields.map((h) => h.trim());
  if (header[0] !== 'Name' || !header.includes('Effective_Date')) {
    throw new ListParseError(file, headerRecord.line, 'not a Denied Persons List header');
  }
  const at = (name: string) => header.indexOf(name);
  const out: ListEntry[] = [];
  for (const rec of rows) {
    const f = rec.fields.map((x) => x.trim());
    if (f.length !== header.length) throw new ListParseError(file, rec.line, `expected ${header.length} columns, found ${f.length}`);
    const name = f[at('Name')];
    if (!name) throw new ListParseError(file, rec.line, 'empty name');
    const street = f[at('Street_Address')];
    const addressParts = [street, f[at('City')], f[at('State')], f[at('Postal_Code')], f[at('Country')]].filter(Boolean);
    const country = countryCode(f[at('Country')]);
    const effective = f[at('Effective_Date')];
    const entryId = createHash('sha256')
      .update([name, street, f[at('City')], f[at('Country')], effective].join('\u0000').toUpperCase())
      .digest('hex')
      .slice(0, 24);
    out.push({
      list: 'DPL',
      entryId,
      type: 'unknown',
      programs: [],
      name,
      aliases: [],
      addresses: addressParts.length ? [country ? { text: addressParts.join(', '), country } : { text: addressParts.join(', ') }] : [],
      nationalities: [],
      datesOfBirth: [],
      placesOfBirth: [],
      ids: [],
      effect: effectOf('DPL'),
      remarks: [f[at('Action')], f[at('FR_Citation')]].filter(Boolean).join('; '),
    });
  }
  return out;
}
