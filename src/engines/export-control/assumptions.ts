// Answers under stated assumptions (docs/domain.md, "Answers under assumptions"): where a case
// leaves out a fact that has a reasonable default, the rules run under that default and the
// determination says so (assumptions), together with the answer should the fact turn out
// otherwise (conditions). Facts without a reasonable default (classification parameters, the
// ownership share of a listed owner, the Part 746 HTS listing, an unresolved territory) keep
// licenseRequired null, with their conditions where the alternatives can be run.
// Sensitivity ("what would change the answer") re-runs the stages with one alternative fact at a
// time: another end use, a Macau/D:5 parent, a list hit, a date across a rule's effective date.
import type { ResolvedItem } from './classification.ts';
import type { ResolvedDestination } from './destination.ts';
import type { Context, PartyProfile, StageResult } from './determine.ts';
import type { ReferenceData } from './reference-data.ts';
import type { Assumption, Condition, Determination, LicenseRequired, Sensitivity } from './types.ts';

/** The stages of determine.ts this module re-runs (passed in, so that the modules do not import each other). */
export interface Stages {
  itemDestinationStage(item: ResolvedItem, dest: ResolvedDestination, ctx: Context): StageResult;
  partyStage(item: ResolvedItem, dest: ResolvedDestination, party: PartyProfile, ctx: Context): StageResult;
  endUseStage(item: ResolvedItem, dest: ResolvedDestination, endUses: readonly string[], parties: readonly PartyProfile[], ctx: Context): StageResult;
  assemble(parts: readonly StageResult[], item: ResolvedItem, dest: ResolvedDestination, ctx: Context): Determination;
}

/** The resolved facts of one determination. */
export interface Facts {
  stages: Stages;
  item: ResolvedItem;
  dest: ResolvedDestination;
  /** itemDestinationStage(item, dest, ctx): computed once and shared by the matrix. */
  base: StageResult;
  profiles: readonly PartyProfile[];
  endUses: readonly string[];
}

interface Run {
  det: Determination;
  /** The party profiles the rules ran with (defaults filled in). */
  effective: PartyProfile[];
}

/** Screening-list effects that change a determination (red-flag lists only add red flags). */
const DECISIVE_LIST_EFFECTS = new Set(['prohibited', 'license', 'license_supp2']);

function countryName(code: string, ctx: Context): string {
  return ctx.ref.doc.countries[code]?.name ?? code;
}

/** The headquarters-rule citation for the item (742.6(a)(6)(iii)(A) for .a items, 744.23(a)(3) otherwise). */
function hqCitation(item: ResolvedItem, ctx: Context): string {
  const hr = ctx.ref.doc.advancedComputing.headquartersRule;
  return item.acLevel === 'a' || (item.acLevel === 'z' && item.acSub === 'a') ? hr.citationA : hr.citationOther;
}

/** A Macau/D:5 destination code to run the "headquartered in Macau or D:5" alternative with. */
function macauOrD5Representative(ctx: Context): string | undefined {
  const m5 = ctx.ref.doc.advancedComputing.macauOrD5;
  for (const code of m5.alwaysInclude) if (ctx.snap.isMacauOrD5(code)) return code;
  for (const g of m5.groups) for (const code of ctx.ref.doc.countryGroups[g]?.members ?? []) if (ctx.snap.isMacauOrD5(code)) return code;
  return undefined;
}

/**
 * The party stage under defaults for missing headquarters facts: the end user headquartered in
 * the destination, its ultimate parent where the end user is (a company with no parent of record
 * is its own ultimate parent). Undefined when nothing is missing or no destination country exists.
 */
