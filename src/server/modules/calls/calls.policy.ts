// Who may do what with calls for proposals: pure functions of the actor and the call.
import { can } from '../../../shared/access.ts';
import type { Actor } from '../../lib/context.ts';

/** Creates, edits, publishes and closes calls (the program office and administrators). */
export const canManageCalls = (actor: Actor): boolean => can(actor, 'calls.manage');

/** A draft call is the program office's work in progress; open and closed calls are no secret. */
export const canViewCall = (actor: Actor, call: { status: string }): boolean => canManageCalls(actor) || call.status !== 'draft';
