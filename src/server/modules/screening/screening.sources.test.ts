// Screening list sources against a local HTTP server (node:http on an ephemeral port, nothing from
// the internet): a changed file is imported and activated with its validators stored; a 304 imports
// nothing; a 500, a truncated download, a malformed file and a suspicious shrink keep the last good
// version and write no version; the staleness alert goes out once per episode; the admin API's
// access; and the shipped snapshot a fresh installation starts screening with.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledWork } from '../../jobs/scheduled.ts';
import { runJobsOnce } from '../../jobs/worker.ts';
import { prepareDatabase } from '../../seed/startup.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { ADMIN, must, PROGRAM_OFFICER, session } from '../../test/factories.ts';
import { DEMO_SAMPLE_LIST_FILE, DIALECTS, describeEachDb, inject, openTestDb, testClock, testConfig, type Client } from '../../test/harness.ts';
import { bootstrapShippedSnapshot, listSources, refreshSource, SHIPPED_SNAPSHOT, SHIPPED_SNAPSHOT_NOTICE } from './screening.sources.ts';

const SAMPLE = readFileSync(DEMO_SAMPLE_LIST_FILE, 'utf8');
const MALFORMED = readFileSync(new URL('./__fixtures__/csl_malformed.csv', import.meta.url), 'utf8');
const COLUMNS = SAMPLE.split('\n', 1)[0]!.split(',').length;

/** A CSL row of the sample's columns: id, source and name set, the rest empty. */
function cslRow(id: string, name: string): string {
  const cells = Array.from({ length: COLUMNS }, () => '');
  cells[0] = id;
  cells[1] = 'Entity List (EL) - Bureau of Industry and Security';
  cells[5] = name;
  return cells.join(',');
}

/** The demo's sample list (30 entries) with one entry more: a changed publication. */
const CHANGED = `${SAMPLE.trimEnd()}\n${cslRow('src-test-1', 'Riverbend Source Test Trading LLC')}\n`;
/** Five entries: far fewer than half of the active version's. */
const SHRUNK = `${SAMPLE.split('\n', 1)[0]}\n${[1, 2, 3, 4, 5].map((i) => cslRow(`shrunk-${i}`, `Shrunk Entity ${i}`)).join('\n')}\n`;

type Mode = 'changed' | 'error' | 'truncated' | 'malformed' | 'shrunk';
const ETAG = '"csl-v2"';
const LAST_MODIFIED = 'Mon, 16 Nov 2026 11:00:00 GMT';

/** The local list server: answers by mode; a request with the stored validators gets 304. */
function listServer() {
  const state = { mode: 'changed' as Mode, requests: [] as IncomingHttpHeaders[] };
  const server: Server = createServer((req, res) => {
    state.requests.push(req.headers);
    if (state.mode === 'error') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream trouble');
      return;
    }
    if (state.mode === 'truncated') {
      // Announces more bytes than it sends, then drops the connection.
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(CHANGED) + 4096) });
      res.write(CHANGED, () => res.destroy());
      return;
    }
    if (state.mode === 'changed' && req.headers['if-none-match'] === ETAG) {
      res.writeHead(304, { etag: ETAG }).end();
      return;
    }
    const body = state.mode === 'malformed' ? MALFORMED : state.mode === 'shrunk' ? SHRUNK : CHANGED;
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(body)), etag: ETAG, 'last-modified': LAST_MODIFIED });
    res.end(body);
  });
  return { state, server };
}

