// Queries of package profiles and the consortia's translations (the matching module owns
// package_profiles and package_translations). JSON columns stay text here.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, PackageProfilesTable, PackageTranslationsTable } from '../../db/schema.ts';

export function findProfile(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('package_profiles').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
}

/** The profiles of these packages (every profile when `proposalIds` is omitted). */
export function findProfiles(db: Kysely<Database>, proposalIds?: readonly string[]) {
  let q = db.selectFrom('package_profiles').selectAll();
  if (proposalIds) {
    if (proposalIds.length === 0) return Promise.resolve([]);
    q = q.where('proposal_id', 'in', [...proposalIds]);
  }
  return q.execute();
}

/** Creates the first profile of a package; false when one exists already (another writer was first). */
export async function insertProfile(trx: Transaction<Database>, row: Insertable<PackageProfilesTable>): Promise<boolean> {
  const res = await trx
    .insertInto('package_profiles')
    .values(row)
    .onConflict((oc) => oc.column('proposal_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

type ProfileChanges = Omit<PackageProfilesTable, 'proposal_id' | 'version'>;

/** Replaces the profile when it still has the expected version; false otherwise. */
export async function updateProfile(trx: Transaction<Database>, proposalId: string, expectedVersion: number, changes: ProfileChanges): Promise<boolean> {
  const res = await trx
    .updateTable('package_profiles')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('proposal_id', '=', proposalId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** A package's translations, by locale. */
export function findTranslations(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('package_translations').selectAll().where('proposal_id', '=', proposalId).orderBy('locale').execute();
}

/** The translations into one language of these packages (of every package when `proposalIds` is omitted). */
export function findTranslationsIn(db: Kysely<Database>, locale: string, proposalIds?: readonly string[]) {
  let q = db.selectFrom('package_translations').selectAll().where('locale', '=', locale);
  if (proposalIds) {
    if (proposalIds.length === 0) return Promise.resolve([]);
    q = q.where('proposal_id', 'in', [...proposalIds]);
  }
  return q.execute();
}

export async function upsertTranslation(trx: Transaction<Database>, row: Insertable<PackageTranslationsTable>): Promise<void> {
  await trx
    .insertInto('package_translations')
    .values(row)
    .onConflict((oc) => oc.columns(['proposal_id', 'locale']).doUpdateSet({ title: row.title, summary: row.summary, updated_by: row.updated_by, updated_at: row.updated_at }))
    .execute();
}

/** Removes one translation; false when there was none. */
export async function deleteTranslation(trx: Transaction<Database>, proposalId: string, locale: string): Promise<boolean> {
  const res = await trx.deleteFrom('package_translations').where('proposal_id', '=', proposalId).where('locale', '=', locale).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
