// Foreign-made items: is the item subject to the EAR at all? A U.S.-origin item is, wherever it is
// (734.3(a)(2)), and so is any item in the United States (734.3(a)(1)). A foreign-made item outside
// the United States is subject only through U.S. controlled content above the de minimis level
// (734.3(a)(3), 734.4, Supp. 2 to Part 734) or a foreign direct product rule (734.3(a)(4), 734.9).
// "Not subject" removes every EAR license requirement, so it is concluded only when every fact
// that could overturn it is known; "subject" needs one sufficient basis. Reference data:
// foreign-made-data.ts. An item without origin facts is treated as U.S.-origin, as before.
import { isAdvancedComputing, parseEccn, resolveItem, type ResolvedItem } from './classification.ts';
import type { Context, StageResult } from './determine.ts';
import { normalizeCountry, resolveDestination, type ResolvedDestination } from './destination.ts';
import { ExportControlInputError, invalidDate } from './errors.ts';
import { foreignMadeData, type DestinationScope, type FdpRule, type ForeignMadeData, type NoDeMinimisRule } from './foreign-made-data.ts';
import type { ReferenceData } from './reference-data.ts';
import { ItemSchema, type DeterminationCase, type Determination, type ItemFacts, type ListHit, type PartyFacts, type Reason, type RedFlag } from './types.ts';

export type SubjectBasis =
  | 'us_origin'
  | 'in_united_states'
  | 'fdp_advanced_computing'
  | 'fdp_entity_list'
  | 'fdp_russia_belarus'
  | 'no_de_minimis'
  | 'de_minimis_exceeded'
  | 'de_minimis_below'
  | 'undetermined'
  /** Published material or a service: the item facts decide jurisdiction (resolveItem), not its origin. */
  | 'not_an_item';

export interface SubjectToEar {
  /** null: needsInformation names the facts that would decide it. */
  subject: boolean | null;
  basis: SubjectBasis;
  /** The foreign-made data rule behind a no_de_minimis or FDP basis. */
  ruleId?: string;
  reasons: Reason[];
  needsInformation: string[];
  /** Readings the answer rests on (each with the rule it concerns). */
  assumptions: Reason[];
  redFlags: RedFlag[];
  /** False when the item carries no origin facts: a U.S.-origin item, as before (no reasons added). */
  originFactsGiven: boolean;
  /** Normalised country of manufacture of a foreign-made item. */
  countryOfManufacture?: string;
  /** De minimis level applied to the destination (percent). */
  deMinimisPercent?: number;
  /** U.S. controlled content used (percent), when known. */
  controlledContentPercent?: number;
}

/** The parts of the determination context the foreign-made rules read. */
export type ForeignMadeContext = Pick<Context, 'ref' | 'date' | 'snap' | 'aiEnforced'>;

/** A transaction party as the case names it (endUser, parties[0], …). */
export interface LabelledParty {
  label: string;
  facts: PartyFacts | null | undefined;
}

const ORIGIN_FACTS = ['countryOfManufacture', 'exportedFrom', 'usControlledContentPercent', 'usControlledContentValue', 'totalValue', 'usContentPercent', 'usContentEccns', 'madeWith'] as const;

export function hasOriginFacts(f: ItemFacts): boolean {
  return ORIGIN_FACTS.some((k) => f[k] !== undefined);
}

const cite = (x: { text: string; citation: string; uncertain?: boolean; note?: string }): Reason => ({
  text: x.uncertain && x.note ? `${x.text}. Not verified: ${x.note}` : x.text,
  citation: x.citation,
});

const pct = (n: number) => `${Math.round(n * 100) / 100} %`;

function invalid(message: string): ExportControlInputError {
  return new ExportControlInputError('INVALID_CASE', `Invalid case: ${message}`);
}

/** Normalises an ECCN of the origin facts ("3e001" → "3E001"); throws UNKNOWN_ECCN for a malformed one. */
function normEccn(raw: string): string {
  const { family, paragraph } = parseEccn(raw);
  return paragraph ? `${family}.${paragraph}` : family;
}

