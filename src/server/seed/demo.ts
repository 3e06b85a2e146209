// Demo data for an empty database: agencies, companies, one user per role and three fictional
// consortia with packages in different states. Everything goes through the services, so the demo
// has a real audit trail.
import { PackageSchema, type PackageInput } from '../../shared/contracts/package.ts';
import { CERTIFICATIONS } from '../../shared/domain/package.ts';
import type { Agency, Role } from '../../shared/domain/roles.ts';
import { readFileSync } from 'node:fs';
import type { Deps, ServiceContext } from '../lib/context.ts';
import { loadActor } from '../modules/auth/auth.service.ts';
import { enrollDemoAccount, mfaRequiredForRoles } from '../modules/auth/mfa.service.ts';
import { createConsortium, inviteMember, respondToInvitation } from '../modules/consortia/consortia.service.ts';
import { createOrganization, type NewOrganization } from '../modules/organizations/organizations.service.ts';
import { findOrganization } from '../modules/organizations/organizations.repository.ts';
import { hasAnyProposal } from '../modules/proposals/proposals.repository.ts';
import { certifyProposal, createProposal, submitProposal, transitionProposal } from '../modules/proposals/proposals.service.ts';
import { createCall, moveCall } from '../modules/calls/calls.service.ts';
import { saveNarrative } from '../modules/calls/narratives.service.ts';
import { addDays } from '../lib/clock.ts';
import { ELIGIBILITY_CRITERIA } from '../modules/proposals/eligibility.criteria.ts';
import { saveEligibility } from '../modules/proposals/eligibility.service.ts';
import { createUser } from '../modules/users/users.service.ts';
import { answerConsultation, assignReviewers, declareConflict, decide, getRubric, recommend, requestConsultations, saveReview, startReview } from '../modules/review/review.service.ts';
import { actOnRequest, addAdvocacy, createDeal, getDeal, moveDealStage, referRequest, type DealInput } from '../modules/financing/financing.service.ts';
import { licenseNeedsForMarket } from '../modules/compliance/compliance.service.ts';
import { createLicense } from '../modules/compliance/licenses.service.ts';
import { LicenseCreateSchema } from '../../shared/contracts/compliance.ts';
import type { DealStage, FinancingAction } from '../../shared/domain/financing-lifecycle.ts';
import { activateListVersion, importParsedList, parseUploadedList, type ParsedList } from '../modules/screening/screening.lists.ts';
import { runJobsOnce } from '../jobs/worker.ts';
import { seedAseanProfile } from './demo-profiles.ts';
import { DEMO_BUYER, seedDemoBuyer } from './demo-buyers.ts';

export interface DemoSummary {
  users: { email: string; roles: Role[]; org: string }[];
}

const agency = (id: string, name: string, a: Agency | null, kind: 'agency' | 'oversight' = 'agency'): NewOrganization => ({
  id,
  name,
  kind,
  agency: a,
  countryOfIncorporation: 'US',
  principalPlaceOfBusiness: 'US',
  owners: [],
  ultimateParent: null,
  smallBusiness: false,
});

const company = (id: string, name: string, country: string, extra: Partial<NewOrganization> = {}): NewOrganization => ({
  id,
  name,
  kind: 'company',
  countryOfIncorporation: country,
  principalPlaceOfBusiness: country,
  owners: [],
  ultimateParent: null,
  smallBusiness: false,
  ...extra,
});

const ORGANIZATIONS: NewOrganization[] = [
  agency('org-ita', 'Department of Commerce — International Trade Administration', 'COMMERCE_ITA'),
  agency('org-state', 'Department of State', 'STATE'),
  agency('org-war', 'Department of War', 'WAR'),
  agency('org-energy', 'Department of Energy', 'ENERGY'),
  agency('org-ostp', 'Office of Science and Technology Policy', 'OSTP'),
  agency('org-exim', 'Export-Import Bank of the United States', 'EXIM'),
  agency('org-dfc', 'U.S. International Development Finance Corporation', 'DFC'),
  agency('org-ustda', 'U.S. Trade and Development Agency', 'USTDA'),
  agency('org-sba', 'Small Business Administration', 'SBA'),
  agency('org-oig', 'Office of Inspector General (oversight)', null, 'oversight'),
  company('org-meridian', 'Meridian Compute Inc.', 'US'),
  company('org-lattice', 'Lattice Networks LLC', 'US'),
  company('org-sentinel', 'Sentinel Secure AI Corp.', 'US', { smallBusiness: true }),
  company('org-falcon', 'Falcon Digital Infrastructure PJSC', 'AE', { owners: [{ name: 'Emirates Sovereign Holdings', country: 'AE', percent: 60 }, { name: 'Public float', country: 'AE', percent: 40 }] }),
  company('org-harbor', 'Harbor Health AI Inc.', 'US'),
  company('org-riftvalley', 'Rift Valley Data Ltd', 'KE', { owners: [{ name: 'Founders', country: 'KE', percent: 70 }, { name: 'Harbor Health AI Inc.', country: 'US', percent: 30 }] }),
  company('org-jade', 'Jade Harbour Components Ltd', 'HK', { owners: [{ name: 'Shenzhen Jade Holdings', country: 'CN', percent: 65 }, { name: 'Founders', country: 'HK', percent: 35 }], ultimateParent: { name: 'Shenzhen Jade Holdings Co., Ltd.', country: 'CN' } }),
  company('org-prairie', 'Prairie Signal Analytics Inc.', 'US', { smallBusiness: true }),
  company('org-pampa', 'Pampa AgroTech S.A.', 'AR', { owners: [{ name: 'Grupo Pampa', country: 'AR', percent: 100 }] }),
  company('org-northstar', 'Northstar Model Labs Inc.', 'US'),
  company('org-cascade', 'Cascade Cloud Systems Inc.', 'US'),
  company('org-kestrel', 'Kestrel Cyber LLC', 'US', { smallBusiness: true }),
  company('org-merlion', 'Merlion Data Pte. Ltd.', 'SG', { owners: [{ name: 'Merlion Holdings', country: 'SG', percent: 100 }] }),
];

