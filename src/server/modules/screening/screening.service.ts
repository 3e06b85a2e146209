// Screening use cases: one search with explained matches, the trade.gov CSL-compatible search,
// batch screening (inline, or as a job from a CSV upload with an Idempotency-Key), and the
// alerts queue with dispositions.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  DEFAULT_THRESHOLD,
  LIST_EFFECTS,
  normalizeName,
  schemaOfType,
  type EntityType,
  type ListCode,
  type ListEntry,
  type RowMatch,
  type ScreeningMatch,
} from '../../../engines/screening/index.ts';
import type { AlertAction } from '../../../shared/contracts/screening.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { enqueueJob, findJob, findJobStatus, jobView } from '../../jobs/queue.ts';
import type { JobStatusRow } from '../../jobs/jobs.repository.ts';
import { notify, usersWithRole } from '../notifications/notifications.service.ts';
import { alertActions, canScreen, personRefusal, roleAllows, seesAllAlerts, seesAllJobs, seesOwnCompanyAlerts, stateAllows, type AlertFacts } from './screening.policy.ts';
import { getIndex, withIndex, type IndexState } from './screening.index.ts';
import { LIST_TITLES } from './screening.lists.ts';
import { packageScreening } from './screening.parties.ts';
import { getProposal } from '../proposals/proposals.service.ts';
import { passesFilter, type EntryFilter, type RowScreen, type SearchRequest } from './index-ops.ts';
import { deleteJobCheckpoints, findJobCheckpoints, insertJobCheckpoint } from './checkpoints.repository.ts';
import type { JobContext } from './screening.jobs.ts';
import {
  findAlertForUpdate,
  findAlerts,
  findContestsOfAlerts,
  insertContest,
  partyProposalEverSubmitted,
  resolveOpenContests,
  setAlertDisposition,
  type AlertFilter,
  type AlertRow,
  type ContestRow,
  CLEARANCE_NONE,
} from './screening.repository.ts';

/** Batches up to this many parties are answered inline; larger ones, and CSV uploads, become a job. */
const INLINE_BATCH_LIMIT = 100;
const MAX_BATCH_ROWS = 200_000;

export interface PartyQuery {
  id?: string;
  name: string;
  type?: EntityType;
  country?: string;
  dob?: string;
}

function requireScreen(ctx: ServiceContext) {
  if (!canScreen(ctx.actor)) throw new AppError(403, 'FORBIDDEN', 'Screening is for compliance officers, the program office\u2019s staff, auditors and admins');
}

function matchView(m: ScreeningMatch) {
  return {
    list: m.entry.list,
    listTitle: LIST_EFFECTS[m.entry.list]?.title ?? m.entry.list,
    entryId: m.entry.entryId,
    name: m.entry.name,
    matchedName: m.matchedName,
    aliasType: m.aliasType,
    score: m.score,
    effect: m.entry.effect,
    citation: LIST_EFFECTS[m.entry.list]?.citation ?? null,
    type: m.entry.type,
    programs: m.entry.programs,
    addresses: m.entry.addresses,
    nationalities: m.entry.nationalities,
    datesOfBirth: m.entry.datesOfBirth,
    explanation: m.explanation,
  };
}

async function screenOne(state: IndexState, q: PartyQuery, threshold: number, limit: number, sources?: readonly ListCode[]): Promise<ScreeningMatch[]> {
  const request: SearchRequest = {
    query: { name: q.name, ...(q.type ? { type: q.type } : {}), ...(q.country ? { country: q.country } : {}), ...(q.dob ? { dob: q.dob } : {}) },
    options: { threshold, limit, ...(sources?.length ? { sources } : {}) },
  };
  const [matches] = await state.index.search([request]);
  return matches ?? [];
}

function listsView(state: IndexState) {
  return state.versions.map((v) => ({ list: v.listCode, title: LIST_TITLES[v.listCode] ?? v.listCode, fileName: v.fileName, versionId: v.id, activatedAt: v.activatedAt, entries: v.entryCount }));
}

/**
 * No list, no clearance: with no list version active nothing was screened, and every answer says
 * so (`screened: false` and this sentence) rather than answering an empty, clean-looking result.
 */
export const NOT_SCREENED_NOTICE = 'Not screened: no screening list is active. An administrator must import and activate a list.';

/** Whether the index screens against anything: at least one list version is active. */
const screensAgainstLists = (state: IndexState) => state.versions.length > 0;

