// The access matrix's declarations: who asks (one demo user per role, plus relation variants), the
// seeded world the probes act on, and the probes — one HTTP request each, with what the permission
// model (src/shared/access.ts) says the answer must be. access-matrix.test.ts runs them and writes
// docs/access-matrix.md. Adding a subject or a probe is one entry in SUBJECTS or PROBES.
import { can, canOn, consortiumRelations, mayEver, ALL_GRANTS, type ConsortiumFacts, type Relations } from '../../shared/access.ts';
import { ROLES, type Agency, type OrganizationKind, type Role } from '../../shared/domain/roles.ts';

/** An answer class: allowed (2xx, or a validation or state error after authorization), denied (403), hidden (404), unauthenticated (401). */
export type Answer = 'allowed' | 'denied' | 'hidden' | 'unauthenticated';
export const CELL: Record<Answer, string> = { allowed: '✓', denied: '403', hidden: '404', unauthenticated: '401' };

/** Classifies an HTTP status; anything else (5xx, 405, …) is not an answer the matrix accepts. */
export function classify(status: number): Answer | null {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'denied';
  if (status === 404) return 'hidden';
  if ((status >= 200 && status < 300) || status === 400 || status === 409 || status === 422) return 'allowed';
  return null;
}

/** A user created for the matrix where the demo has none in the relation it needs. */
export interface NewUser {
  name: string;
  orgId: string;
  roles: Role[];
}

export interface SubjectDecl {
  key: string;
  /** The column's heading: the role, and the relation to the probed proposal {proposal}. */
  label: string;
  /** null: no session at all. */
  email: string | null;
  create?: NewUser;
}

/** Columns. The relations are the seeded facts about the designated ASEAN proposal and its consortium. */
export const SUBJECTS: SubjectDecl[] = [
  { key: 'anchor', label: 'anchor_member, anchor of the proposal', email: 'anchor@cascade.example' },
  { key: 'anchor-other', label: 'anchor_member, another consortium', email: 'anchor@meridian.example' },
  { key: 'member', label: 'consortium_member, member of the proposal', email: 'member@kestrel.example' },
  { key: 'member-other', label: 'consortium_member, another consortium', email: 'member@lattice.example' },
  { key: 'compliance', label: 'compliance_officer, member of the proposal', email: 'compliance@kestrel.example', create: { name: 'Matrix Compliance', orgId: 'org-kestrel', roles: ['compliance_officer'] } },
  { key: 'compliance-other', label: 'compliance_officer, another consortium', email: 'compliance@meridian.example' },
  { key: 'po', label: 'program_officer', email: 'program.officer@ita.example' },
  { key: 'analyst', label: 'screening_analyst', email: 'screening.analyst@ita.example' },
  { key: 'do', label: 'decision_official', email: 'decision@ita.example' },
  { key: 'rev-assigned', label: 'interagency_reviewer, assigned (no conflict), agency consulted', email: 'reviewer@state.example' },
  { key: 'rev-consulted', label: 'interagency_reviewer, not assigned, agency consulted', email: 'reviewer@ostp.example' },
  { key: 'rev-none', label: 'interagency_reviewer, not assigned, agency not consulted', email: 'reviewer@exim.example', create: { name: 'Matrix Reviewer', orgId: 'org-exim', roles: ['interagency_reviewer'] } },
  { key: 'edag', label: 'edag_coordinator', email: 'edag@state.example' },
  { key: 'fin', label: 'financing_officer, agency of the request', email: 'finance@exim.example' },
  { key: 'fin-other', label: 'financing_officer, another agency', email: 'finance@dfc.example' },
  { key: 'auditor', label: 'auditor', email: 'auditor@oig.example' },
  { key: 'admin', label: 'admin', email: 'admin@aiep.example' },
  { key: 'buyer', label: 'foreign_buyer, screening clear', email: 'buyer@anc-kh.example' },
  { key: 'anon', label: 'not logged in', email: null },
];

/** Who a subject is, as the session says. */
export interface Subject {
  userId: string;
  roles: Role[];
  orgId: string;
  orgKind: OrganizationKind;
  agency: Agency | null;
}

/** The seeded things the probes act on, and the facts the expectations need. */
export interface World {
  ids: Record<'proposal' | 'draft' | 'consortium' | 'assignment' | 'consultation' | 'deal' | 'dealParty' | 'request' | 'org' | 'alert' | 'user' | 'license', string>;
  consortium: ConsortiumFacts;
  /** Assignments on the proposal: reviewer and conflict declaration. */
  assignments: { id: string; reviewerId: string; coi: string }[];
  consultedAgencies: string[];
  /** The consultation probed: its agency. */
  consultationAgency: string;
  /** The reviewer whose assignment is probed. */
  assignmentReviewerId: string;
  requestAgency: string;
  /** A country not among the proposal's markets (a deal there fails validation after authorization). */
  foreignCountry: string;
  /** The companies whose alerts include the probed one: the member companies of the proposal the alerted party belongs to. */
  alertOrgIds: string[];
  /** The organization probed, as the admin read it (sent back with a stale version). */
  organization: Record<string, unknown>;
}

