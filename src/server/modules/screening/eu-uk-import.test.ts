// Importing the EU (FSF XML) and UK (UK Sanctions List CSV / XML) files through the API: each is a
// list of its own ('eu', 'uk'; the UK CSV and XML are versions of one list), a malformed file
// writes nothing, only administrators import, and screening finds the entries once active.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import { parseUploadedList } from './list-files.ts';
import { getIndex } from './screening.index.ts';

const FIX = join(import.meta.dirname, '../../../engines/screening/__fixtures__/eu_uk');
const fixture = (f: string) => readFileSync(join(FIX, f), 'utf8');

describeEachDb('screening lists: EU and UK imports', (h) => {
  let admin: Client;
  let co: Client;

  const post = async (c: Client, url: string, body: string, contentType: string) => {
    const res = await h().app.inject({ method: 'POST', url, payload: body, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': contentType } });
    return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
  };
  const count = async (table: 'list_entries' | 'list_versions') => Number((await h().deps.db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('imports the EU FSF XML as list "eu" (format detected from the content), administrators only', async () => {
    admin = await h().login('admin@aiep.example');
    co = await h().login('compliance@meridian.example');
    const refused = await post(co, '/api/v1/lists/import?fileName=eu.xml', fixture('eu_fsf_mini.xml'), 'application/xml');
    expectProblem(refused, 403, 'FORBIDDEN');
    const res = await post(admin, '/api/v1/lists/import?fileName=export.txt', fixture('eu_fsf_mini.xml'), 'text/plain');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ list: 'eu', format: 'eu-fsf', status: 'ready', entryCount: 4 });
    expect((await admin.post(`/api/v1/lists/versions/${res.body.id}/activate`, {})).body.status).toBe('active');
  });

  it('imports the UK Sanctions List CSV and XML as versions of one list "uk"', async () => {
    const csv = await post(admin, '/api/v1/lists/import?fileName=UK-Sanctions-List.csv', fixture('uk_sanctions_list_mini.csv'), 'text/csv');
    expect(csv.status).toBe(201);
    expect(csv.body).toMatchObject({ list: 'uk', format: 'uk-csv', entryCount: 3 });
    const xml = await post(admin, '/api/v1/lists/import?fileName=UK-Sanctions-List.xml&format=uk-xml', fixture('uk_sanctions_list_mini.xml'), 'application/xml');
    expect(xml.status).toBe(201);
    expect(xml.body).toMatchObject({ list: 'uk', format: 'uk-xml', entryCount: 3 });
    expect((await admin.post(`/api/v1/lists/versions/${xml.body.id}/activate`, {})).body.status).toBe('active');
    const versions = (await admin.get('/api/v1/lists/uk/versions')).body.items;
    expect(versions).toHaveLength(2);
    const lists = (await admin.get('/api/v1/lists')).body.items;
    expect(lists.map((l: any) => l.code)).toEqual(expect.arrayContaining(['eu', 'uk']));
  });

  it('a malformed EU or UK file is refused with file and line, and nothing is written', async () => {
    const before = { entries: await count('list_entries'), versions: await count('list_versions') };
    const eu = await post(admin, '/api/v1/lists/import?fileName=eu_bad.xml', fixture('eu_fsf_malformed.xml'), 'application/xml');
    expect(eu.status).toBe(422);
    expect(eu.body.code).toBe('LIST_MALFORMED');
    expect(eu.body.detail).toContain('eu_bad.xml:35');
    const uk = await post(admin, '/api/v1/lists/import?fileName=uk_bad.csv', fixture('uk_sanctions_list_malformed.csv'), 'text/csv');
    expect(uk.status).toBe(422);
    expect(uk.body.detail).toMatch(/uk_bad\.csv:\d+: malformed CSV/);
    // A forced format the file does not fit.
    const forced = await post(admin, '/api/v1/lists/import?fileName=x.xml&format=uk-xml', fixture('eu_fsf_mini.xml'), 'application/xml');
    expect(forced.status).toBe(422);
    expect(forced.body.detail).toContain('<Designations>');
    expect({ entries: await count('list_entries'), versions: await count('list_versions') }).toEqual(before);
  });

  it('screening finds EU and UK entries by variant and original-script names, with their list effect', async () => {
    await getIndex(h().deps, { fresh: true }); // the index answers from the old lists until its refresh is done
    const eu = (await co.post('/api/v1/screening/search', { name: 'Aleksandr Petrovskiy' })).body;
    expect(eu.lists.map((l: any) => l.list)).toEqual(expect.arrayContaining(['eu', 'uk']));
    expect(eu.matches[0]).toMatchObject({ list: 'EU', entryId: '900113', effect: 'check' });
    const uk = (await co.post('/api/v1/screening/search', { name: 'Иванов Сергей' })).body;
    expect(uk.matches[0]).toMatchObject({ list: 'UK', entryId: 'RUS9901', effect: 'check' });
  });
});

describe('the effect EU and UK entries are stored with', () => {
  afterEach(() => vi.unstubAllEnvs());
  const effects = (file: string) => new Set(parseUploadedList(fixture(file), file).entries.json.map((j) => (JSON.parse(j) as { effect: string }).effect));

  it('is check by default: no EU or UK nexus is recorded for a U.S. exporter', () => {
    expect(effects('eu_fsf_mini.xml')).toEqual(new Set(['check']));
    expect(effects('uk_sanctions_list_mini.csv')).toEqual(new Set(['check']));
  });

  it('follows SCREENING_EU_NO_NEXUS_EFFECT / SCREENING_UK_NO_NEXUS_EFFECT, each for its own list, with the content hash following', () => {
    const before = parseUploadedList(fixture('eu_fsf_mini.xml'), 'eu.xml').entries.hashes;
    vi.stubEnv('SCREENING_EU_NO_NEXUS_EFFECT', 'prohibited');
    expect(effects('eu_fsf_mini.xml')).toEqual(new Set(['prohibited']));
    expect(effects('uk_sanctions_list_mini.csv')).toEqual(new Set(['check']));
    expect(parseUploadedList(fixture('eu_fsf_mini.xml'), 'eu.xml').entries.hashes).not.toEqual(before);
    vi.stubEnv('SCREENING_UK_NO_NEXUS_EFFECT', 'red_flag');
    expect(effects('uk_sanctions_list_mini.xml')).toEqual(new Set(['red_flag']));
  });

  it('refuses an unknown effect, naming the setting', () => {
    vi.stubEnv('SCREENING_UK_NO_NEXUS_EFFECT', 'forbidden');
    expect(() => parseUploadedList(fixture('uk_sanctions_list_mini.csv'), 'uk.csv')).toThrow(/SCREENING_UK_NO_NEXUS_EFFECT=forbidden/);
  });
});
