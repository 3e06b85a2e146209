// Retention and disposal (docs/operations.md#records-retention-and-foia). Every record class has a
// period (a RETENTION_* setting; the agency's records schedule decides it). A disposal run first
// REPORTS what the period would dispose of — counts and item ids, stored as the run — and nothing is
// deleted until an administrator approves that run; approval re-checks every item in the same
// transaction (still past the period, not designated, under no legal hold) and disposes of those
// that still qualify. Designated packages and anything under a legal hold are never disposed of.
// The access log keeps its own pruning (ACCESS_LOG_RETENTION_DAYS, the scheduled work).
import { can } from '../../../shared/access.ts';
import {
  RECORD_CLASS_LABELS,
  type DisposableClass,
  type DisposalRunView,
  type LegalHoldView,
  type RecordClass,
} from '../../../shared/contracts/records.ts';
import { conflict, forbidden, notFound } from '../../../shared/errors.ts';
import type { Config } from '../../config.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { proposalHeading } from '../proposals/proposals.service.ts';
import { userNames } from '../users/users.service.ts';
import {
  decideDisposalRun,
  deleteMail,
  deleteProposalRecords,
  deleteSessions,
  findDisposalRun,
  findDisposalRunForUpdate,
  findDisposalRuns,
  findHeldEntityIds,
  findLegalHold,
  findLegalHolds,
  findMailCandidates,
  findProposalCandidates,
  findSessionCandidates,
  insertDisposalRun,
  insertLegalHold,
  releaseLegalHoldRow,
  type DisposalRunRow,
  type LegalHoldRow,
} from './records.repository.ts';
import { disposeDocumentVersions, supersededDocumentVersions } from './documents-disposal.repository.ts';

const DAY_MS = 86_400_000;

interface ClassDef {
  setting: keyof Config & `${string}_DAYS`;
  from: string;
  handledBy: 'disposal_run' | 'scheduled_pruning';
}

const CLASSES: Record<RecordClass, ClassDef> = {
  proposal_not_designated: { setting: 'RETENTION_PROPOSAL_NOT_DESIGNATED_DAYS', from: 'the decision not to designate (the proposal’s last change)', handledBy: 'disposal_run' },
  proposal_withdrawn: { setting: 'RETENTION_PROPOSAL_WITHDRAWN_DAYS', from: 'the withdrawal (the proposal’s last change)', handledBy: 'disposal_run' },
  documents_superseded: { setting: 'RETENTION_DOCUMENTS_SUPERSEDED_DAYS', from: 'the upload of the superseded version', handledBy: 'disposal_run' },
  mail_outbox_sent: { setting: 'RETENTION_MAIL_OUTBOX_SENT_DAYS', from: 'the e-mail’s creation', handledBy: 'disposal_run' },
  sessions: { setting: 'RETENTION_SESSIONS_DAYS', from: 'the session’s expiry', handledBy: 'disposal_run' },
  access_log: { setting: 'ACCESS_LOG_RETENTION_DAYS', from: 'the entry’s time; pruned by the scheduled work, not by disposal runs', handledBy: 'scheduled_pruning' },
};

const PROPOSAL_STATE_OF: Partial<Record<DisposableClass, string>> = { proposal_not_designated: 'not_designated', proposal_withdrawn: 'withdrawn' };

const retentionDays = (config: Config, cls: RecordClass): number => config[CLASSES[cls].setting] as number;

function assertRead(ctx: ServiceContext) {
  if (!can(ctx.actor, 'records.read')) throw forbidden('Records management is for administrators and auditors');
}
function assertManage(ctx: ServiceContext) {
  if (!can(ctx.actor, 'records.manage')) throw forbidden('Only an administrator may dispose of records or place legal holds');
}

