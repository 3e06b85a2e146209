// SQL of party screening: list versions and entries, screened parties, alerts.
import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { Database, ListVersionsTable, ScreenedPartiesTable, ScreeningAlertContestsTable, ScreeningAlertsTable } from '../../db/schema.ts';

type Q = Kysely<Database>;
export type ListVersionRow = Selectable<ListVersionsTable>;
export type PartyRow = Selectable<ScreenedPartiesTable>;
export type AlertRow = Selectable<ScreeningAlertsTable>;
export type ContestRow = Selectable<ScreeningAlertContestsTable>;

// ---- lists and versions ----------------------------------------------------------------------

export async function ensureList(db: Q, code: string, title: string, now: string) {
  await db.insertInto('screening_lists').values({ code, title, created_at: now }).onConflict((oc) => oc.column('code').doNothing()).execute();
}

export function findLists(db: Q) {
  return db.selectFrom('screening_lists').selectAll().orderBy('code').execute();
}

export async function insertVersion(db: Q, row: ListVersionRow) {
  await db.insertInto('list_versions').values(row).execute();
}

export function findVersion(db: Q, id: string) {
  return db.selectFrom('list_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A completely imported version of the list with this file content (ready, active or superseded), if any. */
export function findImportedVersionBySha(db: Q, listCode: string, sha256: string) {
  return db
    .selectFrom('list_versions')
    .selectAll()
    .where('list_code', '=', listCode)
    .where('sha256', '=', sha256)
    .where('status', 'in', ['ready', 'active', 'superseded'])
    .orderBy('imported_at', 'desc')
    .executeTakeFirst();
}

export function findVersions(db: Q, listCode?: string) {
  let q = db.selectFrom('list_versions').selectAll();
  if (listCode) q = q.where('list_code', '=', listCode);
  return q.orderBy('imported_at', 'desc').execute();
}

export function findActiveVersions(db: Q) {
  return db.selectFrom('list_versions').select(['id', 'list_code', 'imported_at', 'activated_at', 'entry_count', 'file_name']).where('status', '=', 'active').orderBy('id').execute();
}

export interface EntryRow {
  version_id: string;
  list: string;
  entry_id: string;
  name: string;
  entry_hash: string;
  json: string;
}

export async function insertEntries(db: Q, rows: EntryRow[]) {
  if (rows.length) await db.insertInto('list_entries').values(rows).execute();
}

export async function updateVersion(db: Q, id: string, patch: Partial<ListVersionRow>) {
  await db.updateTable('list_versions').set(patch).where('id', '=', id).execute();
}

/** Imports that never finished (their process died): marked failed, so they are never offered. */
export async function failStaleImports(db: Q, startedBefore: string) {
  const rows = await db.selectFrom('list_versions').select('id').where('status', '=', 'importing').where('imported_at', '<', startedBefore).execute();
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  await db.deleteFrom('list_entries').where('version_id', 'in', ids).execute();
  await db.updateTable('list_versions').set({ status: 'failed', error: 'import interrupted' }).where('id', 'in', ids).where('status', '=', 'importing').execute();
  return ids.length;
}

/** Flips the list's active version: the current one becomes superseded, this one active. */
export async function setActiveVersion(db: Q, listCode: string, id: string, now: string, actorId: string | null) {
  await db.updateTable('list_versions').set({ status: 'superseded' }).where('list_code', '=', listCode).where('status', '=', 'active').execute();
  await db.updateTable('list_versions').set({ status: 'active', activated_at: now, activated_by: actorId }).where('id', '=', id).execute();
}

/** Tells every process sharing this PostgreSQL database (delivered on commit). */
export async function notifyActivation(db: Q, dialect: Dialect, versionId: string) {
  if (dialect === 'postgres') await sql`select pg_notify('list_activated', ${versionId})`.execute(db);
}

export function findEntryKeys(db: Q, versionId: string) {
  return db.selectFrom('list_entries').select(['list', 'entry_id', 'name', 'entry_hash']).where('version_id', '=', versionId).execute();
}

export function findEntriesJson(db: Q, versionId: string, keys: { list: string; entry_id: string }[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('list_entries')
    .select(['list', 'entry_id', 'json'])
    .where('version_id', '=', versionId)
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('list', '=', k.list), eb('entry_id', '=', k.entry_id)]))))
    .execute();
}

