// The life of an export license record, from the draft application to its end (docs/domain.md#export-licenses).
// One definition for the server (which enforces it), the web app (which offers only the allowed
// steps) and the financing gate (which asks whether a license is good on a date).

/**
 * draft → submitted (to BIS, with the application number) → returned (without action, with a reason)
 * or approved (license number, conditions, validity, authorized quantity and value) or denied →
 * shipped_against (the first shipment recorded) → expired (end of validity) or revoked.
 * not_required: a cell the compliance officer decided needs no license.
 */
export const LICENSE_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'denied', 'shipped_against', 'expired', 'revoked', 'not_required'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/**
 * Status values of records written before migration 016, accepted on input for compatibility:
 * `needed` is now `draft` (016 rewrote the stored ones).
 */
export const LEGACY_LICENSE_STATUS: Readonly<Record<string, LicenseStatus>> = { needed: 'draft' };

/** The steps a person may take, from each status. `shipped_against` is reached only by recording a shipment. */
export const LICENSE_TRANSITIONS: Readonly<Record<LicenseStatus, readonly LicenseStatus[]>> = {
  draft: ['submitted', 'not_required'],
  submitted: ['returned', 'approved', 'denied'],
  returned: ['submitted', 'draft'],
  approved: ['expired', 'revoked'],
  denied: [],
  shipped_against: ['expired', 'revoked'],
  expired: [],
  revoked: [],
  not_required: ['draft'],
};

/** Statuses a license record may be created in: a new application, or one recorded after the fact. */
export const LICENSE_CREATE_STATUSES: readonly LicenseStatus[] = ['draft', 'submitted', 'approved', 'not_required'];

/** Statuses that only exist once BIS has the application, so they need its number. */
export const LICENSE_STATUSES_WITH_APPLICATION: readonly LicenseStatus[] = ['submitted', 'approved', 'denied', 'returned', 'shipped_against', 'expired', 'revoked'];

/** Statuses of a license that BIS issued (it may authorize exports when its validity covers the day). */
export const LICENSE_ISSUED_STATUSES: readonly LicenseStatus[] = ['approved', 'shipped_against'];

/** Statuses after which nothing more happens to the record. */
export const LICENSE_FINAL_STATUSES: readonly LicenseStatus[] = ['denied', 'expired', 'revoked'];

export function licenseTransitionAllowed(from: LicenseStatus, to: LicenseStatus): boolean {
  return from === to || LICENSE_TRANSITIONS[from].includes(to);
}

/** What the gate and the shipment check need of a license. */
export interface LicenseStanding {
  status: LicenseStatus;
  validFrom: string | null;
  expiresAt: string | null;
  remainingQuantity: number | null;
  remainingValueUsd: number | null;
}

/**
 * Why the license does not authorize exports on `day` (YYYY-MM-DD), or null when it does. A
 * validity bound not recorded does not limit it (records entered before migration 016 have none).
 */
export function licenseInvalidOn(l: LicenseStanding, day: string): string | null {
  if (l.status === 'expired') return l.expiresAt ? `expired on ${l.expiresAt}` : 'expired';
  if (l.status === 'revoked') return 'revoked';
  if (!LICENSE_ISSUED_STATUSES.includes(l.status)) return `not approved (${l.status})`;
  if (l.validFrom && day < l.validFrom) return `not valid before ${l.validFrom}`;
  if (l.expiresAt && day > l.expiresAt) return `expired on ${l.expiresAt}`;
  return null;
}

/** Whole days from one YYYY-MM-DD to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
