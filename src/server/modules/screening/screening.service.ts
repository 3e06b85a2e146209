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
  screenPartyRow,
  type EntityType,
  type ListCode,
  type ListEntry,
  type RowMatch,
  type ScreeningMatch,
} from '../../../engines/screening/index.ts';
import { AppError, invalid, notFound } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { hasRole } from '../../lib/context.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { enqueueJob, findJob, jobView } from '../../jobs/queue.ts';
import { canDispose, canScreen, seesAllAlerts, seesOwnCompanyAlerts } from './screening.policy.ts';
import { getIndex, type IndexState } from './screening.index.ts';
import { findAlerts, setAlertDisposition, type AlertRow } from './screening.repository.ts';

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
  if (!canScreen(ctx.actor)) throw new AppError(403, 'FORBIDDEN', 'Screening is for compliance and program officers, auditors and admins');
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

function screenOne(state: IndexState, q: PartyQuery, threshold: number, limit: number, sources?: readonly ListCode[]) {
  return state.index.search(
    { name: q.name, ...(q.type ? { type: q.type } : {}), ...(q.country ? { country: q.country } : {}), ...(q.dob ? { dob: q.dob } : {}) },
    { threshold, limit, ...(sources?.length ? { sources } : {}) },
  );
}

function listsView(state: IndexState) {
  return state.versions.map((v) => ({ list: v.listCode, versionId: v.id, activatedAt: v.activatedAt, entries: v.entryCount }));
}

export async function searchParty(ctx: ServiceContext, q: PartyQuery & { threshold?: number; limit?: number }) {
  requireScreen(ctx);
  const state = await getIndex(ctx);
  const threshold = q.threshold ?? DEFAULT_THRESHOLD;
  const matches = screenOne(state, q, threshold, q.limit ?? 20);
  return { query: q, threshold, lists: listsView(state), matches: matches.map(matchView) };
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

function entryCountries(e: ListEntry): string[] {
  return [...e.addresses.map((a) => a.country).filter((c): c is string => !!c), ...e.nationalities];
}

/**
 * GET /api/v1/screening/search with the trade.gov CSL API parameters and result shape.
 * With fuzzy_name=true every name and alias is scored (score 0–100, as trade.gov); without it a
 * result must contain every word of the query (after normalisation), as trade.gov's name search.
 */
export async function cslSearch(ctx: ServiceContext, q: CslQuery) {
  requireScreen(ctx);
  const state = await getIndex(ctx);
  const sources = splitList(q.sources).map((s) => s.toUpperCase()) as ListCode[];
  const countries = new Set(splitList(q.countries).map((c) => c.toUpperCase()));
  const types = new Set(splitList(q.types).map((t) => CSL_TYPES[t.toLowerCase()]).filter(Boolean));
  const passes = (e: ListEntry) =>
    (sources.length === 0 || sources.includes(e.list)) &&
    (countries.size === 0 || entryCountries(e).some((c) => countries.has(c))) &&
    (types.size === 0 || types.has(e.type));
  let hits: { entry: ListEntry; score?: number; match?: ScreeningMatch }[];
  const name = q.name?.trim();
  if (name) {
    const candidates = screenOne(state, { name }, q.fuzzy_name ? DEFAULT_THRESHOLD : 0.5, 500, sources.length ? sources : undefined);
    const filtered = candidates.filter((m) => passes(m.entry));
    if (q.fuzzy_name) {
      hits = filtered.map((m) => ({ entry: m.entry, score: m.score, match: m }));
    } else {
      const words = (n: string, e: ListEntry) => new Set(normalizeName(n, schemaOfType(e.type)).tokens.map((t) => t.text));
      hits = filtered
        .filter((m) => {
          const want = [...words(name, m.entry)];
          return [m.entry.name, ...m.entry.aliases.map((a) => a.name)].some((n) => {
            const have = words(n, m.entry);
            return want.every((w) => have.has(w));
          });
        })
        .map((m) => ({ entry: m.entry, match: m }));
    }
  } else {
    hits = state.index.entries.filter(passes).map((entry) => ({ entry }));
  }
  const used = new Set(hits.map((h) => h.entry.list));
  const lastImported = state.versions.map((v) => v.activatedAt).filter(Boolean).sort().at(-1) ?? null;
  return {
    total: hits.length,
    offset: q.offset,
    sources_used: [...(sources.length ? sources : [...used])].sort().map((s) => ({ source: CSL_SOURCE_NAMES[s] ?? s, source_last_updated: lastImported, last_imported: lastImported })),
    search_performed_at: ctx.clock.nowIso(),
    results: hits.slice(q.offset, q.offset + q.size).map((h) => cslResult(h.entry, h.score, h.match)),
  };
}

// ---- batch ---------------------------------------------------------------------------------------

export interface RowOutcome {
  id: string;
  name: string;
  error?: string;
  matches: RowMatch[];
}

/** Validates and screens one row; a bad row is reported, the batch goes on. */
function screenRow(state: IndexState, row: Record<string, unknown>, index: number, threshold: number): RowOutcome {
  const id = String(row.id ?? '').trim() || String(index + 1);
  return { id, name: String(row.name ?? '').trim(), ...screenPartyRow(state.index, row, threshold) };
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
    return { inline: true as const, threshold, results: input.rows.map((r, i) => screenRow(state, r, i, threshold)) };
  }
  const payload = { rows: input.rows, threshold };
  const bodyHash = createHash('sha256').update(JSON.stringify(payload)).digest('hex');
  // Keys are per user: the same key from another user is another job.
  const key = input.idempotencyKey ? `${ctx.actor.userId}:${input.idempotencyKey}` : undefined;
  const job = await inTransaction(ctx, async (tx) => {
    const row = await enqueueJob(tx.trx, tx.clock, 'screen_batch', { ...payload, bodyHash }, { createdBy: ctx.actor.userId, ...(key ? { idempotencyKey: key } : {}), maxAttempts: 3 });
    if (JSON.parse(row.payload_json).bodyHash !== bodyHash) {
      throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different batch');
    }
    return row;
  });
  return { inline: false as const, job: batchJobView(job) };
}