const USERS: { email: string; name: string; orgId: string; roles: Role[] }[] = [
  { email: 'anchor@meridian.example', name: 'Avery Chen', orgId: 'org-meridian', roles: ['anchor_member'] },
  { email: 'compliance@meridian.example', name: 'Jordan Reyes', orgId: 'org-meridian', roles: ['compliance_officer'] },
  { email: 'member@lattice.example', name: 'Sam Patel', orgId: 'org-lattice', roles: ['consortium_member'] },
  { email: 'member@sentinel.example', name: 'Riley Morgan', orgId: 'org-sentinel', roles: ['consortium_member'] },
  { email: 'member@falcon.example', name: 'Layla Haddad', orgId: 'org-falcon', roles: ['consortium_member'] },
  { email: 'anchor@harborhealth.example', name: 'Dana Brooks', orgId: 'org-harbor', roles: ['anchor_member'] },
  { email: 'member@riftvalley.example', name: 'Wanjiru Kamau', orgId: 'org-riftvalley', roles: ['consortium_member'] },
  { email: 'member@jadeharbour.example', name: 'Kai Leung', orgId: 'org-jade', roles: ['consortium_member'] },
  { email: 'anchor@prairiesignal.example', name: 'Morgan Lee', orgId: 'org-prairie', roles: ['anchor_member'] },
  { email: 'member@pampa.example', name: 'Lucía Fernández', orgId: 'org-pampa', roles: ['consortium_member'] },
  { email: 'anchor@northstar.example', name: 'Casey Nguyen', orgId: 'org-northstar', roles: ['anchor_member'] },
  { email: 'program.officer@ita.example', name: 'Pat Romero', orgId: 'org-ita', roles: ['program_officer'] },
  { email: 'screening.analyst@ita.example', name: 'Morgan Ortiz', orgId: 'org-ita', roles: ['screening_analyst'] },
  { email: 'decision@ita.example', name: 'Alex Whitfield', orgId: 'org-ita', roles: ['decision_official'] },
  { email: 'reviewer@state.example', name: 'Robin Okafor', orgId: 'org-state', roles: ['interagency_reviewer'] },
  { email: 'reviewer@energy.example', name: 'Taylor Kim', orgId: 'org-energy', roles: ['interagency_reviewer'] },
  { email: 'reviewer@war.example', name: 'Drew Castillo', orgId: 'org-war', roles: ['interagency_reviewer'] },
  { email: 'reviewer@ostp.example', name: 'Avery Singh', orgId: 'org-ostp', roles: ['interagency_reviewer'] },
  { email: 'reviewer2@state.example', name: 'Jules Moreau', orgId: 'org-state', roles: ['interagency_reviewer'] },
  { email: 'anchor@cascade.example', name: 'Harper Quinn', orgId: 'org-cascade', roles: ['anchor_member'] },
  { email: 'member@kestrel.example', name: 'Rowan Ellis', orgId: 'org-kestrel', roles: ['consortium_member'] },
  { email: 'member@merlion.example', name: 'Wei Ling Tan', orgId: 'org-merlion', roles: ['consortium_member'] },
  { email: 'edag@state.example', name: 'Jamie Alvarez', orgId: 'org-state', roles: ['edag_coordinator'] },
  { email: 'finance@exim.example', name: 'Chris Duval', orgId: 'org-exim', roles: ['financing_officer'] },
  { email: 'finance@dfc.example', name: 'Noor Siddiqui', orgId: 'org-dfc', roles: ['financing_officer'] },
  { email: 'auditor@oig.example', name: 'Quinn Harper', orgId: 'org-oig', roles: ['auditor'] },
  { email: 'admin@aiep.example', name: 'Sky Admin', orgId: 'org-ita', roles: ['admin'] },
];

type C = PackageInput['components'] extends (infer T)[] | undefined ? T : never;
const comp = (id: string, layer: C['layer'], category: C['category'], name: string, supplier: string, countryOfOrigin: string, unitValueUsd: number, quantity: number, usOriginShare: number, eccn: string | null, description = ''): C => ({
  id,
  layer,
  category,
  name,
  supplier,
  countryOfOrigin,
  unitValueUsd,
  quantity,
  usOriginShare,
  eccn,
  description,
});

