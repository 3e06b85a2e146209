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
  version: number;
  created_at: string;
  updated_at: string;
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
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
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
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  consortia: ConsortiaTable;
  consortium_members: ConsortiumMembersTable;
  proposals: ProposalsTable;
  proposal_revisions: ProposalRevisionsTable;
  certifications: CertificationsTable;
  audit_events: AuditEventsTable;
}
