// Queries of the access log (the access-log module owns access_log; users is joined for the email).
// The table is append-only: rows are inserted in batches and deleted only by the retention prune.
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { AccessLogTable, Database } from '../../db/schema.ts';

export type AccessLogInsert = Omit<Insertable<AccessLogTable>, 'id'>;

/** Rows per insert statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const INSERT_CHUNK = 500;

const COLUMNS = ['at', 'user_id', 'api_key_id', 'auth', 'method', 'route', 'entity_type', 'entity_id', 'status', 'ip'] as const satisfies readonly (keyof AccessLogInsert)[];

/**
 * The text of a multi-row insert, compiled once per database and row count: building a query of a
 * few thousand values on every flush would cost more than the rows' writing.
 */
const insertSql = new WeakMap<Kysely<Database>, Map<number, string>>();

function insertSqlFor(db: Kysely<Database>, rows: number): string {
  let byCount = insertSql.get(db);
  if (!byCount) insertSql.set(db, (byCount = new Map()));
  let text = byCount.get(rows);
  if (text === undefined) {
    const row: AccessLogInsert = { at: '', user_id: null, api_key_id: null, auth: '', method: '', route: '', entity_type: '', entity_id: null, status: 0, ip: null };
    text = db.insertInto('access_log').columns([...COLUMNS]).values(Array.from({ length: rows }, () => row)).compile().sql;
    if (byCount.size < 64) byCount.set(rows, text);
  }
  return text;
}

/** Appends entries, in as few statements as the chunk size allows (each statement is atomic). */
export async function insertAccessLogEntries(db: Kysely<Database>, rows: readonly AccessLogInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const params: unknown[] = [];
    for (const r of chunk) for (const c of COLUMNS) params.push(r[c] ?? null);
    await db.executeQuery(CompiledQuery.raw(insertSqlFor(db, chunk.length), params));
  }
}

export interface AccessLogFilter {
  entityId?: string;
  userId?: string;
  entityType?: string;
  route?: string;
  from?: string;
  to?: string;
  /** The last row of the previous page: rows strictly older (by at, then id). */
  before?: { at: string; id: number };
  limit: number;
}

/** Entries matching the filter, newest first (at, then id, descending). */
export function findAccessLogEntries(db: Kysely<Database>, f: AccessLogFilter) {
  let q = db
    .selectFrom('access_log')
    .leftJoin('users', 'users.id', 'access_log.user_id')
    .selectAll('access_log')
    .select('users.email as user_email');
  if (f.entityId) q = q.where('access_log.entity_id', '=', f.entityId);
  if (f.userId) q = q.where('access_log.user_id', '=', f.userId);
  if (f.entityType) q = q.where('access_log.entity_type', '=', f.entityType);
  if (f.route) q = q.where('access_log.route', '=', f.route);
  if (f.from) q = q.where('access_log.at', '>=', f.from);
  if (f.to) q = q.where('access_log.at', '<=', f.to);
  if (f.before) {
    const { at, id } = f.before;
    q = q.where((eb) => eb.or([eb('access_log.at', '<', at), eb.and([eb('access_log.at', '=', at), eb('access_log.id', '<', id)])]));
  }
  return q.orderBy('access_log.at', 'desc').orderBy('access_log.id', 'desc').limit(f.limit).execute();
}

/** Deletes the entries older than `cutoff`; returns how many. */
export async function deleteAccessLogBefore(db: Kysely<Database>, cutoff: string): Promise<number> {
  const res = await db.deleteFrom('access_log').where('at', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows);
}
