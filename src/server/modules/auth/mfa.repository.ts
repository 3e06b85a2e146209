// Queries of TOTP set-ups and recovery codes (the auth module owns user_mfa and mfa_recovery_codes).
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { Database, MfaRecoveryCodesTable, UserMfaTable } from '../../db/schema.ts';

export function findUserMfa(db: Kysely<Database>, userId: string) {
  return db.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** The user's set-up, locked on PostgreSQL until the transaction ends (a code is checked and its step recorded atomically). */
export function findUserMfaForUpdate(trx: Transaction<Database>, dialect: Dialect, userId: string) {
  return trx
    .selectFrom('user_mfa')
    .selectAll()
    .where('user_id', '=', userId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Creates or replaces the set-up row (insert, or update every column but the user and created_at). */
export async function saveUserMfa(trx: Transaction<Database>, row: UserMfaTable): Promise<void> {
  await trx
    .insertInto('user_mfa')
    .values(row)
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ secret_enc: row.secret_enc, pending_secret_enc: row.pending_secret_enc, enabled_at: row.enabled_at, updated_at: row.updated_at }),
    )
    .execute();
}

/**
 * Records that the user's code of `step` was accepted, and forgets steps older than `forgetBefore`:
 * false when that step was accepted before (a replayed code). On PostgreSQL the primary key makes a
 * concurrent second acceptance fail the same way.
 */
export async function claimMfaStep(trx: Transaction<Database>, userId: string, step: number, forgetBefore: number, at: string): Promise<boolean> {
  await trx.deleteFrom('mfa_used_steps').where('user_id', '=', userId).where('step', '<', forgetBefore).execute();
  const res = await trx
    .insertInto('mfa_used_steps')
    .values({ user_id: userId, step, used_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'step']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The steps of the user's accepted codes still remembered. */
export async function findUsedMfaSteps(db: Kysely<Database>, userId: string): Promise<number[]> {
  const rows = await db.selectFrom('mfa_used_steps').select('step').where('user_id', '=', userId).execute();
  return rows.map((r) => Number(r.step));
}

export async function deleteUserMfa(trx: Transaction<Database>, userId: string): Promise<number> {
  const res = await trx.deleteFrom('user_mfa').where('user_id', '=', userId).executeTakeFirst();
  await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await trx.deleteFrom('mfa_used_steps').where('user_id', '=', userId).execute();
  return Number(res.numDeletedRows);
}

export async function replaceRecoveryCodes(trx: Transaction<Database>, userId: string, rows: MfaRecoveryCodesTable[]): Promise<void> {
  await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length) await trx.insertInto('mfa_recovery_codes').values(rows).execute();
}

/** Marks an unused recovery code of the user used; false when there is none with this hash (unknown or used). */
export async function useRecoveryCode(trx: Transaction<Database>, userId: string, codeHash: string, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('mfa_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
