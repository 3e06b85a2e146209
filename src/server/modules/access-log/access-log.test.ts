// Reads of business-confidential information, and denied attempts, are recorded in the access log —
// off the request path, in batches — and only auditors and administrators read it (aiep issue 11,
// item 10).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { clockStartingAt } from '../../lib/clock.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, inject, loginTo, type Client } from '../../test/harness.ts';
import { ACCESS_LOG_RESOURCE_LABELS, ACCESS_LOG_ROUTE_LABELS } from '../../../shared/labels.ts';
import { AccessLogQuery } from '../../../shared/contracts/access-log.ts';
import { BCI_ROUTES, flushAccessLog, registerAccessLog } from './access-log.routes.ts';
import { createAccessLogBuffer, pruneAccessLog } from './access-log.service.ts';

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';

describeEachDb('access log', (h) => {
  // An app of the suite's own with the access log registered and a timer that never fires during
  // the suite: each test flushes explicitly. (Registering is idempotent, so this holds whether or
  // not buildApp registers it already.)
  let app: FastifyInstance;
  let proposalId: string;
  let auditor: Client;
  const db = () => h().deps.db.db;
  const login = (email: string) => loginTo(app, email);
  const rowCount = async () => Number((await db().selectFrom('access_log').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const logOf = async (query: string) => {
    const res = await auditor.get(`/api/v1/access-log?${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: Record<string, unknown>[]; nextCursor: string | null };
  };
  const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    app = await buildApp(h().deps, { logger: false });
    registerAccessLog(app, h().deps, { flushMs: 3_600_000 });
    await app.ready();
    proposalId = (await db().selectFrom('proposals').select('id').where('title', '=', ASEAN_TITLE).executeTakeFirstOrThrow()).id;
    auditor = await login('auditor@oig.example');
  });
  afterAll(async () => {
    await app.close();
  });

  it('a proposal read by the anchor and the denied attempts of a stranger and of no one are recorded, after the flush', async () => {
    await flushAccessLog(app);
    const before = await rowCount();
    const anchor = await login('anchor@cascade.example');
    const stranger = await login('anchor@northstar.example');
    const anon = inject(app, '', '');
    expect((await anchor.get(`/api/v1/proposals/${proposalId}`)).status).toBe(200);
    expect((await anchor.get(`/api/v1/proposals/${proposalId}/manifest`)).status).toBe(200);
    expect((await anchor.get(`/api/v1/proposals/${proposalId}/compliance.csv`)).status).toBe(200);
    expectProblem(await stranger.get(`/api/v1/proposals/${proposalId}`), 404, 'NOT_FOUND');
    expectProblem(await anon.get(`/api/v1/proposals/${proposalId}/history`), 401, 'UNAUTHENTICATED');
    await flushAccessLog(app);
    expect(await rowCount()).toBe(before + 5);

    const { items } = await logOf(`entityId=${proposalId}`);
    const anchorId = await userId('anchor@cascade.example');
    const strangerId = await userId('anchor@northstar.example');
    expect(items).toContainEqual(
      expect.objectContaining({ userId: anchorId, userEmail: 'anchor@cascade.example', auth: 'session', method: 'GET', route: '/api/v1/proposals/:id', entityType: 'proposal', entityId: proposalId, status: 200 }),
    );
    expect(items).toContainEqual(expect.objectContaining({ userId: anchorId, route: '/api/v1/proposals/:id/manifest', status: 200 }));
    expect(items).toContainEqual(expect.objectContaining({ userId: anchorId, route: '/api/v1/proposals/:id/compliance.csv', status: 200 }));
    expect(items).toContainEqual(expect.objectContaining({ userId: strangerId, route: '/api/v1/proposals/:id', status: 404, entityId: proposalId }));
    expect(items).toContainEqual(expect.objectContaining({ userId: null, auth: 'none', route: '/api/v1/proposals/:id/history', status: 401 }));
    const entry = items.find((i) => i.userId === anchorId)!;
    expect(String(entry.at).slice(0, 10)).toBe(h().deps.clock.nowIso().slice(0, 10));
    expect(typeof entry.ip).toBe('string');
    // Only the anchor's own reads when filtered by user.
    const mine = await logOf(`userId=${anchorId}&entityId=${proposalId}`);
    expect(mine.items.length).toBe(3);
    expect(mine.items.every((i) => i.userId === anchorId)).toBe(true);
    // By the kind of thing read, and by route.
    const proposals = await logOf(`userId=${anchorId}&entityType=proposal`);
    expect(proposals.items.length).toBeGreaterThanOrEqual(3);
    expect(proposals.items.every((i) => i.entityType === 'proposal')).toBe(true);
    const manifests = await logOf(`entityId=${proposalId}&route=${encodeURIComponent('/api/v1/proposals/:id/manifest')}`);
    expect(manifests.items.map((i) => [i.userId, i.route])).toEqual([[anchorId, '/api/v1/proposals/:id/manifest']]);
    expect((await logOf(`userId=${anchorId}&entityType=deal`)).items).toEqual([]);
    // The reads of the log above are written now, not by the app's timer during the next test.
    await flushAccessLog(app);
  });

  it('recording never writes: the entries wait in memory for the flush, which writes them in one go', async () => {
    const before = await rowCount();
    const buffer = createAccessLogBuffer(h().deps);
    const entry = { at: h().deps.clock.nowIso(), user_id: null, api_key_id: null, auth: 'none', method: 'GET', route: '/api/v1/proposals/:id', entity_type: 'proposal', entity_id: 'buffer-probe', status: 401, ip: null };
    for (let i = 0; i < 1200; i++) buffer.record(entry); // past the size that starts a write of its own
    await buffer.flush();
    expect(await rowCount()).toBe(before + 1200);
    buffer.record(entry);
    expect(await rowCount()).toBe(before + 1200);
    await buffer.flush();
    expect(await rowCount()).toBe(before + 1201);
    await db().deleteFrom('access_log').where('entity_id', '=', 'buffer-probe').execute();
  });

  it('a read with an API key names the key', async () => {
    const anchor = await login('anchor@cascade.example');
    const created = await anchor.post('/api/v1/api-keys', { name: 'access log probe' });
    expect(created.status).toBe(201);
    const res = await app.inject({ method: 'GET', url: `/api/v1/proposals/${proposalId}/manifest`, headers: { authorization: `Bearer ${created.body.key}` } });
    expect(res.statusCode).toBe(200);
    await flushAccessLog(app);
    const { items } = await logOf(`entityId=${proposalId}&userId=${await userId('anchor@cascade.example')}`);
    expect(items[0]).toMatchObject({ auth: 'api_key', apiKeyId: created.body.id, route: '/api/v1/proposals/:id/manifest', status: 200 });
  });

  it('ownership and financing details are recorded too; a read of the public catalog and of other routes is not', async () => {
    await flushAccessLog(app);
    const before = await rowCount();
    const anon = inject(app, '', '');
    expect((await anon.get(`/api/v1/public/catalog/${proposalId}`)).status).toBe(200);
    expect((await anon.get('/api/v1/public/catalog')).status).toBe(200);
    const anchor = await login('anchor@cascade.example');
    expect((await anchor.get('/api/v1/notifications')).status).toBe(200);
    await flushAccessLog(app);
    expect(await rowCount()).toBe(before);

    expect((await anchor.get('/api/v1/organizations/org-merlion')).status).toBe(200);
    await flushAccessLog(app);
    expect((await logOf('entityId=org-merlion')).items[0]).toMatchObject({ route: '/api/v1/organizations/:id', entityType: 'organization', status: 200 });
    const deal = await db().selectFrom('deals').select('id').executeTakeFirst();
    if (deal) {
      const po = await login('program.officer@ita.example');
      expect((await po.get(`/api/v1/deals/${deal.id}`)).status).toBe(200);
      await flushAccessLog(app);
      expect((await logOf(`entityId=${deal.id}`)).items[0]).toMatchObject({ route: '/api/v1/deals/:id', entityType: 'deal', status: 200 });
    }
  });

  it('only auditors and administrators read the log; bad queries are refused', async () => {
    for (const email of ['anchor@cascade.example', 'program.officer@ita.example', 'reviewer@state.example']) {
      expectProblem(await (await login(email)).get('/api/v1/access-log'), 403, 'FORBIDDEN');
    }
    expectProblem(await inject(app, '', '').get('/api/v1/access-log'), 401, 'UNAUTHENTICATED');
    expect((await (await login('admin@aiep.example')).get(`/api/v1/access-log?entityId=${proposalId}`)).status).toBe(200);
    expectProblem(await auditor.get('/api/v1/access-log?from=yesterday'), 400, 'VALIDATION_FAILED');
    expectProblem(await auditor.get('/api/v1/access-log?limit=0'), 400, 'VALIDATION_FAILED');
    expectProblem(await auditor.get('/api/v1/access-log?from=2026-11-17&to=2026-11-16'), 400, 'VALIDATION_FAILED');
    expectProblem(await auditor.get('/api/v1/access-log?cursor=not-a-cursor'), 400, 'INVALID_CURSOR');
    expectProblem(await auditor.get('/api/v1/access-log?entityType=users'), 400, 'VALIDATION_FAILED');
    // The refused reads of the log are themselves recorded.
    await flushAccessLog(app);
    const denied = (await logOf('limit=500')).items.filter((i) => i.route === '/api/v1/access-log' && i.status === 403);
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('pages newest first, filters by period, and prunes what is older than the retention', async () => {
    const anchor = await login('anchor@cascade.example');
    for (let i = 0; i < 3; i++) await anchor.get(`/api/v1/proposals/${proposalId}`);
    await flushAccessLog(app);
    const first = await logOf(`entityId=${proposalId}&limit=2`);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await logOf(`entityId=${proposalId}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.some((i) => first.items.some((j) => j.id === i.id))).toBe(false);
    expect(String(second.items[0]!.at) <= String(first.items[1]!.at)).toBe(true);
    const today = h().deps.clock.nowIso().slice(0, 10);
    expect((await logOf(`entityId=${proposalId}&from=${today}&to=${today}`)).items.length).toBeGreaterThan(0);
    expect((await logOf(`entityId=${proposalId}&to=2000-01-01`)).items).toEqual([]);

    // Nothing is older than 400 days yet; 401 days on, everything is (the reads of the log above
    // included: flushed first, and no request is made until the prune).
    await flushAccessLog(app);
    const count = await rowCount();
    expect(await pruneAccessLog(h().deps)).toBe(0);
    const later = { ...h().deps, clock: clockStartingAt(new Date(h().deps.clock.millis() + 401 * 86_400_000).toISOString()) };
    expect(await pruneAccessLog(later)).toBe(count);
    expect(await rowCount()).toBe(0);
  });

  it('every recorded route and kind of thing has words for the auditor’s page, and the filter accepts every kind', () => {
    expect(Object.keys(ACCESS_LOG_ROUTE_LABELS).sort()).toEqual([...BCI_ROUTES.keys()].sort());
    const kinds = [...new Set([...BCI_ROUTES.values()].map((r) => r.entityType))].sort();
    expect(Object.keys(ACCESS_LOG_RESOURCE_LABELS).sort()).toEqual(kinds);
    for (const k of kinds) expect(AccessLogQuery.safeParse({ entityType: k }).success).toBe(true);
  });
});
