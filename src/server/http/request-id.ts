// Request ids: the id of every log line (Fastify's `reqId`), every problem+json body (`requestId`)
// and the X-Request-Id response header. A caller (or the proxy in front) may choose it by sending
// X-Request-Id, so one id follows a request across systems; anything but a short safe token is
// replaced by a generated one, so a caller cannot write arbitrary text into the logs.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's X-Request-Id when it is a safe token (≤ 64 of A-Z a-z 0-9 . _ -), else a new UUID. */
export function requestIdOf(raw: IncomingMessage): string {
  const sent = raw.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && SAFE_ID.test(sent) ? sent : randomUUID();
}

/** Echoes the request's id in X-Request-Id on every answer (errors and 404s included). */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply) => {
    reply.header(REQUEST_ID_HEADER, req.id);
  });
}
