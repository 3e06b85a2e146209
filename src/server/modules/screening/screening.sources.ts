// Screening list sources: each list family's download address, schedule and maximum age; the
// refresh that downloads a list (conditional GET), checks it and imports it through the same path
// as an upload; the staleness alert; and the shipped snapshot a fresh installation starts with.
//
// Failure keeps the last good version: a download that fails (network, HTTP status, timeout, size
// cap, Content-Length not met), a file that does not parse, a file of another list, or one with
// far fewer entries than the active version, records the error on the source and writes no
// version at all (the file is parsed and checked before anything is written; the import itself is
// one transaction). docs/operations.md#screening-list-sources.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ListSource, ListSourceUpdate } from '../../../shared/contracts/list-sources.ts';
import { AppError, notFound, unprocessable } from '../../../shared/errors.ts';
import { decodeText } from '../../../engines/screening/importers/common.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { notify, usersWithRole } from '../notifications/notifications.service.ts';
import { canManageLists, canReadLists } from './screening.policy.ts';
import { activateListVersion, importParsedList, IMPORT_FORMATS, LIST_TITLES, parseUploadedList, parseUploadedListOffThread, type ImportedVersion } from './screening.lists.ts';
import type { ListVersionRow } from './screening.repository.ts';
import {
  findActiveVersionFacts,
  findSource,
  findSources,
  hasAnyListVersion,
  insertSource,
  markStaleAlerted,
  updateSource,
  type ListSourceRow,
} from './list-sources.repository.ts';

/** The job that refreshes one source (handler in screening.jobs.ts). */
export const REFRESH_SOURCE_JOB = 'refresh_list_source';

/**
 * The CSL snapshot shipped with aiep (data/screening/README.md): BIS and State lists of the
 * trade.gov Consolidated Screening List as of about May 2022, public domain. A fresh installation
 * starts screening against it; it must be replaced by a current list.
 */
export const SHIPPED_SNAPSHOT = {
  file: new URL('../../../../data/screening/csl-2022-05-bis-state.csv', import.meta.url),
  fileName: 'csl-2022-05-bis-state.csv',
  sha256: 'f7b014113f657486dc91e2ab4c745ee6c66e05aea51892e43184bb7c10cb2c5e',
  /** When its data was current: the export's date (its newest start_date is 2022-04-21). */
  dataAsOf: '2022-05-06T00:00:00.000Z',
} as const;

export const SHIPPED_SNAPSHOT_NOTICE =
  'The active Consolidated Screening List is the snapshot of May 2022 shipped with aiep (BIS and State lists only). Replace it with a current list: enable the CSL source or import a current file.';

// ── Bootstrap ─────────────────────────────────────────────────────────────────────────────

/**
 * On a database where no list version was ever imported completely, imports and activates the
 * shipped snapshot (its activation queues the re-screening of every party, as any activation does).
 * Runs at start, under the start-up lock, when SCREENING_BOOTSTRAP_SNAPSHOT=on; once any complete
 * version exists — this one, an upload, a download — it does nothing (an interrupted attempt is
 * tried again at the next start). Answers the activated version, or null.
 */
export async function bootstrapShippedSnapshot(deps: Deps): Promise<ListVersionRow | null> {
  if (await hasAnyListVersion(deps.db.db)) return null;
  const parsed = parseUploadedList(readFileSync(SHIPPED_SNAPSHOT.file, 'utf8'), SHIPPED_SNAPSHOT.fileName, 'csl');
  const imported = await importParsedList(deps, parsed, { actorId: null });
  return activateListVersion(deps, null, imported.id);
}

// ── Download ──────────────────────────────────────────────────────────────────────────────

/** A refresh that failed for a reason of the source (not of aiep): recorded on the source, the active version kept. */
class SourceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Download = { kind: 'not_modified' } | { kind: 'file'; text: string; bytes: number; etag: string | null; lastModified: string | null };

const errorText = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message && cause.message !== err.message ? `${err.message} (${cause.message})` : err.message;
};