export function listRetentionClasses(ctx: ServiceContext) {
  assertRead(ctx);
  return {
    items: (Object.keys(CLASSES) as RecordClass[]).map((c) => ({
      recordClass: c,
      label: RECORD_CLASS_LABELS[c],
      retentionDays: retentionDays(ctx.config, c),
      setting: CLASSES[c].setting,
      from: CLASSES[c].from,
      handledBy: CLASSES[c].handledBy,
    })),
  };
}

interface Item {
  id: string;
  label: string;
}
interface Evaluation {
  items: Item[];
  kept: (Item & { reason: string })[];
}

/**
 * What of a class is past its period before `cutoff` (narrowed to `ids` when given), split into
 * what may be disposed of and what is kept with the reason. Reads through `db` — the transaction
 * when approving, so the checks and the deletion see the same rows.
 */
async function evaluate(db: Tx['trx'] | Deps['db']['db'], cls: DisposableClass, cutoff: string, ids?: readonly string[]): Promise<Evaluation> {
  const state = PROPOSAL_STATE_OF[cls];
  if (state) {
    const held = await findHeldEntityIds(db, 'proposal');
    const out: Evaluation = { items: [], kept: [] };
    for (const p of await findProposalCandidates(db, state, cutoff, ids)) {
      const item = { id: p.id, label: p.title };
      if (held.has(p.id)) out.kept.push({ ...item, reason: 'legal hold' });
      else if (p.designated > 0) out.kept.push({ ...item, reason: 'designated package' });
      else if (p.deals > 0) out.kept.push({ ...item, reason: 'has deals (kept with the financing records)' });
      else if (p.licenses > 0) out.kept.push({ ...item, reason: 'has export license records' });
      else out.items.push(item);
    }
    return out;
  }
  switch (cls) {
    case 'documents_superseded': {
      const held = await findHeldEntityIds(db, 'proposal');
      const out: Evaluation = { items: [], kept: [] };
      for (const v of await supersededDocumentVersions(db, cutoff, ids)) {
        const item = { id: v.id, label: `${v.title} v${v.version} (${v.fileName})` };
        if (held.has(v.proposalId)) out.kept.push({ ...item, reason: 'legal hold' });
        else if (v.designated) out.kept.push({ ...item, reason: 'designated package' });
        else out.items.push(item);
      }
      return out;
    }
    case 'mail_outbox_sent':
      return { items: (await findMailCandidates(db, cutoff, ids)).map((m) => ({ id: m.id, label: `${m.template} (${m.created_at})` })), kept: [] };
    case 'sessions':
      return { items: (await findSessionCandidates(db, cutoff, ids)).map((s) => ({ id: s.id_hash, label: `expired ${s.expires_at}` })), kept: [] };
    default:
      return { items: [], kept: [] };
  }
}

async function runView(deps: Pick<Deps, 'db'>, row: DisposalRunRow): Promise<DisposalRunView> {
  const ids = [row.reported_by, row.decided_by].filter((x): x is string => !!x);
  const names = new Map((await userNames(deps, ids)).map((u) => [u.id, u.name]));
  const report = JSON.parse(row.items_json) as Evaluation;
  return {
    id: row.id,
    recordClass: row.record_class as DisposableClass,
    status: row.status as DisposalRunView['status'],
    retentionDays: row.retention_days,
    cutoff: row.cutoff,
    itemCount: row.item_count,
    items: report.items,
    kept: report.kept,
    result: row.result_json ? (JSON.parse(row.result_json) as DisposalRunView['result']) : null,
    reportedBy: row.reported_by ? (names.get(row.reported_by) ?? null) : null,
    reportedAt: row.reported_at,
    decidedBy: row.decided_by ? (names.get(row.decided_by) ?? null) : null,
    decidedAt: row.decided_at,
    version: row.version,
  };
}