function withHeadquartersDefaults(p: PartyProfile, raw: StageResult, f: Facts, ctx: Context): { profile: PartyProfile; stage: StageResult } | undefined {
  const who = p.label;
  const hqFact = `${who}.headquarters`;
  const parentFact = `${who}.ultimateParentHeadquarters`;
  const needHq = raw.missing.includes(hqFact);
  const needParent = raw.missing.includes(parentFact);
  if ((!needHq && !needParent) || !f.dest.code) return undefined;
  const hq = p.hq ?? f.dest.code;
  const parentHq = p.parentHq ?? hq;
  const profile: PartyProfile = { ...p, present: true, hq, parentHq, key: `${p.key}|assumed:${hq}:${parentHq}` };
  const stage = f.stages.partyStage(f.item, f.dest, profile, ctx);
  const citation = hqCitation(f.item, ctx);
  const assumptions: Assumption[] = [];
  if (needHq)
    assumptions.push({
      fact: hqFact,
      assumed: hq,
      text: `${who}'s headquarters not stated: assumed to be in ${f.dest.name}, the destination`,
      citation,
    });
  if (needParent)
    assumptions.push({
      fact: parentFact,
      assumed: parentHq,
      text: p.hq
        ? `${who}'s ultimate parent not stated: assumed to be ${who} itself, headquartered in ${countryName(hq, ctx)}`
        : `${who}'s ultimate parent not stated: assumed to be headquartered in ${countryName(parentHq, ctx)}, like ${who}`,
      citation,
    });
  return {
    profile,
    stage: {
      ...stage,
      // The headquarters test passed on assumed facts says so in its own words.
      findings: stage.findings.map((x) => (x.effect === 'clear' && x.reason.text.startsWith('Headquarters test:') ? { ...x, reason: { ...x.reason, text: `${x.reason.text} (assumed: not stated in the case)` } } : x)),
      // Keep the red flags of the facts as given (e.g. "end user not identified").
      redFlags: [...raw.redFlags, ...stage.redFlags],
      missing: stage.missing.filter((m) => m !== hqFact && m !== parentFact),
      assumptions,
    },
  };
}

function run(f: Facts, ctx: Context): Run {
  const parts: StageResult[] = [f.base];
  const effective: PartyProfile[] = [];
  for (const p of f.profiles) {
    const raw = f.stages.partyStage(f.item, f.dest, p, ctx);
    const d = withHeadquartersDefaults(p, raw, f, ctx);
    effective.push(d ? d.profile : p);
    parts.push(d ? d.stage : raw);
  }
  parts.push(f.stages.endUseStage(f.item, f.dest, f.endUses, effective, ctx));
  const det = f.stages.assemble(parts, f.item, f.dest, ctx);
  // An end user not identified: screening could not be run, so "not listed, no red flags" is a
  // default too, stated wherever a list hit could still change the answer.
  if (det.licenseRequired !== null && det.licenseRequired !== 'prohibited') {
    for (const p of f.profiles) {
      if (p.present) continue;
      const a: Assumption = {
        fact: `${p.label}.listHits`,
        assumed: 'none',
        text: `${p.label} not identified: assumed not on any screening list and showing no red flags (screen before export)`,
        citation: ctx.ref.doc.policy.diversionRedFlags.citation,
      };
      (det.assumptions ??= []).push(a);
      det.assumed = true;
    }
  }
  return { det, effective };
}

/** The determination of one case under defaults for missing facts, with the conditions that would change it. */
export function decide(f: Facts, ctx: Context, withConditions = true): Determination {
  const r = run(f, ctx);
  if (withConditions) {
    const conditions = conditionsOf(f, r, ctx);
    if (conditions.length) r.det.conditions = conditions;
  }
  return r.det;
}

// ---------------------------------------------------------------------------------------------
// Conditions: the answer if a missing fact turned out otherwise.

const VERDICT: Record<string, string> = {
  true: 'a license would be required',
  false: 'no license would be required',
  prohibited: 'the export would be prohibited',
};

const codesOf = (d: Determination) => d.exceptions.map((e) => e.code).join(', ') || 'none';

/** The citation of the first reason the alternative adds; the fallback otherwise. */
function newCitation(alt: Determination, cur: Determination, fallback: string): string {
  for (const r of alt.reasons) if (!cur.reasons.some((c) => c.text === r.text)) return r.citation;
  return fallback;
}