export async function searchParty(ctx: ServiceContext, q: PartyQuery & { threshold?: number; limit?: number }) {
  requireScreen(ctx);
  const state = await getIndex(ctx);
  const threshold = q.threshold ?? DEFAULT_THRESHOLD;
  const screened = screensAgainstLists(state);
  const matches = screened ? await screenOne(state, q, threshold, q.limit ?? 20) : [];
  return { query: q, threshold, screened, notice: screened ? null : NOT_SCREENED_NOTICE, lists: listsView(state), matches: matches.map(matchView) };
}

/** GET /proposals/:id/screening: the package's screening, for whoever may see the proposal (404 otherwise). */
export async function packageScreeningFor(ctx: ServiceContext, proposalId: string) {
  await getProposal(ctx, proposalId);
  return packageScreening(ctx, proposalId);
}

// ---- trade.gov CSL-compatible search -------------------------------------------------------------

/** The source names trade.gov's CSL API uses, by list code. */
const CSL_SOURCE_NAMES: Record<ListCode, string> = {
  SDN: 'Specially Designated Nationals (SDN) - Treasury Department',
  EL: 'Entity List (EL) - Bureau of Industry and Security',
  DPL: 'Denied Persons List (DPL) - Bureau of Industry and Security',
  UVL: 'Unverified List (UVL) - Bureau of Industry and Security',
  MEU: 'Military End User (MEU) List - Bureau of Industry and Security',
  SSI: 'Sectoral Sanctions Identifications List (SSI) - Treasury Department',
  FSE: 'Foreign Sanctions Evaders (FSE) - Treasury Department',
  'NS-MBS': 'Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department',
  CMIC: 'Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department',
  PLC: 'Palestinian Legislative Council List (PLC) - Treasury Department',
  CAP: 'Correspondent Account or Payable-Through Account Sanctions (CAPTA) - Treasury Department',
  DTC: 'ITAR Debarred (DTC) - State Department',
  ISN: 'Nonproliferation Sanctions (ISN) - State Department',
  UN: 'UN Security Council Consolidated List',
  EU: 'EU Consolidated Financial Sanctions List (FSF) - European Commission',
  UK: 'UK Sanctions List - Foreign, Commonwealth & Development Office',
};

const CSL_TYPES: Record<string, EntityType> = { individual: 'person', entity: 'organization', vessel: 'vessel', aircraft: 'aircraft' };
const CSL_TYPE_OF: Record<EntityType, string | null> = { person: 'Individual', organization: 'Entity', vessel: 'Vessel', aircraft: 'Aircraft', unknown: null };

export interface CslQuery {
  name?: string;
  fuzzy_name?: boolean;
  sources?: string;
  countries?: string;
  types?: string;
  size: number;
  offset: number;
}

const splitList = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

function cslResult(e: ListEntry, score?: number, m?: ScreeningMatch) {
  return {
    id: e.entryId,
    source: CSL_SOURCE_NAMES[e.list] ?? e.list,
    entity_number: /^\d+$/.test(e.entryId) ? Number(e.entryId) : null,
    type: CSL_TYPE_OF[e.type] ?? null,
    programs: e.programs,
    name: e.name,
    title: null,
    addresses: e.addresses.map((a) => ({ address: a.text || null, city: null, state: null, postal_code: null, country: a.country ?? null })),
    federal_register_notice: null,
    start_date: null,
    end_date: null,
    standard_order: null,
    license_requirement: null,
    license_policy: null,
    call_sign: null,
    vessel_type: null,
    gross_tonnage: null,
    gross_registered_tonnage: null,
    vessel_flag: null,
    vessel_owner: null,
    remarks: e.remarks ?? null,
    source_list_url: null,
    alt_names: e.aliases.map((a) => a.name),
    citizenships: e.nationalities,
    dates_of_birth: e.datesOfBirth.length ? e.datesOfBirth.join('; ') : null,
    nationalities: e.nationalities,
    places_of_birth: e.placesOfBirth.length ? e.placesOfBirth.join('; ') : null,
    source_information_url: null,
    ids: e.ids.map((i) => ({ type: i.type, number: i.number, country: i.country ?? null, issue_date: null, expiration_date: null })),
    ...(score !== undefined ? { score: Math.round(score * 10000) / 100 } : {}),
    ...(m ? { matched_name: m.matchedName, effect: e.effect, explanation: m.explanation } : {}),
  };
}

/** The matches of a name search as trade.gov answers them: fuzzy (scored), or every word of the query present. */
function cslNameHits(name: string, fuzzy: boolean, matches: ScreeningMatch[]) {
  if (fuzzy) return matches.map((m) => ({ entry: m.entry, score: m.score, match: m }));
  const words = (n: string, e: ListEntry) => new Set(normalizeName(n, schemaOfType(e.type)).tokens.map((t) => t.text));
  return matches
    .filter((m) => {
      const want = [...words(name, m.entry)];
      return [m.entry.name, ...m.entry.aliases.map((a) => a.name)].some((n) => {
        const have = words(n, m.entry);
        return want.every((w) => have.has(w));
      });
    })
    .map((m) => ({ entry: m.entry, match: m }));
}

