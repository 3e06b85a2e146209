// Entity evidence beyond the name: dates of birth / incorporation, nationalities and
// jurisdiction, identifiers and addresses of the screened party, compared with a list entry.
// Each comparison that says something gives an explanation item (field, the party's value, the
// listed value, the effect on the score); missing evidence on either side changes nothing.
//
// The rules (docs/domain.md, "Evidence beyond the name"; figures in docs/benchmarks.md):
// - identifier: the same number (spaces, dashes and case ignored; at least `idMinLength`
//   characters) of a compatible type lifts the match to `idConfirmedScore` ("confirmed by ID"),
//   provided the name still scores `idMinNameScore`; another number of the same type issued by
//   the same country lowers strongly (passports less: a renewed passport has a new number).
// - date of birth (persons) / of incorporation (organisations): the same full date raises, the
//   same year (with nothing contradicting) raises a little, a year further than `yearTolerance`
//   away — or, between two full dates, any other year — lowers; a year-only date is taken as
//   ±`yearTolerance`. A person's birth date is never compared with an organisation's dates.
// - nationality (persons) / jurisdiction (organisations): a shared country raises a little, none
//   shared lowers a little — people hold several nationalities and lists miss some, so never much.
// - address: a shared country raises a little, a shared place name (city) a little more; a
//   different address changes nothing (organisations have many, lists keep old ones).
import { countryCode } from './countries.ts';
import type { Adjustment } from './scorer.ts';
import type { EntityType, ListEntry } from './types.ts';

/** Evidence about the screened party, as the API takes it (src/shared/contracts/party-evidence.ts). */
export interface QueryEvidence {
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  birthDate?: string | undefined;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  incorporationDate?: string | undefined;
  /** ISO 3166-1 alpha-2 codes (country names are understood too). */
  nationalities?: readonly string[] | undefined;
  /** Country of incorporation, ISO 3166-1 alpha-2 (or a name). */
  jurisdiction?: string | undefined;
  identifiers?: readonly { type: string; number: string; country?: string | undefined }[] | undefined;
  addresses?: readonly { text: string; country?: string | undefined }[] | undefined;
}

/**
 * The tunable constants of the evidence rules, kept together for the benchmark
 * (bench/screening.ts, "Evidence beyond the name"). Score units are those of the name score (0–1).
 */
export const EVIDENCE = {
  /** A shared identifier lifts the score to at least this ("confirmed by ID")... */
  idConfirmedScore: 0.95,
  /** ...when the name itself scores at least this much. */
  idMinNameScore: 0.5,
  /** Shorter numbers are too easily shared by chance to confirm anything. */
  idMinLength: 4,
  /** A different number of the same type from the same issuing country. */
  idConflictPenalty: { passport: 0.15, national_id: 0.25, tax: 0.25, registration: 0.25, other: 0.15 } as Record<IdClass, number>,
  dateExactBonus: 0.08,
  dateYearBonus: 0.03,
  dateConflictPenalty: 0.22,
  /** A year-only date stands for this many years either side. */
  yearTolerance: 1,
  nationalityMatchBonus: 0.02,
  nationalityConflictPenalty: 0.05,
  addressCountryBonus: 0.02,
  addressPlaceBonus: 0.02,
};

export type IdClass = 'passport' | 'national_id' | 'tax' | 'registration' | 'other';
/** `any`: a number whose type is not known (yente's `idNumber`), compatible with every class. */
type QueryIdClass = IdClass | 'any';

export type EvidenceField = 'birthDate' | 'incorporationDate' | 'nationality' | 'jurisdiction' | 'identifier' | 'address';

/** One piece of evidence compared: what the party gave, what the list says, and its effect. */
export interface EvidenceItem {
  field: EvidenceField;
  rule: 'id_match' | 'id_conflict' | 'date_match' | 'date_year_match' | 'date_conflict' | 'country_match' | 'country_conflict' | 'address_country_match' | 'address_place_match';
  query: string;
  entry: string;
  /** Additive change to the score (0 for an identifier match, which sets a floor instead). */
  effect: number;
  /** The score this item lifts the match to at least (identifier matches). */
  floor?: number;
}

