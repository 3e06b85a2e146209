// Text input is checked once, here, before any route sees it: no NUL or other control character
// in a parameter, a query value or a JSON body's strings (a NUL is an error on PostgreSQL and is
// stored as-is on SQLite). Tabs and line breaks are allowed in body text (narratives, notes),
// never in a path parameter or a query value. A body sent as a file (a list upload) is the
// importer's to check.
//
// A name must also be readable, because people and the screening engine compare names: a field
// called `name`, `title` or `…Name` / `…Title` is refused when it is made only of invisible
// characters (zero-width, bidi marks, fillers), when it carries a bidirectional override or
// isolate (which reorders what a reviewer sees: "Trojan Source" spoofing), or an invisible
// separator inside a word (zero-width space, word joiner, BOM), which would slip a listed name
// past the screening engine. Zero-width (non-)joiners stay allowed: Persian and Indic scripts
// need them.
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

const NAME_KEY = /^(name|title)$|[a-z](Name|Title)$/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const HIDDEN_SEPARATOR = /[\u200B\u2060\uFEFF]/;
// Whitespace, format characters (zero-width, bidi marks) and the blank-looking fillers of Hangul and Braille.
const INVISIBLE = /[\s\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** Why a name-like value is not readable, or null when it is. */
export function unreadableName(value: string): string | null {
  if (BIDI_CONTROL.test(value)) return 'contains a bidirectional override or isolate character, which is not accepted in a name';
  if (HIDDEN_SEPARATOR.test(value)) return 'contains an invisible separator (such as a zero-width space), which is not accepted in a name';
  if (value.length > 0 && value.replace(INVISIBLE, '').length === 0) return 'has no visible character; a name must be readable';
  return null;
}

function collect(value: unknown, path: string, pattern: RegExp, out: FieldProblem[], depth = 0): void {
  if (out.length >= MAX_PROBLEMS || depth > 64) return;
  if (typeof value === 'string') {
    if (pattern.test(value)) out.push({ path, message: 'contains a control character (such as NUL), which is not accepted' });
    else if (NAME_KEY.test(path.slice(path.lastIndexOf('.') + 1))) {
      const why = unreadableName(value);
      if (why) out.push({ path, message: why });
    }
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
export function textInputProblems(input: { params?: unknown; query?: unknown; body?: unknown }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  collect(input.params, '', CONTROL_ANYWHERE, problems);
  collect(input.query, '', CONTROL_ANYWHERE, problems);
  if (typeof input.body !== 'string') collect(input.body, '', CONTROL_IN_BODY, problems);
  return problems;
}

export function registerTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (req, reply) => {
    const problems = textInputProblems(req);
    if (problems.length) return sendProblem(reply, 400, 'INVALID_CHARACTERS', 'The request contains characters that are not accepted', problems);
  });
}
