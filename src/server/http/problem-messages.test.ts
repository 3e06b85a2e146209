// Field problems are written for the person who filled the form: the field's name in words and
// what is wrong, never a camelCase code or zod's "Invalid input: expected string, received
// undefined". The machine-readable `path` stays as it was.
import { expect, it } from 'vitest';
import { FACTORY_ANCHOR, session } from '../test/factories.ts';
import { describeEachDb } from '../test/harness.ts';

const CAMEL_CASE = /\b[a-z]+[A-Z][A-Za-z]*\b/;

describeEachDb('problem messages', (h) => {
  it('say which field is wrong, in words, and keep the path for programs', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const cases = [
      { url: '/api/v1/consortia', body: {} },
      { url: '/api/v1/consortia', body: { name: '', layerRoles: ['nope'], extraKey: 1 } },
      { url: '/api/v1/consortia', body: { name: 5, layerRoles: 'x' } },
      { url: '/api/v1/proposals', body: { consortiumId: 'x', title: 'x', summary: 'y', package: { components: [{ layer: 'zz', valueUsd: -1 }] } } },
      { url: '/api/v1/consortia/none/invitations', body: { orgId: 'org-nowhere', layerRoles: ['data'] } },
    ];
    const messages: string[] = [];
    for (const c of cases) {
      const res = await anchor.post(c.url, c.body);
      expect(res.status, c.url).toBeGreaterThanOrEqual(400);
      for (const e of res.body.errors ?? []) messages.push(e.message);
    }
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) {
      expect(m, m).not.toMatch(CAMEL_CASE);
      expect(m, m).not.toMatch(/Invalid input|received undefined/);
    }

    const missing = (await anchor.post('/api/v1/consortia', {})).body;
    expect(missing).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'name', message: 'Name: is required' }] });
    const wrong = (await anchor.post('/api/v1/consortia', { name: 'ok', layerRoles: ['nope'], extraKey: 1 })).body.errors;
    expect(wrong).toEqual([
      { path: 'layerRoles.0', message: 'Layer role 1: must be one of: infrastructure, data, model, security, application' },
      { path: 'body', message: 'The request: has a field this form does not take: “extra key”' },
    ]);
    const proposal = (await anchor.post('/api/v1/proposals', { consortiumId: 'x', title: 'x', summary: 'y', package: { components: [{}] } })).body.errors;
    expect(proposal).toContainEqual({ path: 'package.components.0.unitValueUsd', message: 'Package, component 1, unit value (USD): is required' });
  });
});
