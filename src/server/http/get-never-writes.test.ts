// GET never writes. Every GET route the API documents is called by every demo user (and without a
// session) with every identifier of the demo data, with the clock moved far enough ahead that
// terms have ended, reviews and consultations are overdue and monitoring reports have fallen due —
// everything that used to be written "lazily" on read. The database's change counter is read
// around each call: SQLite's total_changes(), and on PostgreSQL a row-level trigger on every table.
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Client, type Harness } from '../test/harness.ts';

const DEMO_USERS = [
  'admin@aiep.example',
  'anchor@meridian.example',
  'member@falcon.example',
  'anchor@harborhealth.example',
  'anchor@prairiesignal.example',
  'member@pampa.example',
  'anchor@cascade.example',
  'member@kestrel.example',
  'anchor@northstar.example',
  'program.officer@ita.example',
  'decision@ita.example',
  'reviewer@state.example',
  'reviewer@war.example',
  'edag@state.example',
  'finance@exim.example',
  'buyer@anc-kh.example',
];

async function installPgCounter(h: Harness): Promise<void> {
  const db = h.deps.db.db;
  await sql`create table test_change_counter (n bigint not null)`.execute(db);
  await sql`insert into test_change_counter values (0)`.execute(db);
  await sql`create function test_count_change() returns trigger language plpgsql as $$ begin update test_change_counter set n = n + 1; return null; end $$`.execute(db);
  // access_log is left out: see changeCounter.
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not in ('test_change_counter', 'access_log')`.execute(db);
  expect(tables.rows.length).toBeGreaterThan(25);
  for (const { table_name } of tables.rows) {
    await sql`create trigger test_count_change after insert or update or delete on ${sql.id(table_name)} for each row execute function test_count_change()`.execute(db);
  }
}

/**
 * Changes to every table but access_log. The access log (src/server/modules/access-log) is the one
 * thing a GET causes to be written: who read business-confidential information, or was refused. It
 * is append-only, holds no domain data, and is written off the request path by a timer — so its rows
 * are left out, exactly: on SQLite by subtracting its row count, read in the same statement as
 * total_changes() (nothing but inserts touch it here, so each new row is one change); on PostgreSQL
 * by not counting it at all.
 */
async function changeCounter(h: Harness): Promise<number> {
  const db = h.deps.db.db;
  if (h.dialect === 'sqlite') return Number((await sql<{ n: number }>`select total_changes() - (select count(*) from access_log) as n`.execute(db)).rows[0]!.n);
  return Number((await sql<{ n: string }>`select n from test_change_counter`.execute(db)).rows[0]!.n);
}

describeEachDb('GET never writes', (h) => {
  const urls: string[] = [];
  const clients: [string, Client][] = [];

  beforeAll(async () => {
    // Far enough ahead that everything time-based is due (terms end after 36 months). Sessions are
    // written at login, so every client logs in after the move and before the counter is watched.
    h().deps.clock.advance(4 * 365 * 86_400_000);
    for (const email of DEMO_USERS) clients.push([email, await h().login(email)]);
    clients.push(['(no session)', { get: (url: string) => h().app.inject({ method: 'GET', url }).then((r) => ({ status: r.statusCode, body: r.body, headers: r.headers })) } as Client]);

    const db = h().deps.db.db;
    const ids = async (table: 'proposals' | 'organizations' | 'consortia' | 'review_assignments' | 'consultations' | 'deals' | 'financing_requests' | 'monitoring_reports' | 'jobs' | 'screening_alerts' | 'licenses' | 'calls') =>
      (await db.selectFrom(table).select('id').execute()).map((r) => r.id);
    const listCodes = (await db.selectFrom('screening_lists').select('code').execute()).map((r) => r.code);
    const values: Record<string, string[]> = {
      proposals: [...(await ids('proposals')), 'no-such-id'],
      organizations: await ids('organizations'),
      consortia: await ids('consortia'),
      reviews: await ids('review_assignments'),
      consultations: await ids('consultations'),
      deals: await ids('deals'),
      monitoring: await ids('monitoring_reports'),
      'financing-requests': await ids('financing_requests'),
      jobs: await ids('jobs'),
      alerts: await ids('screening_alerts'),
      licenses: await ids('licenses'),
      calls: [...(await ids('calls')), 'no-such-id'],
      catalog: await ids('proposals'),
      lists: listCodes.length ? listCodes : ['csl'],
      revisions: ['1', '2'],
      // A document download is the one GET that writes on purpose: every download is an audit event.
      // No demo document exists; an unknown version answers 404 and writes nothing.
      versions: ['no-such-id'],
      'disposal-runs': ['no-such-id'],
      // Buyers' requirements (GET /api/v1/buyer/requirements/{id}/matches and the requirement itself).
      requirements: [...(await db.selectFrom('buyer_requirements').select('id').execute()).map((r) => r.id), 'no-such-id'],
      // Buyers' interest records (GET /api/v1/buyer/interests/{id}).
      interests: [...(await db.selectFrom('buyer_interests').select('id').execute()).map((r) => r.id), 'no-such-id'],
    };
    const doc = JSON.parse((await h().app.inject({ method: 'GET', url: '/docs/json' })).body) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!('get' in ops)) continue;
      // Each {param} takes every value of the collection named just before it in the path.
      let expanded = [path];
      for (const m of path.matchAll(/([a-z-]+)\/\{[a-zA-Z]+\}/g)) {
        const choices = values[m[1]!];
        if (!choices) throw new Error(`no identifiers for ${m[0]} in ${path}: add them to the test`);
        expanded = expanded.flatMap((u) => choices.map((v) => u.replace(m[0], `${m[1]}/${encodeURIComponent(v)}`)));
      }
      urls.push(...expanded);
    }
    urls.push('/api/v1/screening/search?name=Atlas%20Sanatgaran', '/api/v1/lists/diff?from=a&to=b', '/api/v1/review-queue?state=under_review', '/api/v1/proposals/no-such-id/compliance?asOf=2026-01-01');

    if (h().dialect === 'postgres') await installPgCounter(h());
  });

  it('no GET route changes the database, for any user, on any record', { timeout: 600_000 }, async () => {
    expect(urls.length).toBeGreaterThan(100);
    const writers: string[] = [];
    let answered = 0;
    let ok = 0;
    for (const [who, client] of clients) {
      for (const url of urls) {
        const before = await changeCounter(h());
        const res = await client.get(url);
        const after = await changeCounter(h());
        if (res.status === 200) ok++;
        if (res.status < 500) answered++;
        else writers.push(`${who} GET ${url} → ${res.status}`);
        if (after !== before) writers.push(`${who} GET ${url} wrote ${after - before} row(s)`);
      }
    }
    expect(writers).toEqual([]);
    expect(answered).toBe(urls.length * clients.length);
    // The run reached real records, not only refusals (it would pass vacuously on 401s and 404s).
    expect(ok).toBeGreaterThan(500);
  });
});