async function download(deps: Deps, src: ListSourceRow): Promise<Download> {
  const { SCREENING_SOURCE_TIMEOUT_MS: timeoutMs, SCREENING_SOURCE_MAX_BYTES: maxBytes } = deps.config;
  const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'aiep-list-refresh' };
  // Validators only while the version they describe exists: otherwise a 304 would leave no list.
  if (src.last_good_version_id) {
    if (src.etag) headers['if-none-match'] = src.etag;
    if (src.last_modified) headers['if-modified-since'] = src.last_modified;
  }
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(src.url, { headers, signal, redirect: 'follow' });
  } catch (err) {
    throw new SourceError('DOWNLOAD_FAILED', signal.aborted ? `no answer within ${timeoutMs} ms` : `the download failed: ${errorText(err)}`);
  }
  if (res.status === 304) {
    await res.body?.cancel().catch(() => {});
    return { kind: 'not_modified' };
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => {});
    throw new SourceError('DOWNLOAD_STATUS', `the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  const declaredHeader = res.headers.get('content-length');
  const declared = declaredHeader !== null && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : null;
  if (declared !== null && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new SourceError('DOWNLOAD_TOO_LARGE', `the file is ${declared} bytes, more than SCREENING_SOURCE_MAX_BYTES (${maxBytes})`);
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) throw new SourceError('DOWNLOAD_TOO_LARGE', `the file is more than SCREENING_SOURCE_MAX_BYTES (${maxBytes}) bytes`);
        chunks.push(chunk);
      }
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new SourceError('DOWNLOAD_INCOMPLETE', signal.aborted ? `the download did not finish within ${timeoutMs} ms (${bytes} bytes read)` : `the download broke off after ${bytes} bytes: ${errorText(err)}`);
  }
  // A declared length is the length of the body as sent; a compressed body is measured decompressed here.
  const encoding = (res.headers.get('content-encoding') ?? 'identity').toLowerCase();
  if (declared !== null && encoding === 'identity' && bytes !== declared) {
    throw new SourceError('DOWNLOAD_INCOMPLETE', `the download is incomplete: ${bytes} of ${declared} bytes`);
  }
  if (bytes === 0) throw new SourceError('DOWNLOAD_EMPTY', 'the server answered an empty file');
  return { kind: 'file', text: decodeText(Buffer.concat(chunks)), bytes, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
}

/** The name a downloaded file is imported under: the last segment of its address. */
function fileNameOf(url: string): string {
  try {
    return basename(decodeURIComponent(new URL(url).pathname)).slice(0, 200) || 'download';
  } catch {
    return 'download';
  }
}

// ── Refresh ───────────────────────────────────────────────────────────────────────────────

export interface RefreshOutcome {
  list: string;
  status: 'unchanged' | 'imported' | 'failed';
  /** The version imported (and activated, with autoActivate), when one was. */
  versionId: string | null;
  activated: boolean;
  error: string | null;
}

/**
 * Checks one source and imports what changed. Never throws for the source's failures: they are
 * recorded (status failed, the error) and answered; the active version stays as it was.
 */
export async function refreshSource(deps: Deps, code: string, opts: { actorId?: string | null } = {}): Promise<RefreshOutcome> {
  const src = await findSource(deps.db.db, code);
  if (!src) throw notFound(`List source ${code}`);
  const actorId = opts.actorId ?? null;
  const checkedAt = deps.clock.nowIso();
  try {
    const dl = await download(deps, src);
    if (dl.kind === 'not_modified') {
      await updateSource(deps.db.db, code, { last_checked_at: checkedAt, last_status: 'unchanged', last_error: null, last_success_at: checkedAt, stale_alerted_at: null });
      return { list: code, status: 'unchanged', versionId: null, activated: false, error: null };
    }
    const parsed = await parseUploadedListOffThread(deps, dl.text, fileNameOf(src.url), src.format).catch((err: unknown) => {
      throw new SourceError('LIST_MALFORMED', `the file does not read as ${src.format}: ${errorText(err)}`);
    });
    if (parsed.listCode !== code) throw new SourceError('WRONG_LIST', `the file is a ${parsed.listCode} list, not ${code}`);
    const count = parsed.entries.ids.length;
    const active = (await findActiveVersionFacts(deps.db.db)).find((v) => v.list_code === code);
    const ratio = deps.config.SCREENING_SOURCE_MIN_RATIO;
    if (active && count < active.entry_count * ratio) {
      throw new SourceError(
        'SUSPICIOUS_SHRINK',
        `the file has ${count} entries, fewer than ${Math.round(ratio * 100)} % of the active version's ${active.entry_count} (SCREENING_SOURCE_MIN_RATIO); not imported — import it by hand if the list really shrank`,
      );
    }
    let version: ImportedVersion;
    try {
      version = await importParsedList(deps, parsed, { actorId });
    } catch (err) {
      if (err instanceof AppError) throw new SourceError(err.code, err.message);
      throw err;
    }
    const success = { last_checked_at: checkedAt, last_error: null, last_success_at: checkedAt, stale_alerted_at: null, etag: dl.etag, last_modified: dl.lastModified };
    if (version.alreadyImported) {
      // The same file as a version aiep holds (the server ignored the validators): nothing new, and
      // nothing re-activated over what an administrator may have chosen since.
      await updateSource(deps.db.db, code, { ...success, last_status: 'unchanged', last_good_version_id: version.id });
      return { list: code, status: 'unchanged', versionId: null, activated: false, error: null };
    }
    const activated = src.auto_activate === 1;
    if (activated) await activateListVersion(deps, actorId, version.id);
    await updateSource(deps.db.db, code, { ...success, last_status: 'imported', last_good_version_id: version.id });
    return { list: code, status: 'imported', versionId: version.id, activated, error: null };
  } catch (err) {
    const error = (err instanceof SourceError ? `${err.code}: ${err.message}` : `REFRESH_FAILED: ${errorText(err)}`).slice(0, 1000);
    await updateSource(deps.db.db, code, { last_checked_at: checkedAt, last_status: 'failed', last_error: error });
    return { list: code, status: 'failed', versionId: null, activated: false, error };
  }
}

