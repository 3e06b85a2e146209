// Queries of a deal's parties besides its buyer (the financing module owns deal_parties, as it
// owns deals). The evidence stays JSON text here.
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DealPartiesTable } from '../../db/schema.ts';

export type DealPartyRow = Selectable<DealPartiesTable>;

export function findDealParties(db: Kysely<Database>, dealId: string) {
  return db.selectFrom('deal_parties').selectAll().where('deal_id', '=', dealId).orderBy('created_at').orderBy('id').execute();
}

export function findDealParty(db: Kysely<Database>, dealId: string, id: string) {
  return db.selectFrom('deal_parties').selectAll().where('deal_id', '=', dealId).where('id', '=', id).executeTakeFirst();
}

export async function insertDealParty(trx: Transaction<Database>, row: Insertable<DealPartiesTable>): Promise<void> {
  await trx.insertInto('deal_parties').values(row).execute();
}

export type DealPartyChanges = Pick<DealPartyRow, 'role' | 'name' | 'type' | 'country' | 'evidence_json'>;

/** Corrects a party of the deal when the stored version is the expected one; false otherwise. */
export async function updateDealPartyRow(trx: Transaction<Database>, dealId: string, id: string, expectedVersion: number, changes: DealPartyChanges, by: string, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('deal_parties')
    .set({ ...changes, version: expectedVersion + 1, updated_by: by, updated_at: at })
    .where('id', '=', id)
    .where('deal_id', '=', dealId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Removes a party of the deal when the stored version is the expected one; false otherwise. */
export async function deleteDealPartyRow(trx: Transaction<Database>, dealId: string, id: string, expectedVersion: number): Promise<boolean> {
  const res = await trx.deleteFrom('deal_parties').where('id', '=', id).where('deal_id', '=', dealId).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

// ---- for the screening module (which the financing service calls, so it reads these directly) ----

/** Every deal's buyer, for the screening mirror; one deal's when `dealId` is given. */
export function findDealBuyersForScreening(db: Kysely<Database>, dealId?: string) {
  let q = db.selectFrom('deals').select(['id', 'proposal_id', 'buyer_name', 'buyer_type', 'country']);
  if (dealId) q = q.where('id', '=', dealId);
  return q.orderBy('id').execute();
}

/** Every deal's other parties with their deal's package, for the screening mirror; one deal's when `dealId` is given. */
export function findDealPartiesForScreening(db: Kysely<Database>, dealId?: string) {
  let q = db
    .selectFrom('deal_parties')
    .innerJoin('deals', 'deals.id', 'deal_parties.deal_id')
    .select(['deal_parties.id', 'deal_parties.deal_id', 'deal_parties.role', 'deal_parties.name', 'deal_parties.type', 'deal_parties.country', 'deal_parties.evidence_json', 'deals.proposal_id']);
  if (dealId) q = q.where('deal_parties.deal_id', '=', dealId);
  return q.orderBy('deal_parties.id').execute();
}
