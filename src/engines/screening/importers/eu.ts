// EU consolidated list of persons, groups and entities subject to EU financial sanctions, in the
// European Commission's Financial Sanctions Files format, XML version 1.1 ("FSF XML 1.1"):
//
//   <export generationDate="…" xmlns="http://eu.europa.ec/fpi/fsd/export">
//     <sanctionEntity logicalId="…" euReferenceNumber="EU.…" unitedNationId="…" designationDate="…">
//       <remark>…</remark>
//       <regulation programme="UKR" publicationDate="…" entryIntoForceDate="…" numberTitle="…">
//         <publicationUrl>…</publicationUrl></regulation>
//       <subjectType code="person|enterprise" classificationCode="P|E"/>
//       <nameAlias wholeName="…" firstName="…" middleName="…" lastName="…" nameLanguage="RU" strong="true" …/>
//       <citizenship countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION"/>
//       <birthdate birthdate="1960-01-02" dayOfMonth="2" monthOfYear="1" year="1960" city="…" countryIso2Code="…"/>
//       <identification identificationTypeCode="passport" identificationTypeDescription="…" number="…"
//         latinNumber="…" countryIso2Code="…"/>
//       <address street="…" city="…" zipCode="…" poBox="…" region="…" place="…" countryIso2Code="…"/>
//     </sanctionEntity>…
//   </export>
//
// Nearly everything is an attribute. Country code "00" means unknown. The file is large (20-30 MB):
// each <sanctionEntity> is parsed on its own (forEachXmlRecord), never the whole tree.
import { countryCode, isCountryCode } from '../countries.ts';
import { effectOf } from '../effects.ts';
import { ListParseError, type Address, type Alias, type EntityType, type Identifier, type ListEntry } from '../types.ts';
import { forEachXmlRecord, normalizeDates } from './common.ts';
import type { XmlElement } from './xml.ts';

/** Local name of an element or attribute (the namespace prefix dropped). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

function kids(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => local(c.name) === name);
}

function attr(el: XmlElement, name: string): string {
  return (el.attrs[name] ?? '').replace(/\s+/g, ' ').trim();
}

/** ISO alpha-2 from countryIso2Code, falling back to countryDescription; "00" / UNKNOWN → undefined. */
function country(el: XmlElement): string | undefined {
  const iso = attr(el, 'countryIso2Code').toUpperCase();
  if (iso === 'CS') return 'RS'; // Serbia and Montenegro, still found on old entries
  if (isCountryCode(iso)) return iso;
  const description = attr(el, 'countryDescription');
  return description && description.toUpperCase() !== 'UNKNOWN' ? countryCode(description) : undefined;
}

const countryText = (el: XmlElement): string => {
  const d = attr(el, 'countryDescription');
  return d.toUpperCase() === 'UNKNOWN' ? '' : d;
};

function entityType(code: string): EntityType {
  const c = code.toLowerCase();
  if (c === 'person' || c === 'p') return 'person';
  if (c === 'enterprise' || c === 'e' || c === 'entity') return 'organization';
  if (c === 'vessel') return 'vessel';
  return 'unknown';
}

// A letter outside the Latin blocks (Cyrillic, Arabic, Greek, CJK...): the name is in its original script.
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

const strongOf = (el: XmlElement): boolean => attr(el, 'strong').toLowerCase() !== 'false';

function wholeName(el: XmlElement): string {
  const whole = attr(el, 'wholeName');
  if (whole) return whole;
  return ['firstName', 'middleName', 'lastName'].map((a) => attr(el, a)).filter(Boolean).join(' ');
}

function birthdates(entity: XmlElement): { dates: string[]; places: string[] } {
  const dates: string[] = [];
  const places: string[] = [];
  for (const b of kids(entity, 'birthdate')) {
    const full = attr(b, 'birthdate');
    const year = attr(b, 'year');
    const month = attr(b, 'monthOfYear') || attr(b, 'month');
    const day = attr(b, 'dayOfMonth') || attr(b, 'day');
    if (full) dates.push(...normalizeDates(full));
    else if (/^\d{4}$/.test(year)) {
      if (/^\d{1,2}$/.test(month) && Number(month) >= 1) {
        const ym = `${year}-${month.padStart(2, '0')}`;
        dates.push(/^\d{1,2}$/.test(day) && Number(day) >= 1 ? `${ym}-${day.padStart(2, '0')}` : ym);
      } else dates.push(year);
    } else {
      // Ranges are published as yearRangeFrom / yearRangeTo on some entries.
      const from = attr(b, 'yearRangeFrom');
      const to = attr(b, 'yearRangeTo');
      if (from && to) dates.push(...normalizeDates(`${from} to ${to}`));
      else if (from) dates.push(...normalizeDates(from));
    }
    const place = [attr(b, 'place'), attr(b, 'city'), attr(b, 'region'), countryText(b)].filter(Boolean).join(', ');
    if (place) places.push(place);
  }
  return { dates: [...new Set(dates)], places: [...new Set(places)] };
}

