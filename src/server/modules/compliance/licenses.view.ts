// A license record as the API shows it: its facts, its balance after the shipments drawn against it,
// how long BIS has had it, and the steps a keeper may take next. Pure: the matrix (compliance.service)
// and the license use cases (licenses.service) both build it.
import type { LicenseStatus, LicenseView } from '../../../shared/contracts/compliance.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import { daysBetween, licenseInvalidOn, LICENSE_TRANSITIONS } from '../../../shared/domain/license-lifecycle.ts';
import type { Deps } from '../../lib/context.ts';
import type { LicenseRow } from './licenses.repository.ts';

const remaining = (authorized: number | null, shipped: number) => (authorized === null ? null : Math.max(0, authorized - shipped));

/** How long BIS has had an application against the target: overdue past it, due_soon past three quarters of it. */
export function agingOf(daysPending: number | null, targetDays: number): LicenseView['aging'] {
  if (daysPending === null) return null;
  return daysPending > targetDays ? 'overdue' : daysPending > targetDays * 0.75 ? 'due_soon' : 'on_track';
}

/** `deps` gives today and the target for BIS's decision (LICENSE_PENDING_TARGET_DAYS). */
export function toLicenseView(r: LicenseRow, pkg: Package, countries: readonly string[], partiesByMarket: Map<string, string[]>, deps: Pick<Deps, 'clock' | 'config'>): LicenseView {
  const today = deps.clock.today();
  const orphaned =
    !pkg.components.some((c) => c.id === r.component_id) ||
    !countries.includes(r.market) ||
    (r.party_id !== null && !(partiesByMarket.get(r.market) ?? []).includes(r.party_id));
  const status = r.status as LicenseStatus;
  const shippedQuantity = Number(r.shipped_quantity);
  const shippedValueUsd = Number(r.shipped_value_usd);
  const authorizedQuantity = r.authorized_quantity === null ? null : Number(r.authorized_quantity);
  const authorizedValueUsd = r.authorized_value_usd === null ? null : Number(r.authorized_value_usd);
  const daysPending = status === 'submitted' && r.submitted_on ? Math.max(0, daysBetween(r.submitted_on, today)) : null;
  return {
    id: r.id,
    proposalId: r.proposal_id,
    componentId: r.component_id,
    market: r.market,
    partyId: r.party_id,
    status,
    bisApplicationNumber: r.bis_application_number,
    conditions: JSON.parse(r.conditions_json) as string[],
    expiresAt: r.expires_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    orphaned,
    licenseNumber: r.license_number,
    submittedOn: r.submitted_on,
    decidedOn: r.decided_on,
    returnedReason: r.returned_reason,
    validFrom: r.valid_from,
    authorizedQuantity,
    authorizedValueUsd,
    shippedQuantity,
    shippedValueUsd,
    remainingQuantity: remaining(authorizedQuantity, shippedQuantity),
    remainingValueUsd: remaining(authorizedValueUsd, shippedValueUsd),
    statusChangedOn: r.status_changed_on,
    daysPending,
    aging: agingOf(daysPending, deps.config.LICENSE_PENDING_TARGET_DAYS),
    nextStatuses: [...LICENSE_TRANSITIONS[status]],
  };
}

/**
 * Why a license record does not clear its cell for an export (or a financing) on `day`, or null
 * when it does: not_required clears; otherwise BIS must have issued it, its validity must cover the
 * day, and its balance must not be exhausted — when `requiredValueUsd` is known, its remaining value
 * must cover it. A quantity or value the record does not carry does not limit it.
 */
export function licenseBlocker(l: LicenseView, day: string, requiredValueUsd: number | null): string | null {
  if (l.status === 'not_required') return null;
  const invalid = licenseInvalidOn(l, day);
  if (invalid) return invalid;
  if (l.remainingQuantity !== null && l.remainingQuantity <= 0) return `exhausted: the authorized quantity (${l.authorizedQuantity}) is shipped`;
  if (l.remainingValueUsd !== null) {
    if (l.remainingValueUsd <= 0) return `exhausted: the authorized value (${usd(l.authorizedValueUsd!)}) is shipped`;
    if (requiredValueUsd !== null && l.remainingValueUsd + 0.005 < requiredValueUsd) return `exhausted: ${usd(l.remainingValueUsd)} remain of the authorized value, the financed scope is ${usd(requiredValueUsd)}`;
  }
  return null;
}

const usd = (n: number) => `${Math.round(n).toLocaleString('en-US')} USD`;

/** Statuses of an application still under way: while one exists, its cell is not settled. */
const PENDING: readonly LicenseStatus[] = ['draft', 'submitted', 'returned'];

/**
 * Whether a cell's license records clear it on `day`: one of them clears, and none is still pending
 * (a denied, expired or revoked record is history once another clears). Returns the records that
 * hold it up, each with why.
 */
export function cellLicenseStanding(licenses: readonly LicenseView[], day: string, requiredValueUsd: number | null) {
  const judged = licenses.map((l) => ({ license: l, blocker: licenseBlocker(l, day, requiredValueUsd) }));
  const anyClears = judged.some((j) => j.blocker === null);
  const pending = judged.filter((j) => PENDING.includes(j.license.status));
  const cleared = anyClears && pending.length === 0;
  const holding = cleared ? [] : anyClears ? pending : judged;
  return { cleared, holding };
}
