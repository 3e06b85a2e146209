// The eligibility criteria the program office answers in eligibility screening (docs/domain.md,
// "Eligibility checklist"): data, each with its rule, citation and effective date, and which of the
// package's completeness findings (src/shared/domain/completeness.ts) the system pre-assesses it
// from. Pure: no database, no service (proposals.service.ts reads the gate below).
import type { EligibilityAnswer } from '../../../shared/contracts/eligibility.ts';

const EO_14320 = 'Executive Order 14320, “Promoting the Export of the American AI Technology Stack”, 90 FR (FR Doc. 2025-14218), §3(b)';
const EO_EFFECTIVE = '2025-07-23';
const CALL = 'American AI Exports Program, call for proposals (April 2026)';
const CALL_EFFECTIVE = 'April 2026';

export interface EligibilityCriterion {
  id: string;
  label: string;
  rule: string;
  citation: string;
  effective: string;
  /** "Not met" keeps the proposal from review; false for a presumption that only weighs in review. */
  blocking: boolean;
  guidance: string | null;
  /** Completeness finding codes that mean the system finds the criterion not met; `usContent` reads the presumption. */
  preassess: { codes: readonly string[] } | 'usContent';
}

export const ELIGIBILITY_CRITERIA: readonly EligibilityCriterion[] = [
  {
    id: 'five_layers',
    label: 'Full-stack package: all five layers',
    rule: 'The package covers the infrastructure, data, model, security and application layers, each with at least one component supplied by an active consortium member.',
    citation: `${EO_14320}; ${CALL}, which requires all five layers`,
    effective: CALL_EFFECTIVE,
    blocking: true,
    guidance: null,
    preassess: { codes: ['LAYER_MISSING', 'SUPPLIER_NOT_MEMBER'] },
  },
  {
    id: 'target_market',
    label: 'At least one target market',
    rule: 'The proposal names at least one target country or regional bloc.',
    citation: EO_14320,
    effective: EO_EFFECTIVE,
    blocking: true,
    guidance: null,
    preassess: { codes: ['NO_TARGET_MARKET'] },
  },
  {
    id: 'operating_model',
    label: 'Build, own and operate model for each target',
    rule: 'For each target market, the proposal names who builds, who owns and who operates the data centers and infrastructure.',
    citation: EO_14320,
    effective: EO_EFFECTIVE,
    blocking: true,
    guidance: null,
    preassess: { codes: ['OPERATING_MODEL_MISSING', 'OPERATING_ROLE_MISSING', 'OPERATING_MODEL_UNKNOWN_MARKET'] },
  },
  {
    id: 'federal_support',
    label: 'Requested federal support, with its additionality',
    rule: 'The proposal requests federal support — agency, instrument and amount — and says why the support is needed (additionality).',
    citation: EO_14320,
    effective: EO_EFFECTIVE,
    blocking: true,
    guidance: 'The system checks that a request with a reason exists; whether the reason shows additionality is the program officer’s judgment.',
    preassess: { codes: ['NO_SUPPORT_REQUEST'] },
  },
  {
    id: 'certifications',
    label: 'Compliance certifications made',
    rule: 'Every active member has certified: no prohibited payments, compliance with export controls, outbound investment assessed, consent to share business-confidential information.',
    citation: `${EO_14320}; ${CALL}`,
    effective: CALL_EFFECTIVE,
    blocking: true,
    guidance: null,
    preassess: { codes: ['CERTIFICATION_MISSING', 'NO_ANCHOR'] },
  },
  {
    id: 'country_of_concern',
    label: 'No member located in or controlled from a country of concern',
    rule: 'No member is incorporated or has its principal place of business in a country of concern, or is owned or controlled from one (the call names the People’s Republic of China, including Hong Kong and Macau).',
    citation: `${CALL}; country of concern as in 31 CFR part 850`,
    effective: CALL_EFFECTIVE,
    blocking: true,
    guidance: null,
    preassess: { codes: ['COUNTRY_OF_CONCERN'] },
  },
  {
    id: 'us_content',
    label: 'US content of the infrastructure layer at least 51 %',
    rule: 'The national-interest test is presumed met when the aggregate value of the infrastructure layer is at least 51 % US-origin.',
    citation: `${CALL}, national-interest presumption`,
    effective: CALL_EFFECTIVE,
    blocking: false,
    guidance: 'A presumption, not a condition: “not met” does not by itself make the proposal ineligible; reviewers then weigh the national interest without the presumption.',
    preassess: 'usContent',
  },
];

export const CRITERION_IDS: readonly string[] = ELIGIBILITY_CRITERIA.map((c) => c.id);

export interface CriterionBlocker {
  criterionId: string;
  label: string;
  reason: 'unanswered' | 'not_met';
}

/** What keeps review from starting: criteria not answered, and blocking criteria answered "not met". */
export function eligibilityBlockers(answers: readonly { criterion_id: string; answer: string }[]): CriterionBlocker[] {
  const byId = new Map(answers.map((a) => [a.criterion_id, a.answer as EligibilityAnswer]));
  const out: CriterionBlocker[] = [];
  for (const c of ELIGIBILITY_CRITERIA) {
    const a = byId.get(c.id);
    if (!a) out.push({ criterionId: c.id, label: c.label, reason: 'unanswered' });
    else if (a === 'not_met' && c.blocking) out.push({ criterionId: c.id, label: c.label, reason: 'not_met' });
  }
  return out;
}

/** The blockers in one sentence for the program officer. */
export function blockersSentence(blockers: readonly CriterionBlocker[]): string {
  const unanswered = blockers.filter((b) => b.reason === 'unanswered').map((b) => b.label);
  const notMet = blockers.filter((b) => b.reason === 'not_met').map((b) => b.label);
  const parts = [];
  if (notMet.length) parts.push(`not met: ${notMet.join('; ')}`);
  if (unanswered.length) parts.push(`not answered yet: ${unanswered.join('; ')}`);
  return `Review cannot start until the eligibility checklist is complete — ${parts.join('. ')}.`;
}
