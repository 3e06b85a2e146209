import { z } from 'zod';
import { isBlocCode, isCountryCode } from '../reference/geography.ts';

export const Id = z.string().min(1).max(64);

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "AE"')
  .refine(isCountryCode, { message: 'is not an ISO 3166-1 alpha-2 country code' });

export const NonBlankString = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const Money = z.number().finite().nonnegative().max(1e13, 'is larger than any plausible amount');

export const TargetMarketSchema = z
  .strictObject({ kind: z.enum(['country', 'bloc']), code: z.string().min(2).max(16) })
  .superRefine((m, ctx) => {
    const ok = m.kind === 'country' ? isCountryCode(m.code) : isBlocCode(m.code);
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: m.kind === 'country' ? `"${m.code}" is not an ISO 3166-1 alpha-2 country code` : `"${m.code}" is not a known regional bloc`,
      });
    }
  });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

// ── Shared pieces of request and response schemas ──────────────────────────────────────────

/** Path parameters of a route on one resource: `/…/{id}`. */
export const IdParams = z.object({ id: Id });

/** A calendar day, YYYY-MM-DD. */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/**
 * An instant as the API writes it (ISO 8601). Documented as date-time but not re-checked when a
 * response is serialized: stored instants are written by the clock or accepted from clients as
 * ISO 8601 with an offset, and a response must never fail on the notation of one.
 */
export const Timestamp = z.string().meta({ format: 'date-time' });

/** A 204 answer: no body. */
export const NoContent = z.undefined().describe('No content');

/** `{ items: [...] }`, the envelope of most list answers. */
export function itemsOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** A text body (CSV, JSON lines) of a response, under its media type in `content`. */
export function textBody(description: string) {
  return { schema: z.string().describe(description) };
}

/**
 * A text download (CSV, JSON lines) of the given media type. Fastify sends a string as it is, so
 * this documents the answer in OpenAPI without a serializer running over it.
 */
export function textDownload(mediaType: string, description: string) {
  return { description, content: { [mediaType]: textBody(description) } };
}

/**
 * A binary download (a PDF). Fastify sends a Buffer as it is, so this schema only documents the
 * answer: `type: string, format: binary` in OpenAPI.
 */
export function binaryDownload(mediaType: string, description: string) {
  return {
    description,
    content: { [mediaType]: { schema: z.custom<Uint8Array>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary', description }) } },
  };
}