const GULF_PACKAGE: PackageInput = {
  components: [
    comp('gulf-acc', 'infrastructure', 'accelerator', 'Data-center GPU accelerators (H-class)', 'org-meridian', 'US', 32_000, 4096, 0.85, '3A090.a', 'Accelerators for a 40 MW sovereign AI cloud'),
    comp('gulf-srv', 'infrastructure', 'server', '8-GPU AI servers', 'org-meridian', 'US', 180_000, 512, 0.7, '4A090.a'),
    comp('gulf-net', 'infrastructure', 'networking', '800G InfiniBand fabric', 'org-lattice', 'US', 14_000_000, 1, 0.9, '5A992.c'),
    comp('gulf-sto', 'infrastructure', 'storage', 'All-flash parallel storage, 20 PB', 'org-lattice', 'MX', 9_000_000, 1, 0.4, '5A992.c'),
    comp('gulf-dc', 'infrastructure', 'data_center_facility', 'Modular data hall and cooling', 'org-falcon', 'AE', 60_000_000, 1, 0.15, 'EAR99'),
    comp('gulf-data', 'data', 'data_pipeline', 'Arabic-language data pipeline and curation', 'org-meridian', 'US', 3_500_000, 1, 1, 'EAR99'),
    comp('gulf-model', 'model', 'model', 'Open-weight Arabic LLM fine-tuning and serving', 'org-meridian', 'US', 8_000_000, 1, 1, null),
    comp('gulf-sec', 'security', 'chip_location_verification', 'Chip location verification and weight protection', 'org-sentinel', 'US', 4_000_000, 1, 1, '5D992.c'),
    comp('gulf-app', 'application', 'application', 'Government services assistant (Arabic/English)', 'org-meridian', 'US', 5_000_000, 1, 1, 'EAR99'),
  ],
  targetMarkets: [{ kind: 'country', code: 'AE' }, { kind: 'country', code: 'SA' }],
  operatingModel: [
    { market: 'AE', build: [{ name: 'Falcon Digital Infrastructure PJSC', country: 'AE', orgId: 'org-falcon' }], own: [{ name: 'Falcon Digital Infrastructure PJSC', country: 'AE', orgId: 'org-falcon' }], operate: [{ name: 'Meridian Compute Inc.', country: 'US', orgId: 'org-meridian' }] },
    { market: 'SA', build: [{ name: 'Falcon Digital Infrastructure PJSC', country: 'AE', orgId: 'org-falcon' }], own: [{ name: 'Riyadh Sovereign Cloud Company', country: 'SA', orgId: null }], operate: [{ name: 'Meridian Compute Inc.', country: 'US', orgId: 'org-meridian' }] },
  ],
  supportRequests: [
    { agency: 'EXIM', instrument: 'long_term_guarantee', amountUsd: 250_000_000, rationale: 'Tenor beyond what commercial banks offer for a sovereign buyer; competing offers come with state-backed financing.' },
    { agency: 'USTDA', instrument: 'feasibility_study', amountUsd: 1_200_000, rationale: 'Feasibility of the Saudi site and grid connection.' },
  ],
};

const HEALTH_PACKAGE: PackageInput = {
  components: [
    comp('eah-srv', 'infrastructure', 'server', 'Inference servers (L-class GPUs)', 'org-harbor', 'US', 45_000, 64, 0.75, '4A994.l'),
    comp('eah-cloud', 'infrastructure', 'cloud_service', 'Regional cloud tenancy in Nairobi', 'org-riftvalley', 'KE', 900_000, 3, 0.1, null),
    comp('eah-parts', 'infrastructure', 'networking', 'Edge networking kits for clinics', 'org-jade', 'CN', 1_200, 400, 0, null),
    comp('eah-label', 'data', 'labeling', 'Clinical imaging annotation (Swahili/English)', 'org-riftvalley', 'KE', 750_000, 1, 0, 'EAR99'),
    comp('eah-model', 'model', 'model', 'Radiology triage model', 'org-harbor', 'US', 2_000_000, 1, 1, null),
    comp('eah-app', 'application', 'application', 'Clinic triage and referral app', 'org-harbor', 'US', 1_500_000, 1, 1, 'EAR99'),
  ],
  targetMarkets: [{ kind: 'bloc', code: 'EAC' }],
  operatingModel: [{ market: 'EAC', build: [{ name: 'Rift Valley Data Ltd', country: 'KE', orgId: 'org-riftvalley' }], own: [], operate: [{ name: 'Rift Valley Data Ltd', country: 'KE', orgId: 'org-riftvalley' }] }],
  supportRequests: [{ agency: 'DFC', instrument: 'loan', amountUsd: 12_000_000, rationale: 'Lower-middle-income markets where commercial lenders will not take clinic-network risk.' }],
};