export function findActiveEntries(db: Q) {
  return db
    .selectFrom('list_entries')
    .innerJoin('list_versions', 'list_versions.id', 'list_entries.version_id')
    .select(['list_entries.list', 'list_entries.entry_id', 'list_entries.entry_hash', 'list_entries.json', 'list_versions.list_code'])
    .where('list_versions.status', '=', 'active')
    .orderBy('list_versions.list_code')
    .orderBy('list_entries.list')
    .orderBy('list_entries.entry_id')
    .execute();
}

// ---- the parties aiep holds --------------------------------------------------------------------

// The companies and proposals they come from are read through the organizations and proposals services.

export function findParties(db: Q) {
  return db.selectFrom('screened_parties').selectAll().execute();
}

export function findPartiesByKeys(db: Q, keys: string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db.selectFrom('screened_parties').selectAll().where('party_key', 'in', keys).execute();
}

/** The mirrored parties of one deal (its buyer, end users and consignees). */
export function findPartiesOfDeal(db: Q, dealId: string) {
  return db.selectFrom('screened_parties').selectAll().where('deal_id', '=', dealId).execute();
}

export async function upsertParty(db: Q, row: PartyRow) {
  const { party_key: _key, ...rest } = row;
  await db
    .insertInto('screened_parties')
    .values(row)
    .onConflict((oc) => oc.column('party_key').doUpdateSet(rest))
    .execute();
}

export async function deleteParties(db: Q, keys: string[]) {
  if (keys.length) await db.deleteFrom('screened_parties').where('party_key', 'in', keys).execute();
}

export async function markPartiesScreened(db: Q, keys: string[], signature: string, now: string) {
  for (let i = 0; i < keys.length; i += 500) {
    await db.updateTable('screened_parties').set({ screened_at: now, screened_signature: signature }).where('party_key', 'in', keys.slice(i, i + 500)).execute();
  }
}

// ---- alerts ------------------------------------------------------------------------------------

