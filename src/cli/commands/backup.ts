// `aiep backup` and `aiep restore` (docs/operations.md#backups).
//
// SQLite: an online backup through SQLite's backup API — consistent while the server writes — into a
// temporary file that is verified (integrity check, migrations at head) and then renamed into place,
// with a manifest beside it (FILE.json: source, time, schema version, SHA-256, table counts). A
// restore verifies the backup (manifest SHA-256 when present, integrity check), refuses to replace a
// database some process holds, copies it into place by a rename, and then verifies the audit chain.
//
// PostgreSQL: aiep does not reimplement pg_dump. Both commands print the pg_dump / pg_restore
// commands for the configured database (without its password) and run nothing: the client tools
// must match the server's major version, which aiep cannot check, and the operator (or the DBA's
// own point-in-time recovery) decides where the dump goes.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import { Kysely, SqliteDialect } from 'kysely';
import { loadConfig, loadDotEnv } from '../../server/config.ts';
import { isSqliteBusy, sqlitePath } from '../../server/db/connection.ts';
import { migrationsAtHead } from '../../server/db/migrate.ts';
import type { Database } from '../../server/db/schema.ts';
import { clockFromEnv } from '../../server/lib/clock.ts';
import { verifyAuditTrail } from '../../server/modules/audit/audit.service.ts';
import { withDatabase } from '../db.ts';

export const MANIFEST_FORMAT = 'aiep-sqlite-backup/1';

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  /** Absolute path of the database backed up. */
  source: string;
  createdAt: string;
  /** The last migration applied to the backed-up database. */
  schemaVersion: string | null;
  sha256: string;
  bytes: number;
  /** Rows per table at the backup's instant. */
  tables: Record<string, number>;
}

/** A backup that cannot be used, or a restore that must not happen; the message says why. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** The manifest written beside a backup file. */
export const manifestPathOf = (backupFile: string) => `${backupFile}.json`;