const AGRI_PACKAGE: PackageInput = {
  components: [
    comp('agr-srv', 'infrastructure', 'server', 'Edge AI servers for cooperatives', 'org-prairie', 'US', 28_000, 120, 0.8, '4A994.l'),
    comp('agr-sto', 'infrastructure', 'storage', 'Satellite imagery archive', 'org-prairie', 'US', 1_100_000, 1, 0.9, 'EAR99'),
    comp('agr-pipe', 'data', 'data_pipeline', 'Soil, weather and yield data pipeline', 'org-pampa', 'AR', 600_000, 1, 0.2, 'EAR99'),
    comp('agr-model', 'model', 'model', 'Yield forecasting and pest detection models', 'org-prairie', 'US', 1_800_000, 1, 1, 'EAR99'),
    comp('agr-sec', 'security', 'access_control', 'Zero-trust access for cooperative data', 'org-prairie', 'US', 400_000, 1, 1, '5D992.c'),
    comp('agr-app', 'application', 'application', 'Agronomist and farmer advisory app (Spanish/Portuguese)', 'org-pampa', 'AR', 900_000, 1, 0.3, 'EAR99'),
  ],
  targetMarkets: [{ kind: 'country', code: 'AR' }, { kind: 'country', code: 'BR' }],
  operatingModel: [
    { market: 'AR', build: [{ name: 'Pampa AgroTech S.A.', country: 'AR', orgId: 'org-pampa' }], own: [{ name: 'Cooperativa Agraria del Sur', country: 'AR', orgId: null }], operate: [{ name: 'Pampa AgroTech S.A.', country: 'AR', orgId: 'org-pampa' }] },
    { market: 'BR', build: [{ name: 'Pampa AgroTech S.A.', country: 'AR', orgId: 'org-pampa' }], own: [{ name: 'Cooperativa Cerrado Digital', country: 'BR', orgId: null }], operate: [{ name: 'Prairie Signal Analytics Inc.', country: 'US', orgId: 'org-prairie' }] },
  ],
  supportRequests: [{ agency: 'SBA', instrument: 'export_working_capital', amountUsd: 3_000_000, rationale: 'Working capital for a small US exporter delivering to cooperatives on 180-day terms.' }],
};

/**
 * Loads the demo into an empty database; on a database that already holds it, returns its logins
 * so every start can print them. Returns null for a database with other, real data.
 */
const ASEAN_PACKAGE: PackageInput = {
  components: [
    comp('asean-srv', 'infrastructure', 'server', 'Government cloud AI servers', 'org-cascade', 'US', 210_000, 96, 0.8, '4A090.a'),
    comp('asean-net', 'infrastructure', 'networking', 'Sovereign cloud networking', 'org-cascade', 'US', 3_000_000, 1, 0.9, '5A992.c'),
    comp('asean-data', 'data', 'data_pipeline', 'Multilingual public-records pipeline', 'org-merlion', 'SG', 1_200_000, 1, 0.2, 'EAR99'),
    comp('asean-model', 'model', 'model', 'Open-weight models for Malay, Thai, Vietnamese, Bahasa', 'org-cascade', 'US', 2_500_000, 1, 1, null),
    comp('asean-sec', 'security', 'security_measure', 'Zero-trust enclave and model-weight protection', 'org-kestrel', 'US', 1_800_000, 1, 1, '5D992.c'),
    comp('asean-app', 'application', 'application', 'Citizen services assistant for ministries', 'org-merlion', 'SG', 2_000_000, 1, 0.3, 'EAR99'),
  ],
  targetMarkets: [{ kind: 'bloc', code: 'ASEAN' }],
  operatingModel: [
    { market: 'ASEAN', build: [{ name: 'Cascade Cloud Systems Inc.', country: 'US', orgId: 'org-cascade' }], own: [{ name: 'Merlion Data Pte. Ltd.', country: 'SG', orgId: 'org-merlion' }], operate: [{ name: 'Merlion Data Pte. Ltd.', country: 'SG', orgId: 'org-merlion' }] },
  ],
  supportRequests: [
    { agency: 'EXIM', instrument: 'medium_term_guarantee', amountUsd: 18_000_000, rationale: 'Ministries buy on multi-year terms that local banks will not finance at competitive rates.' },
    { agency: 'USTDA', instrument: 'technical_assistance', amountUsd: 900_000, rationale: 'Data-governance assistance to partner ministries before deployment.' },
  ],
};

export async function loadDemoDataIfEmpty(deps: Deps): Promise<DemoSummary | null> {
  if (await findOrganization(deps.db.db, 'org-meridian')) return demoSummary();
  if (await hasAnyProposal(deps.db.db)) return null;
  return loadDemoData(deps);
}

function demoSummary(): DemoSummary {
  const orgNames = new Map(ORGANIZATIONS.map((o) => [o.id!, o.name]));
  // The foreign buyer signs itself up (seedDemoBuyer), so it is not among USERS.
  const buyer = { email: DEMO_BUYER.email, roles: ['foreign_buyer' as const], org: DEMO_BUYER.name };
  return { users: [...USERS.map((u) => ({ email: u.email, roles: u.roles, org: orgNames.get(u.orgId)! })), buyer] };
}

/**
 * The screening list the demo activates: a dated subset of the trade.gov Consolidated Screening
 * List (BIS and State lists, about May 2022; data/screening/README.md).
 */
export const DEMO_LIST_FILE = new URL('../../../data/screening/csl-2022-05-bis-state.csv', import.meta.url);
let shippedList: ParsedList | undefined;

/** The shipped snapshot, parsed once per process (a server seeds once; a test file may seed several databases). */
export function shippedScreeningList(): ParsedList {
  shippedList ??= parseUploadedList(readFileSync(DEMO_LIST_FILE, 'utf8'), 'csl-2022-05-bis-state.csv', 'csl');
  return shippedList;
}

export interface DemoOptions {
  /**
   * The screening list the demo imports and activates instead of the shipped snapshot. The tests
   * that do not exercise the snapshot pass a small one: importing the snapshot's 3,625 entries and
   * building their screening index costs one to two seconds for every database seeded.
   */
  screeningList?: ParsedList;
}

