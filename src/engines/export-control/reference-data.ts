// Reference data for export-control determinations: country groups, Country Chart marks,
// embargoes, the AI-stack ECCN catalog, license exceptions, screening-list effects and policy
// switches. The shipped set lives in data/export-control/reference-data.json; an administrator
// can import a newer version through loadReferenceData, which validates it before use.
import { z } from 'zod';
import shipped from '../../../data/export-control/reference-data.json' with { type: 'json' };
import { ReferenceDataError } from './errors.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const cited = { citation: z.string().min(3), effectiveFrom: isoDate.optional(), note: z.string().optional(), uncertain: z.boolean().optional() };

const ControlSchema = z.looseObject({
  reason: z.enum(['NS', 'RS', 'MT', 'NP', 'CB', 'CC', 'AT', 'EI', 'FC']),
  column: z.string().regex(/^(NS|RS|MT|NP|CB|CC|AT|FC)[1-3]$/).optional(),
  scope: z.enum(['advanced_computing', 'macau_d5', 'worldwide', 'all_except']).optional(),
  except: z.array(z.string()).optional(),
  variantColumns: z.record(z.string(), z.string()).optional(),
  appliesIfForAc: z.boolean().optional(),
  appliesUnlessForAc: z.boolean().optional(),
  citation: z.string().min(3),
});

const ParagraphSchema = z.looseObject({
  controls: z.array(ControlSchema),
  acLevel: z.enum(['a', 'b', 'c', 'z']).optional(),
  literalWorldwide: z.boolean().optional(),
  supp2: z.boolean().optional(),
  supercomputerScope: z.boolean().optional(),
  exceptions: z.array(z.string()),
  effectiveFrom: isoDate.optional(),
  note: z.string().optional(),
});

const EccnSchema = z.looseObject({
  title: z.string(),
  citation: z.string().min(3),
  effectiveFrom: isoDate,
  requiresParagraph: z.boolean().optional(),
  classifyFromParams: z.enum(['ic', 'computer']).optional(),
  technologyFor: z.boolean().optional(),
  aiDiffusionOnly: z.boolean().optional(),
  paragraphs: z.record(z.string(), ParagraphSchema),
});

const GroupSchema = z.looseObject({
  name: z.string(),
  citation: z.string(),
  effectiveFrom: isoDate,
  members: z.array(z.string().regex(/^[A-Z]{2}$/)),
  datedMembers: z.array(
    z.looseObject({ code: z.string().regex(/^[A-Z]{2}$/), from: isoDate.optional(), until: isoDate.optional(), ...cited }),
  ),
});

const EmbargoSchema = z.looseObject({
  id: z.string(),
  destinations: z.array(z.string()),
  regions: z.array(z.string()).optional(),
  effect: z.enum(['prohibited', 'license', 'end_use_only']),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.optional(),
  citation: z.string(),
  text: z.string(),
  reviewPolicy: z.string().optional(),
  servicesCitation: z.string().optional(),
  ear99Exceptions: z.array(z.string()).optional(),
  softwareExceptions: z.array(z.string()).optional(),
  ear99Fact: z.string().optional(),
});

const ListSchema = z.looseObject({
  name: z.string(),
  effect: z.enum(['prohibited', 'license', 'license_supp2', 'no_exceptions', 'red_flag']),
  citation: z.string(),
  text: z.string(),
  effectiveFrom: isoDate,
  reviewPolicy: z.string().optional(),
  noExceptions: z.boolean().optional(),
  affiliates: z.boolean().optional(),
  ownership50: z.boolean().optional(),
});

const WindowSchema = z.object({ from: isoDate, until: isoDate.optional() });

const IsInformedLetterSchema = z.looseObject({
  id: z.string(),
  enabled: z.boolean(),
  citation: z.string(),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.optional(),
  appliesTo: z.object({
    eccns: z.array(z.string()).optional(),
    destinations: z.array(z.string()).optional(),
    destinationGroups: z.array(z.string()).optional(),
  }),
  text: z.string(),
  reviewPolicy: z.string().optional(),
});

