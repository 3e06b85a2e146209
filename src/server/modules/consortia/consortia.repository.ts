import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
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
