// The server's answer to a refused form, placed beside the fields it names: each field error goes
// under its field (aria-invalid, described by the message); what names no field on the form, and
// the problem's title, go in the alert at the top.
import { useIntl } from 'react-intl';
import { Alert } from '../../components/ui.tsx';
import { ApiError, type FieldError } from '../../lib/api.ts';

/** Codes of field errors the workspace words in the reader's language (others show the server's words). */
const TRANSLATED_CODES = new Set(['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_LONG', 'PASSWORD_TOO_COMMON']);

const idOf = (formId: string, field: string) => `${formId}-${field.replace(/[^A-Za-z0-9_-]/g, '-')}-error`;

/**
 * `fields`: each field of the form with the error paths that land on it ('user.password' and the
 * policy's 'password'); a path under a field ('layers.0') lands on it too.
 */
export function useFieldErrors(error: unknown, formId: string, fields: Record<string, string[]>) {
  const intl = useIntl();
  const errors: FieldError[] = error instanceof ApiError ? error.errors : [];
  const placed = new Map<string, string[]>();
  const unplaced: FieldError[] = [];
  const words = (e: FieldError) => (e.code && TRANSLATED_CODES.has(e.code) ? intl.formatMessage({ id: `buyer.error.${e.code}` }) : e.message);
  for (const e of errors) {
    const field = Object.keys(fields).find((f) => fields[f]!.some((p) => e.path === p || e.path.startsWith(`${p}.`)));
    if (field) placed.set(field, [...(placed.get(field) ?? []), words(e)]);
    else unplaced.push(e);
  }
  return {
    /** Props for the field's input. */
    input: (field: string) => (placed.has(field) ? { 'aria-invalid': true as const, 'aria-describedby': idOf(formId, field) } : {}),
    /** The field's messages, under it. */
    message: (field: string) =>
      placed.has(field) ? (
        <span className="field-error small" id={idOf(formId, field)}>
          {placed.get(field)!.join(' ')}
        </span>
      ) : null,
    /** The alert at the top of the form: the problem and what no field shows. */
    summary: error ? (
      <Alert>
        <strong>{error instanceof ApiError ? error.message : intl.formatMessage({ id: 'buyer.error.network' })}</strong>
        {unplaced.length > 0 && (
          <ul className="field-errors">
            {unplaced.map((e, i) => (
              <li key={i}>{words(e)}</li>
            ))}
          </ul>
        )}
      </Alert>
    ) : null,
  };
}
