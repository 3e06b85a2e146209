// Vocabulary of a full-stack AI export package (docs/domain.md#the-package).
export const LAYERS = ['infrastructure', 'data', 'model', 'security', 'application'] as const;
export type Layer = (typeof LAYERS)[number];

export const LAYER_LABELS: Record<Layer, string> = {
  infrastructure: 'Infrastructure (chips, servers, storage, networking, cloud)',
  data: 'Data (pipelines, labeling)',
  model: 'Models and AI systems',
  security: 'Security (cyber, weight protection, chip location verification, access control)',
  application: 'Applications (named use cases)',
};

export const COMPONENT_CATEGORIES = [
  'accelerator',
  'server',
  'storage',
  'networking',
  'cloud_service',
  'data_center_facility',
  'power_cooling',
  'data_pipeline',
  'labeling',
  'dataset',
  'model',
  'model_serving',
  'security_measure',
  'chip_location_verification',
  'access_control',
  'application',
  'integration_services',
  'training_services',
  'other',
] as const;
export type ComponentCategory = (typeof COMPONENT_CATEGORIES)[number];

/** The categories that fit each layer best; the builder offers these first, but any category is accepted. */
export const SUGGESTED_CATEGORIES: Record<Layer, readonly ComponentCategory[]> = {
  infrastructure: ['accelerator', 'server', 'storage', 'networking', 'cloud_service', 'data_center_facility', 'power_cooling'],
  data: ['data_pipeline', 'labeling', 'dataset'],
  model: ['model', 'model_serving'],
  security: ['security_measure', 'chip_location_verification', 'access_control'],
  application: ['application', 'integration_services', 'training_services'],
};

export const FINANCING_INSTRUMENTS = {
  EXIM: [
    'working_capital_guarantee',
    'credit_insurance',
    'medium_term_guarantee',
    'long_term_guarantee',
    'direct_loan',
    'project_finance',
  ],
  DFC: ['loan', 'guarantee', 'equity', 'political_risk_insurance'],
  USTDA: ['feasibility_study', 'technical_assistance', 'pilot', 'reverse_trade_mission'],
  SBA: ['export_working_capital', 'international_trade_loan', 'export_express'],
} as const;
export type FinancingAgency = keyof typeof FINANCING_INSTRUMENTS;
export const FINANCING_AGENCIES = Object.keys(FINANCING_INSTRUMENTS) as FinancingAgency[];

export const CERTIFICATIONS = ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'] as const;
export type CertificationKind = (typeof CERTIFICATIONS)[number];

export const CERTIFICATION_TEXT: Record<CertificationKind, string> = {
  antiBribery:
    'The member has not made and will not make any payment prohibited by the Foreign Corrupt Practices Act (15 U.S.C. 78dd-1 et seq.) in connection with this package.',
  exportControl:
    'The member will comply with the Export Control Reform Act (50 U.S.C. ch. 58) and the Export Administration Regulations (15 CFR 730-774) for every item it supplies.',
  outboundInvestment:
    'The member has assessed this package under the outbound investment rules (31 CFR Part 850) and will notify or refrain as they require.',
  bciConsent:
    'The member consents to its business-confidential information being shared inside the U.S. government with those who need it to review this proposal.',
};
