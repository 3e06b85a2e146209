import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runJobsOnce } from '../../jobs/worker.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import { rescreenAll } from './screening.parties.ts';

const FIX = join(import.meta.dirname, '__fixtures__');
const fixture = (f: string) => readFileSync(join(FIX, f), 'utf8');

/** A request with a raw (non-JSON) body, as the cookie-authenticated client would send it. */
async function raw(h: () => { app: import('fastify').FastifyInstance }, c: Client, method: 'POST' | 'GET', url: string, body?: string, contentType = 'text/csv', headers: Record<string, string> = {}) {
  const res = await h().app.inject({ method, url, payload: body, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...(body !== undefined ? { 'content-type': contentType } : {}), ...headers } });
  let parsed: any = res.body;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    /* text */
  }
  return { status: res.statusCode, body: parsed, text: res.body, headers: res.headers };
}

describeEachDb('party screening: lists, re-screening, alerts, API', (h) => {
  let admin: Client;
  let co: Client; // compliance@meridian
  let po: Client;
  let v1: string;
  let v2: string;

  const count = async (table: 'list_entries' | 'list_versions' | 'screening_alerts' | 'jobs' | 'audit_events') => Number((await h().deps.db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('imports a list file as a new, not yet active version (admin only)', async () => {
    admin = await h().login('admin@aiep.example');
    co = await h().login('compliance@meridian.example');
    po = await h().login('program.officer@ita.example');
    const refused = await raw(h, co, 'POST', '/api/v1/lists/import?fileName=csl_test_v1.csv', fixture('csl_test_v1.csv'));
    expectProblem(refused, 403, 'FORBIDDEN');
    const res = await raw(h, admin, 'POST', '/api/v1/lists/import?fileName=csl_test_v1.csv', fixture('csl_test_v1.csv'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ list: 'csl', format: 'csl', status: 'ready', entryCount: 5, fileName: 'csl_test_v1.csv' });
    v1 = res.body.id;
    // The demo data activated its CSL list (the tests' sample of the shipped snapshot); v1 is not active yet.
    const lists = (await admin.get('/api/v1/lists')).body.items;
    expect(lists).toEqual([expect.objectContaining({ code: 'csl', activeVersion: expect.objectContaining({ fileName: 'csl-2022-05-sample.csv' }), versions: 2 })]);
    // v1 is not active yet: a search screens against the demo's list only and finds none of v1's entries.
    const before = (await co.post('/api/v1/screening/search', { name: 'Shenzhen Jade Holdings' })).body;
    expect(before.screened).toBe(true);
    expect(before.matches.map((m: any) => m.entryId)).not.toContain('t-el-jade');
  });

  it('the same file imported again writes nothing and answers 200 with the version it became', async () => {
    const before = { entries: await count('list_entries'), versions: await count('list_versions'), audit: await count('audit_events') };
    const res = await raw(h, admin, 'POST', '/api/v1/lists/import?fileName=csl_copy.csv', fixture('csl_test_v1.csv'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: v1, alreadyImported: true, fileName: 'csl_test_v1.csv' });
    expect({ entries: await count('list_entries'), versions: await count('list_versions'), audit: await count('audit_events') }).toEqual(before);
  });

  it('a malformed file is refused with file and line, and nothing is written', async () => {
    const before = { entries: await count('list_entries'), versions: await count('list_versions') };
    const res = await raw(h, admin, 'POST', '/api/v1/lists/import?fileName=csl_malformed.csv', fixture('csl_malformed.csv'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('LIST_MALFORMED');
    expect(res.body.detail).toContain('csl_malformed.csv:3');
    expect({ entries: await count('list_entries'), versions: await count('list_versions') }).toEqual(before);
    const unknown = await raw(h, admin, 'POST', '/api/v1/lists/import?fileName=x.txt', 'hello\nworld\n', 'text/plain');
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toContain('x.txt:1');
  });

  it('activation re-screens every party: alerts for the matches, notifications to the officers concerned', async () => {
    const res = await admin.post(`/api/v1/lists/versions/${v1}/activate`, {});
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    // (The demo's own activation queued one too, run when the demo was seeded.)
    const queued = await h().deps.db.db.selectFrom('jobs').selectAll().where('kind', '=', 'rescreen_all').where('status', '=', 'queued').execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.status).toBe('queued');
    expect(await runJobsOnce(h().deps)).toBe(1);
    const job = await h().deps.db.db.selectFrom('jobs').selectAll().where('id', '=', queued[0]!.id).executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
    const alerts = (await po.get('/api/v1/screening/alerts')).body.items;
    const byParty = Object.fromEntries(alerts.map((a: any) => [a.party.key, a]));
    expect(Object.keys(byParty).sort()).toEqual(expect.arrayContaining(['owner:org-jade:0', 'parent:org-jade']));
    const riyadh = alerts.find((a: any) => a.party.name === 'Riyadh Sovereign Cloud Company');
    expect(riyadh).toMatchObject({ list: 'SDN', entryId: '9001', effect: 'prohibited', status: 'open', score: 1 });
    expect(riyadh.party.key).toMatch(/^bo:.+:SA:own:0$/);
    expect(riyadh.explanation.tokens.length).toBeGreaterThan(0);
    expect(alerts.every((a: any) => a.score >= 0.8)).toBe(true);
    const poNotes = (await po.get('/api/v1/notifications')).body.items.filter((n: any) => n.kind === 'screening_alert');
    expect(poNotes.length).toBe(alerts.length > 0 ? new Set(alerts.map((a: any) => a.party.key)).size : 0);
    const coNotes = (await co.get('/api/v1/notifications')).body.items.filter((n: any) => n.kind === 'screening_alert');
    expect(coNotes).toHaveLength(1);
    expect(coNotes[0].text).toContain('Riyadh Sovereign Cloud Company');
  });

  it('one search: explained matches; only screening roles may search', async () => {
    const res = await co.post('/api/v1/screening/search', { name: 'Riyadh Sovereign Cloud Co', type: 'organization', country: 'SA' });
    expect(res.status).toBe(200);
    const m = res.body.matches[0];
    expect(m).toMatchObject({ list: 'SDN', entryId: '9001', name: 'Riyadh Sovereign Cloud Company', effect: 'prohibited' });
    expect(m.score).toBeGreaterThanOrEqual(0.8);
    expect(m.explanation.tokens.map((t: any) => t.query)).toEqual(expect.arrayContaining(['riyadh', 'sovereign', 'cloud']));
    expect(res.body.lists).toEqual([expect.objectContaining({ list: 'csl', title: 'Consolidated Screening List (trade.gov)', fileName: 'csl_test_v1.csv', versionId: v1, entries: 5 })]);
    const anchor = await h().login('anchor@meridian.example');
    expectProblem(await anchor.post('/api/v1/screening/search', { name: 'x' }), 403, 'FORBIDDEN');
    expect((await co.post('/api/v1/screening/search', { name: '' })).status).toBe(400);
    expect((await co.post('/api/v1/screening/search', { name: 'x', country: 'Saudi' })).status).toBe(400);
  });

  it('GET /screening/search answers the trade.gov CSL API parameters in its result shape', async () => {
    const fuzzy = (await co.get('/api/v1/screening/search?name=Shenzen%20Jade%20Holdings&fuzzy_name=true')).body;
    expect(Object.keys(fuzzy).sort()).toEqual(['offset', 'results', 'search_performed_at', 'sources_used', 'total']);
    expect(fuzzy.total).toBe(1);
    const r = fuzzy.results[0];
    expect(r).toMatchObject({ id: 't-el-jade', name: 'Shenzhen Jade Holdings Co., Ltd.', source: 'Entity List (EL) - Bureau of Industry and Security', alt_names: ['Jade Holdings Shenzhen'] });
    for (const k of ['programs', 'addresses', 'type', 'ids', 'dates_of_birth', 'nationalities', 'citizenships', 'entity_number']) expect(r).toHaveProperty(k);
    expect(r.score).toBeGreaterThan(80);
    expect(r.score).toBeLessThanOrEqual(100);
    expect(fuzzy.sources_used[0].source).toBe('Entity List (EL) - Bureau of Industry and Security');
    // Without fuzzy_name, every word must be present: the typo no longer matches.
    expect((await co.get('/api/v1/screening/search?name=Shenzen%20Jade%20Holdings')).body.total).toBe(0);
    expect((await co.get('/api/v1/screening/search?name=Jade%20Holdings')).body.total).toBe(1);
    // Filters and paging over the whole list.
    const all = (await co.get('/api/v1/screening/search?size=2&offset=1')).body;
    expect(all.total).toBe(5);
    expect(all.offset).toBe(1);
    expect(all.results).toHaveLength(2);
    expect((await co.get('/api/v1/screening/search?sources=SDN,DPL')).body.results.map((x: any) => x.id).sort()).toEqual(['9001', 't-dpl-petrov']);
    expect((await co.get('/api/v1/screening/search?countries=SA')).body.results.map((x: any) => x.id)).toEqual(['9001']);
    expect((await co.get('/api/v1/screening/search?types=Individual')).body.results.map((x: any) => x.type)).toEqual(['Individual']);
  });

  it('alerts: a company\u2019s compliance officer sees its own and its proposals\u2019 parties only (404 otherwise)', async () => {
    const mine = (await co.get('/api/v1/screening/alerts')).body.items;
    expect(mine.map((a: any) => a.party.name)).toEqual(['Riyadh Sovereign Cloud Company']);
    const all = (await po.get('/api/v1/screening/alerts')).body.items;
    const jade = all.find((a: any) => a.party.key === 'parent:org-jade');
    expect((await co.get(`/api/v1/screening/alerts/${jade.id}`)).status).toBe(404);
    expect((await co.post(`/api/v1/screening/alerts/${jade.id}/disposition`, { status: 'confirmed' })).status).toBe(404);
    const created = await admin.post('/api/v1/users', { email: 'compliance@jadeharbour.example', name: 'Mei Chan', orgId: 'org-jade', roles: ['compliance_officer'], password: 'demo-password-2026' });
    expect(created.status).toBe(201);
    const jadeCo = await h().login('compliance@jadeharbour.example');
    const theirs = (await jadeCo.get('/api/v1/screening/alerts')).body.items;
    expect(theirs.map((a: any) => a.party.key).sort()).toEqual(all.filter((a: any) => a.party.orgId === 'org-jade').map((a: any) => a.party.key).sort());
    expect((await jadeCo.get(`/api/v1/screening/alerts/${mine[0].id}`)).status).toBe(404);
    const member = await h().login('member@falcon.example');
    expectProblem(await member.get('/api/v1/screening/alerts'), 403, 'FORBIDDEN');
  });

  it('a disposition is kept and audited; the same pair does not alert again unless the entry changes', async () => {
    const [riyadh] = (await co.get('/api/v1/screening/alerts')).body.items;
    // Lowering a hit's effect is the program office's (aiep issue 11, item 3): the applicant's own
    // compliance officer may not clear it (dispositions.test.ts covers the rules).
    const reason = 'Different company: Riyadh Sovereign Cloud Company is a state entity with another registration.';
    expectProblem(await co.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'false_positive', reason }), 403, 'FORBIDDEN');
    const noReason = await po.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'false_positive' });
    expect(noReason.status).toBe(400);
    const res = await po.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'false_positive', reason });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('false_positive');
    expect(res.body.disposition.reason).toContain('Different company');
    const audit = await h().deps.db.db.selectFrom('audit_events').selectAll().where('action', '=', 'screening.alert.dispose').where('entity_id', '=', riyadh.id).execute();
    expect(audit).toHaveLength(1);
    // The compliance matrix no longer counts the cleared pair against the party.
    const matrixParty = async () => (await co.get(`/api/v1/proposals/${riyadh.party.proposalId}/compliance`)).body.parties.find((p: any) => p.name === riyadh.party.name);
    expect(await matrixParty()).toMatchObject({ screened: true, listHits: [] });

    const before = await count('screening_alerts');
    const again = await rescreenAll(h().deps);
    expect(again.alerts).toBe(0);
    expect(await count('screening_alerts')).toBe(before);

    // Version 2: the SDN entry's address changed, the UVL entry left, an Entity List entry came.
    const imported = await raw(h, admin, 'POST', '/api/v1/lists/import?fileName=csl_test_v2.csv', fixture('csl_test_v2.csv'));
    v2 = imported.body.id;
    expect((await admin.post(`/api/v1/lists/versions/${v2}/activate`, {})).body.status).toBe('active');
    expect((await admin.get('/api/v1/lists/csl/versions')).body.items.map((v: any) => [v.id, v.status])).toEqual([
      [v2, 'active'],
      [v1, 'superseded'],
      [expect.any(String), 'superseded'], // the demo data's list
    ]);
    await runJobsOnce(h().deps);
    const riyadhAlerts = (await co.get('/api/v1/screening/alerts')).body.items;
    expect(riyadhAlerts.map((a: any) => a.status).sort()).toEqual(['false_positive', 'open']);
    expect(await count('screening_alerts')).toBe(before + 1); // only the changed entry alerts again
    // A changed entry is a new question: the matrix counts the hit again until it is disposed of.
    expect((await matrixParty()).listHits).toEqual([expect.objectContaining({ list: 'SDN' })]);
  });

  it('diff between versions: added, removed and changed entries', async () => {
    const res = await co.get(`/api/v1/lists/diff?from=${v1}&to=${v2}`);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 3 });
    expect(res.body.added).toEqual([{ list: 'EL', entryId: 't-el-northwind', name: 'Northwind Avionics LLC' }]);
    expect(res.body.removed).toEqual([{ list: 'UVL', entryId: 't-uvl-atlas', name: 'Atlas Sanatgaran' }]);
    expect(res.body.changed).toEqual([expect.objectContaining({ list: 'SDN', entryId: '9001', fields: ['addresses'] })]);
    expect((await co.get(`/api/v1/lists/diff?from=${v1}&to=nope`)).status).toBe(404);
  });

  it('a party created or changed is screened by the periodic sync', async () => {
    const anchor = await h().login('anchor@meridian.example');
    const org = (await anchor.get('/api/v1/organizations/org-meridian')).body;
    const organization = {
      name: org.name,
      countryOfIncorporation: org.countryOfIncorporation,
      principalPlaceOfBusiness: org.principalPlaceOfBusiness,
      owners: [...org.owners, { name: 'Northwind Avionics L.L.C.', country: 'BY', percent: 1 }],
      ultimateParent: org.ultimateParent,
      smallBusiness: org.smallBusiness,
    };
    const put = await anchor.put('/api/v1/organizations/org-meridian', { version: org.version, organization });
    expect(put.status).toBe(200);
    const { scheduleSync } = await import('../../jobs/worker.ts');
    await scheduleSync(h().deps);
    await scheduleSync(h().deps); // not stacked
    expect(await runJobsOnce(h().deps)).toBe(1);
    const mine = (await co.get('/api/v1/screening/alerts?status=open')).body.items;
    expect(mine.map((a: any) => a.entryName)).toContain('Northwind Avionics LLC');
  });

  it('batch: inline JSON, and a CSV upload as a job with an Idempotency-Key', async () => {
    const inline = await co.post('/api/v1/screening/batch', [{ id: 'a', name: 'Atlas Sanatgaran' }, { name: 'Northwind Avionics' }, { name: '' }, { name: 'x', country: 'ZZ' }]);
    expect(inline.status).toBe(200);
    expect(inline.body.results.map((r: any) => [r.id, r.matches.length, r.error ?? null])).toEqual([
      ['a', 0, null], // left the list in version 2
      ['2', 1, null],
      ['3', 0, 'empty name'],
      ['4', 0, 'invalid country code "ZZ" (ISO 3166-1 alpha-2)'],
    ]);
    const csv = 'id,name,country\n1,Riyadh Sovereign Cloud Company,SA\n2,Nobody Special,US\n3,=cmd(),\n';
    const first = await raw(h, co, 'POST', '/api/v1/screening/batch', csv, 'text/csv', { 'idempotency-key': 'batch-1' });
    expect(first.status).toBe(202);
    expect(first.headers.location).toBe(`/api/v1/screening/jobs/${first.body.id}`);
    expect(first.body).toMatchObject({ status: 'queued', rows: 3 });
    const again = await raw(h, co, 'POST', '/api/v1/screening/batch', csv, 'text/csv', { 'idempotency-key': 'batch-1' });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    const other = await raw(h, co, 'POST', '/api/v1/screening/batch', 'name\nSomeone Else\n', 'text/csv', { 'idempotency-key': 'batch-1' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await raw(h, co, 'POST', '/api/v1/screening/batch', 'nom\nX\n', 'text/csv')).body.code).toBe('CSV_NO_NAME_COLUMN');
    // The job is its own: only its not being done refuses the result.
    expectProblem(await co.get(`/api/v1/screening/jobs/${first.body.id}?format=csv`), 409, 'JOB_NOT_DONE');

    await runJobsOnce(h().deps);
    const job = (await co.get(`/api/v1/screening/jobs/${first.body.id}`)).body;
    expect(job).toMatchObject({ status: 'done', summary: { rows: 3, matched: 1, errors: 0 } });
    const jsonl = await raw(h, co, 'GET', `/api/v1/screening/jobs/${first.body.id}?format=jsonl`);
    const lines = jsonl.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.matches.length])).toEqual([['1', 1], ['2', 0], ['3', 0]]);
    expect(lines[0].matches[0]).toMatchObject({ list: 'SDN', entryId: '9001', score: 1 });
    const csvOut = await raw(h, co, 'GET', `/api/v1/screening/jobs/${first.body.id}?format=csv`);
    expect(csvOut.headers['content-type']).toContain('text/csv');
    expect(csvOut.text.split('\n')[0]).toBe('id,name,error,list,entryId,listName,matchedName,score,effect,explanation');
    expect(csvOut.text).toContain("'=cmd()");
    // Another user's job is not found.
    expect((await po.get(`/api/v1/screening/jobs/${first.body.id}`)).status).toBe(404);
  });
});
