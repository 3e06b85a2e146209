// The package inside a proposal, and the manifest: a whole package with its consortium in one
// documented JSON file (published as JSON Schema at /api/v1/schemas/package-manifest.json).
import { z } from 'zod';
import { COMPONENT_CATEGORIES, CERTIFICATIONS, FINANCING_INSTRUMENTS, LAYERS } from '../domain/package.ts';
import { CountryCode, Id, Money, NonBlankString, TargetMarketSchema } from './common.ts';
import { OwnerSchema, UltimateParentSchema } from './organization.ts';

const ECCN_PATTERN = /^(EAR99|NOT_SUBJECT|[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*)$/;
const TECHNOLOGY_ECCN = z.string().regex(/^[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*$/, 'must be an ECCN such as "3E001"');

/**
 * Origin facts of a foreign-made component, all optional: whether it is subject to the EAR at all
 * (de minimis, 15 CFR 734.4; foreign direct product rules, 734.9). The export-control engine takes
 * them as item facts (src/engines/export-control/foreign-made.ts).
 */
const ForeignMadeFields = {
  countryOfManufacture: CountryCode.optional().describe('where the component is made (absent: countryOfOrigin is not read as the place of manufacture)'),
  exportedFrom: CountryCode.optional().describe('where the component is shipped from; "US" makes any item subject to the EAR (734.3(a)(1))'),
  usControlledContentPercent: z.number().min(0).max(100).optional().describe('U.S.-origin controlled content, percent of value (Supp. 2 to Part 734)'),
  usContentEccns: z.array(TECHNOLOGY_ECCN).max(50).optional().describe('ECCNs of the U.S.-origin items incorporated; [] = none'),
  madeWithUsTechnology: z.array(TECHNOLOGY_ECCN).max(50).optional().describe('ECCNs of U.S.-origin technology/software the component is a direct product of; [] = none'),
  madeWithUsEquipment: z
    .array(TECHNOLOGY_ECCN)
    .max(50)
    .optional()
    .describe('ECCNs of U.S.-origin technology/software of which the producing plant (or a major component of it) is a direct product; [] = none'),
};

export const ComponentSchema = z.strictObject({
  id: Id,
  layer: z.enum(LAYERS),
  category: z.enum(COMPONENT_CATEGORIES),
  name: NonBlankString(200),
  supplier: Id.describe('id of the consortium member (organization) supplying the component'),
  description: z.string().max(4000).default(''),
  eccn: z
    .string()
    .regex(ECCN_PATTERN, 'must be an ECCN such as "3A090.a", or "EAR99"')
    .nullable()
    .default(null)
    .describe('export control classification; optional until the compliance step'),
  countryOfOrigin: CountryCode,
  unitValueUsd: Money,
  quantity: z.number().int().positive().max(1e9),
  usOriginShare: z.number().min(0).max(1).describe('share of the unit value that is US-origin, 0..1'),
  ...ForeignMadeFields,
});
export type Component = z.infer<typeof ComponentSchema>;

export const PartySchema = z.strictObject({
  name: NonBlankString(200),
  country: CountryCode,
  orgId: Id.nullable().default(null),
});

export const OperatingModelSchema = z.strictObject({
  market: z.string().min(2).max(16).describe('a target market code as declared (country or bloc)'),
  build: z.array(PartySchema).max(50).default([]),
  own: z.array(PartySchema).max(50).default([]),
  operate: z.array(PartySchema).max(50).default([]),
});

const agencies = Object.keys(FINANCING_INSTRUMENTS) as [keyof typeof FINANCING_INSTRUMENTS, ...(keyof typeof FINANCING_INSTRUMENTS)[]];

export const SupportRequestSchema = z
  .strictObject({
    agency: z.enum(agencies),
    instrument: z.string().min(1).max(64),
    amountUsd: Money.gt(0),
    rationale: NonBlankString(4000).describe('why federal support is needed (additionality)'),
  })
  .superRefine((s, ctx) => {
    const allowed: readonly string[] = FINANCING_INSTRUMENTS[s.agency];
    if (!allowed.includes(s.instrument)) {
      ctx.addIssue({ code: 'custom', path: ['instrument'], message: `${s.agency} offers ${allowed.join(', ')}` });
    }
  });

export const PackageSchema = z
  .strictObject({
    components: z.array(ComponentSchema).max(5000).default([]),
    targetMarkets: z.array(TargetMarketSchema).max(300).default([]),
    operatingModel: z.array(OperatingModelSchema).max(300).default([]),
    supportRequests: z.array(SupportRequestSchema).max(100).default([]),
  })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    p.components.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['components', i, 'id'], message: `duplicate component id "${c.id}"` });
      ids.add(c.id);
    });
  });