// ── Schedule and staleness ────────────────────────────────────────────────────────────────

const enabledOf = (deps: Pick<Deps, 'config'>, src: ListSourceRow) => src.enabled === 1 || deps.config.SCREENING_SOURCES_ENABLED.includes(src.list_code);

const nextCheckMs = (src: ListSourceRow) => (src.last_checked_at ? Date.parse(src.last_checked_at) + src.interval_minutes * 60_000 : null);

/**
 * Queues a refresh job for every enabled source that is due (never checked, or checked one interval
 * ago or more). The job's idempotency key is the source and the interval's slot, so however many
 * workers run the scheduled work, one job per source per interval exists. Answers the lists queued.
 */
export async function enqueueDueRefreshes(deps: Deps): Promise<string[]> {
  const now = deps.clock.millis();
  const due: string[] = [];
  for (const src of await findSources(deps.db.db)) {
    if (!enabledOf(deps, src)) continue;
    const next = nextCheckMs(src);
    if (next !== null && next > now) continue;
    const intervalMs = src.interval_minutes * 60_000;
    const slot = new Date(Math.floor(now / intervalMs) * intervalMs).toISOString();
    await enqueueJob(deps.db.db, deps.clock, REFRESH_SOURCE_JOB, { list: src.list_code }, { idempotencyKey: `${REFRESH_SOURCE_JOB}:${src.list_code}:${slot}`, maxAttempts: 1 });
    due.push(src.list_code);
  }
  return due;
}

type ActiveFacts = Awaited<ReturnType<typeof findActiveVersionFacts>>[number];

const isShippedSnapshot = (v: Pick<ActiveFacts, 'sha256'>) => v.sha256 === SHIPPED_SNAPSHOT.sha256;

/** The newest confirmation that the list's active data is current, and whether it is stale. */
function freshnessOf(deps: Pick<Deps, 'clock' | 'config'>, src: ListSourceRow, active: ActiveFacts | undefined) {
  const imported = active ? (isShippedSnapshot(active) ? SHIPPED_SNAPSHOT.dataAsOf : (active.ready_at ?? active.imported_at)) : null;
  const candidates = [imported, active ? src.last_success_at : null].filter((t): t is string => t !== null);
  const dataAsOf = candidates.length ? candidates.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) : null;
  const ageHours = dataAsOf ? Math.max(0, (deps.clock.millis() - Date.parse(dataAsOf)) / 3_600_000) : null;
  const inUse = enabledOf(deps, src) || active !== undefined;
  const stale = inUse && (ageHours === null || ageHours > src.max_age_hours);
  return { dataAsOf, ageHours, stale };
}

