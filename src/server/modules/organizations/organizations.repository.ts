// Queries of the organizations table (the organizations module owns it). JSON columns stay text.
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, OrganizationsTable } from '../../db/schema.ts';

export type OrganizationRow = Selectable<OrganizationsTable>;

export function findOrganization(db: Kysely<Database>, id: string) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}


export function searchCompanies(db: Kysely<Database>, q: string | undefined, limit: number) {
  let query = db.selectFrom('organizations').select(['id', 'name', 'country_of_incorporation']).where('kind', '=', 'company');
  if (q) query = query.where('name', 'like', `%${q.replace(/[%_]/g, '')}%`);
  return query.orderBy('name').limit(limit).execute();
}

export async function hasOrganization(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** Ownership facts of organizations named as build/own/operate parties (the compliance matrix). */
export async function findOrganizationFacts(db: Kysely<Database>, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'country_of_incorporation', 'principal_place_of_business', 'owners_json', 'ultimate_parent_json'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Every company with the facts party screening needs, by id. */
export function findAllCompanies(db: Kysely<Database>) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'country_of_incorporation', 'owners_json', 'ultimate_parent_json', 'evidence_json'])
    .where('kind', '=', 'company')
    .orderBy('id')
    .execute();
}

/** Buyer organizations (kind 'buyer') with the facts party screening needs, by id; `ids` narrows to these. */
export function findBuyerOrganizations(db: Kysely<Database>, ids?: readonly string[]) {
  let query = db.selectFrom('organizations').select(['id', 'name', 'country_of_incorporation', 'buyer_kind']).where('kind', '=', 'buyer');
  if (ids) query = query.where('id', 'in', ids.length ? [...ids] : ['']);
  return query.orderBy('id').execute();
}

export async function insertOrganization(trx: Transaction<Database>, row: Insertable<OrganizationsTable>): Promise<void> {
  await trx.insertInto('organizations').values(row).execute();
}

export type OrganizationChanges = Pick<
  OrganizationRow,
  'name' | 'country_of_incorporation' | 'principal_place_of_business' | 'owners_json' | 'ultimate_parent_json' | 'small_business'
> &
  Partial<Pick<OrganizationRow, 'evidence_json'>>;

/** Applies the entity data when the stored version is the expected one; false otherwise. */
export async function updateOrganizationRow(trx: Transaction<Database>, id: string, expectedVersion: number, changes: OrganizationChanges, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('organizations')
    .set({ ...changes, version: expectedVersion + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Sets an organization's registration status ('registered', 'approved', 'rejected'; the onboarding module decides). */
export async function updateRegistrationStatus(trx: Transaction<Database>, id: string, status: string, at: string): Promise<void> {
  await trx.updateTable('organizations').set({ registration_status: status, updated_at: at }).where('id', '=', id).execute();
}
