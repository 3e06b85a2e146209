// The license determination for one item × destination × end use × parties × date, in this
// order: jurisdiction, classification, embargoes, CCL reasons with the
// advanced-computing destination scope, the headquarters rule, Part 744 end uses, parties and
// ownership, license exceptions. Each rule adds findings; the worst finding decides.
import { isAdvancedComputing, resolveItem, type ResolvedItem } from './classification.ts';
import { formatGroups, normalizeCountry, resolveDestination, type ResolvedDestination } from './destination.ts';
import { ExportControlInputError, invalidDate, ReferenceDataError, unknownEndUse, unknownList } from './errors.ts';
import { defaultReferenceData, type DateSnapshot, type EccnControl, type ReferenceData } from './reference-data.ts';
import { decide, sensitivityOf, type Stages } from './assumptions.ts';
import { foreignMadeStage } from './foreign-made.ts';
import {
  CaseSchema,
  type Assumption,
  type DeterminationCase,
  type Determination,
  type ExceptionOption,
  type LicenseRequired,
  type LiteralOutcome,
  type PartyFacts,
  type Reason,
  type RedFlag,
} from './types.ts';

/** prohibited > license > clear; notes are context shown with any outcome. */
type Effect = 'prohibited' | 'license' | 'clear' | 'note';

interface Finding {
  effect: Effect;
  reason: Reason;
  /** License exceptions that can overcome this license requirement (738.4: each separately). */
  exceptions?: readonly string[];
  /** Review policy; the highest rank wins (4 blocked, 3 denial, 2 case-by-case, 1 favorable). */
  policy?: { rank: number; text: string };
}

/** What one stage contributes; stages are combined by assemble(). */
export interface StageResult {
  findings: Finding[];
  redFlags: RedFlag[];
  missing: string[];
  /** Unverified List: no license exceptions may be used (744.15). */
  noExceptions?: boolean;
  /** A party is headquartered (or its parent is) in Macau/D:5: NAC instead of ACA. */
  hqMacauD5?: boolean;
  /** A Part 744 end use is stated: exceptions limited to unrestricted end uses (SPP) fall away. */
  restrictedEndUse?: boolean;
  /** Defaults used for missing facts (assumptions.ts); named in needsInformation too. */
  assumptions?: Assumption[];
}

export interface Context {
  ref: ReferenceData;
  date: string;
  snap: DateSnapshot;
  aiEnforced: boolean;
}

const CHART_CITE = '15 CFR 738.4; Part 738, Supp. 1 (Commerce Country Chart)';
const AC_SCOPE_TEXT = 'to or within Country Groups D:1, D:4, D:5 excluding any destination also in A:5 or A:6, plus Macau';
const DENIAL = 3;

const emptyResult = (): StageResult => ({ findings: [], redFlags: [], missing: [] });

/** What a caller supplies for facts a case may leave out. */
export interface DetermineOptions {
  /** The date a case without `asOf` is evaluated on (the caller's clock; the engine never reads one). */
  today?: string;
  /** Also compute `sensitivity` (what would change the answer): a few dozen re-runs, so only where shown. */
  explain?: boolean;
}

export function makeContext(ref: ReferenceData, asOf: string | undefined): Context {
  if (asOf === undefined) throw new ExportControlInputError('INVALID_DATE', 'asOf is required: give the date the rules are evaluated on (YYYY-MM-DD)', '');
  const date = asOf.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalidDate(date);
  if (date < ref.coverageFrom) throw invalidDate(date, `before the reference data coverage (${ref.coverageFrom})`);
  return { ref, date, snap: ref.snapshot(date), aiEnforced: ref.doc.policy.aiDiffusionEnforced.value };
}

// ---------------------------------------------------------------------------------------------
// License-exception eligibility (Part 740; 740.2(a)(9)(ii) limits advanced-computing items).

function exceptionEligible(code: string, item: ResolvedItem, dest: ResolvedDestination, ctx: Context): boolean {
  const ex = ctx.ref.doc.licenseExceptions[code];
  if (!ex || ctx.date < ex.effectiveFrom) return false;
  const g = dest.groups;
  const acToRestricted = isAdvancedComputing(item) && (dest.acScope || dest.macauOrD5);
  switch (code) {
    case 'NAC':
    case 'ACA': {
      // Not for datacenter 3A090.a/4A090.a; .b items are always datacenter items (Note 2).
      const level = item.acLevel === 'z' ? item.acSub : item.acLevel;
      if (level === 'b') return true;
      if (level === 'a') return item.datacenter === false;
      return false;
    }
    case 'HBM':
      return item.acLevel === 'c';
    case 'ENC':
      return !g.has('E:1') && !g.has('E:2') && dest.code !== 'RU' && dest.code !== 'BY' && !(item.acLevel === 'z' && acToRestricted);
    case 'APP':
      return !acToRestricted && item.acLevel === null && !g.has('D:1') && !g.has('E:1') && !g.has('E:2');
    case 'GBS':
      return !isAdvancedComputing(item) && g.has('B');
    case 'TSR':
      return item.forAcLevel === null && g.has('B') && !g.has('D:1');
    case 'TSU':
    case 'SPP':
      return true;
    default:
      return false;
  }
}

function eligibleCodes(codes: readonly string[], item: ResolvedItem, dest: ResolvedDestination, ctx: Context): string[] {
  const out: string[] = [];
  for (const c of codes) if (exceptionEligible(c, item, dest, ctx)) out.push(c);
  return out;
}

/** A license exception the engine offers; the reference data must define it. */
function licenseException(code: string, ctx: Context) {
  const ex = ctx.ref.doc.licenseExceptions[code];
  if (!ex) throw new ReferenceDataError(`License exception ${code} is not defined in the export-control reference data`);
  return ex;
}

function exceptionOption(code: string, ctx: Context): ExceptionOption {
  const ex = licenseException(code, ctx);
  return { code, name: ex.name, conditions: ex.conditions, citation: ex.citation };
}

// ---------------------------------------------------------------------------------------------
// Review policies.

