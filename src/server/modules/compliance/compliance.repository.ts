// Kysely only: reference-data versions (the compliance module owns reference_data_versions; its
// license records are in licenses.repository.ts; the proposal and organization facts of the matrix
// come from the proposals and organizations services).
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ReferenceDataVersionsTable } from '../../db/schema.ts';

type Q = Kysely<Database>;
type W = Transaction<Database>;

export type ReferenceDataRow = Selectable<ReferenceDataVersionsTable>;

export const EXPORT_CONTROL_KIND = 'export-control';

// ---- reference data ---------------------------------------------------------------------------

export function findActiveReferenceData(db: Q, kind = EXPORT_CONTROL_KIND): Promise<ReferenceDataRow | undefined> {
  return db.selectFrom('reference_data_versions').selectAll().where('kind', '=', kind).where('active', '=', 1).executeTakeFirst();
}

export function findReferenceDataVersion(db: Q, version: string, kind = EXPORT_CONTROL_KIND): Promise<ReferenceDataRow | undefined> {
  return db.selectFrom('reference_data_versions').selectAll().where('kind', '=', kind).where('version', '=', version).executeTakeFirst();
}

export async function listReferenceDataVersions(db: Q, kind = EXPORT_CONTROL_KIND) {
  const rows = await db
    .selectFrom('reference_data_versions')
    .leftJoin('users', 'users.id', 'reference_data_versions.imported_by')
    .select([
      'reference_data_versions.id',
      'reference_data_versions.version',
      'reference_data_versions.effective_date',
      'reference_data_versions.sha256',
      'reference_data_versions.imported_by',
      'reference_data_versions.imported_at',
      'reference_data_versions.active',
      'users.name as importedByName',
    ])
    .where('reference_data_versions.kind', '=', kind)
    .orderBy('reference_data_versions.imported_at', 'desc')
    .execute();
  return rows;
}

export async function insertReferenceDataVersion(db: W, row: ReferenceDataRow): Promise<void> {
  await db.insertInto('reference_data_versions').values(row).execute();
}

/** Makes one version the active one of its kind (0 or 1 active at any time). */
export async function activateReferenceDataVersion(db: W, id: string, kind = EXPORT_CONTROL_KIND): Promise<void> {
  await db.updateTable('reference_data_versions').set({ active: 0 }).where('kind', '=', kind).where('id', '!=', id).execute();
  await db.updateTable('reference_data_versions').set({ active: 1 }).where('id', '=', id).execute();
}