type Expect = (s: Subject, w: World) => Exclude<Answer, 'unauthenticated'>;

export interface Probe {
  resource: string;
  action: string;
  /** Method and path; {name} is replaced by World.ids[name]. */
  request: string;
  body?: (w: World) => unknown;
  /** A raw body with its content type, for routes that take a file. */
  raw?: { contentType: string; payload: string };
  expect: Expect;
}

// ── Relations and visibility, from the model and the seeded facts ─────────────────────────

/** The subject's relations to the probed proposal. */
export function relationsToProposal(s: Subject, w: World): Relations {
  return {
    ...consortiumRelations(s, w.consortium),
    assigned_reviewer: w.assignments.some((a) => a.reviewerId === s.userId && a.coi === 'none'),
    consulted_agency: s.agency !== null && w.consultedAgencies.includes(s.agency),
    designated_package: true,
  };
}

/** Whether the subject sees the (submitted, designated) proposal: a member, a program-wide reader, or through a relation. */
const seesProposal = (s: Subject, w: World) => {
  const rel = relationsToProposal(s, w);
  return rel.member === true || can(s, 'proposal.read_all') || canOn(s, 'proposal.read', rel);
};
/** The draft of the same consortium: its members only. */
const seesDraft = (s: Subject, w: World) => consortiumRelations(s, w.consortium).member === true;
/** A deal of the proposal with a request to one agency. */
const seesDeal = (s: Subject, w: World) =>
  can(s, 'deal.read_all') || (s.orgKind === 'company' && seesDraft(s, w)) || canOn(s, 'deal.read_referred', { financing_agency: s.agency === w.requestAgency });
/** A financing request: as its deal, but a financing officer of another agency never learns of it. */
const seesRequest = (s: Subject, w: World) => seesDeal(s, w);

const allowedIf = (ok: boolean): 'allowed' | 'denied' => (ok ? 'allowed' : 'denied');
/** 404 unless seen, then 403 unless allowed. */
const seenThen = (seen: boolean, ok: boolean) => (!seen ? 'hidden' : allowedIf(ok));
/** 403 unless allowed, then 404 unless seen (the role is checked first). */
const roleThenSeen = (ok: boolean, seen: boolean) => (!ok ? 'denied' : seen ? 'allowed' : 'hidden');

const stepRel = (s: Subject, w: World) => relationsToProposal(s, w);
/** Whether a state-machine step of the proposal, the package or a request counts for the subject's roles. */
const step = (s: Subject, rel: Relations, permission: Parameters<typeof can>[1]) => canOn(s, permission, rel);

/** An alert: 403 for who reads no alerts, 404 for a company whose alerts it is not, then 403 unless allowed. */
function alertThen(s: Subject, w: World, ok: boolean): 'allowed' | 'denied' | 'hidden' {
  const all = can(s, 'screening.alerts.read_all');
  const company = s.orgKind === 'company' && can(s, 'screening.alerts.read_company');
  if (!all && !company) return 'denied';
  if (!all && !w.alertOrgIds.includes(s.orgId)) return 'hidden';
  return allowedIf(ok);
}

/** The organization probed: its own users, companies sharing a consortium with it, government users. */
const seesOrg = (s: Subject, w: World) => s.orgId === w.ids.org || (s.orgKind === 'company' ? seesDraft(s, w) : true);

// ── The probes ────────────────────────────────────────────────────────────────────────────
// Order matters only for probes that write: each write is either refused after authorization
// (a stale version, a wrong state, an unknown component) or harmless to the probes after it.

const PASSWORD = 'matrix-probe-passphrase-for-tests';

