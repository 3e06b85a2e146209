// The network boundary of the web tests: `globalThis.fetch` replaced by a function that answers
// "METHOD /path" with recorded responses (see recorded.ts) and keeps every request it received.
// A request no route expects fails the test, so a test also shows which calls a screen makes.
import { onTestFinished, vi } from 'vitest';
import type { Problem } from './recorded.ts';

export interface StubRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body; undefined without one. */
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
}

/** A route answers with one response, several in turn (the last one repeats), or computes one. */
export type Route = Answer | Answer[] | ((req: StubRequest) => Answer);

export const ok = (body: unknown, status = 200): Answer => ({ status, body });
export const problem = (p: Problem): Answer => ({ status: p.status, body: p });

export interface ApiStub {
  /** Every request, in order. */
  requests: StubRequest[];
  /** The requests to one route, e.g. calls('PUT /api/v1/proposals/p1'). */
  calls(route: string): StubRequest[];
}

export function stubApi(routes: Record<string, Route>): ApiStub {
  const requests: StubRequest[] = [];
  const unexpected: string[] = [];
  const served = new Map<string, number>();

  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const req: StubRequest = { method, path: url.pathname + url.search, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    requests.push(req);
    const key = `${method} ${req.path}`;
    const route = routes[key];
    let answer: Answer;
    if (!route) {
      unexpected.push(key);
      answer = { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_STUBBED', detail: `No stubbed answer for ${key}` } };
    } else if (typeof route === 'function') {
      answer = route(req);
    } else if (Array.isArray(route)) {
      const n = served.get(key) ?? 0;
      served.set(key, n + 1);
      answer = route[Math.min(n, route.length - 1)]!;
    } else {
      answer = route;
    }
    if (answer.status === 204) return new Response(null, { status: 204 });
    const type = answer.status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8';
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': type } });
  });
  vi.stubGlobal('fetch', fetch);
  onTestFinished(() => {
    if (unexpected.length) throw new Error(`Requests no route expected: ${unexpected.join(', ')}`);
  });

  return {
    requests,
    calls: (route: string) => requests.filter((r) => `${r.method} ${r.path}` === route),
  };
}
