// GET /metrics (Prometheus exposition, only for METRICS_ALLOW) and request ids (X-Request-Id in and
// out, `requestId` in every problem+json body).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { insertJob } from '../jobs/jobs.repository.ts';
import { getIndex } from '../modules/screening/screening.index.ts';
import { activateListVersion, importParsedList, parseUploadedList } from '../modules/screening/screening.lists.ts';
import { expectProblem } from '../test/expect-problem.ts';
import { describeEachDb } from '../test/harness.ts';

/** The value of one sample line (`name{labels} value`) of an exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describeEachDb('GET /metrics', (h) => {
  const scrape = (remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) => h().app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

  it('answers the exposition format from this host, counting requests by route pattern, never by id', async () => {
    const po = await h().login('program.officer@ita.example');
    const list = await po.get('/api/v1/proposals?limit=1');
    const id = list.body.items[0].id as string;
    const series = 'aiep_http_requests_total{method="GET",route="/api/v1/proposals/:id",status="200"}';

    const before = await scrape();
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const count0 = sample(before.body, series) ?? 0;

    expect((await po.get(`/api/v1/proposals/${id}`)).status).toBe(200);
    expect((await po.get(`/api/v1/proposals/${id}`)).status).toBe(200);
    const after = await scrape('::1');
    expect(after.statusCode).toBe(200);
    expect(sample(after.body, series)).toBe(count0 + 2);
    expect(after.body).not.toContain(id);
    expect(after.body).toContain('# TYPE aiep_http_requests_total counter');
    expect(after.body).toContain('# TYPE aiep_http_request_duration_seconds histogram');
    const histogram = 'aiep_http_request_duration_seconds_count{method="GET",route="/api/v1/proposals/:id"}';
    expect(sample(after.body, histogram)).toBeGreaterThanOrEqual(2);
    expect(sample(after.body, 'aiep_http_request_duration_seconds_bucket{method="GET",route="/api/v1/proposals/:id",le="+Inf"}')).toBe(sample(after.body, histogram));
    expect(sample(after.body, 'aiep_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(after.body).toMatch(/^aiep_build_info\{version="[^"]+"\} 1$/m);
    expect(sample(after.body, 'aiep_db_up')).toBe(1);
    // The pool series appear where the database exposes its pool's counts (PostgreSQL).
    if (after.body.includes('aiep_db_pool_total')) expect(sample(after.body, 'aiep_db_pool_total')).toBeGreaterThanOrEqual(0);
  });

  it('counts a path that matched no route as route="unmatched", whatever the path', async () => {
    await h().app.inject('/api/v1/nothing-here/12345');
    const text = (await scrape()).body;
    expect(sample(text, 'aiep_http_requests_total{method="GET",route="unmatched",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('nothing-here');
  });

  it('reports the queued jobs and how long the oldest due one has waited', async () => {
    const { deps } = h();
    const due = new Date(deps.clock.millis() - 120_000).toISOString();
    const later = new Date(deps.clock.millis() + 3_600_000).toISOString();
    const job = { kind: 'metrics-test', payload_json: '{}', created_at: due, created_by: null, idempotency_key: null, max_attempts: 1 };
    await insertJob(deps.db.db, { ...job, id: 'metrics-test-due', run_after: due });
    await insertJob(deps.db.db, { ...job, id: 'metrics-test-later', run_after: later });
    const text = (await scrape()).body;
    expect(sample(text, 'aiep_jobs_queued')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'aiep_jobs_oldest_queued_age_seconds')).toBeGreaterThanOrEqual(120);
  });

  it('reports the screening index in service and how old each active list is', async () => {
    const { deps } = h();
    const file = join(import.meta.dirname, '../modules/screening/__fixtures__/csl_test_v1.csv');
    const version = await importParsedList(deps, parseUploadedList(readFileSync(file, 'utf8'), 'csl_test_v1.csv'), { actorId: null });
    await activateListVersion(deps, null, version.id);
    const state = await getIndex(deps, { fresh: true });
    deps.clock.advance(3_600_000);
    const text = (await scrape()).body;
    expect(sample(text, 'aiep_screening_index_entries')).toBe(state.hashes.size);
    expect(sample(text, 'aiep_screening_index_build_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain(`aiep_screening_index_info{versions="${state.signature}"`);
    const lists = [...new Set(state.versions.map((v) => v.listCode))];
    for (const list of lists) expect(sample(text, `aiep_screening_list_age_seconds{list="${list}"}`)).toBeGreaterThanOrEqual(3600);
  });

  it('answers 404, as for an unknown path, to an address outside METRICS_ALLOW and to a forwarded request', async () => {
    for (const res of [await scrape('203.0.113.9'), await scrape('10.0.0.1'), await scrape('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('NOT_FOUND');
      expect(res.body).not.toContain('aiep_');
    }
  });
});

describeEachDb(
  'GET /metrics with METRICS_ALLOW set',
  (h) => {
    it('answers the listed networks only', async () => {
      const from = async (remoteAddress: string) => (await h().app.inject({ method: 'GET', url: '/metrics', remoteAddress })).statusCode;
      expect(await from('10.1.2.3')).toBe(200);
      expect(await from('::ffff:10.1.2.3')).toBe(200);
      expect(await from('127.0.0.1')).toBe(404);
      expect(await from('10.2.0.1')).toBe(404);
    });
  },
  { demo: false, config: { METRICS_ALLOW: '10.1.0.0/16' } },
);

describe('METRICS_ALLOW', () => {
  it('takes addresses and CIDRs and refuses anything else at start', () => {
    expect(loadConfig({}).METRICS_ALLOW).toEqual(['127.0.0.1', '::1']);
    expect(loadConfig({ METRICS_ALLOW: ' 10.0.0.0/8, fd00::/8 ' }).METRICS_ALLOW).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(loadConfig({ METRICS_ALLOW: '' }).METRICS_ALLOW).toEqual([]);
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '*']) expect(() => loadConfig({ METRICS_ALLOW: bad }), bad).toThrow(/METRICS_ALLOW/);
  });
});

describeEachDb(
  'Request ids',
  (h) => {
    it('a problem+json body carries the request id of the X-Request-Id response header', async () => {
      const res = await h().app.inject('/api/v1/proposals');
      expectProblem({ status: res.statusCode, body: res.json(), headers: res.headers }, 401, 'UNAUTHENTICATED');
      const id = res.headers['x-request-id'];
      expect(typeof id).toBe('string');
      expect(res.json().requestId).toBe(id);
      const other = await h().app.inject('/api/v1/nothing-here');
      expect(other.json().requestId).toBe(other.headers['x-request-id']);
      expect(other.headers['x-request-id']).not.toBe(id);
    });

    it('echoes a safe caller-supplied X-Request-Id and replaces an unsafe one', async () => {
      const safe = 'edge-7f3a.b_9-XYZ';
      const echoed = await h().app.inject({ url: '/api/v1/nothing-here', headers: { 'x-request-id': safe } });
      expect(echoed.headers['x-request-id']).toBe(safe);
      expect(echoed.json().requestId).toBe(safe);
      expect((await h().app.inject({ url: '/healthz', headers: { 'x-request-id': 'a'.repeat(64) } })).headers['x-request-id']).toBe('a'.repeat(64));

      for (const unsafe of ['with spaces in it', 'a'.repeat(200), 'a'.repeat(65), 'x"}\\n{"forged":1', 'ümlaut']) {
        const res = await h().app.inject({ url: '/api/v1/nothing-here', headers: { 'x-request-id': unsafe } });
        const id = res.headers['x-request-id'];
        expect(id, unsafe).not.toBe(unsafe);
        expect(String(id)).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
        expect(res.json().requestId).toBe(id);
      }
    });
  },
  { demo: false },
);