export const PROBES: Probe[] = [
  // Consortium (the proposal's)
  { resource: 'consortium', action: 'read', request: 'GET /api/v1/consortia/{consortium}', expect: (s, w) => (s.orgKind === 'company' && !seesDraft(s, w) ? 'hidden' : 'allowed') },
  {
    resource: 'consortium',
    action: 'invite a member',
    request: 'POST /api/v1/consortia/{consortium}/invitations',
    body: () => ({ orgId: 'org-kestrel', layerRoles: [] }),
    expect: (s, w) => (s.orgKind === 'company' && !seesDraft(s, w) ? 'hidden' : allowedIf(canOn(s, 'consortium.manage', consortiumRelations(s, w.consortium)))),
  },
  // Proposal (the designated one) and a draft of the same consortium
  { resource: 'proposal', action: 'read', request: 'GET /api/v1/proposals/{proposal}', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  { resource: 'proposal', action: 'read a draft', request: 'GET /api/v1/proposals/{draft}', expect: (s, w) => seenThen(seesDraft(s, w), true) },
  { resource: 'proposal', action: 'history', request: 'GET /api/v1/proposals/{proposal}/history', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  { resource: 'proposal', action: 'manifest', request: 'GET /api/v1/proposals/{proposal}/manifest', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  {
    resource: 'proposal',
    action: 'update a draft',
    request: 'PUT /api/v1/proposals/{draft}',
    body: (w) => ({ ...draftContent(w), version: 999 }),
    expect: (s, w) => {
      const rel = consortiumRelations(s, w.consortium);
      return seenThen(seesDraft(s, w), canOn(s, 'proposal.edit', rel) || canOn(s, 'proposal.edit_own_components', rel));
    },
  },
  { resource: 'proposal', action: 'submit a draft', request: 'POST /api/v1/proposals/{draft}/submit', body: () => ({}), expect: (s, w) => seenThen(seesDraft(s, w), step(s, stepRel(s, w), 'proposal.submit')) },
  {
    resource: 'proposal',
    action: 'certify a draft',
    request: 'POST /api/v1/proposals/{draft}/certifications',
    body: () => ({ kinds: ['antiBribery'] }),
    expect: (s, w) => seenThen(seesDraft(s, w), canOn(s, 'proposal.certify', consortiumRelations(s, w.consortium))),
  },
  {
    resource: 'proposal',
    action: 'program-office step (return for information)',
    request: 'POST /api/v1/proposals/{proposal}/transitions',
    body: () => ({ action: 'return_for_information', note: 'matrix probe' }),
    expect: (s, w) => seenThen(seesProposal(s, w), step(s, stepRel(s, w), 'proposal.return_for_information')),
  },
  { resource: 'proposal', action: 'queue (search, filters, sort)', request: 'GET /api/v1/proposals/queue', expect: (s) => allowedIf(can(s, 'review.read')) },
  { resource: 'proposal', action: 'queue export (CSV)', request: 'GET /api/v1/proposals/queue.csv', expect: (s) => allowedIf(can(s, 'review.read')) },
  // The checklist is the program office's internal record: government readers of the proposal read it, its consortium does not.
  {
    resource: 'proposal',
    action: 'eligibility checklist',
    request: 'GET /api/v1/proposals/{proposal}/eligibility',
    expect: (s, w) => seenThen(seesProposal(s, w), !consortiumRelations(s, w.consortium).member),
  },
  {
    resource: 'proposal',
    action: 'answer the eligibility checklist',
    request: 'PUT /api/v1/proposals/{proposal}/eligibility',
    body: () => ({ answers: [{ criterionId: 'target_market', answer: 'met' }] }),
    expect: (s, w) => seenThen(seesProposal(s, w), can(s, 'proposal.start_review')),
  },
  // Compliance
  { resource: 'compliance', action: 'matrix', request: 'GET /api/v1/proposals/{proposal}/compliance', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  // Documents: whoever sees the proposal reads the list; an upload is refused by role before its body is read.
  { resource: 'proposal', action: 'documents', request: 'GET /api/v1/proposals/{proposal}/documents', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  {
    resource: 'proposal',
    action: 'upload a document to a draft',
    request: 'POST /api/v1/proposals/{draft}/documents',
    raw: {
      contentType: 'multipart/form-data; boundary=matrixprobe',
      payload:
        '--matrixprobe\r\nContent-Disposition: form-data; name="title"\r\n\r\nMatrix probe\r\n' +
        '--matrixprobe\r\nContent-Disposition: form-data; name="file"; filename="probe.txt"\r\nContent-Type: text/plain\r\n\r\nA document the access matrix probes.\r\n--matrixprobe--\r\n',
    },
    expect: (s, w) => {
      if (!mayEver(s, 'proposal.edit') && !mayEver(s, 'proposal.edit_own_components')) return 'denied';
      const rel = consortiumRelations(s, w.consortium);
      return seenThen(seesDraft(s, w), canOn(s, 'proposal.edit', rel) || canOn(s, 'proposal.edit_own_components', rel));
    },
  },
  { resource: 'compliance', action: 'export (CSV)', request: 'GET /api/v1/proposals/{proposal}/compliance.csv', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  {
    resource: 'compliance',
    action: 'record a license',
    request: 'POST /api/v1/proposals/{proposal}/licenses',
    body: (w) => ({ componentId: 'no-such-component', market: w.foreignCountry }),
    expect: (s, w) => seenThen(seesProposal(s, w), canOn(s, 'licenses.edit', consortiumRelations(s, w.consortium))),
  },
  {
    resource: 'compliance',
    action: 'update a license or take a step',
    request: 'PATCH /api/v1/licenses/{license}',
    body: () => ({ version: 999, conditions: [] }),
    expect: (s, w) => seenThen(seesProposal(s, w), canOn(s, 'licenses.edit', consortiumRelations(s, w.consortium))),
  },
  { resource: 'compliance', action: 'shipments of a license', request: 'GET /api/v1/licenses/{license}/shipments', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  {
    resource: 'compliance',
    action: 'record a shipment against a license',
    request: 'POST /api/v1/licenses/{license}/shipments',
    body: () => ({ version: 999, shippedOn: '2026-11-01', quantity: 1, valueUsd: 1, reference: 'matrix probe' }),
    expect: (s, w) => seenThen(seesProposal(s, w), canOn(s, 'licenses.edit', consortiumRelations(s, w.consortium))),
  },
  { resource: 'compliance', action: 'license critical path', request: 'GET /api/v1/proposals/{proposal}/licenses/critical-path', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  { resource: 'compliance', action: 'import reference data', request: 'POST /api/v1/reference-data/export-control', body: () => ({ matrixProbe: true }), expect: (s) => allowedIf(can(s, 'reference_data.import')) },
  // Review
  { resource: 'review', action: 'queue', request: 'GET /api/v1/review-queue', expect: (s) => allowedIf(can(s, 'review.read')) },
  { resource: 'review', action: 'panel', request: 'GET /api/v1/proposals/{proposal}/reviews', expect: (s, w) => (can(s, 'review.read') ? seenThen(seesProposal(s, w), true) : 'hidden') },
  { resource: 'review', action: 'list reviewers', request: 'GET /api/v1/reviewers', expect: (s) => allowedIf(can(s, 'review.assign')) },
  { resource: 'review', action: 'assign reviewers', request: 'POST /api/v1/proposals/{proposal}/reviews', body: (w) => ({ reviewerIds: [w.assignmentReviewerId] }), expect: (s, w) => roleThenSeen(can(s, 'review.assign'), seesProposal(s, w)) },
  {
    resource: 'review',
    action: 'declare conflict of interest',
    request: 'POST /api/v1/reviews/{assignment}/conflict-of-interest',
    body: () => ({ conflict: false, statement: 'matrix probe' }),
    expect: (s, w) => (canOn(s, 'review.score', { assigned_reviewer: s.userId === w.assignmentReviewerId }) ? 'allowed' : 'hidden'),
  },
  {
    resource: 'review',
    action: 'score',
    request: 'PUT /api/v1/reviews/{assignment}',
    body: () => ({ scores: {}, comment: 'matrix probe' }),
    expect: (s, w) => (canOn(s, 'review.score', { assigned_reviewer: s.userId === w.assignmentReviewerId }) ? 'allowed' : 'hidden'),
  },
  {
    resource: 'review',
    action: 'read consultations',
    request: 'GET /api/v1/proposals/{proposal}/consultations',
    // Every agency's position for the program-wide readers, its own agency's for a consulted user; nothing (404) for the others.
    expect: (s, w) => (seesProposal(s, w) && (can(s, 'consultation.read_all') || (s.agency !== null && mayEver(s, 'consultation.respond'))) ? 'allowed' : 'hidden'),
  },
  {
    resource: 'review',
    action: 'answer consultation',
    request: 'PUT /api/v1/consultations/{consultation}',
    body: () => ({ position: 'concur', rationale: 'matrix probe' }),
    expect: (s, w) => (canOn(s, 'consultation.respond', { consulted_agency: s.agency === w.consultationAgency }) ? seenThen(seesProposal(s, w), true) : 'hidden'),
  },
  {
    resource: 'review',
    action: 'read a consultation with its revisions',
    request: 'GET /api/v1/consultations/{consultation}',
    expect: (s, w) => (can(s, 'consultation.read_all') || canOn(s, 'consultation.respond', { consulted_agency: s.agency === w.consultationAgency }) ? seenThen(seesProposal(s, w), true) : 'hidden'),
  },
  {
    resource: 'review',
    action: 'revise consultation',
    request: 'POST /api/v1/consultations/{consultation}/revisions',
    body: () => ({ position: 'non_concur', rationale: 'matrix probe', reason: 'matrix probe', version: 999 }),
    expect: (s, w) => (canOn(s, 'consultation.respond', { consulted_agency: s.agency === w.consultationAgency }) ? seenThen(seesProposal(s, w), true) : 'hidden'),
  },
  {
    resource: 'review',
    action: 'recommend',
    request: 'POST /api/v1/proposals/{proposal}/recommendation',
    body: () => ({ recommendation: 'designate', rationale: 'matrix probe' }),
    expect: (s, w) => roleThenSeen(can(s, 'review.assign'), seesProposal(s, w)),
  },
  { resource: 'review', action: 'read recommendation', request: 'GET /api/v1/proposals/{proposal}/recommendation', expect: (s, w) => (can(s, 'review.read') ? seenThen(seesProposal(s, w), true) : 'hidden') },
  {
    resource: 'review',
    action: 'decide',
    request: 'POST /api/v1/proposals/{proposal}/decision',
    body: () => ({ decision: 'not_designated', feedback: 'matrix probe' }),
    expect: (s, w) => roleThenSeen(can(s, 'decision.make'), seesProposal(s, w)),
  },
  {
    resource: 'review',
    action: 'change the rubric',
    request: 'PUT /api/v1/rubric',
    body: () => ({ criteria: [{ key: 'matrix_probe', title: 'Probe', description: 'Weights not adding up to 1', weight: 0.5 }] }),
    expect: (s) => allowedIf(can(s, 'rubric.manage')),
  },
  // Calls for proposals and narratives
  { resource: 'call', action: 'list', request: 'GET /api/v1/calls', expect: () => 'allowed' },
  {
    resource: 'call',
    action: 'create',
    request: 'POST /api/v1/calls',
    body: () => ({ title: 'Matrix probe call', opensAt: '2026-01-01T00:00:00Z', closesAt: null }),
    expect: (s) => allowedIf(can(s, 'calls.manage')),
  },
  { resource: 'narratives', action: 'read', request: 'GET /api/v1/proposals/{proposal}/narratives', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  {
    resource: 'narratives',
    action: 'write (the proposal is designated: 409 for its editors)',
    request: 'PUT /api/v1/proposals/{proposal}/narratives/need',
    body: () => ({ bodyMarkdown: 'Matrix probe.', expectedRevision: 0 }),
    expect: (s, w) => seenThen(seesProposal(s, w), canOn(s, 'proposal.edit', consortiumRelations(s, w.consortium))),
  },
  // Designated package
  { resource: 'designated package', action: 'read', request: 'GET /api/v1/proposals/{proposal}/package', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  {
    resource: 'designated package',
    action: 'request an amendment',
    request: 'POST /api/v1/proposals/{proposal}/package/amendments',
    body: () => ({ description: 'matrix probe' }),
    expect: (s, w) => seenThen(seesProposal(s, w), step(s, stepRel(s, w), 'package.request_amendment')),
  },
  {
    resource: 'designated package',
    action: 'reinstate',
    request: 'POST /api/v1/proposals/{proposal}/package/reinstate',
    body: () => ({ reason: 'matrix probe' }),
    expect: (s, w) => seenThen(seesProposal(s, w), step(s, stepRel(s, w), 'package.reinstate')),
  },
  // Deals and financing
  {
    resource: 'deal',
    action: 'open',
    request: 'POST /api/v1/proposals/{proposal}/deals',
    body: (w) => ({ country: w.foreignCountry, buyerName: 'Matrix Probe Ministry', buyerType: 'government', valueUsd: 1_000_000, sector: 'government_services' }),
    expect: (s, w) => seenThen(seesProposal(s, w), canOn(s, 'deal.open', consortiumRelations(s, w.consortium))),
  },
  { resource: 'deal', action: 'read', request: 'GET /api/v1/deals/{deal}', expect: (s, w) => seenThen(seesDeal(s, w), true) },
  { resource: 'deal', action: 'licenses holding it up', request: 'GET /api/v1/deals/{deal}/licenses', expect: (s, w) => seenThen(seesDeal(s, w), true) },
  { resource: 'deal', action: 'update', request: 'PATCH /api/v1/deals/{deal}', body: () => ({ buyerName: 'Matrix Probe', version: 999 }), expect: (s, w) => seenThen(seesDeal(s, w), canOn(s, 'deal.update', consortiumRelations(s, w.consortium))) },
  { resource: 'deal', action: 'read its parties', request: 'GET /api/v1/deals/{deal}/parties', expect: (s, w) => seenThen(seesDeal(s, w), true) },
  {
    resource: 'deal',
    action: 'record a party',
    request: 'POST /api/v1/deals/{deal}/parties',
    body: () => ({ role: 'consignee', name: 'Matrix Probe Consignee', type: 'organization', country: 'CA' }),
    expect: (s, w) => seenThen(seesDeal(s, w), canOn(s, 'deal.update', consortiumRelations(s, w.consortium))),
  },
  {
    resource: 'deal',
    action: 'correct a party',
    request: 'PUT /api/v1/deals/{deal}/parties/{dealParty}',
    body: () => ({ role: 'end_user', name: 'Matrix Probe', type: 'organization', country: 'CA', version: 999 }),
    expect: (s, w) => seenThen(seesDeal(s, w), canOn(s, 'deal.update', consortiumRelations(s, w.consortium))),
  },
  {
    resource: 'deal',
    action: 'remove a party',
    request: 'DELETE /api/v1/deals/{deal}/parties/{dealParty}?version=999',
    expect: (s, w) => seenThen(seesDeal(s, w), canOn(s, 'deal.update', consortiumRelations(s, w.consortium))),
  },
  {
    resource: 'deal',
    action: 'move the stage by hand',
    request: 'POST /api/v1/deals/{deal}/stage',
    body: () => ({ stage: 'advocacy', reason: 'matrix probe', version: 999 }),
    expect: (s, w) => seenThen(seesDeal(s, w), can(s, 'deal.stage.move')),
  },
  {
    resource: 'deal',
    action: 'designated packages with their deals',
    request: 'GET /api/v1/portfolio/packages',
    expect: (s) => allowedIf(can(s, 'deal.read_all') || (s.agency !== null && mayEver(s, 'deal.read_referred')) || s.orgKind === 'company'),
  },
  {
    resource: 'deal',
    action: 'record advocacy',
    request: 'POST /api/v1/deals/{deal}/advocacy',
    body: () => ({ kind: 'call', occurredOn: '2026-11-02', description: 'matrix probe' }),
    expect: (s, w) => seenThen(seesDeal(s, w), can(s, 'deal.advocacy')),
  },
  {
    resource: 'financing request',
    action: 'refer',
    request: 'POST /api/v1/deals/{deal}/financing-requests',
    body: () => ({ agency: 'EXIM', instrument: 'matrix_probe', requestedUsd: 1 }),
    expect: (s, w) => roleThenSeen(can(s, 'financing.request.refer'), seesDeal(s, w)),
  },
  { resource: 'financing request', action: 'read', request: 'GET /api/v1/financing-requests/{request}', expect: (s, w) => seenThen(seesRequest(s, w), true) },
  {
    resource: 'financing request',
    action: 'decide (an agency stage)',
    request: 'POST /api/v1/financing-requests/{request}/actions/approve',
    body: () => ({ version: 999 }),
    expect: (s, w) => seenThen(seesRequest(s, w), step(s, { ...consortiumRelations(s, w.consortium), financing_agency: s.agency === w.requestAgency }, 'financing.request.decide')),
  },
  {
    resource: 'financing request',
    action: 'withdraw',
    request: 'POST /api/v1/financing-requests/{request}/actions/withdraw',
    body: () => ({ version: 999 }),
    expect: (s, w) => seenThen(seesRequest(s, w), step(s, { ...consortiumRelations(s, w.consortium), financing_agency: s.agency === w.requestAgency }, 'financing.request.withdraw')),
  },
  { resource: 'financing request', action: 'import eligibility rules', request: 'POST /api/v1/financing/rules', body: () => ({ version: 'matrix-probe', effectiveFrom: '2026-01-01', rules: 'not a list' }), expect: (s) => allowedIf(can(s, 'financing.rules.import')) },
  { resource: 'financing request', action: 'buyer interests', request: 'GET /api/v1/buyer-interests', expect: (s) => allowedIf(can(s, 'buyer_interests.read')) },
  // The buyer's side: a foreign buyer's own workspace, and the interest a package received.
  { resource: 'buyer workspace', action: 'screening status', request: 'GET /api/v1/buyer/status', expect: (s) => allowedIf(can(s, 'buyer.workspace')) },
  { resource: 'buyer workspace', action: 'requirements', request: 'GET /api/v1/buyer/requirements', expect: (s) => allowedIf(can(s, 'buyer.workspace')) },
  { resource: 'buyer workspace', action: 'interest records', request: 'GET /api/v1/buyer/interests', expect: (s) => allowedIf(can(s, 'buyer.workspace')) },
  {
    resource: 'package',
    action: 'buyer interest received',
    request: 'GET /api/v1/proposals/{proposal}/buyer-interests',
    expect: (s, w) => seenThen(seesProposal(s, w), canOn(s, 'buyer_matches.read', relationsToProposal(s, w))),
  },
  // The market explorer: the consortium's members (drafts too), the program office and the EDAG coordinator.
  { resource: 'package', action: 'market explorer', request: 'GET /api/v1/proposals/{proposal}/market', expect: (s, w) => seenThen(seesProposal(s, w), canOn(s, 'market.explore', relationsToProposal(s, w))) },
  { resource: 'package', action: 'market explorer of a draft', request: 'GET /api/v1/proposals/{draft}/market.csv', expect: (s, w) => seenThen(seesDraft(s, w), canOn(s, 'market.explore', consortiumRelations(s, w.consortium))) },
  // Screening
  { resource: 'screening', action: 'search', request: 'POST /api/v1/screening/search', body: () => ({ name: 'Matrix Probe Trading' }), expect: (s) => allowedIf(can(s, 'screening.search')) },
  {
    resource: 'screening',
    action: 'match (yente-compatible)',
    request: 'POST /api/v1/match/default',
    body: () => ({ queries: { q1: { schema: 'Company', properties: { name: ['Matrix Probe Trading'] } } } }),
    expect: (s) => allowedIf(can(s, 'screening.search')),
  },
  { resource: 'screening', action: 'alerts', request: 'GET /api/v1/screening/alerts', expect: (s) => allowedIf(can(s, 'screening.alerts.read_all') || (s.orgKind === 'company' && can(s, 'screening.alerts.read_company'))) },
  {
    resource: 'screening',
    action: 'confirm an alert',
    request: 'POST /api/v1/screening/alerts/{alert}/disposition',
    body: () => ({ status: 'confirmed', reason: 'matrix probe' }),
    expect: (s, w) => alertThen(s, w, can(s, 'screening.confirm')),
  },
  {
    resource: 'screening',
    action: 'clear an alert (false positive)',
    request: 'POST /api/v1/screening/alerts/{alert}/disposition',
    body: () => ({ status: 'false_positive', reason: 'matrix probe' }),
    expect: (s, w) => alertThen(s, w, s.orgKind === 'agency' && can(s, 'screening.clear')),
  },
  // After the clearance above the alert is a false positive: a contest or a proposed clearance is then refused for its state (409, past authorization).
  {
    resource: 'screening',
    action: 'contest an alert',
    request: 'POST /api/v1/screening/alerts/{alert}/contest',
    body: () => ({ reason: 'Matrix probe: the party is not the listed entity.' }),
    expect: (s, w) => alertThen(s, w, s.orgKind === 'company' && can(s, 'screening.contest')),
  },
  {
    resource: 'screening',
    action: 'propose a clearance (four-eyes)',
    request: 'POST /api/v1/screening/alerts/{alert}/clearance',
    body: () => ({ reason: 'matrix probe' }),
    expect: (s, w) => alertThen(s, w, s.orgKind === 'agency' && can(s, 'screening.clear')),
  },
  // Whether a package's parties are screened (what designation and final commitment wait for): whoever sees the proposal.
  { resource: 'screening', action: 'a package’s parties screened', request: 'GET /api/v1/proposals/{proposal}/screening', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  { resource: 'screening', action: 'lists', request: 'GET /api/v1/lists', expect: (s) => allowedIf(can(s, 'screening.search')) },
  { resource: 'screening', action: 'import a list', request: 'POST /api/v1/lists/import?format=csl', raw: { contentType: 'text/csv', payload: 'not,a,list\n' }, expect: (s) => allowedIf(can(s, 'lists.manage')) },
  // List sources: read by whoever reads the lists; changed and refreshed by admins (the probes change nothing: an unknown format is refused, and the queued refresh is never run).
  { resource: 'screening', action: 'list sources', request: 'GET /api/v1/lists/sources', expect: (s) => allowedIf(can(s, 'screening.search')) },
  { resource: 'screening', action: 'change a list source', request: 'PATCH /api/v1/lists/sources/csl', body: () => ({ format: 'matrix-probe' }), expect: (s) => allowedIf(can(s, 'lists.manage')) },
  { resource: 'screening', action: 'refresh a list source now', request: 'POST /api/v1/lists/sources/csl/refresh', expect: (s) => allowedIf(can(s, 'lists.manage')) },
  // Users and API keys
  { resource: 'users', action: 'list', request: 'GET /api/v1/users', expect: (s) => allowedIf(can(s, 'users.read')) },
  {
    resource: 'users',
    action: 'create',
    request: 'POST /api/v1/users',
    body: () => ({ email: 'admin@aiep.example', name: 'Matrix Probe', orgId: 'org-ita', roles: ['admin'], password: PASSWORD }),
    expect: (s) => allowedIf(can(s, 'users.manage')),
  },
  // A change that changes nothing (the reviewer stays enabled): the answer is the permission's alone.
  { resource: 'users', action: 'change roles or disable', request: 'PATCH /api/v1/users/{user}', body: () => ({ disabled: false }), expect: (s) => allowedIf(can(s, 'users.manage')) },
  // Invitations: administrators anywhere; a company's anchor into its own company only (the probe
  // names an address that has an account, so an allowed one is refused with 409 and writes nothing).
  { resource: 'users', action: 'invitations', request: 'GET /api/v1/invitations', expect: (s) => allowedIf(can(s, 'users.invite') || can(s, 'users.invite_colleagues')) },
  {
    resource: 'users',
    action: 'invite into a company',
    request: 'POST /api/v1/invitations',
    body: () => ({ email: 'anchor@cascade.example', orgId: 'org-cascade', roles: ['consortium_member'] }),
    expect: (s) => allowedIf(can(s, 'users.invite') || (can(s, 'users.invite_colleagues') && s.orgId === 'org-cascade')),
  },
  { resource: 'users', action: 'own API keys', request: 'GET /api/v1/api-keys', expect: () => 'allowed' },
  { resource: 'users', action: 'create an API key', request: 'POST /api/v1/api-keys', body: () => ({ name: 'matrix probe', scope: 'read' }), expect: () => 'allowed' },
  // Two-factor sign-in: everyone's own state; the reset of another user's set-up for administrators.
  { resource: 'users', action: 'own two-factor sign-in', request: 'GET /api/v1/auth/mfa', expect: () => 'allowed' },
  { resource: 'users', action: 'reset a user’s two-factor sign-in', request: 'POST /api/v1/users/no-such-user/mfa/reset', expect: (s) => (can(s, 'users.manage') ? 'hidden' : 'denied') },
  // New organizations: the program office's queue of self-registered companies.
  { resource: 'new organizations', action: 'queue', request: 'GET /api/v1/organizations/registrations', expect: (s) => allowedIf(can(s, 'organization.registrations.review')) },
  // Oversight
  { resource: 'access log', action: 'read', request: 'GET /api/v1/access-log', expect: (s) => allowedIf(can(s, 'access_log.read')) },
  { resource: 'audit trail', action: 'verify the chain', request: 'GET /api/v1/audit/verification', expect: (s) => allowedIf(can(s, 'audit.verify')) },
  // E-mail: everyone's own preferences; the outbox and the development mailbox for administrators.
  { resource: 'e-mail', action: 'own preferences', request: 'GET /api/v1/me/notification-preferences', expect: () => 'allowed' },
  { resource: 'e-mail', action: 'change own preferences', request: 'PUT /api/v1/me/notification-preferences', body: () => ({ items: [{ kind: 'buyer_interest', mode: 'immediate' }] }), expect: () => 'allowed' },
  { resource: 'e-mail', action: 'outbox', request: 'GET /api/v1/admin/mail', expect: (s) => allowedIf(can(s, 'mail.manage')) },
  { resource: 'e-mail', action: 'retry an e-mail', request: 'POST /api/v1/admin/mail/no-such-mail/retry', expect: (s) => (can(s, 'mail.manage') ? 'hidden' : 'denied') },
  { resource: 'e-mail', action: 'development mailbox', request: 'GET /api/v1/admin/dev-mail', expect: (s) => allowedIf(can(s, 'mail.manage')) },
  // Records: the proposal PDF, the FOIA export, retention and disposal.
  { resource: 'records', action: 'proposal PDF', request: 'GET /api/v1/proposals/{proposal}/pdf', expect: (s, w) => seenThen(seesProposal(s, w), true) },
  { resource: 'records', action: 'FOIA export', request: 'GET /api/v1/proposals/{proposal}/foia-export', expect: (s, w) => roleThenSeen(can(s, 'records.foia_export'), seesProposal(s, w)) },
  { resource: 'records', action: 'retention classes', request: 'GET /api/v1/records/retention-classes', expect: (s) => allowedIf(can(s, 'records.read')) },
  { resource: 'records', action: 'report a disposal', request: 'POST /api/v1/records/disposal-runs', body: () => ({ recordClass: 'mail_outbox_sent' }), expect: (s) => allowedIf(can(s, 'records.manage')) },
  // Organizations (a member company of the proposal's consortium)
  { resource: 'organization', action: 'read', request: 'GET /api/v1/organizations/{org}', expect: (s, w) => seenThen(seesOrg(s, w), true) },
  {
    resource: 'organization',
    action: 'update',
    request: 'PUT /api/v1/organizations/{org}',
    body: (w) => ({ version: 999, organization: w.organization }),
    expect: (s, w) => (can(s, 'organization.update_any') || (s.orgId === w.ids.org && can(s, 'organization.update')) ? 'allowed' : seenThen(seesOrg(s, w), false)),
  },
];

/** The draft's content as the probe sends it back (unchanged, with a stale version). */
let draftBody: Record<string, unknown> = {};
export function setDraftContent(content: Record<string, unknown>) {
  draftBody = content;
}
const draftContent = (_w: World) => draftBody;

// ── The page ──────────────────────────────────────────────────────────────────────────────

export const REGENERATE = 'UPDATE_ACCESS_MATRIX=1 npx vitest run --project node src/server/test/access-matrix.test.ts';

/** docs/access-matrix.md from the observed answers (subject key → probe index → answer). */
export function renderPage(observed: Map<string, Answer[]>): string {
  const cols = SUBJECTS.map((s, i) => ({ ...s, n: `c${i + 1}` }));
  const out: string[] = [
    '# Access matrix',
    '',
    `<!-- Generated by src/server/test/access-matrix.test.ts from the API's answers on the demo data; do not edit. Regenerate: ${REGENERATE} -->`,
    '',
    'What the API answers each kind of user, probed on the demo data (the designated ASEAN proposal, a draft of its',
    'consortium, a deal on it with a financing request to EXIM, one of its member companies). The test checks every cell',
    'against the permission model (`src/shared/access.ts`, see [permissions.md](permissions.md)) and this page against',
    'the API; either disagreeing fails it.',
    '',
    'Cells: ✓ allowed (2xx, or a validation or state error after authorization) · 403 denied · 404 hidden (as if it did',
    'not exist) · 401 not logged in.',
    '',
    '## Columns',
    '',
    '| column | user | role and relation |',
    '|---|---|---|',
    ...cols.map((c) => `| ${c.n} | ${c.email ?? '—'} | ${c.label} |`),
    '',
  ];
  const resources = [...new Set(PROBES.map((p) => p.resource))];
  for (const r of resources) {
    out.push(`## ${r[0]!.toUpperCase()}${r.slice(1)}`, '', `| action | request | ${cols.map((c) => c.n).join(' | ')} |`, `|---|---|${cols.map(() => ':-:').join('|')}|`);
    PROBES.forEach((p, i) => {
      if (p.resource !== r) return;
      out.push(`| ${p.action} | \`${p.request}\` | ${cols.map((c) => CELL[observed.get(c.key)![i]!]).join(' | ')} |`);
    });
    out.push('');
  }
  out.push('## The model: permissions by role', '', 'From `ALL_GRANTS` in `src/shared/access.ts` (the table, and the state machines\u2019 steps). ✓: granted; a relation name: granted for things the user stands in that relation to.', '');
  const perms = [...new Set(ROLES.flatMap((r) => ALL_GRANTS[r].map((g) => g.split('@')[0]!)))].sort();
  out.push(`| permission | ${ROLES.join(' | ')} |`, `|---|${ROLES.map(() => ':-:').join('|')}|`);
  for (const p of perms) {
    const cells = ROLES.map((r) => {
      const rels = ALL_GRANTS[r].filter((g) => g.split('@')[0] === p).map((g) => g.split('@')[1] ?? '✓');
      return rels.includes('✓') ? '✓' : rels.join(', ');
    });
    out.push(`| \`${p}\` | ${cells.join(' | ')} |`);
  }
  out.push('');
  return out.join('\n');
}