interface DateParts {
  text: string;
  y: number;
  m?: number;
  d?: number;
}

interface PreparedId {
  text: string;
  norm: string;
  cls: QueryIdClass;
  country?: string;
}

/** A party's evidence normalised once per query. */
export interface PreparedEvidence {
  birth?: DateParts;
  incorporation?: DateParts;
  nationalities: string[];
  jurisdiction?: string;
  ids: PreparedId[];
  addresses: { text: string; country?: string; places: Set<string> }[];
  /** The most the evidence can add to a name score (the search's pre-filter). */
  maxRaise: number;
  /** Whether an identifier could lift a weak name to `idConfirmedScore`. */
  canConfirmById: boolean;
  /** Whether anything was left to compare. */
  empty: boolean;
}

export interface EvidenceResult {
  delta: number;
  /** The score the match is lifted to at least (0: none). */
  floor: number;
  items: EvidenceItem[];
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/** YYYY, YYYY-MM or YYYY-MM-DD (a time after it is ignored); undefined when not a date. */
export function parseEvidenceDate(text: string | undefined): DateParts | undefined {
  const m = text ? DATE_RE.exec(text.trim()) : null;
  if (!m || !text) return undefined;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? undefined : Number(m[2]);
  const d = m[3] === undefined ? undefined : Number(m[3]);
  if (mo !== undefined && (mo < 1 || mo > 12)) return undefined;
  if (d !== undefined && (d < 1 || d > 31)) return undefined;
  return { text: m[0], y, ...(mo !== undefined ? { m: mo } : {}), ...(d !== undefined ? { d } : {}) };
}

/** Identifier types the lists publish that are not identifiers of the party. */
const NOT_AN_ID = /executive order|directive|date|e-?mail|phone|fax|website|gender|digital currency|ticker|caatsa|information|program|sanctions|listing|vessel (flag|year)|aircraft (model|operator)/i;

/** The class of an identifier type, as the lists or the party name it; null: not an identifier. */
export function idClassOf(type: string): IdClass | null {
  const t = type.trim();
  if (NOT_AN_ID.test(t)) return null;
  if (/passport/i.test(t)) return 'passport';
  if (/\btax\b|taxpayer|\bv\.?a\.?t\b|\br\.?f\.?c\b|\bnit\b|\br\.?u\.?c\b|\binn\b|\bcuit\b|\bt\.?i\.?n\b|\bein\b|fiscal/i.test(t)) return 'tax';
  if (/national|c[eé]dula|c\.?u\.?r\.?p|\bd\.?n\.?i\b|identity|identification|personal|citizen|residen|social security|\bssn\b|id card|kimlik/i.test(t)) return 'national_id';
  if (/regist|company|business|commercial|folio|matr[ií]cula|\bc\.?r\.? no|uscc|unified social|ogrn|okpo|\bkpp\b|trade licen|chamber|\blei\b|d-?u-?n-?s|\bimo\b|mmsi|swift|\bbi[ck]\b|isin|licen[cs]e|certificate/i.test(t)) return 'registration';
  return 'other';
}

/** The class of an identifier the party gives: yente property names are understood too. */
function queryIdClass(type: string): QueryIdClass {
  const t = type.trim().replace(/_/g, ' ');
  if (!t || /^(id|idnumber|id number|identifier|number|other|unknown)$/i.test(t)) return 'any';
  if (/^passport(number)?$/i.test(t)) return 'passport';
  if (/^tax(number)?$/i.test(t)) return 'tax';
  if (/^registration(number)?$/i.test(t)) return 'registration';
  if (/^national ?id$/i.test(t)) return 'national_id';
  return idClassOf(t) ?? 'any';
}

/** An identifier number compared: spaces, dashes, dots and case ignored. */
export function normalizeIdNumber(n: string): string {
  return n.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const compatible = (q: QueryIdClass, e: IdClass) => q === 'any' || q === e || q === 'other' || e === 'other';

/** Address words that say nothing about the place. */
const ADDRESS_STOP = new Set(
  ('street road avenue building floor office district city province region block house apartment suite room tower centre center ' +
    'plaza square lane north south east west unit area zone industrial park village state republic federation kingdom ' +
    'ulitsa prospekt office suite level number no box post postal p.o. highway main new old international free').split(' '),
);

const placeCache = new WeakMap<object, Set<string>>();

/** The place words of an address (cities, districts): letters only, four or more, no street words or countries. */
function placeWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const w of text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z]+/)) {
    if (w.length < 4 || ADDRESS_STOP.has(w) || countryCode(w)) continue;
    words.add(w);
  }
  return words;
}