/**
 * The staleness alert: for every enabled source that has been tried at least once and whose list's
 * data is older than its maximum age (or that has no active version), one notification to the
 * screening analysts and administrators per staleness episode; an episode ends when the list is
 * current again (a successful refresh or a newer version). Answers the lists alerted now.
 */
export async function raiseStaleListAlerts(deps: Deps): Promise<string[]> {
  const [sources, actives] = await Promise.all([findSources(deps.db.db), findActiveVersionFacts(deps.db.db)]);
  const alerted: string[] = [];
  for (const src of sources) {
    const active = actives.find((v) => v.list_code === src.list_code);
    const { stale, ageHours } = freshnessOf(deps, src, active);
    if (!stale) {
      if (src.stale_alerted_at !== null) await updateSource(deps.db.db, src.list_code, { stale_alerted_at: null });
      continue;
    }
    if (!enabledOf(deps, src) || src.last_checked_at === null || src.stale_alerted_at !== null) continue;
    const raised = await inTransaction(deps, async (tx) => {
      if (!(await markStaleAlerted(tx.trx, src.list_code, tx.clock.nowIso()))) return false;
      const recipients = [...new Set([...(await usersWithRole(tx, 'screening_analyst')), ...(await usersWithRole(tx, 'admin'))])];
      const title = LIST_TITLES[src.list_code] ?? src.list_code;
      const why = ageHours === null ? 'no version is active' : `its data is ${Math.floor(ageHours)} hours old (maximum ${src.max_age_hours})`;
      const last = src.last_status === 'failed' && src.last_error ? `; the last refresh failed: ${src.last_error.slice(0, 200)}` : '';
      await notify(tx, recipients, 'screening_list_stale', `Screening list out of date: ${title} — ${why}${last}`, '/screening?tab=lists');
      await tx.audit({ actorId: null, action: 'screening.list_source.stale', entityType: 'list_source', entityId: src.list_code, data: { ageHours: ageHours === null ? null : Math.floor(ageHours), maxAgeHours: src.max_age_hours } });
      return true;
    });
    if (raised) alerted.push(src.list_code);
  }
  return alerted;
}

// ── HTTP-facing use cases ─────────────────────────────────────────────────────────────────

function requireRead(ctx: ServiceContext) {
  if (!canReadLists(ctx.actor)) throw new AppError(403, 'FORBIDDEN', 'List sources are for compliance and program officers, auditors and admins');
}

function requireManage(ctx: ServiceContext) {
  if (!canManageLists(ctx.actor)) throw new AppError(403, 'FORBIDDEN', 'Only an administrator changes or refreshes list sources');
}

function sourceView(deps: Pick<Deps, 'clock' | 'config'>, src: ListSourceRow, active: ActiveFacts | undefined): ListSource {
  const enabled = enabledOf(deps, src);
  const next = nextCheckMs(src);
  const { dataAsOf, ageHours, stale } = freshnessOf(deps, src, active);
  return {
    list: src.list_code,
    title: LIST_TITLES[src.list_code] ?? src.list_code,
    url: src.url,
    format: src.format,
    intervalMinutes: src.interval_minutes,
    maxAgeHours: src.max_age_hours,
    enabled,
    enabledByEnvironment: deps.config.SCREENING_SOURCES_ENABLED.includes(src.list_code),
    autoActivate: src.auto_activate === 1,
    validators: { etag: src.etag, lastModified: src.last_modified },
    lastCheckedAt: src.last_checked_at,
    lastStatus: (src.last_status as ListSource['lastStatus']) ?? null,
    lastError: src.last_error,
    lastGoodVersionId: src.last_good_version_id,
    lastSuccessAt: src.last_success_at,
    nextCheckAt: enabled ? new Date(next ?? deps.clock.millis()).toISOString() : null,
    activeVersion: active ? { id: active.id, fileName: active.file_name, entryCount: active.entry_count, activatedAt: active.activated_at, shippedSnapshot: isShippedSnapshot(active) } : null,
    dataAsOf,
    ageHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
    stale,
  };
}

