// Who may do what in the review: the roles come from the permission model (src/shared/access.ts),
// the relations (an assignment of the user's own, a consultation of the user's agency) from the
// facts given here. Pure functions: no I/O.
import { can, canOn, mayEver } from '../../../shared/access.ts';
import type { Agency, Role } from '../../../shared/domain/roles.ts';
import type { Actor } from '../../lib/context.ts';

/** The program office's review steps: reviewers, assignments, consultations, the recommendation. */
export const canRunReview = (actor: Actor): boolean => can(actor, 'review.assign');

/** The review queue, a proposal's panel, the recommendation and its evidence. */
export const canReadReview = (actor: Actor): boolean => can(actor, 'review.read');

export const canManageRubric = (actor: Actor): boolean => can(actor, 'rubric.manage');

/** Records the designation decision. */
export const canDecide = (actor: Actor): boolean => can(actor, 'decision.make');

/** Whether the actor may hold review assignments at all (and so may have declared conflicts of interest, which hide things from it). */
export const mayDeclareConflicts = (actor: Actor): boolean => mayEver(actor, 'review.score');

/** Whether a user with these roles may be assigned as a reviewer. */
export const mayBeAssigned = (roles: readonly Role[]): boolean => mayEver({ roles }, 'review.score');

/**
 * An assignment the actor works on: its own, not declared conflicted (a conflicted assignment no
 * longer exists for its reviewer).
 */
export const canWorkOnAssignment = (actor: Actor, a: { reviewer_id: string; coi: string }): boolean =>
  canOn(actor, 'review.score', { assigned_reviewer: a.reviewer_id === actor.userId && a.coi !== 'conflicted' });

/** Every agency's consultation on a proposal: the program-wide readers. */
export const readsAllConsultations = (actor: Actor): boolean => can(actor, 'consultation.read_all');

/** Whether the actor answers its agency's consultations (and reads them). */
export const answersConsultations = (actor: Actor): actor is Actor & { agency: Agency } => actor.agency !== null && mayEver(actor, 'consultation.respond');

/** A consultation the actor answers: one of its agency's. */
export const canAnswerConsultation = (actor: Actor, c: { agency: string }): boolean =>
  canOn(actor, 'consultation.respond', { consulted_agency: actor.agency !== null && c.agency === actor.agency });
