// Who may do what in party screening.
import { hasRole, type Actor } from '../../lib/context.ts';

/** Search and batch screening: compliance and program officers, admins; auditors read. */
export const canScreen = (a: Actor) => hasRole(a, 'compliance_officer', 'program_officer', 'admin', 'auditor');

/** Lists and versions are read by whoever may screen; only admins import and activate. */
export const canReadLists = canScreen;
export const canManageLists = (a: Actor) => hasRole(a, 'admin');

/** Every alert: the program office, admins and auditors. */
export const seesAllAlerts = (a: Actor) => hasRole(a, 'program_officer', 'admin', 'auditor');
/** A company's compliance officers see the alerts about their company and its proposals' parties. */
export const seesOwnCompanyAlerts = (a: Actor) => a.orgKind === 'company' && hasRole(a, 'compliance_officer');
/** Disposing: the program office and admins for any alert, a compliance officer for those they see. */
export const canDispose = (a: Actor) => hasRole(a, 'program_officer', 'admin', 'compliance_officer');
