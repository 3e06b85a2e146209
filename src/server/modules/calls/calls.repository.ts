// Kysely only: calls for proposals, rubric versions and proposal narratives (the calls module owns
// calls, rubric_versions and proposal_narratives; it reads proposals.call_id and the proposal's
// submitted revisions by join).
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { CallsTable, Database, ProposalNarrativesTable, RubricVersionsTable } from '../../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;
type W = Transaction<Database>;

export type CallRow = Selectable<CallsTable>;
export type RubricVersionRow = Selectable<RubricVersionsTable>;
export type NarrativeRow = Selectable<ProposalNarrativesTable>;

// ── Calls ─────────────────────────────────────────────────────────────────────────────────

export function findCall(db: Q, id: string): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCallForUpdate(trx: W, dialect: Dialect, id: string): Promise<CallRow | undefined> {
  const q = trx.selectFrom('calls').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

export function findCalls(db: Q, statuses: readonly string[]): Promise<CallRow[]> {
  if (statuses.length === 0) return Promise.resolve([]);
  return db.selectFrom('calls').selectAll().where('status', 'in', statuses).orderBy('opens_at', 'desc').orderBy('id').execute();
}

/** The call a proposal answers, read through proposals.call_id. */
export function findCallOfProposal(db: Q, proposalId: string): Promise<CallRow | undefined> {
  return db.selectFrom('calls').innerJoin('proposals', 'proposals.call_id', 'calls.id').selectAll('calls').where('proposals.id', '=', proposalId).executeTakeFirst();
}

export async function insertCall(trx: W, row: CallRow): Promise<void> {
  await trx.insertInto('calls').values(row).execute();
}

export type CallChanges = Partial<
  Pick<
    CallRow,
    | 'title'
    | 'summary'
    | 'status'
    | 'opens_at'
    | 'closes_at'
    | 'review_cutoffs_json'
    | 'eligible_regions_json'
    | 'eligible_sectors_json'
    | 'requirements_json'
    | 'review_due_days'
    | 'rubric_version_id'
  >
>;

/** Applies changes when the stored version is the expected one; returns false otherwise. */
export async function updateCallRow(trx: W, id: string, expectedVersion: number, changes: CallChanges, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('calls')
    .set({ ...changes, updated_at: at, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ── Rubric versions ───────────────────────────────────────────────────────────────────────

export function findRubricVersion(db: Q, id: string): Promise<RubricVersionRow | undefined> {
  return db.selectFrom('rubric_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest version of a call's rubric, or of the default rubric (callId null). */
export function findLatestRubricVersion(db: Q, callId: string | null): Promise<RubricVersionRow | undefined> {
  const q = db.selectFrom('rubric_versions').selectAll();
  return (callId === null ? q.where('call_id', 'is', null) : q.where('call_id', '=', callId)).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export function findAllRubricVersions(db: Q): Promise<RubricVersionRow[]> {
  return db.selectFrom('rubric_versions').selectAll().execute();
}

export async function insertRubricVersion(trx: W, row: RubricVersionRow): Promise<void> {
  await trx.insertInto('rubric_versions').values(row).execute();
}

// ── Narratives ────────────────────────────────────────────────────────────────────────────

/**
 * Every saved text of a proposal's narratives, newest first per section; with `upToRevision`,
 * only those saved in that proposal revision or before.
 */
export function findNarrativeRows(db: Q, proposalId: string, upToRevision: number | null): Promise<NarrativeRow[]> {
  let q = db.selectFrom('proposal_narratives').selectAll().where('proposal_id', '=', proposalId);
  if (upToRevision !== null) q = q.where('proposal_revision', '<=', upToRevision);
  return q.orderBy('section_key').orderBy('revision', 'desc').execute();
}

/** The highest submitted revision of a proposal (its proposal_revisions), or null before any submission. */
export async function findLastSubmittedRevision(db: Q, proposalId: string): Promise<number | null> {
  const row = await db
    .selectFrom('proposal_narratives')
    .select(sql<number | null>`(select max(r.revision) from proposal_revisions r where r.proposal_id = ${proposalId})`.as('last'))
    .limit(1)
    .executeTakeFirst();
  if (row) return row.last === null ? null : Number(row.last);
  // No narrative at all: nothing to filter.
  return null;
}

export function findLatestNarrativeForUpdate(trx: W, dialect: Dialect, proposalId: string, sectionKey: string): Promise<NarrativeRow | undefined> {
  const q = trx.selectFrom('proposal_narratives').selectAll().where('proposal_id', '=', proposalId).where('section_key', '=', sectionKey).orderBy('revision', 'desc').limit(1);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

export async function insertNarrative(trx: W, row: NarrativeRow): Promise<void> {
  await trx.insertInto('proposal_narratives').values(row).execute();
}
