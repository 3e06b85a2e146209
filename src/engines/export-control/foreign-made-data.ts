// Reference data for foreign-made items: de minimis levels (15 CFR 734.4, Supp. 2 to Part 734),
// the items with no de minimis level, and the foreign direct product (FDP) rules of 734.9 that the
// engine models. Each entry carries its citation and effective date; entries whose paragraph or
// scope has not been verified against the current eCFR say so (uncertain + note "verify").
//
// The block is kept apart from data/export-control/reference-data.json so that reference sets
// imported before it existed stay valid. An imported set may carry a `foreignMade` block of this
// shape: foreignMadeData() then validates and uses it instead of the shipped one.
import { z } from 'zod';
import { ReferenceDataError } from './errors.ts';
import type { ReferenceData } from './reference-data.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const cited = {
  citation: z.string().min(3),
  effectiveFrom: isoDate,
  text: z.string().min(3),
  note: z.string().optional(),
  uncertain: z.boolean().optional(),
};

/** Where a rule reaches: every destination, the advanced-computing scope, Macau/D:5, or named countries/groups. */
const DestinationScopeSchema = z.union([
  z.literal('any'),
  z.literal('advanced_computing'),
  z.literal('macau_d5'),
  z.strictObject({ countries: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]), regions: z.array(z.string()).default([]), groups: z.array(z.string()).default([]) }),
]);

const NoDeMinimisSchema = z.strictObject({
  id: z.string().min(1),
  ...cited,
  /** ECCNs of U.S.-origin content that removes de minimis treatment: a family ("3A090"), a paragraph ("3A001.z") or a prefix ("0A6*"). */
  contentEccns: z.array(z.string().min(3)),
  /** ECCNs of the foreign-made item the rule is limited to; absent = any item. */
  itemEccns: z.array(z.string().min(3)).optional(),
  /** Limited to foreign-made technology (product group E). */
  itemTechnologyOnly: z.boolean().optional(),
  destinations: DestinationScopeSchema,
});

const FdpRuleSchema = z.strictObject({
  id: z.string().min(1),
  basis: z.enum(['fdp_advanced_computing', 'fdp_entity_list', 'fdp_russia_belarus']),
  ...cited,
  /** U.S.-origin technology/software ECCNs the item (or its plant) must be a direct product of; "any_d_or_e" = any product group D or E ECCN. */
  inputEccns: z.union([z.array(z.string().min(3)), z.literal('any_d_or_e')]),
  /** Which foreign-made items: advanced-computing items (3A090, 4A090, .z, and their technology), any CCL-listed item, or any item. */
  itemScope: z.enum(['advanced_computing', 'ccl_listed', 'any']),
  reach: z.union([
    z.strictObject({
      kind: z.literal('destination'),
      scope: DestinationScopeSchema,
      /** Under the AI Diffusion Rule text (enforced only by the policy switch) the rule reaches every destination. */
      worldwideWhenAiDiffusionEnforced: z.boolean().optional(),
      /** Also reaches a party headquartered (or with its ultimate parent headquartered) in Macau or D:5, wherever the destination. */
      headquartersMacauD5: z.boolean().optional(),
    }),
    z.strictObject({ kind: z.literal('entity_list_footnote'), footnotes: z.array(z.number().int().min(1).max(9)).min(1) }),
  ]),
});

export const ForeignMadeDataSchema = z.strictObject({
  version: z.string().min(1),
  effectiveDate: isoDate,
  usOrigin: z.strictObject(cited),
  inUnitedStates: z.strictObject(cited),
  notSubject: z.strictObject(cited),
  deMinimis: z.strictObject({
    calculation: z.strictObject(cited),
    /** Percentages by destination group; the first level whose groups include the destination applies, else the default. */
    levels: z.array(z.strictObject({ id: z.string(), percent: z.number().min(0).max(100), groups: z.array(z.string()).min(1), ...cited })),
    defaultLevel: z.strictObject({ id: z.string(), percent: z.number().min(0).max(100), ...cited }),
    noDeMinimis: z.array(NoDeMinimisSchema),
  }),
  fdp: z.array(FdpRuleSchema),
  /** FDP rules not modelled: named in the answer whenever an item is made with U.S. technology. */
  notModelled: z.strictObject({ citation: z.string().min(3), text: z.string().min(3) }),
});

export type ForeignMadeData = z.infer<typeof ForeignMadeDataSchema>;
export type FdpRule = ForeignMadeData['fdp'][number];
export type NoDeMinimisRule = ForeignMadeData['deMinimis']['noDeMinimis'][number];
export type DestinationScope = z.infer<typeof DestinationScopeSchema>;

// Technology and software of Categories 3, 4 and 5 (product groups D and E) named as the "input"
// of the Entity List and advanced-computing FDP rules. The list is deliberately the broad one
// (later rules added 3D901/3E901 and the 3x99x entries): a wider input list can only make more
// items subject to the EAR, whose CCL rules then decide the license question.
const CAT_345_DE = [
  '3D001', '3D901', '3D991', '3D992', '3D993', '3D994',
  '3E001', '3E002', '3E003', '3E901', '3E991', '3E992', '3E993', '3E994',
  '4D001', '4D090', '4D993', '4D994', '4E001', '4E992', '4E993',
  '5D001', '5D002', '5D991', '5E001', '5E002', '5E991',
];

