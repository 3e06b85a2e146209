import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  consListCode,
  cslSourceCode,
  detectFormat,
  effectOf,
  ListParseError,
  LIST_EFFECTS,
  LIST_CODES,
  loadListPath,
  parseCslCsv,
  parseCslJson,
  parseDplText,
  parseOfacCsvSet,
  parseUnXml,
} from './index.ts';
import { normalizeDates, parseOfacRemarks } from './importers/common.ts';

const FIX = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const read = (f: string) => readFileSync(join(FIX, f), 'utf8');

function expectParseError(fn: () => unknown, file: string, line?: number) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ListParseError);
    const e = err as ListParseError;
    expect(e.file).toBe(file);
    if (line !== undefined) expect(e.line).toBe(line);
    expect(e.message).toContain(file);
    return;
  }
  throw new Error('expected a ListParseError');
}

describe('list effects', () => {
  it('has one effect and citation per list code', () => {
    for (const code of LIST_CODES) {
      expect(LIST_EFFECTS[code].citation.length).toBeGreaterThan(5);
    }
    expect(effectOf('SDN')).toBe('prohibited');
    expect(effectOf('EL')).toBe('license_required');
    expect(effectOf('DPL')).toBe('prohibited');
    expect(effectOf('UVL')).toBe('red_flag');
    expect(effectOf('MEU')).toBe('license_required');
  });
});

describe('CSL CSV', () => {
  it('parses the 29-column layout with _id and every source', () => {
    const entries = parseCslCsv(read('csl_one_per_source.csv'), 'one.csv');
    expect(entries).toHaveLength(13);
    const lists = new Set(entries.map((e) => e.list));
    for (const l of ['ISN', 'UVL', 'MEU', 'PLC', 'SDN', 'DTC', 'DPL', 'SSI', 'FSE', 'EL']) expect(lists).toContain(l);
    const isn = entries.find((e) => e.list === 'ISN')!;
    expect(isn.name).toBe('Sinobright Import and Export Company');
    expect(isn.entryId).toBe('233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b');
    const uvl = entries.find((e) => e.list === 'UVL')!;
    expect(uvl.addresses[0]?.country).toBe('AM');
    expect(uvl.effect).toBe('red_flag');
    const sdn = entries.find((e) => e.list === 'SDN')!;
    expect(sdn.type).toBe('person');
    expect(sdn.entryId).toBe('52291');
    expect(sdn.datesOfBirth).toEqual(['1978-12-05']);
    expect(sdn.ids).toContainEqual({ type: 'Passport', number: '836238033', country: 'KP' });
  });

  it('parses the older 28-column layout without _id (stable hashed ids)', () => {
    const a = parseCslCsv(read('csl_2019_28col.csv'), 'old.csv');
    const b = parseCslCsv(read('csl_2019_28col.csv'), 'old.csv');
    expect(a.length).toBe(11);
    expect(a[0]?.list).toBe('DPL');
    expect(a[0]?.name).toBe('ADRIAN MANUEL HERNANDEZ');
    expect(a.map((e) => e.entryId)).toEqual(b.map((e) => e.entryId));
  });

  it('skips a header repeated on line 2', () => {
    const entries = parseCslCsv(read('csl_repeated_header.csv'), 'rep.csv');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.name).not.toBe('name');
  });

  it('maps source labels to codes', () => {
    expect(cslSourceCode('Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department')).toBe('NS-MBS');
    expect(cslSourceCode('Military End User (MEU) List - Bureau of Industry and Security')).toBe('MEU');
    expect(cslSourceCode('Capta List (CAP) - Treasury Department')).toBe('CAP');
    expect(cslSourceCode('Something else')).toBeUndefined();
  });

  it('rejects a truncated file with the file and line', () => {
    const text = read('csl_one_per_source.csv');
    const cut = text.slice(0, text.indexOf('Atlas Sanatgaran') + 5);
    expectParseError(() => parseCslCsv(cut, 'cut.csv'), 'cut.csv');
  });

  it('rejects a row with the wrong column count, naming its line', () => {
    const lines = read('csl_one_per_source.csv').split('\n');
    lines[3] = '"x","Entity List (EL) - Bureau of Industry and Security","Y"';
    expectParseError(() => parseCslCsv(lines.join('\n'), 'bad.csv'), 'bad.csv', 4);
  });

  it('rejects an unknown source and a missing header column', () => {
    const lines = read('csl_2019_28col.csv').split('\n');
    const row = lines[2];
    if (row === undefined) throw new Error('fixture csl_2019_28col.csv has no line 3');
    lines[2] = row.replace('Nonproliferation Sanctions (ISN) - State Department', 'Unknown list');
    expectParseError(() => parseCslCsv(lines.join('\n'), 'src.csv'), 'src.csv', 3);
    expectParseError(() => parseCslCsv('a,b\n1,2\n', 'hdr.csv'), 'hdr.csv', 1);
  });
});

