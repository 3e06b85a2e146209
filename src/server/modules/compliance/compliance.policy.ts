// Who may do what with export-control compliance. Seeing the matrix follows seeing the proposal
// (the proposals service answers 404 otherwise). License records are kept by the consortium's
// anchor users, the compliance officers of its member companies, and the program office.
// Reference data is imported by administrators only.
import type { ConsortiumView } from '../../../shared/contracts/views.ts';
import { hasRole, type Actor } from '../../lib/context.ts';

function isActiveMember(actor: Actor, c: ConsortiumView): boolean {
  return actor.orgKind === 'company' && c.members.some((m) => m.orgId === actor.orgId && m.status === 'active');
}

export function canEditLicenses(actor: Actor, consortium: ConsortiumView): boolean {
  if (hasRole(actor, 'program_officer')) return true;
  if (actor.orgId === consortium.anchorOrgId && hasRole(actor, 'anchor_member')) return true;
  return isActiveMember(actor, consortium) && hasRole(actor, 'compliance_officer');
}

export function canImportReferenceData(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}
