// RFC 9457 problem+json for every error; 5xx bodies never carry internals. Every body carries the
// request's id (`requestId`).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldProblem } from '../../shared/errors.ts';
import { fieldName, fieldPathLabel } from '../../shared/labels.ts';
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

/** What a zod validation issue (as fastify-type-provider-zod hands it over) says is wrong, in words. */
interface ValidationIssue {
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

const TYPE_WORDS: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'yes or no', array: 'a list', object: 'a group of fields', date: 'a date' };

function sizeWords(origin: unknown, n: number): string {
  if (origin === 'string') return `${n} character${n === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return `${n} item${n === 1 ? '' : 's'}`;
  return String(n);
}

/** Zod's defaults ("Invalid input: expected string, received undefined") rewritten; messages our schemas set are kept. */
function issueInWords(v: ValidationIssue): string {
  const p = v.params ?? {};
  const message = v.message ?? '';
  switch (v.keyword) {
    case 'invalid_type':
      if (/received undefined$/.test(message)) return 'is required';
      return `must be ${TYPE_WORDS[String(p.expected)] ?? String(p.expected)}`;
    case 'invalid_value': {
      const values = Array.isArray(p.values) ? p.values.map(String) : [];
      return values.length === 1 ? `must be ${values[0]}` : values.length <= 8 ? `must be one of: ${values.join(', ')}` : 'is not one of the allowed choices';
    }
    case 'too_small':
      if (!message.startsWith('Too small')) break;
      if (p.origin === 'string' && p.minimum === 1) return 'must not be empty';
      return `must be at least ${sizeWords(p.origin, Number(p.minimum))}`;
    case 'too_big':
      if (!message.startsWith('Too big')) break;
      return `must be at most ${sizeWords(p.origin, Number(p.maximum))}`;
    case 'invalid_format':
      if (!message.startsWith('Invalid')) break;
      return p.format === 'regex' ? 'is not in the expected form' : `is not a valid ${String(p.format).replaceAll('_', ' ')}`;
    case 'unrecognized_keys': {
      const keys = Array.isArray(p.keys) ? p.keys.map((k) => `“${fieldName(String(k))}”`) : [];
      return `has ${keys.length === 1 ? 'a field' : 'fields'} this form does not take: ${keys.join(', ')}`;
    }
    case 'invalid_union':
      return 'is not valid';
    default:
      break;
  }
  return message || 'is not valid';
}

/**
 * A field problem as a person reads it: the field's name in words before what is wrong with it
 * ("Layer role 1: must be one of …"). `path` stays as it was, for programs. Messages that already
 * are a sentence (they start with a capital) are left alone.
 */
export function problemInWords(path: string, what: string): FieldProblem {
  if (/^[A-Z“"]/.test(what)) return { path, message: what };
  const label = fieldPathLabel(path);
  return { path, message: `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${what}` };
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const problems = error.problems.map((f) => ({ ...f, ...problemInWords(f.path, f.message) }));
    return sendProblem(reply, error.status, error.code, error.message, problems, error.extra);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) =>
      problemInWords(pathOf(v.instancePath, (v as { validationContext?: string }).validationContext ?? (error as { validationContext?: string }).validationContext), issueInWords(v)),
    );
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
