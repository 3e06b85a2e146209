// SQL of party screening: list versions and entries, screened parties, alerts.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { Database, ListVersionsTable, ScreenedPartiesTable, ScreeningAlertsTable } from '../../db/schema.ts';

type Q = Kysely<Database>;
export type ListVersionRow = Selectable<ListVersionsTable>;
export type PartyRow = Selectable<ScreenedPartiesTable>;
export type AlertRow = Selectable<ScreeningAlertsTable>;

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

export function findVersions(db: Q, listCode?: string) {
  let q = db.selectFrom('list_versions').selectAll();
  if (listCode) q = q.where('list_code', '=', listCode);
  return q.orderBy('imported_at', 'desc').execute();
}

export function findActiveVersions(db: Q) {
  return db.selectFrom('list_versions').select(['id', 'list_code', 'activated_at', 'entry_count', 'file_name']).where('status', '=', 'active').orderBy('id').execute();
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

export interface AlertFilter {
  status?: string;
  /** Only alerts a company's compliance officer may see: its own parties and its proposals' parties. */
  visibleToOrg?: string;
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

export function findAlerts(db: Q, f: AlertFilter) {
  let q = db
    .selectFrom('screening_alerts')
    .leftJoin('screened_parties', 'screened_parties.party_key', 'screening_alerts.party_key')
    .selectAll('screening_alerts')
    .select(['screened_parties.source as party_source', 'screened_parties.org_id as party_org_id', 'screened_parties.proposal_id as party_proposal_id', 'screened_parties.country as party_country', 'screened_parties.type as party_type']);
  if (f.id) q = q.where('screening_alerts.id', '=', f.id);
  if (f.status) q = q.where('screening_alerts.status', '=', f.status);
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

export async function setAlertDisposition(db: Q, id: string, patch: { status: string; disposition_reason: string | null; disposed_by: string; disposed_at: string }) {
  await db.updateTable('screening_alerts').set(patch).where('id', '=', id).execute();
}