export function sha256OfFile(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** What a backup file holds, after SQLite's integrity check passed. */
export interface BackupContents {
  schemaVersion: string | null;
  atHead: boolean;
  tables: Record<string, number>;
}

/**
 * Opens a backup file read-only and checks it: a SQLite database (not truncated or overwritten),
 * `PRAGMA integrity_check` ok, an aiep database (its migrations table), and returns its schema
 * version and the rows of every table. Throws BackupError naming the problem.
 */
export async function inspectBackup(file: string): Promise<BackupContents> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a SQLite database: ${messageOf(err)}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    let problems: string[];
    try {
      problems = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (err) {
      throw new BackupError(`${file} is not a sound SQLite database: ${messageOf(err)}`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') throw new BackupError(`${file} fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`);
    const tableNames = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[]);
    if (!tableNames.includes('kysely_migration')) throw new BackupError(`${file} is not an aiep database (it has no migrations table)`);
    const tables: Record<string, number> = {};
    for (const name of tableNames.filter((n) => !n.startsWith('kysely_'))) {
      tables[name] = sqlite.prepare(`select count(*) from "${name.replaceAll('"', '""')}"`).pluck().get() as number;
    }
    const schemaVersion = (sqlite.prepare('select name from kysely_migration order by name desc limit 1').pluck().get() as string | undefined) ?? null;
    const atHead = await migrationsAtHead({ db, dialect: 'sqlite', destroy: () => db.destroy(), changeStamp: () => null });
    return { schemaVersion, atHead, tables };
  } finally {
    await db.destroy(); // closes the SQLite connection
  }
}

/**
 * Backs up the SQLite database at `source` into `target` while other connections may write:
 * SQLite's online backup into a temporary file beside `target` (in rollback-journal mode, one
 * self-contained file), verified, then renamed to `target`; the manifest goes to `target`.json.
 * Refuses to overwrite an existing file.
 */
export async function backupSqlite(source: string, target: string, createdAt: string): Promise<BackupManifest> {
  if (!existsSync(source)) throw new BackupError(`the database ${source} does not exist`);
  if (existsSync(target)) throw new BackupError(`${target} already exists: choose a new file name`);
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const temp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  const sourceDb = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    sourceDb.pragma('busy_timeout = 5000');
    // After the first step, copy every remaining page in one step: one read transaction, so another
    // connection's commit cannot make the backup restart over and over on a busy database.
    await sourceDb.backup(temp, { progress: () => 0x7fffffff });
    const copy = new SQLite(temp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const contents = await inspectBackup(temp);
    if (!contents.atHead) throw new BackupError(`the database ${source} is not at the current schema (last migration ${contents.schemaVersion ?? 'none'}): start the server or run any aiep command on it first`);
    fsyncFile(temp);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      source: resolve(source),
      createdAt,
      schemaVersion: contents.schemaVersion,
      sha256: sha256OfFile(temp),
      bytes: statSync(temp).size,
      tables: contents.tables,
    };
    renameSync(temp, target);
    writeFileAtomically(manifestPathOf(target), `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncFile(dirname(resolve(target)));
    return manifest;
  } finally {
    sourceDb.close();
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
  }
}

/** The manifest beside a backup file, or null when there is none; a manifest that cannot be read is a problem. */
export function readManifest(backupFile: string): BackupManifest | null {
  const path = manifestPathOf(backupFile);
  if (!existsSync(path)) return null;
  let parsed: Partial<BackupManifest>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<BackupManifest>;
  } catch (err) {
    throw new BackupError(`the manifest ${path} is not valid JSON: ${messageOf(err)}`);
  }
  if (parsed.format !== MANIFEST_FORMAT || typeof parsed.sha256 !== 'string') throw new BackupError(`${path} is not an aiep backup manifest`);
  return parsed as BackupManifest;
}

export interface RestoreReport {
  manifest: BackupManifest | null;
  contents: BackupContents;
  /** True when an existing database was replaced (with force). */
  replaced: boolean;
}

/**
 * Restores a SQLite backup to `target`. The backup is verified first (the manifest's SHA-256 when a
 * manifest is beside it, SQLite's integrity check, an aiep database); nothing at `target` changes
 * unless all of that passes. An existing `target` is replaced only with `force`, and only when no
 * other connection has it open (a running server): the check is that its journal can be switched
 * out of WAL mode, which SQLite allows only to the one connection that has the file open. The
 * copy is written beside `target` and renamed over it.
 */
export async function restoreSqlite(backupFile: string, target: string, opts: { force?: boolean } = {}): Promise<RestoreReport> {
  const manifest = readManifest(backupFile);
  if (manifest) {
    const actual = sha256OfFile(backupFile);
    if (actual !== manifest.sha256) throw new BackupError(`${backupFile} does not match its manifest (SHA-256 ${actual.slice(0, 12)}…, manifest ${manifest.sha256.slice(0, 12)}…): the file was truncated, damaged or altered`);
  }
  const contents = await inspectBackup(backupFile);
  const replaced = existsSync(target);
  if (replaced) {
    if (!opts.force) throw new BackupError(`${target} exists: stop every process using it (web, worker, all) and run the restore again with --force to replace it`);
    ensureNotInUse(target);
  }
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const temp = join(dirname(resolve(target)), `.${basename(target)}.restore-${randomBytes(4).toString('hex')}`);
  try {
    copyFileSync(backupFile, temp);
    fsyncFile(temp);
    if (manifest && sha256OfFile(temp) !== manifest.sha256) throw new BackupError(`the copy of ${backupFile} at ${temp} does not match the manifest: the disk or the copy failed`);
    // No WAL of the database being replaced may survive beside the restored file: SQLite would
    // replay its frames into it. ensureNotInUse left none; these are leftovers of a crash.
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    rmSync(`${target}-journal`, { force: true });
    renameSync(temp, target);
    fsyncFile(dirname(resolve(target)));
  } finally {
    rmSync(temp, { force: true });
  }
  return { manifest, contents, replaced };
}

/**
 * Refuses when another connection has the SQLite database open. Switching a WAL database to the
 * rollback journal needs an exclusive lock, which SQLite grants only when no other connection
 * holds the file; it also folds the WAL into the file and removes it.
 */
function ensureNotInUse(file: string): void {
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file, { fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened to check that no server uses it: ${messageOf(err)}`);
  }
  try {
    sqlite.pragma('busy_timeout = 0');
    const mode = sqlite.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new BackupError(`${file} is in use: stop every process using it (web, worker, all) before restoring`);
  } catch (err) {
    if (isSqliteBusy(err)) throw new BackupError(`${file} is in use by another process (a running server?): stop every process using it (web, worker, all) before restoring`);
    throw err;
  } finally {
    sqlite.close();
  }
}

/** The pg_dump and pg_restore commands for a PostgreSQL DATABASE_URL, its password left out. */
export function postgresCommands(url: string, createdAt: string): { file: string; dump: string; list: string; restore: string } {
  const parsed = new URL(url);
  const hadPassword = parsed.password !== '';
  parsed.password = '';
  const target = `'${parsed.toString().replaceAll("'", "'\\''")}'`;
  const file = `aiep-${createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.dump`;
  const env = hadPassword ? 'PGPASSWORD=… ' : '';
  return {
    file,
    dump: `${env}pg_dump --format=custom --no-owner --file=${file} --dbname=${target}`,
    list: `pg_restore --list ${file} > /dev/null`,
    restore: `${env}pg_restore --clean --if-exists --no-owner --single-transaction --dbname=${target} ${file}`,
  };
}

