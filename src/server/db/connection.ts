// One Kysely instance over SQLite (the embedded default) or PostgreSQL, chosen by DATABASE_URL.
// On PostgreSQL a lost connection never takes the process down: the pool and every client have an
// error handler, a broken client leaves the pool, and the next query opens a fresh connection;
// opening one gives up after DB_CONNECT_TIMEOUT_MS, so a request during an outage fails fast
// (503 DATABASE_UNAVAILABLE, see isDatabaseUnavailable) rather than hanging.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
   * A value that changes whenever the database may have changed since it was last read (for
   * StampCache, src/server/db/stamp-cache.ts). SQLite: a counter of this process's write and
   * transaction statements and `PRAGMA data_version` (commits of other connections), read
   * synchronously at no cost. PostgreSQL: the database's current snapshot, one query (see
   * pgChangeStamp). Null where a Db has no stamp: nothing may be cached by it.
   */
  changeStamp(): string | null | Promise<string | null>;
  /** PostgreSQL pool counts (for /metrics); absent on SQLite. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/** What withLock and listen need of a database opened by createDb (a Db built otherwise has none). */
interface Internals {
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  listen(channel: string, onNotify: (payload: string | null) => void, opts: ListenOptions): Promise<Listener>;
}

const internals = new WeakMap<Db, Internals>();

/**
 * Runs `fn` holding a lock named `name` across every process on this database (PostgreSQL: a
 * session advisory lock on a connection of its own, keyed by schema and name; SQLite file: an
 * exclusive lock on a companion lock file; SQLite in memory: nothing to share). Re-entrant within
 * one Db. A process that dies releases the lock with its connection or file handle.
 */
export function withLock<T>(db: Db, name: string, fn: () => Promise<T>): Promise<T> {
  const i = internals.get(db);
  return i ? i.withLock(name, fn) : fn();
}

/**
 * LISTEN on a channel (PostgreSQL) on a connection of its own that reconnects with backoff,
 * subscribes again, and then calls `onNotify(null)` once so the caller re-checks what it may have
 * missed while disconnected. Resolves after the first attempt to subscribe (which may have failed:
 * it goes on trying in the background). On SQLite there is nothing to listen to: a no-op.
 */
export function listen(db: Db, channel: string, onNotify: (payload: string | null) => void, opts: ListenOptions = {}): Promise<Listener> {
  const i = internals.get(db);
  return i ? i.listen(channel, onNotify, opts) : Promise.resolve({ close: async () => {}, connected: () => false });
}

export interface Listener {
  close(): Promise<void>;
  /** True while subscribed (always false on SQLite). */
  connected(): boolean;
}

