// RFC 9457 problem+json for every error; 5xx bodies never carry internals. Every body carries the
// request's id (`requestId`).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldProblem } from '../../shared/errors.ts';
import { isDatabaseUnavailable } from '../db/connection.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Sends a problem. `requestId` is the request's id (its X-Request-Id header and its log lines'
 * `reqId`), so a caller reporting a problem names the log lines to read.
 */
export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, errors: FieldProblem[] = [], extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://aiep.example/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail,
      ...(errors.length ? { errors } : {}),
      ...extra,
      requestId: reply.request.id,
    });
}

function pathOf(instancePath: string, context: string | undefined): string {
  const parts = instancePath.split('/').filter(Boolean);
  const prefix = context && context !== 'body' ? `${context}.` : '';
  return prefix + parts.join('.') || context || '';
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendProblem(reply, error.status, error.code, error.message, error.problems, error.extra);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: pathOf(v.instancePath, (v as { validationContext?: string }).validationContext ?? (error as { validationContext?: string }).validationContext),
      message: v.message ?? 'is invalid',
    }));
    return sendProblem(reply, 400, 'VALIDATION_FAILED', `Request is invalid: ${errors.length} problem(s)`, errors);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(reply, 413, 'BODY_TOO_LARGE', 'The request body is larger than the server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return sendProblem(reply, 400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  }
  if (error.statusCode === 429) return sendProblem(reply, 429, 'RATE_LIMITED', 'Too many requests; slow down');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return sendProblem(reply, error.statusCode, 'BAD_REQUEST', error.message);
  }
  if (isDatabaseUnavailable(error)) {
    // A lost or refused database connection: fail fast, retry later (the pool reconnects by itself).
    request.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', '5');
    return sendProblem(reply, 503, 'DATABASE_UNAVAILABLE', 'The database is unavailable right now; retry shortly');
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, 500, 'INTERNAL', 'Something went wrong on our side; the error was logged');
}