describe('CSL JSON', () => {
  it('parses the API results shape', () => {
    const entries = parseCslJson(read('csl_api.json'), 'api.json');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ list: 'EL', entryId: 'e5b1c8f0a1', effect: 'license_required' });
    expect(entries[0]?.aliases.map((a) => a.name)).toEqual(['MIPT', 'Phystech']);
    expect(entries[0]?.addresses[0]?.country).toBe('RU');
    expect(entries[1]).toMatchObject({ list: 'SDN', entryId: '36089', type: 'person', datesOfBirth: ['1953-01-31'] });
    expect(entries[1]?.ids[0]).toEqual({ type: 'Passport', number: '100005127', country: 'RU' });
  });

  it('rejects malformed JSON with a line and a record without a name', () => {
    expectParseError(() => parseCslJson('{\n"results": [\n{"name": }\n]}', 'bad.json'), 'bad.json', 3);
    expectParseError(() => parseCslJson('{"results":[{"source":"SDN","name":""}]}', 'empty.json'), 'empty.json');
  });
});

describe('OFAC legacy CSV', () => {
  const part = (dir: string, f: string) => ({ file: `${dir}/${f}`, text: read(`${dir}/${f}`) });

  it('parses the SDN set: -0- nulls, programs, remarks, aliases, addresses', () => {
    const d = 'ofac/sdn_mini';
    const entries = parseOfacCsvSet({ main: part(d, 'sdn.csv'), add: part(d, 'add.csv'), alt: part(d, 'alt.csv'), comments: part(d, 'sdn_comments.csv') }, 'sdn');
    expect(entries).toHaveLength(17);
    const logan = entries.find((e) => e.entryId === '10278')!;
    expect(logan).toMatchObject({ list: 'SDN', type: 'person', programs: ['SDNT'], datesOfBirth: ['1963-07-28'], placesOfBirth: ['Toledo District, Belize'] });
    expect(logan.ids).toContainEqual({ type: 'Passport', number: 'P0017003', country: 'BZ' });
    expect(logan.aliases.map((a) => a.name)).toContain('BURTON BURGESS');
    const iran = entries.find((e) => e.entryId === '11195')!;
    expect(iran.programs).toEqual(['NPWMD', 'IFSR', 'IRAN-CON-ARMS-EO']);
    expect(iran.type).toBe('organization');
    expect(iran.aliases.map((a) => a.name)).toContain('HESA TRADE CENTER');
    expect(iran.addresses.some((a) => a.country === 'IR')).toBe(true);
    expect(entries.some((e) => e.type === 'vessel')).toBe(true);
    expect(entries.some((e) => e.type === 'aircraft')).toBe(true);
    // sdn_comments continues the remarks of entity 33151
    expect(entries.find((e) => e.entryId === '33151')?.remarks).toContain('SUCCESSFUL EXCHANGE');
  });

  it('parses the consolidated non-SDN set with CRLF and 0x1A and assigns the CSL list by program', async () => {
    const entries = await loadListPath(join(FIX, 'ofac/cons_mini'));
    expect(new Set(entries.map((e) => e.list))).toEqual(new Set(['PLC', 'CAP', 'SSI', 'NS-MBS', 'CMIC']));
    expect(consListCode(['FSE-IR'])).toBe('FSE');
  });

  it('rejects a malformed row, naming the file and line', () => {
    const text = read('ofac/sdn_mini/sdn.csv').split('\r\n');
    text[2] = '12685,"BROKEN ROW",-0- ';
    expectParseError(() => parseOfacCsvSet({ main: { file: 'sdn.csv', text: text.join('\r\n') } }, 'sdn'), 'sdn.csv', 3);
    expectParseError(() => parseOfacCsvSet({ main: { file: 'x.csv', text: 'abc,"x",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n' } }, 'sdn'), 'x.csv', 1);
  });

  it('parses remarks items and dates', () => {
    const r = parseOfacRemarks("DOB 1958 to 1960; nationality Iran; National ID No. 123456 (Iran); a.k.a. 'ABC'; Linked To: X 12.");
    expect(r.datesOfBirth).toEqual(['1958', '1959', '1960']);
    expect(r.nationalities).toEqual(['IR']);
    expect(r.ids).toEqual([{ type: 'National ID No.', number: '123456', country: 'IR' }]);
    expect(r.aliases).toEqual([{ name: 'ABC', weak: false }]);
    expect(normalizeDates('circa 1963')).toEqual(['1963']);
    expect(normalizeDates('Jul 1963')).toEqual(['1963-07']);
  });
});