function entryPlaces(address: { text: string }): Set<string> {
  let words = placeCache.get(address);
  if (!words) {
    words = placeWords(address.text);
    placeCache.set(address, words);
  }
  return words;
}

function code(c: string | undefined): string | undefined {
  return c ? countryCode(c) : undefined;
}

/**
 * Normalises the party's evidence once for a search. `dob` and `ids` of the older query fields
 * are folded in when the evidence lacks a birth date / identifiers.
 */
export function prepareEvidence(ev: QueryEvidence, legacy: { dob?: string | undefined; ids?: readonly string[] | undefined } = {}): PreparedEvidence {
  const birth = parseEvidenceDate(ev.birthDate ?? legacy.dob);
  const incorporation = parseEvidenceDate(ev.incorporationDate);
  const nationalities = [...new Set((ev.nationalities ?? []).map(code).filter((c): c is string => !!c))];
  const jurisdiction = code(ev.jurisdiction);
  const given: readonly { type: string; number: string; country?: string | undefined }[] = ev.identifiers?.length ? ev.identifiers : (legacy.ids ?? []).map((number) => ({ type: '', number }));
  const ids: PreparedId[] = [];
  for (const i of given) {
    const norm = normalizeIdNumber(i.number);
    if (norm.length < EVIDENCE.idMinLength) continue;
    const country = code(i.country);
    ids.push({ text: i.type ? `${i.type} ${i.number}` : i.number, norm, cls: queryIdClass(i.type), ...(country ? { country } : {}) });
  }
  const addresses = (ev.addresses ?? []).flatMap((a) => {
    const country = code(a.country);
    const text = a.text.trim();
    if (!text && !country) return [];
    return [{ text: text || (country ?? ''), ...(country ? { country } : {}), places: placeWords(text) }];
  });
  const maxRaise =
    (birth || incorporation ? EVIDENCE.dateExactBonus : 0) +
    (nationalities.length || jurisdiction ? EVIDENCE.nationalityMatchBonus : 0) +
    (addresses.length ? EVIDENCE.addressCountryBonus + EVIDENCE.addressPlaceBonus : 0);
  return {
    ...(birth ? { birth } : {}),
    ...(incorporation ? { incorporation } : {}),
    nationalities,
    ...(jurisdiction ? { jurisdiction } : {}),
    ids,
    addresses,
    maxRaise,
    canConfirmById: ids.length > 0,
    empty: !birth && !incorporation && !nationalities.length && !jurisdiction && !ids.length && !addresses.length,
  };
}

type DateOutcome = 'exact' | 'year' | 'neutral' | 'conflict';
const DATE_RANK: Record<DateOutcome, number> = { exact: 3, year: 2, neutral: 1, conflict: 0 };

