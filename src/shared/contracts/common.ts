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