/** Reports what a class's period would dispose of now, as a run waiting for approval. Deletes nothing. */
export async function reportDisposal(ctx: ServiceContext, cls: DisposableClass): Promise<DisposalRunView> {
  assertManage(ctx);
  const days = retentionDays(ctx.config, cls);
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const report = await evaluate(ctx.db.db, cls, cutoff);
  const row: DisposalRunRow = {
    id: newId(),
    record_class: cls,
    status: 'reported',
    retention_days: days,
    cutoff,
    item_count: report.items.length,
    items_json: JSON.stringify(report),
    result_json: null,
    reported_by: ctx.actor.userId,
    reported_at: now.toISOString(),
    decided_by: null,
    decided_at: null,
    version: 1,
  };
  await inTransaction(ctx, async (tx) => {
    await insertDisposalRun(tx.trx, row);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'records.disposal_reported',
      entityType: 'disposal_run',
      entityId: row.id,
      data: { recordClass: cls, retentionDays: days, cutoff, count: report.items.length, kept: report.kept.length },
    });
  });
  return runView(ctx, row);
}

export async function listDisposalRuns(ctx: ServiceContext) {
  assertRead(ctx);
  const rows = await findDisposalRuns(ctx.db.db, 100);
  return { items: await Promise.all(rows.map((r) => runView(ctx, r))) };
}

export async function getDisposalRun(ctx: ServiceContext, id: string) {
  assertRead(ctx);
  const row = await findDisposalRun(ctx.db.db, id);
  if (!row) throw notFound('Disposal run');
  return runView(ctx, row);
}

async function loadRunForDecision(ctx: ServiceContext, tx: Tx, id: string, expectedVersion: number): Promise<DisposalRunRow> {
  const row = await findDisposalRunForUpdate(tx.trx, tx.dialect, id);
  if (!row) throw notFound('Disposal run');
  if (row.status !== 'reported') throw conflict('INVALID_STATE', `This disposal run was already ${row.status}`, { status: row.status });
  if (row.version !== expectedVersion) throw conflict('VERSION_CONFLICT', 'The disposal run changed since you read it', { currentVersion: row.version });
  return row;
}

/**
 * Approves a reported run: each reported item is checked again in this transaction and disposed of
 * when it still qualifies; the others are listed as skipped with the reason. All or nothing.
 */
export async function approveDisposalRun(ctx: ServiceContext, id: string, expectedVersion: number): Promise<DisposalRunView> {
  assertManage(ctx);
  const at = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    const row = await loadRunForDecision(ctx, tx, id, expectedVersion);
    const cls = row.record_class as DisposableClass;
    const reported = (JSON.parse(row.items_json) as Evaluation).items;
    const now = await evaluate(tx.trx, cls, row.cutoff, reported.map((i) => i.id));
    const qualifying = new Set(now.items.map((i) => i.id));
    const keptNow = new Map(now.kept.map((k) => [k.id, k.reason]));
    const skipped = reported.filter((i) => !qualifying.has(i.id)).map((i) => ({ ...i, reason: keptNow.get(i.id) ?? 'no longer qualifies (changed or already gone)' }));
    const ids = now.items.map((i) => i.id);
    await dispose(tx, cls, ids);
    const result = { disposed: ids.length, skipped };
    if (!(await decideDisposalRun(tx.trx, id, expectedVersion, { status: 'disposed', result_json: JSON.stringify(result), decided_by: ctx.actor.userId, decided_at: at }))) {
      throw conflict('VERSION_CONFLICT', 'The disposal run changed since you read it', { currentVersion: row.version });
    }
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'records.disposed',
      entityType: 'disposal_run',
      entityId: id,
      data: { recordClass: cls, cutoff: row.cutoff, disposed: ids, skipped: skipped.map((s) => ({ id: s.id, reason: s.reason })) },
    });
  });
  return getDisposalRun(ctx, id);
}