/** One date of the party against one listed date. */
function compareDate(q: DateParts, e: DateParts): DateOutcome {
  if (q.y === e.y) {
    if (q.m !== undefined && e.m !== undefined && q.m !== e.m) return 'neutral';
    if (q.d !== undefined && e.d !== undefined && q.d !== e.d) return 'neutral';
    return q.d !== undefined && e.d !== undefined ? 'exact' : 'year';
  }
  // Between two full dates a different year is a conflict; a year-only date is approximate.
  const approximate = q.m === undefined || e.m === undefined;
  return approximate && Math.abs(q.y - e.y) <= EVIDENCE.yearTolerance ? 'neutral' : 'conflict';
}

function dateItem(field: 'birthDate' | 'incorporationDate', q: DateParts, listed: readonly string[]): EvidenceItem | undefined {
  let best: { outcome: DateOutcome; text: string } | undefined;
  for (const text of listed) {
    const e = parseEvidenceDate(text);
    if (!e) continue;
    const outcome = compareDate(q, e);
    if (!best || DATE_RANK[outcome] > DATE_RANK[best.outcome]) best = { outcome, text };
  }
  if (!best || best.outcome === 'neutral') return undefined;
  const entry = best.outcome === 'conflict' ? listed.join(', ') : best.text;
  switch (best.outcome) {
    case 'exact':
      return { field, rule: 'date_match', query: q.text, entry, effect: EVIDENCE.dateExactBonus };
    case 'year':
      return { field, rule: 'date_year_match', query: q.text, entry, effect: EVIDENCE.dateYearBonus };
    case 'conflict':
      return { field, rule: 'date_conflict', query: q.text, entry, effect: -EVIDENCE.dateConflictPenalty };
  }
}

function countryItem(field: 'nationality' | 'jurisdiction', given: readonly string[], listed: readonly string[]): EvidenceItem | undefined {
  if (!given.length || !listed.length) return undefined;
  const shared = given.filter((c) => listed.includes(c));
  if (shared.length) return { field, rule: 'country_match', query: shared.join(', '), entry: listed.join(', '), effect: EVIDENCE.nationalityMatchBonus };
  return { field, rule: 'country_conflict', query: given.join(', '), entry: listed.join(', '), effect: -EVIDENCE.nationalityConflictPenalty };
}

function idItems(ids: readonly PreparedId[], entry: ListEntry, nameScore: number): EvidenceItem[] {
  const listed = entry.ids.flatMap((i) => {
    const cls = idClassOf(i.type);
    const norm = normalizeIdNumber(i.number);
    return cls && norm ? [{ ...i, cls, norm }] : [];
  });
  if (!listed.length) return [];
  for (const q of ids) {
    const same = listed.find((e) => e.norm === q.norm && compatible(q.cls, e.cls) && !(q.country && e.country && q.country !== e.country));
    if (same) {
      // A shared number confirms the entry only if the name is still a plausible variant of it.
      const floor = nameScore >= EVIDENCE.idMinNameScore ? EVIDENCE.idConfirmedScore : 0;
      return [{ field: 'identifier', rule: 'id_match', query: q.text, entry: `${same.type} ${same.number}${same.country ? ` (${same.country})` : ''}`, effect: 0, ...(floor ? { floor } : {}) }];
    }
  }
  const items: EvidenceItem[] = [];
  for (const q of ids) {
    if (q.cls === 'any' || q.cls === 'other' || !q.country) continue;
    const sameKind = listed.filter((e) => e.cls === q.cls && e.country === q.country);
    if (!sameKind.length) continue;
    items.push({
      field: 'identifier',
      rule: 'id_conflict',
      query: `${q.text} (${q.country})`,
      entry: sameKind.map((e) => `${e.type} ${e.number} (${e.country})`).join(', '),
      effect: -EVIDENCE.idConflictPenalty[q.cls],
    });
    break; // one conflict says it; several numbers of one party do not add up
  }
  return items;
}

