// Control characters in text input are refused with one clear 400 before any route runs, on both
// databases (a NUL used to be a 500 on PostgreSQL and was stored as-is on SQLite), and nothing is
// written. Line breaks in body text stay allowed.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { expectProblem } from '../test/expect-problem.ts';
import { describeEachDb } from '../test/harness.ts';
import { textInputProblems, unreadableName } from './text-input.ts';

const count = async (h: ReturnType<Parameters<Parameters<typeof describeEachDb>[1]>[0]>, table: 'buyer_interests' | 'audit_events') =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(h.deps.db.db)).rows[0]!.n);

describeEachDb('text input: control characters', (h) => {
  const interest = (overrides: Record<string, unknown> = {}) => ({
    buyerName: 'Ministry of Digital Economy',
    buyerKind: 'government',
    country: 'KE',
    contactEmail: 'ai@ministry.example',
    requirements: { notes: 'Sovereign hosting.\nArabic and Swahili interfaces.' },
    ...overrides,
  });

  it('a NUL in the login e-mail is a 400, not a 500, and counts no failed login', async () => {
    const before = await count(h(), 'audit_events');
    const res = await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@aiep.example\u0000', password: 'x'.repeat(12) } });
    expectProblem({ status: res.statusCode, body: JSON.parse(res.body), headers: res.headers }, 400, 'INVALID_CHARACTERS');
    expect(JSON.parse(res.body).errors).toEqual([{ path: 'email', message: expect.stringContaining('control character') }]);
    expect(await count(h(), 'audit_events')).toBe(before);
    // The account is not locked or counted against: the right password still logs in.
    await h().login('admin@aiep.example');
  });

  it('buyer interest with a NUL or an escape character is refused whole; line breaks in its notes are fine', async () => {
    const entry = (await h().app.inject({ method: 'GET', url: '/api/v1/public/catalog' })).json().items[0];
    const url = `/api/v1/public/catalog/${entry.id}/interest`;
    const before = await count(h(), 'buyer_interests');
    for (const bad of [interest({ buyerName: 'Minis\u0000try' }), interest({ requirements: { notes: 'ok', languages: ['en', 'ar\u001b[31m'] } })]) {
      const res = await h().app.inject({ method: 'POST', url, payload: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_CHARACTERS' });
    }
    expect(await count(h(), 'buyer_interests')).toBe(before);
    const ok = await h().app.inject({ method: 'POST', url, payload: interest() });
    expect(ok.statusCode).toBe(201);
    expect(await count(h(), 'buyer_interests')).toBe(before + 1);
  });

  it('control characters in a path parameter or a query value are refused, line breaks included', async () => {
    const po = await h().login('program.officer@ita.example');
    expectProblem(await po.get('/api/v1/proposals/abc%00def'), 400, 'INVALID_CHARACTERS');
    expectProblem(await po.get('/api/v1/screening/search?name=Atlas%00Sanatgaran'), 400, 'INVALID_CHARACTERS');
    expectProblem(await po.get('/api/v1/screening/search?name=Atlas%0ASanatgaran'), 400, 'INVALID_CHARACTERS');
  });
});

describeEachDb('text input: names must be readable', (h) => {
  it('a buyer interest whose name is only invisible characters, or hides a bidi override, is refused and nothing is written', async () => {
    const entry = (await h().app.inject({ method: 'GET', url: '/api/v1/public/catalog' })).json().items[0];
    const url = `/api/v1/public/catalog/${entry.id}/interest`;
    const before = await count(h(), 'buyer_interests');
    const base = { buyerKind: 'government', country: 'KE', contactEmail: 'ai@ministry.example', requirements: { notes: 'x' } };
    for (const buyerName of ['\u200B\u200B', '\u3164', ' \u2066 ', 'Ministry \u202Eyrtsinim', 'Hua\u200Bwei']) {
      const res = await h().app.inject({ method: 'POST', url, payload: { ...base, buyerName } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_CHARACTERS', errors: [{ path: 'buyerName' }] });
    }
    expect(await count(h(), 'buyer_interests')).toBe(before);
  });

  it('a screening search for a name with a hidden separator is refused; a Persian name with a zero-width non-joiner is searched', async () => {
    const admin = await h().login('admin@aiep.example');
    const search = await admin.get(`/api/v1/screening/search?name=${encodeURIComponent('Atlas\u200BSanatgaran')}`);
    expectProblem(search, 400, 'INVALID_CHARACTERS');
    const persian = await admin.get(`/api/v1/screening/search?name=${encodeURIComponent('می\u200Cخواهم')}`);
    expect(persian.status).toBe(200);
  });
});

it('tells why a name is unreadable, and accepts real names in any script', () => {
  expect(unreadableName('\u200B')).toMatch(/invisible separator/);
  expect(unreadableName('\u200E\u200F')).toMatch(/no visible character/);
  expect(unreadableName('\u2800\u2800')).toMatch(/no visible character/);
  expect(unreadableName('abc\u202Edef')).toMatch(/bidirectional/);
  for (const ok of ['Meridian Compute', 'شركة الخليج للحوسبة', '华为技术有限公司', 'می\u200Cخواهم', 'Ōkubo Shōji', '']) expect(unreadableName(ok)).toBeNull();
  expect(textInputProblems({ body: { parties: [{ name: '\u200B' }], notes: '\u200B' } }).map((p) => p.path)).toEqual(['parties.0.name']);
});

it('names the path of every offending string, in params, query and nested bodies', () => {
  expect(textInputProblems({ params: { id: 'a\u0000' }, query: { q: 'fine' }, body: { a: [{ b: 'x\u0007' }], note: 'two\nlines\ttab' } }).map((p) => p.path)).toEqual(['id', 'a.0.b']);
  expect(textInputProblems({ body: 'a,b\u0000\n' })).toEqual([]); // a file body is the importer's to check
});
