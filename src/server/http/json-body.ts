// The app's JSON body parser, in place of Fastify's default. Before JSON.parse, one linear scan of
// the text (string literals skipped) counts how deeply arrays and objects nest: deeper than
// MAX_JSON_DEPTH is 400 JSON_TOO_DEEP, so no depth reaches a recursive walk (the parser's, the
// text-input check's, a schema's) and a 200,000-level body is a 400, not a stack overflow. As
// Fastify's default parser does (secure-json-parse), a key `__proto__`, or `constructor` holding
// an object with a `prototype` key, anywhere in the body, is refused (400 JSON_FORBIDDEN_KEY), and
// a leading byte-order mark is ignored.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorCodes } from 'fastify';
import { AppError } from '../../shared/errors.ts';

/** The deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether arrays and objects in `text` nest deeper than `max`, counting brackets and braces
 * outside string literals. Linear in the length of the text; malformed text (an unterminated
 * string, unbalanced brackets) is left for JSON.parse to refuse.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  const n = text.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // The closing quote is the next one not escaped, i.e. not preceded by an odd run of backslashes.
      let end = text.indexOf('"', i + 1);
      while (end !== -1) {
        let k = end - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        if ((end - 1 - k) % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) return false;
      i = end + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
    i++;
  }
  return false;
}

/** Whether a parsed value has a `__proto__` key, or a `constructor` key holding an object with a `prototype` key. */
function hasPrototypeKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasPrototypeKey(item)) return true;
    return false;
  }
  if (Object.hasOwn(value, '__proto__')) return true;
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(value, 'constructor')) {
    const ctor = record.constructor;
    if (ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) return true;
  }
  for (const key of Object.keys(record)) if (hasPrototypeKey(record[key])) return true;
  return false;
}

/**
 * Whether the text may spell a forbidden key: `__proto__` or `constructor` literally, or any
 * \u escape (which can spell either). Text without any of them is parsed without a walk.
 */
const mayHoldPrototypeKey = (text: string) => text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');

/** Parses a JSON body under the rules above; throws AppError (400) or Fastify's JSON body errors. */
export function parseJsonBody(input: string): unknown {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) throw new AppError(400, 'JSON_TOO_DEEP', `The JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  }
  if (mayHoldPrototypeKey(text) && hasPrototypeKey(value)) {
    throw new AppError(400, 'JSON_FORBIDDEN_KEY', 'The JSON body uses "__proto__" or "constructor.prototype" as a key, which is not accepted');
  }
  return value;
}

/** Makes parseJsonBody the parser of application/json bodies. Register before any route. */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req: FastifyRequest, body: string | Buffer, done) => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