function addresses(entity: XmlElement): Address[] {
  const out: Address[] = [];
  for (const a of kids(entity, 'address')) {
    const parts = ['street', 'poBox', 'place', 'city', 'region', 'zipCode'].map((n) => attr(a, n)).filter(Boolean);
    const c = country(a);
    const desc = countryText(a);
    if (desc) parts.push(desc);
    if (parts.length === 0) continue;
    out.push(c ? { text: parts.join(', '), country: c } : { text: parts.join(', ') });
  }
  return out;
}

function identifications(entity: XmlElement): Identifier[] {
  const out: Identifier[] = [];
  const seen = new Set<string>();
  for (const i of kids(entity, 'identification')) {
    const type = attr(i, 'identificationTypeDescription') || attr(i, 'identificationTypeCode') || 'Identification';
    const c = country(i);
    for (const number of [attr(i, 'number'), attr(i, 'latinNumber')]) {
      if (!number || seen.has(`${type}\u0000${number}`)) continue;
      seen.add(`${type}\u0000${number}`);
      out.push(c ? { type, number, country: c } : { type, number });
    }
  }
  return out;
}

function remarks(entity: XmlElement): string {
  const parts: string[] = [];
  const ref = attr(entity, 'euReferenceNumber');
  const un = attr(entity, 'unitedNationId');
  if (ref) parts.push(`EU reference number ${ref}`);
  if (un) parts.push(`UN ID ${un}`);
  for (const r of kids(entity, 'remark')) {
    const t = r.text.replace(/\s+/g, ' ').trim();
    if (t) parts.push(t);
  }
  return parts.join('; ');
}

/** The designation date: the entity's own, else the earliest entry into force / publication of its regulations. */
function listedOn(entity: XmlElement, regulations: XmlElement[]): string | undefined {
  const own = attr(entity, 'designationDate');
  const candidates = (own ? [own] : regulations.flatMap((r) => [attr(r, 'entryIntoForceDate'), attr(r, 'publicationDate')]))
    .map((d) => /^(\d{4}-\d{2}-\d{2})/.exec(d)?.[1])
    .filter((d): d is string => Boolean(d))
    .sort();
  return candidates[0];
}

function entryOf(entity: XmlElement, file: string, line: number): ListEntry {
  const id = attr(entity, 'logicalId');
  if (!id) throw new ListParseError(file, line, '<sanctionEntity> has no logicalId');
  const subject = kids(entity, 'subjectType')[0];
  const type = entityType(subject ? attr(subject, 'code') || attr(subject, 'classificationCode') : '');
  const names = kids(entity, 'nameAlias')
    .map((n) => ({ name: wholeName(n), strong: strongOf(n), nonLatin: NON_LATIN.test(wholeName(n)) }))
    .filter((n) => n.name);
  // The primary name: the first strong name in Latin script, else the first name at all.
  const primary = names.find((n) => n.strong && !n.nonLatin) ?? names.find((n) => !n.nonLatin) ?? names[0];
  if (!primary) throw new ListParseError(file, line, `<sanctionEntity logicalId="${id}"> has no name (nameAlias wholeName)`);
  const aliases: Alias[] = [];
  const seen = new Set([primary.name.toUpperCase()]);
  for (const n of names) {
    const key = n.name.toUpperCase();
    if (seen.has(key)) continue;
    seen.add(key);
    aliases.push({ name: n.name, type: n.nonLatin ? 'original_script' : n.strong ? 'aka' : 'weak' });
  }
  const regulations = kids(entity, 'regulation');
  const programs = [...new Set(regulations.map((r) => attr(r, 'programme')).filter(Boolean))];
  const nationalities = [...new Set(kids(entity, 'citizenship').map(country).filter((c): c is string => Boolean(c)))];
  const { dates, places } = type === 'person' || type === 'unknown' ? birthdates(entity) : { dates: [], places: [] };
  const remark = remarks(entity);
  const listed = listedOn(entity, regulations);
  return {
    list: 'EU',
    entryId: id,
    type,
    programs,
    name: primary.name,
    aliases,
    addresses: addresses(entity),
    nationalities,
    datesOfBirth: dates,
    placesOfBirth: places,
    ids: identifications(entity),
    effect: effectOf('EU'),
    ...(remark ? { remarks: remark } : {}),
    ...(listed ? { listedOn: listed } : {}),
  };
}

/** Parse an EU FSF XML 1.1 file (root <export>, one <sanctionEntity> per designation). */
export function parseEuFsfXml(text: string, file: string): ListEntry[] {
  const head = text.slice(0, 4096);
  if (!/<(?:[A-Za-z_][\w.-]*:)?export[\s>]/.test(head)) {
    throw new ListParseError(file, 1, 'not an EU FSF XML file: expected the root element <export>');
  }
  const out: ListEntry[] = [];
  forEachXmlRecord(text, file, 'sanctionEntity', 'export', ({ element, line }) => out.push(entryOf(element, file, line)));
  return out;
}
