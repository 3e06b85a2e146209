// Table types for Kysely. Timestamps are ISO-8601 UTC strings, booleans 0/1 integers and JSON
// documents text on both dialects, so one query codebase serves SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface OrganizationsTable {
  id: string;
  name: string;
  kind: string;
  agency: string | null;
  country_of_incorporation: string;
  principal_place_of_business: string;
  owners_json: string;
  ultimate_parent_json: string | null;
  small_business: number;
  /** PartyEvidence (JSON) the company gives about itself: registration numbers, date of incorporation, addresses. */
  evidence_json: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** 'registered' (self-registered, awaiting the program office), 'approved' or 'rejected' (migration 022). */
  registration_status: Generated<string>;
  /** A buyer organization's kind: 'government' | 'state_owned' | 'company'; null for other kinds (migration 027). */
  buyer_kind: Generated<string | null>;
}

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  name: string;
  password_hash: string;
  roles_json: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
  /** 1 while a self-registered user has not confirmed its e-mail address (migration 022). */
  email_verification_pending: Generated<number>;
  /** The language the user reads aiep in ('en', 'fr', 'es', 'ar'); null: the browser's (migration 027). */
  locale: Generated<string | null>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** 'ok', or pending: 'challenge' (a TOTP code is due) or 'enroll' (TOTP must be set up first). */
  mfa_state: Generated<'ok' | 'challenge' | 'enroll'>;
  auth_method: Generated<'password' | 'oidc'>;
  auth_provider: string | null;
}

/** A user's TOTP set-up (auth module). */
export interface UserMfaTable {
  user_id: string;
  secret_enc: string | null;
  pending_secret_enc: string | null;
  enabled_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Time steps whose TOTP code a user has had accepted: each (user, step) once. */
export interface MfaUsedStepsTable {
  user_id: string;
  step: number;
  used_at: string;
}

export interface MfaRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** 'read' | 'screening' | 'full' (migration 009). */
  scope: string;
  /** Null only for a key that never got an expiry; such a key is refused. */
  expires_at: string | null;
  /** The key whose request created this one (never a wider scope nor a later expiry). */
  parent_id: string | null;
}

/** Failed-login counters (migration 009), owned by the auth module. */
export interface LoginThrottlesTable {
  key: string;
  failures: number;
  blocked_until: string | null;
  expires_at: string;
}

/** Request counts of the shared rate limits (migration 012, src/server/http/rate-limit-store.ts). */
export interface RateLimitHitsTable {
  /** `<method> <route pattern>|<client key>` */
  key: string;
  window_start: string;
  count: number;
  expires_at: string;
}

