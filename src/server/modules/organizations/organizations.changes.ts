// Which of an organization's screened facts an update changes: its legal name, country of
// incorporation, principal place of business, owners (name, country, percent; their order does not
// matter) and ultimate parent. Anything else (the small-business flag) changes nothing that
// screening or the country-of-concern test reads. Pure.
import type { Owner, OwnershipFacts } from '../../../shared/domain/ownership.ts';
import type { ScreenedOrganizationFact } from '../../lib/ports.ts';

export type ScreenedFacts = Omit<Required<OwnershipFacts>, 'owners'> & { owners: Owner[] };

const ownersKey = (owners: readonly Owner[]) =>
  JSON.stringify(
    owners
      .map((o) => [o.name.trim(), o.country, o.percent] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2])),
  );

const parentKey = (p: Required<OwnershipFacts>['ultimateParent']) => (p ? JSON.stringify([p.name.trim(), p.country]) : '');

/** The screened facts that differ between `before` and `after`, in a fixed order; empty when none does. */
export function screenedFactChanges(before: Required<OwnershipFacts>, after: Required<OwnershipFacts>): ScreenedOrganizationFact[] {
  const changed: ScreenedOrganizationFact[] = [];
  if (before.name.trim() !== after.name.trim()) changed.push('name');
  if (before.countryOfIncorporation !== after.countryOfIncorporation) changed.push('countryOfIncorporation');
  if (before.principalPlaceOfBusiness !== after.principalPlaceOfBusiness) changed.push('principalPlaceOfBusiness');
  if (ownersKey(before.owners) !== ownersKey(after.owners)) changed.push('owners');
  if (parentKey(before.ultimateParent) !== parentKey(after.ultimateParent)) changed.push('ultimateParent');
  return changed;
}