function acReviewPolicy(item: ResolvedItem, dest: ResolvedDestination, ctx: Context, hqRule: boolean): { rank: number; text: string } {
  const rp = ctx.ref.doc.advancedComputing.reviewPolicy;
  const h200 = rp.h200Rule;
  // The Jan 2026 policy concerns exports from the U.S. to China/Macau, whoever the end user is.
  if (ctx.date >= h200.effectiveFrom && h200.destinations.includes(dest.code)) {
    if (item.tpp !== undefined && item.dramBandwidthGBs !== undefined) {
      if (item.tpp < h200.maxTpp && item.dramBandwidthGBs < h200.maxDramBandwidthGBs) return { rank: 2, text: `${h200.text} (${h200.citation})` };
      return { rank: DENIAL, text: `${rp.macauD5.text} (${rp.macauD5.citation}); above the 15 Jan 2026 case-by-case limits` };
    }
    return {
      rank: DENIAL,
      text: `${rp.macauD5.text} (${rp.macauD5.citation}). From 15 Jan 2026, exports from the U.S. of ICs with TPP < ${h200.maxTpp} and DRAM bandwidth < ${h200.maxDramBandwidthGBs} GB/s may be reviewed case-by-case under conditions; give item.params.tpp and dramBandwidthGBs to apply it`,
    };
  }
  if (hqRule || dest.macauOrD5) return { rank: DENIAL, text: `${rp.macauD5.text} (${rp.macauD5.citation})` };
  // A policy whose regulation text was not verified says so, in words for whoever relies on it.
  const caveat = rp.otherScope.uncertain && rp.otherScope.note ? `. Not verified: ${rp.otherScope.note}` : '';
  return { rank: 2, text: `${rp.otherScope.text} (${rp.otherScope.citation})${caveat}` };
}

// ---------------------------------------------------------------------------------------------
// Stage 1–4: jurisdiction, embargoes and CCL reasons (item × destination; shared by the matrix).

export function itemDestinationStage(item: ResolvedItem, dest: ResolvedDestination, ctx: Context): StageResult {
  const out = emptyResult();
  const { ref } = ctx;
  const doc = ref.doc;
  for (const n of dest.notes) out.findings.push({ effect: 'note', reason: n });
  for (const n of item.notes) out.findings.push({ effect: 'note', reason: n });
  out.redFlags.push(...item.redFlags);
  out.missing.push(...item.needsInformation);

  if (item.kind === 'not_subject') {
    const j = doc.jurisdiction.NOT_SUBJECT;
    out.findings.push({ effect: 'clear', reason: { text: j.text, citation: j.citation } });
    if (dest.embargo?.effect === 'prohibited' || dest.embargo?.id === 'russia_belarus')
      out.redFlags.push({ code: 'ofac_jurisdiction', text: `OFAC sanctions are not affected by EAR jurisdiction: confirm the ${dest.name} program (e.g. the informational-materials exemption) before release`, citation: dest.embargo.citation });
    return out;
  }
  if (item.kind === 'service') {
    const j = doc.jurisdiction.SERVICE;
    out.findings.push({ effect: 'clear', reason: { text: j.text, citation: j.citation } });
    out.findings.push({ effect: 'note', reason: { text: 'The advanced-computing destination scope and headquarters rule govern shipments of items, not remote access; U.S.-person support rules (744.6) and knowledge of prohibited end uses still apply', citation: '15 CFR 744.6; 744.23' } });
    const e = dest.embargo;
    if (e?.effect === 'prohibited' && e.servicesCitation) {
      out.findings.push({ effect: 'prohibited', reason: { text: `Services to ${dest.input === dest.code ? dest.name : dest.input} are prohibited by OFAC sanctions regardless of EAR jurisdiction`, citation: e.servicesCitation }, policy: { rank: 4, text: 'General policy of denial; OFAC authorization required' } });
    }
    return out;
  }
  if (dest.kind === 'us_territory') {
    // resolveDestination explains a U.S. territory in its one note.
    const why = dest.notes[0] ?? { text: `${dest.name} is part of the United States for EAR purposes; a shipment there is not an export`, citation: doc.usTerritories.citation };
    out.findings.push({ effect: 'clear', reason: why });
    return out;
  }
  if (dest.kind === 'unresolved_territory') {
    out.missing.push(`destination: ${dest.input} has no Country Chart row; give the controlling destination (15 CFR 738.3(b))`);
    return out;
  }
  if (item.eccn === 'UNCLASSIFIED' || (item.entry?.requiresParagraph && !item.paragraph)) {
    // Embargoes still decide some destinations without a classification.
    embargoStage(item, dest, ctx, out);
    return out;
  }

  embargoStage(item, dest, ctx, out);
  const embargoedRow = dest.embargo?.effect === 'prohibited';

  const para = item.paragraph;
  const eccn = item.eccn;
  if (!para || item.family === 'EAR99') {
    if (!dest.embargo)
      out.findings.push({ effect: 'clear', reason: { text: 'EAR99: a license is needed only for embargoed destinations (Part 746), prohibited end uses or end users (Part 744) and listed parties', citation: '15 CFR 734.3(c); 732.3' } });
  } else if (!embargoedRow) {
    for (const control of para.controls) cclControl(control, item, dest, ctx, out);
  }

  // Exporter-level is-informed letters held in configuration (e.g. the Apr 2025 H20/MI308 letters).
  for (const letter of doc.policy.isInformedLetters) {
    if (!letter.enabled || ctx.date < letter.effectiveFrom || (letter.effectiveTo && ctx.date > letter.effectiveTo)) continue;
    const a = letter.appliesTo;
    if (a.eccns && !a.eccns.includes(item.family) && !a.eccns.includes(eccn)) continue;
    const destHit = (a.destinations ?? []).includes(dest.code) || (a.destinationGroups ?? []).some((g) => dest.groups.has(g));
    if (!destHit) continue;
    out.findings.push({ effect: 'license', reason: { text: letter.text, citation: letter.citation }, exceptions: [], policy: { rank: 2, text: letter.reviewPolicy ?? 'Case-by-case under the letter' } });
  }

  // AI Diffusion text made primary by the policy switch: worldwide requirement for .a-level items.
  const ad = doc.advancedComputing.aiDiffusion;
  if (ctx.aiEnforced && item.literalWorldwide && item.acLevel !== null && ctx.date >= ad.effectiveFrom && !dest.acScope && !embargoedRow) {
    const tier1 = ad.tier1Supp5.includes(dest.code);
    out.findings.push({
      effect: 'license',
      reason: { text: `${eccn}: RS license requirement to any destination worldwide (AI Diffusion Rule text, enforced by policy switch)`, citation: ad.worldwideCitation },
      exceptions: tier1 ? ['AIA'] : [],
      policy: { rank: 2, text: 'Case-by-case' },
    });
  }
  if (isAdvancedComputing(item) && dest.acScope && !dest.macauOrD5)
    out.redFlags.push({ code: 'ac_diversion_guidance', text: 'Advanced-computing items to a destination where diversion to Macau/D:5 is a known risk: apply the May 2025 BIS KYC expectations (verify datacenter capacity, end users, remote access from D:5)', citation: doc.policy.diversionRedFlags.citation });
  return out;
}