/**
 * GET /api/v1/screening/search with the trade.gov CSL API parameters and result shape.
 * With fuzzy_name=true every name and alias is scored (score 0–100, as trade.gov); without it a
 * result must contain every word of the query (after normalisation), as trade.gov's name search.
 * Without a name, the filtered listing is paged where the index is (never copied here whole).
 */
export async function cslSearch(ctx: ServiceContext, q: CslQuery) {
  requireScreen(ctx);
  const state = await getIndex(ctx);
  // trade.gov's shape has no place for "not screened": the body stays empty and in shape, and the
  // route says it in the X-Screening-Status and X-Screening-Notice headers (docs/domain.md).
  if (!screensAgainstLists(state)) {
    return { screened: false as const, result: { total: 0, offset: q.offset, sources_used: [], search_performed_at: ctx.clock.nowIso(), results: [] } };
  }
  const filter: EntryFilter = {
    sources: splitList(q.sources).map((s) => s.toUpperCase()) as ListCode[],
    countries: splitList(q.countries).map((c) => c.toUpperCase()),
    types: splitList(q.types).flatMap((t) => CSL_TYPES[t.toLowerCase()] ?? []),
  };
  let found: { total: number; lists: ListCode[]; page: { entry: ListEntry; score?: number; match?: ScreeningMatch }[] };
  const name = q.name?.trim();
  if (name) {
    const candidates = await screenOne(state, { name }, q.fuzzy_name ? DEFAULT_THRESHOLD : 0.5, 500, filter.sources.length ? filter.sources : undefined);
    const hits = cslNameHits(name, q.fuzzy_name === true, candidates.filter((m) => passesFilter(filter, m.entry)));
    found = { total: hits.length, lists: [...new Set(hits.map((h) => h.entry.list))], page: hits.slice(q.offset, q.offset + q.size) };
  } else {
    const listed = await state.index.entries(filter, q.offset, q.size);
    found = { ...listed, page: listed.page.map((entry) => ({ entry })) };
  }
  const lastImported = state.versions.map((v) => v.activatedAt).filter(Boolean).sort().at(-1) ?? null;
  return {
    screened: true as const,
    result: {
      total: found.total,
      offset: q.offset,
      sources_used: [...(filter.sources.length ? filter.sources : found.lists)].sort().map((s) => ({ source: CSL_SOURCE_NAMES[s] ?? s, source_last_updated: lastImported, last_imported: lastImported })),
      search_performed_at: ctx.clock.nowIso(),
      results: found.page.map((h) => cslResult(h.entry, h.score, h.match)),
    },
  };
}

// ---- batch ---------------------------------------------------------------------------------------

export interface RowOutcome {
  id: string;
  name: string;
  /** False when no list was active: the row was not screened (and `error` says so). */
  screened: boolean;
  error?: string;
  matches: RowMatch[];
}

/**
 * Validates and screens rows (the `from`-th of the batch and on); a bad row is reported, the batch
 * goes on. The screening itself happens where the index is (its thread).
 */
async function screenRows(state: IndexState, rows: Record<string, unknown>[], from: number, threshold: number): Promise<RowOutcome[]> {
  const rowId = (row: Record<string, unknown>, i: number) => String(row.id ?? '').trim() || String(from + i + 1);
  if (!screensAgainstLists(state)) return rows.map((row, i) => ({ id: rowId(row, i), name: String(row.name ?? '').trim(), screened: false, error: NOT_SCREENED_NOTICE, matches: [] }));
  const screened: RowScreen[] = await state.index.screenRows(rows, threshold);
  // A row the index could not read (no name, …) carries its error and was not screened either.
  return rows.map((row, i) => ({ id: rowId(row, i), name: String(row.name ?? '').trim(), screened: !screened[i]!.error, ...screened[i]! }));
}

