// fetch wrapper: JSON in and out (or a raw body such as a CSV upload), the CSRF token on writes,
// RFC 9457 problems as ApiError.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A 4xx answer: asking again gives the same answer, so it is not retried. */
export const isClientError = (e: unknown): e is ApiError => e instanceof ApiError && e.status >= 400 && e.status < 500;

/** A body sent as it is (a file), not as JSON. */
class RawBody {
  constructor(
    readonly data: Blob | string,
    readonly contentType: string,
  ) {}
}

export async function api<T>(method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  const raw = body instanceof RawBody ? body : null;
  if (raw) headers['content-type'] = raw.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method, headers, body: raw ? raw.data : body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data?.code ?? 'ERROR', data?.detail ?? res.statusText, data?.errors ?? [], data ?? {});
  return data as T;
}

export const get = <T,>(url: string) => api<T>('GET', url);
export const post = <T,>(url: string, body: unknown = {}) => api<T>('POST', url, body);
export const put = <T,>(url: string, body: unknown) => api<T>('PUT', url, body);
export const patch = <T,>(url: string, body: unknown) => api<T>('PATCH', url, body);
export const del = <T,>(url: string) => api<T>('DELETE', url);
/** POST a file as it is (a CSV or a list file), with the session's CSRF token. */
export const postRaw = <T,>(url: string, body: Blob | string, contentType: string, headers: Record<string, string> = {}) => api<T>('POST', url, new RawBody(body, contentType), headers);
/** The session's CSRF token as a header, for a write sent outside `api` (a streamed multipart upload). */
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});
