// Program roles (docs/domain.md#organizations-and-roles). Company-side roles are held by users of member companies; whether a
// company is the anchor of a given consortium is a fact of that consortium, not of the user.
export const ROLES = [
  'anchor_member',
  'consortium_member',
  'compliance_officer',
  'program_officer',
  'screening_analyst',
  'decision_official',
  'interagency_reviewer',
  'edag_coordinator',
  'financing_officer',
  'auditor',
  'admin',
  'foreign_buyer',
] as const;
export type Role = (typeof ROLES)[number];

export const COMPANY_ROLES: readonly Role[] = ['anchor_member', 'consortium_member', 'compliance_officer'];

/** 'buyer': a foreign buyer organization (a ministry, a national telecom, a sovereign-cloud operator) that signed itself up. */
export const ORGANIZATION_KINDS = ['company', 'agency', 'oversight', 'buyer'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const AGENCIES = ['COMMERCE_ITA', 'STATE', 'WAR', 'ENERGY', 'OSTP', 'EXIM', 'DFC', 'USTDA', 'SBA'] as const;
export type Agency = (typeof AGENCIES)[number];

export const AGENCY_NAMES: Record<Agency, string> = {
  COMMERCE_ITA: 'Department of Commerce, International Trade Administration',
  STATE: 'Department of State',
  WAR: 'Department of War (Defense)',
  ENERGY: 'Department of Energy',
  OSTP: 'Office of Science and Technology Policy',
  EXIM: 'Export-Import Bank of the United States',
  DFC: 'U.S. International Development Finance Corporation',
  USTDA: 'U.S. Trade and Development Agency',
  SBA: 'Small Business Administration',
};