/** Rows of a CSV upload; the header must name a `name` column (checked before any work). */
export function parseBatchCsv(text: string): Record<string, string>[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (err) {
    throw invalid('CSV_MALFORMED', `The CSV cannot be read: ${(err as Error).message}`);
  }
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  if (!header.includes('name')) throw invalid('CSV_NO_NAME_COLUMN', `The CSV has no "name" column (columns: ${header.join(', ') || 'none'})`);
  if (rows.length - 1 > MAX_BATCH_ROWS) throw invalid('BATCH_TOO_LARGE', `At most ${MAX_BATCH_ROWS} rows per batch`);
  return rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export interface BatchInput {
  rows: Record<string, unknown>[];
  threshold?: number;
  idempotencyKey?: string;
  forceJob?: boolean;
}

export async function submitBatch(ctx: ServiceContext, input: BatchInput) {
  requireScreen(ctx);
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  if (input.rows.length > MAX_BATCH_ROWS) throw invalid('BATCH_TOO_LARGE', `At most ${MAX_BATCH_ROWS} rows per batch`);
  if (!input.idempotencyKey && !input.forceJob && input.rows.length <= INLINE_BATCH_LIMIT) {
    const state = await getIndex(ctx);
    const screened = screensAgainstLists(state);
    return { inline: true as const, threshold, screened, notice: screened ? null : NOT_SCREENED_NOTICE, results: await screenRows(state, input.rows, 0, threshold) };
  }
  const payload = { rows: input.rows, threshold };
  const bodyHash = createHash('sha256').update(JSON.stringify(payload)).digest('hex');
  // Keys are per user: the same key from another user is another job.
  const key = input.idempotencyKey ? `${ctx.actor.userId}:${input.idempotencyKey}` : undefined;
  const job = await inTransaction(ctx, async (tx) => {
    const row = await enqueueJob(tx.trx, tx.clock, 'screen_batch', { ...payload, bodyHash }, {
      createdBy: ctx.actor.userId,
      ...(key ? { idempotencyKey: key } : {}),
      maxAttempts: 3,
      progress: { done: 0, total: input.rows.length } satisfies BatchProgress,
    });
    if (JSON.parse(row.payload_json).bodyHash !== bodyHash) {
      throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different batch');
    }
    return row;
  });
  return { inline: false as const, job: batchJobView(job) };
}

/** What a batch job reports as its progress: rows done of the total and, once done, the summary. */
interface BatchProgress {
  done: number;
  total: number;
  summary?: unknown;
}

/**
 * A batch job as its owner polls it. The counts and the summary come from the job's progress
 * (recorded at submission, and with the summary at the end), so a poll reads neither the rows
 * (payload) nor the result, megabytes for a large batch.
 */
function batchJobView(job: JobStatusRow) {
  const { progress: _, ...v } = jobView(job);
  const reported = job.progress_json ? (JSON.parse(job.progress_json) as BatchProgress) : null;
  const rows = reported?.total ?? 0;
  const done = job.status === 'done';
  return {
    ...v,
    rows,
    progress: { done: done ? rows : (reported?.done ?? 0), total: rows },
    summary: done ? (reported?.summary ?? null) : null,
    links: done ? { jsonl: `/api/v1/screening/jobs/${job.id}?format=jsonl`, csv: `/api/v1/screening/jobs/${job.id}?format=csv` } : null,
  };
}

/** The caller's batch job (or any, for whom sees all jobs); `read` reads as much of the row as the caller needs. */
async function visibleBatchJob<R extends JobStatusRow>(ctx: ServiceContext, id: string, read: (db: ServiceContext['db']['db'], id: string) => Promise<R | undefined>): Promise<R> {
  requireScreen(ctx);
  const job = await read(ctx.db.db, id);
  if (!job || job.kind !== 'screen_batch' || (job.created_by !== ctx.actor.userId && !seesAllJobs(ctx.actor))) throw notFound('Job');
  return job;
}

export async function getBatchJob(ctx: ServiceContext, id: string) {
  return batchJobView(await visibleBatchJob(ctx, id, findJobStatus));
}

const CSV_COLUMNS = ['id', 'name', 'error', 'list', 'entryId', 'listName', 'matchedName', 'score', 'effect', 'explanation'];

/** CSV cells that a spreadsheet would run as a formula are prefixed with a quote. */
const safeCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

export async function batchJobResult(ctx: ServiceContext, id: string, format: 'jsonl' | 'csv') {
  const job = await visibleBatchJob(ctx, id, findJob);
  if (job.status !== 'done' || !job.result_json) throw new AppError(409, 'JOB_NOT_DONE', `The job is ${job.status}; the result is available once it is done`);
  const { results } = JSON.parse(job.result_json) as { results: RowOutcome[] };
  // Rows of jobs from before `screened` existed were screened unless they carry an error.
  if (format === 'jsonl') return results.map((r) => JSON.stringify({ id: r.id, name: r.name, screened: r.screened ?? !r.error, ...(r.error ? { error: r.error } : {}), matches: r.matches })).join('\n') + '\n';
  const lines: unknown[][] = [CSV_COLUMNS];
  for (const r of results) {
    if (r.matches.length === 0) lines.push([r.id, r.name, r.error ?? '', '', '', '', '', '', '', '']);
    for (const m of r.matches) lines.push([r.id, r.name, '', m.list, m.entryId, m.name, m.matchedName, m.score, m.effect, m.explanation.summary]);
  }
  return stringify(lines.map((l) => l.map(safeCell)));
}

/** Rows screened per question to the index thread: its other questions wait at most this long. */
const BATCH_CHUNK_ROWS = 200;
/** Rows screened between two checkpoints of a batch job. */
export const BATCH_CHECKPOINT_ROWS = 1000;

/** The rows a batch job screened before (checkpoints of earlier attempts), in order. */
async function resumedRows(deps: Deps, jobId: string): Promise<RowOutcome[]> {
  const done: RowOutcome[] = [];
  for (const c of await findJobCheckpoints(deps.db.db, jobId)) {
    if (c.seq !== done.length) throw new Error(`job ${jobId}: checkpoint at row ${c.seq} does not follow row ${done.length}`);
    done.push(...(JSON.parse(c.data_json) as RowOutcome[]));
  }
  return done;
}

/**
 * The screen_batch job: the rows are screened in the index thread, a chunk at a time, and every
 * BATCH_CHECKPOINT_ROWS the rows screened so far are saved with the progress, in one transaction
 * and only while this worker holds the job. A job taken over after a crash resumes after its last
 * checkpoint; the result has every row once, in input order. The checkpoints go when it is done.
 */
export async function runBatchJob(deps: Deps, payload: { rows: Record<string, unknown>[]; threshold: number }, job: Pick<JobContext, 'id' | 'progress' | 'checkpoint'>) {
  const total = payload.rows.length;
  return withIndex(deps, { fresh: true }, async (state) => {
    const results = await resumedRows(deps, job.id);
    await job.progress({ done: results.length, total } satisfies BatchProgress);
    let unsaved: RowOutcome[] = [];
    for (let at = results.length; at < total; ) {
      const chunk = payload.rows.slice(at, Math.min(at + BATCH_CHUNK_ROWS, total));
      const screened = await screenRows(state, chunk, at, payload.threshold);
      const seq = at - unsaved.length;
      unsaved.push(...screened);
      results.push(...screened);
      at += chunk.length;
      if (unsaved.length >= BATCH_CHECKPOINT_ROWS && at < total) {
        const data = JSON.stringify(unsaved);
        await job.checkpoint({ done: at, total } satisfies BatchProgress, (tx) => insertJobCheckpoint(tx.trx, { job_id: job.id, seq, data_json: data, created_at: deps.clock.nowIso() }));
        unsaved = [];
      }
    }
    const matched = results.filter((r) => r.matches.length > 0).length;
    const errors = results.filter((r) => r.error).length;
    const screened = screensAgainstLists(state);
    const summary = { rows: results.length, matched, errors, threshold: payload.threshold, lists: listsView(state), screened, notice: screened ? null : NOT_SCREENED_NOTICE };
    await job.checkpoint({ done: total, total, summary } satisfies BatchProgress, (tx) => deleteJobCheckpoints(tx.trx, job.id));
    return { summary, results };
  });
}

// ---- alerts ----------------------------------------------------------------------------------
// Separation of duties (screening.policy.ts): a hit's effect is raised by whoever sees the alert and
// may act on it, lowered only by the program office's screening staff, and a confirmed prohibited
// match only by two of them. The consortium contests an alert about its own party instead.

type AlertListRow = Awaited<ReturnType<typeof findAlerts>>[number];
type ContestListRow = Awaited<ReturnType<typeof findContestsOfAlerts>>[number];

function factsOf(r: Pick<AlertRow, 'status' | 'effect' | 'clearance_status' | 'clearance_proposed_by'>, contests: readonly Pick<ContestRow, 'resolved_at'>[]): AlertFacts {
  return {
    status: r.status,
    effect: r.effect,
    contestOpen: contests.some((c) => c.resolved_at === null),
    clearancePendingBy: r.clearance_status === 'pending' ? r.clearance_proposed_by : null,
  };
}

function alertView(ctx: ServiceContext, r: AlertListRow, contests: readonly ContestListRow[]) {
  const facts = factsOf(r, contests);
  return {
    id: r.id,
    party: { key: r.party_key, name: r.party_name, source: r.party_source, orgId: r.party_org_id, proposalId: r.party_proposal_id, country: r.party_country, type: r.party_type },
    list: r.list,
    listTitle: LIST_EFFECTS[r.list as ListCode]?.title ?? r.list,
    entryId: r.entry_id,
    entryName: r.entry_name,
    matchedName: r.matched_name,
    effect: r.effect,
    score: r.score,
    explanation: JSON.parse(r.explanation_json),
    status: r.status,
    disposition: r.status === 'open' ? null : { reason: r.disposition_reason, by: r.disposed_by, at: r.disposed_at },
    createdAt: r.created_at,
    contested: facts.contestOpen,
    contests: contests.map((c) => ({
      id: c.id,
      reason: c.reason,
      evidence: c.evidence,
      by: c.contested_by,
      byName: c.contested_by_name,
      at: c.contested_at,
      open: c.resolved_at === null,
      resolution: c.resolution,
      resolvedAt: c.resolved_at,
    })),
    // The program office's internal four-eyes step is not the consortium's to follow.
    clearance:
      r.clearance_status && seesAllAlerts(ctx.actor)
        ? {
            status: r.clearance_status,
            reason: r.clearance_reason,
            proposedBy: r.clearance_proposed_by,
            proposedByName: r.clearance_proposed_by_name,
            proposedAt: r.clearance_proposed_at,
            decidedBy: r.clearance_decided_by,
            decidedAt: r.clearance_decided_at,
            note: r.clearance_note,
          }
        : null,
    allowedActions: alertActions(ctx.actor, facts),
  };
}

function alertScope(ctx: ServiceContext): Pick<AlertFilter, 'visibleToOrg' | 'submittedProposalsOnly'> {
  // Outside the consortium, a draft's parties stay unknown until the proposal is first submitted.
  if (seesAllAlerts(ctx.actor)) return { submittedProposalsOnly: true };
  if (seesOwnCompanyAlerts(ctx.actor)) return { visibleToOrg: ctx.actor.orgId };
  throw new AppError(403, 'FORBIDDEN', 'Screening alerts are for compliance officers, the program office\u2019s staff, auditors and admins');
}

async function viewsOf(ctx: ServiceContext, rows: AlertListRow[]) {
  const contests = await findContestsOfAlerts(ctx.db.db, rows.map((r) => r.id));
  const byAlert = new Map<string, ContestListRow[]>();
  for (const c of contests) byAlert.set(c.alert_id, [...(byAlert.get(c.alert_id) ?? []), c]);
  return rows.map((r) => alertView(ctx, r, byAlert.get(r.id) ?? []));
}

export async function listAlerts(ctx: ServiceContext, q: { status?: string; contested?: boolean | undefined; limit: number }) {
  const rows = await findAlerts(ctx.db.db, { ...alertScope(ctx), ...(q.status ? { status: q.status } : {}), ...(q.contested !== undefined ? { contested: q.contested } : {}), limit: q.limit });
  return viewsOf(ctx, rows);
}

export async function getAlert(ctx: ServiceContext, id: string) {
  const [row] = await findAlerts(ctx.db.db, { ...alertScope(ctx), id, limit: 1 });
  if (!row) throw notFound('Alert');
  const [view] = await viewsOf(ctx, [row]);
  return view!;
}

const ROLE_REFUSALS: Record<AlertAction, string> = {
  confirm: 'Confirming a hit is for compliance officers, the program office\u2019s staff and admins',
  clear: 'Only the program office\u2019s screening analysts and program officers clear a hit; the consortium may contest it',
  propose_clearance: 'Only the program office\u2019s screening analysts and program officers propose clearing a hit',
  approve_clearance: 'Only the program office\u2019s screening analysts and program officers approve a clearance',
  reject_clearance: 'Only the program office\u2019s screening analysts and program officers reject a clearance',
  contest: 'Only the compliance officers of the company concerned contest an alert',
};

/** The 409 for an action the alert's state does not allow (stateAllows said no). */
function stateRefusal(action: AlertAction, f: AlertFacts): AppError {
  const pending = f.clearancePendingBy !== null;
  switch (action) {
    case 'confirm':
      return pending
        ? conflict('CLEARANCE_PENDING', 'A clearance of this hit awaits its second approval: approve or reject it first')
        : conflict('ALREADY_CONFIRMED', 'The hit is already confirmed');
    case 'clear':
      if (pending) return conflict('CLEARANCE_PENDING', 'A clearance of this hit awaits its second approval: approve or reject it');
      if (f.status === 'false_positive') return conflict('ALREADY_CLEARED', 'The hit is already a false positive');
      return conflict('FOUR_EYES_REQUIRED', 'A confirmed prohibited match is cleared by two people: propose the clearance (POST …/clearance) for another analyst to approve');
    case 'propose_clearance':
      if (pending) return conflict('CLEARANCE_ALREADY_PROPOSED', 'A clearance of this hit already awaits its second approval');
      return conflict('CLEARANCE_NOT_NEEDED', 'Only a confirmed prohibited match needs a second approval; dispose of this alert as a false positive directly', { status: f.status, effect: f.effect });
    case 'approve_clearance':
    case 'reject_clearance':
      return conflict('NO_CLEARANCE_PENDING', 'No clearance of this hit awaits a decision');
    case 'contest':
      return f.contestOpen
        ? conflict('ALREADY_CONTESTED', 'This alert is already contested and awaits the analysts\u2019 decision')
        : conflict('NOTHING_TO_CONTEST', 'The hit is already a false positive');
  }
}

/**
 * One step on an alert: 404 when the actor does not see it, 403 when its roles never allow the
 * action, then — inside the transaction, on the row locked for update — 403 for the proposer
 * approving its own clearance (or a company user deciding its own contest) and 409 for a state
 * that does not allow it, before the write.
 */
async function stepOnAlert(ctx: ServiceContext, id: string, action: AlertAction, write: (tx: Tx, row: AlertRow, facts: AlertFacts) => Promise<void>, checkInput?: () => void) {
  await getAlert(ctx, id); // 404 when not visible
  if (!roleAllows(ctx.actor, action)) throw forbidden(ROLE_REFUSALS[action]);
  checkInput?.();
  await inTransaction(ctx, async (tx) => {
    const row = await findAlertForUpdate(tx.trx, tx.dialect, id);
    if (!row) throw notFound('Alert');
    const facts = factsOf(row, await findContestsOfAlerts(tx.trx, [id]));
    const refusal = personRefusal(ctx.actor, action, facts);
    if (refusal === 'SECOND_PERSON_REQUIRED') throw new AppError(403, refusal, 'A clearance is approved by another member of the screening staff than the one who proposed it');
    if (refusal) throw new AppError(403, refusal, 'The hit is contested: the program office\u2019s screening staff decide the contest');
    if (!stateAllows(action, facts)) throw stateRefusal(action, facts);
    await write(tx, row, facts);
  });
  return getAlert(ctx, id);
}

const reasonRequired = (message: string) => invalid('REASON_REQUIRED', message, [{ path: 'reason', message: 'is required' }]);

const auditOf = (row: AlertRow) => ({ party: row.party_key, list: row.list, entryId: row.entry_id, effect: row.effect });

/**
 * POST …/disposition: `confirmed` raises the hit's effect (whoever sees the alert and may act;
 * with a reason when it answers an open contest), `false_positive` lowers it (the program office's
 * screening staff only; a confirmed prohibited match needs the two-person clearance instead).
 */
export async function disposeAlert(ctx: ServiceContext, id: string, input: { status: 'false_positive' | 'confirmed'; reason?: string | undefined }) {
  const reason = input.reason?.trim() || null;
  const action: AlertAction = input.status === 'confirmed' ? 'confirm' : 'clear';
  const checkInput = () => {
    if (action === 'clear' && !reason) throw invalid('REASON_REQUIRED', 'A false positive needs a reason', [{ path: 'reason', message: 'is required for a false positive' }]);
  };
  return stepOnAlert(ctx, id, action, async (tx, row, facts) => {
    if (action === 'confirm' && facts.contestOpen && !reason) throw reasonRequired('Confirming a contested hit answers the contest: give the reason');
    const at = ctx.clock.nowIso();
    await setAlertDisposition(tx.trx, id, {
      status: input.status,
      disposition_reason: reason,
      disposed_by: ctx.actor.userId,
      disposed_at: at,
      // A clearance once approved is no longer in effect when the hit is confirmed again.
      ...(action === 'confirm' && row.clearance_status === 'approved' ? CLEARANCE_NONE : {}),
    });
    const answered = await resolveOpenContests(tx.trx, id, ctx.actor.userId, at, input.status);
    await tx.audit({ actorId: ctx.actor.userId, action: 'screening.alert.dispose', entityType: 'screening_alert', entityId: id, data: { status: input.status, reason, previous: row.status, contestsAnswered: answered, ...auditOf(row) } });
  }, checkInput);
}

/** The program office's screening staff, to be told of a contest or a clearance awaiting approval. */
async function screeningStaff(tx: Tx): Promise<string[]> {
  return [...new Set([...(await usersWithRole(tx, 'screening_analyst')), ...(await usersWithRole(tx, 'program_officer'))])];
}

const alertLink = (id: string) => `/screening?tab=alerts&alert=${id}`;

/** POST …/clearance: the first of two people proposes clearing a confirmed prohibited match; the hit keeps its effect. */
export async function proposeClearance(ctx: ServiceContext, id: string, input: { reason: string }) {
  return stepOnAlert(ctx, id, 'propose_clearance', async (tx, row) => {
    const at = ctx.clock.nowIso();
    await setAlertDisposition(tx.trx, id, { ...CLEARANCE_NONE, clearance_status: 'pending', clearance_reason: input.reason, clearance_proposed_by: ctx.actor.userId, clearance_proposed_at: at });
    await tx.audit({ actorId: ctx.actor.userId, action: 'screening.alert.clearance.propose', entityType: 'screening_alert', entityId: id, data: { reason: input.reason, ...auditOf(row) } });
    const others = (await screeningStaff(tx)).filter((u) => u !== ctx.actor.userId);
    await notify(tx, others, 'screening_clearance', `Clearance proposed by ${ctx.actor.name}, awaiting a second approval: ${row.party_name} ~ ${row.entry_name} (${row.list})`, alertLink(id));
  });
}

/** POST …/clearance/approve: another of the staff approves; only now is the hit a false positive. */
export async function approveClearance(ctx: ServiceContext, id: string, input: { note?: string | undefined }) {
  return stepOnAlert(ctx, id, 'approve_clearance', async (tx, row) => {
    const at = ctx.clock.nowIso();
    const note = input.note?.trim() || null;
    await setAlertDisposition(tx.trx, id, {
      status: 'false_positive',
      disposition_reason: row.clearance_reason,
      disposed_by: ctx.actor.userId,
      disposed_at: at,
      clearance_status: 'approved',
      clearance_decided_by: ctx.actor.userId,
      clearance_decided_at: at,
      clearance_note: note,
    });
    const answered = await resolveOpenContests(tx.trx, id, ctx.actor.userId, at, 'false_positive');
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'screening.alert.clearance.approve',
      entityType: 'screening_alert',
      entityId: id,
      data: { proposedBy: row.clearance_proposed_by, reason: row.clearance_reason, note, previous: row.status, status: 'false_positive', contestsAnswered: answered, ...auditOf(row) },
    });
  });
}

