// The permission model (docs/permissions.md): which role may do what, and which relation to the
// thing acted on a permission needs. One table, read by every server service and policy, by the web
// app (to offer only what the server accepts) and by the access matrix test
// (src/server/test/access-matrix.test.ts, which checks the API against it and writes
// docs/access-matrix.md). Pure data and functions: no server or web imports.
import { FINANCING_TRANSITIONS, type FinancingAction } from './domain/financing-lifecycle.ts';
import { PACKAGE_TRANSITIONS, PROPOSAL_TRANSITIONS, type PackageAction, type ProposalAction } from './domain/proposal-lifecycle.ts';
import { ROLES, type Agency, type OrganizationKind, type Role } from './domain/roles.ts';

/**
 * Relations to the thing acted on. A grant bound to a relation counts only when the relation holds:
 * - `anchor`: the user belongs to the consortium's anchor company;
 * - `member`: the user belongs to an active member company of the consortium (anchor or not);
 * - `assigned_reviewer`: the user is assigned to review the proposal and declared no conflict;
 * - `consulted_agency`: the user's agency was consulted on the proposal;
 * - `financing_agency`: the user's agency is the agency of the financing request (or of a request on the deal);
 * - `designated_package`: the proposal is designated (the EDAG coordinator's reach).
 */