/** Inserts the alert unless the same party–entry pair (same entry content) alerted before. */
export async function insertAlertIfNew(db: Q, row: AlertRow): Promise<boolean> {
  const inserted = await db
    .insertInto('screening_alerts')
    .values(row)
    .onConflict((oc) => oc.columns(['party_key', 'list', 'entry_id', 'entry_hash']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The alerts of these parties in one of these statuses (a deal's gate: the unresolved ones). */
export function findUnresolvedAlertsOfParties(db: Q, partyKeys: string[], statuses: string[]) {
  if (partyKeys.length === 0) return Promise.resolve([]);
  return db.selectFrom('screening_alerts').select(['id', 'party_key', 'effect', 'status']).where('party_key', 'in', partyKeys).where('status', 'in', statuses).execute();
}

export interface AlertFilter {
  status?: string;
  /** Only alerts a company's compliance officer may see: its own parties and its proposals' parties. */
  visibleToOrg?: string;
  /**
   * Leave out the alerts about the parties of a proposal never submitted (a draft's parties are the
   * consortium's own business until it submits): for every viewer outside the consortium.
   */
  submittedProposalsOnly?: boolean;
  /** Only the alerts with (true) or without (false) a contest not yet answered. */
  contested?: boolean;
  limit: number;
  id?: string;
}

/**
 * Party–entry pairs a compliance officer disposed of as false positives, for the parties of one
 * proposal: its member organizations (`org:` keys) and its outside build/own/operate entities.
 */
export function findFalsePositivePairs(db: Q, proposalId: string, orgIds: string[]) {
  return db
    .selectFrom('screening_alerts')
    .select(['party_key', 'party_name', 'list', 'entry_id', 'entry_hash'])
    .where('status', '=', 'false_positive')
    .where((eb) => eb.or([eb('party_key', 'in', ['', ...orgIds.map((id) => `org:${id}`)]), eb('party_key', 'like', `bo:${proposalId}:%`)]))
    .execute();
}

/** An open contest (not yet answered by a decision) of the alert in the outer query. */
const OPEN_CONTEST = sql<boolean>`exists (select 1 from screening_alert_contests c where c.alert_id = ${sql.ref('screening_alerts.id')} and c.resolved_at is null)`;

export function findAlerts(db: Q, f: AlertFilter) {
  let q = db
    .selectFrom('screening_alerts')
    .leftJoin('screened_parties', 'screened_parties.party_key', 'screening_alerts.party_key')
    .leftJoin('users as proposer', 'proposer.id', 'screening_alerts.clearance_proposed_by')
    .selectAll('screening_alerts')
    .select(['screened_parties.source as party_source', 'screened_parties.org_id as party_org_id', 'screened_parties.proposal_id as party_proposal_id', 'screened_parties.country as party_country', 'screened_parties.type as party_type'])
    .select('proposer.name as clearance_proposed_by_name');
  if (f.id) q = q.where('screening_alerts.id', '=', f.id);
  if (f.status) q = q.where('screening_alerts.status', '=', f.status);
  if (f.contested !== undefined) {
    q = q.where(f.contested ? OPEN_CONTEST : sql<boolean>`not ${OPEN_CONTEST}`);
  }
  if (f.submittedProposalsOnly) {
    // A proposal party's key is `bo:<proposal id>:…`: matched on the key as well, so an alert whose
    // party left the draft (its screened_parties row is gone) stays hidden too.
    q = q.where(
      sql<boolean>`not exists (select 1 from proposals p where p.submitted_at is null and (p.id = ${sql.ref('screened_parties.proposal_id')} or ${sql.ref('screening_alerts.party_key')} like ('bo:' || p.id || ':%')))`,
    );
  }
  if (f.visibleToOrg) {
    const org = f.visibleToOrg;
    q = q.where((eb) =>
      eb.or([
        eb('screened_parties.org_id', '=', org),
        eb(
          'screened_parties.proposal_id',
          'in',
          eb
            .selectFrom('proposals')
            .innerJoin('consortium_members', 'consortium_members.consortium_id', 'proposals.consortium_id')
            .select('proposals.id')
            .where('consortium_members.org_id', '=', org)
            .where('consortium_members.status', '=', 'active'),
        ),
      ]),
    );
  }
  return q.orderBy('screening_alerts.created_at', 'desc').orderBy('screening_alerts.id').limit(f.limit).execute();
}

/**
 * The alert, read inside a transaction and locked until it ends (`for update` on PostgreSQL; SQLite
 * has one writer at a time): the state a disposition, contest or clearance checks holds for its write.
 */
export function findAlertForUpdate(trx: Transaction<Database>, dialect: Dialect, id: string) {
  return trx
    .selectFrom('screening_alerts')
    .selectAll()
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function setAlertDisposition(trx: Transaction<Database>, id: string, patch: Updateable<ScreeningAlertsTable>) {
  await trx.updateTable('screening_alerts').set(patch).where('id', '=', id).execute();
}

/** Whether the party's proposal (if it is a proposal's party) was ever submitted; true for a company's party. */
export async function partyProposalEverSubmitted(db: Q, partyKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('screened_parties')
    .leftJoin('proposals', 'proposals.id', 'screened_parties.proposal_id')
    .select(['screened_parties.proposal_id', 'proposals.submitted_at'])
    .where('screened_parties.party_key', '=', partyKey)
    .executeTakeFirst();
  return !row?.proposal_id || row.submitted_at !== null;
}

// ---- contests ----------------------------------------------------------------------------------

export function findContestsOfAlerts(db: Q, alertIds: string[]) {
  if (alertIds.length === 0) return Promise.resolve([] as (ContestRow & { contested_by_name: string | null })[]);
  return db
    .selectFrom('screening_alert_contests')
    .leftJoin('users', 'users.id', 'screening_alert_contests.contested_by')
    .selectAll('screening_alert_contests')
    .select('users.name as contested_by_name')
    .where('screening_alert_contests.alert_id', 'in', alertIds)
    .orderBy('screening_alert_contests.contested_at')
    .orderBy('screening_alert_contests.id')
    .execute();
}

export async function insertContest(trx: Transaction<Database>, row: ContestRow) {
  await trx.insertInto('screening_alert_contests').values(row).execute();
}

/** Answers the alert's open contests with the decision just made; returns how many. */
export async function resolveOpenContests(trx: Transaction<Database>, alertId: string, by: string, at: string, resolution: string): Promise<number> {
  const res = await trx
    .updateTable('screening_alert_contests')
    .set({ resolved_by: by, resolved_at: at, resolution })
    .where('alert_id', '=', alertId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** No clearance pending or in effect. */
export const CLEARANCE_NONE = {
  clearance_status: null,
  clearance_reason: null,
  clearance_proposed_by: null,
  clearance_proposed_at: null,
  clearance_decided_by: null,
  clearance_decided_at: null,
  clearance_note: null,
} as const;
