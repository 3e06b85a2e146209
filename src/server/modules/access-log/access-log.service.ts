// The access log: who read business-confidential information (or tried to and was refused), what,
// when and from where. A read never waits for this write: entries are buffered in memory and
// appended in batches by a timer (every second) and when the app closes. The log is the one table a
// GET causes a write to; it is append-only, kept apart from the domain tables, and not part of the
// audit chain (an event per read would swamp it).
import type { AccessLogPage, AccessLogQuery } from '../../../shared/contracts/access-log.ts';
import { AppError, forbidden } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { canReadAccessLog } from './access-log.policy.ts';
import { deleteAccessLogBefore, findAccessLogEntries, insertAccessLogEntries, type AccessLogInsert } from './access-log.repository.ts';

export type AccessLogEntryRow = AccessLogInsert;

/** Entries held at most while the database refuses them; older ones are dropped (and counted) beyond. */
const MAX_BUFFERED = 50_000;

/** A queue this long is written at once rather than at the next tick of the timer (bounds memory under load). */
const FLUSH_AT = 1000;

export interface AccessLogBuffer {
  /** Queues one entry; never waits and never throws. */
  record(entry: AccessLogEntryRow): void;
  /** Writes everything queued so far (waiting for a write under way first). */
  flush(): Promise<void>;
  /** Entries dropped because the database refused them for too long. */
  readonly dropped: number;
}

/**
 * A buffer of entries written to the database by `flush()`: one multi-row insert per batch. A
 * failed write keeps its entries for the next flush, up to MAX_BUFFERED; `onError` hears of it.
 */
export function createAccessLogBuffer(deps: Pick<Deps, 'db'>, onError: (err: unknown) => void = () => {}): AccessLogBuffer {
  let queued: AccessLogEntryRow[] = [];
  let writing: Promise<void> | null = null;
  let dropped = 0;

  async function writeQueued(): Promise<void> {
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      try {
        await insertAccessLogEntries(deps.db.db, batch);
      } catch (err) {
        queued = [...batch, ...queued];
        if (queued.length > MAX_BUFFERED) {
          dropped += queued.length - MAX_BUFFERED;
          queued = queued.slice(queued.length - MAX_BUFFERED);
        }
        onError(err);
        return;
      }
    }
  }

  async function flush(): Promise<void> {
    while (writing) await writing;
    if (queued.length === 0) return;
    writing = writeQueued().finally(() => {
      writing = null;
    });
    await writing;
  }

  return {
    record(entry) {
      queued.push(entry);
      if (queued.length === FLUSH_AT && !writing) void flush();
    },
    flush,
    get dropped() {
      return dropped;
    },
  };
}

// ---- reading ---------------------------------------------------------------------------------

function encodeCursor(at: string, id: number): string {
  return Buffer.from(`${at}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: number } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || rest.length > 0 || Number.isNaN(Date.parse(at)) || !/^\d{1,15}$/.test(id)) {
    throw new AppError(400, 'INVALID_CURSOR', 'The pagination cursor is not valid');
  }
  return { at, id: Number(id) };
}

/** A bound as stored (ISO 8601 UTC): a day starts at 00:00 for `from` and ends at 23:59:59.999 for `to`. */
function boundOf(v: string | undefined, end: boolean): string | undefined {
  if (!v) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z`;
  return new Date(v).toISOString();
}

/** The log, newest first, filtered by entity, user and time; auditors and administrators only (403 otherwise). */
export async function listAccessLog(ctx: ServiceContext, q: AccessLogQuery): Promise<AccessLogPage> {
  if (!canReadAccessLog(ctx.actor)) throw forbidden('The access log is for auditors and administrators');
  const from = boundOf(q.from, false);
  const to = boundOf(q.to, true);
  if (from && to && from > to) throw new AppError(400, 'VALIDATION_FAILED', 'The period ends before it starts', [{ path: 'to', message: 'is before from' }]);
  const rows = await findAccessLogEntries(ctx.db.db, {
    entityId: q.entityId,
    userId: q.userId,
    entityType: q.entityType,
    route: q.route,
    from,
    to,
    before: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const items = (more ? rows.slice(0, q.limit) : rows).map((r) => ({
    id: Number(r.id),
    at: r.at,
    userId: r.user_id,
    userEmail: r.user_email ?? null,
    apiKeyId: r.api_key_id,
    auth: r.auth,
    method: r.method,
    route: r.route,
    entityType: r.entity_type,
    entityId: r.entity_id,
    status: r.status,
    ip: r.ip,
  }));
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.at, last.id) : null };
}

// ---- retention -------------------------------------------------------------------------------

/**
 * Deletes the entries older than the retention period (days before the clock's now); the worker's
 * scheduled work runs it. Returns how many were deleted.
 */
export async function pruneAccessLog(deps: Pick<Deps, 'db' | 'clock' | 'config'>, retentionDays: number = deps.config.ACCESS_LOG_RETENTION_DAYS): Promise<number> {
  const cutoff = new Date(deps.clock.millis() - retentionDays * 86_400_000).toISOString();
  return deleteAccessLogBefore(deps.db.db, cutoff);
}
