// Kysely only: the records module's own tables (disposal_runs, legal_holds), the candidates of each
// record class, and the disposal itself.
//
// Disposal is the one write outside the tables' owners: a record is destroyed whole or not at all,
// so the deletion of a proposal with everything filed under it (its revisions, certifications,
// eligibility answers, narratives, documents with their files, and review records) runs here in the approving transaction rather than as a
// chain of calls into modules that would each need a "delete everything" function of their own.
// Nothing else here writes another module's table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { Database, DisposalRunsTable, LegalHoldsTable } from '../../db/schema.ts';
import { disposeDocumentsOfProposal } from './documents-disposal.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;
type W = Transaction<Database>;

export type DisposalRunRow = Selectable<DisposalRunsTable>;
export type LegalHoldRow = Selectable<LegalHoldsTable>;

// ── Disposal runs ─────────────────────────────────────────────────────────────────────────

export async function insertDisposalRun(db: W, row: DisposalRunRow): Promise<void> {
  await db.insertInto('disposal_runs').values(row).execute();
}

export function findDisposalRun(db: Q, id: string): Promise<DisposalRunRow | undefined> {
  return db.selectFrom('disposal_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDisposalRunForUpdate(trx: W, dialect: Dialect, id: string): Promise<DisposalRunRow | undefined> {
  return trx
    .selectFrom('disposal_runs')
    .selectAll()
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export function findDisposalRuns(db: Q, limit: number): Promise<DisposalRunRow[]> {
  return db.selectFrom('disposal_runs').selectAll().orderBy('reported_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function decideDisposalRun(
  db: W,
  id: string,
  expectedVersion: number,
  changes: { status: string; result_json: string | null; decided_by: string; decided_at: string },
): Promise<boolean> {
  const res = await db
    .updateTable('disposal_runs')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'reported')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

// ── Legal holds ───────────────────────────────────────────────────────────────────────────

export async function insertLegalHold(db: W, row: LegalHoldRow): Promise<void> {
  await db.insertInto('legal_holds').values(row).execute();
}

export function findLegalHold(db: Q, id: string): Promise<LegalHoldRow | undefined> {
  return db.selectFrom('legal_holds').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLegalHolds(db: Q, opts: { activeOnly: boolean }): Promise<LegalHoldRow[]> {
  return db
    .selectFrom('legal_holds')
    .selectAll()
    .$if(opts.activeOnly, (q) => q.where('released_at', 'is', null))
    .orderBy('placed_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Ids of the entities of a type under a hold in force. */
export async function findHeldEntityIds(db: Q, entityType: string): Promise<Set<string>> {
  const rows = await db.selectFrom('legal_holds').select('entity_id').where('entity_type', '=', entityType).where('released_at', 'is', null).execute();
  return new Set(rows.map((r) => r.entity_id));
}

export async function releaseLegalHoldRow(db: W, id: string, by: string, at: string, reason: string): Promise<boolean> {
  const res = await db
    .updateTable('legal_holds')
    .set({ released_by: by, released_at: at, release_reason: reason })
    .where('id', '=', id)
    .where('released_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

// ── Candidates ────────────────────────────────────────────────────────────────────────────

export interface ProposalCandidate {
  id: string;
  title: string;
  state: string;
  updated_at: string;
  designated: number;
  deals: number;
  licenses: number;
}

/**
 * Proposals in `state` last changed before `cutoff`, with what keeps one from disposal: a
 * designated package (ever), deals, license records. `ids` narrows to those proposals.
 */
export async function findProposalCandidates(db: Q, state: string, cutoff: string, ids?: readonly string[]): Promise<ProposalCandidate[]> {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .selectFrom('proposals as p')
    .select((eb) => [
      'p.id',
      'p.title',
      'p.state',
      'p.updated_at',
      eb.selectFrom('designated_packages as d').select((e) => e.fn.countAll<number>().as('n')).whereRef('d.proposal_id', '=', 'p.id').as('designated'),
      eb.selectFrom('deals as x').select((e) => e.fn.countAll<number>().as('n')).whereRef('x.proposal_id', '=', 'p.id').as('deals'),
      eb.selectFrom('licenses as l').select((e) => e.fn.countAll<number>().as('n')).whereRef('l.proposal_id', '=', 'p.id').as('licenses'),
    ])
    .where('p.state', '=', state)
    .where('p.updated_at', '<', cutoff)
    .$if(!!ids, (q) => q.where('p.id', 'in', ids!))
    .orderBy('p.updated_at')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ ...r, designated: Number(r.designated ?? 0), deals: Number(r.deals ?? 0), licenses: Number(r.licenses ?? 0) }));
}

/** E-mails of the outbox that are done with (sent or suppressed) and created before `cutoff`. */
export function findMailCandidates(db: Q, cutoff: string, ids?: readonly string[]) {
  if (ids && ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('mail_outbox')
    .select(['id', 'template', 'created_at'])
    .where('status', 'in', ['sent', 'suppressed'])
    .where('created_at', '<', cutoff)
    .$if(!!ids, (q) => q.where('id', 'in', ids!))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Sessions that expired before `cutoff`. */
export function findSessionCandidates(db: Q, cutoff: string, ids?: readonly string[]) {
  if (ids && ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sessions')
    .select(['id_hash', 'user_id', 'expires_at'])
    .where('expires_at', '<', cutoff)
    .$if(!!ids, (q) => q.where('id_hash', 'in', ids!))
    .orderBy('expires_at')
    .orderBy('id_hash')
    .execute();
}

// ── Disposal ──────────────────────────────────────────────────────────────────────────────

export async function deleteMail(db: W, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await db.deleteFrom('mail_outbox').where('id', 'in', ids).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function deleteSessions(db: W, idHashes: readonly string[]): Promise<number> {
  if (idHashes.length === 0) return 0;
  const res = await db.deleteFrom('sessions').where('id_hash', 'in', idHashes).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Deletes a proposal and the records filed under it, children first. The caller has checked, in
 * the same transaction, that it is not designated, has no deals or licenses and is under no hold.
 */
export async function deleteProposalRecords(db: W, proposalId: string): Promise<void> {
  const consultations = db.selectFrom('consultations').select('id').where('proposal_id', '=', proposalId);
  await db.deleteFrom('consultation_revisions').where('consultation_id', 'in', consultations).execute();
  await db.deleteFrom('consultations').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('review_assignments').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('recommendations').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('decisions').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('eligibility_answers').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('monitoring_reports').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('buyer_interests').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('amendments').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('certifications').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('proposal_revisions').where('proposal_id', '=', proposalId).execute();
  await db.deleteFrom('proposal_narratives').where('proposal_id', '=', proposalId).execute();
  await disposeDocumentsOfProposal(db, proposalId);
  await db.deleteFrom('proposals').where('id', '=', proposalId).execute();
}