type DemoNarratives = Record<string, { body: string; bci?: boolean; justification?: string }>;

/** The demo call: rolling, opened two months before the demo's date, reviewed in the program's default window. */
function demoCall(deps: Deps) {
  return {
    title: 'Full-stack AI export packages — rolling call',
    summary: 'Consortia led by a US company propose full-stack AI packages (infrastructure, data, models, security, applications) for partner markets. Proposals are reviewed at each cut-off.',
    opensAt: addDays(deps.clock, -60),
    closesAt: null,
    reviewCutoffs: [addDays(deps.clock, 45).slice(0, 10), addDays(deps.clock, 135).slice(0, 10)],
    eligibleRegions: ['Middle East', 'Africa', 'South America', 'Southeast Asia'],
    eligibleSectors: ['government_services', 'healthcare', 'agriculture', 'energy'],
    requirements: {
      sections: [
        { key: 'need', title: 'Need and impact', maxWords: 800, required: true },
        { key: 'approach', title: 'Technical approach', maxWords: 1500, required: true },
        { key: 'security_plan', title: 'Security plan', maxWords: 1000, required: false },
      ],
      attachmentTypes: [
        { key: 'financial_plan', title: 'Financial plan', required: false, maxBytes: 20 * 1024 * 1024, mimeTypes: ['application/pdf'], publicVersionRequiredIfBci: true },
        { key: 'letters_of_support', title: 'Letters of support', required: false, maxBytes: 20 * 1024 * 1024, mimeTypes: ['application/pdf'], publicVersionRequiredIfBci: false },
      ],
      bciJustificationRequired: true,
    },
    reviewDueDays: deps.config.REVIEW_DUE_DAYS,
  };
}

/** Narratives of a demo proposal; with `bciSecurity` its security plan is marked business-confidential. */
function narrativesFor(subject: string, bciSecurity: boolean): DemoNarratives {
  return {
    need: { body: `## Need\n\nPartner governments have asked for ${subject}. The package answers that demand with a **US full stack** and local partners.` },
    approach: { body: `## Approach\n\n1. Build the infrastructure layer with US accelerators.\n2. Prepare local-language data.\n3. Fine-tune and deploy the models.\n4. Operate under the security plan.` },
    security_plan: bciSecurity
      ? { body: 'Site-level controls, chip location verification and model-weight custody procedures (details withheld from the public).', bci: true, justification: 'Reveals site layouts and custody procedures that competitors could exploit.' }
      : { body: 'Role-based access, audit logging and end-use monitoring as described in the package.' },
  };
}