/** Whether an ECCN falls under a listed entry: a family, a paragraph, or a prefix ending in "*". */
export function eccnMatches(eccn: string, listed: string): boolean {
  if (listed.endsWith('*')) return eccn.startsWith(listed.slice(0, -1));
  return eccn === listed || eccn.startsWith(`${listed}.`);
}

function inScope(s: DestinationScope, dest: ResolvedDestination): boolean {
  if (s === 'any') return true;
  if (s === 'advanced_computing') return dest.acScope;
  if (s === 'macau_d5') return dest.macauOrD5;
  return s.countries.includes(dest.code) || s.regions.includes(dest.input) || s.groups.some((g) => dest.groups.has(g));
}

/** Which Entity List footnotes an entry carries: [] none, null not stated (a bare "EL" hit). */
export function entityListFootnotes(h: ListHit): number[] | null {
  if (typeof h === 'string') return null;
  const given = (h as { footnote?: unknown; footnotes?: unknown }).footnote ?? (h as { footnotes?: unknown }).footnotes;
  if (given !== undefined) {
    const vals = Array.isArray(given) ? given : [given];
    const out: number[] = [];
    for (const v of vals) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
      if (n !== undefined && n > 0) out.push(n);
    }
    return out;
  }
  const t = h.licenseRequirement;
  if (!t) return null;
  const out = new Set<number>();
  // Footnote 1 (Huawei): 734.9(e)(1), 744.11(a)(2)(i), or the 2020 location 736.2(b)(3)(vi).
  if (/734\.9\(e\)\(1\)|744\.11\(a\)\(2\)\(i\)(?![iv])|736\.2\(b\)\(3\)\(vi\)/.test(t)) out.add(1);
  if (/734\.9\(e\)\(2\)|744\.11\(a\)\(2\)\(ii\)(?!i)/.test(t)) out.add(4);
  if (/734\.9\(e\)\(3\)/.test(t)) out.add(5);
  if (/734\.9\(g\)/.test(t)) out.add(3);
  // The CSL prints the footnote number after the closing parenthesis: "(See §§ 734.9(e) and 744.11 of the EAR)4".
  const mark = /\)\s*(\d)\s*\.?\s*$/.exec(t);
  if (mark?.[1] && /734\.9|744\.11/.test(t)) out.add(Number(mark[1]));
  if (out.size) return [...out].sort();
  return /734\.9/.test(t) ? null : [];
}

interface Check {
  value: boolean | null;
  missing: string[];
  detail?: string;
}
const yes = (detail?: string): Check => ({ value: true, missing: [], detail });
const no: Check = { value: false, missing: [] };
const unknown = (...missing: string[]): Check => ({ value: null, missing });

/** The U.S. technology/software the item (or its plant) was made with, against an input list. */
function madeWithCheck(facts: ItemFacts, input: FdpRule['inputEccns']): Check {
  const missing: string[] = [];
  const mw = facts.madeWith;
  for (const [field, v] of [['usTechnology', mw?.usTechnology], ['usEquipment', mw?.usEquipment]] as const) {
    if (v === undefined) {
      missing.push(`item.madeWith.${field}`);
      continue;
    }
    for (const raw of v === null ? [] : Array.isArray(v) ? v : [v]) {
      const e = normEccn(raw);
      const hit = input === 'any_d_or_e' ? /^\d[DE]\d{3}/.test(e) : input.some((l) => eccnMatches(e, l));
      if (hit) return yes(field === 'usTechnology' ? `a direct product of U.S.-origin ${e}` : `produced by a plant (or major plant component) that is a direct product of U.S.-origin ${e}`);
    }
  }
  return missing.length ? unknown(...missing) : no;
}

