// The EU (FSF XML 1.1) and UK (UK Sanctions List CSV / XML, OFSI ConList CSV) importers, their
// format detection, malformed files, the nexus-dependent legal effect, and screening against them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildIndex,
  detectFormat,
  effectFor,
  effectOf,
  LIST_CODES,
  LIST_EFFECTS,
  LIST_FORMATS,
  ListParseError,
  loadListPath,
  NEXUS_EFFECTS,
  nexusEffectSettings,
  parseEuFsfXml,
  parseListText,
  parseOfsiCsv,
  parseUkCsv,
  parseUkXml,
  type ListEntry,
} from './index.ts';
import { ukDate } from './importers/uk.ts';

const FIX = fileURLToPath(new URL('./__fixtures__/eu_uk/', import.meta.url));
const read = (f: string) => readFileSync(join(FIX, f), 'utf8');

/** The ListParseError `fn` throws (the test fails when it throws nothing or something else). */
function parseError(fn: () => unknown): ListParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ListParseError);
    return err as ListParseError;
  }
  throw new Error('expected a ListParseError');
}

const byId = (entries: ListEntry[], id: string): ListEntry => {
  const e = entries.find((x) => x.entryId === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};

describe('EU FSF XML 1.1', () => {
  const entries = parseEuFsfXml(read('eu_fsf_mini.xml'), 'eu.xml');

  it('reads every sanctionEntity: persons and enterprises, by logicalId', () => {
    expect(entries.map((e) => [e.entryId, e.type, e.list])).toEqual([
      ['900113', 'person', 'EU'],
      ['900140', 'organization', 'EU'],
      ['900177', 'person', 'EU'],
      ['900155', 'person', 'EU'],
    ]);
    expect(entries.every((e) => e.effect === 'check')).toBe(true);
  });

  it('takes the first strong Latin-script name as primary; other names are aliases by strength and script', () => {
    const p = byId(entries, '900113');
    expect(p.name).toBe('Aleksandr Ivanovich PETROVSKY');
    expect(p.aliases).toEqual([
      { name: 'Александр Иванович Петровский', type: 'original_script' },
      { name: 'Oleksandr Ivanovych PETROVSKYI', type: 'aka' },
      { name: 'Sasha', type: 'weak' },
    ]);
    const k = byId(entries, '900177');
    expect(k.aliases).toContainEqual({ name: 'محمد علي حسن الخطيب', type: 'original_script' });
    expect(k.aliases).toContainEqual({ name: 'Abu Hassan', type: 'weak' });
    // Entities decode entities in attributes; a name given only as first/last name is joined.
    expect(byId(entries, '900140').name).toBe('Joint Stock Company "Severny Zavod"');
    expect(byId(entries, '900155').name).toBe('Jean-Pierre Mbemba Kalonji');
  });

  it('reads birth dates (full, year and month, year only), places, citizenships, identifications, addresses', () => {
    const p = byId(entries, '900113');
    expect(p.datesOfBirth).toEqual(['1961-04-12', '1962']);
    expect(p.placesOfBirth).toEqual(['Kursk, RUSSIAN FEDERATION']);
    expect(p.nationalities).toEqual(['RU']);
    expect(p.ids).toEqual([{ type: 'National passport', number: '7200012345', country: 'RU' }]);
    expect(p.addresses).toEqual([{ text: 'Ulitsa Tverskaya 7, apt. 12, Moscow, 125009, RUSSIAN FEDERATION', country: 'RU' }]);
    expect(byId(entries, '900177').datesOfBirth).toEqual(['1970-03', '1971']);
    expect(byId(entries, '900140').ids.map((i) => i.number)).toEqual(['1027800000123', '7805000123']);
    expect(byId(entries, '900140').datesOfBirth).toEqual([]);
    // Country "00" / UNKNOWN is no country, and an address of nothing else is dropped.
    const m = byId(entries, '900155');
    expect(m.addresses).toEqual([]);
    expect(m.nationalities).toEqual(['CD']);
  });

  it('reads programmes, the designation date and the reference numbers', () => {
    expect(byId(entries, '900113')).toMatchObject({ programs: ['UKR'], listedOn: '2022-02-23' });
    expect(byId(entries, '900140')).toMatchObject({ programs: ['RUS'], listedOn: '2023-06-23' });
    const m = byId(entries, '900155');
    expect(m).toMatchObject({ programs: ['COD'], listedOn: '2016-12-12' });
    expect(m.remarks).toContain('EU reference number EU.9004.55');
    expect(m.remarks).toContain('UN ID CDi.901');
    expect(byId(entries, '900113').remarks).toContain('State Duma');
  });

  it('accepts a namespace prefix on the elements', () => {
    const xml = '<fsd:export xmlns:fsd="http://eu.europa.ec/fpi/fsd/export">\n<fsd:sanctionEntity logicalId="1">\n<fsd:subjectType code="enterprise"/>\n<fsd:nameAlias wholeName="Prefixed Trading LLC" strong="true"/>\n</fsd:sanctionEntity>\n</fsd:export>\n';
    expect(parseEuFsfXml(xml, 'p.xml')).toMatchObject([{ entryId: '1', name: 'Prefixed Trading LLC', type: 'organization' }]);
  });

  it('a malformed file is a ListParseError with file and line; a truncated one too', () => {
    const e = parseError(() => parseEuFsfXml(read('eu_fsf_malformed.xml'), 'bad.xml'));
    expect(e.file).toBe('bad.xml');
    expect(e.line).toBe(35);
    expect(e.message).toMatch(/^bad\.xml:35: malformed XML: closing tag <\/sanctionEntity> does not match <nameAlias>/);
    const text = read('eu_fsf_mini.xml');
    const truncated = parseError(() => parseEuFsfXml(text.slice(0, text.indexOf('logicalId="900177"') + 200), 'cut.xml'));
    expect(truncated.line).toBe(36); // the <sanctionEntity> cut off
    expect(truncated.message).toContain('never closed');
    const noRoot = parseError(() => parseEuFsfXml(text.replace('</export>', ''), 'noroot.xml'));
    expect(noRoot.message).toContain('</export>');
  });

  it('an entity without logicalId or without any name is refused with its line', () => {
    const head = '<export xmlns="http://eu.europa.ec/fpi/fsd/export">\n';
    const noId = parseError(() => parseEuFsfXml(`${head}<sanctionEntity>\n<nameAlias wholeName="X"/>\n</sanctionEntity>\n</export>`, 'a.xml'));
    expect([noId.line, noId.message]).toEqual([2, 'a.xml:2: <sanctionEntity> has no logicalId']);
    const noName = parseError(() => parseEuFsfXml(`${head}\n<sanctionEntity logicalId="7">\n<nameAlias wholeName=""/>\n</sanctionEntity>\n</export>`, 'b.xml'));
    expect(noName.line).toBe(3);
    expect(noName.message).toContain('has no name');
  });
});

describe('UK Sanctions List CSV', () => {
  const entries = parseUkCsv(read('uk_sanctions_list_mini.csv'), 'uk.csv');

  it('groups the name rows of a designation by Unique ID', () => {
    expect(entries.map((e) => [e.entryId, e.type])).toEqual([
      ['RUS9901', 'person'],
      ['CTI0042', 'organization'],
      ['RUS9902', 'vessel'],
    ]);
    expect(entries.every((e) => e.list === 'UK' && e.effect === 'check')).toBe(true);
  });

  it('primary name, variations and aliases (with strength), non-Latin names', () => {
    const iv = byId(entries, 'RUS9901');
    expect(iv.name).toBe('Sergei Petrovich IVANOV');
    expect(iv.aliases).toEqual([
      { name: 'Sergey IVANOFF', type: 'aka' },
      { name: 'Sergej Petrowitsch IWANOW', type: 'aka' },
      { name: 'Сергей Петрович ИВАНОВ', type: 'original_script' },
    ]);
    const noor = byId(entries, 'CTI0042');
    expect(noor.name).toBe('AL-NOOR EXCHANGE COMPANY');
    expect(noor.aliases).toEqual([
      { name: 'NOOR MONEY TRANSFER', type: 'weak' },
      { name: 'AL NUR EXCHANGE', type: 'aka' },
      { name: 'شركة النور للصرافة', type: 'original_script' },
    ]);
  });

  it('dates of birth (00 = unknown part), nationality, passport and national ID, birth place, addresses, IMO', () => {
    const iv = byId(entries, 'RUS9901');
    expect(iv.datesOfBirth).toEqual(['1965-02-14', '1966']);
    expect(iv.nationalities).toEqual(['RU']);
    expect(iv.ids).toEqual([
      { type: 'Passport', number: '753123456', country: 'RU' },
      { type: 'National identification number', number: '4510123456', country: 'RU' },
    ]);
    expect(iv.placesOfBirth).toEqual(['Leningrad, Russia']);
    expect(iv.addresses).toEqual([{ text: 'Ulitsa Tverskaya 7, Moscow, 125009, Russia', country: 'RU' }]);
    expect(byId(entries, 'CTI0042').addresses).toEqual([
      { text: 'Souq Al-Hamidiyah, Shop 14, Damascus, Syria', country: 'SY' },
      { text: 'Al-Jalaa Street, Idlib, Syria', country: 'SY' },
    ]);
    expect(byId(entries, 'RUS9902').ids).toEqual([{ type: 'IMO', number: '9123456' }]);
  });

  it('regime, designation date, group and UN references, other information (a quoted multi-line cell)', () => {
    expect(byId(entries, 'RUS9901')).toMatchObject({ programs: ['The Russia (Sanctions) (EU Exit) Regulations 2019'], listedOn: '2022-03-15' });
    const noor = byId(entries, 'CTI0042');
    expect(noor).toMatchObject({ programs: ["ISIL (Da'esh) and Al-Qaida"], listedOn: '2018-05-04' });
    expect(noor.remarks).toBe('OFSI Group ID 13377; UN Reference Number QDe.901; (UK Sanctions List Ref):CTI0042. (UN Ref):QDe.901. Money exchange business, branches in Damascus and Idlib.');
  });

  it('the UK Sanctions List XML gives the same entries as the CSV', () => {
    expect(parseUkXml(read('uk_sanctions_list_mini.xml'), 'uk.xml')).toEqual(entries);
  });

  it('dd/mm/yyyy with 00 for unknown parts', () => {
    expect(ukDate('14/02/1965')).toEqual(['1965-02-14']);
    expect(ukDate('00/02/1965')).toEqual(['1965-02']);
    expect(ukDate('00/00/1965')).toEqual(['1965']);
    expect(ukDate('1965')).toEqual(['1965']);
    expect(ukDate('')).toEqual([]);
  });

  it('malformed CSV: a clear error with the line; a missing column or an empty Unique ID too', () => {
    const e = parseError(() => parseUkCsv(read('uk_sanctions_list_malformed.csv'), 'bad.csv'));
    expect(e.file).toBe('bad.csv');
    expect(e.message).toMatch(/^bad\.csv:\d+: malformed CSV: Quote Not Closed/);
    expect(e.line).toBeGreaterThanOrEqual(12);
    const text = read('uk_sanctions_list_mini.csv');
    const noNameType = parseError(() => parseUkCsv(text.replace('Name type,', 'Kind of name,'), 'cols.csv'));
    expect(noNameType.line).toBe(2);
    expect(noNameType.message).toContain('missing column(s) name type');
    const emptyId = parseError(() => parseUkCsv(text.replace('02/10/2026,RUS9901,16001', '02/10/2026,,16001'), 'id.csv'));
    expect(emptyId.line).toBe(3);
    expect(emptyId.message).toContain('empty unique id');
    const wide = parseError(() => parseUkCsv(text.replace('2005,\r\n', '2005,,extra\r\n'), 'wide.csv'));
    expect(wide.line).toBe(12);
    const noHeader = parseError(() => parseUkCsv('Report Date: 01-Dec-2026\nfoo,bar\n', 'h.csv'));
    expect([noHeader.line, noHeader.message]).toEqual([1, expect.stringContaining('no header line')]);
  });

  it('malformed XML: a clear error with the line', () => {
    const text = read('uk_sanctions_list_mini.xml');
    const e = parseError(() => parseUkXml(text.replace('<Name6>IVANOFF</Name6>', '<Name6>IVANOFF</Name5>'), 'bad.xml'));
    expect(e.line).toBe(19);
    expect(e.message).toContain('bad.xml:19: malformed XML');
    const noId = parseError(() => parseUkXml(text.replace('<UniqueID>CTI0042</UniqueID>', ''), 'noid.xml'));
    expect(noId.line).toBe(87);
    expect(noId.message).toContain('has no <UniqueID>');
  });
});

describe('OFSI Consolidated List CSV (ConList)', () => {
  it('groups by Group ID with Alias Type / Alias Quality and the same details', () => {
    const entries = parseOfsiCsv(read('ofsi_conlist_mini.csv'), 'conlist.csv');
    expect(entries.map((e) => [e.entryId, e.type, e.name])).toEqual([
      ['16001', 'person', 'Sergei Petrovich IVANOV'],
      ['13377', 'organization', 'AL-NOOR EXCHANGE COMPANY'],
    ]);
    expect(entries[0]).toMatchObject({
      list: 'UK',
      aliases: [
        { name: 'Sergey IVANOFF', type: 'aka' },
        { name: 'Сергей Петрович ИВАНОВ', type: 'original_script' },
      ],
      datesOfBirth: ['1965-02-14'],
      nationalities: ['RU'],
      ids: [{ type: 'Passport', number: '753123456', country: 'RU' }],
      programs: ['Russia'],
      listedOn: '2022-03-15',
    });
  });
});

describe('format detection (content, not file name)', () => {
  it('detects each format from the first bytes', () => {
    expect(detectFormat(read('eu_fsf_mini.xml'), 'list.txt')).toBe('eu-fsf');
    expect(detectFormat(read('uk_sanctions_list_mini.csv'), 'list.txt')).toBe('uk-csv');
    expect(detectFormat(read('uk_sanctions_list_mini.xml'), 'list.txt')).toBe('uk-xml');
    expect(detectFormat(read('ofsi_conlist_mini.csv'), 'list.txt')).toBe('ofsi-csv');
    expect(detectFormat('<?xml version="1.0"?>\n<somethingElse/>', 'x.xml')).toBeUndefined();
    for (const f of ['eu-fsf', 'uk-csv', 'uk-xml', 'ofsi-csv'] as const) expect(LIST_FORMATS).toContain(f);
  });

  it('loads by path with detection; an unknown XML root is a clear error', async () => {
    expect((await loadListPath(join(FIX, 'eu_fsf_mini.xml'))).map((e) => e.list)).toEqual(['EU', 'EU', 'EU', 'EU']);
    expect(await loadListPath(join(FIX, 'uk_sanctions_list_mini.xml'))).toEqual(await loadListPath(join(FIX, 'uk_sanctions_list_mini.csv')));
    const e = parseError(() => parseListText('<?xml version="1.0"?>\n<root/>\n', 'odd.xml'));
    expect(e.message).toContain('odd.xml:1: unrecognised list format');
    expect(e.message).toContain('EU FSF XML');
    // A forced format that does not fit the file is refused, not misread.
    expect(parseError(() => parseListText(read('uk_sanctions_list_mini.xml'), 'f.xml', 'eu-fsf')).message).toContain('expected the root element <export>');
    expect(parseError(() => parseListText(read('eu_fsf_mini.xml'), 'f.xml', 'uk-xml')).message).toContain('expected the root element <Designations>');
  });
});

describe('legal effect of EU and UK designations', () => {
  it('has a list effect and citation for EU and UK, `check` without a nexus', () => {
    expect(LIST_CODES).toContain('EU');
    expect(LIST_CODES).toContain('UK');
    expect(effectOf('EU')).toBe('check');
    expect(effectOf('UK')).toBe('check');
    expect(LIST_EFFECTS.EU.citation).toContain('269/2014');
    expect(LIST_EFFECTS.UK.citation).toContain('Sanctions and Anti-Money Laundering Act 2018');
    for (const list of ['EU', 'UK'] as const) {
      expect(NEXUS_EFFECTS[list].effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(NEXUS_EFFECTS[list].citation.length).toBeGreaterThan(20);
      expect(NEXUS_EFFECTS[list].uncertainty.length).toBeGreaterThan(20);
    }
  });

  it('effectFor: prohibited with the matching nexus only; other lists keep their effect', () => {
    expect(effectFor('EU')).toBe('check');
    expect(effectFor('EU', { euNexus: true })).toBe('prohibited');
    expect(effectFor('EU', { ukNexus: true })).toBe('check');
    expect(effectFor('UK', { ukNexus: true })).toBe('prohibited');
    expect(effectFor('UK', { euNexus: true, ukNexus: false })).toBe('check');
    expect(effectFor('SDN', { euNexus: true })).toBe('prohibited');
    expect(effectFor('UVL', { euNexus: true, ukNexus: true })).toBe('red_flag');
  });

  it('the nexus effects are configurable, and a bad setting names its variable', () => {
    const settings = nexusEffectSettings({ SCREENING_EU_NO_NEXUS_EFFECT: 'red_flag', SCREENING_UK_NEXUS_EFFECT: 'license_required', OTHER: 'x' });
    expect(settings).toEqual({ EU: { withoutNexus: 'red_flag' }, UK: { withNexus: 'license_required' } });
    expect(effectFor('EU', {}, settings)).toBe('red_flag');
    expect(effectFor('EU', { euNexus: true }, settings)).toBe('prohibited');
    expect(effectFor('UK', { ukNexus: true }, settings)).toBe('license_required');
    expect(effectFor('UK', {}, settings)).toBe('check');
    expect(nexusEffectSettings({})).toEqual({});
    expect(() => nexusEffectSettings({ SCREENING_UK_NO_NEXUS_EFFECT: 'blocked' })).toThrow(/SCREENING_UK_NO_NEXUS_EFFECT=blocked: expected one of prohibited/);
  });
});

describe('screening against the EU and UK lists', () => {
  it('finds variant spellings, other scripts and aliases in the index', async () => {
    const entries = [...(await loadListPath(join(FIX, 'eu_fsf_mini.xml'))), ...(await loadListPath(join(FIX, 'uk_sanctions_list_mini.csv')))];
    const index = buildIndex(entries);
    const top = (name: string) => index.search({ name })[0]?.entry;
    expect(top('Alexandr Petrovsky')).toMatchObject({ list: 'EU', entryId: '900113', effect: 'check' });
    expect(top('Aleksandr Petrovskiy')).toMatchObject({ list: 'EU', entryId: '900113' });
    expect(top('Петровский Александр')).toMatchObject({ list: 'EU', entryId: '900113' });
    expect(top('Sergey Ivanov')).toMatchObject({ list: 'UK', entryId: 'RUS9901' });
    expect(top('Sergei Iwanow')).toMatchObject({ list: 'UK', entryId: 'RUS9901' });
    expect(top('Иванов Сергей')).toMatchObject({ list: 'UK', entryId: 'RUS9901' });
    expect(top('Al Nur Exchange Co')).toMatchObject({ list: 'UK', entryId: 'CTI0042' });
    expect(top('Muhammad Ali Hassan Al Khatib')).toMatchObject({ list: 'EU', entryId: '900177' });
    expect(index.search({ name: 'Alexandr Petrovsky' }, { sources: ['UK'] })).toEqual([]);
  });
});