function conditionFrom(fact: string, ifText: string, alt: Determination, cur: Determination, fallbackCitation: string): Condition | undefined {
  const then = alt.licenseRequired;
  if (then === null) return undefined;
  const citation = newCitation(alt, cur, fallbackCitation);
  if (then !== cur.licenseRequired) {
    const verdict = VERDICT[String(then)] ?? String(then);
    return { fact, if: ifText, then, text: `${verdict[0]!.toUpperCase()}${verdict.slice(1)} if ${fact} ${ifText}`, citation };
  }
  // Same answer: worth stating only when the exceptions or the review policy change.
  const changes: string[] = [];
  if (codesOf(alt) !== codesOf(cur)) changes.push(`license exceptions ${codesOf(alt)} instead of ${codesOf(cur)}`);
  if (alt.reviewPolicy && alt.reviewPolicy !== cur.reviewPolicy) changes.push(`review policy: ${alt.reviewPolicy}`);
  if (!changes.length) return undefined;
  const verdict = VERDICT[String(then)] ?? String(then);
  return { fact, if: ifText, then, text: `If ${fact} ${ifText}, ${verdict.replace(' would be', ' would still be')}, with ${changes.join('; ')}`, citation };
}

function replaceProfile(profiles: readonly PartyProfile[], i: number, p: PartyProfile): PartyProfile[] {
  const out = [...profiles];
  out[i] = p;
  return out;
}

/** The decisive screening lists in force on the date, grouped by the answer a hit would give. */
function listAlternatives(f: Facts, r: Run, i: number, ctx: Context): { names: string[]; citations: string[]; alt: Determination }[] {
  const base = r.effective[i]!;
  const groups = new Map<string, { names: string[]; citations: string[]; alt: Determination }>();
  // Lists with the same effect take the same path through the rules: one run per effect.
  const byEffect = new Map<string, Determination>();
  for (const [code, list] of Object.entries(ctx.ref.doc.screeningLists)) {
    if (!DECISIVE_LIST_EFFECTS.has(list.effect) || ctx.date < list.effectiveFrom || base.hits.has(code)) continue;
    let alt = byEffect.get(list.effect);
    if (!alt) {
      const p: PartyProfile = { ...base, present: true, hits: new Map([...base.hits, [code, {}]]), key: `${base.key}|+${code}` };
      byEffect.set(list.effect, (alt = run({ ...f, profiles: replaceProfile(r.effective, i, p) }, ctx).det));
    }
    const k = String(alt.licenseRequired);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { names: [], citations: [], alt }));
    g.names.push(list.name);
    if (!g.citations.includes(list.citation)) g.citations.push(list.citation);
  }
  return [...groups.values()];
}