function productScope(scope: FdpRule['itemScope'], item: ResolvedItem, facts: ItemFacts): Check {
  if (scope === 'any') return yes();
  if (item.eccn === 'UNCLASSIFIED') return unknown('item.eccn');
  if (scope === 'ccl_listed') {
    if (item.family !== 'EAR99') return yes();
    if (item.listedInPart746Supp4 === undefined) return unknown('item.params.listedInPart746Supp4');
    return item.listedInPart746Supp4 ? yes() : no;
  }
  if (isAdvancedComputing(item) || item.family === '3A090' || item.family === '4A090') return yes();
  if ((item.family === '3E001' || item.family === '4E001') && facts.params?.forEccn === undefined) return unknown('item.params.forEccn');
  return no;
}

function footnoteParty(parties: readonly LabelledParty[], footnotes: readonly number[], ref: ReferenceData): Check {
  const missing: string[] = [];
  for (const { label, facts } of parties) {
    if (!facts) continue;
    for (const field of ['listHits', 'screeningHits'] as const) {
      for (const [i, h] of (facts[field] ?? []).entries()) {
        const raw = typeof h === 'string' ? h : (h.list ?? h.source ?? '');
        if (ref.listCode(raw) !== 'EL') continue;
        const fns = entityListFootnotes(h);
        if (fns === null) missing.push(`${label}.${field}[${i}].footnote`);
        else {
          const f = fns.find((n) => footnotes.includes(n));
          if (f !== undefined) return yes(`${label}${facts.name ? ` (${facts.name})` : ''} is an Entity List footnote ${f} entity`);
        }
      }
    }
  }
  return missing.length ? unknown(...missing) : no;
}

/** A party headquartered, or with its ultimate parent headquartered, in Macau or D:5 (unknown headquarters are asked for). */
function headquartersParty(parties: readonly LabelledParty[], ctx: ForeignMadeContext): Check {
  const missing: string[] = [];
  for (const { label, facts } of parties) {
    if (!facts) {
      if (label === 'endUser') missing.push('endUser.headquarters', 'endUser.ultimateParentHeadquarters');
      continue;
    }
    for (const field of ['headquarters', 'ultimateParentHeadquarters'] as const) {
      const raw = facts[field];
      if (!raw) {
        missing.push(`${label}.${field}`);
        continue;
      }
      const code = normalizeCountry(raw, ctx.ref, `${label}.${field}`);
      if (ctx.snap.isMacauOrD5(code))
        return yes(`${label}${facts.name ? ` (${facts.name})` : ''} ${field === 'headquarters' ? 'is headquartered' : 'has its ultimate parent headquartered'} in ${ctx.ref.doc.countries[code]?.name ?? code} (Macau or D:5)`);
    }
  }
  return missing.length ? unknown(...missing) : no;
}

/** One FDP rule: reach (destination or party), product scope, and the U.S. input. */
function fdpCheck(rule: FdpRule, facts: ItemFacts, item: ResolvedItem, dest: ResolvedDestination, parties: readonly LabelledParty[], ctx: ForeignMadeContext): Check {
  let reach: Check;
  if (rule.reach.kind === 'destination') {
    const ad = ctx.ref.doc.advancedComputing.aiDiffusion;
    const worldwide = !!rule.reach.worldwideWhenAiDiffusionEnforced && ctx.aiEnforced && ctx.date >= ad.effectiveFrom;
    reach = inScope(rule.reach.scope, dest)
      ? yes(`destined to ${dest.name}`)
      : worldwide
        ? yes(`destined to ${dest.name} (AI Diffusion Rule text, enforced by policy switch: ${ad.citation})`)
        : rule.reach.headquartersMacauD5
          ? headquartersParty(parties, ctx)
          : no;
  } else reach = footnoteParty(parties, rule.reach.footnotes, ctx.ref);
  if (reach.value === false) return no;
  const product = productScope(rule.itemScope, item, facts);
  if (product.value === false) return no;
  const input = madeWithCheck(facts, rule.inputEccns);
  if (input.value === false) return no;
  if (reach.value && product.value && input.value) return yes([input.detail, reach.detail].filter(Boolean).join(', '));
  return unknown(...reach.missing, ...product.missing, ...input.missing);
}

