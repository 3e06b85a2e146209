// The words users read for the program's codes: roles, certifications, notification kinds, the
// events of a proposal's history, request fields. One map per vocabulary, used by the web app, the
// server's messages and the PDF reports, so that no screen shows a code turned into pseudo-words
// ("Edag coordinator", "Bci consent", "Review.assigned").
import { CERTIFICATIONS, type CertificationKind } from './domain/package.ts';
import type { ProposalState } from './domain/proposal-lifecycle.ts';
import { ROLES, type Role } from './domain/roles.ts';

export const ROLE_LABELS: Record<Role, string> = {
  anchor_member: 'Anchor member',
  consortium_member: 'Consortium member',
  compliance_officer: 'Compliance officer',
  program_officer: 'Program officer',
  screening_analyst: 'Screening analyst',
  decision_official: 'Decision official',
  interagency_reviewer: 'Interagency reviewer',
  edag_coordinator: 'EDAG coordinator',
  financing_officer: 'Financing officer',
  auditor: 'Auditor',
  admin: 'Administrator',
  foreign_buyer: 'Foreign buyer',
};

/** A role's label; a code this version does not know is shown as it is rather than guessed at. */
export const roleLabel = (role: string): string => (ROLES as readonly string[]).includes(role) ? ROLE_LABELS[role as Role] : role;

/** Short names of the certifications a member makes (their full text is CERTIFICATION_TEXT). */
export const CERTIFICATION_LABELS: Record<CertificationKind, string> = {
  antiBribery: 'No prohibited payments (anti-bribery)',
  exportControl: 'Compliance with export controls',
  outboundInvestment: 'Outbound investment assessed',
  bciConsent: 'Consent to share business-confidential information',
};
export const certificationLabel = (kind: string): string => (CERTIFICATIONS as readonly string[]).includes(kind) ? CERTIFICATION_LABELS[kind as CertificationKind] : kind;

/** Every kind of in-app notification; notify() accepts only these, so each has a label. */
export const NOTIFICATION_KINDS = [
  'consortium_invitation',
  'invitation_answered',
  'certification_requested',
  'review_assigned',
  'review_due_soon',
  'review_overdue',
  'reviewer_conflicted',
  'consultation_requested',
  'consultation_revised',
  'decision',
  'amendment_requested',
  'amendment_decided',
  'member_facts_changed',
  'buyer_interest',
  'screening_alert',
  'screening_clearance',
  'screening_contest',
  'screening_list_stale',
  'financing_referred',
  'license_expiring',
  'proposal_submitted',
  'information_requested',
  'consultation_due_soon',
  'review_escalated',
  'consultation_escalated',
  'financing_stage_changed',
  'monitoring_report_due',
  'monitoring_report_overdue',
  'organization_registered',
  'mail_failed',
  'buyer_interest_status',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  consortium_invitation: 'Invitation to a consortium',
  invitation_answered: 'Invitation answered',
  certification_requested: 'Certification requested',
  review_assigned: 'Assigned for review',
  review_due_soon: 'Review due soon',
  review_overdue: 'Review overdue',
  reviewer_conflicted: 'Reviewer declared a conflict of interest',
  consultation_requested: 'Agency consultation requested',
  consultation_revised: 'Agency consultation answer revised',
  decision: 'Designation decision',
  amendment_requested: 'Amendment requested',
  amendment_decided: 'Amendment decided',
  member_facts_changed: 'A member’s facts changed',
  buyer_interest: 'Buyer interest',
  screening_alert: 'Screening alert',
  screening_clearance: 'Screening clearance awaiting approval',
  screening_contest: 'Screening alert contested',
  screening_list_stale: 'Screening list out of date',
  financing_referred: 'Financing request referred',
  license_expiring: 'Export license expiring',
  proposal_submitted: 'Proposal submitted',
  information_requested: 'More information requested',
  consultation_due_soon: 'Consultation due soon',
  review_escalated: 'Review overdue: escalated',
  consultation_escalated: 'Consultation overdue: escalated',
  financing_stage_changed: 'Financing stage changed',
  monitoring_report_due: 'Monitoring report due',
  monitoring_report_overdue: 'Monitoring report overdue',
  organization_registered: 'New organization registered',
  mail_failed: 'E-mail could not be delivered',
  buyer_interest_status: 'Your interest record moved on',
};
export const notificationKindLabel = (kind: string): string =>
  (NOTIFICATION_KINDS as readonly string[]).includes(kind) ? NOTIFICATION_KIND_LABELS[kind as NotificationKind] : 'Notification';