export const ReferenceDataSchema = z.looseObject({
  version: z.string().min(1),
  effectiveDate: isoDate,
  coverageFrom: isoDate,
  title: z.string().optional(),
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/),
    z.looseObject({ name: z.string(), chartMarks: z.array(z.string()), chartFootnotes: z.array(z.string()).optional() }),
  ),
  countryAliases: z.record(z.string(), z.looseObject({ to: z.string(), name: z.string(), ...cited })),
  countryChart: z.looseObject({ citation: z.string(), inheritance: z.record(z.string(), z.string()) }),
  usTerritories: z.looseObject({ codes: z.array(z.string()), citation: z.string() }),
  unresolvedTerritories: z.looseObject({ codes: z.array(z.string()), citation: z.string() }),
  regions: z.record(
    z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/),
    z.looseObject({ name: z.string(), country: z.string(), embargo: z.string().optional(), note: z.string().optional() }),
  ),
  countryGroups: z.record(z.string(), GroupSchema),
  advancedComputing: z.looseObject({
    destinationScope: z.looseObject({
      groups: z.array(z.string()),
      excludeGroups: z.array(z.string()),
      alwaysInclude: z.array(z.string()),
      namedDestinations: z.array(z.looseObject({ code: z.string(), from: isoDate.optional(), until: isoDate.optional(), citation: z.string() })),
      citation: z.string(),
    }),
    macauOrD5: z.looseObject({ groups: z.array(z.string()), alwaysInclude: z.array(z.string()), citation: z.string() }),
    headquartersRule: z.looseObject({ citationA: z.string(), citationOther: z.string(), effectiveFrom: isoDate, text: z.string() }),
    reviewPolicy: z.looseObject({
      macauD5: z.looseObject({ text: z.string(), citation: z.string() }),
      otherScope: z.looseObject({ text: z.string(), ...cited }),
      h200Rule: z.looseObject({
        text: z.string(),
        citation: z.string(),
        effectiveFrom: isoDate,
        maxTpp: z.number(),
        maxDramBandwidthGBs: z.number(),
        destinations: z.array(z.string()),
      }),
    }),
    aiDiffusion: z.looseObject({ citation: z.string(), effectiveFrom: isoDate, worldwideCitation: z.string(), tier1Supp5: z.array(z.string()), tier1Citation: z.string() }),
  }),
  eccns: z.record(z.string(), EccnSchema),
  licenseExceptions: z.record(z.string(), z.looseObject({ name: z.string(), citation: z.string(), effectiveFrom: isoDate, conditions: z.string() })),
  embargoes: z.array(EmbargoSchema),
  endUseRules: z.record(z.string(), z.looseObject({ citation: z.string(), effectiveFrom: isoDate, reviewPolicy: z.string().optional() })),
  screeningLists: z.record(z.string(), ListSchema),
  screeningListAliases: z.record(z.string(), z.string()),
  benignEndUses: z.looseObject({ codes: z.array(z.string()), citation: z.string() }),
  policy: z.looseObject({
    aiDiffusionEnforced: z.looseObject({ value: z.boolean(), citation: z.string() }),
    affiliatesRule: z.looseObject({ citation: z.string(), activeWindows: z.array(WindowSchema), thresholdPercent: z.number(), lists: z.array(z.string()) }),
    ofac50PercentRule: z.looseObject({ citation: z.string(), thresholdPercent: z.number(), lists: z.array(z.string()) }),
    isInformedLetters: z.array(IsInformedLetterSchema),
    countriesOfConcern: z.looseObject({ codes: z.array(z.string()), citation: z.string() }),
    diversionRedFlags: z.looseObject({ citation: z.string(), flags: z.record(z.string(), z.string()) }),
    gp10PrcChips: z.looseObject({ citation: z.string(), pattern: z.string(), text: z.string() }),
  }),
  jurisdiction: z.looseObject({
    NOT_SUBJECT: z.looseObject({ citation: z.string(), text: z.string() }),
    SERVICE: z.looseObject({ citation: z.string(), text: z.string() }),
    aiTrainingPolicy: z.looseObject({ citation: z.string(), text: z.string() }),
  }),
});

