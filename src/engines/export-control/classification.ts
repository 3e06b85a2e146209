// Classification: ECCN normalisation against the catalog, and the parameter-based helper that
// suggests 3A090.a/.b/.c or 3A991.p (and the computer equivalents) from TPP, performance
// density and the datacenter flag (ECCN 3A090 technical notes and Note 2).
import { unknownEccn } from './errors.ts';
import type { EccnEntry, EccnParagraph, ReferenceData } from './reference-data.ts';
import type { ItemFacts, Reason, RedFlag } from './types.ts';

const CCL_3A090 = '15 CFR Part 774, Supp. 1, ECCN 3A090 (technical notes; Note 2)';

export interface ClassificationInput {
  /** Total processing performance: 2 × MacTOPS × bit length, dense, highest over bit lengths. */
  tpp?: number;
  /** TPP divided by applicable die area in mm². */
  performanceDensity?: number;
  /** Designed or marketed for use in datacenters. */
  datacenter?: boolean;
  designedForDatacenter?: boolean;
  /** HBM memory bandwidth density in GB/s/mm² (3A090.c above 2). */
  memoryBandwidthDensity?: number;
  /** Peak TOPS and aggregate bidirectional I/O for the 3A991.p test. */
  tops?: number;
  ioBandwidthGBs?: number;
  /** A computer, assembly or server containing the IC (4A090 / 4A994.l / 5A992.z). */
  isComputer?: boolean;
  /** The computer also meets 5A992.c (mass-market encryption), giving 5A992.z. */
  massMarketEncryption?: boolean;
}