export async function loadDemoData(deps: Deps, opts: DemoOptions = {}): Promise<DemoSummary> {
  for (const o of ORGANIZATIONS) await createOrganization(deps, null, o);
  const userIds = new Map<string, string>();
  for (const u of USERS) userIds.set(u.email, await createUser(deps, null, { ...u, password: deps.config.DEMO_PASSWORD }));
  // Demo accounts whose roles require two-factor sign-in get an authenticator derived from
  // DEMO_PASSWORD (docs/security.md#two-factor-sign-in): the demo's sign-in page offers its code.
  for (const u of USERS) if (mfaRequiredForRoles(deps, u.roles)) await enrollDemoAccount(deps, userIds.get(u.email)!, u.email);
  const as = async (email: string): Promise<ServiceContext> => ({ ...deps, actor: (await loadActor(deps, userIds.get(email)!))! });

  // No list, no clearance: the administrator imports and activates the list snapshot as an upload
  // is; its re-screening job runs before the ASEAN package is designated.
  const admin = await as('admin@aiep.example');
  const list = await importParsedList(deps, opts.screeningList ?? shippedScreeningList(), { actorId: admin.actor.userId });
  await activateListVersion(deps, admin.actor.userId, list.id);

  // The program office's open call the demo proposals answer: rolling (no closing date), with review
  // cut-offs, three narrative sections and optional attachments.
  const office = await as('program.officer@ita.example');
  const drafted = await createCall(office, demoCall(deps));
  const call = await moveCall(office, drafted.id, 'publish', drafted.version);
  const narrate = async (ctx: ServiceContext, proposalId: string, texts: DemoNarratives) => {
    for (const [key, text] of Object.entries(texts)) {
      await saveNarrative(ctx, proposalId, key, { bodyMarkdown: text.body, bci: text.bci ?? false, bciJustification: text.bci ? (text.justification ?? null) : null, expectedRevision: 0 });
    }
  };

  // 1. Sovereign AI cloud for the Gulf: complete and submitted, in eligibility screening.
  const meridian = await as('anchor@meridian.example');
  const gulf = await createConsortium(meridian, { name: 'Gulf Sovereign AI Cloud Consortium', layerRoles: ['infrastructure', 'data', 'model', 'application'] });
  await inviteMember(meridian, gulf.id, { orgId: 'org-lattice', layerRoles: ['infrastructure'] });
  await inviteMember(meridian, gulf.id, { orgId: 'org-sentinel', layerRoles: ['security'] });
  await inviteMember(meridian, gulf.id, { orgId: 'org-falcon', layerRoles: ['infrastructure'] });
  for (const e of ['member@lattice.example', 'member@sentinel.example', 'member@falcon.example']) await respondToInvitation(await as(e), gulf.id, true);
  const gulfProposal = await createProposal(meridian, {
    consortiumId: gulf.id,
    callId: call.id,
    title: 'Sovereign AI Cloud for the UAE and Saudi Arabia',
    summary: 'A 40 MW sovereign AI cloud with US accelerators, Arabic-language data and models, chip location verification and government service applications.',
    package: PackageSchema.parse(GULF_PACKAGE),
  });
  for (const e of ['anchor@meridian.example', 'member@lattice.example', 'member@sentinel.example', 'member@falcon.example']) {
    await certifyProposal(await as(e), gulfProposal.id, [...CERTIFICATIONS]);
  }
  await narrate(meridian, gulfProposal.id, narrativesFor('the Gulf sovereign AI cloud', true));
  await submitProposal(meridian, gulfProposal.id);
  const po = await as('program.officer@ita.example');
  await transitionProposal(po, gulfProposal.id, 'start_eligibility', 'Complete; routing to eligibility screening.');

  // 2. Health AI for East Africa: a draft with gaps (a member fails the country-of-concern test).
  const harbor = await as('anchor@harborhealth.example');
  const health = await createConsortium(harbor, { name: 'East Africa Health AI Alliance', layerRoles: ['infrastructure', 'model', 'application'] });
  await inviteMember(harbor, health.id, { orgId: 'org-riftvalley', layerRoles: ['data', 'infrastructure'] });
  await inviteMember(harbor, health.id, { orgId: 'org-jade', layerRoles: ['infrastructure'] });
  await respondToInvitation(await as('member@riftvalley.example'), health.id, true);
  await respondToInvitation(await as('member@jadeharbour.example'), health.id, true);
  const healthProposal = await createProposal(harbor, {
    consortiumId: health.id,
    callId: call.id,
    title: 'Clinical AI for the East African Community',
    summary: 'Radiology triage and clinic referral for public hospitals across the EAC.',
    package: PackageSchema.parse(HEALTH_PACKAGE),
  });
  await certifyProposal(harbor, healthProposal.id, ['antiBribery', 'exportControl']);
  await narrate(harbor, healthProposal.id, narrativesFor('clinical AI in East Africa', false));

  // 3. Agriculture AI for South America: submitted, then returned for information (revision 2 in progress).
  const prairie = await as('anchor@prairiesignal.example');
  const agri = await createConsortium(prairie, { name: 'Andes–Pampa Agriculture AI Partnership', layerRoles: ['infrastructure', 'model', 'security'] });
  await inviteMember(prairie, agri.id, { orgId: 'org-pampa', layerRoles: ['data', 'application'] });
  await respondToInvitation(await as('member@pampa.example'), agri.id, true);
  const agriProposal = await createProposal(prairie, {
    consortiumId: agri.id,
    callId: call.id,
    title: 'Precision Agriculture AI for Argentina and Brazil',
    summary: 'Yield forecasting and pest detection for farming cooperatives, with edge servers and a bilingual advisory app.',
    package: PackageSchema.parse(AGRI_PACKAGE),
  });
  await certifyProposal(prairie, agriProposal.id, [...CERTIFICATIONS]);
  await certifyProposal(await as('member@pampa.example'), agriProposal.id, [...CERTIFICATIONS]);
  await narrate(prairie, agriProposal.id, narrativesFor('precision agriculture in Argentina and Brazil', false));
  await submitProposal(prairie, agriProposal.id);
  await transitionProposal(po, agriProposal.id, 'start_eligibility', undefined);
  await transitionProposal(po, agriProposal.id, 'return_for_information', 'Please name the owner of the Brazilian edge sites and confirm the cooperative data-sharing terms.');

  // 4. Digital government AI for ASEAN: reviewed, consulted and designated — it is on the public catalog.
  const cascade = await as('anchor@cascade.example');
  const asean = await createConsortium(cascade, { name: 'ASEAN Digital Government AI Consortium', layerRoles: ['infrastructure', 'model'] });
  await inviteMember(cascade, asean.id, { orgId: 'org-kestrel', layerRoles: ['security'] });
  await inviteMember(cascade, asean.id, { orgId: 'org-merlion', layerRoles: ['data', 'application'] });
  await respondToInvitation(await as('member@kestrel.example'), asean.id, true);
  await respondToInvitation(await as('member@merlion.example'), asean.id, true);
  const aseanProposal = await createProposal(cascade, {
    consortiumId: asean.id,
    callId: call.id,
    title: 'Digital Government AI for ASEAN Ministries',
    summary: 'A sovereign government cloud with multilingual open-weight models and citizen-service assistants for ASEAN ministries.',
    package: PackageSchema.parse(ASEAN_PACKAGE),
  });
  for (const e of ['anchor@cascade.example', 'member@kestrel.example', 'member@merlion.example']) await certifyProposal(await as(e), aseanProposal.id, [...CERTIFICATIONS]);
  await narrate(cascade, aseanProposal.id, narrativesFor('digital government for ASEAN ministries', true));
  await submitProposal(cascade, aseanProposal.id);
  await transitionProposal(po, aseanProposal.id, 'start_eligibility', undefined);
  // Review starts only on a complete eligibility checklist.
  await saveEligibility(po, aseanProposal.id, ELIGIBILITY_CRITERIA.map((c) => ({ criterionId: c.id, answer: 'met' as const, note: 'Checked against the submitted package.' })));
  await startReview(po, aseanProposal.id, 'Eligible and complete.');
  const reviewers = ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example'];
  const panel = await assignReviewers(po, aseanProposal.id, { reviewerIds: reviewers.map((e) => userIds.get(e)!) });
  const rubric = await getRubric(deps);
  for (const [i, email] of reviewers.entries()) {
    const reviewer = await as(email);
    const assignment = panel.assignments.find((a) => a.reviewer.id === reviewer.actor.userId)!;
    await declareConflict(reviewer, assignment.id, { conflict: false, statement: 'No financial or personal interest in any consortium member.' });
    const scores = Object.fromEntries(rubric.map((c, j) => [c.key, { score: 3 + ((i + j) % 3), comment: `Assessment of ${c.title.toLowerCase()}.` }]));
    await saveReview(reviewer, assignment.id, { scores, comment: 'A credible, well-secured stack with clear demand from ministries.', submit: true });
  }
  const consultations = await requestConsultations(po, aseanProposal.id, {});
  for (const email of ['reviewer@state.example', 'reviewer@war.example', 'reviewer@energy.example', 'reviewer@ostp.example']) {
    const official = await as(email);
    const c = consultations.find((x) => x.agency === official.actor.agency)!;
    await answerConsultation(official, c.id, email.includes('war')
      ? { position: 'concur_with_conditions', rationale: 'Supports partner resilience.', conditions: ['No access by military end users without prior review.'] }
      : { position: 'concur', rationale: 'Consistent with our priorities in the region.', conditions: [] });
  }
  await recommend(po, aseanProposal.id, { recommendation: 'designate', rationale: 'Strong scores, all agencies concur, US content above the presumption.' });
  await transitionProposal(po, aseanProposal.id, 'send_to_decision', undefined);
  // The worker's job (re-screening after the activation): every party, the ASEAN package's included, is screened.
  await runJobsOnce(deps);
  await decide(await as('decision@ita.example'), aseanProposal.id, {
    decision: 'designated',
    nationalInterestDetermination: 'The package advances US AI leadership and partner digital sovereignty in Southeast Asia.',
    conditions: ['Annual US-content re-certification', 'Chip location verification kept active'],
    termMonths: 36,
    feedback: '',
    publicDescription: 'Sovereign government cloud, multilingual open-weight models and citizen-service assistants for ASEAN ministries.',
    sectors: ['government_services', 'software_engineering'],
  });
  // What the designated package offers buyers, and its title and summary in French, Spanish and Arabic.
  await seedAseanProfile(cascade, aseanProposal.id);

  // 5. Deals under the ASEAN package, one at each stage, their financing consistent with the stage
  // rule: the EDAG coordinator and the EXIM and DFC officers find work on their home pages.
  await seedAseanDeals(as, aseanProposal.id);
  // A French-speaking foreign buyer interested in the ASEAN package (docs/buyers.md).
  await seedDemoBuyer(deps, aseanProposal.id);

  // Northstar has a company and a user but no consortium yet: a clean start for a new applicant.
  return demoSummary();
}

