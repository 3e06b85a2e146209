// Nobody makes aiep read a body they may not send: an anonymous request to a non-public route is
// refused (401) and a caller who may not upload (403) before a byte of the body is read; JSON bodies
// nest at most MAX_JSON_DEPTH levels and never use prototype keys; uploads come raw or as
// multipart/form-data with one file part, within the route's limit while they stream.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../test/expect-problem.ts';
import { describeEachDb, type Client, type Harness, type Response } from '../test/harness.ts';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, parseJsonBody } from './json-body.ts';

const FIXTURE = readFileSync(join(import.meta.dirname, '../modules/screening/__fixtures__/csl_test_v1.csv'), 'utf8');
const MiB = 1024 * 1024;
const FILE_LIMIT = 64 * MiB;

/** A request body of `head`, then `size` filler bytes, then `tail`, produced only as it is read; `read` counts the bytes handed out. */
function trackedBody(size: number, head = '', tail = '') {
  const state = { read: 0, total: Buffer.byteLength(head) + size + Buffer.byteLength(tail) };
  const filler = Buffer.alloc(256 * 1024, 'x');
  let sentHead = false;
  let left = size;
  let sentTail = false;
  const stream = new Readable({
    read() {
      let chunk: Buffer | null;
      if (!sentHead) {
        sentHead = true;
        chunk = Buffer.from(head);
      } else if (left > 0) {
        chunk = left >= filler.length ? filler : filler.subarray(0, left);
        left -= chunk.length;
      } else if (!sentTail) {
        sentTail = true;
        chunk = Buffer.from(tail);
      } else {
        chunk = null;
      }
      if (chunk) state.read += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, state };
}

const BOUNDARY = 'aiep-test-boundary-7d3f';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const filePart = (fileName: string, contentType = 'text/csv') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
const fieldPart = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const END = `\r\n--${BOUNDARY}--\r\n`;
const multipartOf = (fileName: string, content: string) => filePart(fileName) + content + END;

function toResponse(res: { statusCode: number; body: string; headers: Record<string, unknown> }): Response {
  let body: unknown = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, headers: res.headers };
}

/** A request as `client` (or anonymous), with any payload and content type. */
async function send(h: () => Harness, client: Client | null, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET', url: string, payload?: string | Readable, contentType?: string, length?: number): Promise<Response> {
  const headers: Record<string, string> = {};
  if (client) Object.assign(headers, { cookie: client.cookie, 'x-csrf-token': client.csrf });
  if (contentType) headers['content-type'] = contentType;
  if (length !== undefined) headers['content-length'] = String(length);
  return toResponse(await h().app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) }));
}

