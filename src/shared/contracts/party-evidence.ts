// Identifying evidence about a party (a person or an organization) that helps tell a true list match
// from a namesake: dates of birth or incorporation, nationalities or jurisdiction of incorporation,
// registration / tax / passport numbers and addresses. Carried on deal parties, organizations and
// declared owners, stored with every screened party, and passed to the screening engine with the
// party's name so that agreeing or conflicting evidence can move the match score.
import { z } from 'zod';
import { CountryCode } from './common.ts';

/**
 * A date as lists and registries give it: a full day (YYYY-MM-DD), a month (YYYY-MM) or only a
 * year (YYYY). Lists often know only the year of birth.
 */
export const PartialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected a date YYYY-MM-DD, YYYY-MM or YYYY');

export const PartyIdentifierSchema = z.strictObject({
  type: z.string().trim().min(1, 'must not be empty').max(60).describe('e.g. passport, national_id, tax_id, company_registration, lei, imo'),
  number: z.string().trim().min(1, 'must not be empty').max(100),
  country: CountryCode.optional().describe('the issuing country'),
});
export type PartyIdentifier = z.infer<typeof PartyIdentifierSchema>;

export const PartyAddressSchema = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(500),
  country: CountryCode.optional(),
});
export type PartyAddress = z.infer<typeof PartyAddressSchema>;

export const PartyEvidenceSchema = z.strictObject({
  birthDate: PartialDate.optional().describe('a person: date of birth'),
  incorporationDate: PartialDate.optional().describe('an organization: date of incorporation or registration'),
  nationalities: z.array(CountryCode).max(10).optional().describe('a person: nationalities or citizenships'),
  jurisdiction: CountryCode.optional().describe('an organization: country of incorporation'),
  identifiers: z.array(PartyIdentifierSchema).max(20).optional(),
  addresses: z.array(PartyAddressSchema).max(20).optional(),
});

/** The evidence known about one party; every field optional, an empty object means "nothing known". */
export type PartyEvidence = {
  birthDate?: string;
  incorporationDate?: string;
  nationalities?: string[];
  jurisdiction?: string;
  identifiers?: { type: string; number: string; country?: string }[];
  addresses?: { text: string; country?: string }[];
};

/**
 * The same evidence in a canonical form: empty fields dropped, lists sorted and de-duplicated, text
 * trimmed. Two records with the same facts give the same canonical form, so the form is fit for a
 * data hash (a change re-screens the party, a reordering does not). Undefined when nothing is known.
 */
export function canonicalEvidence(evidence: PartyEvidence | null | undefined): PartyEvidence | undefined {
  if (!evidence) return undefined;
  const out: PartyEvidence = {};
  if (evidence.birthDate?.trim()) out.birthDate = evidence.birthDate.trim();
  if (evidence.incorporationDate?.trim()) out.incorporationDate = evidence.incorporationDate.trim();
  const nats = [...new Set((evidence.nationalities ?? []).map((n) => n.trim().toUpperCase()).filter(Boolean))].sort();
  if (nats.length) out.nationalities = nats;
  if (evidence.jurisdiction?.trim()) out.jurisdiction = evidence.jurisdiction.trim().toUpperCase();
  const ids = new Map<string, { type: string; number: string; country?: string }>();
  for (const i of evidence.identifiers ?? []) {
    const type = i.type.trim().toLowerCase();
    const number = i.number.trim();
    if (!type || !number) continue;
    const country = i.country?.trim().toUpperCase() || undefined;
    const v = country ? { type, number, country } : { type, number };
    ids.set(`${type}\u0000${number}\u0000${country ?? ''}`, v);
  }
  if (ids.size) out.identifiers = [...ids.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const addrs = new Map<string, { text: string; country?: string }>();
  for (const a of evidence.addresses ?? []) {
    const text = a.text.trim().replace(/\s+/g, ' ');
    if (!text) continue;
    const country = a.country?.trim().toUpperCase() || undefined;
    addrs.set(`${text}\u0000${country ?? ''}`, country ? { text, country } : { text });
  }
  if (addrs.size) out.addresses = [...addrs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return Object.keys(out).length ? out : undefined;
}