export interface ListenOptions {
  onError?: (err: unknown) => void;
  /** First reconnect delay; doubles up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

// int8 (count(*), bigserial) as JS numbers: the values aiep keeps there stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** PostgreSQL pool settings (config: DB_POOL_MAX, DB_STATEMENT_TIMEOUT_MS, DB_IDLE_TIMEOUT_MS, DB_CONNECT_TIMEOUT_MS). */
export interface PoolSettings {
  max: number;
  /** 0: no statement timeout. */
  statementTimeoutMs: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
}

export const DEFAULT_POOL: PoolSettings = { max: 10, statementTimeoutMs: 30_000, idleTimeoutMs: 30_000, connectTimeoutMs: 5_000 };

export function poolSettingsOf(config: { DB_POOL_MAX: number; DB_STATEMENT_TIMEOUT_MS: number; DB_IDLE_TIMEOUT_MS: number; DB_CONNECT_TIMEOUT_MS: number }): PoolSettings {
  return { max: config.DB_POOL_MAX, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS, idleTimeoutMs: config.DB_IDLE_TIMEOUT_MS, connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS };
}

export interface DbOptions {
  /** PostgreSQL schema to work in (tests isolate suites this way); the default search_path otherwise. */
  pgSchema?: string;
  pool?: Partial<PoolSettings>;
  /** PostgreSQL application_name of every connection (visible in pg_stat_activity); default `aiep`. */
  applicationName?: string;
  /** SQLite busy timeout: how long a statement waits for another connection's write lock (default 5 s). */
  sqliteBusyTimeoutMs?: number;
  /** Where connection losses are reported (default: one line on stderr). */
  onConnectionError?: (err: unknown) => void;
}

const defaultConnectionError = (err: unknown) => process.stderr.write(`db: connection error (the connection is dropped and reopened on demand): ${errorText(err)}\n`);

export function createDb(url: string, opts: DbOptions = {}): Db {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return createPgDb(url, opts);
  return createSqliteDb(url, opts);
}

// ── PostgreSQL ───────────────────────────────────────────────────────────────────────────────

function createPgDb(url: string, opts: DbOptions): Db {
  const settings = { ...DEFAULT_POOL, ...opts.pool };
  const onConnectionError = opts.onConnectionError ?? defaultConnectionError;
  const clientConfig: pg.ClientConfig = {
    connectionString: url,
    application_name: opts.applicationName ?? 'aiep',
    keepAlive: true,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
  };
  const pool = new pg.Pool({
    ...clientConfig,
    max: settings.max,
    idleTimeoutMillis: settings.idleTimeoutMs,
    ...(settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}),
  });
  // An idle client whose connection ends makes the pool emit 'error'; without a listener that
  // would be an uncaught exception. The pool has already removed the client.
  pool.on('error', onConnectionError);
  // A client checked out of the pool has no error listener of the pool's; a connection ending
  // between two queries of a transaction would crash the process. Its query fails instead, and
  // the pool discards the client when it is released (it is no longer queryable).
  pool.on('connect', (client) => {
    client.on('error', onConnectionError);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const held = new Set<string>();
  const listeners = new Set<Listener>();
  let destroyed = false;
  const out: Db = {
    db,
    dialect: 'postgres',
    async destroy() {
      destroyed = true;
      await Promise.all([...listeners].map((l) => l.close()));
      await db.destroy();
    },
    changeStamp: pgChangeStamp(pool),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
  internals.set(out, {
    async withLock(name, fn) {
      if (held.has(name)) return fn();
      held.add(name); // before fn runs: fn may take the lock again (re-entrant)
      try {
        const client = new pg.Client(clientConfig);
        client.on('error', onConnectionError);
        await client.connect();
        try {
          // Advisory locks are per database: the key includes the schema, so installations (and
          // test suites) in other schemas of the same database do not wait for each other.
          await client.query('select pg_advisory_lock(hashtextextended(current_schema() || $1, 0))', [`:aiep:${name}`]);
          return await fn();
        } finally {
          await client.end().catch(() => {}); // ending the session releases the lock
        }
      } finally {
        held.delete(name);
      }
    },
    async listen(channel, onNotify, lopts) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name "${channel}"`);
      if (destroyed) throw new Error('database closed');
      const listener = pgListener(clientConfig, channel, onNotify, lopts);
      listeners.add(listener);
      await listener.ready;
      return {
        connected: listener.connected,
        async close() {
          listeners.delete(listener);
          await listener.close();
        },
      };
    },
  });
  return out;
}

/**
 * The PostgreSQL change stamp: the text of `pg_current_snapshot()` (PostgreSQL 13+),
 * `xmin:xmax:xip,…`, taken by a statement of its own outside any transaction.
 *
 * Why it moves on every commit: a snapshot's xmax is one past the latest transaction id that
 * ended, and its xip list holds the ids below xmax still running. When a transaction that holds
 * an id (every transaction that wrote) commits or aborts, either its id was in xip (it leaves the
 * list) or it was ≥ xmax (xmax moves past it) — the snapshot text changes, and neither part ever
 * goes back. Equal stamps therefore mean no transaction with an id ended between the two reads:
 * what a query sees did not change. Read-only statements and transactions take no id, so reads
 * never move it; a write that has not committed does not move it either (the cache may keep
 * serving what was committed before). Commits in other databases of the cluster move it too
 * (transaction ids are cluster-wide), as do aborts, autovacuum's analyze and the like: a
 * spurious miss, never a stale hit. A commit is visible to new snapshots before its client hears
 * it committed, so a stamp read after a client's write completed reflects that write.
 *
 * One query per stamp, shared by concurrent callers with sharedFreshRead: see there why a caller
 * never gets a stamp read before it asked.
 */
function pgChangeStamp(pool: pg.Pool): () => Promise<string> {
  return sharedFreshRead(async () => {
    const res = await pool.query<{ stamp: string }>('select pg_current_snapshot()::text as stamp');
    return res.rows[0]!.stamp;
  });
}

/**
 * Shares one read among concurrent callers without ever handing a caller a result taken before
 * it called. A read already sent when a caller arrives may have taken its snapshot before a
 * commit that caller already knows of (its own write through another process, say): a stamp from
 * it could match a cached value older than that commit. So such a caller waits for the next read,
 * sent once the current one is done and shared by every caller that arrived meanwhile; a read not
 * yet sent is joined freely. At most one read is under way at a time, plus one waiting: under
 * load, callers pay up to two round trips but the pool serves one stamp query per round trip,
 * whatever the request rate.
 */
export function sharedFreshRead<T>(read: () => Promise<T>): () => Promise<T> {
  let sent: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const send = (): Promise<T> => {
    const p = read();
    sent = p;
    const done = () => {
      if (sent === p) sent = null;
    };
    p.then(done, done);
    return p;
  };
  return () => {
    if (next) return next; // sent only after this call
    if (!sent) return send();
    const ignore = () => {};
    next = sent.then(ignore, ignore).then(() => {
      next = null;
      return send();
    });
    return next;
  };
}

function pgListener(clientConfig: pg.ClientConfig, channel: string, onNotify: (payload: string | null) => void, opts: ListenOptions): Listener & { ready: Promise<void> } {
  const onError = opts.onError ?? (() => {});
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  let closed = false;
  let client: pg.Client | null = null;
  let subscribed = false;
  let wake: AbortController | null = null;

  const connectOnce = async (): Promise<pg.Client> => {
    const c = new pg.Client(clientConfig);
    const lost = new Promise<void>((resolveLost) => {
      c.on('error', (err) => {
        onError(err);
        resolveLost();
      });
      c.on('end', () => resolveLost());
    });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onNotify(msg.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch (err) {
      await c.end().catch(() => {});
      throw err;
    }
    void lost.then(() => {
      if (client === c) {
        client = null;
        subscribed = false;
        if (!closed) void loop(true);
      }
    });
    return c;
  };

  // Connects (again) until it succeeds or the listener is closed; after a reconnect, the caller
  // re-checks once: a notification sent while no connection listened is lost.
  let firstAttempt: () => void = () => {};
  const ready = new Promise<void>((r) => (firstAttempt = r));
  const loop = async (reconnect: boolean): Promise<void> => {
    let delay = minBackoff;
    while (!closed) {
      try {
        const c = await connectOnce();
        if (closed) {
          await c.end().catch(() => {});
          return;
        }
        client = c;
        subscribed = true;
        firstAttempt();
        if (reconnect) onNotify(null);
        return;
      } catch (err) {
        firstAttempt(); // the caller goes on; the loop keeps trying in the background
        onError(err);
        wake = new AbortController();
        await sleep(delay + Math.floor(Math.random() * delay * 0.2), undefined, { signal: wake.signal }).catch(() => {});
        wake = null;
        delay = Math.min(delay * 2, maxBackoff);
        reconnect = true;
      }
    }
  };

  void loop(false);
  return {
    ready,
    connected: () => subscribed,
    async close() {
      closed = true;
      wake?.abort();
      const c = client;
      client = null;
      subscribed = false;
      if (c) await c.end().catch(() => {});
    },
  };
}

// Errors that mean the database cannot be reached right now (not that the query was wrong): the
// connection was terminated (admin shutdown, failover, crash: SQLSTATE 57P01–57P03), a connection
// exception (class 08), or the socket could not be opened or broke.
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|08[0-9A-Z]{3})$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended unexpectedly|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when `err` (or its cause) says the database is unreachable: answer 503, retry later. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true; // AggregateError of a dual-stack connect
  return e.cause !== undefined && isDatabaseUnavailable(e.cause, depth + 1);
}

const errorText = (err: unknown) => (err instanceof Error ? `${(err as { code?: string }).code ? `${(err as { code?: string }).code} ` : ''}${err.message}` : String(err));

// ── SQLite ───────────────────────────────────────────────────────────────────────────────────

function createSqliteDb(url: string, opts: DbOptions): Db {
  const file = sqlitePath(url);
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.sqliteBusyTimeoutMs ?? 5000))}`);
  sqlite.pragma('synchronous = NORMAL');
  const database = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // PRAGMA data_version changes when another connection commits; this connection's own writes
  // are counted as they are prepared.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const held = new Set<string>();
  const out: Db = { db, dialect: 'sqlite', destroy: () => db.destroy(), changeStamp: () => `${database.ownWrites()}.${dataVersion.get() as number}` };
  internals.set(out, {
    async withLock(name, fn) {
      if (file === ':memory:' || held.has(name)) return fn();
      held.add(name); // before fn runs: fn may take the lock again (re-entrant)
      try {
        return await withFileLock(`${resolve(file)}-${name.replace(/[^a-z0-9_-]/gi, '_')}.lock`, fn);
      } finally {
        held.delete(name);
      }
    },
    listen: async () => ({ close: async () => {}, connected: () => false }),
  });
  return out;
}

/**
 * An exclusive lock between processes on one host: an exclusive transaction on a small SQLite
 * file beside the database. The operating system drops it when the process dies, so a crash never
 * leaves it held. Waits asynchronously (polling), so this process's event loop keeps running.
 */
async function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const lock = new SQLite(lockFile);
  try {
    lock.pragma('busy_timeout = 0');
    for (;;) {
      try {
        lock.exec('begin exclusive');
        break;
      } catch (err) {
        if (!isSqliteBusy(err)) throw err;
        await sleep(50 + Math.floor(Math.random() * 50));
      }
    }
    try {
      return await fn();
    } finally {
      lock.exec('rollback');
    }
  } finally {
    lock.close();
  }
}

/** SQLITE_BUSY (and its extended codes): another connection holds the lock this one needs. */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a small query.
 * Kysely's SQLite driver runs one statement at a time on its single connection, so a prepared
 * statement can be reused safely for the same SQL text.
 *
 * Kysely opens every transaction with a plain `begin` (deferred): such a transaction reads, then
 * fails with SQLITE_BUSY — without waiting — when it tries to write after another connection (the
 * CLI beside the server) committed in between. Every transaction here is `begin immediate`
 * instead: it takes the write lock first, waiting up to the busy timeout for it, and then never
 * fails for want of it (inTransaction retries a start that timed out).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase & { ownWrites(): number } {
  const cache = new Map<string, { stmt: SQLite.Statement; changes: boolean }>();
  let ownWrites = 0;
  return {
    close: () => sqlite.close(),
    ownWrites: () => ownWrites,
    prepare(text: string) {
      const sql = PLAIN_BEGIN.test(text) ? 'begin immediate' : text;
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

const PLAIN_BEGIN = /^\s*begin(\s+(deferred\s+)?transaction)?\s*;?\s*$/i;
const TRANSACTION_CONTROL = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;

/** The file path of a `sqlite:` DATABASE_URL (`:memory:` for an in-memory one). */
export function sqlitePath(url: string): string {
  if (url === 'sqlite::memory:' || url === ':memory:') return ':memory:';
  if (url.startsWith('sqlite://')) return url.slice('sqlite://'.length);
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length);
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(':')[0]}:…")`);
}