function batchJobView(job: NonNullable<Awaited<ReturnType<typeof findJob>>>) {
  const rows = (JSON.parse(job.payload_json) as { rows?: unknown[] }).rows?.length ?? 0;
  const v = jobView(job);
  const done = job.status === 'done';
  return {
    ...v,
    rows,
    progress: v.progress ?? { done: done ? rows : 0, total: rows },
    summary: done && job.result_json ? (JSON.parse(job.result_json) as { summary: unknown }).summary : null,
    links: done ? { jsonl: `/api/v1/screening/jobs/${job.id}?format=jsonl`, csv: `/api/v1/screening/jobs/${job.id}?format=csv` } : null,
  };
}

async function visibleBatchJob(ctx: ServiceContext, id: string) {
  requireScreen(ctx);
  const job = await findJob(ctx.db.db, id);
  if (!job || job.kind !== 'screen_batch' || (job.created_by !== ctx.actor.userId && !hasRole(ctx.actor, 'admin'))) throw notFound('Job');
  return job;
}

export async function getBatchJob(ctx: ServiceContext, id: string) {
  return batchJobView(await visibleBatchJob(ctx, id));
}

const CSV_COLUMNS = ['id', 'name', 'error', 'list', 'entryId', 'listName', 'matchedName', 'score', 'effect', 'explanation'];

/** CSV cells that a spreadsheet would run as a formula are prefixed with a quote. */
const safeCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