export interface ConsortiaTable {
  id: string;
  name: string;
  anchor_org_id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ConsortiumMembersTable {
  consortium_id: string;
  org_id: string;
  status: string;
  layer_roles_json: string;
  invited_by: string;
  invited_at: string;
  responded_at: string | null;
}

export interface ProposalsTable {
  id: string;
  consortium_id: string;
  title: string;
  summary: string;
  state: string;
  package_json: string;
  version: number;
  revision: number;
  submitted_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** The call the proposal answers (calls module); null for proposals started before calls. */
  call_id: Generated<string | null>;
}

export interface ProposalRevisionsTable {
  proposal_id: string;
  revision: number;
  title: string;
  summary: string;
  package_json: string;
  certifications_json: string;
  submitted_at: string;
  submitted_by: string;
}

export interface CertificationsTable {
  proposal_id: string;
  org_id: string;
  kind: string;
  certified_by: string;
  certified_at: string;
}

/** The program office's eligibility checklist: one answer per proposal, submitted revision and criterion. */
export interface EligibilityAnswersTable {
  proposal_id: string;
  revision: number;
  criterion_id: string;
  /** 'met' | 'not_met' | 'not_applicable' */
  answer: string;
  note: string;
  answered_by: string;
  answered_at: string;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data_json: string;
  prev_hash: string;
  hash: string;
  /** 'sha256' (events from before the chain was keyed) or 'hmac-sha256'. */
  alg: string;
  /** The id of the HMAC key (its epoch); null for 'sha256'. */
  key_id: string | null;
}

export interface RubricCriteriaTable {
  key: string;
  title: string;
  description: string;
  weight: number;
  position: number;
  updated_at: string;
}

export interface ReviewAssignmentsTable {
  id: string;
  proposal_id: string;
  revision: number;
  reviewer_id: string;
  assigned_by: string;
  assigned_at: string;
  due_at: string;
  coi: string;
  coi_statement: string | null;
  coi_declared_at: string | null;
  status: string;
  scores_json: string;
  comment: string;
  submitted_at: string | null;
  reminded_at: string | null;
  /** When the program office was told the review is overdue (once; migration 026). */
  escalated_at: string | null;
  /** The rubric version the scores were given against (calls module's rubric_versions). */
  rubric_version_id: Generated<string | null>;
}

export interface ConsultationsTable {
  id: string;
  proposal_id: string;
  agency: string;
  requested_by: string;
  requested_at: string;
  due_at: string;
  position: string | null;
  rationale: string | null;
  conditions_json: string;
  answered_by: string | null;
  answered_at: string | null;
  version: Generated<number>;
  /** When the agency was reminded that its answer falls due, and when the program office was told it is overdue (once each; migration 026). */
  reminded_at: string | null;
  escalated_at: string | null;
}

/** Every answer of an agency to a consultation: revision 1 is the first answer, later ones carry the reason for the change. */
export interface ConsultationRevisionsTable {
  id: string;
  consultation_id: string;
  revision: number;
  position: string;
  rationale: string;
  conditions_json: string;
  reason: string | null;
  answered_by: string;
  answered_at: string;
}

export interface RecommendationsTable {
  proposal_id: string;
  revision: number;
  recommendation: string;
  rationale: string;
  evidence_json: string;
  drafted_by: string;
  drafted_at: string;
}

export interface DecisionsTable {
  proposal_id: string;
  decision: string;
  national_interest: string | null;
  conditions_json: string;
  term_months: number | null;
  feedback: string;
  decided_by: string;
  decided_at: string;
}

export interface DesignatedPackagesTable {
  proposal_id: string;
  state: string;
  designated_at: string;
  expires_at: string;
  public_description: string;
  sectors_json: string;
  state_reason: string | null;
  version: number;
  updated_at: string;
  /** The members' public facts as reviewed ([{ orgId, name, country }] JSON): what the catalog shows. */
  public_members_json: string | null;
}

export interface AmendmentsTable {
  id: string;
  proposal_id: string;
  kinds_json: string;
  description: string;
  status: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** The proposed package (JSON), when the amendment changes the package itself. */
  package_json: string | null;
  /** PackageChanges (JSON) against the package in force when requested. */
  changes_json: string | null;
  /** What changed, for an amendment aiep opened itself (a member's facts or membership; JSON). */
  data_json: string | null;
}

export interface BuyerInterestsTable {
  id: string;
  proposal_id: string;
  buyer_name: string;
  buyer_kind: string;
  country: string;
  contact_email: string;
  requirements_json: string;
  created_at: string;
  /** The buyer organization that registered it from its workspace; null for an anonymous registration (migration 027). */
  org_id: Generated<string | null>;
  user_id: Generated<string | null>;
  /** The buyer requirement the interest answers, if any. */
  requirement_id: Generated<string | null>;
  /** 1: the buyer agreed that the consortium sees its name and contact. */
  consent_to_share: Generated<number>;
  /** 'received' | 'forwarded' | 'in_contact' | 'closed'. */
  status: Generated<string>;
  /** The buyer's message to the consortium and the program office. */
  message: Generated<string | null>;
  updated_at: Generated<string | null>;
  version: Generated<number>;
}

/** The history of a buyer interest record, which the buyer follows (migration 027). */
export interface BuyerInterestEventsTable {
  id: string;
  interest_id: string;
  at: string;
  actor_id: string | null;
  status: string;
  note: string | null;
}

/** A buyer organization's structured requirement (migration 027). JSON columns hold string arrays. */
export interface BuyerRequirementsTable {
  id: string;
  org_id: string;
  title: string;
  country: string;
  sector: string | null;
  layers_json: string;
  /** 'on_premises' | 'sovereign_cloud' | 'air_gapped' values. */
  deployments_json: string;
  /** 'in_country' | 'in_region' | 'no_requirement'. */
  data_residency: string;
  /** 'open_weight' | 'licensed' | 'either'. */
  model_licensing: string;
  /** Language codes (BCP 47 primary subtags) the applications must support. */
  languages_json: string;
  budget_min_usd: number | null;
  budget_max_usd: number | null;
  /** 'within_6_months' | '6_to_12_months' | '12_to_24_months' | 'over_24_months'. */
  timeline: string;
  /** Agencies whose financing the buyer wants (EXIM, DFC, USTDA, SBA). */
  financing_json: string;
  notes: string | null;
  /** 1: consortia whose packages match see the buyer's name and country; 0: they see it anonymized. */
  share_with_consortia: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  version: number;
}

/** A user following a designated package (migration 027). */
export interface PackageFollowsTable {
  user_id: string;
  proposal_id: string;
  created_at: string;
}

/** What a designated package offers a buyer, declared by its consortium; public (migration 027). */
export interface PackageProfilesTable {
  proposal_id: string;
  deployments_json: string;
  /** Data residency options offered: 'in_country' | 'in_region'. */
  data_residency_json: string;
  /** 'open_weight' | 'licensed' values offered. */
  model_licensing_json: string;
  languages_json: string;
  budget_min_usd: number | null;
  budget_max_usd: number | null;
  delivery_months: number | null;
  /** Agencies whose financing the consortium can work with (declared publicly, not the BCI support request). */
  financing_json: string;
  updated_by: string;
  updated_at: string;
  version: number;
}

/** A consortium-supplied translation of a designated package's public title and summary (migration 027). */
export interface PackageTranslationsTable {
  proposal_id: string;
  locale: string;
  title: string;
  summary: string;
  updated_by: string;
  updated_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  text: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

/** E-mails to send (mail module; migration 019). */
export interface MailOutboxTable {
  id: string;
  to_address: string;
  user_id: string | null;
  template: string;
  /** JSON object of strings; `link` is an app path. */
  params_json: string;
  notification_id: string | null;
  /** pending | sent | failed | digest | suppressed */
  status: string;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  sent_at: string | null;
  /** The digest e-mail that carried this row (status digest rows, once collected). */
  digest_id: string | null;
}

/** A user's e-mail choice per notification kind (mail module); no row means immediate. */
export interface MailPreferencesTable {
  user_id: string;
  kind: string;
  /** immediate | digest | off */
  mode: string;
  updated_at: string;
}

export interface DealsTable {
  id: string;
  proposal_id: string;
  country: string;
  buyer_name: string;
  buyer_type: string;
  value_usd: number;
  expected_decision_date: string | null;
  competitors_json: string;
  sector: string;
  stage: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A deal's parties besides its buyer: end users, consignees and intermediate consignees. */
export interface DealPartiesTable {
  id: string;
  deal_id: string;
  /** end_user | consignee | intermediate_consignee */
  role: string;
  name: string;
  /** person | organization */
  type: string;
  country: string;
  /** PartyEvidence (JSON), `{}` when none is known. */
  evidence_json: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface AdvocacyActionsTable {
  id: string;
  deal_id: string;
  kind: string;
  occurred_on: string;
  description: string;
  created_by: string;
  created_at: string;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: string | null;
}

export interface FinancingRequestsTable {
  id: string;
  deal_id: string;
  agency: string;
  instrument: string;
  requested_usd: number;
  project_cost_usd: number | null;
  host_subcontract_share: number | null;
  state: string;
  indicative_usd: number | null;
  committed_usd: number | null;
  disbursed_usd: number;
  agency_notes: string;
  eligibility_json: string | null;
  referred_by: string;
  referred_at: string;
  committed_at: string | null;
  updated_at: string;
  version: number;
}

export interface FinancingRuleSetsTable {
  version: string;
  effective_from: string;
  json: string;
  imported_by: string;
  imported_at: string;
}

export interface MonitoringReportsTable {
  id: string;
  proposal_id: string;
  deal_id: string | null;
  period: string;
  due_at: string;
  metrics_json: string | null;
  submitted_by: string | null;
  submitted_at: string | null;
  /** When the financing agencies and the EDAG coordinators were told the report is overdue (once; migration 026). */
  escalated_at: string | null;
}

/** A disposal run of a record class (records module, migration 025): the report, then the decision. */
export interface DisposalRunsTable {
  id: string;
  record_class: string;
  /** 'reported' | 'disposed' | 'discarded' */
  status: string;
  retention_days: number;
  cutoff: string;
  item_count: number;
  items_json: string;
  result_json: string | null;
  reported_by: string | null;
  reported_at: string;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
}

/** A legal hold (records module, migration 025): while in force, nothing of the entity is disposed of. */
export interface LegalHoldsTable {
  id: string;
  entity_type: string;
  entity_id: string;
  reason: string;
  placed_by: string;
  placed_at: string;
  released_by: string | null;
  released_at: string | null;
  release_reason: string | null;
}

/** An account of an OpenID provider that signs in as a user (src/server/modules/identity). */
export interface UserIdentitiesTable {
  id: string;
  user_id: string;
  provider: string;
  /** The provider's `sub` claim. */
  subject: string;
  /** The verified e-mail the provider gave when the identity was linked. */
  email: string;
  created_at: string;
  last_login_at: string | null;
}

/** An invitation to create an account in an organization with roles (src/server/modules/identity). */
export interface UserInvitationsTable {
  id: string;
  /** Lower case. */
  email: string;
  org_id: string;
  roles_json: string;
  invited_by: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_user_id: string | null;
  revoked_at: string | null;
}

/** A pending OpenID Connect sign-in: state (hashed), nonce and PKCE verifier, bound to a browser. */
export interface OidcLoginStatesTable {
  state_hash: string;
  provider: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  created_at: string;
  expires_at: string;
}

/** What a self-registered company gave at sign-up, and the program office's decision (onboarding module). */
export interface OrganizationRegistrationsTable {
  org_id: string;
  registration_number: string;
  address: string;
  website: string | null;
  registered_by: string;
  email_verified_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  created_at: string;
  version: number;
}

/** A single-use link (e-mail verification or password reset; onboarding module), stored hashed. */
export interface OnboardingTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  superseded_at: string | null;
}

/** A call for proposals (calls module). */
export interface CallsTable {
  id: string;
  title: string;
  summary: string;
  /** 'draft' | 'open' | 'closed' */
  status: string;
  opens_at: string;
  /** null: a rolling call. */
  closes_at: string | null;
  review_cutoffs_json: string;
  eligible_regions_json: string;
  eligible_sectors_json: string;
  requirements_json: string;
  review_due_days: number;
  rubric_version_id: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One version of a rubric; call_id null is the default rubric (calls module). */
export interface RubricVersionsTable {
  id: string;
  call_id: string | null;
  version: number;
  criteria_json: string;
  created_by: string | null;
  created_at: string;
}

/** One saved text of one narrative section of a proposal (calls module). */
export interface ProposalNarrativesTable {
  id: string;
  proposal_id: string;
  section_key: string;
  body_markdown: string;
  bci: number;
  bci_justification: string | null;
  revision: number;
  proposal_revision: number;
  updated_by: string;
  updated_at: string;
}

export interface Database {
  calls: CallsTable;
  rubric_versions: RubricVersionsTable;
  proposal_narratives: ProposalNarrativesTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  user_mfa: UserMfaTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_used_steps: MfaUsedStepsTable;
  consortia: ConsortiaTable;
  consortium_members: ConsortiumMembersTable;
  proposals: ProposalsTable;
  proposal_revisions: ProposalRevisionsTable;
  certifications: CertificationsTable;
  eligibility_answers: EligibilityAnswersTable;
  audit_events: AuditEventsTable;
  rubric_criteria: RubricCriteriaTable;
  review_assignments: ReviewAssignmentsTable;
  consultations: ConsultationsTable;
  consultation_revisions: ConsultationRevisionsTable;
  recommendations: RecommendationsTable;
  decisions: DecisionsTable;
  designated_packages: DesignatedPackagesTable;
  access_log: AccessLogTable;
  amendments: AmendmentsTable;
  buyer_interests: BuyerInterestsTable;
  buyer_interest_events: BuyerInterestEventsTable;
  buyer_requirements: BuyerRequirementsTable;
  package_follows: PackageFollowsTable;
  package_profiles: PackageProfilesTable;
  package_translations: PackageTranslationsTable;
  notifications: NotificationsTable;
  mail_outbox: MailOutboxTable;
  mail_preferences: MailPreferencesTable;
  deals: DealsTable;
  deal_parties: DealPartiesTable;
  advocacy_actions: AdvocacyActionsTable;
  financing_requests: FinancingRequestsTable;
  financing_rule_sets: FinancingRuleSetsTable;
  monitoring_reports: MonitoringReportsTable;
  licenses: LicensesTable;
  license_shipments: LicenseShipmentsTable;
  reference_data_versions: ReferenceDataVersionsTable;
  screening_lists: ScreeningListsTable;
  list_versions: ListVersionsTable;
  list_sources: ListSourcesTable;
  list_entries: ListEntriesTable;
  screened_parties: ScreenedPartiesTable;
  screening_alerts: ScreeningAlertsTable;
  screening_alert_contests: ScreeningAlertContestsTable;
  jobs: JobsTable;
  job_checkpoints: JobCheckpointsTable;
  login_throttles: LoginThrottlesTable;
  rate_limit_hits: RateLimitHitsTable;
  organization_registrations: OrganizationRegistrationsTable;
  email_verification_tokens: OnboardingTokensTable;
  password_reset_tokens: OnboardingTokensTable;
  user_identities: UserIdentitiesTable;
  user_invitations: UserInvitationsTable;
  oidc_login_states: OidcLoginStatesTable;
  disposal_runs: DisposalRunsTable;
  legal_holds: LegalHoldsTable;
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  blobs: BlobsTable;
  blob_chunks: BlobChunksTable;
}

export interface LicensesTable {
  id: string;
  proposal_id: string;
  component_id: string;
  market: string;
  party_id: string | null;
  bis_application_number: string | null;
  status: string;
  conditions_json: string;
  expires_at: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  // Migration 016 (the license lifecycle): the facts of each step, the running totals of the
  // shipments drawn against it, and the expiry reminders sent (thresholds in days, as JSON).
  license_number: string | null;
  submitted_on: string | null;
  decided_on: string | null;
  returned_reason: string | null;
  valid_from: string | null;
  authorized_quantity: number | null;
  authorized_value_usd: number | null;
  status_changed_on: string | null;
  reminders_sent_json: Generated<string>;
  shipped_quantity: Generated<number>;
  shipped_value_usd: Generated<number>;
}

export interface LicenseShipmentsTable {
  id: string;
  license_id: string;
  shipped_on: string;
  quantity: number;
  value_usd: number;
  reference: string;
  created_by: string;
  created_at: string;
}

export interface ReferenceDataVersionsTable {
  id: string;
  kind: string;
  version: string;
  effective_date: string;
  json: string;
  sha256: string;
  imported_by: string;
  imported_at: string;
  active: number;
}

export interface ScreeningListsTable {
  code: string;
  title: string;
  created_at: string;
}

export interface ListVersionsTable {
  id: string;
  list_code: string;
  format: string;
  file_name: string;
  sha256: string;
  entry_count: number;
  /** importing | ready | failed | active | superseded */
  status: string;
  error: string | null;
  imported_by: string | null;
  imported_at: string;
  ready_at: string | null;
  activated_at: string | null;
  activated_by: string | null;
}

/** Where a list family is downloaded from and the state of its last refresh (migration 017). */
export interface ListSourcesTable {
  list_code: string;
  url: string;
  format: string;
  interval_minutes: number;
  max_age_hours: number;
  enabled: number;
  auto_activate: number;
  etag: string | null;
  last_modified: string | null;
  last_checked_at: string | null;
  /** unchanged | imported | failed */
  last_status: string | null;
  last_error: string | null;
  last_good_version_id: string | null;
  last_success_at: string | null;
  stale_alerted_at: string | null;
  updated_at: string | null;
  updated_by: string | null;
}

export interface ListEntriesTable {
  version_id: string;
  list: string;
  entry_id: string;
  name: string;
  entry_hash: string;
  json: string;
}

export interface ScreenedPartiesTable {
  party_key: string;
  name: string;
  type: string;
  country: string | null;
  source: string;
  org_id: string | null;
  proposal_id: string | null;
  data_hash: string;
  screened_at: string | null;
  screened_signature: string | null;
  updated_at: string;
  /** The PartyEvidence (canonical JSON) the party was screened with; null when none is known. */
  evidence_json: string | null;
  /** The deal the party belongs to (its buyer, end users, consignees), else null. */
  deal_id: string | null;
}

export interface ScreeningAlertsTable {
  id: string;
  party_key: string;
  party_name: string;
  list: string;
  entry_id: string;
  entry_hash: string;
  entry_name: string;
  matched_name: string;
  effect: string;
  score: number;
  explanation_json: string;
  /** open | false_positive | confirmed */
  status: string;
  disposition_reason: string | null;
  disposed_by: string | null;
  disposed_at: string | null;
  created_at: string;
  /** pending | approved — the four-eyes clearance of a confirmed prohibited match (008) */
  clearance_status: string | null;
  clearance_reason: string | null;
  clearance_proposed_by: string | null;
  clearance_proposed_at: string | null;
  clearance_decided_by: string | null;
  clearance_decided_at: string | null;
  clearance_note: string | null;
}

/** A consortium's contest of an alert about its own party (008). */
export interface ScreeningAlertContestsTable {
  id: string;
  alert_id: string;
  reason: string;
  evidence: string | null;
  contested_by: string;
  contested_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  /** the alert's status after the decision that answered the contest */
  resolution: string | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload_json: string;
  /** queued | running | done | failed */
  status: string;
  attempts: number;
  max_attempts: number;
  run_after: string;
  locked_by: string | null;
  locked_at: string | null;
  progress_json: string | null;
  result_json: string | null;
  error: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
  idempotency_key: string | null;
}

/** Slices of a long job's work so far (migration 011; src/server/modules/screening/checkpoints.repository.ts). */
export interface JobCheckpointsTable {
  job_id: string;
  /** Where the slice starts in the job's work (a batch: its first row's index). */
  seq: number;
  data_json: string;
  created_at: string;
}

/** Reads of business-confidential information and denied attempts (append-only; src/server/modules/access-log). */
export interface AccessLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  api_key_id: string | null;
  /** session | api_key | none */
  auth: string;
  method: string;
  route: string;
  entity_type: string;
  entity_id: string | null;
  status: number;
  ip: string | null;
}

/** A document attached to a proposal (documents module; migration 024). */
export interface DocumentsTable {
  id: string;
  proposal_id: string;
  attachment_type: string;
  title: string;
  bci: number;
  bci_justification: string | null;
  /** The latest version of the full text. */
  current_version: number;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
}

/** One stored file of a document: a version of its full text or of its public (redacted) text. */
export interface DocumentVersionsTable {
  id: string;
  document_id: string;
  version: number;
  /** full | public */
  variant: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  blob_id: string;
  /** The proposal revision the version was uploaded in. */
  proposal_revision: number | null;
  uploaded_by: string;
  uploaded_at: string;
}

/** Stored bytes (documents module, the database blob store). */
export interface BlobsTable {
  id: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
}

export interface BlobChunksTable {
  blob_id: string;
  seq: number;
  data: Uint8Array;
}