/** Rules with no de minimis level: the incorporated U.S. content decides, whatever its share. */
function noDeMinimisCheck(rule: NoDeMinimisRule, facts: ItemFacts, item: ResolvedItem, dest: ResolvedDestination, controlled: number | undefined): Check {
  if (!inScope(rule.destinations, dest)) return no;
  if (rule.itemTechnologyOnly || rule.itemEccns) {
    if (item.eccn === 'UNCLASSIFIED') {
      if (facts.usContentEccns && !facts.usContentEccns.some((e) => rule.contentEccns.some((l) => eccnMatches(normEccn(e), l)))) return no;
      return unknown('item.eccn');
    }
    if (rule.itemTechnologyOnly && !/^\dE/.test(item.family)) return no;
    if (rule.itemEccns && !rule.itemEccns.some((l) => eccnMatches(item.eccn, l))) return no;
  }
  if (controlled === 0) return no; // no U.S. controlled content at all
  if (facts.usContentEccns === undefined) return unknown('item.usContentEccns');
  for (const raw of facts.usContentEccns) {
    const e = normEccn(raw);
    if (rule.contentEccns.some((l) => eccnMatches(e, l))) return yes(`incorporates U.S.-origin ${e}`);
  }
  return no;
}

function checkValues(f: ItemFacts): void {
  const { usControlledContentValue: v, totalValue: t, usControlledContentPercent: p, usContentPercent: all } = f;
  if (v !== undefined && t !== undefined && v > t) throw invalid(`item.usControlledContentValue (${v}) exceeds item.totalValue (${t})`);
  if (p !== undefined && v !== undefined && t !== undefined && Math.abs((v / t) * 100 - p) > 0.01)
    throw invalid(`item.usControlledContentPercent (${p}) disagrees with usControlledContentValue / totalValue (${pct((v / t) * 100)})`);
  const controlled = p ?? (v !== undefined && t !== undefined ? (v / t) * 100 : undefined);
  if (controlled !== undefined && all !== undefined && controlled > all + 0.01)
    throw invalid(`U.S. controlled content (${pct(controlled)}) cannot exceed all U.S.-origin content (item.usContentPercent ${all})`);
}

/**
 * Whether an item is subject to the EAR, from its origin facts, for one destination, parties and
 * date (the item and destination already resolved). Throws ExportControlInputError for
 * contradictory facts or unknown codes.
 */
