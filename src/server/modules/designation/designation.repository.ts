// Queries of the designated packages' lifecycle (the designation module owns designated_packages).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** States in which a package's term runs; at its end the package is expired. */
export const TERM_RUNNING_STATES = ['active', 'amendment_pending'] as const;

export function findDesignatedPackage(db: Kysely<Database>, proposalId: string) {
  return db.selectFrom('designated_packages').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
}

/** Packages whose term has ended (at or before `now`) but that are not yet recorded as expired. */
export function findTermsEnded(db: Kysely<Database>, now: string) {
  return db
    .selectFrom('designated_packages')
    .select(['proposal_id', 'version', 'state', 'expires_at'])
    .where('state', 'in', [...TERM_RUNNING_STATES])
    .where('expires_at', '<=', now)
    .execute();
}

/** Records the expiry when the package still has the expected version; false otherwise. */
export async function markExpired(trx: Transaction<Database>, proposalId: string, version: number, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('designated_packages')
    .set({ state: 'expired', version: version + 1, updated_at: at })
    .where('proposal_id', '=', proposalId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