const deepJson = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('the JSON depth scan', () => {
  it('counts brackets and braces outside string literals only', () => {
    expect(jsonNestsDeeperThan(deepJson(64), 64)).toBe(false);
    expect(jsonNestsDeeperThan(deepJson(65), 64)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'['.repeat(100)}","b":[{}]}`, 3)).toBe(false);
    // An escaped quote does not end the string; an escaped backslash before a quote does.
    expect(jsonNestsDeeperThan(`["\\"[[[[", 1]`, 1)).toBe(false);
    expect(jsonNestsDeeperThan(`["\\\\", [[1]]]`, 2)).toBe(true);
    expect(jsonNestsDeeperThan(`{"k":{"k":{"k":{}}}}`, 3)).toBe(true);
    expect(jsonNestsDeeperThan('["unterminated', 0)).toBe(true);
    expect(jsonNestsDeeperThan('"unterminated [[[[', 1)).toBe(false);
  });

  it('parses as JSON.parse does, but refuses prototype keys and deep nesting', () => {
    expect(parseJsonBody('\uFEFF{"a":[1,"x"],"constructor":"fine","proto":1}')).toEqual({ a: [1, 'x'], constructor: 'fine', proto: 1 });
    expect(parseJsonBody('{"constructor":{"name":"no prototype key"}}')).toEqual({ constructor: { name: 'no prototype key' } });
    for (const text of ['{"__proto__":{"admin":true}}', '[{"a":{"__proto__":1}}]', '{"\\u005f_proto__":{}}', '{"constructor":{"prototype":{"admin":true}}}', '{"\\u0063onstructor":{"prototype":1}}']) {
      expect(() => parseJsonBody(text), text).toThrow(expect.objectContaining({ status: 400, code: 'JSON_FORBIDDEN_KEY' }));
    }
    expect(() => parseJsonBody(deepJson(MAX_JSON_DEPTH + 1))).toThrow(expect.objectContaining({ status: 400, code: 'JSON_TOO_DEEP' }));
    expect(parseJsonBody(deepJson(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => parseJsonBody('{"a":')).toThrow(expect.objectContaining({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' }));
    expect(() => parseJsonBody('')).toThrow(expect.objectContaining({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }));
  });
});

describeEachDb('bodies are read only from callers who may send them', (h) => {
  let admin: Client;
  let compliance: Client; // compliance@meridian: may screen, may not import lists
  let anchor: Client; // anchor@meridian: may neither
  const count = async (table: 'list_versions' | 'list_entries' | 'jobs' | 'audit_events') =>
    Number((await h().deps.db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => ({ versions: await count('list_versions'), entries: await count('list_entries'), jobs: await count('jobs'), audit: await count('audit_events') });

  it('an anonymous 20 MB upload is answered 401 without reading it, raw, JSON or multipart', async () => {
    const before = await counts();
    // A percent-encoded path matches the same route, and is refused the same way.
    for (const url of ['/api/v1/lists/import?fileName=big.csv', '/api/v1/screening/batch', '/%61pi/v1/lists/%69mport']) {
      for (const type of ['text/csv', 'application/json', MULTIPART]) {
        const { stream, state } = trackedBody(20 * MiB);
        const res = await send(h, null, 'POST', url, stream, type, state.total);
        expectProblem(res, 401, 'UNAUTHENTICATED');
        expect(state.read, `${url} ${type}: bytes of the body read`).toBe(0);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('a logged-in user who may not upload gets 403 before the body is read', async () => {
    admin = await h().login('admin@aiep.example');
    compliance = await h().login('compliance@meridian.example');
    anchor = await h().login('anchor@meridian.example');
    const before = await counts();
    for (const type of ['text/csv', MULTIPART]) {
      const { stream, state } = trackedBody(FILE_LIMIT - MiB);
      expectProblem(await send(h, compliance, 'POST', '/api/v1/lists/import?fileName=big.csv', stream, type, state.total), 403, 'FORBIDDEN');
      expect(state.read, `${type}: bytes of the body read`).toBe(0);
    }
    const batch = trackedBody(20 * MiB);
    expectProblem(await send(h, anchor, 'POST', '/api/v1/screening/batch', batch.stream, 'text/csv', batch.state.total), 403, 'FORBIDDEN');
    expect(batch.state.read).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('a cookie-authenticated upload without the CSRF token is refused before its body is read', async () => {
    const { stream, state } = trackedBody(20 * MiB);
    const res = toResponse(await h().app.inject({ method: 'POST', url: '/api/v1/lists/import', headers: { cookie: admin.cookie, 'content-type': 'text/csv', 'content-length': String(state.total) }, payload: stream }));
    expectProblem(res, 403, 'CSRF_TOKEN_INVALID');
    expect(state.read).toBe(0);
  });

  it('every API route not declared public refuses an anonymous caller before reading the body', async () => {
    const doc = JSON.parse((await h().app.inject({ method: 'GET', url: '/docs/json' })).body) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    // Logging out works with or without a session (it clears the cookie), so it is public without saying so in OpenAPI.
    const publicWithoutDoc = new Set(['POST /api/v1/auth/logout']);
    const leaks: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        if ((Array.isArray(op.security) && op.security.length === 0) || publicWithoutDoc.has(key)) continue;
        const url = path.replace(/\{[^}]+\}/g, 'x');
        const withBody = method !== 'get';
        const { stream, state } = trackedBody(2 * 1024, '{"a":"', '"}');
        const res = await send(h, null, method.toUpperCase() as 'POST', url, withBody ? stream : undefined, withBody ? 'application/json' : undefined, withBody ? state.total : undefined);
        checked++;
        if (res.status !== 401 || res.body?.code !== 'UNAUTHENTICATED' || state.read > 0) leaks.push(`${key}: ${res.status} ${res.body?.code ?? ''}, ${state.read} bytes read`);
      }
    }
    expect(leaks).toEqual([]);
    expect(checked).toBeGreaterThan(90);
  });

  it('public routes answer without a login', async () => {
    for (const url of ['/api/v1/public/catalog', '/api/v1/public/statistics', '/api/v1/reference', '/api/v1/rubric', '/api/v1/financing/instruments', '/api/v1/schemas/package-manifest.json', '/healthz', '/readyz']) {
      expect((await h().app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    expect((await h().app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    // A public write still reads its body: a bad one is the route's to refuse.
    expectProblem(toResponse(await h().app.inject({ method: 'POST', url: '/api/v1/public/catalog/none/interest', payload: { nothing: true } })), 400, 'VALIDATION_FAILED');
  });

  it('JSON nested deeper than 64 levels is 400 JSON_TOO_DEEP on any route, at any depth', async () => {
    for (const levels of [MAX_JSON_DEPTH + 1, 10_000, 200_000]) {
      const body = `{"email":"a@b.example","password":${deepJson(levels - 1)}}`;
      expectProblem(await send(h, null, 'POST', '/api/v1/auth/login', body, 'application/json'), 400, 'JSON_TOO_DEEP');
      expectProblem(await send(h, compliance, 'POST', '/api/v1/screening/search', `{"name":${deepJson(levels - 1)}}`, 'application/json'), 400, 'JSON_TOO_DEEP');
    }
    // At the limit, the route's schema decides.
    expectProblem(await send(h, compliance, 'POST', '/api/v1/screening/search', `{"name":${deepJson(MAX_JSON_DEPTH - 1)}}`, 'application/json'), 400, 'VALIDATION_FAILED');
    // Brackets inside strings do not count.
    expectProblem(await send(h, null, 'POST', '/api/v1/auth/login', JSON.stringify({ email: 'nobody@b.example', password: '['.repeat(150) }), 'application/json'), 401, 'INVALID_CREDENTIALS');
  });

  it('a JSON body with a __proto__ or constructor.prototype key is 400 JSON_FORBIDDEN_KEY, and nothing is written', async () => {
    const before = await counts();
    for (const body of ['{"email":"admin@aiep.example","password":"demo-password-2026","__proto__":{"isAdmin":true}}', '{"email":"admin@aiep.example","password":"x","constructor":{"prototype":{"isAdmin":true}}}']) {
      expectProblem(await send(h, null, 'POST', '/api/v1/auth/login', body, 'application/json'), 400, 'JSON_FORBIDDEN_KEY');
    }
    expectProblem(await send(h, compliance, 'POST', '/api/v1/screening/batch', '[{"name":"A","\\u005f_proto__":{"x":1}}]', 'application/json'), 400, 'JSON_FORBIDDEN_KEY');
    expect(await counts()).toEqual(before);
  });

  it('an ordinary JSON route keeps the global body limit; upload routes take their own', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(h().deps.config.BODY_LIMIT_BYTES) });
    expectProblem(await send(h, compliance, 'POST', '/api/v1/screening/search', big, 'application/json'), 413, 'BODY_TOO_LARGE');
    // Raw file types belong to the upload routes only.
    expectProblem(await send(h, compliance, 'POST', '/api/v1/screening/search', 'name\nX\n', 'text/csv'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await send(h, compliance, 'POST', '/api/v1/screening/search', multipartOf('a.csv', 'name\nX'), MULTIPART), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an admin imports a list file as multipart/form-data; its file name comes from the part unless the query names one', async () => {
    const before = await count('list_versions');
    const res = await send(h, admin, 'POST', '/api/v1/lists/import', multipartOf('csl_test_v1.csv', FIXTURE), MULTIPART);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ list: 'csl', format: 'csl', status: 'ready', entryCount: 5, fileName: 'csl_test_v1.csv' });
    // Each upload differs in its bytes (line endings): the same content again would be answered as already imported.
    const named = await send(h, admin, 'POST', '/api/v1/lists/import?fileName=named.csv&format=csl', fieldPart('note', 'ignored') + multipartOf('blob', FIXTURE.replaceAll('\r\n', '\n')), MULTIPART);
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect(named.body).toMatchObject({ entryCount: 5, fileName: 'named.csv' });
    expect(await count('list_versions')).toBe(before + 2);
    // The raw body still works (the CLI and scripts send it so).
    const raw = await send(h, admin, 'POST', '/api/v1/lists/import?fileName=csl_test_v1.csv', FIXTURE.replace(/\r\n$/, ''), 'text/csv');
    expect(raw.status).toBe(201);
    // The first file again: nothing is written, and the answer says which version it became.
    const again = await send(h, admin, 'POST', '/api/v1/lists/import', multipartOf('csl_test_v1.csv', FIXTURE), MULTIPART);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: res.body.id, alreadyImported: true });
    expect(await count('list_versions')).toBe(before + 3);
  });

  it('a batch CSV comes as multipart/form-data too', async () => {
    const res = await send(h, compliance, 'POST', '/api/v1/screening/batch', multipartOf('parties.csv', 'id,name\n1,Nobody Special\n'), MULTIPART);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', rows: 1 });
  });

  it('a multipart file over the route limit is 413 while it streams, and nothing is imported', async () => {
    const before = await counts();
    const { stream, state } = trackedBody(FILE_LIMIT + 8 * MiB, filePart('huge.csv'), END);
    const res = await send(h, admin, 'POST', '/api/v1/lists/import', stream, MULTIPART, state.total);
    expectProblem(res, 413, 'FILE_TOO_LARGE');
    expect(res.headers.connection).toBe('close');
    // Refused once the limit was passed, not after reading the whole body.
    expect(state.read).toBeGreaterThan(FILE_LIMIT);
    expect(state.read).toBeLessThan(state.total);
    expect(await counts()).toEqual(before);
  });

  it('a multipart body without exactly one well-formed file part is 400, and nothing is imported', async () => {
    const before = await counts();
    expectProblem(await send(h, admin, 'POST', '/api/v1/lists/import', fieldPart('a', 'b') + `--${BOUNDARY}--\r\n`, MULTIPART), 400, 'UPLOAD_NO_FILE');
    expectProblem(await send(h, admin, 'POST', '/api/v1/lists/import', filePart('a.csv') + FIXTURE + '\r\n' + multipartOf('b.csv', FIXTURE), MULTIPART), 400, 'UPLOAD_ONE_FILE');
    expectProblem(await send(h, admin, 'POST', '/api/v1/lists/import', filePart('a.csv') + FIXTURE, MULTIPART), 400, 'MALFORMED_MULTIPART');
    expectProblem(await send(h, admin, 'POST', '/api/v1/lists/import', multipartOf('bad\u0001name.csv', FIXTURE), MULTIPART), 400, 'INVALID_FILE_NAME');
    expect(await counts()).toEqual(before);
  });
});