function embargoStage(item: ResolvedItem, dest: ResolvedDestination, ctx: Context, out: StageResult): void {
  const e = dest.embargo;
  if (!e) return;
  const where = dest.kind === 'region' ? dest.input : dest.name;
  if (e.effect === 'prohibited') {
    out.findings.push({ effect: 'prohibited', reason: { text: e.text, citation: e.citation }, policy: { rank: 4, text: 'General policy of denial (embargoed destination)' } });
    if (item.family !== 'EAR99' && item.paragraph?.exceptions.includes('ENC'))
      out.findings.push({ effect: 'note', reason: { text: 'License Exception ENC is not available to E:1/E:2 destinations', citation: '15 CFR 740.17 (introductory text); 740.2(a)(6)' } });
    return;
  }
  if (e.effect === 'license') {
    const isEar99 = item.family === 'EAR99';
    if (e.id === 'russia_belarus' && (isEar99 || item.eccn === 'UNCLASSIFIED')) return ear99RussiaBelarus(item, dest, e, out, e.ear99Fact ?? 'item.params.listedInPart746Supp4');
    const exceptions = isEar99 ? (e.ear99Exceptions ?? []) : item.family === '5D992' ? (e.softwareExceptions ?? []) : [];
    out.findings.push({
      effect: 'license',
      reason: { text: `${e.text} (${where})`, citation: e.citation },
      exceptions: eligibleCodes(exceptions, item, dest, ctx),
      policy: { rank: e.id === 'syria_2025' ? 1 : DENIAL, text: e.reviewPolicy ?? 'Policy of denial' },
    });
  }
}

/** EAR99 to Russia/Belarus needs a license only when its HTS code is listed (746.8(a)(2)). */
function ear99RussiaBelarus(item: ResolvedItem, dest: ResolvedDestination, e: NonNullable<ResolvedDestination['embargo']>, out: StageResult, fact: string): void {
  const listed = item.listedInPart746Supp4;
  if (listed === true) {
    out.findings.push({ effect: 'license', reason: { text: `EAR99 item listed by HTS code in Supp. 4/6 to Part 746: license required to ${dest.name}`, citation: e.citation }, exceptions: [], policy: { rank: DENIAL, text: e.reviewPolicy ?? 'Policy of denial' } });
  } else if (listed === false) {
    out.findings.push({ effect: 'clear', reason: { text: `EAR99 item not listed in Supps. 4/6 to Part 746: no 746.8 license requirement to ${dest.name} (Part 744 and party checks still apply)`, citation: e.citation } });
  } else {
    out.missing.push(fact);
    out.findings.push({ effect: 'note', reason: { text: `EAR99 items to ${dest.name} need a license when their HTS code is listed in Supp. 4 or 6 to Part 746`, citation: e.citation } });
  }
}

function cclControl(control: EccnControl, item: ResolvedItem, dest: ResolvedDestination, ctx: Context, out: StageResult): void {
  const eccn = item.eccn;
  const para = item.paragraph!;
  if (control.appliesIfForAc && !item.forAcLevel) return;
  if (control.appliesUnlessForAc && item.forAcLevel) return;

  if (control.column) {
    const column = (item.variant && control.variantColumns?.[item.variant]) || control.column;
    const label = `${control.reason} Column ${column.slice(-1)}`;
    if (dest.chartMarks.has(column)) {
      out.findings.push({
        effect: 'license',
        reason: { text: `${eccn} is controlled for ${label} and ${dest.name} has an X in ${column} on the Country Chart`, citation: `${control.citation}; ${CHART_CITE}` },
        exceptions: eligibleCodes(para.exceptions, item, dest, ctx),
        policy: { rank: 2, text: 'Case-by-case review (Part 742)' },
      });
    } else {
      const atOnly = control.reason === 'AT';
      out.findings.push({
        effect: 'clear',
        reason: {
          text: atOnly
            ? `${eccn}: AT Column 1 has no X for ${dest.name} (AT-only items need a license only for Part 746 embargo destinations and Russia/Belarus)`
            : `${eccn}: no X in ${column} for ${dest.name} on the Country Chart`,
          citation: `${control.citation}; ${CHART_CITE}`,
        },
      });
    }
    return;
  }

  const groupsText = `${dest.name} is in ${formatGroups(dest.groups)}`;
  let scope = control.scope;
  if (scope === 'advanced_computing' && item.forAcLevel === 'c') scope = 'macau_d5';
  if (scope === 'advanced_computing') {
    const acScopeCite = ctx.ref.doc.advancedComputing.destinationScope.citation;
    if (dest.acScope) {
      out.findings.push({
        effect: 'license',
        reason: {
          text: `${eccn} RS license requirement ${AC_SCOPE_TEXT}: ${groupsText}${dest.code === 'MO' ? ' (Macau is named alongside D:5 throughout)' : ''} (scope as enforced after the BIS 13 May 2025 non-enforcement of the AI Diffusion Rule)`,
          citation: `${control.citation}; ${acScopeCite}`,
        },
        exceptions: eligibleCodes(para.exceptions, item, dest, ctx),
        policy: acReviewPolicy(item, dest, ctx, false),
      });
      if (para.exceptions.some((c) => c === 'NAC' || c === 'ACA') && !eligibleCodes(['NAC', 'ACA'], item, dest, ctx).length)
        out.findings.push({ effect: 'note', reason: { text: noNacReason(item), citation: '15 CFR 740.8; 740.2(a)(9)(ii)' } });
    } else {
      out.findings.push({
        effect: 'clear',
        reason: { text: `${groupsText}; outside the ${eccn} destination scope (${AC_SCOPE_TEXT})`, citation: `${control.citation}; ${acScopeCite}` },
      });
    }
    return;
  }
  if (scope === 'macau_d5') {
    if (dest.macauOrD5) {
      out.findings.push({
        effect: 'license',
        reason: { text: `${eccn} RS license requirement to Macau or Country Group D:5: ${groupsText}`, citation: control.citation },
        exceptions: eligibleCodes(item.forAcLevel ? [] : para.exceptions, item, dest, ctx),
        policy: acReviewPolicy(item, dest, ctx, false),
      });
    } else {
      out.findings.push({ effect: 'clear', reason: { text: `${groupsText}; ${eccn} needs a license only to Macau or D:5`, citation: control.citation } });
    }
    return;
  }
  if (scope === 'worldwide') {
    const tier1 = ctx.ref.doc.advancedComputing.aiDiffusion.tier1Supp5.includes(dest.code);
    out.findings.push({
      effect: 'license',
      reason: { text: `${eccn} RS license requirement to any destination worldwide`, citation: control.citation },
      exceptions: tier1 ? ['AIA'] : [],
      policy: { rank: dest.macauOrD5 ? DENIAL : 2, text: dest.macauOrD5 ? 'Presumption of denial' : 'Case-by-case' },
    });
    return;
  }
  if (scope === 'all_except') {
    if (control.except?.includes(dest.code)) {
      out.findings.push({ effect: 'clear', reason: { text: `${eccn} ${control.reason}: no license required to ${dest.name}`, citation: control.citation } });
    } else {
      out.findings.push({
        effect: 'license',
        reason: { text: `${eccn} is controlled for ${control.reason}: license required to all destinations except ${control.except?.join(', ') || 'none'}`, citation: control.citation },
        exceptions: eligibleCodes(para.exceptions, item, dest, ctx),
        policy: { rank: 2, text: 'Case-by-case review (742.15(b))' },
      });
    }
  }
}

