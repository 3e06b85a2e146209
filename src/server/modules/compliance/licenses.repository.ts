// Kysely only: license records and the shipments drawn against them (the compliance module owns
// licenses and license_shipments; the proposal facts come from the proposals service).
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, LicenseShipmentsTable, LicensesTable } from '../../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;
type W = Transaction<Database>;

export type LicenseRow = Selectable<LicensesTable>;
export type LicenseShipmentRow = Selectable<LicenseShipmentsTable>;

export function findLicensesOfProposal(db: Q, proposalId: string): Promise<LicenseRow[]> {
  return db.selectFrom('licenses').selectAll().where('proposal_id', '=', proposalId).orderBy('created_at').orderBy('id').execute();
}

export function findLicense(db: Q, id: string): Promise<LicenseRow | undefined> {
  return db.selectFrom('licenses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Licenses BIS issued (approved or shipped against) whose validity ends on or before `lastDay`, for the reminder job. */
export function findIssuedLicensesEndingBy(db: Q, lastDay: string): Promise<LicenseRow[]> {
  return db
    .selectFrom('licenses')
    .selectAll()
    .where('status', 'in', ['approved', 'shipped_against'])
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', lastDay)
    .orderBy('expires_at')
    .orderBy('id')
    .execute();
}

export async function insertLicense(db: W, row: LicenseRow): Promise<void> {
  await db.insertInto('licenses').values(row).execute();
}

export type LicenseChanges = Partial<
  Pick<
    LicenseRow,
    | 'status'
    | 'bis_application_number'
    | 'conditions_json'
    | 'expires_at'
    | 'party_id'
    | 'license_number'
    | 'submitted_on'
    | 'decided_on'
    | 'returned_reason'
    | 'valid_from'
    | 'authorized_quantity'
    | 'authorized_value_usd'
    | 'status_changed_on'
    | 'reminders_sent_json'
    | 'shipped_quantity'
    | 'shipped_value_usd'
  >
>;

/** Applies changes when the stored version is the expected one; returns false otherwise. */
export async function updateLicenseRow(db: W, id: string, expectedVersion: number, changes: LicenseChanges, by: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('licenses')
    .set({ ...changes, version: expectedVersion + 1, updated_by: by, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** A system change (the reminder job): no version bump for the reminders sent, a bump for an expiry. */
export async function updateLicenseBySystem(db: W, id: string, expectedVersion: number, changes: LicenseChanges, bump: boolean, at: string): Promise<boolean> {
  const res = await db
    .updateTable('licenses')
    .set({ ...changes, ...(bump ? { version: expectedVersion + 1, updated_at: at } : {}) })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function deleteLicenseRow(db: W, id: string, expectedVersion: number): Promise<boolean> {
  await db.deleteFrom('license_shipments').where('license_id', '=', id).where(({ exists, selectFrom }) => exists(selectFrom('licenses').select('id').where('id', '=', id).where('version', '=', expectedVersion))).execute();
  const res = await db.deleteFrom('licenses').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export function findShipments(db: Q, licenseId: string): Promise<LicenseShipmentRow[]> {
  return db.selectFrom('license_shipments').selectAll().where('license_id', '=', licenseId).orderBy('shipped_on').orderBy('created_at').orderBy('id').execute();
}

export async function insertShipment(db: W, row: LicenseShipmentRow): Promise<void> {
  await db.insertInto('license_shipments').values(row).execute();
}