export type Package = z.infer<typeof PackageSchema>;
export type PackageInput = z.input<typeof PackageSchema>;

export const CertificationsSchema = z.strictObject(
  Object.fromEntries(CERTIFICATIONS.map((c) => [c, z.boolean().default(false)])) as Record<
    (typeof CERTIFICATIONS)[number],
    z.ZodDefault<z.ZodBoolean>
  >,
);

export const ManifestMemberSchema = z.strictObject({
  id: Id.describe('the member key used by components[].supplier'),
  name: NonBlankString(200),
  role: z.enum(['anchor', 'member']),
  countryOfIncorporation: CountryCode,
  principalPlaceOfBusiness: CountryCode,
  owners: z.array(OwnerSchema).max(100).default([]),
  ultimateParent: UltimateParentSchema.nullable().default(null),
  layerRoles: z.array(z.enum(LAYERS)).default([]),
  certifications: CertificationsSchema.default({ antiBribery: false, exportControl: false, outboundInvestment: false, bciConsent: false }),
});

export const MANIFEST_FORMAT = 'aiep.package-manifest/v1';

export const ManifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  title: NonBlankString(200),
  summary: z.string().max(8000).default(''),
  consortium: z.strictObject({ name: NonBlankString(200), members: z.array(ManifestMemberSchema).min(1).max(200) }),
  package: PackageSchema,
});
export type Manifest = z.infer<typeof ManifestSchema>;

// ── The package and the manifest as the API returns them ───────────────────────────────────
// Plain output shapes: what was stored after PackageSchema parsed it, without the defaults,
// trimming and cross-field checks that only requests need.

export const ComponentViewSchema = z.object({
  id: z.string(),
  layer: z.enum(LAYERS),
  category: z.enum(COMPONENT_CATEGORIES),
  name: z.string(),
  supplier: z.string().describe('id of the consortium member (organization) supplying the component'),
  description: z.string(),
  eccn: z.string().nullable(),
  countryOfOrigin: z.string(),
  unitValueUsd: z.number(),
  quantity: z.number().int(),
  usOriginShare: z.number(),
  countryOfManufacture: z.string().optional(),
  exportedFrom: z.string().optional(),
  usControlledContentPercent: z.number().optional(),
  usContentEccns: z.array(z.string()).optional(),
  madeWithUsTechnology: z.array(z.string()).optional(),
  madeWithUsEquipment: z.array(z.string()).optional(),
});

const PartyViewSchema = z.object({ name: z.string(), country: z.string(), orgId: z.string().nullable() });

export const PackageViewSchema = z.object({
  components: z.array(ComponentViewSchema),
  targetMarkets: z.array(z.object({ kind: z.enum(['country', 'bloc']), code: z.string() })),
  operatingModel: z.array(z.object({ market: z.string(), build: z.array(PartyViewSchema), own: z.array(PartyViewSchema), operate: z.array(PartyViewSchema) })),
  supportRequests: z.array(z.object({ agency: z.enum(agencies), instrument: z.string(), amountUsd: z.number(), rationale: z.string() })),
});

const CertificationFlagsView = z.object({ antiBribery: z.boolean(), exportControl: z.boolean(), outboundInvestment: z.boolean(), bciConsent: z.boolean() });

export const ManifestViewSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  title: z.string(),
  summary: z.string(),
  consortium: z.object({
    name: z.string(),
    members: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.enum(['anchor', 'member']),
        countryOfIncorporation: z.string(),
        principalPlaceOfBusiness: z.string(),
        owners: z.array(z.object({ name: z.string(), country: z.string(), percent: z.number() })),
        ultimateParent: z.object({ name: z.string(), country: z.string() }).nullable(),
        layerRoles: z.array(z.enum(LAYERS)),
        certifications: CertificationFlagsView,
      }),
    ),
  }),
  package: PackageViewSchema,
});
