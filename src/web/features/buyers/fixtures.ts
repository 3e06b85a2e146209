// Answers of the buyer's API for the web tests, as the server gives them (interfaces in types.ts).
import type { SessionUser } from '../../lib/types.ts';
import type { BuyerStatus, Follow, Interest, InterestDetail, Match, MatchesAnswer, Requirement } from './types.ts';

export const buyerUser: SessionUser = {
  id: 'u-buyer-kh',
  email: 'achats@numerique.gov.kh.example',
  name: 'Sophea Chan',
  roles: ['foreign_buyer'],
  org: { id: 'org-buyer-kh', name: 'Ministère des Postes et Télécommunications', kind: 'buyer', agency: null },
};

export const clearStatus: BuyerStatus = { organization: { id: 'org-buyer-kh', name: 'Ministère des Postes et Télécommunications', country: 'KH', kind: 'government' }, screening: 'clear', message: null };

export const requirement: Requirement = {
  id: 'req-1',
  version: 1,
  title: 'Assistant for citizen services',
  country: 'KH',
  sector: 'government_services',
  layers: ['model', 'application'],
  deployments: ['sovereign_cloud'],
  dataResidency: 'in_country',
  modelLicensing: 'open_weight',
  languages: ['km', 'en'],
  budgetMinUsd: 2_000_000,
  budgetMaxUsd: 15_000_000,
  timeline: '6_to_12_months',
  financing: ['EXIM'],
  notes: null,
  shareWithConsortia: true,
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-21T09:00:00.000Z',
};

export const aseanMatch: Match = {
  proposalId: 'pkg-asean',
  title: 'Digital Government AI for ASEAN Ministries',
  translation: { locale: 'fr', title: 'IA pour l’administration numérique des ministères de l’ASEAN', description: 'Un cloud gouvernemental souverain…', providedBy: 'consortium' },
  score: 86,
  fit: 'strong',
  reasons: [
    { criterion: 'country', outcome: 'met', wanted: ['KH'], offered: ['KH'] },
    { criterion: 'languages', outcome: 'partial', wanted: ['km', 'en'], offered: ['en', 'th'] },
    { criterion: 'budget', outcome: 'met', wanted: [2_000_000, 15_000_000], offered: [11_410_000] },
    { criterion: 'timeline', outcome: 'unknown', wanted: ['6_to_12_months'], offered: [] },
  ],
};

export const matches: MatchesAnswer = { items: [{ requirement: { id: 'req-1', title: requirement.title, country: 'KH' }, matches: [aseanMatch] }] };

export const follow: Follow = { proposalId: 'pkg-asean', title: aseanMatch.title, translation: null, followedAt: '2026-11-22T10:00:00.000Z' };

export const interest: Interest = {
  id: 'int-1',
  reference: 'EOI-3F2A-9C1B-7D4E',
  proposalId: 'pkg-asean',
  proposalTitle: aseanMatch.title,
  requirementId: 'req-1',
  status: 'forwarded',
  consentToShare: true,
  message: 'Nous aimerions une démonstration.',
  createdAt: '2026-11-22T10:05:00.000Z',
  updatedAt: '2026-11-23T08:00:00.000Z',
};

export const interestDetail: InterestDetail = {
  ...interest,
  events: [
    { at: '2026-11-22T10:05:00.000Z', status: 'received', note: null },
    { at: '2026-11-23T08:00:00.000Z', status: 'forwarded', note: 'Transmis au consortium ASEAN.' },
  ],
};
