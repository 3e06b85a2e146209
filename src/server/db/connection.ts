// One Kysely instance over SQLite (the embedded default) or PostgreSQL, chosen by DATABASE_URL.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  destroy(): Promise<void>;
  /**
   * A value that changes whenever the database may have changed: on SQLite, any write or
   * transaction statement of this process and any commit by another process. Null on PostgreSQL,
   * where other processes write without this one knowing: nothing may be cached by it there.
   */
  changeStamp(): string | null;
}

// int8 (count(*), bigserial) as JS numbers: the values aiep keeps there stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface DbOptions {
  /** PostgreSQL schema to work in (tests isolate suites this way); the default search_path otherwise. */
  pgSchema?: string;
}

export function createDb(url: string, opts: DbOptions = {}): Db {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const options = opts.pgSchema ? `-c search_path=${opts.pgSchema}` : undefined;
    const pool = new pg.Pool({ connectionString: url, max: 10, options });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', destroy: () => db.destroy(), changeStamp: () => null };
  }
  const file = sqlitePath(url);
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const database = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // PRAGMA data_version changes when another connection commits; this connection's own writes
  // are counted as they are prepared.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  return { db, dialect: 'sqlite', destroy: () => db.destroy(), changeStamp: () => `${database.ownWrites()}.${dataVersion.get() as number}` };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a small query.
 * Kysely's SQLite driver runs one statement at a time on its single connection, so a prepared
 * statement can be reused safely for the same SQL text.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase & { ownWrites(): number } {
  const cache = new Map<string, { stmt: SQLite.Statement; changes: boolean }>();
  let ownWrites = 0;
  return {
    close: () => sqlite.close(),
    ownWrites: () => ownWrites,
    prepare(sql: string) {
      let cached = cache.get(sql);
      if (!cached) {
        const stmt = sqlite.prepare(sql);
        // SQLite calls BEGIN/COMMIT/ROLLBACK read-only; they still end what a reader may have seen.
        cached = { stmt, changes: !stmt.readonly || TRANSACTION_CONTROL.test(sql) };
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(sql, cached);
      }
      // Kysely prepares each statement just before running it, on its one connection.
      if (cached.changes) ownWrites++;
      return cached.stmt;
    },
  };
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;

function sqlitePath(url: string): string {
  if (url === 'sqlite::memory:' || url === ':memory:') return ':memory:';
  if (url.startsWith('sqlite://')) return url.slice('sqlite://'.length);
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length);
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(':')[0]}:…")`);
}
