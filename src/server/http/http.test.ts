import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createDb } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { describeEachDb, testDeps } from '../test/harness.ts';

describeEachDb('HTTP conventions', (h) => {
  it('serves liveness, readiness and the OpenAPI document', async () => {
    expect((await h().app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await h().app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    const doc = (await h().app.inject('/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/proposals/{id}', '/api/v1/proposals/{id}/submit', '/api/v1/consortia']));
  });

  it('publishes the manifest JSON Schema', async () => {
    const schema = (await h().app.inject('/api/v1/schemas/package-manifest.json')).json();
    expect(schema.properties.format.const).toBe('aiep.package-manifest/v1');
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'title', 'consortium', 'package']));
  });

  it('answers unknown API paths with a problem', async () => {
    const res = await h().app.inject('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('paginates with an opaque cursor', async () => {
    const po = await h().login('program.officer@ita.example');
    const first = await po.get('/api/v1/proposals?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await po.get(`/api/v1/proposals?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect((await po.get('/api/v1/proposals?cursor=%%%')).status).toBe(400);
  });
});

describe('faults', () => {
  it('hides internals in 5xx bodies and reports not ready when the database is gone', async () => {
    const db = createDb('sqlite::memory:');
    await migrateToLatest(db);
    const app = await buildApp(testDeps(db), { logger: false });
    await db.destroy();
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.example', password: 'x' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(res.body).not.toMatch(/destroyed|kysely|sqlite|stack/i);
    expect((await app.inject('/readyz')).statusCode).toBe(503);
    await app.close();
  });
});

describeEachDb('HTTP headers that keep confidential answers out of caches', (h) => {
  it('every API answer but the public catalog is no-store; HSTS is sent', async () => {
    const po = await h().login('program.officer@ita.example');
    const queue = await po.get('/api/v1/review-queue');
    expect(queue.status).toBe(200);
    expect(queue.headers['cache-control']).toBe('no-store');
    expect((await po.get('/api/v1/proposals/no-such-id')).headers['cache-control']).toBe('no-store');
    const anonymous = await h().app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(JSON.parse(anonymous.body)).toEqual({ user: null, csrfToken: null });
    expect(anonymous.headers['cache-control']).toBe('no-store');
    const catalog = await h().app.inject({ method: 'GET', url: '/api/v1/public/catalog' });
    expect(catalog.headers['cache-control']).toBe('public, max-age=60');
    expect(String(catalog.headers['strict-transport-security'])).toContain('max-age=31536000');
  });
});
