// Queries of consortia and their members (the consortia module owns consortia and
// consortium_members; organizations are joined for the members' names and facts).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { ConsortiaTable, ConsortiumMembersTable, Database } from '../../db/schema.ts';
import { runPrepared } from '../../db/prepared.ts';

export function findConsortium(db: Kysely<Database>, id: string) {
  return db.selectFrom('consortia').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMembers(db: Kysely<Database>, consortiumId: string) {
  const build = () =>
    db
    .selectFrom('consortium_members')
    .innerJoin('organizations', 'organizations.id', 'consortium_members.org_id')
    .select([
      'consortium_members.org_id',
      'consortium_members.status',
      'consortium_members.layer_roles_json',
      'consortium_members.invited_at',
      'consortium_members.responded_at',
      'organizations.name',
      'organizations.country_of_incorporation',
      'organizations.principal_place_of_business',
      'organizations.owners_json',
      'organizations.ultimate_parent_json',
    ])
    .where('consortium_members.consortium_id', '=', consortiumId)
    .orderBy('organizations.name');
  return runPrepared(db, 'consortium-members', build, [consortiumId]);
}

export function findMembership(db: Kysely<Database>, consortiumId: string, orgId: string) {
  return db
    .selectFrom('consortium_members')
    .selectAll()
    .where('consortium_id', '=', consortiumId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

/**
 * The membership's status, read inside a transaction and locked until it ends (`for update` on
 * PostgreSQL; SQLite has one writer at a time): a check made on it holds for the write that follows.
 */
export function findMembershipForUpdate(trx: Transaction<Database>, dialect: Dialect, consortiumId: string, orgId: string) {
  return trx
    .selectFrom('consortium_members')
    .select(['status'])
    .where('consortium_id', '=', consortiumId)
    .where('org_id', '=', orgId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Consortia the organization belongs to (active) or is invited to. */
export function findConsortiaOfOrg(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('consortia')
    .innerJoin('consortium_members', 'consortium_members.consortium_id', 'consortia.id')
    .select(['consortia.id', 'consortia.name', 'consortia.anchor_org_id', 'consortia.created_at', 'consortium_members.status'])
    .where('consortium_members.org_id', '=', orgId)
    .where('consortium_members.status', 'in', ['active', 'invited'])
    .orderBy('consortia.name')
    .execute();
}

export function findAllConsortia(db: Kysely<Database>) {
  return db.selectFrom('consortia').select(['id', 'name', 'anchor_org_id', 'created_at']).orderBy('name').execute();
}

/** Consortia the organization is an active member of. */
export async function findActiveConsortiumIdsOfOrg(db: Kysely<Database>, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('consortium_members').select('consortium_id').where('org_id', '=', orgId).where('status', '=', 'active').execute();
  return rows.map((r) => r.consortium_id);
}

/** Names and countries of a consortium's active members, by name. */
export function findActiveMemberNames(db: Kysely<Database>, consortiumId: string) {
  return db
    .selectFrom('consortium_members')
    .innerJoin('organizations', 'organizations.id', 'consortium_members.org_id')
    .select(['organizations.name', 'organizations.country_of_incorporation as country'])
    .where('consortium_members.consortium_id', '=', consortiumId)
    .where('consortium_members.status', '=', 'active')
    .orderBy('organizations.name')
    .execute();
}

/** Active members of several consortia with their names and countries, by name. */
export function findActiveMembersOfConsortia(db: Kysely<Database>, consortiumIds: string[]) {
  return db
    .selectFrom('consortium_members')
    .innerJoin('organizations', 'organizations.id', 'consortium_members.org_id')
    .select(['consortium_members.consortium_id', 'organizations.name', 'organizations.country_of_incorporation'])
    .where('consortium_members.consortium_id', 'in', consortiumIds)
    .where('consortium_members.status', '=', 'active')
    .orderBy('organizations.name')
    .execute();
}

/**
 * Whether two organizations are active members of at least one common consortium. An invitation is
 * not a membership: neither the inviting consortium nor the invited company counts until it accepts.
 */
export async function sharesConsortium(db: Kysely<Database>, orgA: string, orgB: string): Promise<boolean> {
  const row = await db
    .selectFrom('consortium_members as a')
    .innerJoin('consortium_members as b', 'a.consortium_id', 'b.consortium_id')
    .select('a.consortium_id')
    .where('a.org_id', '=', orgA)
    .where('b.org_id', '=', orgB)
    .where('a.status', '=', 'active')
    .where('b.status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertConsortium(trx: Transaction<Database>, row: Insertable<ConsortiaTable>): Promise<void> {
  await trx.insertInto('consortia').values(row).execute();
}

export async function insertMember(trx: Transaction<Database>, row: Insertable<ConsortiumMembersTable>): Promise<void> {
  await trx.insertInto('consortium_members').values(row).execute();
}

/** Inserts the membership unless a row for the organization exists already (a racing insert); false when it did. */
export async function insertMemberIfAbsent(trx: Transaction<Database>, row: Insertable<ConsortiumMembersTable>): Promise<boolean> {
  const result = await trx
    .insertInto('consortium_members')
    .values(row)
    .onConflict((oc) => oc.columns(['consortium_id', 'org_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Invites again an organization that declined or was removed. */
export async function reinviteMember(
  trx: Transaction<Database>,
  consortiumId: string,
  orgId: string,
  invitation: { layer_roles_json: string; invited_by: string; invited_at: string },
): Promise<void> {
  await trx
    .updateTable('consortium_members')
    .set({ status: 'invited', layer_roles_json: invitation.layer_roles_json, invited_by: invitation.invited_by, invited_at: invitation.invited_at, responded_at: null })
    .where('consortium_id', '=', consortiumId)
    .where('org_id', '=', orgId)
    .execute();
}

/** Records a member's new status (accepted, declined, removed) and when it changed. */
export async function setMemberStatus(trx: Transaction<Database>, consortiumId: string, orgId: string, status: 'active' | 'declined' | 'removed', at: string): Promise<void> {
  await trx.updateTable('consortium_members').set({ status, responded_at: at }).where('consortium_id', '=', consortiumId).where('org_id', '=', orgId).execute();
}

export async function setMemberLayerRoles(trx: Transaction<Database>, consortiumId: string, orgId: string, layerRolesJson: string): Promise<void> {
  await trx.updateTable('consortium_members').set({ layer_roles_json: layerRolesJson }).where('consortium_id', '=', consortiumId).where('org_id', '=', orgId).execute();
}
