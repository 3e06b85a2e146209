import type { Kysely, Selectable } from 'kysely';
import type { Database, OrganizationsTable } from '../../db/schema.ts';

export type OrganizationRow = Selectable<OrganizationsTable>;

export function findOrganization(db: Kysely<Database>, id: string) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrganizations(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as OrganizationRow[]);
  return db.selectFrom('organizations').selectAll().where('id', 'in', ids).execute();
}

export function searchCompanies(db: Kysely<Database>, q: string | undefined, limit: number) {
  let query = db.selectFrom('organizations').select(['id', 'name', 'country_of_incorporation']).where('kind', '=', 'company');
  if (q) query = query.where('name', 'like', `%${q.replace(/[%_]/g, '')}%`);
  return query.orderBy('name').limit(limit).execute();
}

/** Organizations that share at least one consortium with the given one (as members or invitees). */
export async function sharesConsortium(db: Kysely<Database>, orgA: string, orgB: string): Promise<boolean> {
  const row = await db
    .selectFrom('consortium_members as a')
    .innerJoin('consortium_members as b', 'a.consortium_id', 'b.consortium_id')
    .select('a.consortium_id')
    .where('a.org_id', '=', orgA)
    .where('b.org_id', '=', orgB)
    .where('a.status', 'in', ['active', 'invited'])
    .where('b.status', 'in', ['active', 'invited'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