export async function listSources(ctx: ServiceContext) {
  requireRead(ctx);
  const [sources, actives] = await Promise.all([findSources(ctx.db.db), findActiveVersionFacts(ctx.db.db)]);
  const items = sources.map((s) => sourceView(ctx, s, actives.find((v) => v.list_code === s.list_code)));
  const shippedSnapshotActive = actives.some((v) => v.list_code === 'csl' && isShippedSnapshot(v));
  return { items, stale: items.some((i) => i.stale), shippedSnapshotActive, notice: shippedSnapshotActive ? SHIPPED_SNAPSHOT_NOTICE : null };
}

async function viewOf(deps: Deps, code: string): Promise<ListSource> {
  const src = await findSource(deps.db.db, code);
  if (!src) throw notFound(`List source ${code}`);
  return sourceView(deps, src, (await findActiveVersionFacts(deps.db.db)).find((v) => v.list_code === code));
}

/**
 * Changes a source (admin). A list without a source row (a list family added after migration 017)
 * gets one, given its URL and format. Audited with the fields changed.
 */
export async function updateListSource(ctx: ServiceContext, code: string, input: ListSourceUpdate): Promise<ListSource> {
  requireManage(ctx);
  if (input.format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(input.format)) {
    throw unprocessable('UNKNOWN_FORMAT', `Unknown list format ${input.format}`, [{ path: 'format', message: `must be one of ${IMPORT_FORMATS.join(', ')}` }]);
  }
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    const existing = await findSource(tx.trx, code);
    if (!existing) {
      if (!(code in LIST_TITLES)) throw notFound(`List source ${code}`);
      if (!input.url || !input.format) throw unprocessable('SOURCE_INCOMPLETE', `List ${code} has no source yet: give its url and format`);
      await insertSource(tx.trx, {
        list_code: code,
        url: input.url,
        format: input.format,
        interval_minutes: input.intervalMinutes ?? 1440,
        max_age_hours: input.maxAgeHours ?? 168,
        enabled: input.enabled ? 1 : 0,
        auto_activate: input.autoActivate === false ? 0 : 1,
        etag: null,
        last_modified: null,
        last_checked_at: null,
        last_status: null,
        last_error: null,
        last_good_version_id: null,
        last_success_at: null,
        stale_alerted_at: null,
        updated_at: now,
        updated_by: ctx.actor.userId,
      });
    } else {
      // A new address or format makes the stored validators meaningless.
      const moved = (input.url !== undefined && input.url !== existing.url) || (input.format !== undefined && input.format !== existing.format);
      await updateSource(tx.trx, code, {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.format !== undefined ? { format: input.format } : {}),
        ...(input.intervalMinutes !== undefined ? { interval_minutes: input.intervalMinutes } : {}),
        ...(input.maxAgeHours !== undefined ? { max_age_hours: input.maxAgeHours } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
        ...(input.autoActivate !== undefined ? { auto_activate: input.autoActivate ? 1 : 0 } : {}),
        ...(moved ? { etag: null, last_modified: null } : {}),
        updated_at: now,
        updated_by: ctx.actor.userId,
      });
    }
    await tx.audit({ actorId: ctx.actor.userId, action: 'screening.list_source.update', entityType: 'list_source', entityId: code, data: { ...input } });
  });
  return viewOf(ctx, code);
}

/** Queues a refresh of one source now (admin), whether or not it is enabled or due; the worker runs it. */
export async function requestRefresh(ctx: ServiceContext, code: string): Promise<{ jobId: string; source: ListSource }> {
  requireManage(ctx);
  const source = await viewOf(ctx, code);
  const minute = new Date(Math.floor(ctx.clock.millis() / 60_000) * 60_000).toISOString();
  const job = await enqueueJob(ctx.db.db, ctx.clock, REFRESH_SOURCE_JOB, { list: code, actorId: ctx.actor.userId }, { idempotencyKey: `${REFRESH_SOURCE_JOB}:${code}:now:${minute}`, createdBy: ctx.actor.userId, maxAttempts: 1 });
  return { jobId: job.id, source };
}

/** The job handler's entry: refreshes the source its payload names. */
export function runRefreshJob(deps: Deps, payload: unknown): Promise<RefreshOutcome> {
  const p = (payload ?? {}) as { list?: unknown; actorId?: unknown };
  return refreshSource(deps, String(p.list ?? ''), { actorId: typeof p.actorId === 'string' ? p.actorId : null });
}