function addressItems(addresses: PreparedEvidence['addresses'], entry: ListEntry): EvidenceItem[] {
  if (!addresses.length || !entry.addresses.length) return [];
  const items: EvidenceItem[] = [];
  const countryHit = (() => {
    for (const a of addresses) {
      if (!a.country) continue;
      const e = entry.addresses.find((x) => x.country === a.country);
      if (e) return { a, e };
    }
    return undefined;
  })();
  if (countryHit) items.push({ field: 'address', rule: 'address_country_match', query: countryHit.a.text, entry: countryHit.e.text, effect: EVIDENCE.addressCountryBonus });
  for (const a of addresses) {
    if (!a.places.size) continue;
    for (const e of entry.addresses) {
      // Places in different countries are different places, whatever their names.
      if (a.country && e.country && a.country !== e.country) continue;
      const shared = [...entryPlaces(e)].filter((w) => a.places.has(w));
      if (shared.length) {
        items.push({ field: 'address', rule: 'address_place_match', query: a.text, entry: e.text, effect: EVIDENCE.addressPlaceBonus });
        return items;
      }
    }
  }
  return items;
}

/** The date field that applies to an entry of this type, or none. */
function dateFor(p: PreparedEvidence, type: EntityType): ['birthDate', DateParts] | ['incorporationDate', DateParts] | undefined {
  if (type === 'person') return p.birth ? ['birthDate', p.birth] : undefined;
  if (type === 'organization') return p.incorporation ? ['incorporationDate', p.incorporation] : undefined;
  if (type === 'unknown') return p.birth ? ['birthDate', p.birth] : p.incorporation ? ['incorporationDate', p.incorporation] : undefined;
  return undefined; // vessels and aircraft: neither date is theirs
}

/**
 * Compares the party's evidence with a list entry. `nameScore` is the name's own score: an
 * identifier confirms the entry only for a name that still resembles it.
 */
export function compareEvidence(p: PreparedEvidence, entry: ListEntry, nameScore: number): EvidenceResult {
  const items: EvidenceItem[] = [];
  if (p.empty) return { delta: 0, floor: 0, items };
  items.push(...idItems(p.ids, entry, nameScore));
  const date = dateFor(p, entry.type);
  if (date) {
    const item = dateItem(date[0], date[1], entry.datesOfBirth);
    if (item) items.push(item);
  }
  const nationality = entry.type === 'person' || entry.type === 'unknown' ? countryItem('nationality', p.nationalities, entry.nationalities) : undefined;
  if (nationality) items.push(nationality);
  else if (entry.type !== 'person' && p.jurisdiction) {
    const jurisdiction = countryItem('jurisdiction', [p.jurisdiction], entry.nationalities);
    if (jurisdiction) items.push(jurisdiction);
  }
  items.push(...addressItems(p.addresses, entry));
  let delta = 0;
  let floor = 0;
  for (const i of items) {
    delta += i.effect;
    if (i.floor !== undefined && i.floor > floor) floor = i.floor;
  }
  return { delta, floor, items };
}

const signed = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(Math.round(x * 1000) / 1000)}`;

const RULE_TEXT: Record<EvidenceItem['rule'], string> = {
  id_match: 'the same identifier is listed',
  id_conflict: 'another number of the same type and issuing country is listed',
  date_match: 'the same date is listed',
  date_year_match: 'the same year is listed',
  date_conflict: 'the listed date differs',
  country_match: 'a listed country is shared',
  country_conflict: 'no listed country is shared',
  address_country_match: 'an address in the same country is listed',
  address_place_match: 'an address in the same place is listed',
};

/** The items as explanation adjustments, one each: "evidence_<field>" with both values and the effect. */
export function evidenceAdjustments(items: readonly EvidenceItem[]): Adjustment[] {
  return items.map((i) => ({
    rule: `evidence_${i.rule}`,
    detail: `${i.field}: ${i.query} / listed ${i.entry} — ${RULE_TEXT[i.rule]}`,
    effect: i.floor !== undefined ? `≥${i.floor}` : signed(i.effect),
  }));
}
