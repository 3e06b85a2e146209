// Test data of the financing screens: answers of the financing routes in the shape of the demo's
// ASEAN deals, each checked against its response schema so the tests read what the server sends.
import { DealRecordSchema, FinancingRequestSchema, PortfolioPackageSchema, PortfolioSchema, type DealRecord, type FinancingRequest, type Portfolio, type PortfolioPackage } from '../../../shared/contracts/financing.ts';
import type { SessionUser } from '../../lib/types.ts';

export const edagCoordinator: SessionUser = {
  id: 'u-edag',
  email: 'edag@state.example',
  name: 'Jamie Alvarez',
  roles: ['edag_coordinator'],
  org: { id: 'org-state', name: 'Department of State', kind: 'agency', agency: 'STATE' },
};

export const eximOfficer: SessionUser = {
  id: 'u-exim',
  email: 'finance@exim.example',
  name: 'Chris Duval',
  roles: ['financing_officer'],
  org: { id: 'org-exim', name: 'Export-Import Bank of the United States', kind: 'agency', agency: 'EXIM' },
};

export function request(overrides: Partial<FinancingRequest> = {}): FinancingRequest {
  return FinancingRequestSchema.parse({
    id: 'r-th',
    dealId: 'd-th',
    agency: 'EXIM',
    instrument: 'medium_term_guarantee',
    state: 'referred',
    requestedUsd: 20_000_000,
    indicativeUsd: null,
    committedUsd: null,
    disbursedUsd: 0,
    projectCostUsd: null,
    hostSubcontractShare: null,
    referredAt: '2026-11-02T09:00:00.000Z',
    committedAt: null,
    version: 1,
    eligibility: null,
    ...overrides,
  });
}

export function deal(overrides: Partial<DealRecord> = {}): DealRecord {
  return DealRecordSchema.parse({
    id: 'd-th',
    proposalId: 'p-asean',
    proposalTitle: 'Digital government AI for ASEAN',
    country: 'TH',
    buyerName: 'Thailand Digital Government Development Agency',
    buyerType: 'state_owned',
    valueUsd: 30_000_000,
    expectedDecisionDate: null,
    competitors: [{ name: 'State-backed cloud vendor', country: 'CN', nonUs: true }],
    sector: 'government_services',
    stage: 'negotiating',
    version: 3,
    createdAt: '2026-11-01T09:00:00.000Z',
    incomeGroup: 'upper_middle',
    advocacy: [{ id: 'adv-1', kind: 'letter', occurredOn: '2026-10-02', description: 'Ambassador’s letter to the Secretary.', version: 1, updatedAt: '2026-11-01T09:05:00.000Z' }],
    requests: [request({ state: 'indicative_offer', indicativeUsd: 18_000_000, version: 3 })],
    licenseGate: { licenses: [], blocking: [], clear: true },
    screeningGate: { clear: true, message: null },
    stageHistory: [
      { at: '2026-11-01T09:00:00.000Z', from: null, to: 'identified', system: false, reason: null },
      { at: '2026-11-02T09:00:00.000Z', from: 'identified', to: 'qualified', system: true, reason: 'The EXIM request reached referred' },
      { at: '2026-11-04T09:00:00.000Z', from: 'qualified', to: 'negotiating', system: true, reason: 'The EXIM request reached indicative offer' },
    ],
    mayMoveStage: true,
    mayEditAdvocacy: true,
    ...overrides,
  });
}

export function portfolioPackage(overrides: Partial<PortfolioPackage> = {}): PortfolioPackage {
  const d = deal();
  return PortfolioPackageSchema.parse({
    proposalId: 'p-asean',
    title: 'Digital government AI for ASEAN',
    consortiumName: 'Cascade Sovereign Cloud Consortium',
    designationState: 'active',
    designatedAt: '2026-10-01T12:00:00.000Z',
    countries: ['SG', 'TH'],
    mayOpenDeal: true,
    deals: [
      { id: d.id, proposalId: d.proposalId, proposalTitle: d.proposalTitle, country: d.country, buyerName: d.buyerName, buyerType: d.buyerType, valueUsd: d.valueUsd, expectedDecisionDate: null, competitors: d.competitors, sector: d.sector, stage: d.stage, version: d.version, createdAt: d.createdAt },
      { ...{ id: 'd-sg', proposalId: 'p-asean', proposalTitle: d.proposalTitle, country: 'SG', buyerName: 'Singapore GovTech Agency', buyerType: 'government', valueUsd: 40_000_000, expectedDecisionDate: null, competitors: [], sector: 'government_services', stage: 'contract_signed', version: 9, createdAt: d.createdAt } },
    ],
    ...overrides,
  });
}

export const demoPortfolio: Portfolio = PortfolioSchema.parse({
  scope: 'program',
  deals: { count: 3, open: 3, valueUsd: 76_000_000, byStage: { negotiating: 1, identified: 1, contract_signed: 1 }, byCountry: { TH: 1, SG: 1, KH: 1 }, bySector: { government_services: 3 } },
  requests: {
    count: 3,
    byState: { indicative_offer: 1, disbursing: 1, final_commitment: 1 },
    byAgency: { EXIM: 2, DFC: 1 },
    byInstrument: { 'EXIM:medium_term_guarantee': 2, 'DFC:loan': 1 },
    indicativeUsd: 18_000_000,
    committedUsd: 32_000_000,
    disbursedUsd: 10_000_000,
    committedByAgency: { EXIM: 28_000_000, DFC: 4_000_000 },
    committedByMonth: { '2026-08': 4_000_000, '2026-09': 0, '2026-10': 28_000_000 },
    committedByCountry: { SG: 28_000_000, TH: 4_000_000 },
  },
  committedByLayer: { infrastructure: 19_200_000, model: 9_600_000, security: 3_200_000 },
  daysFromDesignationToFirstCommitment: {
    mean: 42.5,
    min: 30,
    max: 55,
    packages: 2,
    byPackage: [
      { proposalId: 'p-asean', title: 'Digital government AI for ASEAN', days: 30 },
      { proposalId: 'p-gulf', title: 'Gulf sovereign AI cloud', days: 55 },
    ],
  },
});


/** The screening gate of a deal whose package's parties are not yet screened against the active list. */
export const NOT_YET_SCREENED =
  'Not yet screened against the active screening list: Cascade Cloud Systems Inc., Kestrel Cyber LLC, Merlion Data Pte. Ltd.. New and changed parties are screened within a few minutes; try again then.';