function noNacReason(item: ResolvedItem): string {
  const level = item.acLevel === 'z' ? item.acSub : item.acLevel;
  if (level === 'a' && item.datacenter === undefined)
    return `No license exception: NAC/ACA are available for ${item.eccn} only if it is not designed or marketed for datacenters (not stated; datacenter items assumed); LVS/GBS N/A; STA and others barred by 740.2(a)(9)(ii)`;
  if (item.acLevel === 'z' && !item.acSub)
    return `No license exception offered: NAC/ACA eligibility of ${item.eccn} depends on whether it meets the 3A090.a or .b limits (not stated); LVS/GBS N/A for .z`;
  return 'No license exception: NAC/ACA exclude datacenter 3A090.a/4A090.a items (740.8); LVS/GBS N/A per ECCN; STA and other exceptions barred by 740.2(a)(9)(ii)';
}

// ---------------------------------------------------------------------------------------------
// Stage 5–6: headquarters rule, list hits, ownership and is-informed letters (per party).

export interface PartyProfile {
  label: string;
  present: boolean;
  hq: string | undefined;
  parentHq: string | undefined;
  /** Screening lists hit, by list code, with any entry-specific review policy. */
  hits: Map<string, { reviewPolicy?: string; licenseRequirement?: string }>;
  owners: { index: number; percent: number | undefined; lists: Set<string> }[];
  isInformed: { text: string; citation: string } | null;
  redFlagCodes: string[];
  verified: boolean | undefined;
  key: string;
}

export function partyProfile(p: PartyFacts | null | undefined, ref: ReferenceData, label = 'endUser'): PartyProfile {
  const hits = new Map<string, { reviewPolicy?: string; licenseRequirement?: string }>();
  const listOf = (h: NonNullable<PartyFacts['listHits']>[number]) => {
    const raw = typeof h === 'string' ? h : (h.list ?? h.source ?? '');
    const code = ref.listCode(raw);
    if (!code) throw unknownList(raw || JSON.stringify(h));
    return { code, extra: typeof h === 'string' ? {} : { reviewPolicy: h.reviewPolicy, licenseRequirement: h.licenseRequirement } };
  };
  if (!p) {
    return { label, present: false, hq: undefined, parentHq: undefined, hits, owners: [], isInformed: null, redFlagCodes: [], verified: undefined, key: `${label}:absent` };
  }
  for (const h of [...(p.listHits ?? []), ...(p.screeningHits ?? [])]) {
    const { code, extra } = listOf(h);
    hits.set(code, extra);
  }
  const owners = (p.owners ?? []).map((o, index) => ({ index, percent: o.percent, lists: new Set((o.listHits ?? []).map((h) => listOf(h).code)) }));
  const hq = p.headquarters ? normalizeCountry(p.headquarters, ref, `${label}.headquarters`) : undefined;
  const parentHq = p.ultimateParentHeadquarters ? normalizeCountry(p.ultimateParentHeadquarters, ref, `${label}.ultimateParentHeadquarters`) : undefined;
  let isInformed: PartyProfile['isInformed'] = null;
  if (p.isInformed === true || typeof p.isInformed === 'string' || (typeof p.isInformed === 'object' && p.isInformed)) {
    const obj = typeof p.isInformed === 'object' ? p.isInformed : undefined;
    isInformed = {
      text: typeof p.isInformed === 'string' ? p.isInformed : (obj?.text ?? 'BIS has informed the exporter ("is-informed" letter) that a license is required for this item and party'),
      citation: obj?.citation ?? '15 CFR 744.23(b); 744.21(b); 744.22(b) ("is informed" procedure)',
    };
  }
  const key = [
    label,
    hq,
    parentHq,
    [...hits.keys()].sort().join('+'),
    JSON.stringify([...hits.values()]),
    owners.map((o) => `${o.percent}:${[...o.lists].sort().join('+')}`).join(','),
    isInformed?.text ?? '',
    (p.redFlags ?? []).join('+'),
    p.verified,
  ].join('|');
  return { label, present: true, hq, parentHq, hits, owners, isInformed, redFlagCodes: p.redFlags ?? [], verified: p.verified, key };
}