/**
 * What the audit actions that appear in a proposal's history mean, in words. An action without an
 * entry (a future one) reads as its verb: `proposal.start_review` → "Start review".
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'proposal.created': 'Proposal started',
  'proposal.updated': 'Proposal edited',
  'proposal.narrative_saved': 'Narrative section saved',
  'call.created': 'Call for proposals drafted',
  'call.updated': 'Call for proposals edited',
  'call.published': 'Call for proposals published',
  'call.closed': 'Call for proposals closed',
  'proposal.certified': 'Certifications made',
  'proposal.submit': 'Submitted',
  'proposal.withdraw': 'Withdrawn',
  'proposal.start_eligibility': 'Eligibility screening started',
  'proposal.return_for_information': 'Returned for more information',
  'proposal.resubmit': 'Resubmitted',
  'proposal.start_review': 'Review started',
  'proposal.place_compliance_hold': 'Placed on compliance hold',
  'proposal.release_compliance_hold': 'Compliance hold released',
  'proposal.recommend': 'Recommendation made',
  'proposal.send_to_decision': 'Sent for decision',
  'proposal.designate': 'Designated a priority AI export package',
  'proposal.not_designate': 'Not designated',
  'proposal.member_facts_changed': 'A member’s facts changed',
  'review.assigned': 'Assigned for review',
  'review.conflict_declared': 'Reviewer declared a conflict of interest',
  'review.no_conflict_declared': 'Reviewer declared no conflict of interest',
  'review.saved': 'Review saved',
  'review.submitted': 'Review submitted',
  'consultation.requested': 'Agency consultation requested',
  'consultation.answered': 'Agency consultation answered',
  'consultation.revised': 'Agency consultation answer revised',
  'review.escalated': 'Overdue review escalated to the program office',
  'consultation.escalated': 'Overdue consultation escalated to the program office',
  'monitoring.escalated': 'Overdue monitoring report escalated',
  'package.amendment_requested': 'Amendment requested',
  'package.amendment_approved': 'Amendment approved',
  'package.amendment_rejected': 'Amendment rejected',
  'package.suspend': 'Package suspended',
  'package.reinstate': 'Package reinstated',
  'package.revoke': 'Package revoked',
  'package.renew': 'Designation renewed',
  'package.expired': 'Designation expired',
  'license.created': 'License recorded',
  'license.updated': 'License updated',
  'license.deleted': 'License removed',
  'license.shipment_recorded': 'Shipment recorded against a license',
  'license.expired': 'License expired',
  'document.uploaded': 'Document uploaded',
  'document.marked': 'Document’s BCI marking changed',
  'document.deleted': 'Document deleted',
  'document.downloaded': 'Document downloaded',
  'consortium.created': 'Consortium formed',
  'consortium.member_invited': 'Company invited',
  'consortium.invitation_accepted': 'Invitation accepted',
  'consortium.invitation_declined': 'Invitation declined',
  'consortium.member_removed': 'Member removed',
  'consortium.member_updated': 'Member’s layer roles changed',
  'eligibility.answered': 'Eligibility criterion answered',
  'records.hold_placed': 'Legal hold placed',
  'records.hold_released': 'Legal hold released',
  'package_profile.saved': 'What the package offers buyers declared',
  'package_translation.saved': 'Translation of the title and summary saved',
  'package_translation.deleted': 'Translation of the title and summary removed',
};

export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  const verb = action.slice(action.indexOf('.') + 1).replaceAll('_', ' ');
  return verb.charAt(0).toUpperCase() + verb.slice(1);
}

/** Names of request fields where the words of the code are not the words of the form. */
const FIELD_NAMES: Record<string, string> = {
  orgId: 'company',
  usOriginShare: 'US-origin share',
  eccn: 'ECCN',
  dueAt: 'due date',
  bciConsent: CERTIFICATION_LABELS.bciConsent,
};

/** A field's name in words: `layerRoles` → "layer roles", `amountUsd` → "amount (USD)", `proposalId` → "proposal". */
export function fieldName(key: string): string {
  const named = FIELD_NAMES[key];
  if (named) return named;
  if (/.Usd$/.test(key)) return `${fieldName(key.slice(0, -3))} (USD)`;
  if (/.Id$/.test(key)) return fieldName(key.slice(0, -2));
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();
}

/**
 * A request path in words, for messages: `package.components.2.supplier` → "package, component 3,
 * supplier". Positions count from 1, as people count.
 */
export function fieldPathLabel(path: string): string {
  const parts = path.split('.').filter(Boolean);
  const words: string[] = [];
  parts.forEach((part, i) => {
    if (/^\d+$/.test(part)) {
      const owner = words.pop() ?? 'item';
      words.push(`${singular(owner)} ${Number(part) + 1}`);
    } else if (!(i === 0 && (part === 'body' || part === 'querystring' || part === 'params'))) {
      words.push(fieldName(part));
    }
  });
  return words.join(', ') || 'the request';
}

