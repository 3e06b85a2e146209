// The yente-compatible match API: POST /api/v1/match/:dataset.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, type Client, type Harness } from '../../test/harness.ts';
import { getIndex, invalidateIndex } from './screening.index.ts';
import { NOT_SCREENED_NOTICE } from './screening.service.ts';

const FIXTURE = readFileSync(join(import.meta.dirname, '__fixtures__', 'match_test.csv'), 'utf8');

function withKey(h: () => Harness, key: string) {
  return async (url: string, payload: unknown) => {
    const res = await h().app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}` }, payload: payload as Record<string, unknown> });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
  };
}

const person = (properties: Record<string, unknown>) => ({ schema: 'Person', properties });

describeEachDb('match API (yente-compatible)', (h) => {
  let admin: Client;
  let co: Client;

  it('imports and activates the test list', async () => {
    admin = await h().login('admin@aiep.example');
    co = await h().login('compliance@meridian.example');
    const res = await h().app.inject({
      method: 'POST',
      url: '/api/v1/lists/import?fileName=match_test.csv&activate=true',
      payload: FIXTURE,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(201);
    await getIndex(h().deps, { fresh: true });
  });

  it('answers in yente\u2019s shape: responses by query key, scored results with match, features, total and the query', async () => {
    const res = await co.post('/api/v1/match/default?limit=3', {
      queries: {
        a: person({ name: ['Karim Youssef Haddad'], birthDate: ['1970-05-02'], nationality: ['lb'] }),
        b: { schema: 'Company', properties: { name: 'Cedar Maritime Trading Co', registrationNumber: ['556677889'], country: ['sy'] } },
        c: person({ name: ['Completely Unlisted Person'] }),
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers['x-screening-status']).toBe('screened');
    expect(res.body).toMatchObject({ limit: 3, screened: true, notice: null, dataset: 'default', threshold: 0.8 });
    expect(Object.keys(res.body.matcher)).toContain('name_score');
    const a = res.body.responses.a;
    expect(a).toMatchObject({ status: 200, total: { value: 1, relation: 'eq' }, query: { schema: 'Person', properties: { name: ['Karim Youssef Haddad'], birthDate: ['1970-05-02'] } } });
    expect(a.results[0]).toMatchObject({
      id: 'sdn-m-sdn-haddad',
      caption: 'HADDAD, Karim Youssef',
      schema: 'Person',
      datasets: ['us_ofac_sdn'],
      score: 1,
      match: true,
      list: 'SDN',
      effect: 'prohibited',
      properties: { name: ['HADDAD, Karim Youssef'], birthDate: ['1970-05-02'], nationality: ['lb'], passportNumber: ['RL123456'], topics: ['sanction'] },
      features: { name_score: 1, date_match: 0.08, country_match: 0.02 },
    });
    expect(a.results[0].evidence.map((i: { rule: string }) => i.rule)).toEqual(['date_match', 'country_match']);
    expect(a.results[0].explanation.adjustments.map((x: { rule: string }) => x.rule)).toEqual(expect.arrayContaining(['evidence_date_match', 'evidence_country_match']));
    expect(res.body.responses.b.results[0]).toMatchObject({ id: 'el-m-el-cedar', match: true, features: { id_match: 0.95 } });
    expect(res.body.responses.c).toMatchObject({ status: 200, results: [], total: { value: 0 } });
  });

  it('evidence decides: the same passport lifts a weak variant, a conflicting date of birth clears a namesake', async () => {
    const res = await co.post('/api/v1/match/sanctions', {
      queries: {
        weak: person({ name: ['K. Hadad'], passportNumber: ['RL-123456'] }),
        weakNoId: person({ name: ['K. Hadad'] }),
        namesake: person({ name: ['John Smith'], birthDate: ['1990-07-01'], nationality: ['US'] }),
        same: person({ name: ['John Smith'], birthDate: ['1961'] }),
      },
    });
    expect(res.status).toBe(200);
    const { weak, weakNoId, namesake, same } = res.body.responses;
    expect(weak.results[0]).toMatchObject({ entryId: 'm-sdn-haddad', score: 0.95, match: true, features: { id_match: 0.95 } });
    expect(weakNoId.results.filter((r: { match: boolean }) => r.match)).toEqual([]);
    expect(namesake.results.filter((r: { match: boolean }) => r.match)).toEqual([]);
    expect(same.results[0]).toMatchObject({ entryId: 'm-sdn-smith', match: true, features: { date_year_match: 0.03 } });
  });

  it('the dataset picks the lists; threshold and cutoff as in yente', async () => {
    const q = { queries: { a: person({ name: ['Karim Youssef Haddad'] }) } };
    expect((await co.post('/api/v1/match/us_ofac_sdn', q)).body.responses.a.results).toHaveLength(1);
    expect((await co.post('/api/v1/match/el', q)).body.responses.a.results).toEqual([]);
    expect((await co.post('/api/v1/match/un_sc_sanctions', q)).body).toMatchObject({ screened: false, notice: expect.stringContaining('un_sc_sanctions') });
    const strict = await co.post('/api/v1/match/default?threshold=1&cutoff=0.2', { queries: { a: person({ name: ['Karim Haddad'] }) } });
    expect(strict.body.threshold).toBe(1);
    expect(strict.body.responses.a.results[0]).toMatchObject({ entryId: 'm-sdn-haddad', match: false });
    expectProblem(await co.post('/api/v1/match/nonesuch', q), 404, 'DATASET_NOT_FOUND');
  });

  it('refuses bad input with 400 and says where', async () => {
    expectProblem(await co.post('/api/v1/match/default', {}), 400, 'VALIDATION_FAILED');
    expectProblem(await co.post('/api/v1/match/default', { queries: {} }), 400, 'VALIDATION_FAILED');
    expectProblem(await co.post('/api/v1/match/default', { queries: { a: { schema: 'Spaceship', properties: { name: ['X'] } } } }), 400, 'VALIDATION_FAILED');
    expectProblem(await co.post('/api/v1/match/default?limit=0', { queries: { a: person({ name: ['X'] }) } }), 400, 'VALIDATION_FAILED');
    const noName = await co.post('/api/v1/match/default', { queries: { a: person({ name: [] }) } });
    expectProblem(noName, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(noName.body)).toContain('queries.a.properties.name');
    const badDate = await co.post('/api/v1/match/default', { queries: { a: person({ name: ['X'], birthDate: ['2nd May 1970'] }) } });
    expectProblem(badDate, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(badDate.body)).toContain('queries.a.properties.birthDate');
    const badCountry = await co.post('/api/v1/match/default', { queries: { a: person({ name: ['X'], nationality: ['Atlantis'] }) } });
    expectProblem(badCountry, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(badCountry.body)).toContain('Atlantis');
    const tooMany = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`q${i}`, person({ name: ['X'] })]));
    expectProblem(await co.post('/api/v1/match/default', { queries: tooMany }), 400, 'VALIDATION_FAILED');
  });

  it('is for whoever may screen: 403 for others, 401 without a session; a screening API key works', async () => {
    const q = { queries: { a: person({ name: ['Karim Youssef Haddad'] }) } };
    const anchor = await h().login('anchor@northstar.example');
    expectProblem(await anchor.post('/api/v1/match/default', q), 403, 'FORBIDDEN');
    expect((await h().app.inject({ method: 'POST', url: '/api/v1/match/default', payload: q })).statusCode).toBe(401);
    const po = await h().login('program.officer@ita.example');
    const created = await po.post('/api/v1/api-keys', { name: 'yente client', scope: 'screening' });
    expect(created.status).toBe(201);
    const res = await withKey(h, created.body.key)('/api/v1/match/default', q);
    expect(res.status).toBe(200);
    expect(res.body.responses.a.results[0].entryId).toBe('m-sdn-haddad');
  });

  it('no list, no clearance: with no list active it answers "not screened", never an empty clean result', async () => {
    await h().deps.db.db.updateTable('list_versions').set({ status: 'superseded' }).where('status', '=', 'active').execute();
    invalidateIndex(h().deps);
    await getIndex(h().deps, { fresh: true });
    const res = await co.post('/api/v1/match/default', { queries: { a: person({ name: ['Karim Youssef Haddad'] }) } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ screened: false, notice: NOT_SCREENED_NOTICE, responses: { a: { results: [], total: { value: 0 } } } });
    expect(res.headers['x-screening-status']).toBe('not_screened');
    expect(res.headers['x-screening-notice']).toBe(NOT_SCREENED_NOTICE);
  });
});