describe('UN consolidated XML', () => {
  it('parses individuals and entities with original-script names', () => {
    const entries = parseUnXml(read('un_mini.xml'), 'un.xml');
    expect(entries).toHaveLength(7);
    const badege = entries.find((e) => e.entryId === 'CDi.001')!;
    expect(badege).toMatchObject({ list: 'UN', type: 'person', name: 'ERIC BADEGE', nationalities: ['CD'], datesOfBirth: ['1971'], effect: 'prohibited' });
    const saddam = entries.find((e) => e.aliases.some((a) => a.type === 'original_script'))!;
    expect(saddam.aliases.find((a) => a.type === 'original_script')?.name).toMatch(/صدام/);
    expect(entries.filter((e) => e.type === 'organization')).toHaveLength(2);
  });

  it('rejects malformed XML with a line number', () => {
    const text = read('un_mini.xml').replace('</FIRST_NAME>', '</FIRSTNAME>');
    expectParseError(() => parseUnXml(text, 'un.xml'), 'un.xml', 7);
    expectParseError(() => parseUnXml('<OTHER/>', 'o.xml'), 'o.xml', 1);
  });
});

describe('BIS DPL text', () => {
  it('parses tab-separated rows with stable hash ids', () => {
    const entries = parseDplText(read('dpl_mini.txt'), 'dpl.txt');
    expect(entries).toHaveLength(5);
    expect(entries[0]).toMatchObject({ list: 'DPL', name: 'I. ASH', effect: 'prohibited' });
    expect(entries[0]?.addresses[0]?.country).toBe('US');
    expect(entries[0]?.entryId).toMatch(/^[0-9a-f]{24}$/);
    expect(parseDplText(read('dpl_mini.txt'), 'other.txt')[0]?.entryId).toBe(entries[0]?.entryId);
  });

  it('rejects a row with missing columns', () => {
    const text = read('dpl_mini.txt') + '"ONLY A NAME"\t"x"\n';
    expectParseError(() => parseDplText(text, 'dpl.txt'), 'dpl.txt', 7);
  });
});

describe('format detection and loading', () => {
  it('detects formats from content', () => {
    expect(detectFormat(read('csl_one_per_source.csv'))).toBe('csl');
    expect(detectFormat(read('csl_2019_28col.csv'))).toBe('csl');
    expect(detectFormat(read('csl_api.json'))).toBe('csl-json');
    expect(detectFormat(read('un_mini.xml'))).toBe('un');
    expect(detectFormat(read('dpl_mini.txt'))).toBe('dpl');
    expect(detectFormat(read('ofac/sdn_mini/sdn.csv'), 'sdn.csv')).toBe('ofac-sdn');
    expect(detectFormat(read('ofac/cons_mini/cons_prim.csv'), 'cons_prim.csv')).toBe('ofac-cons');
    expect(detectFormat('hello world')).toBeUndefined();
  });

  it('loads an OFAC directory, a single sdn.csv with its siblings, and other files', async () => {
    const dir = await loadListPath(join(FIX, 'ofac/sdn_mini'));
    const file = await loadListPath(join(FIX, 'ofac/sdn_mini/sdn.csv'));
    expect(file).toEqual(dir);
    expect((await loadListPath(join(FIX, 'un_mini.xml'))).length).toBe(7);
  });

  it('fails on unknown formats and missing paths, with nothing returned', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'aiep-lists-'));
    writeFileSync(join(tmp, 'x.txt'), 'just some text\n');
    mkdirSync(join(tmp, 'empty'));
    await expect(loadListPath(join(tmp, 'x.txt'))).rejects.toThrow(/x\.txt:1: unrecognised list format/);
    await expect(loadListPath(join(tmp, 'missing'))).rejects.toThrow(ListParseError);
    await expect(loadListPath(join(tmp, 'empty'))).rejects.toThrow(/no OFAC CSV set/);
  });
});