/** An agency's step on a request, with its amount where the step takes one. */
type RequestStep = FinancingAction | [FinancingAction, number];

interface DemoDeal {
  deal: Omit<DealInput, 'competitors' | 'sector'> & { sector?: DealInput['sector'] };
  /** One financing request and the agency's steps on it (the deal's stage follows them by itself). */
  request?: { agency: 'EXIM' | 'DFC'; instrument: string; requestedUsd: number; steps: RequestStep[] };
  advocacy?: { kind: 'letter' | 'meeting' | 'call' | 'visit' | 'other'; occurredOn: string; description: string }[];
  /** Where the EDAG coordinator moves the deal by hand afterwards, and why. */
  move?: { stage: DealStage; reason: string };
}

const TO_COMMITMENT = (indicative: number, committed: number): RequestStep[] => [
  'submit_to_agency',
  ['indicative_offer', indicative],
  'due_diligence',
  'approve',
  ['final_commitment', committed],
];

/** Deals stay clear of MY and VN, where the tests and the browser tests open their own. */
const ASEAN_DEALS: DemoDeal[] = [
  { deal: { country: 'KH', buyerName: 'Cambodia Ministry of Post and Telecommunications', buyerType: 'government', valueUsd: 9_000_000 } },
  {
    deal: { country: 'ID', buyerName: 'Indonesia Ministry of Communication and Digital Affairs', buyerType: 'government', valueUsd: 24_000_000 },
    request: { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 15_000_000, steps: [] },
  },
  {
    deal: { country: 'PH', buyerName: 'Philippine Department of Information and Communications Technology', buyerType: 'government', valueUsd: 18_000_000 },
    request: { agency: 'DFC', instrument: 'loan', requestedUsd: 8_000_000, steps: [] },
    advocacy: [
      { kind: 'letter', occurredOn: '2026-10-02', description: 'Ambassador’s letter to the Secretary on the sovereign cloud tender.' },
      { kind: 'meeting', occurredOn: '2026-10-20', description: 'Commercial counselor met the undersecretary for e-government.' },
    ],
    move: { stage: 'advocacy', reason: 'Embassy advocacy under way ahead of the tender.' },
  },
  {
    deal: { country: 'TH', buyerName: 'Thailand Digital Government Development Agency', buyerType: 'state_owned', valueUsd: 30_000_000 },
    request: { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 20_000_000, steps: ['submit_to_agency', ['indicative_offer', 18_000_000]] },
  },
  {
    deal: { country: 'LA', buyerName: 'Lao Ministry of Technology and Communications', buyerType: 'government', valueUsd: 7_500_000 },
    request: { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 5_000_000, steps: ['submit_to_agency', ['indicative_offer', 5_000_000], 'due_diligence'] },
    move: { stage: 'licensing', reason: 'Terms agreed; the export licenses for the servers are being applied for.' },
  },
  {
    deal: { country: 'BN', buyerName: 'Brunei Digital Economy Council', buyerType: 'government', valueUsd: 12_000_000 },
    request: { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 10_000_000, steps: TO_COMMITMENT(10_000_000, 10_000_000) },
  },
  {
    // The example: $28M committed and $10M disbursed — the deal is past contract signature.
    deal: { country: 'SG', buyerName: 'Singapore GovTech Agency', buyerType: 'government', valueUsd: 40_000_000 },
    request: { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 30_000_000, steps: [...TO_COMMITMENT(30_000_000, 28_000_000), 'close', ['disburse', 10_000_000]] },
  },
  {
    deal: { country: 'TL', buyerName: 'Timor-Leste Ministry of Transport and Communications', buyerType: 'government', valueUsd: 6_000_000 },
    request: { agency: 'DFC', instrument: 'loan', requestedUsd: 4_000_000, steps: [...TO_COMMITMENT(4_000_000, 4_000_000), 'close', ['disburse', 1_500_000]] },
    move: { stage: 'in_delivery', reason: 'The first data hall shipped; installation under way.' },
  },
  {
    deal: { country: 'PH', buyerName: 'Philippine Statistics Authority', buyerType: 'government', valueUsd: 5_000_000 },
    request: { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 4_000_000, steps: [...TO_COMMITMENT(4_000_000, 4_000_000), 'close', ['disburse', 4_000_000], 'service'] },
    move: { stage: 'operational', reason: 'Census services run on the sovereign cloud since October.' },
  },
  { deal: { country: 'KH', buyerName: 'Phnom Penh Municipal Services', buyerType: 'government', valueUsd: 3_000_000 }, move: { stage: 'on_hold', reason: 'The municipality postponed its budget to next fiscal year.' } },
  { deal: { country: 'ID', buyerName: 'Jakarta Smart City Authority', buyerType: 'government', valueUsd: 11_000_000 }, move: { stage: 'closed_lost', reason: 'Awarded to a competing bid with state-backed financing.' } },
  { deal: { country: 'LA', buyerName: 'Vientiane Data Exchange', buyerType: 'state_owned', valueUsd: 2_000_000 }, move: { stage: 'cancelled', reason: 'The buyer withdrew the project.' } },
];

