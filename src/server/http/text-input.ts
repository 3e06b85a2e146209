// Text input is checked once, here, before any route sees it: no NUL or other control character
// in a parameter, a query value or a JSON body's strings (a NUL is an error on PostgreSQL and is
// stored as-is on SQLite). Tabs and line breaks are allowed in body text (narratives, notes),
// never in a path parameter or a query value. A body sent as a file (a list upload) is the
// importer's to check.
import type { FastifyInstance } from 'fastify';
import type { FieldProblem } from '../../shared/errors.ts';
import { sendProblem } from './problem.ts';

// C0 controls and DEL; tab, line feed and carriage return are allowed in body text only. Matching
// control characters is the point of these patterns.
/* eslint-disable no-control-regex */
const CONTROL_IN_BODY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_ANYWHERE = /[\u0000-\u001F\u007F]/;
/* eslint-enable no-control-regex */
const MAX_PROBLEMS = 20;

function collect(value: unknown, path: string, pattern: RegExp, out: FieldProblem[], depth = 0): void {
  if (out.length >= MAX_PROBLEMS || depth > 64) return;
  if (typeof value === 'string') {
    if (pattern.test(value)) out.push({ path, message: 'contains a control character (such as NUL), which is not accepted' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => collect(v, path ? `${path}.${i}` : String(i), pattern, out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (pattern.test(k)) out.push({ path: path ? `${path}.${k}` : k, message: 'a key contains a control character' });
      collect(v, path ? `${path}.${k}` : k, pattern, out, depth + 1);
    }
  }
}

/** Problems of a request's text input; empty when it is clean. */
export function controlCharacterProblems(input: { params?: unknown; query?: unknown; body?: unknown }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  collect(input.params, '', CONTROL_ANYWHERE, problems);
  collect(input.query, '', CONTROL_ANYWHERE, problems);
  if (typeof input.body !== 'string') collect(input.body, '', CONTROL_IN_BODY, problems);
  return problems;
}

export function registerTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (req, reply) => {
    const problems = controlCharacterProblems(req);
    if (problems.length) return sendProblem(reply, 400, 'INVALID_CHARACTERS', 'The request contains control characters', problems);
  });
}