const isPostgres = (url: string) => url.startsWith('postgres://') || url.startsWith('postgresql://');

function defaultBackupFile(createdAt: string): string {
  return join('backups', `aiep-${createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.db`);
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('Back up the database: SQLite online into FILE (default backups/aiep-<time>.db) with a manifest FILE.json; PostgreSQL: prints the pg_dump command')
    .argument('[file]', 'the backup file to write (must not exist)')
    .action(async (file: string | undefined) => {
      loadDotEnv();
      const config = loadConfig();
      const createdAt = clockFromEnv().nowIso();
      if (isPostgres(config.DATABASE_URL)) {
        const c = postgresCommands(config.DATABASE_URL, createdAt);
        process.stdout.write(
          [
            'aiep does not dump PostgreSQL itself. Run, with client tools of the server\'s major version (password from PGPASSWORD or ~/.pgpass):',
            `  ${c.dump}`,
            'Check that the dump is readable:',
            `  ${c.list}`,
            'Nothing was written.',
            '',
          ].join('\n'),
        );
        return;
      }
      const source = sqlitePath(config.DATABASE_URL);
      if (source === ':memory:') throw new BackupError('DATABASE_URL is an in-memory database: there is nothing to back up');
      const target = file ?? defaultBackupFile(createdAt);
      const m = await backupSqlite(source, target, createdAt);
      const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
      process.stdout.write(`Backup written: ${target} (${m.bytes} bytes, schema ${m.schemaVersion}, ${Object.keys(m.tables).length} tables, ${rows} rows, integrity ok)\nManifest: ${manifestPathOf(target)} (SHA-256 ${m.sha256})\n`);
      process.stdout.write('The audit key and checkpoint file are not in the backup: keep them apart from it (docs/operations.md#backups).\n');
    });

  program
    .command('restore')
    .description('Restore a SQLite backup FILE into the DATABASE_URL database (stop every server process first), then verify the audit chain; PostgreSQL: prints the pg_restore command')
    .argument('<file>', 'the backup file (its manifest FILE.json is checked when present)')
    .option('--force', 'replace an existing database (only when no process has it open)')
    .action(async (file: string, opts: { force?: boolean }) => {
      loadDotEnv();
      const config = loadConfig();
      if (isPostgres(config.DATABASE_URL)) {
        const c = postgresCommands(config.DATABASE_URL, clockFromEnv().nowIso());
        process.stdout.write(
          [
            'aiep does not restore PostgreSQL itself. Stop every aiep process, then run:',
            `  ${c.restore.replace(c.file, file)}`,
            'and then `npx aiep audit verify`. Nothing was written.',
            '',
          ].join('\n'),
        );
        return;
      }
      const target = sqlitePath(config.DATABASE_URL);
      if (target === ':memory:') throw new BackupError('DATABASE_URL is an in-memory database: there is nothing to restore into');
      const report = await restoreSqlite(file, target, opts);
      if (!report.manifest) process.stderr.write(`aiep: no manifest beside ${file}: its SHA-256 was not checked (SQLite's integrity check passed)\n`);
      process.stdout.write(
        `Restored ${file} to ${target}${report.replaced ? ' (replacing the database there)' : ''}: schema ${report.contents.schemaVersion}${report.contents.atHead ? '' : ' (older: migrated now)'}, ${report.contents.tables.audit_events ?? 0} audit events.\n`,
      );
      const result = await withDatabase((deps) => verifyAuditTrail(deps));
      process.stdout.write(`${result.message}\n`);
      if (!result.ok) {
        process.stdout.write(
          result.firstBroken
            ? `The restored audit chain is broken at event ${result.firstBroken.id} (seq ${result.firstBroken.seq}, ${result.firstBroken.problem}): the backup was altered, or the audit key is not the one it was signed with.\n`
            : result.checkpoint?.problem === 'truncated'
              ? 'The backup is older than the last checkpoint: the events recorded since the backup are lost. To go on from the restored state, move the checkpoint file aside (keep it with the incident record); the next start writes a new one.\n'
              : 'A checkpoint outside the database does not match the restored chain: see docs/operations.md#audit-trail.\n',
        );
        process.exitCode = 2;
      }
    });
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeFileAtomically(path: string, text: string): void {
  const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, text);
  fsyncFile(temp);
  renameSync(temp, path);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