export function evaluateForeignMade(facts: ItemFacts, item: ResolvedItem, dest: ResolvedDestination, parties: readonly LabelledParty[], ctx: ForeignMadeContext, data: ForeignMadeData = foreignMadeData(ctx.ref)): SubjectToEar {
  const out: SubjectToEar = { subject: true, basis: 'us_origin', reasons: [], needsInformation: [], assumptions: [], redFlags: [], originFactsGiven: hasOriginFacts(facts) };
  if (!out.originFactsGiven) return out;
  checkValues(facts);
  const made = facts.countryOfManufacture ? normalizeCountry(facts.countryOfManufacture, ctx.ref, 'item.countryOfManufacture') : 'US';
  const from = facts.exportedFrom ? normalizeCountry(facts.exportedFrom, ctx.ref, 'item.exportedFrom') : undefined;
  if (item.kind !== 'classified') {
    const j = ctx.ref.doc.jurisdiction[item.kind === 'service' ? 'SERVICE' : 'NOT_SUBJECT'];
    return { ...out, subject: false, basis: 'not_an_item', reasons: [{ text: j.text, citation: j.citation }], originFactsGiven: false };
  }
  if (made === 'US') {
    out.reasons.push(cite(data.usOrigin));
    return out;
  }
  out.countryOfManufacture = made;
  const madeName = ctx.ref.doc.countries[made]?.name ?? made;
  if (from === 'US') {
    out.basis = 'in_united_states';
    out.reasons.push({ text: `Made in ${madeName} but shipped from the United States: ${data.inUnitedStates.text}`, citation: data.inUnitedStates.citation });
    return out;
  }

  const found: { basis: SubjectBasis; ruleId?: string; reason: Reason }[] = [];
  const missing: string[] = [];
  for (const rule of data.fdp) {
    if (ctx.date < rule.effectiveFrom) continue;
    const c = fdpCheck(rule, facts, item, dest, parties, ctx);
    if (c.value) found.push({ basis: rule.basis, ruleId: rule.id, reason: { text: `${cite(rule).text}. Here: ${c.detail}`, citation: rule.citation } });
    else if (c.value === null) missing.push(...c.missing);
  }

  const { usControlledContentValue: value, totalValue: total } = facts;
  const controlled = facts.usControlledContentPercent ?? (value !== undefined && total !== undefined ? (value / total) * 100 : undefined);
  if (controlled !== undefined) out.controlledContentPercent = controlled;
  for (const rule of data.deMinimis.noDeMinimis) {
    if (ctx.date < rule.effectiveFrom) continue;
    const c = noDeMinimisCheck(rule, facts, item, dest, controlled ?? (facts.usContentPercent === 0 ? 0 : undefined));
    if (c.value) found.push({ basis: 'no_de_minimis', ruleId: rule.id, reason: { text: `${cite(rule).text}. Here: the item ${c.detail}, destined to ${dest.name}`, citation: rule.citation } });
    else if (c.value === null) missing.push(...c.missing);
  }

  const dm = data.deMinimis;
  const grouped = dm.levels.find((l) => ctx.date >= l.effectiveFrom && l.groups.some((g) => dest.groups.has(g)));
  const level = grouped ?? dm.defaultLevel;
  out.deMinimisPercent = level.percent;
  const levelText = `the ${level.percent} % de minimis level for ${dest.name}${grouped ? ` (Country Group ${grouped.groups.filter((g) => dest.groups.has(g)).join('/')})` : ''}`;
  const levelCite = `${level.citation}; Supp. 2 to Part 734`;
  let below: Reason | undefined;
  if (controlled !== undefined) {
    if (controlled > level.percent)
      found.push({ basis: 'de_minimis_exceeded', reason: { text: `U.S.-origin controlled content is ${pct(controlled)} of the value of this item made in ${madeName}, above ${levelText}: subject to the EAR`, citation: `${levelCite}; 15 CFR 734.3(a)(3)` } });
    else below = { text: `U.S.-origin controlled content is ${pct(controlled)} of the value of this item made in ${madeName}, within ${levelText}`, citation: levelCite };
  } else if (facts.usContentPercent !== undefined && facts.usContentPercent <= level.percent) {
    below = { text: `All U.S.-origin content of this item made in ${madeName} is ${pct(facts.usContentPercent)}, so its controlled content is within ${levelText}`, citation: levelCite };
  } else if (value !== undefined && total === undefined) missing.push('item.totalValue');
  else missing.push('item.usControlledContentPercent');

  if (found.length) {
    const first = found[0]!;
    out.basis = first.basis;
    if (first.ruleId) out.ruleId = first.ruleId;
    out.reasons.push(...found.map((f) => f.reason));
    return out;
  }
  if (!from) missing.push('item.exportedFrom');
  const none = (v: string | string[] | null | undefined) => v === null || (Array.isArray(v) && v.length === 0);
  const madeWithUs = !(none(facts.madeWith?.usTechnology) && none(facts.madeWith?.usEquipment));
  if (missing.length || !from) {
    out.subject = null;
    out.basis = 'undetermined';
    out.needsInformation = [...new Set(missing)];
    out.reasons.push({ text: `Whether this item made in ${madeName} is subject to the EAR is not decided, so any license requirement found applies only if it is: ${data.notSubject.text}`, citation: data.notSubject.citation });
    if (below) out.reasons.push(below);
    return out;
  }
  out.subject = false;
  out.basis = 'de_minimis_below';
  if (below) out.reasons.push(below);
  out.reasons.push({
    text: `Not subject to the EAR: made in ${madeName} and shipped from ${ctx.ref.doc.countries[from]?.name ?? from}, with U.S. controlled content within the de minimis level and no modelled foreign direct product rule reaching it, so no EAR license requirement applies (U.S.-person rules in 744.6 and OFAC sanctions still do)`,
    citation: data.notSubject.citation,
  });
  if (madeWithUs) out.redFlags.push({ code: 'fdp_rules_not_evaluated', text: data.notModelled.text, citation: data.notModelled.citation });
  if (level.uncertain) out.assumptions.push(cite(level));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The stage determine() runs first.

export interface ForeignMadeStage {
  result: SubjectToEar;
  /** The item the later stages see: published-like ("not_subject") when the EAR do not apply. */
  item: ResolvedItem;
  /** The foreign-made findings alone (also in base()). */
  stage: StageResult;
  /** The item × destination stage to decide on: the foreign-made findings, then the CCL stage's unless the item is not subject. */
  base(itemDestination: StageResult): StageResult;
  /** End uses for the Part 744 stage: none when the item is not subject (this stage flags 744.6 itself). */
  endUses: readonly string[];
  /** Applies the foreign-made result to the assembled determination. */
  finish(det: Determination): Determination;
}

const same = (det: Determination) => det;

function merged(own: StageResult, other: StageResult): StageResult {
  if (!own.findings.length && !own.redFlags.length && !own.missing.length) return other;
  return { ...other, findings: [...own.findings, ...other.findings], redFlags: [...own.redFlags, ...other.redFlags], missing: [...own.missing, ...other.missing] };
}

export function casePartiesOf(c: DeterminationCase): LabelledParty[] {
  return [{ label: 'endUser', facts: c.endUser }, ...(c.parties ?? []).map((p, i) => ({ label: `parties[${i}]`, facts: p }))];
}

/**
 * Foreign-made stage of a determination. No origin facts: nothing changes. Subject: the reasons
 * are added and the other stages run. Not subject: no EAR license requirement; party screening
 * still runs on a "not_subject" item (OFAC blocking, red flags), and OFAC embargoes bar U.S.
 * persons. Undecided: the missing origin facts are listed and a license requirement found by the
 * other stages becomes conditional (licenseRequired null).
 */
export function foreignMadeStage(c: DeterminationCase, item: ResolvedItem, dest: ResolvedDestination, ctx: ForeignMadeContext, endUses: readonly string[] = []): ForeignMadeStage {
  const stage: StageResult = { findings: [], redFlags: [], missing: [] };
  const continued = (result: SubjectToEar, finish: (det: Determination) => Determination = same): ForeignMadeStage => ({
    result,
    item,
    stage,
    base: (other) => merged(stage, other),
    endUses,
    finish,
  });
  if (!hasOriginFacts(c.item) || dest.kind === 'us_territory' || dest.kind === 'unresolved_territory')
    return continued({ subject: true, basis: 'us_origin', reasons: [], needsInformation: [], assumptions: [], redFlags: [], originFactsGiven: false });
  const result = evaluateForeignMade(c.item, item, dest, casePartiesOf(c), ctx);
  if (result.basis === 'not_an_item') return continued(result);
  for (const r of result.reasons) stage.findings.push({ effect: result.subject === false ? 'clear' : 'note', reason: r });
  for (const a of result.assumptions) stage.findings.push({ effect: 'note', reason: a });
  stage.redFlags.push(...result.redFlags);
  if (result.subject === true) return continued(result);
  if (result.subject === null) {
    stage.missing.push(...result.needsInformation);
    return continued(result, (det) => (det.licenseRequired === true ? { ...det, licenseRequired: null } : det));
  }
  // Not subject to the EAR.
  const e = dest.embargo;
  if (e?.effect === 'prohibited' && e.servicesCitation)
    stage.findings.push({
      effect: 'prohibited',
      reason: { text: `U.S. persons may not export or supply goods to ${dest.input === dest.code ? dest.name : dest.input} under OFAC sanctions, whatever the EAR jurisdiction of the item`, citation: e.servicesCitation },
      policy: { rank: 4, text: 'General policy of denial; OFAC authorization required' },
    });
  else if (e)
    stage.redFlags.push({ code: 'ofac_jurisdiction', text: `OFAC sanctions are not affected by EAR jurisdiction: confirm the ${dest.name} program before release`, citation: e.citation });
  if (endUses.length)
    stage.redFlags.push({ code: 'end_use_not_subject_item', text: `Stated end use (${endUses.join(', ')}): the item is not subject to the EAR, but U.S.-person support rules (744.6) and OFAC may still apply`, citation: '15 CFR 744.6' });
  const notSubject: ResolvedItem = { ...item, kind: 'not_subject', notes: [], needsInformation: [], key: `${item.key}|foreign-not-subject` };
  return { result, item: notSubject, stage, base: () => stage, endUses: [], finish: same };
}

/** The origin fields of a package component (src/shared/contracts/package.ts). */
export interface ComponentOrigin {
  countryOfManufacture?: string;
  exportedFrom?: string;
  usControlledContentPercent?: number;
  usContentEccns?: string[];
  madeWithUsTechnology?: string[];
  madeWithUsEquipment?: string[];
  /** Share of the unit value that is U.S.-origin (0..1): an upper bound of the controlled content. */
  usOriginShare?: number;
}

/**
 * Item origin facts of a package component, to spread into the item facts of a determination.
 * No countryOfManufacture: none (a U.S.-origin item, as before; countryOfOrigin is not read as the
 * place of manufacture).
 */
export function originFactsOfComponent(c: ComponentOrigin): Partial<ItemFacts> {
  if (!c.countryOfManufacture) return {};
  const out: Partial<ItemFacts> = { countryOfManufacture: c.countryOfManufacture };
  if (c.exportedFrom !== undefined) out.exportedFrom = c.exportedFrom;
  if (c.usControlledContentPercent !== undefined) out.usControlledContentPercent = c.usControlledContentPercent;
  if (c.usOriginShare !== undefined) out.usContentPercent = Math.round(c.usOriginShare * 1e6) / 1e4;
  if (c.usContentEccns !== undefined) out.usContentEccns = c.usContentEccns;
  if (c.madeWithUsTechnology !== undefined || c.madeWithUsEquipment !== undefined) {
    out.madeWith = {};
    if (c.madeWithUsTechnology !== undefined) out.madeWith.usTechnology = c.madeWithUsTechnology;
    if (c.madeWithUsEquipment !== undefined) out.madeWith.usEquipment = c.madeWithUsEquipment;
  }
  return out;
}

/**
 * Public entry point: is this item subject to the EAR for a destination on a date? Parties (with
 * their Entity List hits) matter for the Entity List FDP rules.
 */
export function subjectToEar(
  rawItem: ItemFacts | unknown,
  destination: string,
  ref: ReferenceData,
  asOf: string,
  parties: { endUser?: PartyFacts | null; parties?: PartyFacts[] } = {},
): SubjectToEar {
  const parsed = ItemSchema.safeParse(rawItem);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `item.${i.path.join('.')}: ${i.message}`).join('; '));
  const date = asOf.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalidDate(date);
  if (date < ref.coverageFrom) throw invalidDate(date, `before the reference data coverage (${ref.coverageFrom})`);
  const ctx: ForeignMadeContext = { ref, date, snap: ref.snapshot(date), aiEnforced: ref.doc.policy.aiDiffusionEnforced.value };
  const item = resolveItem(parsed.data, ref, date);
  const dest = resolveDestination(destination, ref, date);
  const labelled = casePartiesOf({ item: parsed.data, destination, endUser: parties.endUser, parties: parties.parties });
  return evaluateForeignMade(parsed.data, item, dest, labelled, ctx);
}