export type ReferenceDataDoc = z.infer<typeof ReferenceDataSchema>;
export type EccnEntry = ReferenceDataDoc['eccns'][string];
export type EccnParagraph = EccnEntry['paragraphs'][string];
export type EccnControl = EccnParagraph['controls'][number];
export type Embargo = ReferenceDataDoc['embargoes'][number];

/** Country-group facts resolved for one date; computed once per date and shared. */
export interface DateSnapshot {
  date: string;
  groupsOf(code: string): ReadonlySet<string>;
  isMacauOrD5(code: string): boolean;
  inAcScope(code: string): boolean;
  affiliatesRuleActive: boolean;
}

export interface ReferenceData {
  readonly doc: ReferenceDataDoc;
  readonly version: string;
  readonly effectiveDate: string;
  readonly coverageFrom: string;
  readonly endUseCodes: readonly string[];
  /** End-use codes recognised as triggering no Part 744 rule. */
  readonly benignEndUses: ReadonlySet<string>;
  snapshot(date: string): DateSnapshot;
  /** Screening-list code for a label ("Entity List" → "EL"), or undefined. */
  listCode(label: string): string | undefined;
  /** Item descriptions that point to PRC advanced-computing ICs (GP10 guidance). */
  readonly gp10Pattern: RegExp;
}

const EMPTY: ReadonlySet<string> = new Set();

function inWindow(date: string, from?: string, until?: string): boolean {
  return (!from || date >= from) && (!until || date < until);
}

function crossCheck(doc: ReferenceDataDoc): string[] {
  const problems: string[] = [];
  const countries = new Set(Object.keys(doc.countries));
  for (const [g, grp] of Object.entries(doc.countryGroups)) {
    for (const c of grp.members) if (!countries.has(c)) problems.push(`countryGroups.${g}: unknown country ${c}`);
    for (const d of grp.datedMembers) if (!countries.has(d.code)) problems.push(`countryGroups.${g}: unknown dated member ${d.code}`);
  }
  for (const need of ['A:5', 'A:6', 'B', 'D:1', 'D:4', 'D:5', 'E:1', 'E:2'])
    if (!doc.countryGroups[need]) problems.push(`countryGroups: missing ${need}`);
  for (const [code, a] of Object.entries(doc.countryAliases)) if (!countries.has(a.to)) problems.push(`countryAliases.${code}: target ${a.to} unknown`);
  const embargoIds = new Set(doc.embargoes.map((e) => e.id));
  for (const [code, r] of Object.entries(doc.regions)) {
    if (!countries.has(r.country)) problems.push(`regions.${code}: country ${r.country} unknown`);
    if (r.embargo && !embargoIds.has(r.embargo)) problems.push(`regions.${code}: embargo ${r.embargo} unknown`);
  }
  for (const [fam, e] of Object.entries(doc.eccns)) {
    if (!/^(\d[A-E]\d{3}|EAR99)$/.test(fam)) problems.push(`eccns.${fam}: not an ECCN family`);
    for (const [p, para] of Object.entries(e.paragraphs)) {
      for (const ex of para.exceptions) if (!doc.licenseExceptions[ex]) problems.push(`eccns.${fam}.${p}: exception ${ex} undefined`);
      for (const c of para.controls) if (!c.column && !c.scope) problems.push(`eccns.${fam}.${p}: control ${c.reason} has neither column nor scope`);
    }
  }
  for (const e of doc.embargoes)
    for (const ex of [...(e.ear99Exceptions ?? []), ...(e.softwareExceptions ?? [])])
      if (!doc.licenseExceptions[ex]) problems.push(`embargoes.${e.id}: exception ${ex} undefined`);
  for (const need of ['military_end_use', 'military_intelligence', 'wmd', 'supercomputer', 'advanced_ic_production'])
    if (!doc.endUseRules[need]) problems.push(`endUseRules: missing ${need}`);
  for (const [alias, code] of Object.entries(doc.screeningListAliases))
    if (!doc.screeningLists[code]) problems.push(`screeningListAliases.${alias}: list ${code} undefined`);
  return problems;
}