/** Every "600 series" ECCN (the third character 6), as prefixes ("0A6*"). */
const SERIES_600 = [...'0123456789'].flatMap((c) => [...'ABCDE'].map((g) => `${c}${g}6*`));

const AC_CONTENT = ['3A090', '4A090', '3A001.z', '4A003.z', '4A004.z', '4A005.z', '5A002.z', '5A004.z', '5A992.z'];

/** The shipped foreign-made block (version and effective date as the main reference set it accompanies). */
export const FOREIGN_MADE_DATA: ForeignMadeData = {
  version: '2025.12-1',
  effectiveDate: '2025-12-01',
  usOrigin: {
    citation: '15 CFR 734.3(a)(2)',
    effectiveFrom: '1996-03-25',
    text: 'U.S.-origin items are subject to the EAR wherever located',
  },
  inUnitedStates: {
    citation: '15 CFR 734.3(a)(1)',
    effectiveFrom: '1996-03-25',
    text: 'All items in the United States are subject to the EAR, whatever their origin: a foreign-made item shipped from the United States is an export of an item subject to the EAR',
  },
  notSubject: {
    citation: '15 CFR 734.3(a)(3)-(4); 734.4; 734.9',
    effectiveFrom: '1996-03-25',
    text: 'A foreign-made item outside the United States is subject to the EAR only through U.S. controlled content above the de minimis level (734.3(a)(3), 734.4) or a foreign direct product rule (734.3(a)(4), 734.9)',
  },
  deMinimis: {
    calculation: {
      citation: '15 CFR 734.4; Supp. 2 to Part 734',
      effectiveFrom: '1996-03-25',
      text: 'Controlled content is the fair market value of U.S.-origin items that would need a license (or license exception) to the destination of the foreign-made item, as a share of the foreign-made item\'s value; the exporter computes it per Supp. 2 to Part 734',
    },
    levels: [
      {
        id: 'ten_percent',
        percent: 10,
        groups: ['E:1', 'E:2'],
        citation: '15 CFR 734.4(c)',
        effectiveFrom: '2016-01-01',
        text: '10 % de minimis level for destinations in Country Group E:1 or E:2',
        note: 'E:2 (Cuba) alongside E:1 follows the current text as understood; verify the group list of 734.4(c) against the eCFR',
        uncertain: true,
      },
    ],
    defaultLevel: {
      id: 'twenty_five_percent',
      percent: 25,
      citation: '15 CFR 734.4(d)',
      effectiveFrom: '1996-03-25',
      text: '25 % de minimis level for other destinations',
    },
    noDeMinimis: [
      {
        id: 'encryption_technology_5E002',
        contentEccns: ['5E002'],
        itemTechnologyOnly: true,
        destinations: 'any',
        citation: '15 CFR 734.4(a)(2)',
        effectiveFrom: '2010-06-25',
        text: 'No de minimis level: foreign-produced encryption technology that incorporates U.S.-origin 5E002 technology',
        note: 'Paragraph and wording taken from an earlier eCFR text; verify against the current 734.4(a) and 734.4(b) encryption provisions',
        uncertain: true,
      },
      {
        id: 'military_600_series_d5',
        contentEccns: [...SERIES_600, '9A515', '9B515', '9C515', '9D515', '9E515'],
        destinations: 'macau_d5',
        citation: '15 CFR 734.4(a)(6)',
        effectiveFrom: '2013-10-15',
        text: 'No de minimis level: foreign-made items incorporating U.S.-origin "600 series" or 9x515 items, to Country Group D:5 (BIS de minimis guidelines: 0 % to D:5)',
        note: 'Paragraph number to verify (734.4(a)); .y items have their own rule that is not modelled; Macau is included conservatively',
        uncertain: true,
      },
      {
        id: 'advanced_computing_content',
        contentEccns: AC_CONTENT,
        destinations: 'advanced_computing',
        citation: '15 CFR 734.4(a) (advanced-computing paragraph, 87 FR 62186; 88 FR 73458)',
        effectiveFrom: '2023-11-17',
        text: 'No de minimis level: foreign-made items incorporating U.S.-origin advanced-computing items (3A090, 4A090, .z items) to the advanced-computing destination scope',
        note: 'Verify: the paragraph, item list and destination scope of the advanced-computing de minimis exclusion were not checked against the eCFR; modelled conservatively (the whole 3A090/4A090/.z family, every D:1/D:4/D:5 destination outside A:5/A:6, and Macau). Disable by removing this entry',
        uncertain: true,
      },
      {
        id: 'sme_ic_content',
        contentEccns: ['3A001', '3A090', '3A991', '4A994', '5A002', '5A992'],
        itemEccns: ['3B001', '3B002'],
        destinations: 'macau_d5',
        citation: '15 CFR 734.4(a)(8) (89 FR 96790)',
        effectiveFrom: '2024-12-02',
        text: 'No de minimis level: foreign-made semiconductor manufacturing equipment (3B001/3B002) containing U.S.-origin integrated circuits, to Macau or Country Group D:5',
        note: 'Verify the SME paragraphs covered and the IC ECCNs; modelled on whole families (conservative)',
        uncertain: true,
      },
    ],
  },
  fdp: [
    {
      id: 'advanced_computing',
      basis: 'fdp_advanced_computing',
      inputEccns: CAT_345_DE,
      itemScope: 'advanced_computing',
      reach: { kind: 'destination', scope: 'advanced_computing', worldwideWhenAiDiffusionEnforced: true, headquartersMacauD5: true },
      citation: '15 CFR 734.9(h)',
      effectiveFrom: '2023-11-17',
      text: 'Advanced-computing FDP rule: a foreign-produced 3A090, 4A090 or .z item (or 3E001/4E001 technology for one) that is the direct product of U.S.-origin Category 3, 4 or 5 technology or software, or is produced by a plant (or major plant component) that is such a direct product, is subject to the EAR when destined to Country Group D:1, D:4 or D:5 outside A:5/A:6, or Macau',
      note: 'Destination scope as amended by 88 FR 73458 (17 Nov 2023), under the enforced posture; the AI Diffusion Rule text (90 FR 4544) reaches every destination and applies when the policy switch enforces it. Verify: the reach to parties headquartered (or with the ultimate parent headquartered) in Macau/D:5 outside those destinations mirrors the headquarters rule and is modelled conservatively. The incorporation and mask/wafer prongs are not modelled: give the final destination',
      uncertain: true,
    },
    {
      id: 'entity_list_footnote_1',
      basis: 'fdp_entity_list',
      inputEccns: CAT_345_DE,
      itemScope: 'any',
      reach: { kind: 'entity_list_footnote', footnotes: [1] },
      citation: '15 CFR 734.9(e)(1); 744.11(a)(2)(i)',
      effectiveFrom: '2020-08-17',
      text: 'Entity List FDP rule (footnote 1): any foreign-produced item that is the direct product of U.S.-origin Category 3, 4 or 5 technology or software, or of a plant (or major plant component) that is such a direct product, is subject to the EAR when a footnote 1 entity is a party to the transaction',
      note: 'The "incorporated into an item produced, purchased or ordered by" prong is not modelled separately: name the entity as a party',
    },
    {
      id: 'entity_list_footnote_4',
      basis: 'fdp_entity_list',
      inputEccns: CAT_345_DE,
      itemScope: 'any',
      reach: { kind: 'entity_list_footnote', footnotes: [4] },
      citation: '15 CFR 734.9(e)(2); 744.11(a)(2)(ii)',
      effectiveFrom: '2022-10-07',
      text: 'Entity List FDP rule (footnote 4): any foreign-produced item that is the direct product of U.S.-origin Category 3, 4 or 5 technology or software, or of a plant (or major plant component) that is such a direct product, is subject to the EAR when a footnote 4 entity is a party to the transaction',
    },
    {
      id: 'russia_belarus',
      basis: 'fdp_russia_belarus',
      inputEccns: 'any_d_or_e',
      itemScope: 'ccl_listed',
      reach: { kind: 'destination', scope: { countries: ['RU', 'BY'], regions: ['UA-43'], groups: [] } },
      citation: '15 CFR 734.9(f)',
      effectiveFrom: '2022-02-24',
      text: 'Russia/Belarus FDP rule: a foreign-produced item on the CCL that is the direct product of U.S.-origin product group D or E technology or software (or of a plant that is such a direct product) is subject to the EAR when destined to Russia or Belarus',
      note: 'Verify: the Crimea region and the Part 746 supplement items (EAR99 items listed by HTS code) in the product scope; EAR99 items are treated as in scope when item.params.listedInPart746Supp4 is true',
      uncertain: true,
    },
  ],
  notModelled: {
    citation: '15 CFR 734.9(b)-(d), (e)(3), (g), (i)-(l)',
    text: 'Other foreign direct product rules are not evaluated here (national security, 9x515, "600 series", Entity List footnotes 3 and 5, supercomputer, Iran, semiconductor manufacturing equipment, model weights): confirm none reaches this item',
  },
};

const cache = new WeakMap<object, ForeignMadeData>();
let shipped: ForeignMadeData | undefined;

/** Validates a foreign-made block (e.g. in an imported reference set). */
export function loadForeignMadeData(input: unknown): ForeignMadeData {
  const parsed = ForeignMadeDataSchema.safeParse(input);
  if (!parsed.success)
    throw new ReferenceDataError('Invalid foreign-made reference data', parsed.error.issues.map((i) => `foreignMade.${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

/** The foreign-made block in force for a reference set: its own `foreignMade` block, or the shipped one. */
export function foreignMadeData(ref: ReferenceData): ForeignMadeData {
  const own = (ref.doc as { foreignMade?: unknown }).foreignMade;
  if (own === undefined) return (shipped ??= loadForeignMadeData(FOREIGN_MADE_DATA));
  let d = cache.get(ref.doc);
  if (!d) cache.set(ref.doc, (d = loadForeignMadeData(own)));
  return d;
}
