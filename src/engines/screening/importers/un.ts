// UN Security Council Consolidated List XML (CONSOLIDATED_LIST / INDIVIDUALS / ENTITIES).
import { countryCode } from '../countries.ts';
import { effectOf } from '../effects.ts';
import { ListParseError, type Address, type Alias, type Identifier, type ListEntry } from '../types.ts';
import { normalizeDates } from './common.ts';
import { child, childText, childrenNamed, parseXml, XmlSyntaxError, type XmlElement } from './xml.ts';

function aliasType(quality: string): Alias['type'] {
  return /low/i.test(quality) ? 'weak' : 'aka';
}

function datesOfBirth(el: XmlElement): string[] {
  const out: string[] = [];
  for (const d of childrenNamed(el, 'INDIVIDUAL_DATE_OF_BIRTH')) {
    const date = childText(d, 'DATE');
    const year = childText(d, 'YEAR');
    const from = childText(d, 'FROM_YEAR');
    const to = childText(d, 'TO_YEAR');
    if (date) out.push(...normalizeDates(date));
    else if (year) out.push(year);
    else if (from && to) out.push(...normalizeDates(`${from} to ${to}`));
    else if (from) out.push(from);
  }
  return [...new Set(out)];
}

function addresses(el: XmlElement, tag: string): Address[] {
  const out: Address[] = [];
  for (const a of childrenNamed(el, tag)) {
    const parts = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY'].map((t) => childText(a, t)).filter(Boolean);
    if (parts.length === 0) continue;
    const country = countryCode(childText(a, 'COUNTRY'));
    out.push(country ? { text: parts.join(', '), country } : { text: parts.join(', ') });
  }
  return out;
}

function documents(el: XmlElement): Identifier[] {
  const out: Identifier[] = [];
  for (const d of childrenNamed(el, 'INDIVIDUAL_DOCUMENT')) {
    const number = childText(d, 'NUMBER');
    if (!number) continue;
    const type = childText(d, 'TYPE_OF_DOCUMENT') || 'Document';
    const country = countryCode(childText(d, 'ISSUING_COUNTRY') || childText(d, 'COUNTRY_OF_ISSUE'));
    out.push(country ? { type, number, country } : { type, number });
  }
  return out;
}

function values(el: XmlElement, tag: string): string[] {
  const c = child(el, tag);
  return c ? childrenNamed(c, 'VALUE').map((v) => v.text.trim()).filter(Boolean) : [];
}

function entryOf(el: XmlElement, isPerson: boolean, file: string): ListEntry {
  const ref = childText(el, 'REFERENCE_NUMBER') || childText(el, 'DATAID');
  const name = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
    .map((t) => childText(el, t))
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
  if (!ref) throw new ListParseError(file, el.line, `<${el.name}> has no REFERENCE_NUMBER`);
  if (!name) throw new ListParseError(file, el.line, `<${el.name}> ${ref} has no name`);
  const aliases: Alias[] = [];
  const seen = new Set([name.toUpperCase()]);
  const push = (n: string, type: Alias['type']) => {
    const clean = n.replace(/\s+/g, ' ').trim();
    if (clean && !seen.has(clean.toUpperCase())) {
      seen.add(clean.toUpperCase());
      aliases.push({ name: clean, type });
    }
  };
  const original = childText(el, 'NAME_ORIGINAL_SCRIPT');
  if (original) push(original, 'original_script');
  for (const a of childrenNamed(el, isPerson ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')) {
    // An alias cell can hold several names separated by ";".
    for (const n of childText(a, 'ALIAS_NAME').split(/;\s*/)) push(n, aliasType(childText(a, 'QUALITY')));
  }
  const nationalities = values(el, 'NATIONALITY')
    .map((v) => countryCode(v))
    .filter((c): c is string => Boolean(c));
  const placesOfBirth = childrenNamed(el, 'INDIVIDUAL_PLACE_OF_BIRTH')
    .map((p) => ['CITY', 'STATE_PROVINCE', 'COUNTRY'].map((t) => childText(p, t)).filter(Boolean).join(', '))
    .filter(Boolean);
  const comments = childText(el, 'COMMENTS1');
  return {
    list: 'UN',
    entryId: ref,
    type: isPerson ? 'person' : 'organization',
    programs: [childText(el, 'UN_LIST_TYPE')].filter(Boolean),
    name,
    aliases,
    addresses: addresses(el, isPerson ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS'),
    nationalities: [...new Set(nationalities)],
    datesOfBirth: isPerson ? datesOfBirth(el) : [],
    placesOfBirth,
    ids: isPerson ? documents(el) : [],
    effect: effectOf('UN'),
    ...(comments ? { remarks: comments } : {}),
  };
}

export function parseUnXml(text: string, file: string): ListEntry[] {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new ListParseError(file, err.line, `malformed XML: ${err.message}`);
    throw err;
  }
  if (root.name !== 'CONSOLIDATED_LIST') {
    throw new ListParseError(file, root.line, `expected <CONSOLIDATED_LIST>, found <${root.name}>`);
  }
  const out: ListEntry[] = [];
  for (const p of childrenNamed(child(root, 'INDIVIDUALS') ?? root, 'INDIVIDUAL')) out.push(entryOf(p, true, file));
  for (const e of childrenNamed(child(root, 'ENTITIES') ?? root, 'ENTITY')) out.push(entryOf(e, false, file));
  return out;
}