/** Discards a reported run: nothing is disposed of. */
export async function discardDisposalRun(ctx: ServiceContext, id: string, expectedVersion: number): Promise<DisposalRunView> {
  assertManage(ctx);
  const at = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    const row = await loadRunForDecision(ctx, tx, id, expectedVersion);
    if (!(await decideDisposalRun(tx.trx, id, expectedVersion, { status: 'discarded', result_json: null, decided_by: ctx.actor.userId, decided_at: at }))) {
      throw conflict('VERSION_CONFLICT', 'The disposal run changed since you read it', { currentVersion: row.version });
    }
    await tx.audit({ actorId: ctx.actor.userId, action: 'records.disposal_discarded', entityType: 'disposal_run', entityId: id, data: { recordClass: row.record_class } });
  });
  return getDisposalRun(ctx, id);
}

async function dispose(tx: Tx, cls: DisposableClass, ids: string[]): Promise<void> {
  switch (cls) {
    case 'proposal_not_designated':
    case 'proposal_withdrawn':
      for (const id of ids) await deleteProposalRecords(tx.trx, id);
      return;
    case 'documents_superseded':
      await disposeDocumentVersions(tx.trx, ids);
      return;
    case 'mail_outbox_sent':
      await deleteMail(tx.trx, ids);
      return;
    case 'sessions':
      await deleteSessions(tx.trx, ids);
      return;
  }
}

// ── Legal holds ───────────────────────────────────────────────────────────────────────────

async function holdView(deps: Pick<Deps, 'db'>, rows: LegalHoldRow[]): Promise<LegalHoldView[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.placed_by, r.released_by]).filter((x): x is string => !!x))];
  const names = new Map((await userNames(deps, ids)).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    entityType: 'proposal',
    entityId: r.entity_id,
    reason: r.reason,
    placedBy: names.get(r.placed_by) ?? r.placed_by,
    placedAt: r.placed_at,
    releasedBy: r.released_by ? (names.get(r.released_by) ?? r.released_by) : null,
    releasedAt: r.released_at,
    releaseReason: r.release_reason,
  }));
}

export async function listLegalHolds(ctx: ServiceContext, opts: { activeOnly: boolean }) {
  assertRead(ctx);
  return { items: await holdView(ctx, await findLegalHolds(ctx.db.db, opts)) };
}

export async function placeLegalHold(ctx: ServiceContext, input: { entityType: 'proposal'; entityId: string; reason: string }): Promise<LegalHoldView> {
  assertManage(ctx);
  const heading = await proposalHeading(ctx, input.entityId).catch(() => null);
  if (!heading) throw notFound('Proposal');
  const row: LegalHoldRow = {
    id: newId(),
    entity_type: input.entityType,
    entity_id: input.entityId,
    reason: input.reason,
    placed_by: ctx.actor.userId,
    placed_at: ctx.clock.nowIso(),
    released_by: null,
    released_at: null,
    release_reason: null,
  };
  await inTransaction(ctx, async (tx) => {
    await insertLegalHold(tx.trx, row);
    await tx.audit({ actorId: ctx.actor.userId, action: 'records.hold_placed', entityType: 'proposal', entityId: input.entityId, data: { holdId: row.id, reason: input.reason } });
  });
  return (await holdView(ctx, [row]))[0]!;
}

export async function releaseLegalHold(ctx: ServiceContext, id: string, reason: string): Promise<LegalHoldView> {
  assertManage(ctx);
  const row = await findLegalHold(ctx.db.db, id);
  if (!row) throw notFound('Legal hold');
  await inTransaction(ctx, async (tx) => {
    if (!(await releaseLegalHoldRow(tx.trx, id, ctx.actor.userId, ctx.clock.nowIso(), reason))) throw conflict('INVALID_STATE', 'This legal hold was already released');
    await tx.audit({ actorId: ctx.actor.userId, action: 'records.hold_released', entityType: 'proposal', entityId: row.entity_id, data: { holdId: id, reason } });
  });
  return (await holdView(ctx, [(await findLegalHold(ctx.db.db, id))!]))[0]!;
}