export function partyStage(item: ResolvedItem, dest: ResolvedDestination, party: PartyProfile, ctx: Context): StageResult {
  const out = emptyResult();
  const doc = ctx.ref.doc;
  const snap = ctx.snap;
  const who = party.label;
  const classified = item.kind === 'classified';
  // Shipments to U.S. territories are not exports: only the party screening below matters.
  const ac = classified && isAdvancedComputing(item) && dest.kind !== 'us_territory' && dest.kind !== 'unresolved_territory';

  if (!party.present) {
    if (ac && !dest.acScope) out.missing.push(`${who}.headquarters`, `${who}.ultimateParentHeadquarters`);
    if (classified && ac) out.redFlags.push({ code: 'unverified_party', text: `${who} not identified: the headquarters test and screening cannot be run`, citation: doc.policy.diversionRedFlags.citation });
    return out;
  }

  // Headquarters rule (742.6(a)(6)(iii)(A) for .a items; 744.23(a)(3) for the others).
  const hqD5 = (party.hq !== undefined && snap.isMacauOrD5(party.hq)) || (party.parentHq !== undefined && snap.isMacauOrD5(party.parentHq));
  if (hqD5) out.hqMacauD5 = true;
  if (ac && ctx.date >= doc.advancedComputing.headquartersRule.effectiveFrom) {
    const hr = doc.advancedComputing.headquartersRule;
    const citation = item.acLevel === 'a' || (item.acLevel === 'z' && item.acSub === 'a') ? hr.citationA : hr.citationOther;
    if (hqD5) {
      const where = [party.hq && snap.isMacauOrD5(party.hq) ? `is headquartered in ${party.hq}` : '', party.parentHq && snap.isMacauOrD5(party.parentHq) ? `has its ultimate parent headquartered in ${party.parentHq}` : '']
        .filter(Boolean)
        .join(' and ');
      const exc = item.acLevel === 'c' ? ['HBM'] : ['NAC'];
      out.findings.push({
        effect: 'license',
        reason: { text: `Headquarters rule: ${who} ${where} (Macau or D:5), so ${item.eccn} needs a license to any destination, ${dest.name} included`, citation },
        exceptions: exc.filter((c) => exceptionEligible(c, item, dest, ctx) && (item.paragraph?.exceptions.includes(c) ?? false)),
        policy: acReviewPolicy(item, dest, ctx, true),
      });
    } else if (party.hq && party.parentHq) {
      out.findings.push({ effect: 'clear', reason: { text: `Headquarters test: ${who} (${party.hq}) and its ultimate parent (${party.parentHq}) are not headquartered in Macau or D:5`, citation } });
    } else {
      if (!party.hq) out.missing.push(`${who}.headquarters`);
      if (!party.parentHq) out.missing.push(`${who}.ultimateParentHeadquarters`);
    }
  }

  // Screening-list hits on the party itself.
  for (const [code, extra] of party.hits) listEffect(code, extra, item, dest, party, ctx, out, `${who} is on the ${screeningList(code, ctx).name}`);

  // Ownership: OFAC 50 Percent Rule always; BIS Affiliates rule only inside its active windows.
  if (party.owners.length) ownershipStage(item, dest, party, ctx, out);

  if (party.isInformed && classified) {

    out.findings.push({ effect: 'license', reason: { text: `${party.isInformed.text} (${who})`, citation: party.isInformed.citation }, exceptions: [], policy: { rank: 2, text: 'As stated in the is-informed letter; licenses reviewed case-by-case' } });
  }

  const flags = doc.policy.diversionRedFlags;
  for (const f of party.redFlagCodes) out.redFlags.push({ code: f, text: flags.flags[f] ?? f, citation: flags.citation });
  if (party.verified === false || (ac && (!party.hq || !party.parentHq)))
    out.redFlags.push({ code: 'unverified_party', text: flags.flags.unverified_party ?? 'Party not verified', citation: flags.citation });
  const concern = doc.policy.countriesOfConcern;
  for (const c of [party.hq, party.parentHq])
    if (c && c !== dest.code && concern.codes.includes(c) && (ac || item.kind === 'service')) {
      out.redFlags.push({ code: item.kind === 'service' ? 'iaas_customer_d5_hq' : 'country_of_concern_parent', text: item.kind === 'service' ? `${flags.flags.iaas_customer_d5_hq ?? 'IaaS customer headquartered in Macau/D:5'} (${c}): ${doc.jurisdiction.aiTrainingPolicy.text}` : `${who} or its parent is headquartered in ${c}, a country of concern, while the item goes to ${dest.name}`, citation: item.kind === 'service' ? doc.jurisdiction.aiTrainingPolicy.citation : concern.citation });
      break;
    }
  if (item.kind === 'service' && !concern.codes.includes(dest.code) && hqD5 && !out.redFlags.some((r) => r.code === 'iaas_customer_d5_hq'))
    out.redFlags.push({ code: 'iaas_customer_d5_hq', text: doc.jurisdiction.aiTrainingPolicy.text, citation: doc.jurisdiction.aiTrainingPolicy.citation });
  if (item.kind === 'service' && hqD5 && concern.codes.includes(dest.code) && !out.redFlags.some((r) => r.code === 'iaas_customer_d5_hq'))
    out.redFlags.push({ code: 'iaas_customer_d5_hq', text: `${flags.flags.iaas_customer_d5_hq}: ${doc.jurisdiction.aiTrainingPolicy.text}`, citation: doc.jurisdiction.aiTrainingPolicy.citation });
  return out;
}

/** OFAC 50 Percent Rule (always) and the BIS Affiliates rule (inside its active windows). */
function ownershipStage(item: ResolvedItem, dest: ResolvedDestination, party: PartyProfile, ctx: Context, out: StageResult): void {
  const doc = ctx.ref.doc;
  const who = party.label;
  const ofac = doc.policy.ofac50PercentRule;
  const blocked = ownershipTotal(party, ofac.lists, ofac.thresholdPercent, out);
  if (blocked !== null)
    out.findings.push({
      effect: 'prohibited',
      reason: { text: `${who} is ${blocked}% owned, in aggregate, by blocked (SDN) persons and is itself blocked under the OFAC 50 Percent Rule`, citation: ofac.citation },
      policy: { rank: 4, text: 'Blocked property: no dealings without OFAC authorization' },
    });
  const aff = doc.policy.affiliatesRule;
  const lists = new Set<string>();
  for (const o of party.owners) for (const l of o.lists) if (aff.lists.includes(l)) lists.add(l);
  if (!lists.size) return;
  if (ctx.snap.affiliatesRuleActive) {
    const total = ownershipTotal(party, aff.lists, aff.thresholdPercent, out);
    if (total === null) return;
    // The most restrictive owner's requirements apply: an SDN owner brings 744.8, handled like EL.
    const code = lists.has('EL') || lists.has('SDN') ? 'EL' : 'MEU';
    const lead = `Affiliates rule: ${who} is ${total}% owned, in aggregate, by ${[...lists].join('/')}-listed parties, so their ${code === 'EL' && !lists.has('EL') ? '744.8' : code} restrictions extend to it`;
    listEffect(code, {}, item, dest, party, ctx, out, lead, aff.citation);
  } else {
    out.findings.push({ effect: 'note', reason: { text: `Owners of ${who} are on ${[...lists].join('/')}, but the BIS Affiliates (50%) rule is not in force on ${ctx.date} (suspended 10 Nov 2025–9 Nov 2026): the "legally distinct" standard applies and only listed names and addresses are restricted`, citation: aff.citation } });
    out.redFlags.push({ code: 'listed_owner', text: `Significant ownership of ${who} by listed parties: heightened diversion risk; re-check when the Affiliates rule resumes`, citation: `${aff.citation}; 15 CFR Part 732, Supp. 3` });
  }
}

