// Screening data of the cluster test: list files (a small fixture list grown with synthetic entries,
// so that screening a batch takes long enough to be interrupted) and batches of synthetic parties,
// some of which match the fixture list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCREENING_FIXTURES = join(import.meta.dirname, '../../modules/screening/__fixtures__');

/** A party name every version of the test's list matches (entry `t-el-jade` of the fixture lists). */
export const MATCHING_NAME = 'Shenzhen Jade Holdings';
export const MATCHING_ENTRY = 't-el-jade';
/** Only the second version of the list has this entry (csl_test_v2.csv). */
export const NEW_VERSION_NAME = 'Northwind Avionics';
export const NEW_VERSION_ENTRY = 't-el-northwind';

const FIRST = ['Harbor', 'Pacific', 'Summit', 'Delta', 'Cedar', 'Orion', 'Granite', 'Blue', 'Northern', 'Silver'];
const SECOND = ['Logistics', 'Analytics', 'Foundry', 'Systems', 'Holdings', 'Trading', 'Networks', 'Labs', 'Energy', 'Cloud'];
const SUFFIX = ['Group', 'Company', 'Partners', 'International'];

/**
 * A CSL CSV: the entries of a fixture list (`csl_test_v1.csv` or `csl_test_v2.csv`) and `synthetic`
 * more, named like the batch parties (so each party has many candidates to score) but matching none.
 */
export function cslList(fixture: 'csl_test_v1.csv' | 'csl_test_v2.csv', synthetic: number): string {
  const [header, ...rows] = readFileSync(join(SCREENING_FIXTURES, fixture), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const columns = header!.split(',').length;
  const lines = [header!, ...rows];
  for (let i = 0; i < synthetic; i++) {
    const cells = Array<string>(columns).fill('');
    cells[0] = `syn-${i}`;
    cells[1] = 'Entity List (EL) - Bureau of Industry and Security';
    cells[5] = `${FIRST[i % 10]} ${SECOND[(i * 7) % 10]} ${SUFFIX[i % 4]} ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}`;
    lines.push(cells.map((c) => `"${c}"`).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export interface BatchParty {
  id: string;
  name: string;
}

/** Every this many rows, one is MATCHING_NAME. */
export const MATCH_EVERY = 50;

/** `n` parties with ids r0…r(n-1) in order; every MATCH_EVERY-th (from row 7) is MATCHING_NAME. */
export function batchParties(n: number): BatchParty[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    name: i % MATCH_EVERY === 7 ? MATCHING_NAME : `${FIRST[i % 10]} ${SECOND[Math.floor(i / 10) % 10]} Partners ${i}`,
  }));
}
