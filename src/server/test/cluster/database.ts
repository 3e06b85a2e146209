// A PostgreSQL database of the cluster test's own (not a schema: terminating "every connection of the
// app" then means every connection to this database, whatever other suites run beside it), and the
// fault it injects: terminating those connections as a failover or a server restart would.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { waitUntil } from '../../jobs/__fixtures__/processes.ts';

/** The application_name of the server processes' connections (main.ts: `aiep-<role>`). */
export const APP_CONNECTIONS = ['aiep-web', 'aiep-worker'];

export interface FreshDatabase {
  name: string;
  /** What the server processes get as DATABASE_URL. */
  url: string;
  /** A query on a connection of the test's own to this database (its application_name is not the app's). */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Ends the test's connection and drops the database, ending whatever is still connected. */
  drop(): Promise<void>;
}

async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString, application_name: 'aiep-cluster-test' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates an empty database beside the one of `adminUrl` (the role needs CREATEDB, as the tests' `postgres` has). */
export async function createFreshDatabase(adminUrl: string): Promise<FreshDatabase> {
  const name = `aiep_cluster_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const own = new pg.Client({ connectionString: url.toString(), application_name: 'aiep-cluster-test' });
  // A connection of the test's own is never terminated by the test; an error here is a real failure.
  await own.connect();
  return {
    name,
    url: url.toString(),
    query: async (text, values) => (await own.query(text, values)).rows,
    async drop() {
      await own.end().catch(() => {});
      await withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * Terminates every connection of the server processes to the database (pg_terminate_backend, as a
 * failover does) and waits until the backends are gone. Returns what was terminated.
 */
export async function terminateAppConnections(db: FreshDatabase): Promise<{ pid: number; app: string }[]> {
  const killed = await db.query<{ pid: number; app: string }>(
    // `offset 0` keeps the filter from being merged into the terminating query: only these backends are ended.
    `select pid, app, pg_terminate_backend(pid) from (
       select pid, application_name as app from pg_stat_activity
        where datname = $1 and application_name = any($2::text[]) and pid <> pg_backend_pid() offset 0) app`,
    [db.name, APP_CONNECTIONS],
  );
  const pids = killed.map((k) => k.pid);
  await waitUntil('the terminated backends gone', 10_000, async () => ((await db.query('select 1 from pg_stat_activity where pid = any($1::int[])', [pids])).length === 0 ? true : undefined));
  return killed;
}