/** Aggregate percentage owned by parties on the given lists when it reaches the threshold; else null (asking for unknown percentages). */
function ownershipTotal(party: PartyProfile, lists: readonly string[], threshold: number, out: StageResult): number | null {
  let total = 0;
  const unknown: number[] = [];
  for (const o of party.owners) {
    let hit = false;
    for (const l of lists) if (o.lists.has(l)) hit = true;
    if (!hit) continue;
    if (o.percent === undefined) unknown.push(o.index);
    else total += o.percent;
  }
  if (total >= threshold && total > 0) return total;
  for (const i of unknown) out.missing.push(`${party.label}.owners[${i}].percent`);
  return null;
}

/** A screening list of the reference data (party hits are resolved to its codes by ref.listCode). */
function screeningList(code: string, ctx: Context) {
  const list = ctx.ref.doc.screeningLists[code];
  if (!list) throw unknownList(code);
  return list;
}

function listEffect(
  code: string,
  extra: { reviewPolicy?: string; licenseRequirement?: string },
  item: ResolvedItem,
  dest: ResolvedDestination,
  party: PartyProfile,
  ctx: Context,
  out: StageResult,
  lead: string,
  citationOverride?: string,
): void {
  const list = screeningList(code, ctx);
  const citation = citationOverride ? `${citationOverride}; ${list.citation}` : list.citation;
  const text = `${lead}: ${list.text}`;
  switch (list.effect) {
    case 'prohibited':
      out.findings.push({ effect: 'prohibited', reason: { text, citation }, policy: { rank: 4, text: code === 'DPL' ? 'Denial order: no dealings in items subject to the EAR' : 'Blocked: no dealings without OFAC authorization' } });
      return;
    case 'license':
      if (item.kind !== 'classified') {
        out.redFlags.push({ code: `listed_party_${code.toLowerCase()}`, text: `${text} (not an export of an item here, but a strong red flag)`, citation });
        return;
      }
      out.findings.push({ effect: 'license', reason: { text: extra.licenseRequirement ? `${text} (entry: ${extra.licenseRequirement})` : text, citation }, exceptions: [], policy: { rank: DENIAL, text: extra.reviewPolicy ?? list.reviewPolicy ?? 'Presumption of denial' } });
      return;
    case 'license_supp2': {
      const ruBy = ['RU', 'BY'].includes(dest.code) || ['RU', 'BY'].includes(party.hq ?? '');
      if (item.kind === 'classified' && (item.supp2 || ruBy)) {
        out.findings.push({ effect: 'license', reason: { text, citation }, exceptions: [], policy: { rank: DENIAL, text: list.reviewPolicy ?? 'Presumption of denial' } });
      } else {
        out.findings.push({ effect: 'note', reason: { text: `${lead}; the MEU license requirement covers items in Supp. 2 to Part 744 (any item for Russian/Belarusian military end users), and ${item.eccn} is not one of them`, citation } });
        out.redFlags.push({ code: 'listed_party_meu', text: `${lead}: military end-user red flag`, citation });
      }
      return;
    }
    case 'no_exceptions':
      out.noExceptions = true;
      out.findings.push({ effect: 'note', reason: { text, citation } });
      out.redFlags.push({ code: 'unverified_list', text: `${lead}: obtain the UVL statement before export; no license exceptions`, citation });
      return;
    case 'red_flag':
      out.redFlags.push({ code: `list_${code.toLowerCase()}`, text, citation });
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Stage 5: Part 744 end uses (and 746.3 for Iraq).

export function normalizeEndUses(raw: DeterminationCase['endUse'], ref: ReferenceData): string[] {
  if (!raw) return [];
  const out = new Set<string>();
  for (const given of Array.isArray(raw) ? raw : [raw]) {
    const code = given.trim().toLowerCase().replace(/[\s-]+/g, '_');
    if (!code || ref.benignEndUses.has(code)) continue;
    if (!ref.endUseCodes.includes(code)) throw unknownEndUse(given, ref.endUseCodes);
    out.add(code);
  }
  return [...out].sort();
}

export function endUseStage(item: ResolvedItem, dest: ResolvedDestination, endUses: readonly string[], parties: readonly PartyProfile[], ctx: Context): StageResult {
  const out = emptyResult();
  if (!endUses.length || item.kind === 'not_subject') {
    if (endUses.length) out.redFlags.push({ code: 'prohibited_end_use_published', text: `Stated end use (${endUses.join(', ')}) for published material: not subject to the EAR, but U.S.-person support rules (744.6) and OFAC may still apply`, citation: '15 CFR 744.6' });
    return out;
  }
  out.restrictedEndUse = true;
  const rules = ctx.ref.doc.endUseRules as Record<string, Record<string, unknown> & { citation: string; reviewPolicy?: string }>;
  const service = item.kind === 'service';
  const hqs = parties.flatMap((p) => [p.hq, p.parentHq]).filter((c): c is string => !!c);
  const license = (text: string, citation: string, policy?: string) =>
    out.findings.push({ effect: 'license', reason: { text, citation }, exceptions: [], policy: { rank: DENIAL, text: policy ?? 'Presumption of denial' } });
  const flag = (code: string, text: string, citation: string) => out.redFlags.push({ code, text, citation });

  for (const use of endUses) {
    // normalizeEndUses admits only codes with a rule.
    const r = rules[use];
    if (!r) throw unknownEndUse(use, ctx.ref.endUseCodes);
    switch (use) {
      case 'wmd':
        license(
          service
            ? 'U.S.-person support (including remote compute) with knowledge of a nuclear, missile or chemical/biological weapons end use requires a license'
            : `Knowledge of a nuclear, missile or chemical/biological weapons end use: license required for any item subject to the EAR, ${item.eccn} included`,
          service ? '15 CFR 744.6(b)(1)-(4)' : r.citation,
          r.reviewPolicy,
        );
        break;
      case 'military_intelligence': {
        const scope = new Set(r.destinations as string[]);
        const groups = (r.destinationGroups as string[]) ?? [];
        const inScope = (c: string) => scope.has(c) || groups.some((g) => ctx.snap.groupsOf(c).has(g));
        // BIS's AI-training policy statement (13 May 2025): support including IaaS, and exports of
        // 3A090.a/4A090.a/.z items, to train models for military intelligence of parties in or
        // headquartered in Macau/D:5.
        const macauD5 = (c: string) => c === 'MO' || ctx.snap.groupsOf(c).has('D:5');
        const aiTraining = (service || item.acLevel === 'a' || item.acLevel === 'z') && (macauD5(dest.code) || hqs.some(macauD5));
        if (inScope(dest.code) || (service && hqs.some(inScope)) || aiTraining) {
          license(
            service
              ? 'U.S.-person support (including IaaS used to train AI models) of a military-intelligence end use or end user requires a license'
              : `Military-intelligence end use or end user in ${dest.name}: license required for any item subject to the EAR`,
            service ? '15 CFR 744.6(b)(5); BIS AI-training policy statement (13 May 2025)' : '15 CFR 744.22(a)',
            r.reviewPolicy,
          );
        } else flag('military_intelligence_end_use', `Military-intelligence end use stated for ${dest.name}, outside the 744.22 destinations configured; escalate (May 2025 AI-training policy statement)`, r.citation);
        break;
      }
      case 'military_end_use': {
        const supp2 = r.supp2Destinations as string[];
        const anyItem = r.anyItemDestinations as string[];
        if (service) flag('military_end_use_service', 'Remote compute for a military end use: not an export, but check 744.6 U.S.-person support and OFAC', r.citation);
        else if (anyItem.includes(dest.code)) license(`Military end use or end user in ${dest.name}: license required for any item subject to the EAR`, String(r.anyItemCitation), r.reviewPolicy);
        else if (dest.code === 'IQ') license('Military end use in Iraq: license required for any item subject to the EAR', String(r.iraqCitation), r.reviewPolicy);
        else if (supp2.includes(dest.code)) {
          if (item.supp2) license(`${item.eccn} is listed in Supp. 2 to Part 744 and is for a military end use or end user in ${dest.name}`, r.citation, r.reviewPolicy);
          else {
            out.findings.push({ effect: 'note', reason: { text: `744.21 covers items in Supp. 2 to Part 744; ${item.eccn} is not listed there`, citation: r.citation } });
            flag('military_end_use', `Military end use in ${dest.name} (a 744.21 destination): escalate; ITAR/arms-embargo questions may arise`, r.citation);
          }
        } else flag('military_end_use', `Military end use stated for ${dest.name}: outside the 744.21 destinations; check ITAR, 744.9 and arms embargoes (D:5)`, r.citation);
        break;
      }
      case 'supercomputer':
        if (service) flag('supercomputer_end_use_service', 'Remote compute for a supercomputer end use in Macau/D:5: check 744.6(c)', r.citation);
        else if (dest.macauOrD5 && item.supercomputerScope) license(`${item.eccn} for a supercomputer in or destined to Macau or D:5`, r.citation, r.reviewPolicy);
        else if (dest.macauOrD5) flag('supercomputer_end_use', `Supercomputer end use in ${dest.name}: ${item.eccn} is outside the 744.23(a)(1) item scope; confirm no other 744.23 paragraph applies`, r.citation);
        else flag('supercomputer_end_use', `Supercomputer end use outside Macau/D:5: 744.23(a)(1) applies only in or destined to Macau/D:5; check for diversion`, r.citation);
        break;
      case 'advanced_ic_production':
        if (dest.macauOrD5)
          license(
            service
              ? `U.S.-person support of development or production of advanced-node ICs at a facility in ${dest.name} (Macau/D:5)`
              : `Development or production of advanced-node ICs at a facility in ${dest.name} (Macau/D:5): license required for any item subject to the EAR`,
            service ? '15 CFR 744.6(c)(2)' : '15 CFR 744.23(a)(2)',
            r.reviewPolicy,
          );
        else flag('advanced_ic_production', `Advanced-node IC production end use outside Macau/D:5: check the facility's ownership and the foundry due-diligence rule`, r.citation);
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Stage 7–8: exceptions, review policy and the output.

const RANK: Record<Effect, number> = { prohibited: 3, license: 2, clear: 1, note: 0 };
const ORDER_PROHIBITED: readonly Effect[] = ['prohibited', 'license', 'note'];
const ORDER_LICENSE: readonly Effect[] = ['license', 'note'];
const ORDER_CLEAR: readonly Effect[] = ['clear', 'note'];

function citesRegulation(r: Reason): boolean {
  return /\b(CFR|FR)\b/.test(r.citation);
}

function hasText(reasons: readonly Reason[], text: string): boolean {
  for (const r of reasons) if (r.text === text) return true;
  return false;
}

export function assemble(parts: readonly StageResult[], item: ResolvedItem, dest: ResolvedDestination, ctx: Context): Determination {
  let worst: Effect = 'clear';
  let noExceptions = false;
  let hqMacauD5 = false;
  let restrictedEndUse = false;
  const missing: string[] = [];
  const needs: string[] = [];
  const assumptions: Assumption[] = [];
  const flagSeen = new Set<string>();
  const redFlags: RedFlag[] = [];
  for (const p of parts) {
    for (const f of p.findings) if (RANK[f.effect] > RANK[worst]) worst = f.effect;
    if (p.noExceptions) noExceptions = true;
    if (p.hqMacauD5) hqMacauD5 = true;
    if (p.restrictedEndUse) restrictedEndUse = true;
    for (const m of p.missing) {
      if (!missing.includes(m)) missing.push(m);
      if (!needs.includes(m)) needs.push(m);
    }
    for (const a of p.assumptions ?? []) {
      if (!assumptions.some((x) => x.fact === a.fact)) assumptions.push(a);
      if (!needs.includes(a.fact)) needs.push(a.fact);
    }
    for (const r of p.redFlags) {
      const k = `${r.code}|${r.text}`;
      if (!flagSeen.has(k)) {
        flagSeen.add(k);
        redFlags.push(r);
      }
    }
  }
  const reasons: Reason[] = [];
  const order = worst === 'prohibited' ? ORDER_PROHIBITED : worst === 'license' ? ORDER_LICENSE : ORDER_CLEAR;
  for (const eff of order)
    for (const p of parts)
      for (const f of p.findings) if (f.effect === eff && !hasText(reasons, f.reason.text)) reasons.push(f.reason);

  let exceptions: ExceptionOption[] = [];
  let reviewPolicy: string | null = null;
  if (worst === 'license' || worst === 'prohibited') {
    let best: { rank: number; text: string } | undefined;
    let codes: string[] | undefined;
    for (const p of parts)
      for (const f of p.findings) {
        if (f.effect !== 'license' && f.effect !== 'prohibited') continue;
        if (f.policy && (!best || f.policy.rank > best.rank)) best = f.policy;
        const allowed = f.effect === 'license' ? (f.exceptions ?? []) : [];
        if (codes === undefined) codes = [...allowed];
        else {
          const kept: string[] = [];
          for (const c of codes) if (allowed.includes(c)) kept.push(c);
          codes = kept;
        }
      }
    reviewPolicy = best?.text ?? null;
    if (worst === 'license' && !noExceptions && codes?.length) {
      codes = advancedComputingException(codes, dest, hqMacauD5, ctx);
      // SPP (740.5) is not for restricted end uses.
      if (restrictedEndUse) codes = codes.filter((c) => c !== 'SPP');
      exceptions = [...new Set(codes)].map((c) => exceptionOption(c, ctx));
    }
  }

  let licenseRequired: LicenseRequired | null = worst === 'prohibited' ? 'prohibited' : worst === 'license';
  if (licenseRequired === false && missing.length) licenseRequired = null;
  if (!reasons.some(citesRegulation)) reasons.push({ text: 'Determination under the Export Administration Regulations', citation: '15 CFR 732.3' });

  const det: Determination = {
    licenseRequired,
    reasons,
    exceptions,
    reviewPolicy,
    redFlags,
    appliedEccn: item.eccn,
    referenceDataVersion: ctx.ref.version,
  };
  if (needs.length) det.needsInformation = needs;
  if (assumptions.length) {
    det.assumptions = assumptions;
    // An answer that still waits for facts without a default does not rest on the defaults.
    if (licenseRequired !== null) det.assumed = true;
  }
  const literal = literalOutcome(item, dest, hqMacauD5, licenseRequired, ctx);
  if (literal) det.literalOutcome = literal;
  return det;
}

/**
 * Which half of 740.8 applies, if any (split on 4 Apr 2024): NAC, with its notice, for Macau/D:5
 * destinations and Macau/D:5-headquartered parties; ACA for other D:1/D:4 destinations. Before the
 * split NAC covered both. Elsewhere neither applies.
 */
function advancedComputingException(codes: string[], dest: ResolvedDestination, hqMacauD5: boolean, ctx: Context): string[] {
  if (!codes.includes('NAC') && !codes.includes('ACA')) return codes;
  const rest = codes.filter((c) => c !== 'NAC' && c !== 'ACA');
  if (hqMacauD5 || dest.macauOrD5) return [...rest, 'NAC'];
  if (dest.groups.has('D:1') || dest.groups.has('D:4')) return [...rest, ctx.date < licenseException('ACA', ctx).effectiveFrom ? 'NAC' : 'ACA'];
  return rest;
}

/** The AI Diffusion Rule text (90 FR 4544) where BIS's enforced posture differs from it. */
function literalOutcome(item: ResolvedItem, dest: ResolvedDestination, hqMacauD5: boolean, enforced: LicenseRequired | null, ctx: Context): LiteralOutcome | undefined {
  const ad = ctx.ref.doc.advancedComputing.aiDiffusion;
  if (ctx.aiEnforced || ctx.date < ad.effectiveFrom || !item.literalWorldwide || enforced === true || enforced === 'prohibited') return undefined;
  if (item.kind !== 'classified' || dest.kind === 'us_territory' || dest.kind === 'unresolved_territory') return undefined;
  const weights = item.demotedFrom4E091;
  const exceptions: ExceptionOption[] = [];
  if (ad.tier1Supp5.includes(dest.code)) exceptions.push(exceptionOption('AIA', ctx));
  else if (!weights && !dest.macauOrD5 && !hqMacauD5) exceptions.push(exceptionOption('LPP', ctx));
  return {
    basis: `AI Diffusion Rule text (${ad.citation}); not enforced by BIS since 13 May 2025`,
    licenseRequired: true,
    reasons: [
      {
        text: weights ? '4E091 model weights: RS license requirement to any destination worldwide under the CFR text' : `${item.eccn}: RS license requirement to any destination worldwide under the CFR text`,
        citation: weights ? '15 CFR 742.6(a)(13); ECCN 4E091' : ad.worldwideCitation,
      },
    ],
    exceptions,
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry point.

/** The stages assumptions.ts re-runs under defaults and alternatives (the matrix passes them too). */
export const STAGES: Stages = { itemDestinationStage, partyStage, endUseStage, assemble };

/** Parses a raw case (throws ExportControlInputError naming the problem). */
export function parseCase(raw: unknown): DeterminationCase {
  const r = CaseSchema.safeParse(raw);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || '(case)'}: ${i.message}`).join('; ');
    throw new ExportControlInputError('INVALID_CASE', `Invalid case: ${msg}`);
  }
  return r.data;
}

/**
 * Determines whether a license is required for one item, destination, end use, end user and
 * date. Uses the shipped reference data unless another validated set is given.
 */
export function determine(input: DeterminationCase | unknown, ref: ReferenceData = defaultReferenceData(), opts: DetermineOptions = {}): Determination {
  const c = parseCase(input);
  const ctx = makeContext(ref, c.asOf ?? opts.today);
  const item = resolveItem(c.item, ref, ctx.date);
  const dest = resolveDestination(c.destination, ref, ctx.date);
  const endUses = normalizeEndUses(c.endUse, ref);
  const profiles = [partyProfile(c.endUser, ref, 'endUser'), ...(c.parties ?? []).map((p, i) => partyProfile(p, ref, `parties[${i}]`))];
  // Foreign-made items first: de minimis (734.4) and the FDP rules (734.9) decide whether the EAR apply.
  const fm = foreignMadeStage(c, item, dest, ctx, endUses);
  const facts = { stages: STAGES, item: fm.item, dest, base: fm.base(itemDestinationStage(item, dest, ctx)), profiles, endUses: fm.endUses };
  const det = fm.finish(decide(facts, ctx));
  // An answer the foreign-made stage leaves undecided does not rest on the defaults.
  if (det.licenseRequired === null) delete det.assumed;
  if (opts.explain) {
    // The same case on another date: items and destinations are resolved again (groups and
    // catalog entries are dated); an input the rules cannot take on that date gives no answer.
    const at = (date: string) => {
      try {
        const other = makeContext(ref, date);
        const i = resolveItem(c.item, ref, date);
        const d = resolveDestination(c.destination, ref, date);
        const f = foreignMadeStage(c, i, d, other, endUses);
        return f.finish(decide({ stages: STAGES, item: f.item, dest: d, base: f.base(itemDestinationStage(i, d, other)), profiles, endUses: f.endUses }, other, false)).licenseRequired;
      } catch (err) {
        if (err instanceof ExportControlInputError) return undefined;
        throw err;
      }
    };
    det.sensitivity = sensitivityOf(facts, det, ctx, at);
  }
  return det;
}