/** Validates a reference-data document (e.g. an administrator's import) and indexes it. */
export function loadReferenceData(input: unknown): ReferenceData {
  const parsed = ReferenceDataSchema.safeParse(input);
  if (!parsed.success) {
    throw new ReferenceDataError(
      'Invalid export-control reference data',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  const doc = parsed.data;
  const problems = crossCheck(doc);
  if (problems.length) throw new ReferenceDataError('Inconsistent export-control reference data', problems);
  return compile(doc);
}

function compile(doc: ReferenceDataDoc): ReferenceData {
  const snapshots = new Map<string, DateSnapshot>();
  const listAliases = new Map<string, string>();
  for (const code of Object.keys(doc.screeningLists)) listAliases.set(code.toUpperCase(), code);
  for (const [alias, code] of Object.entries(doc.screeningListAliases)) listAliases.set(alias.toUpperCase(), code);

  function buildSnapshot(date: string): DateSnapshot {
    const groupsOf = new Map<string, Set<string>>();
    const add = (code: string, g: string) => {
      let s = groupsOf.get(code);
      if (!s) groupsOf.set(code, (s = new Set()));
      s.add(g);
    };
    for (const [g, grp] of Object.entries(doc.countryGroups)) {
      for (const c of grp.members) add(c, g);
      for (const d of grp.datedMembers) if (inWindow(date, d.from, d.until)) add(d.code, g);
    }
    const m5 = doc.advancedComputing.macauOrD5;
    const macauD5 = new Set<string>(m5.alwaysInclude);
    const ac = doc.advancedComputing.destinationScope;
    const acScope = new Set<string>(ac.alwaysInclude);
    for (const [code, gs] of groupsOf) {
      if (m5.groups.some((g) => gs.has(g))) macauD5.add(code);
      if (ac.groups.some((g) => gs.has(g)) && !ac.excludeGroups.some((g) => gs.has(g))) acScope.add(code);
    }
    for (const n of ac.namedDestinations) if (inWindow(date, n.from, n.until)) acScope.add(n.code);
    const aff = doc.policy.affiliatesRule.activeWindows.some((w) => inWindow(date, w.from, w.until));
    return {
      date,
      groupsOf: (code) => groupsOf.get(code) ?? EMPTY,
      isMacauOrD5: (code) => macauD5.has(code),
      inAcScope: (code) => acScope.has(code),
      affiliatesRuleActive: aff,
    };
  }

  return {
    doc,
    version: doc.version,
    effectiveDate: doc.effectiveDate,
    coverageFrom: doc.coverageFrom,
    endUseCodes: Object.keys(doc.endUseRules),
    benignEndUses: new Set(doc.benignEndUses.codes),
    snapshot(date) {
      let s = snapshots.get(date);
      if (!s) {
        if (snapshots.size > 512) snapshots.clear(); // bounded: dates come from user input
        s = buildSnapshot(date);
        snapshots.set(date, s);
      }
      return s;
    },
    listCode(label) {
      const l = label.trim().toUpperCase();
      // Accept CSL source labels such as "Entity List (EL) - Bureau of Industry and Security".
      return listAliases.get(l) ?? listAliases.get(/\(([A-Z][A-Z -]*?)(?: LIST)?\)/.exec(l)?.[1] ?? '');
    },
    gp10Pattern: new RegExp(doc.policy.gp10PrcChips.pattern, 'i'),
  };
}

let shippedData: ReferenceData | undefined;

/** The reference set shipped with the product (validated once, then cached). */
export function defaultReferenceData(): ReferenceData {
  shippedData ??= loadReferenceData(shipped);
  return shippedData;
}

/** Returns a copy of the shipped document with policy switches overridden (for tests and admins). */
export function withPolicy(base: ReferenceData, patch: (doc: ReferenceDataDoc) => void): ReferenceData {
  const copy = structuredClone(base.doc);
  patch(copy);
  return loadReferenceData(copy);
}