describeEachDb('screening list sources', (h) => {
  const { state, server } = listServer();
  let url = '';
  let admin: Client;
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/downloads/consolidated.csv`;
    admin = await session(h(), ADMIN);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const versions = async () => must(await admin.get('/api/v1/lists/csl/versions'), 200, 'versions').body.items as { id: string; status: string; entryCount: number }[];
  const csl = async () => (must(await admin.get('/api/v1/lists/sources'), 200, 'sources').body.items as { list: string }[]).find((s) => s.list === 'csl') as Record<string, any>;
  const activeId = async () => (await versions()).find((v) => v.status === 'active')!.id;

  it('lists the default sources, all disabled: the product runs offline', async () => {
    const res = must(await admin.get('/api/v1/lists/sources'), 200, 'sources');
    expect(res.body.items.map((s: { list: string }) => s.list)).toEqual(['csl', 'dpl', 'ofac-cons', 'ofac-sdn', 'un']);
    expect(res.body.items.every((s: { enabled: boolean }) => !s.enabled)).toBe(true);
    expect(res.body.items[0]).toMatchObject({
      url: 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv',
      format: 'csl',
      intervalMinutes: 60,
      maxAgeHours: 48,
      autoActivate: true,
      lastStatus: null,
      nextCheckAt: null,
      stale: false,
      activeVersion: { entryCount: 30, shippedSnapshot: false },
    });
    expect(res.body).toMatchObject({ stale: false, shippedSnapshotActive: false, notice: null });
    // Disabled, nothing is ever queued.
    expect((await runScheduledWork(h().deps)).listSourcesQueued).toEqual([]);
  });

  it('access: anonymous 401, a user who does not screen 403, compliance reads, only an admin changes or refreshes', async () => {
    const anonymous = inject(h().app, '', '');
    expectProblem(await anonymous.get('/api/v1/lists/sources'), 401, 'UNAUTHENTICATED');
    expectProblem(await anonymous.patch('/api/v1/lists/sources/csl', { enabled: true }), 401, 'UNAUTHENTICATED');
    expectProblem(await anonymous.post('/api/v1/lists/sources/csl/refresh'), 401, 'UNAUTHENTICATED');
    const member = await session(h(), 'member@lattice.example');
    expectProblem(await member.get('/api/v1/lists/sources'), 403, 'FORBIDDEN');
    for (const email of ['compliance@meridian.example', PROGRAM_OFFICER, 'screening.analyst@ita.example', 'auditor@oig.example']) {
      const c = await session(h(), email);
      must(await c.get('/api/v1/lists/sources'), 200, `${email} reads`);
      expectProblem(await c.patch('/api/v1/lists/sources/csl', { enabled: true }), 403, 'FORBIDDEN');
      expectProblem(await c.post('/api/v1/lists/sources/csl/refresh'), 403, 'FORBIDDEN');
    }
    expect((await csl()).enabled).toBe(false);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const res = await admin.patch('/api/v1/lists/sources/csl', { url: 'ftp://example.org/list.csv', enabled: true });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('http or https');
    expect((await admin.patch('/api/v1/lists/sources/csl', { intervalMinutes: 1 })).status).toBe(400);
    expectProblem(await admin.patch('/api/v1/lists/sources/csl', { format: 'pdf' }), 422, 'UNKNOWN_FORMAT');
    expectProblem(await admin.patch('/api/v1/lists/sources/nope', { enabled: true }), 404, 'NOT_FOUND');
    expectProblem(await admin.post('/api/v1/lists/sources/nope/refresh'), 404, 'NOT_FOUND');
    expect(await csl()).toMatchObject({ enabled: false, intervalMinutes: 60, url: 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv' });
  });

  it('a changed file: "refresh now" imports it, activates it (re-screening every party) and stores the validators', async () => {
    const before = await activeId();
    const updated = must(await admin.patch('/api/v1/lists/sources/csl', { url, enabled: true, maxAgeHours: 48 }), 200, 'enable the source').body;
    expect(updated).toMatchObject({ url, enabled: true, enabledByEnvironment: false });
    const queued = await admin.post('/api/v1/lists/sources/csl/refresh');
    expect(queued.status).toBe(202);
    expect(queued.body.jobId).toEqual(expect.any(String));
    await runJobsOnce(h().deps);
    const src = await csl();
    expect(src).toMatchObject({ lastStatus: 'imported', lastError: null, validators: { etag: ETAG, lastModified: LAST_MODIFIED }, stale: false });
    const all = await versions();
    const active = all.find((v) => v.status === 'active')!;
    expect(active.id).not.toBe(before);
    expect(active.entryCount).toBe(31);
    expect(src.lastGoodVersionId).toBe(active.id);
    expect(src.activeVersion).toMatchObject({ id: active.id, entryCount: 31 });
    expect(all.find((v) => v.id === before)!.status).toBe('superseded');
    // The first request carried no validators (there were none yet).
    expect(state.requests.at(-1)!['if-none-match']).toBeUndefined();
    // The activation's re-screening ran with the jobs.
    const rescreen = await h().deps.db.db.selectFrom('jobs').select(['status']).where('kind', '=', 'rescreen_all').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(rescreen.status).toBe('done');
    // The new entry is searchable at once.
    const search = must(await admin.post('/api/v1/screening/search', { name: 'Riverbend Source Test Trading LLC' }), 200, 'search');
    expect(search.body.matches[0]).toMatchObject({ entryId: 'src-test-1' });
  });

  it('unchanged: a conditional GET answered 304 writes no version and records the check', async () => {
    const count = (await versions()).length;
    h().deps.clock.advance(60_000);
    expect(await refreshSource(h().deps, 'csl')).toMatchObject({ status: 'unchanged', versionId: null });
    expect(state.requests.at(-1)).toMatchObject({ 'if-none-match': ETAG, 'if-modified-since': LAST_MODIFIED });
    expect((await versions()).length).toBe(count);
    const src = await csl();
    expect(src).toMatchObject({ lastStatus: 'unchanged', lastError: null, validators: { etag: ETAG } });
    expect(src.lastSuccessAt).toBe(src.lastCheckedAt);
  });

  const failsKeepingLastGood = async (mode: Mode, code: string) => {
    const [active, count] = [await activeId(), (await versions()).length];
    const rows = await h().deps.db.db.selectFrom('list_versions').select('id').execute();
    state.mode = mode;
    // Drop the validators, so the server sends the file rather than 304.
    await h().deps.db.db.updateTable('list_sources').set({ etag: null, last_modified: null }).where('list_code', '=', 'csl').execute();
    const outcome = await refreshSource(h().deps, 'csl');
    expect(outcome).toMatchObject({ status: 'failed', versionId: null });
    expect(outcome.error).toContain(code);
    expect(await activeId()).toBe(active);
    expect((await versions()).length).toBe(count);
    // Not even a failed or importing version row: nothing was written.
    expect((await h().deps.db.db.selectFrom('list_versions').select('id').execute()).length).toBe(rows.length);
    const src = await csl();
    expect(src).toMatchObject({ lastStatus: 'failed' });
    expect(src.lastError).toContain(code);
    state.mode = 'changed';
    return src;
  };

  it('a server error (500) keeps the last good version and records the error', async () => {
    const src = await failsKeepingLastGood('error', 'DOWNLOAD_STATUS');
    expect(src.lastError).toContain('500');
  });

  it('a truncated download (Content-Length not met) fails and writes nothing', async () => {
    await failsKeepingLastGood('truncated', 'DOWNLOAD_INCOMPLETE');
  });

  it('a malformed file fails and keeps the last good version', async () => {
    const src = await failsKeepingLastGood('malformed', 'LIST_MALFORMED');
    expect(src.lastError).toContain('consolidated.csv'); // the parse error names the file and line
  });

  it('a suspicious shrink (fewer than half the active entries) is refused', async () => {
    const src = await failsKeepingLastGood('shrunk', 'SUSPICIOUS_SHRINK');
    expect(src.lastError).toContain('5 entries');
  });

  it('the worker queues a due refresh, once per interval, and runs it', async () => {
    h().deps.clock.advance(61 * 60_000);
    const first = await runScheduledWork(h().deps);
    expect(first.listSourcesQueued).toEqual(['csl']);
    expect((await runScheduledWork(h().deps)).listSourcesQueued).toEqual(['csl']); // still due: the same job
    const queued = await h().deps.db.db.selectFrom('jobs').select('id').where('kind', '=', 'refresh_list_source').where('status', '=', 'queued').execute();
    expect(queued).toHaveLength(1);
    await runJobsOnce(h().deps);
    expect(await csl()).toMatchObject({ lastStatus: 'unchanged' });
    expect((await runScheduledWork(h().deps)).listSourcesQueued).toEqual([]);
  });

  it('staleness: one alert per episode to the screening analysts and admins, visible as stale', async () => {
    const staleNotes = async () => (await h().deps.db.db.selectFrom('notifications').select(['user_id', 'text']).where('kind', '=', 'screening_list_stale').execute()).length;
    expect(await staleNotes()).toBe(0);
    state.mode = 'error';
    await refreshSource(h().deps, 'csl');
    h().deps.clock.advance(49 * 3_600_000);
    await refreshSource(h().deps, 'csl'); // still failing: the data is now older than 48 hours
    const first = await runScheduledWork(h().deps);
    expect(first.listsStaleAlerted).toEqual(['csl']);
    const recipients = await staleNotes();
    expect(recipients).toBeGreaterThanOrEqual(2); // the screening analyst and the admin
    // Sessions end after SESSION_TTL_HOURS: log in again on the moved clock.
    admin = await h().login(ADMIN);
    const analyst = await h().login('screening.analyst@ita.example');
    const notes = must(await analyst.get('/api/v1/notifications'), 200, 'notifications').body.items as { kind: string; text: string }[];
    expect(notes.find((n) => n.kind === 'screening_list_stale')!.text).toContain('DOWNLOAD_STATUS');
    const view = must(await analyst.get('/api/v1/lists/sources'), 200, 'sources').body;
    expect(view.stale).toBe(true);
    expect(view.items.find((s: { list: string }) => s.list === 'csl')).toMatchObject({ stale: true, lastStatus: 'failed' });
    // The same episode: no second alert.
    await runJobsOnce(h().deps);
    expect((await runScheduledWork(h().deps)).listsStaleAlerted).toEqual([]);
    expect(await staleNotes()).toBe(recipients);
    // A successful check ends the episode …
    state.mode = 'changed';
    expect((await refreshSource(h().deps, 'csl')).status).toBe('unchanged');
    expect(await csl()).toMatchObject({ stale: false });
    // … and the next one raises a new alert.
    h().deps.clock.advance(49 * 3_600_000);
    state.mode = 'error';
    await refreshSource(h().deps, 'csl');
    expect((await runScheduledWork(h().deps)).listsStaleAlerted).toEqual(['csl']);
    expect(await staleNotes()).toBe(2 * recipients);
    state.mode = 'changed';
  });

  it('an admin disables the source: no more checks, no alerts', async () => {
    admin = await h().login(ADMIN);
    must(await admin.patch('/api/v1/lists/sources/csl', { enabled: false }), 200, 'disable');
    h().deps.clock.advance(3 * 3_600_000);
    const report = await runScheduledWork(h().deps);
    expect(report.listSourcesQueued).toEqual([]);
    expect(report.listsStaleAlerted).toEqual([]);
    const audit = await h().deps.db.db.selectFrom('audit_events').select('action').where('action', '=', 'screening.list_source.update').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});

// A fresh installation: no demo data, no list — the shipped snapshot is activated once at start.
for (const dialect of DIALECTS) {
  describe(`the shipped snapshot on a fresh installation [${dialect}]`, () => {
    let drop: () => Promise<void> = async () => {};
    afterAll(() => drop());

    it('SCREENING_BOOTSTRAP_SNAPSHOT=off: no list; on: the snapshot, once, with the notice to replace it', { timeout: 60_000 }, async () => {
      const opened = await openTestDb(dialect);
      drop = opened.drop;
      const clock = testClock();
      const off = await prepareDatabase(opened.db, testConfig({ SCREENING_BOOTSTRAP_SNAPSHOT: 'off' }), clock);
      expect(await off.deps.db.db.selectFrom('list_versions').select('id').execute()).toEqual([]);

      const { deps } = await prepareDatabase(opened.db, testConfig({ SCREENING_SOURCES_ENABLED: 'un' }), clock);
      const versions = await deps.db.db.selectFrom('list_versions').selectAll().execute();
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({ list_code: 'csl', status: 'active', sha256: SHIPPED_SNAPSHOT.sha256, entry_count: 3625, file_name: 'csl-2022-05-bis-state.csv' });
      // Its activation re-screens every party, as any activation does.
      expect(await deps.db.db.selectFrom('jobs').select('id').where('kind', '=', 'rescreen_all').execute()).toHaveLength(1);

      // A second start (or a second process) imports nothing.
      await prepareDatabase(opened.db, testConfig(), clock);
      expect(await bootstrapShippedSnapshot(deps)).toBeNull();
      expect(await deps.db.db.selectFrom('list_versions').select('id').execute()).toHaveLength(1);

      // The sources view says what it is: a 2022 snapshot to replace, and stale.
      const actor = { userId: 'u', orgId: 'org', orgKind: 'agency' as const, agency: null, roles: ['admin' as const], email: 'a@b.example', name: 'A' };
      const view = await listSources({ ...deps, actor });
      expect(view).toMatchObject({ shippedSnapshotActive: true, notice: SHIPPED_SNAPSHOT_NOTICE, stale: true });
      expect(view.items.find((s) => s.list === 'csl')).toMatchObject({ stale: true, dataAsOf: SHIPPED_SNAPSHOT.dataAsOf, activeVersion: { shippedSnapshot: true } });
      // SCREENING_SOURCES_ENABLED turns a source on whatever the admin setting.
      expect(view.items.find((s) => s.list === 'un')).toMatchObject({ enabled: true, enabledByEnvironment: true, stale: true, activeVersion: null });
    });
  });
}
