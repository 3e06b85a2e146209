// Public catalog answers for the web tests, checked against the API's response schemas.
import { CatalogEntryResponse, CatalogSearchResponse, ProgramStatisticsSchema } from '../../../shared/contracts/catalog.ts';
import { PublicCallListSchema } from '../../../shared/contracts/calls.ts';
import { ok } from '../../test/api-stub.ts';
import { reference } from '../../test/recorded.ts';

export const aseanEntry = CatalogEntryResponse.parse({
  id: 'pkg-asean',
  title: 'Digital Government AI for ASEAN Ministries',
  description: 'Sovereign cloud, multilingual models and a citizen services assistant for ministries.',
  consortium: {
    name: 'Pacific Rim Digital Government Consortium',
    members: [
      { name: 'Cascade Cloud Systems Inc.', country: 'US' },
      { name: 'Merlion Data Pte. Ltd.', country: 'SG' },
    ],
  },
  layers: ['infrastructure', 'model'],
  sectors: ['government_services'],
  // As the server sends them: in the order of the countries' names.
  countries: ['ID', 'PH', 'SG'],
  regions: ['east_asia_pacific'],
  blocs: ['ASEAN'],
  blocNames: ['Association of Southeast Asian Nations'],
  designatedAt: '2026-11-20T10:00:00.000Z',
  translation: null,
  profile: null,
});

/** The same package asked for in French: the consortium's translation and its declared offer. */
export const aseanEntryFr = CatalogEntryResponse.parse({
  ...aseanEntry,
  translation: {
    locale: 'fr',
    title: 'IA pour l’administration numérique des ministères de l’ASEAN',
    description: 'Cloud souverain, modèles multilingues et assistant de services aux citoyens pour les ministères.',
    providedBy: 'consortium',
  },
  profile: {
    deployments: ['sovereign_cloud', 'on_premises'],
    dataResidency: ['in_country'],
    modelLicensing: ['open_weight', 'licensed'],
    languages: ['en', 'fil', 'id'],
    budgetMinUsd: 2_500_000,
    budgetMaxUsd: 12_000_000,
    deliveryMonths: 9,
    financing: ['EXIM', 'USTDA'],
  },
});

const { blocNames: _detailOnly, ...listed } = aseanEntry;
export const catalogAnswer = CatalogSearchResponse.parse({ items: [listed], total: 1 });
const { blocNames: _detailOnlyFr, ...listedFr } = aseanEntryFr;
/** The catalog asked for in French: the ASEAN package translated, and one without a translation (English shown). */
export const catalogAnswerFr = CatalogSearchResponse.parse({
  items: [
    listedFr,
    {
      ...listed,
      id: 'pkg-agri',
      title: 'Precision Agriculture AI for the Andes',
      description: 'Crop models and sensor networks for smallholder cooperatives.',
      sectors: ['agriculture'],
      countries: ['BR'],
      regions: ['latin_america_caribbean'],
      blocs: [],
    },
  ],
  total: 2,
});

export const statistics = ProgramStatisticsSchema.parse({ submitted: 4, underReview: 1, designated: 1, byRegion: [], bySector: [], byCountry: { ID: 1, PH: 1, SG: 1 } });

/** The reference with the countries these fixtures name, in code order as the API sends it. */
export const catalogReference = {
  ...reference,
  countries: [
    { code: 'BR', name: 'Brazil' },
    { code: 'ID', name: 'Indonesia' },
    { code: 'PH', name: 'Philippines' },
    { code: 'SG', name: 'Singapore' },
    { code: 'US', name: 'United States' },
    { code: 'VN', name: 'Vietnam' },
    { code: 'AE', name: 'United Arab Emirates' },
  ].sort((a, b) => a.code.localeCompare(b.code)),
};

/** The open calls the catalog lists above the packages. */
export const openCalls = PublicCallListSchema.parse({
  items: [
    {
      id: 'call-rolling',
      title: 'Full-stack AI export packages — rolling call',
      summary: 'Consortia propose full-stack AI packages for partner markets.',
      opensAt: '2026-09-17T12:00:00.000Z',
      closesAt: null,
      rolling: true,
      eligibleRegions: ['Southeast Asia'],
      eligibleSectors: ['agriculture'],
    },
  ],
});

export const publicRoutes = { 'GET /api/v1/public/statistics': ok(statistics), 'GET /api/v1/reference': ok(catalogReference), 'GET /api/v1/public/calls': ok(openCalls) };