export interface ClassificationSuggestion {
  /** Suggested ECCN, or null when the parameters given do not decide it. */
  eccn: string | null;
  reasons: Reason[];
  /** Parameter names that would decide the classification. */
  needsInformation: string[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Suggests a classification for an advanced-computing IC (or a computer containing one). */
export function suggestClassification(input: ClassificationInput): ClassificationSuggestion {
  const reasons: Reason[] = [];
  const needs: string[] = [];
  const { tpp, performanceDensity: pd } = input;
  const dc = input.datacenter ?? input.designedForDatacenter;
  const asComputer = (ic: string | null): string | null => {
    if (!input.isComputer || !ic) return ic;
    if (ic === '3A090.a') return input.massMarketEncryption ? '5A992.z' : '4A090.a';
    if (ic === '3A090.b') return input.massMarketEncryption ? '5A992.z' : '4A090.b';
    if (ic === '3A991.p') return '4A994.l';
    return null;
  };
  const done = (eccn: string | null): ClassificationSuggestion => {
    const out = asComputer(eccn);
    if (input.isComputer && eccn && out !== eccn)
      reasons.push({ text: `A computer or assembly containing a ${eccn} IC is ${out}`, citation: '15 CFR Part 774, Supp. 1, ECCNs 4A090, 4A994.l, 5A992.z' });
    return { eccn: out, reasons, needsInformation: needs };
  };

  if (input.memoryBandwidthDensity !== undefined && input.memoryBandwidthDensity > 2) {
    reasons.push({ text: `Memory bandwidth density ${input.memoryBandwidthDensity} GB/s/mm² > 2: high-bandwidth memory in 3A090.c`, citation: '15 CFR Part 774, Supp. 1, ECCN 3A090.c (89 FR 96790)' });
    return { eccn: input.isComputer ? null : '3A090.c', reasons, needsInformation: needs };
  }
  if (tpp === undefined) {
    needs.push('tpp');
    return { eccn: null, reasons, needsInformation: needs };
  }
  if (tpp >= 4800) {
    reasons.push({ text: `TPP ${tpp} ≥ 4800: 3A090.a whatever the datacenter designation (Note 2 excludes only non-datacenter ICs below 4800)`, citation: CCL_3A090 });
    return done('3A090.a');
  }
  let meetsA = false;
  let meetsB = false;
  if (dc === false) {
    reasons.push({ text: `Not designed or marketed for datacenters and TPP ${tpp} < 4800: outside 3A090 (Note 2)`, citation: CCL_3A090 });
  } else if (tpp >= 1600 && pd === undefined) {
    needs.push('performanceDensity');
  } else {
    const d = pd ?? 0;
    meetsA = tpp >= 1600 && d >= 5.92;
    meetsB = (tpp >= 2400 && d >= 1.6 && d < 5.92) || (tpp >= 1600 && d >= 3.2 && d < 5.92);
    if (meetsA || meetsB) {
      if (dc === undefined) needs.push('datacenter');
      else if (meetsA) {
        reasons.push({ text: `TPP ${tpp} ≥ 1600 and performance density ${d} ≥ 5.92: 3A090.a`, citation: CCL_3A090 });
        return done('3A090.a');
      } else {
        reasons.push({ text: `TPP ${tpp} and performance density ${d} meet the 3A090.b limits (TPP 2400–4800 with PD 1.6–5.92, or TPP ≥ 1600 with PD 3.2–5.92)`, citation: CCL_3A090 });
        return done('3A090.b');
      }
    } else {
      reasons.push({ text: `TPP ${tpp}${pd !== undefined ? ` and performance density ${pd}` : ''} are below the 3A090.a/.b limits`, citation: CCL_3A090 });
    }
  }
  if (needs.length) return { eccn: null, reasons, needsInformation: needs };
  // 3A991.p: ≥ 8 TOPS or ≥ 150 GB/s aggregate bidirectional I/O. TPP = TOPS × bit length and bit
  // lengths are at most 64, so TPP ≥ 512 guarantees ≥ 8 TOPS at some bit length.
  const tops = input.tops;
  if ((tops !== undefined && tops >= 8) || (input.ioBandwidthGBs ?? 0) >= 150 || tpp >= 512) {
    reasons.push({ text: 'At least 8 TOPS (or 150 GB/s aggregate bidirectional I/O): 3A991.p, controlled for AT only', citation: '15 CFR Part 774, Supp. 1, ECCN 3A991.p' });
    return done('3A991.p');
  }
  if (tops === undefined) needs.push('tops');
  if (input.ioBandwidthGBs === undefined) needs.push('ioBandwidthGBs');
  if (!needs.length)
    reasons.push({ text: 'Below the 3A991.p thresholds: classify against the remaining 3A991 paragraphs or EAR99', citation: '15 CFR Part 774, Supp. 1, ECCN 3A991' });
  return { eccn: null, reasons, needsInformation: needs };
}

export type AcLevel = 'a' | 'b' | 'c' | 'z';

/** An item after jurisdiction and classification, with everything later stages need. */
export interface ResolvedItem {
  kind: 'not_subject' | 'service' | 'classified';
  /** ECCN applied, e.g. "3A090.a", "EAR99", "NOT_SUBJECT". */
  eccn: string;
  declared: string | null;
  family: string;
  entry?: EccnEntry;
  paragraph?: EccnParagraph;
  /** Advanced-computing level of the item (z = a .z item whose .a/.b level is acSub). */
  acLevel: AcLevel | null;
  acSub: 'a' | 'b' | null;
  /** For technology/software "for" an advanced-computing item: that item's level. */
  forAcLevel: AcLevel | null;
  variant: string | null;
  datacenter: boolean | undefined;
  tpp: number | undefined;
  dramBandwidthGBs: number | undefined;
  supp2: boolean;
  supercomputerScope: boolean;
  /** The CFR text (AI Diffusion Rule) requires a license worldwide for this item. */
  literalWorldwide: boolean;
  /** 4E091 under the enforced posture: handled as EAR99. */
  demotedFrom4E091: boolean;
  /** EAR99 item's HTS code is listed in Supp. 4/6 to Part 746 (Russia/Belarus), if stated. */
  listedInPart746Supp4: boolean | undefined;
  notes: Reason[];
  redFlags: RedFlag[];
  needsInformation: string[];
  /** Stable key of every fact later stages read: equal keys give equal determinations. */
  key: string;
}

const ECCN_RE = /^\s*(\d[A-E]\d{3}|EAR99|NOT_SUBJECT|SERVICE)(?:\.([A-Za-z0-9.]+))?\s*$/i;
const AC_FAMILIES = new Set(['3A090', '4A090', '4D090']);

export function parseEccn(raw: string): { family: string; paragraph: string } {
  const [, family, paragraph = ''] = ECCN_RE.exec(raw) ?? [];
  if (!family) throw unknownEccn(raw, 'not an ECCN, EAR99, NOT_SUBJECT or SERVICE');
  return { family: family.toUpperCase(), paragraph: paragraph.toLowerCase() };
}

function icInput(params: Record<string, unknown>): ClassificationInput {
  return {
    tpp: num(params.tpp),
    performanceDensity: num(params.performanceDensity),
    datacenter: bool(params.designedForDatacenter) ?? bool(params.datacenter),
    memoryBandwidthDensity: num(params.memoryBandwidthDensity),
    tops: num(params.tops),
    ioBandwidthGBs: num(params.ioBandwidthGBs),
    massMarketEncryption: bool(params.massMarketEncryption),
  };
}

/** Level of the advanced-computing item a technology or software item is "for" (params.forEccn). */
function acLevelOf(raw: string | undefined): AcLevel | null {
  if (!raw) return null;
  let p: { family: string; paragraph: string };
  try {
    p = parseEccn(raw);
  } catch {
    return null;
  }
  const head = p.paragraph.split('.')[0];
  if (p.family === '3A090' || p.family === '4A090') return head === 'c' ? 'c' : head === 'b' ? 'b' : head === 'a' ? 'a' : 'z';
  if (AC_FAMILIES.has(p.family) || head === 'z') return 'z';
  return null;
}

/** Normalises and classifies the item of a case (the jurisdiction and classification steps of determine.ts). */
export function resolveItem(item: ItemFacts, ref: ReferenceData, date: string): ResolvedItem {
  const params = (item.params ?? {});
  const notes: Reason[] = [];
  const redFlags: RedFlag[] = [];
  const needs: string[] = [];
  const declared = item.eccn?.trim() || null;
  const base = {
    declared,
    acLevel: null,
    acSub: null,
    forAcLevel: null,
    variant: null,
    datacenter: undefined,
    tpp: num(params.tpp),
    dramBandwidthGBs: num(params.dramBandwidthGBs) ?? num(params.memoryBandwidthGBs),
    supp2: false,
    supercomputerScope: false,
    literalWorldwide: false,
    demotedFrom4E091: false,
    listedInPart746Supp4: bool(params.listedInPart746Supp4),
    notes,
    redFlags,
    needsInformation: needs,
  } satisfies Partial<ResolvedItem>;

  const gp10 = ref.doc.policy.gp10PrcChips;
  if ((item.description && ref.gp10Pattern.test(item.description)) || params.prcAdvancedIc === true)
    redFlags.push({ code: 'gp10_prc_advanced_ic', text: gp10.text, citation: gp10.citation });

  if (!declared) {
    const s = suggestClassification(icInput(params));
    needs.push('item.eccn');
    if (s.eccn) notes.push({ text: `No ECCN given; the parameters suggest ${s.eccn} (confirm the classification)`, citation: s.reasons[0]?.citation ?? CCL_3A090 });
    return { ...base, kind: 'classified', eccn: 'UNCLASSIFIED', family: 'UNCLASSIFIED', key: `UNCLASSIFIED|${s.eccn ?? ''}` };
  }

  let { family, paragraph } = parseEccn(declared);
  if (family === 'NOT_SUBJECT' || family === 'SERVICE') {
    return { ...base, kind: family === 'SERVICE' ? 'service' : 'not_subject', eccn: family, family, key: family + (redFlags.length ? '|gp10' : '') };
  }

  let entry = ref.doc.eccns[family];
  if (!entry) throw unknownEccn(declared);
  if (date < entry.effectiveFrom) throw unknownEccn(declared, `not in effect on ${date} (effective ${entry.effectiveFrom})`);

  // 4E091 exists only in the AI Diffusion text; under the enforced posture the weights are EAR99.
  let demoted = false;
  if (entry.aiDiffusionOnly && !ref.doc.policy.aiDiffusionEnforced.value) {
    notes.push({
      text: `${family} and its worldwide RS requirement were created by the AI Diffusion Rule, which BIS has not enforced since 13 May 2025 (no rescission published); unpublished weights are handled as EAR99 technology/software`,
      citation: `15 CFR 742.6(a)(13); ${ref.doc.policy.aiDiffusionEnforced.citation}`,
    });
    demoted = true;
    family = 'EAR99';
    paragraph = '';
    entry = ref.doc.eccns.EAR99;
    if (!entry) throw unknownEccn('EAR99', `the catalog has no EAR99 entry to handle ${declared} as EAR99`);
  }

  // Parameter-based classification for ICs and computers (3A090 Note 2 and technical notes).
  const ic = icInput(params);
  if (family === '3A090' || family === '3A991') {
    const head = paragraph.split('.')[0];
    if (ic.tpp !== undefined || ic.memoryBandwidthDensity !== undefined || (family === '3A090' && !head)) {
      const s = suggestClassification(ic);
      if (s.eccn) {
        const sp = parseEccn(s.eccn);
        const sameAsDeclared = sp.family === family && (sp.paragraph === head || (family === '3A991' && !head));
        if (!sameAsDeclared) {
          if (head || family !== '3A090') {
            redFlags.push({ code: 'classification_mismatch', text: `Declared ${declared} but the parameters give ${s.eccn}; the engine applies ${s.eccn}`, citation: CCL_3A090 });
          }
          notes.push({ text: `Classified ${s.eccn} from the parameters (declared ${declared})`, citation: s.reasons[s.reasons.length - 1]?.citation ?? CCL_3A090 });
          family = sp.family;
          paragraph = sp.paragraph;
          entry = ref.doc.eccns[family];
          if (!entry) throw unknownEccn(s.eccn, `the parameters of ${declared} give ${s.eccn}, which is not in the export-control reference catalog`);
        }
      } else if (family === '3A090' && !head) {
        for (const n of s.needsInformation) needs.push(`item.params.${n}`);
        notes.push({ text: `The 3A090 paragraph (.a/.b/.c) cannot be decided without: ${s.needsInformation.join(', ')}`, citation: CCL_3A090 });
      }
    }
  }
  // HBM is 3A090.c only above 2 GB/s/mm²; below that the parameters contradict the declared
  // paragraph and say nothing of what the item is instead.
  if (family === '3A090' && paragraph.split('.')[0] === 'c' && ic.memoryBandwidthDensity !== undefined && ic.memoryBandwidthDensity <= 2) {
    redFlags.push({ code: 'classification_mismatch', text: `Declared ${declared} but the memory-bandwidth density ${ic.memoryBandwidthDensity} GB/s/mm² is not above 2`, citation: CCL_3A090 });
    needs.push('item.eccn (the parameters do not meet 3A090.c)');
    return { ...base, kind: 'classified', eccn: family, family, entry, key: `${family}|?|${needs.join(',')}` };
  }
  if (family === '4A090' && !paragraph) {
    const contained = typeof params.containsEccn === 'string' ? acLevelOf(params.containsEccn) : null;
    const s = contained === 'a' || contained === 'b' ? null : suggestClassification({ ...ic, isComputer: true });
    const level = contained === 'a' || contained === 'b' ? contained : s?.eccn === '4A090.a' ? 'a' : s?.eccn === '4A090.b' ? 'b' : null;
    if (level) paragraph = level;
    else if (s?.eccn === '4A994.l' && ref.doc.eccns['4A994']) {
      // The IC it contains is a 3A991.p-class chip: the computer is 4A994.l, not 4A090.
      redFlags.push({ code: 'classification_mismatch', text: `Declared ${declared} but the IC parameters give 4A994.l; the engine applies 4A994.l`, citation: '15 CFR Part 774, Supp. 1, ECCNs 4A090, 4A994.l' });
      notes.push({ text: 'Classified 4A994.l from the parameters of the IC it contains (declared 4A090)', citation: '15 CFR Part 774, Supp. 1, ECCN 4A994.l' });
      family = '4A994';
      paragraph = 'l';
      entry = ref.doc.eccns['4A994'];
    } else {
      needs.push('item.params.containsEccn');
      notes.push({ text: '4A090 .a or .b depends on the 3A090 IC the computer contains (give params.containsEccn or the IC parameters)', citation: '15 CFR Part 774, Supp. 1, ECCN 4A090' });
    }
  }

  const [head = ''] = paragraph.split('.');
  if (entry.requiresParagraph && !head) {
    if (!needs.length) needs.push('item.eccn paragraph');
    return { ...base, kind: 'classified', eccn: `${family}`, family, entry, key: `${family}|?|${needs.join(',')}` };
  }
  const para = entry.paragraphs[head] ?? entry.paragraphs['*'];
  if (!para) throw unknownEccn(declared, `paragraph .${head} is not in the catalog for ${family}`);
  if (para.effectiveFrom && date < para.effectiveFrom)
    throw unknownEccn(declared, `paragraph not in effect on ${date} (effective ${para.effectiveFrom})`);

  const rest = paragraph.split('.').slice(1);
  const variant = rest.find((s) => /^\d$/.test(s)) ?? null;
  let acSub: 'a' | 'b' | null = null;
  if (para.acLevel === 'z') {
    acSub = rest.includes('a') ? 'a' : rest.includes('b') ? 'b' : null;
    if (!acSub && ic.tpp !== undefined) {
      const s = suggestClassification(ic);
      acSub = s.eccn === '3A090.a' ? 'a' : s.eccn === '3A090.b' ? 'b' : null;
    }
  }
  const forAcLevel = entry.technologyFor ? acLevelOf((params.forEccn ?? params.relatedEccn ?? params.containsEccn) as string | undefined) : null;
  if (entry.technologyFor && !forAcLevel)
    notes.push({ text: `${family}: technology assumed to be for national-security-controlled items; give item.params.forEccn if it is for 3A090/4A090/.z items`, citation: entry.citation });

  const acLevel = para.acLevel ?? null;
  const datacenter = ic.datacenter;
  const eccn = family === 'EAR99' ? 'EAR99' : paragraph ? `${family}.${paragraph}` : family;
  const literalWorldwide = !!para.literalWorldwide || (acLevel === 'z' && acSub === 'a') || (demoted && !!ref.doc.eccns['4E091']);
  // TPP and DRAM bandwidth matter downstream only through the Jan 2026 review-policy limits.
  const lim = ref.doc.advancedComputing.reviewPolicy.h200Rule;
  const h200 =
    base.tpp === undefined || base.dramBandwidthGBs === undefined
      ? `tpp${base.tpp === undefined ? '?' : base.tpp < lim.maxTpp ? '<' : '>='}/dram?`
      : base.tpp < lim.maxTpp && base.dramBandwidthGBs < lim.maxDramBandwidthGBs
        ? 'within'
        : 'above';
  const key = [eccn, base.listedInPart746Supp4, variant, acSub, forAcLevel, datacenter, acLevel || forAcLevel ? h200 : '', demoted, declared !== eccn && !demoted ? declared : '', redFlags.map((r) => r.code).join(',')].join('|');
  return {
    ...base,
    kind: 'classified',
    eccn,
    family,
    entry,
    paragraph: para,
    acLevel,
    acSub,
    forAcLevel,
    variant,
    datacenter,
    supp2: !!para.supp2,
    supercomputerScope: !!para.supercomputerScope || acLevel !== null,
    literalWorldwide,
    demotedFrom4E091: demoted,
    key,
  };
}

/** True when the item carries an advanced-computing RS control (3A090/4A090/.z and their technology). */
export function isAdvancedComputing(item: ResolvedItem): boolean {
  return item.acLevel !== null || item.forAcLevel !== null;
}