const singular = (word: string) => (word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word);

/** What happens next to a proposal in each state, as its consortium reads it (the applicant's sidebar). */
export const PROPOSAL_NEXT_STEP: Record<ProposalState, string> = {
  draft: 'Complete the checklist, then submit the proposal to the program office.',
  submitted: 'The program office has received the proposal and will start its eligibility screening.',
  eligibility_screening: 'The program office is checking eligibility; it may return the proposal to you for information, or start the interagency review.',
  returned_for_information: 'The program office asked for information: answer its note, correct the proposal and resubmit it.',
  under_review: 'Reviewers from State, War, Energy and OSTP are scoring the proposal and the agencies are consulted. Nothing is needed from you unless the program office asks.',
  compliance_hold: 'Review is paused until an export-control or screening finding is resolved; the program office will tell you what it needs.',
  recommendation: 'The program officer is writing the recommendation to the decision official.',
  decision_pending: 'The decision official is deciding whether to designate the package.',
  designated: 'Designated as a priority AI export package: it appears in the public catalog, and deals and financing can be pursued under it.',
  not_designated: 'Not designated. The debrief on the proposal explains why; a new proposal may be submitted.',
  withdrawn: 'Withdrawn by the consortium. Nothing further happens to it.',
};

/** The program officer's answers on the eligibility checklist. */
export const ELIGIBILITY_ANSWER_LABELS: Record<string, string> = { met: 'Met', not_met: 'Not met', not_applicable: 'Not applicable' };
/** The system's pre-assessment of an eligibility criterion from the package. */
export const ELIGIBILITY_SYSTEM_LABELS: Record<string, string> = { met: 'Met', not_met: 'Not met', not_assessed: 'Not assessed' };

/** The kinds of thing whose reads the access log records, as the auditor filters them. */
export const ACCESS_LOG_RESOURCE_LABELS: Record<string, string> = {
  proposal: 'Proposals',
  consortium: 'Consortia',
  organization: 'Companies and agencies',
  deal: 'Deals',
  financing_request: 'Financing requests',
  portfolio: 'Portfolio exports',
  document_version: 'Proposal documents (downloads)',
  access_log: 'The access log itself',
};

/** What each recorded route reads, in words (every route of the access log has one: access-log.test.ts checks). */
export const ACCESS_LOG_ROUTE_LABELS: Record<string, string> = {
  '/api/v1/proposals/:id': 'Proposal',
  '/api/v1/proposals/:id/revisions/:revision': 'Proposal revision as submitted',
  '/api/v1/proposals/:id/manifest': 'Proposal manifest export',
  '/api/v1/proposals/:id/compliance': 'Compliance matrix',
  '/api/v1/proposals/:id/compliance.csv': 'Compliance matrix (CSV)',
  '/api/v1/proposals/:id/compliance.pdf': 'Compliance report (PDF)',
  '/api/v1/proposals/:id/pdf': 'Proposal (PDF)',
  '/api/v1/proposals/:id/foia-export': 'FOIA export of the public material',
  '/api/v1/proposals/:id/history': 'Proposal history',
  '/api/v1/proposals/:id/package': 'Designated package',
  '/api/v1/proposals/:id/documents': 'Proposal documents (list)',
  '/api/v1/proposals/:id/narratives': 'Proposal narratives',
  '/api/v1/documents/versions/:versionId/download': 'Proposal document (download)',
  '/api/v1/consortia/:id': 'Consortium',
  '/api/v1/organizations/:id': 'Company or agency (ownership)',
  '/api/v1/deals/:id': 'Deal',
  '/api/v1/deals/:id/parties': 'Deal parties (end users, consignees)',
  '/api/v1/financing-requests/:id': 'Financing request',
  '/api/v1/portfolio.pdf': 'Portfolio report (PDF)',
  '/api/v1/portfolio/deals.csv': 'Portfolio deals (CSV)',
  '/api/v1/access-log': 'Access log',
};
export const accessLogRouteLabel = (route: string): string => ACCESS_LOG_ROUTE_LABELS[route] ?? route;

/** How a request to a recorded route was answered, in words. */
export function accessLogAnswerLabel(status: number): string {
  if (status >= 200 && status < 300) return 'Read';
  if (status === 401) return 'Refused: not signed in';
  if (status === 403) return 'Refused: not permitted';
  if (status === 404) return 'Refused: not found or not visible';
  return `Answered ${status}`;
}
