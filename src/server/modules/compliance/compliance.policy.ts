// Who may do what with export-control compliance. Seeing the matrix follows seeing the proposal
// (the proposals service answers 404 otherwise). License records are kept by the consortium's
// anchor users, the compliance officers of its member companies, and the program office.
// Reference data is imported by administrators only.
// The roles come from the permission model (src/shared/access.ts: 'licenses.edit', 'reference_data.import').
import { can, canOn, consortiumRelations } from '../../../shared/access.ts';
import type { ConsortiumView } from '../../../shared/contracts/views.ts';
import type { Actor } from '../../lib/context.ts';

export function canEditLicenses(actor: Actor, consortium: ConsortiumView): boolean {
  return canOn(actor, 'licenses.edit', consortiumRelations(actor, consortium));
}

export function canImportReferenceData(actor: Actor): boolean {
  return can(actor, 'reference_data.import');
}