export const RELATIONS = ['anchor', 'member', 'assigned_reviewer', 'consulted_agency', 'financing_agency', 'designated_package'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Named actions granted by the table below (the state-machine steps are further below). */
export const PERMISSIONS = [
  // Consortia and proposals
  'consortium.form', // form a consortium (its company becomes the anchor) — a company user only
  'consortium.manage', // invite, change and remove members
  'consortium.invitation.respond', // accept or decline the company's invitation
  'proposal.create',
  'proposal.read', // read a proposal (and its history, manifest, compliance matrix) through a relation
  'proposal.read_all', // read every proposal once submitted, with the full history (the program-wide readers)
  'proposal.edit', // edit the whole package
  'proposal.edit_own_components', // edit the components the user's company supplies
  'proposal.certify',
  'licenses.edit', // keep license records of the proposal
  'reference_data.import', // export-control reference data
  // Review
  'review.read', // review queue, panel, recommendation and its evidence
  'review.assign', // reviewers, consultations, recommendation (the program office's review steps)
  'rubric.manage',
  'calls.manage', // create, edit, publish and close calls for proposals
  'review.score', // declare conflicts and score an assignment
  'consultation.read_all', // every agency's position on a proposal
  'consultation.respond', // answer (and read) the agency's consultation
  // Deals and financing
  'deal.read_all', // every deal and its requests
  'deal.read_referred', // deals with a request to the user's agency, and those requests
  'deal.open',
  'deal.update',
  'deal.advocacy', // record and edit advocacy actions
  'deal.stage.move', // move a deal's stage by hand, with a reason (it otherwise follows its financing)
  'financing.request.refer',
  'financing.agency_notes.read', // the agencies' internal notes on requests
  'financing.rules.import',
  'monitoring.submit',
  'buyer_interests.read',
  'buyer_interests.manage', // move a buyer interest record along (forwarded, in contact, closed)
  // The buyer's side (module buyers, matching, market)
  'buyer.workspace', // a buyer organization's own requirements, follows and interest records (gated by its screening)
  'package_profile.edit', // what a designated package offers buyers, and its translated title and summary
  'buyer_matches.read', // the buyers whose requirements a designated package fits, and the interest it received
  'market.explore', // the market explorer: candidate countries ranked for a package
  // Screening (module screening)
  'screening.search', // search, batch screening, read the lists
  'screening.alerts.read_all',
  'screening.alerts.read_company', // the alerts about the user's company and its proposals' parties (company users)
  'screening.confirm', // raise a hit's effect (confirm it)
  'screening.clear', // lower a hit's effect, propose or decide a clearance (agency users only)
  'screening.contest', // contest an alert about the company's own party
  'lists.manage', // import and activate screening lists
  // Users and organizations
  'users.manage', // create users
  'users.read', // list users
  'users.invite', // invite anyone into any organization, with any roles that fit it
  'users.invite_colleagues', // invite colleagues into the user's own company, with company roles
  'organization.update', // the user's own organization's entity data
  'organization.update_any',
  'organization.registrations.review', // the queue of self-registered companies: approve or reject them
  // Oversight
  'access_log.read', // who read business-confidential information, and who was refused
  'audit.verify', // verify the audit chain and its signed checkpoints
  'screening.jobs.read_all', // every batch screening job, not only the user's own
  'mail.manage', // the e-mail outbox (list, retry failed e-mail) and the development mailbox
  // Records (module records)
  'records.foia_export', // export a proposal's public material for a FOIA request
  'records.read', // retention classes, disposal runs and legal holds
  'records.manage', // report and approve disposals, place and release legal holds
] as const;
export type TablePermission = (typeof PERMISSIONS)[number];

/** A grant: a permission, or a permission bound to a relation (`'deal.update@anchor'`). */
export type Grant = TablePermission | `${TablePermission}@${Relation}`;

/** The program-wide readers' grants: every submitted proposal, its review and consultations, every deal with the agencies' notes, buyer interests. */
const PROGRAM_WIDE_READ: readonly Grant[] = [
  'proposal.read_all',
  'review.read',
  'consultation.read_all',
  'deal.read_all',
  'financing.agency_notes.read',
  'buyer_interests.read',
];

/**
 * THE TABLE: role → what it may do. Adding a role is one line here (plus ROLES in
 * src/shared/domain/roles.ts and the state machines' `roles`); adding a permission is one entry in
 * PERMISSIONS and the grants here.
 */
export const GRANTS: Readonly<Record<Role, readonly Grant[]>> = {
  anchor_member: [
    'consortium.form',
    'consortium.manage@anchor',
    'consortium.invitation.respond',
    'proposal.create@anchor',
    'proposal.read@member',
    'proposal.edit@anchor',
    'proposal.edit_own_components@member',
    'proposal.certify@member',
    'licenses.edit@anchor',
    'deal.open@anchor',
    'deal.update@anchor',
    'monitoring.submit@anchor',
    'organization.update',
    'users.invite_colleagues',
    'package_profile.edit@anchor',
    'buyer_matches.read@member',
    'market.explore@member',
  ],
  consortium_member: ['consortium.invitation.respond', 'proposal.read@member', 'proposal.edit_own_components@member', 'proposal.certify@member', 'organization.update', 'buyer_matches.read@member', 'market.explore@member'],
  compliance_officer: [
    'proposal.read@member',
    'proposal.edit_own_components@member',
    'licenses.edit@member',
    'screening.search',
    'screening.alerts.read_company',
    'screening.confirm',
    'screening.contest',
    'organization.update',
  ],
  program_officer: [
    ...PROGRAM_WIDE_READ,
    'licenses.edit',
    'review.assign',
    'rubric.manage',
    'calls.manage',
    'deal.open',
    'deal.update',
    'deal.advocacy',
    'screening.search',
    'screening.alerts.read_all',
    'screening.confirm',
    'screening.clear',
    'records.foia_export',
    'organization.registrations.review',
    'buyer_interests.manage',
    'buyer_matches.read',
    'market.explore',
  ],
  screening_analyst: ['screening.search', 'screening.alerts.read_all', 'screening.confirm', 'screening.clear'],
  decision_official: [...PROGRAM_WIDE_READ],
  interagency_reviewer: ['proposal.read@assigned_reviewer', 'proposal.read@consulted_agency', 'review.score@assigned_reviewer', 'consultation.respond@consulted_agency'],
  edag_coordinator: ['proposal.read@designated_package', 'deal.read_all', 'deal.open', 'deal.update', 'deal.advocacy', 'deal.stage.move', 'financing.request.refer', 'buyer_interests.read', 'buyer_matches.read', 'market.explore'],
  financing_officer: ['deal.read_referred@financing_agency'],
  auditor: [...PROGRAM_WIDE_READ, 'screening.search', 'screening.alerts.read_all', 'users.read', 'access_log.read', 'audit.verify', 'records.foia_export', 'records.read'],
  admin: [
    ...PROGRAM_WIDE_READ,
    'reference_data.import',
    'rubric.manage',
    'calls.manage',
    'financing.rules.import',
    'screening.search',
    'screening.alerts.read_all',
    'screening.confirm',
    'lists.manage',
    'users.manage',
    'users.read',
    'users.invite',
    'organization.update_any',
    'organization.registrations.review',
    'access_log.read',
    'audit.verify',
    'screening.jobs.read_all',
    'mail.manage',
    'records.foia_export',
    'records.read',
    'records.manage',
  ],
  foreign_buyer: ['buyer.workspace'],
};

// ── The state machines' steps ─────────────────────────────────────────────────────────────
// Who may take a step of the proposal, the designated package or a financing request is written
// once, in the state machine's table (src/shared/domain/*-lifecycle.ts); the model reads it from
// there. An applicant step (anchor_member) needs the anchor relation, an agency step
// (financing_officer) the financing-agency relation.

export type StepPermission = `proposal.${ProposalAction}` | `package.${PackageAction}` | `financing.request.${FinancingAction}`;
/** Named aliases of steps, for the checks that are not a state-machine call. */
export type AliasPermission = 'decision.make' | 'financing.request.decide';
export type Permission = TablePermission | StepPermission | AliasPermission;

const RELATION_OF_STEP_ROLE: Partial<Record<Role, Relation>> = { anchor_member: 'anchor', financing_officer: 'financing_agency' };

function stepGrants(prefix: string, table: Record<string, { roles: readonly Role[] }>): [Role, Grant][] {
  return Object.entries(table).flatMap(([action, t]) =>
    t.roles.map((role): [Role, Grant] => {
      const rel = RELATION_OF_STEP_ROLE[role];
      return [role, `${prefix}${action}${rel ? `@${rel}` : ''}` as Grant];
    }),
  );
}

const ALIASES: Record<AliasPermission, StepPermission> = {
  'decision.make': 'proposal.designate',
  'financing.request.decide': 'financing.request.submit_to_agency',
};

/** Every grant of every role: the table and the state machines' steps. */
export const ALL_GRANTS: Readonly<Record<Role, readonly Grant[]>> = (() => {
  const out = Object.fromEntries(ROLES.map((r) => [r, [...GRANTS[r]]])) as Record<Role, Grant[]>;
  for (const [role, grant] of [...stepGrants('proposal.', PROPOSAL_TRANSITIONS), ...stepGrants('package.', PACKAGE_TRANSITIONS), ...stepGrants('financing.request.', FINANCING_TRANSITIONS)]) {
    out[role].push(grant);
  }
  return out;
})();

// ── Checks ───────────────────────────────────────────────────────────────────────────────

/** Who acts: the server's Actor and the web app's session user both reduce to this. */
export interface Subject {
  roles: readonly Role[];
}

/** The relations that hold between the subject and the thing acted on (absent = does not hold). */
export type Relations = Partial<Record<Relation, boolean>>;

function parse(grant: Grant): { permission: string; relation: Relation | null } {
  const at = grant.indexOf('@');
  return at < 0 ? { permission: grant, relation: null } : { permission: grant.slice(0, at), relation: grant.slice(at + 1) as Relation };
}

const resolve = (p: Permission): string => (p in ALIASES ? ALIASES[p as AliasPermission] : p);

/** The grants of `permission` to `role`: unbound (null) and/or the relations it needs. */
export function grantsOf(role: Role, permission: Permission): (Relation | null)[] {
  const wanted = resolve(permission);
  return (ALL_GRANTS[role] ?? []).map(parse).filter((g) => g.permission === wanted).map((g) => g.relation);
}

/** Whether the subject may do this whatever the thing: some role of it holds the permission without a relation. */
export function can(subject: Subject, permission: Permission): boolean {
  return subject.roles.some((r) => grantsOf(r, permission).includes(null));
}

/** Whether the subject may do this to a thing it stands in these relations to. */
export function canOn(subject: Subject, permission: Permission, relations: Relations): boolean {
  return subject.roles.some((r) => grantsOf(r, permission).some((rel) => rel === null || relations[rel] === true));
}

/** Whether some role of the subject holds the permission at all, with or without a relation (the UI offers the screen). */
export function mayEver(subject: Subject, permission: Permission): boolean {
  return subject.roles.some((r) => grantsOf(r, permission).length > 0);
}

/**
 * The subject's roles that count for the state machines' steps on this thing: an applicant role
 * only with the anchor relation, an agency role only with the financing-agency relation (the
 * roles to pass to checkTransition and availableActions).
 */
export function stepRoles(subject: Subject, relations: Relations): Role[] {
  return subject.roles.filter((r) => {
    const rel = RELATION_OF_STEP_ROLE[r];
    return rel === undefined || relations[rel] === true;
  });
}

/** The roles holding the permission without a relation. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => grantsOf(r, permission).includes(null));
}

// ── Relations from facts ─────────────────────────────────────────────────────────────────

/** Where the subject belongs (the server's Actor has these fields; the web app maps its session user). */
export interface Membership {
  orgId: string;
  orgKind: OrganizationKind;
  agency?: Agency | null;
}

export interface ConsortiumFacts {
  anchorOrgId: string;
  members: readonly { orgId: string; status: string }[];
}

/** The anchor and member relations of a user to a consortium. */
export function consortiumRelations(who: Membership, c: ConsortiumFacts | null | undefined): Relations {
  if (!c) return {};
  return {
    anchor: who.orgId === c.anchorOrgId,
    member: who.orgKind === 'company' && c.members.some((m) => m.orgId === who.orgId && m.status === 'active'),
  };
}