export async function batchJobResult(ctx: ServiceContext, id: string, format: 'jsonl' | 'csv') {
  const job = await visibleBatchJob(ctx, id);
  if (job.status !== 'done' || !job.result_json) throw new AppError(409, 'JOB_NOT_DONE', `The job is ${job.status}; the result is available once it is done`);
  const { results } = JSON.parse(job.result_json) as { results: RowOutcome[] };
  if (format === 'jsonl') return results.map((r) => JSON.stringify({ id: r.id, name: r.name, ...(r.error ? { error: r.error } : {}), matches: r.matches })).join('\n') + '\n';
  const lines: unknown[][] = [CSV_COLUMNS];
  for (const r of results) {
    if (r.matches.length === 0) lines.push([r.id, r.name, r.error ?? '', '', '', '', '', '', '', '']);
    for (const m of r.matches) lines.push([r.id, r.name, '', m.list, m.entryId, m.name, m.matchedName, m.score, m.effect, m.explanation.summary]);
  }
  return stringify(lines.map((l) => l.map(safeCell)));
}

/** The screen_batch job. */
export async function runBatchJob(deps: Deps, payload: { rows: Record<string, unknown>[]; threshold: number }, progress: (p: unknown) => Promise<void>) {
  const state = await getIndex(deps);
  const results: RowOutcome[] = [];
  let matched = 0;
  let errors = 0;
  for (let i = 0; i < payload.rows.length; i++) {
    const r = screenRow(state, payload.rows[i]!, i, payload.threshold);
    if (r.matches.length) matched++;
    if (r.error) errors++;
    results.push(r);
    if ((i + 1) % 1000 === 0) await progress({ done: i + 1, total: payload.rows.length });
  }
  return { summary: { rows: results.length, matched, errors, threshold: payload.threshold, lists: listsView(state) }, results };
}

// ---- alerts --------------------------------------------------------------------------------------

function alertView(r: AlertRow & { party_source: string | null; party_org_id: string | null; party_proposal_id: string | null; party_country: string | null; party_type: string | null }) {
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
  };
}

function alertScope(ctx: ServiceContext): { visibleToOrg?: string } {
  if (seesAllAlerts(ctx.actor)) return {};
  if (seesOwnCompanyAlerts(ctx.actor)) return { visibleToOrg: ctx.actor.orgId };
  throw new AppError(403, 'FORBIDDEN', 'Screening alerts are for compliance and program officers, auditors and admins');
}

export async function listAlerts(ctx: ServiceContext, q: { status?: string; limit: number }) {
  const rows = await findAlerts(ctx.db.db, { ...alertScope(ctx), ...(q.status ? { status: q.status } : {}), limit: q.limit });
  return rows.map(alertView);
}

export async function getAlert(ctx: ServiceContext, id: string) {
  const [row] = await findAlerts(ctx.db.db, { ...alertScope(ctx), id, limit: 1 });
  if (!row) throw notFound('Alert');
  return alertView(row);
}

export async function disposeAlert(ctx: ServiceContext, id: string, input: { status: 'false_positive' | 'confirmed'; reason?: string }) {
  const alert = await getAlert(ctx, id); // 404 when not visible
  if (!canDispose(ctx.actor)) throw new AppError(403, 'FORBIDDEN', 'Only compliance officers, program officers and admins dispose of alerts');
  const reason = input.reason?.trim() || null;
  if (input.status === 'false_positive' && !reason) throw invalid('REASON_REQUIRED', 'A false positive needs a reason', [{ path: 'reason', message: 'is required for a false positive' }]);
  await inTransaction(ctx, async (tx) => {
    await setAlertDisposition(tx.trx, id, { status: input.status, disposition_reason: reason, disposed_by: ctx.actor.userId, disposed_at: ctx.clock.nowIso() });
    await tx.audit({ actorId: ctx.actor.userId, action: 'screening.alert.dispose', entityType: 'screening_alert', entityId: id, data: { status: input.status, reason, previous: alert.status, party: alert.party.key, list: alert.list, entryId: alert.entryId } });
  });
  return getAlert(ctx, id);
}
