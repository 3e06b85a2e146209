// Deals and financing requests (docs/domain.md#deals-and-financing). The financing-request stages keep indicative
// offers apart from binding commitments; the hard gate on final commitment lives in the service.
import type { Role } from './roles.ts';

export const DEAL_STAGES = ['identified', 'qualified', 'advocacy', 'negotiating', 'licensing', 'financing', 'contract_signed', 'in_delivery', 'operational', 'closed_lost', 'on_hold', 'cancelled'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
export const OPEN_DEAL_STAGES: readonly DealStage[] = DEAL_STAGES.slice(0, 9);

export const FINANCING_STATES = [
  'draft',
  'referred',
  'submitted_to_agency',
  'indicative_offer',
  'due_diligence',
  'approval',
  'final_commitment',
  'closing',
  'disbursing',
  'servicing',
  'completed',
  'declined',
  'withdrawn',
  'expired',
] as const;
export type FinancingState = (typeof FINANCING_STATES)[number];

/** States in which an amount is a binding commitment rather than an indicative offer. */
export const COMMITTED_STATES: readonly FinancingState[] = ['final_commitment', 'closing', 'disbursing', 'servicing', 'completed'];
export const INDICATIVE_STATES: readonly FinancingState[] = ['indicative_offer', 'due_diligence', 'approval'];

const AGENCY: readonly Role[] = ['financing_officer'];
const BEFORE_COMMITMENT: readonly FinancingState[] = ['draft', 'referred', 'submitted_to_agency', 'indicative_offer', 'due_diligence', 'approval'];

export const FINANCING_TRANSITIONS = {
  submit_to_agency: { from: ['referred'], to: 'submitted_to_agency', roles: AGENCY },
  indicative_offer: { from: ['submitted_to_agency', 'indicative_offer'], to: 'indicative_offer', roles: AGENCY },
  due_diligence: { from: ['indicative_offer'], to: 'due_diligence', roles: AGENCY },
  approve: { from: ['due_diligence'], to: 'approval', roles: AGENCY },
  final_commitment: { from: ['approval'], to: 'final_commitment', roles: AGENCY },
  close: { from: ['final_commitment'], to: 'closing', roles: AGENCY },
  disburse: { from: ['closing', 'disbursing'], to: 'disbursing', roles: AGENCY },
  service: { from: ['disbursing'], to: 'servicing', roles: AGENCY },
  complete: { from: ['servicing'], to: 'completed', roles: AGENCY },
  decline: { from: ['referred', 'submitted_to_agency', 'indicative_offer', 'due_diligence', 'approval'], to: 'declined', roles: AGENCY },
  expire: { from: ['indicative_offer', 'due_diligence', 'approval'], to: 'expired', roles: AGENCY },
  withdraw: { from: BEFORE_COMMITMENT, to: 'withdrawn', roles: ['edag_coordinator', 'anchor_member'] },
} as const satisfies Record<string, { from: readonly FinancingState[]; to: FinancingState; roles: readonly Role[] }>;
export type FinancingAction = keyof typeof FINANCING_TRANSITIONS;
export const FINANCING_ACTIONS = Object.keys(FINANCING_TRANSITIONS) as FinancingAction[];

/**
 * License states that may let a deal's financing be committed; an issued license must also be valid
 * on the day and not exhausted (the gate in financing.service.ts, src/shared/domain/license-lifecycle.ts).
 */
export const LICENSE_CLEARING_STATES = ['approved', 'shipped_against', 'not_required'];
