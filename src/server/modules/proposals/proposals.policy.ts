// Who may see and change a proposal. Applicants see only their own consortium's proposals; the
// program office, decision officials, auditors and admins see proposals once submitted. Anyone
// else gets "not found", so the existence of a proposal never leaks.
import { can, canOn, consortiumRelations, type Relations } from '../../../shared/access.ts';
import { EDITABLE_STATES, type ProposalState } from '../../../shared/domain/proposal-lifecycle.ts';
import type { Actor } from '../../lib/context.ts';
import type { ConsortiumView } from '../../../shared/contracts/views.ts';

export interface ProposalFacts {
  state: ProposalState;
  everSubmitted: boolean;
  consortium: ConsortiumView;
  /** How an interagency user reaches this proposal: an assigned reviewer who declared no conflict,
   * a user of an agency consulted on it, or a reviewer who declared a conflict (never sees it). */
  reviewAccess?: 'reviewer' | 'consultation' | 'conflicted' | null;
}

/** The viewer's relations to the proposal (src/shared/access.ts). */
export function relationsTo(actor: Actor, p: ProposalFacts): Relations {
  return {
    ...consortiumRelations(actor, p.consortium),
    assigned_reviewer: p.reviewAccess === 'reviewer',
    consulted_agency: p.reviewAccess === 'consultation',
    designated_package: p.state === 'designated',
  };
}

function isConsortiumMember(actor: Actor, p: ProposalFacts): boolean {
  return consortiumRelations(actor, p.consortium).member === true;
}

export function canViewProposal(actor: Actor, p: ProposalFacts): boolean {
  if (p.reviewAccess === 'conflicted') return false;
  // Any user of an active member company reads its consortium's proposals, drafts included.
  if (isConsortiumMember(actor, p)) return true;
  if (!p.everSubmitted) return false;
  // The EDAG coordinator routes designated packages and their deals to the financing agencies;
  // assigned reviewers and consulted agencies reach the proposals they are asked about.
  return can(actor, 'proposal.read_all') || canOn(actor, 'proposal.read', relationsTo(actor, p));
}

export type EditScope = 'all' | 'own_components' | 'none';

/** The anchor edits everything; another member edits only the components it supplies. */
export function editScope(actor: Actor, p: ProposalFacts): EditScope {
  if (!EDITABLE_STATES.includes(p.state) || !isConsortiumMember(actor, p)) return 'none';
  const rel = consortiumRelations(actor, p.consortium);
  if (canOn(actor, 'proposal.edit', rel)) return 'all';
  return canOn(actor, 'proposal.edit_own_components', rel) ? 'own_components' : 'none';
}

export function canCertify(actor: Actor, p: ProposalFacts): boolean {
  return EDITABLE_STATES.includes(p.state) && canOn(actor, 'proposal.certify', consortiumRelations(actor, p.consortium));
}

/**
 * Whether the viewer sees the proposal's current content — the working revision its consortium
 * edits after a return for information — or, like every government user, the last submitted
 * revision until the next submission.
 */
export function seesWorkingRevision(actor: Actor, p: ProposalFacts): boolean {
  return isConsortiumMember(actor, p);
}

// ── The history, per viewer ────────────────────────────────────────────────────────────────

/**
 * Who reads a proposal's history: the program office (and the other program-wide readers), which
 * sees every event; the consortium's member companies; or another government user who reaches the
 * proposal through a relation (an assigned reviewer, a consulted agency, the EDAG coordinator).
 */
export type HistoryAudience = { kind: 'program' } | { kind: 'applicant' } | { kind: 'government'; userId: string; agency: string | null };

export function historyAudience(actor: Actor, p: ProposalFacts): HistoryAudience {
  if (can(actor, 'proposal.read_all')) return { kind: 'program' };
  if (isConsortiumMember(actor, p)) return { kind: 'applicant' };
  return { kind: 'government', userId: actor.userId, agency: actor.agency };
}

export interface HistoryEventFacts {
  action: string;
  at: string;
  actorId: string | null;
  /** The acting user belongs to a company of the proposal's consortium. */
  byConsortium: boolean;
  data: Record<string, unknown>;
}

