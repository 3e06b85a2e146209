// List versions: import (a new version, written in one transaction), activation (one
// transaction flipping active/superseded and queueing the re-screening), and diffs.
import { AppError, notFound, unprocessable } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { canManageLists, canReadLists } from './screening.policy.ts';
import { invalidateIndex } from './screening.index.ts';
import { canonical, parseUploadedList, type ParsedList } from './list-files.ts';
import { parseInThread } from './list-parse-host.ts';
import {
  ensureList,
  failStaleImports,
  findActiveVersions,
  findEntriesJson,
  findEntryKeys,
  findLists,
  findImportedVersionBySha,
  findVersion,
  findVersions,
  insertEntries,
  insertVersion,
  notifyActivation,
  setActiveVersion,
  updateVersion,
  type EntryRow,
  type ListVersionRow,
} from './screening.repository.ts';

/** The lists aiep versions: one per source file family. */
export const LIST_TITLES: Record<string, string> = {
  csl: 'Consolidated Screening List (trade.gov)',
  'ofac-sdn': 'OFAC Specially Designated Nationals (SDN)',
  'ofac-cons': 'OFAC Consolidated non-SDN lists',
  un: 'UN Security Council Consolidated List',
  dpl: 'BIS Denied Persons List',
  eu: 'EU Consolidated Financial Sanctions List (FSF XML)',
  uk: 'UK Sanctions List (FCDO) / OFSI Consolidated List',
};
/** Formats accepted on import (`csl` reads CSV and JSON alike). */
export const IMPORT_FORMATS = ['csl', 'csl-json', 'ofac-sdn', 'ofac-cons', 'un', 'dpl', 'eu-fsf', 'uk-csv', 'uk-xml', 'ofsi-csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

// Callers read list files through this module, as before the reading moved to list-files.ts.
export { parseListPath, parseUploadedList, storedEntries, type ParsedList, type StoredEntries } from './list-files.ts';

const BATCH_ROWS = 500;
/** An `importing` version older than this belongs to a process that died. */
const STALE_IMPORT_MS = 30 * 60_000;

/** From this size up, an uploaded list is parsed in a thread of its own (SCREENING_INDEX_THREAD=on). */
const PARSE_THREAD_MIN_BYTES = 256 * 1024;

/**
 * parseUploadedList, run in a worker thread for a file large enough to matter: parsing the full CSL
 * (14,000 entries) takes about a second of CPU, which in the web process would stall every other
 * request meanwhile. Smaller files, and SCREENING_INDEX_THREAD=off, parse here.
 */
export async function parseUploadedListOffThread(deps: Pick<Deps, 'config'>, text: string, fileName: string, format?: string): Promise<ParsedList> {
  if (deps.config.SCREENING_INDEX_THREAD !== 'on' || text.length < PARSE_THREAD_MIN_BYTES) return parseUploadedList(text, fileName, format);
  return parseInThread({ text, fileName, ...(format ? { format } : {}) });
}

export interface ImportOptions {
  actorId: string | null;
  /** Called after each batch of entries is written (inside the transaction). */
  onBatch?: (written: number, total: number) => void | Promise<void>;
}

/** A version as an import answers it: `alreadyImported` when the same file was imported before and nothing was written. */
export type ImportedVersion = ListVersionRow & { alreadyImported: boolean };

/**
 * Writes a parsed list as a new version — unless the same file (same list, same SHA-256) was
 * imported completely before: then nothing is written and that version is answered, marked
 * `alreadyImported`, so a retried import (a CLI run that failed after its commit) imports nothing
 * twice. The version row is created first (status importing,
 * so an import in progress is visible), then every entry and the flip to `ready` in ONE
 * transaction: a process killed mid-way leaves no entry behind, and its `importing` row is
 * never activatable (and is marked failed once stale).
 */
export async function importParsedList(deps: Deps, parsed: ParsedList, opts: ImportOptions): Promise<ImportedVersion> {
  const { entries } = parsed;
  const count = entries.ids.length;
  if (count === 0) throw unprocessable('LIST_EMPTY', `${parsed.fileName}: the file holds no list entries`);
  const earlier = await findImportedVersionBySha(deps.db.db, parsed.listCode, parsed.sha256);
  if (earlier) return { ...earlier, alreadyImported: true };
  const now = deps.clock.nowIso();
  await expireStaleImports(deps);
  await ensureList(deps.db.db, parsed.listCode, LIST_TITLES[parsed.listCode] ?? parsed.listCode, now);
  const version: ListVersionRow = {
    id: newId(),
    list_code: parsed.listCode,
    format: parsed.format,
    file_name: parsed.fileName.slice(0, 500),
    sha256: parsed.sha256,
    entry_count: 0,
    status: 'importing',
    error: null,
    imported_by: opts.actorId,
    imported_at: now,
    ready_at: null,
    activated_at: null,
    activated_by: null,
  };
  await insertVersion(deps.db.db, version);
  try {
    await inTransaction(deps, async (tx) => {
      for (let i = 0; i < count; i += BATCH_ROWS) {
        const rows: EntryRow[] = [];
        for (let j = i; j < Math.min(i + BATCH_ROWS, count); j++) {
          rows.push({ version_id: version.id, list: entries.lists[j]!, entry_id: entries.ids[j]!, name: entries.names[j]!, entry_hash: entries.hashes[j]!, json: entries.json[j]! });
        }
        await insertEntries(tx.trx, rows);
        await opts.onBatch?.(Math.min(i + BATCH_ROWS, count), count);
      }
      await updateVersion(tx.trx, version.id, { status: 'ready', entry_count: count, ready_at: deps.clock.nowIso() });
      await tx.audit({ actorId: opts.actorId, action: 'screening.list.import', entityType: 'list_version', entityId: version.id, data: { list: parsed.listCode, file: version.file_name, sha256: parsed.sha256, entries: count } });
    });
  } catch (err) {
    await updateVersion(deps.db.db, version.id, { status: 'failed', error: err instanceof Error ? err.message.slice(0, 1000) : 'import failed' }).catch(() => {});
    throw err;
  }
  return { ...version, status: 'ready', entry_count: count, alreadyImported: false };
}

/** Makes a version its list's active one, atomically, and queues the re-screening of every party. */
export async function activateListVersion(deps: Deps, actorId: string | null, versionId: string): Promise<ListVersionRow> {
  const result = await inTransaction(deps, async (tx) => {
    const v = await findVersion(tx.trx, versionId);
    if (!v) throw notFound('List version');
    if (v.status === 'active') return v;
    if (v.status !== 'ready' && v.status !== 'superseded') {
      throw new AppError(409, 'VERSION_NOT_READY', `Version ${versionId} is ${v.status}; only a completely imported version can be activated`);
    }
    const now = deps.clock.nowIso();
    await setActiveVersion(tx.trx, v.list_code, v.id, now, actorId);
    await enqueueJob(tx.trx, tx.clock, 'rescreen_all', { reason: 'list_activated', versionId: v.id }, { createdBy: actorId });
    await notifyActivation(tx.trx, deps.db.dialect, v.id);
    await tx.audit({ actorId, action: 'screening.list.activate', entityType: 'list_version', entityId: v.id, data: { list: v.list_code, entries: v.entry_count } });
    return { ...v, status: 'active', activated_at: now, activated_by: actorId };
  });
  invalidateIndex(deps);
  return result;
}

// ---- HTTP-facing use cases ---------------------------------------------------------------------

function versionView(v: ListVersionRow & { alreadyImported?: boolean }) {
  return {
    ...(v.alreadyImported !== undefined ? { alreadyImported: v.alreadyImported } : {}),
    id: v.id,
    list: v.list_code,
    format: v.format,
    fileName: v.file_name,
    sha256: v.sha256,
    entryCount: v.entry_count,
    status: v.status,
    error: v.error,
    importedAt: v.imported_at,
    readyAt: v.ready_at,
    activatedAt: v.activated_at,
  };
}

function requireRead(ctx: ServiceContext) {
  if (!canReadLists(ctx.actor)) throw new AppError(403, 'FORBIDDEN', 'Screening lists are for compliance and program officers, auditors and admins');
}

function requireManage(ctx: ServiceContext) {
  if (!canManageLists(ctx.actor)) throw new AppError(403, 'FORBIDDEN', 'Only an administrator imports or activates list versions');
}

export async function listLists(ctx: ServiceContext) {
  requireRead(ctx);
  const [lists, versions] = await Promise.all([findLists(ctx.db.db), findVersions(ctx.db.db)]);
  return lists.map((l) => {
    const mine = versions.filter((v) => v.list_code === l.code);
    const active = mine.find((v) => v.status === 'active');
    return { code: l.code, title: l.title, activeVersion: active ? versionView(active) : null, versions: mine.length, latestImportAt: mine[0]?.imported_at ?? null };
  });
}

export async function listVersions(ctx: ServiceContext, code: string) {
  requireRead(ctx);
  const rows = await findVersions(ctx.db.db, code);
  if (rows.length === 0 && !(await findLists(ctx.db.db)).some((l) => l.code === code)) throw notFound('List');
  return rows.map(versionView);
}

export async function importUploadedList(ctx: ServiceContext, input: { text: string; fileName: string; format?: string; activate?: boolean }) {
  requireManage(ctx);
  const parsed = await parseUploadedListOffThread(ctx, input.text, input.fileName, input.format);
  const imported = await importParsedList(ctx, parsed, { actorId: ctx.actor.userId });
  const version = input.activate ? { ...(await activateListVersion(ctx, ctx.actor.userId, imported.id)), alreadyImported: imported.alreadyImported } : imported;
  return versionView(version);
}

export async function activateVersion(ctx: ServiceContext, versionId: string) {
  requireManage(ctx);
  return versionView(await activateListVersion(ctx, ctx.actor.userId, versionId));
}

export async function activeVersions(deps: Deps) {
  return findActiveVersions(deps.db.db);
}

const DIFF_ITEMS = 1000;

/** What changed from one version to another: entries added, removed, changed (by id and content hash). */
async function diffVersions(deps: Deps, fromId: string, toId: string) {
  const [from, to] = await Promise.all([findVersion(deps.db.db, fromId), findVersion(deps.db.db, toId)]);
  if (!from) throw notFound(`List version ${fromId}`);
  if (!to) throw notFound(`List version ${toId}`);
  const [a, b] = await Promise.all([findEntryKeys(deps.db.db, fromId), findEntryKeys(deps.db.db, toId)]);
  const key = (r: { list: string; entry_id: string }) => `${r.list}\u0000${r.entry_id}`;
  const before = new Map(a.map((r) => [key(r), r]));
  const after = new Map(b.map((r) => [key(r), r]));
  const added = b.filter((r) => !before.has(key(r)));
  const removed = a.filter((r) => !after.has(key(r)));
  const changedRows = b.filter((r) => before.has(key(r)) && before.get(key(r))!.entry_hash !== r.entry_hash);
  const shown = changedRows.slice(0, DIFF_ITEMS);
  const [oldJson, newJson] = await Promise.all([findEntriesJson(deps.db.db, fromId, shown), findEntriesJson(deps.db.db, toId, shown)]);
  const oldByKey = new Map(oldJson.map((r) => [key(r), JSON.parse(r.json) as Record<string, unknown>]));
  const newByKey = new Map(newJson.map((r) => [key(r), JSON.parse(r.json) as Record<string, unknown>]));
  const item = (r: { list: string; entry_id: string; name: string }) => ({ list: r.list, entryId: r.entry_id, name: r.name });
  return {
    from: versionView(from),
    to: versionView(to),
    counts: { added: added.length, removed: removed.length, changed: changedRows.length, unchanged: b.length - added.length - changedRows.length },
    added: added.slice(0, DIFF_ITEMS).map(item),
    removed: removed.slice(0, DIFF_ITEMS).map(item),
    changed: shown.map((r) => {
      const o = oldByKey.get(key(r)) ?? {};
      const n = newByKey.get(key(r)) ?? {};
      const fields = [...new Set([...Object.keys(o), ...Object.keys(n)])].filter((f) => canonical(o[f]) !== canonical(n[f])).sort();
      return { ...item(r), previousName: before.get(key(r))!.name, fields };
    }),
  };
}

export async function diffVersionsFor(ctx: ServiceContext, fromId: string, toId: string) {
  requireRead(ctx);
  return diffVersions(ctx, fromId, toId);
}

/** Marks failed the imports that have been `importing` for longer than STALE_IMPORT_MS (their process died); the worker runs it. */
export function expireStaleImports(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return failStaleImports(deps.db.db, new Date(deps.clock.millis() - STALE_IMPORT_MS).toISOString());
}

/** Marks every `importing` version failed, now (tests; an operator after a crash). */
export async function failStaleImportsNow(deps: Deps): Promise<number> {
  return failStaleImports(deps.db.db, new Date(deps.clock.millis() + 1000).toISOString());
}
