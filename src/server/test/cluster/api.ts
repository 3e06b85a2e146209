// An HTTP client of the real server processes of the cluster test: every request has a deadline (a
// request that does not answer in time fails the test as a hang), and a session logged in through
// one web process is used against any of them (sessions live in the database).
import { completeSecondStepOverHttp } from '../second-step-http.ts';

/** Longest any request of the cluster test may take: beyond it, the request hung. */
export const REQUEST_DEADLINE_MS = 10_000;

export interface ApiResponse {
  status: number;
  contentType: string;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on parsed JSON of many shapes
}

/** One request with a deadline; a request that gets no answer in time throws, naming it. */
export async function request(url: string, init: RequestInit = {}, deadlineMs = REQUEST_DEADLINE_MS): Promise<ApiResponse> {
  let res: globalThis.Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(Math.max(1, Math.ceil(deadlineMs))) });
  } catch (err) {
    throw new Error(`${init.method ?? 'GET'} ${url}: no answer within ${deadlineMs} ms (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body };
}

export interface Session {
  /** The same session against another process (every web process accepts it). */
  at(baseUrl: string): Session;
  get(path: string, deadlineMs?: number): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /** POSTs a raw body (a list file, a CSV). */
  postText(path: string, text: string, contentType: string): Promise<ApiResponse>;
}

/** Logs in through the process at `baseUrl`; the session's cookie and CSRF token go with every request. */
export async function login(baseUrl: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
  });
  const body = (await res.json()) as { csrfToken?: string; mfa?: string };
  if (res.status !== 200 || !body.csrfToken) throw new Error(`login ${email} at ${baseUrl}: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  // The demo accounts sign in with the demo password, from which their authenticator's secret derives.
  await completeSecondStepOverHttp(baseUrl, { cookie, csrf: body.csrfToken, email, demoPassword: password, mfa: body.mfa });
  return sessionAt(baseUrl, cookie, body.csrfToken);
}

function sessionAt(baseUrl: string, cookie: string, csrf: string): Session {
  const headers = { cookie, 'x-csrf-token': csrf };
  return {
    at: (other) => sessionAt(other, cookie, csrf),
    get: (path, deadlineMs) => request(`${baseUrl}${path}`, { headers }, deadlineMs),
    post: (path, body = {}, extra = {}) => request(`${baseUrl}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) }),
    postText: (path, text, contentType) => request(`${baseUrl}${path}`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body: text }),
  };
}
