// Queries of buyer interest in catalog entries (the catalog module owns buyer_interests; the
// catalog's entries themselves are designated packages, read through the designation module).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { BuyerInterestsTable, Database } from '../../db/schema.ts';

export async function insertBuyerInterest(trx: Transaction<Database>, row: Insertable<BuyerInterestsTable>): Promise<void> {
  await trx.insertInto('buyer_interests').values(row).execute();
}

/** Every buyer interest with the title of the proposal it is about, newest first. */
export function findBuyerInterests(db: Kysely<Database>) {
  return db
    .selectFrom('buyer_interests')
    .innerJoin('proposals', 'proposals.id', 'buyer_interests.proposal_id')
    .selectAll('buyer_interests')
    .select('proposals.title')
    .orderBy('buyer_interests.created_at', 'desc')
    .execute();
}