/** POST …/clearance/reject: the proposed clearance is refused (by another, or withdrawn by its proposer); the hit stays confirmed. */
export async function rejectClearance(ctx: ServiceContext, id: string, input: { reason: string }) {
  return stepOnAlert(ctx, id, 'reject_clearance', async (tx, row) => {
    const at = ctx.clock.nowIso();
    await setAlertDisposition(tx.trx, id, { clearance_status: 'rejected', clearance_decided_by: ctx.actor.userId, clearance_decided_at: at, clearance_note: input.reason });
    const answered = await resolveOpenContests(tx.trx, id, ctx.actor.userId, at, row.status);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'screening.alert.clearance.reject',
      entityType: 'screening_alert',
      entityId: id,
      data: { proposedBy: row.clearance_proposed_by, proposedReason: row.clearance_reason, reason: input.reason, withdrawn: row.clearance_proposed_by === ctx.actor.userId, contestsAnswered: answered, ...auditOf(row) },
    });
  });
}

const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * POST …/contest: the consortium's compliance officer contests an alert about its own party. The
 * hit keeps its effect; the alert enters the analysts' queue (`contested`), the program office is
 * told (unless the party's proposal was never submitted: then the contest waits, unseen, for the
 * submission), and the contest is audited. After a decision, a new contest needs a new reason.
 */