async function seedAseanDeals(as: (email: string) => Promise<ServiceContext>, proposalId: string) {
  const edag = await as('edag@state.example');
  const cascade = await as('anchor@cascade.example');
  const officers = { EXIM: await as('finance@exim.example'), DFC: await as('finance@dfc.example') };
  const licensed = new Set<string>();
  for (const d of ASEAN_DEALS) {
    const deal = await createDeal(edag, proposalId, { ...d.deal, sector: d.deal.sector ?? 'government_services', competitors: [{ name: 'State-backed cloud vendor', country: 'CN' }] });
    for (const a of d.advocacy ?? []) await addAdvocacy(edag, deal.id, a);
    if (d.request) {
      const officer = officers[d.request.agency];
      let r = await referRequest(edag, deal.id, { agency: d.request.agency, instrument: d.request.instrument, requestedUsd: d.request.requestedUsd });
      for (const step of d.request.steps) {
        const [action, amountUsd] = typeof step === 'string' ? [step, undefined] : step;
        // The license gate: the export licenses the deal's country needs are approved before commitment.
        if (action === 'final_commitment' && !licensed.has(deal.country)) {
          await approveLicenses(cascade, proposalId, deal.country);
          licensed.add(deal.country);
        }
        r = await actOnRequest(officer, r.id, action, { version: r.version, ...(amountUsd ? { amountUsd } : {}) });
      }
    }
    if (d.move) await moveDealStage(edag, deal.id, { ...d.move, version: (await getDeal(edag, deal.id)).version });
  }
}

/**
 * Records an approved export license for every component the compliance matrix finds needing one in
 * the country: issued a month ago, valid four years, authorizing up to USD 100 million.
 */
async function approveLicenses(anchor: ServiceContext, proposalId: string, country: string) {
  const needs = await licenseNeedsForMarket(anchor, proposalId, country);
  const day = (offsetDays: number) => new Date(anchor.clock.millis() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  for (const [i, n] of needs.entries()) {
    const number = `D${country.charCodeAt(0)}${country.charCodeAt(1)}${String(1000 + i)}`;
    await createLicense(
      anchor,
      proposalId,
      LicenseCreateSchema.parse({
        componentId: n.componentId,
        market: country,
        status: 'approved',
        bisApplicationNumber: number,
        licenseNumber: `L${number.slice(1)}`,
        submittedOn: day(-75),
        validFrom: day(-30),
        expiresAt: day(4 * 365 - 30),
        authorizedValueUsd: 100_000_000,
      }),
    );
  }
}
