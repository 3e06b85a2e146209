// The proposal lifecycle (docs/domain.md#proposal-lifecycle), modelled whole so that review,
// designation and amendments extend this table instead of rewriting it. Every transition names
// the roles that may take it; services check both the current state and the actor's role.
import type { Role } from './roles.ts';

export const PROPOSAL_STATES = [
  'draft',
  'submitted',
  'eligibility_screening',
  'returned_for_information',
  'under_review',
  'compliance_hold',
  'recommendation',
  'decision_pending',
  'designated',
  'not_designated',
  'withdrawn',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/** States of a designated package (docs/domain.md#designated-packages), tracked beside the proposal once designated. */
export const PACKAGE_STATES = ['active', 'amendment_pending', 'suspended', 'revoked', 'expired'] as const;
export type PackageState = (typeof PACKAGE_STATES)[number];

/** Transitions of a designated package and who may take them. */
export const PACKAGE_TRANSITIONS = {
  request_amendment: { from: ['active'], to: 'amendment_pending', roles: ['anchor_member'] },
  approve_amendment: { from: ['amendment_pending'], to: 'active', roles: ['program_officer'] },
  reject_amendment: { from: ['amendment_pending'], to: 'active', roles: ['program_officer'] },
  suspend: { from: ['active', 'amendment_pending'], to: 'suspended', roles: ['program_officer'] },
  reinstate: { from: ['suspended'], to: 'active', roles: ['program_officer'] },
  revoke: { from: ['active', 'amendment_pending', 'suspended'], to: 'revoked', roles: ['decision_official'] },
  renew: { from: ['active', 'expired'], to: 'active', roles: ['decision_official'] },
} as const satisfies Record<string, { from: readonly PackageState[]; to: PackageState; roles: readonly Role[] }>;
export type PackageAction = keyof typeof PACKAGE_TRANSITIONS;

export const PROPOSAL_ACTIONS = [
  'submit',
  'withdraw',
  'start_eligibility',
  'return_for_information',
  'resubmit',
  'start_review',
  'place_compliance_hold',
  'release_compliance_hold',
  'recommend',
  'send_to_decision',
  'designate',
  'not_designate',
] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

interface Transition {
  from: readonly ProposalState[];
  to: ProposalState;
  roles: readonly Role[];
}

const APPLICANT: readonly Role[] = ['anchor_member'];
const PROGRAM_OFFICE: readonly Role[] = ['program_officer'];
const AFTER_SUBMISSION: readonly ProposalState[] = [
  'submitted',
  'eligibility_screening',
  'returned_for_information',
  'under_review',
  'compliance_hold',
  'recommendation',
  'decision_pending',
];

export const PROPOSAL_TRANSITIONS: Record<ProposalAction, Transition> = {
  submit: { from: ['draft'], to: 'submitted', roles: APPLICANT },
  withdraw: { from: ['draft', ...AFTER_SUBMISSION], to: 'withdrawn', roles: APPLICANT },
  start_eligibility: { from: ['submitted'], to: 'eligibility_screening', roles: PROGRAM_OFFICE },
  return_for_information: {
    from: ['eligibility_screening', 'under_review'],
    to: 'returned_for_information',
    roles: PROGRAM_OFFICE,
  },
  resubmit: { from: ['returned_for_information'], to: 'submitted', roles: APPLICANT },
  start_review: { from: ['eligibility_screening'], to: 'under_review', roles: PROGRAM_OFFICE },
  place_compliance_hold: {
    from: ['under_review', 'recommendation', 'decision_pending'],
    to: 'compliance_hold',
    roles: [...PROGRAM_OFFICE, 'compliance_officer'],
  },
  release_compliance_hold: { from: ['compliance_hold'], to: 'under_review', roles: PROGRAM_OFFICE },
  recommend: { from: ['under_review'], to: 'recommendation', roles: PROGRAM_OFFICE },
  send_to_decision: { from: ['recommendation'], to: 'decision_pending', roles: PROGRAM_OFFICE },
  designate: { from: ['decision_pending'], to: 'designated', roles: ['decision_official'] },
  not_designate: { from: ['decision_pending'], to: 'not_designated', roles: ['decision_official'] },
};

/** States in which the consortium may still change the package. */
export const EDITABLE_STATES: readonly ProposalState[] = ['draft', 'returned_for_information'];

/** States in which government users see the proposal (everything after the first submission). */
export function isVisibleToGovernment(state: ProposalState, everSubmitted: boolean): boolean {
  return state !== 'draft' && (state !== 'withdrawn' || everSubmitted);
}

export type TransitionCheck =
  | { ok: true; to: ProposalState }
  | { ok: false; reason: 'invalid_state' | 'forbidden_role'; allowedFrom: readonly ProposalState[] };

export function checkTransition(action: ProposalAction, from: ProposalState, roles: readonly Role[]): TransitionCheck {
  const t = PROPOSAL_TRANSITIONS[action];
  // The role comes first: someone who may never take this step learns that, not the state it needs.
  if (!t.roles.some((r) => roles.includes(r))) return { ok: false, reason: 'forbidden_role', allowedFrom: t.from };
  if (!t.from.includes(from)) return { ok: false, reason: 'invalid_state', allowedFrom: t.from };
  return { ok: true, to: t.to };
}

/** Actions that could be taken from a state, for the UI to offer buttons. */
export function availableActions(from: ProposalState, roles: readonly Role[]): ProposalAction[] {
  return PROPOSAL_ACTIONS.filter((a) => checkTransition(a, from, roles).ok);
}