export async function contestAlert(ctx: ServiceContext, id: string, input: { reason: string; evidence?: string | undefined }) {
  const evidence = input.evidence?.trim() || null;
  return stepOnAlert(ctx, id, 'contest', async (tx, row) => {
    const earlier = await findContestsOfAlerts(tx.trx, [id]);
    if (earlier.some((c) => sameText(c.reason, input.reason))) {
      throw conflict('CONTEST_REASON_NOT_NEW', 'This alert was contested for this reason before and decided: a new contest needs a new reason');
    }
    const contestId = newId();
    const at = ctx.clock.nowIso();
    await insertContest(tx.trx, { id: contestId, alert_id: id, reason: input.reason, evidence, contested_by: ctx.actor.userId, contested_at: at, resolved_by: null, resolved_at: null, resolution: null });
    await tx.audit({ actorId: ctx.actor.userId, action: 'screening.alert.contest', entityType: 'screening_alert', entityId: id, data: { contestId, reason: input.reason, evidence, status: row.status, ...auditOf(row) } });
    if (await partyProposalEverSubmitted(tx.trx, row.party_key)) {
      await notify(tx, await screeningStaff(tx), 'screening_contest', `Screening alert contested: ${row.party_name} ~ ${row.entry_name} (${row.list}, ${row.effect})`, alertLink(id));
    }
  });
}