function conditionsOf(f: Facts, r: Run, ctx: Context): Condition[] {
  const cur = r.det;
  const out: Condition[] = [];
  const push = (c: Condition | undefined) => {
    if (c) out.push(c);
  };
  const rep = macauOrD5Representative(ctx);
  const inMacauD5 = 'is in Macau or a Country Group D:5 country';

  // Headquarters defaults: the answer with each fact in Macau/D:5.
  for (const a of cur.assumptions ?? []) {
    const m = /^(.*)\.(headquarters|ultimateParentHeadquarters|listHits)$/.exec(a.fact);
    const i = m ? r.effective.findIndex((p) => p.label === m[1]) : -1;
    if (!m || i < 0) continue;
    const p = r.effective[i]!;
    if (m[2] === 'listHits') {
      for (const g of listAlternatives(f, r, i, ctx)) {
        const c = conditionFrom(a.fact, `includes the ${g.names.join(' or the ')}`, g.alt, cur, '');
        // Each list named carries its own citation.
        if (c) push({ ...c, citation: g.citations.join('; ') });
      }
      continue;
    }
    if (!rep || ctx.snap.isMacauOrD5(a.assumed)) continue;
    const alt = m[2] === 'headquarters' ? { ...p, hq: rep } : { ...p, parentHq: rep };
    push(conditionFrom(a.fact, inMacauD5, run({ ...f, profiles: replaceProfile(r.effective, i, { ...alt, key: `${p.key}|${m[2]}:${rep}` }) }, ctx).det, cur, a.citation ?? hqCitation(f.item, ctx)));
  }

  // Facts without a default: run both ways where the alternatives are clear-cut.
  const doc = ctx.ref.doc;
  const threshold = Math.max(doc.policy.ofac50PercentRule.thresholdPercent, doc.policy.affiliatesRule.thresholdPercent);
  for (const fact of cur.needsInformation ?? []) {
    const own = /^(.*)\.owners\[(\d+)\]\.percent$/.exec(fact);
    if (own) {
      const i = r.effective.findIndex((p) => p.label === own[1]);
      const p = r.effective[i];
      if (!p) continue;
      const idx = Number(own[2]);
      for (const [percent, ifText] of [
        [threshold, `brings the aggregate share of listed owners to ${threshold}% or more`],
        [0, `keeps the aggregate share of listed owners below ${threshold}%`],
      ] as const) {
        const owners = p.owners.map((o) => (o.index === idx ? { ...o, percent } : o));
        const alt = run({ ...f, profiles: replaceProfile(r.effective, i, { ...p, owners, key: `${p.key}|owner${idx}:${percent}` }) }, ctx).det;
        push(conditionFrom(fact, ifText, alt, cur, `${doc.policy.ofac50PercentRule.citation}; ${doc.policy.affiliatesRule.citation}`));
      }
      continue;
    }
    const hts = f.dest.embargo?.ear99Fact ?? 'item.params.listedInPart746Supp4';
    if (fact === hts && f.dest.embargo) {
      for (const [listed, ifText] of [
        [true, 'is true (the HTS code is listed in Supp. 4 or 6 to Part 746)'],
        [false, 'is false (the HTS code is not listed)'],
      ] as const) {
        const item: ResolvedItem = { ...f.item, listedInPart746Supp4: listed };
        const alt = run({ ...f, item, base: f.stages.itemDestinationStage(item, f.dest, ctx) }, ctx).det;
        push(conditionFrom(fact, ifText, alt, cur, f.dest.embargo.citation));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sensitivity: the single-fact changes that flip the answer.

/** Rule dates of the reference data (interval starts) with the citations of the rules they belong to. */
const datesCache = new WeakMap<ReferenceData, Map<string, string[]>>();

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function ruleDates(ref: ReferenceData): Map<string, string[]> {
  let out = datesCache.get(ref);
  if (out) return out;
  const found = new Map<string, string[]>();
  const add = (date: unknown, citation: string | undefined) => {
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !citation) return;
    const list = found.get(date) ?? [];
    if (!list.includes(citation)) list.push(citation);
    found.set(date, list);
  };
  const walk = (node: unknown, citation: string | undefined): void => {
    if (Array.isArray(node)) {
      for (const x of node) walk(x, citation);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const here = typeof o.citation === 'string' ? o.citation : citation;
    // effectiveFrom/from start a rule; `until` is exclusive; effectiveTo is the last day in force.
    add(o.effectiveFrom, here);
    add(o.from, here);
    add(o.until, here);
    if (typeof o.effectiveTo === 'string') add(nextDay(o.effectiveTo), here);
    for (const [k, v] of Object.entries(o)) if (k !== 'citation' && v && typeof v === 'object') walk(v, here);
  };
  walk(ref.doc, undefined);
  // The document's own effective date is a version date, not a rule's.
  out = found;
  datesCache.set(ref, out);
  return out;
}

/** The answer on another date, or undefined when the case cannot be evaluated then (e.g. an ECCN not yet in force). */
export type AnswerAt = (date: string) => LicenseRequired | null | undefined;

function dateSensitivity(cur: LicenseRequired | null, ctx: Context, at: AnswerAt): Sensitivity[] {
  const dates = ruleDates(ctx.ref);
  const starts = [ctx.ref.coverageFrom, ...[...dates.keys()].filter((d) => d > ctx.ref.coverageFrom).sort()];
  let k = 0;
  for (let j = 0; j < starts.length; j++) if (starts[j]! <= ctx.date) k = j;
  const cite = (d: string) => (dates.get(d) ?? []).slice(0, 3).join('; ') || `reference data (rules dated ${d})`;
  const out: Sensitivity[] = [];
  for (let j = k - 1; j >= 0; j--) {
    const o = at(starts[j]!);
    if (o === undefined || o === cur) continue;
    out.push({ fact: 'asOf', change: `before ${starts[j + 1]}`, outcome: o, citation: cite(starts[j + 1]!) });
    break;
  }
  for (let j = k + 1; j < starts.length; j++) {
    const o = at(starts[j]!);
    if (o === undefined || o === cur) continue;
    out.push({ fact: 'asOf', change: `on or after ${starts[j]}`, outcome: o, citation: cite(starts[j]!) });
    break;
  }
  return out;
}

/** The facts that would flip `det` (computed from `f` under the same defaults). */
export function sensitivityOf(f: Facts, det: Determination, ctx: Context, at: AnswerAt): Sensitivity[] {
  const r = run(f, ctx);
  const cur = det.licenseRequired;
  const out: Sensitivity[] = [];
  const doc = ctx.ref.doc;

  // End uses: each Part 744 end use the exporter could come to know, and each stated one removed.
  const rules = doc.endUseRules;
  for (const code of ctx.ref.endUseCodes) {
    const stated = f.endUses.includes(code);
    const endUses = stated ? f.endUses.filter((u) => u !== code) : [...f.endUses, code].sort();
    const alt = run({ ...f, endUses }, ctx).det;
    if (alt.licenseRequired === cur) continue;
    out.push({
      fact: 'endUse',
      change: stated ? `end use ${code} not (or no longer) known` : `end use ${code} known to the exporter (or a party known to be one)`,
      outcome: alt.licenseRequired,
      // Adding an end use cites the rule it brings in; removing one cites the rule that falls away.
      citation: stated ? (rules[code]?.citation ?? '15 CFR Part 744') : newCitation(alt, det, rules[code]?.citation ?? '15 CFR Part 744'),
    });
  }

  // Parties: a Macau/D:5 parent (or none, for a Macau/D:5-headquartered party), and list hits.
  const rep = macauOrD5Representative(ctx);
  for (const [i, given] of r.effective.entries()) {
    const p: PartyProfile = given.present || !f.dest.code ? given : { ...given, present: true, hq: f.dest.code, parentHq: f.dest.code, key: `${given.key}|dest` };
    const who = p.label;
    const profiles = replaceProfile(r.effective, i, p);
    const hqD5 = (p.hq !== undefined && ctx.snap.isMacauOrD5(p.hq)) || (p.parentHq !== undefined && ctx.snap.isMacauOrD5(p.parentHq));
    if (p.present && rep && !hqD5) {
      const alt = run({ ...f, profiles: replaceProfile(profiles, i, { ...p, parentHq: rep, key: `${p.key}|parent:${rep}` }) }, ctx).det;
      if (alt.licenseRequired !== cur)
        out.push({ fact: `${who}.ultimateParentHeadquarters`, change: 'in Macau or a Country Group D:5 country', outcome: alt.licenseRequired, citation: newCitation(alt, det, hqCitation(f.item, ctx)) });
    } else if (p.present && hqD5 && f.dest.code && !f.dest.macauOrD5) {
      const alt = run({ ...f, profiles: replaceProfile(profiles, i, { ...p, hq: f.dest.code, parentHq: f.dest.code, key: `${p.key}|local` }) }, ctx).det;
      if (alt.licenseRequired !== cur)
        out.push({ fact: `${who}.headquarters`, change: `${who} and its ultimate parent both headquartered in ${f.dest.name} (not Macau/D:5)`, outcome: alt.licenseRequired, citation: newCitation(det, alt, hqCitation(f.item, ctx)) });
    }
    for (const g of listAlternatives(f, { ...r, effective: profiles }, i, ctx))
      if (g.alt.licenseRequired !== cur) out.push({ fact: `${who}.listHits`, change: `listed on the ${g.names.join(' or the ')}`, outcome: g.alt.licenseRequired, citation: g.citations.join('; ') });
  }

  out.push(...dateSensitivity(cur, ctx, at));
  return out;
}