export interface HistoryFacts {
  /** When the last revision was submitted: the consortium's edits after it belong to a revision not yet submitted. */
  lastSubmittedAt: string | null;
  /** The decision's feedback to the applicant, once decided. */
  decisionFeedback: string | null;
}

/** How an event's actor is shown: by name, as the office that acted, or not at all (system steps). */
export type HistoryActor = 'name' | 'office' | 'none';

/** The consortium's work on a revision: hidden from government users until that revision is submitted. */
const WORKING_EDITS = ['proposal.updated', 'proposal.certified'];

/** Transitions whose note the program office (or the decision official) addresses to the applicant. */
const NOTE_FOR_APPLICANT = new Set(['proposal.return_for_information']);
const DECISIONS = new Set(['proposal.designate', 'proposal.not_designate']);

/** The outcome of a step as the consortium is told: its state change, and a note only when it is meant for the consortium. */
function stateChange(e: HistoryEventFacts, h: HistoryFacts): Record<string, unknown> {
  const out: Record<string, unknown> = { from: e.data.from, to: e.data.to };
  if (e.data.system === true) out.system = true;
  if (NOTE_FOR_APPLICANT.has(e.action)) out.note = e.data.note ?? null;
  if (DECISIONS.has(e.action) && h.decisionFeedback) out.note = h.decisionFeedback;
  return out;
}

/**
 * What of one history event a viewer may see — its data and how its actor is shown — or null to
 * leave it out. The program office sees everything. A consortium sees its own companies' actions in
 * full and the outcome of everyone else's steps (state changes, the note of a return for
 * information, the decision's feedback, license records, the designated package's events, the
 * monitoring schedule); never the review, the consultations, the recommendation's rationale or the
 * program office's internal notes; system steps without their internal data. Another government user
 * sees what the consortium sees plus its own part of the review: its own assignment and review
 * steps, its own agency's consultation, and the program office's eligibility checklist answers. Nobody but the consortium sees the edits of a revision not
 * yet submitted.
 */
export function historyEventFor(aud: HistoryAudience, e: HistoryEventFacts, h: HistoryFacts): { data: Record<string, unknown>; actor: HistoryActor } | null {
  if (aud.kind !== 'applicant' && WORKING_EDITS.includes(e.action) && (h.lastSubmittedAt === null || e.at > h.lastSubmittedAt)) return null;
  if (aud.kind === 'program') return { data: e.data, actor: 'name' };
  const named = (data: Record<string, unknown>) => ({ data, actor: (aud.kind === 'government' ? 'name' : 'office') as HistoryActor });
  const family = e.action.slice(0, e.action.indexOf('.') + 1);
  if (aud.kind === 'government') {
    if (e.action === 'review.assigned') {
      const ids = Array.isArray(e.data.reviewerIds) ? e.data.reviewerIds : [];
      return ids.includes(aud.userId) ? named({ dueAt: e.data.dueAt }) : null;
    }
    if (family === 'review.') return e.actorId === aud.userId ? named(e.data) : null;
    if (e.action === 'consultation.requested') {
      const agencies = Array.isArray(e.data.agencies) ? e.data.agencies : [];
      return aud.agency && agencies.includes(aud.agency) ? named({ agencies: [aud.agency], dueAt: e.data.dueAt }) : null;
    }
    if (family === 'consultation.') return aud.agency && e.data.agency === aud.agency ? named(e.data) : null;
  }
  // The eligibility checklist is the program office's record: other government readers see it, the consortium does not.
  if (family === 'eligibility.') return aud.kind === 'government' ? named(e.data) : null;
  if (!['proposal.', 'license.', 'package.', 'monitoring.'].includes(family)) return null;
  if (e.byConsortium) return { data: e.data, actor: 'name' };
  if (family === 'proposal.') {
    if (!('to' in e.data)) return null;
    return { data: stateChange(e, h), actor: e.actorId === null ? 'none' : named({}).actor };
  }
  // License records, the designated package's state, amendments and monitoring reports are the
  // consortium's business: it sees the records themselves, with their reasons and notes.
  return { data: e.data, actor: e.actorId === null ? 'none' : named({}).actor };
}

/** The office shown to a consortium for a government user's step. */
export function officeOf(action: string): string {
  return DECISIONS.has(action) || action === 'package.revoke' || action === 'package.renew' ? 'Decision official' : 'Program office';
}
