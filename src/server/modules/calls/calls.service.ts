// Calls for proposals: the program office drafts a call (its requirements, its review window and its
// own rubric), publishes and closes it; proposals answer an open call. Also the narratives of a
// proposal as other modules read them, and the rubric versions the review scores against.
import type { z } from 'zod';
import { countWords, type CallRequirements, CallRubricCriterion, CallView, CreateCallBody, NarrativeView, PublicCallView, RubricVersionView, UpdateCallBody } from '../../../shared/contracts/calls.ts';
import type { Problem } from '../../../shared/domain/completeness.ts';
import { AppError, conflict, forbidden, notFound } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction, type Tx } from '../../lib/transaction.ts';
import { canManageCalls, canViewCall } from './calls.policy.ts';
import {
  findCall,
  findCallForUpdate,
  findCallOfProposal,
  findCalls,
  findLastSubmittedRevision,
  findLatestRubricVersion,
  findNarrativeRows,
  findAllRubricVersions,
  findRubricVersion,
  insertCall,
  insertRubricVersion,
  updateCallRow,
  type CallChanges,
  type CallRow,
  type NarrativeRow,
  type RubricVersionRow,
} from './calls.repository.ts';

type Criterion = z.infer<typeof CallRubricCriterion>;

// ── Views ─────────────────────────────────────────────────────────────────────────────────

function rubricView(r: RubricVersionRow): RubricVersionView {
  return { id: r.id, callId: r.call_id, version: r.version, criteria: JSON.parse(r.criteria_json) as Criterion[], createdAt: r.created_at };
}

function requirementsOf(call: CallRow): CallRequirements {
  const r = JSON.parse(call.requirements_json) as Omit<CallRequirements, 'callId'>;
  return { callId: call.id, sections: r.sections ?? [], attachmentTypes: r.attachmentTypes ?? [], bciJustificationRequired: r.bciJustificationRequired ?? true };
}

/** Whether the call takes new proposals and submissions at `nowIso`: open, opened, and not past its closing time. */
export function callAccepts(call: Pick<CallRow, 'status' | 'opens_at' | 'closes_at'>, nowIso: string): boolean {
  const now = Date.parse(nowIso);
  return call.status === 'open' && Date.parse(call.opens_at) <= now && (call.closes_at === null || now <= Date.parse(call.closes_at));
}

async function callView(deps: Pick<Deps, 'db' | 'clock'>, call: CallRow): Promise<CallView> {
  const rubric = await findRubricVersion(deps.db.db, call.rubric_version_id);
  if (!rubric) throw new Error(`call ${call.id} has no rubric version ${call.rubric_version_id}`);
  return {
    id: call.id,
    title: call.title,
    summary: call.summary,
    status: call.status as CallView['status'],
    acceptingProposals: callAccepts(call, deps.clock.nowIso()),
    rolling: call.closes_at === null,
    opensAt: call.opens_at,
    closesAt: call.closes_at,
    reviewCutoffs: JSON.parse(call.review_cutoffs_json) as string[],
    eligibleRegions: JSON.parse(call.eligible_regions_json) as string[],
    eligibleSectors: JSON.parse(call.eligible_sectors_json) as string[],
    requirements: requirementsOf(call),
    reviewDueDays: call.review_due_days,
    rubric: rubricView(rubric),
    createdAt: call.created_at,
    updatedAt: call.updated_at,
    version: call.version,
  };
}

/** A closing time as people read it: "2026-06-30 23:59 UTC". */
export function deadlineText(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// ── Reading ───────────────────────────────────────────────────────────────────────────────

/** The program office sees every call; everybody else the open and closed ones. */
export async function listCalls(ctx: ServiceContext, q: { status?: string }): Promise<{ items: CallView[] }> {
  const visible = canManageCalls(ctx.actor) ? ['draft', 'open', 'closed'] : ['open', 'closed'];
  const rows = await findCalls(ctx.db.db, q.status ? visible.filter((s) => s === q.status) : visible);
  return { items: await Promise.all(rows.map((r) => callView(ctx, r))) };
}

export async function getCall(ctx: ServiceContext, id: string): Promise<CallView> {
  const call = await findCall(ctx.db.db, id);
  if (!call || !canViewCall(ctx.actor, call)) throw notFound('Call');
  return callView(ctx, call);
}

/** The open calls as the public catalog shows them: title, summary, dates, eligible regions and sectors. */
export async function listPublicCalls(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ items: PublicCallView[] }> {
  const now = deps.clock.nowIso();
  const rows = (await findCalls(deps.db.db, ['open'])).filter((c) => callAccepts(c, now));
  return {
    items: rows.map((c) => ({
      id: c.id,
      title: c.title,
      summary: c.summary,
      opensAt: c.opens_at,
      closesAt: c.closes_at,
      rolling: c.closes_at === null,
      eligibleRegions: JSON.parse(c.eligible_regions_json) as string[],
      eligibleSectors: JSON.parse(c.eligible_sectors_json) as string[],
    })),
  };
}

// ── Writing ───────────────────────────────────────────────────────────────────────────────

function assertManager(ctx: ServiceContext): void {
  if (!canManageCalls(ctx.actor)) throw forbidden('Only the program office manages calls for proposals');
}

async function defaultCriteria(deps: Pick<Deps, 'db'>): Promise<Criterion[]> {
  const d = await findLatestRubricVersion(deps.db.db, null);
  return d ? (JSON.parse(d.criteria_json) as Criterion[]) : [];
}

export async function createCall(ctx: ServiceContext, input: CreateCallBody): Promise<CallView> {
  assertManager(ctx);
  const criteria = input.rubric ?? (await defaultCriteria(ctx));
  const id = newId();
  const rubricId = newId();
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    await insertRubricVersion(tx.trx, { id: rubricId, call_id: id, version: 1, criteria_json: JSON.stringify(criteria), created_by: ctx.actor.userId, created_at: now });
    await insertCall(tx.trx, {
      id,
      title: input.title,
      summary: input.summary,
      status: 'draft',
      opens_at: new Date(input.opensAt).toISOString(),
      closes_at: input.closesAt ? new Date(input.closesAt).toISOString() : null,
      review_cutoffs_json: JSON.stringify(input.reviewCutoffs),
      eligible_regions_json: JSON.stringify(input.eligibleRegions),
      eligible_sectors_json: JSON.stringify(input.eligibleSectors),
      requirements_json: JSON.stringify(input.requirements),
      review_due_days: input.reviewDueDays,
      rubric_version_id: rubricId,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await tx.audit({ actorId: ctx.actor.userId, action: 'call.created', entityType: 'call', entityId: id, data: { title: input.title, rubricVersion: 1 } });
  });
  return getCall(ctx, id);
}

async function loadForChange(ctx: ServiceContext, tx: Tx, id: string, expectedVersion: number): Promise<CallRow> {
  const call = await findCallForUpdate(tx.trx, tx.dialect, id);
  if (!call) throw notFound('Call');
  if (call.version !== expectedVersion) throw conflict('VERSION_CONFLICT', `The call was changed since you loaded it (now version ${call.version})`, { currentVersion: call.version });
  return call;
}

/**
 * Edits a draft or open call. A new rubric becomes a new version of the call's rubric: scores
 * already given keep the version they were given against; nothing is overwritten.
 */
export async function updateCall(ctx: ServiceContext, id: string, input: UpdateCallBody): Promise<CallView> {
  assertManager(ctx);
  const before = await findCall(ctx.db.db, id);
  if (!before) throw notFound('Call');
  const now = ctx.clock.nowIso();
  await inTransaction(ctx, async (tx) => {
    const call = await loadForChange(ctx, tx, id, input.version);
    if (call.status === 'closed') throw conflict('INVALID_STATE', 'A closed call can no longer be changed', { state: call.status });
    const opensAt = input.opensAt !== undefined ? new Date(input.opensAt).toISOString() : call.opens_at;
    const closesAt = input.closesAt !== undefined ? (input.closesAt === null ? null : new Date(input.closesAt).toISOString()) : call.closes_at;
    if (closesAt !== null && Date.parse(closesAt) <= Date.parse(opensAt)) throw new AppError(400, 'VALIDATION_FAILED', 'Request is invalid', [{ path: 'closesAt', message: 'must be after opensAt' }]);
    const changes: CallChanges = { opens_at: opensAt, closes_at: closesAt };
    if (input.title !== undefined) changes.title = input.title;
    if (input.summary !== undefined) changes.summary = input.summary;
    if (input.reviewCutoffs !== undefined) changes.review_cutoffs_json = JSON.stringify(input.reviewCutoffs);
    if (input.eligibleRegions !== undefined) changes.eligible_regions_json = JSON.stringify(input.eligibleRegions);
    if (input.eligibleSectors !== undefined) changes.eligible_sectors_json = JSON.stringify(input.eligibleSectors);
    if (input.requirements !== undefined) changes.requirements_json = JSON.stringify(input.requirements);
    if (input.reviewDueDays !== undefined) changes.review_due_days = input.reviewDueDays;
    let rubricVersion: number | null = null;
    if (input.rubric !== undefined) {
      const latest = await findLatestRubricVersion(tx.trx, id);
      rubricVersion = (latest?.version ?? 0) + 1;
      const rubricId = newId();
      await insertRubricVersion(tx.trx, { id: rubricId, call_id: id, version: rubricVersion, criteria_json: JSON.stringify(input.rubric), created_by: ctx.actor.userId, created_at: now });
      changes.rubric_version_id = rubricId;
    }
    if (!(await updateCallRow(tx.trx, id, call.version, changes, now))) throw conflict('VERSION_CONFLICT', 'The call was changed meanwhile', { currentVersion: call.version + 1 });
    const fields = Object.keys(input).filter((k) => k !== 'version');
    await tx.audit({ actorId: ctx.actor.userId, action: 'call.updated', entityType: 'call', entityId: id, data: { fields, rubricVersion } });
  });
  return getCall(ctx, id);
}

const STEPS = { publish: { from: 'draft', to: 'open' }, close: { from: 'open', to: 'closed' } } as const;

/** Publishes a draft call (open) or closes an open one. */
export async function moveCall(ctx: ServiceContext, id: string, step: keyof typeof STEPS, expectedVersion: number): Promise<CallView> {
  assertManager(ctx);
  const { from, to } = STEPS[step];
  await inTransaction(ctx, async (tx) => {
    const call = await loadForChange(ctx, tx, id, expectedVersion);
    if (call.status !== from) throw conflict('INVALID_TRANSITION', `Only a ${from} call can be ${step === 'publish' ? 'published' : 'closed'}; this one is ${call.status}`, { allowedFrom: [from], state: call.status });
    if (step === 'publish') {
      const rubric = await findRubricVersion(tx.trx, call.rubric_version_id);
      if (!rubric || (JSON.parse(rubric.criteria_json) as unknown[]).length === 0) throw conflict('CALL_INCOMPLETE', 'The call needs a rubric before it is published');
    }
    if (!(await updateCallRow(tx.trx, id, call.version, { status: to }, ctx.clock.nowIso()))) throw conflict('VERSION_CONFLICT', 'The call was changed meanwhile', { currentVersion: call.version + 1 });
    await tx.audit({ actorId: ctx.actor.userId, action: step === 'publish' ? 'call.published' : 'call.closed', entityType: 'call', entityId: id, data: { from, to } });
  });
  return getCall(ctx, id);
}

// ── For other modules (no viewer's check: the caller applies its own policy) ─────────────────

/** The requirements of the call a proposal answers; null for a proposal without a call. */
export async function callRequirementsOfProposal(deps: Pick<Deps, 'db'>, proposalId: string): Promise<CallRequirements | null> {
  const call = await findCallOfProposal(deps.db.db, proposalId);
  return call ? requirementsOf(call) : null;
}

/** A call's title and closing facts, for the proposals module's checks; null when unknown. */
export async function callFacts(deps: Pick<Deps, 'db'>, callId: string) {
  const call = await findCall(deps.db.db, callId);
  return call ? { id: call.id, title: call.title, status: call.status, opensAt: call.opens_at, closesAt: call.closes_at, reviewDueDays: call.review_due_days } : null;
}

/**
 * The call a new proposal answers, checked: a draft or unknown call is 404 (a company user may not
 * know of it); a call that takes no proposals now is 409 CALL_NOT_OPEN.
 */
export async function callForNewProposal(deps: Pick<Deps, 'db' | 'clock'>, callId: string): Promise<{ id: string; title: string }> {
  const call = await findCall(deps.db.db, callId);
  if (!call || call.status === 'draft') throw new AppError(404, 'NOT_FOUND', 'Call not found');
  if (!callAccepts(call, deps.clock.nowIso())) {
    const why = call.status === 'closed' ? 'is closed' : Date.parse(call.opens_at) > deps.clock.millis() ? `opens on ${deadlineText(call.opens_at)}` : `closed on ${deadlineText(call.closes_at!)}`;
    throw conflict('CALL_NOT_OPEN', `The call “${call.title}” ${why}: it takes no new proposals`, { callId: call.id });
  }
  return { id: call.id, title: call.title };
}

/**
 * Refuses the first submission of a proposal whose call has closed (409 CALL_CLOSED, the deadline
 * in the message). A rolling call never refuses while it is open; a proposal without a call is
 * not concerned.
 */
export async function assertCallTakesSubmission(deps: Pick<Deps, 'db' | 'clock'>, proposalId: string): Promise<void> {
  const call = await findCallOfProposal(deps.db.db, proposalId);
  if (!call) return;
  const now = deps.clock.millis();
  if (call.closes_at !== null && now > Date.parse(call.closes_at)) {
    throw conflict('CALL_CLOSED', `The call “${call.title}” closed on ${deadlineText(call.closes_at)}; submissions are no longer accepted`, { callId: call.id, closesAt: call.closes_at });
  }
  if (call.status === 'closed') throw conflict('CALL_CLOSED', `The call “${call.title}” was closed by the program office on ${deadlineText(call.updated_at)}; submissions are no longer accepted`, { callId: call.id, closesAt: call.closes_at });
}

/** The review window (days) of the call a proposal answers; null without a call. */
export async function reviewDueDaysOfProposal(deps: Pick<Deps, 'db'>, proposalId: string): Promise<number | null> {
  return (await findCallOfProposal(deps.db.db, proposalId))?.review_due_days ?? null;
}

/** The rubric a proposal is scored against now: its call's current version, or the default rubric's. */
export async function currentRubricOfProposal(deps: Pick<Deps, 'db'>, proposalId: string): Promise<RubricVersionView | null> {
  const call = await findCallOfProposal(deps.db.db, proposalId);
  const row = call ? await findRubricVersion(deps.db.db, call.rubric_version_id) : await findLatestRubricVersion(deps.db.db, null);
  return row ? rubricView(row) : null;
}

export async function rubricVersionById(deps: Pick<Deps, 'db'>, id: string): Promise<RubricVersionView | null> {
  const row = await findRubricVersion(deps.db.db, id);
  return row ? rubricView(row) : null;
}

/** The weights of every rubric version by criterion key, for the program office's queue. */
export async function rubricWeightsByVersion(deps: Pick<Deps, 'db'>): Promise<Map<string, Map<string, number>>> {
  const rows = await findAllRubricVersions(deps.db.db);
  return new Map(rows.map((r) => [r.id, new Map((JSON.parse(r.criteria_json) as Criterion[]).map((c) => [c.key, c.weight]))]));
}

/** Records a change of the default rubric as its next version (the review module's PUT /rubric). */
export async function recordDefaultRubricVersion(tx: Tx, criteria: Criterion[], actorId: string): Promise<void> {
  const latest = await findLatestRubricVersion(tx.trx, null);
  await insertRubricVersion(tx.trx, { id: newId(), call_id: null, version: (latest?.version ?? 0) + 1, criteria_json: JSON.stringify(criteria), created_by: actorId, created_at: tx.clock.nowIso() });
}

function narrativeViews(rows: NarrativeRow[], requirements: CallRequirements | null, publicOnly: boolean): NarrativeView[] {
  const titles = new Map((requirements?.sections ?? []).map((s, i) => [s.key, { title: s.title, i }]));
  const latest = new Map<string, NarrativeRow>();
  for (const r of rows) if (!latest.has(r.section_key) || latest.get(r.section_key)!.revision < r.revision) latest.set(r.section_key, r);
  return [...latest.values()]
    .filter((r) => !(publicOnly && r.bci === 1))
    .sort((a, b) => (titles.get(a.section_key)?.i ?? 999) - (titles.get(b.section_key)?.i ?? 999) || a.section_key.localeCompare(b.section_key))
    .map((r) => ({
      sectionKey: r.section_key,
      title: titles.get(r.section_key)?.title ?? r.section_key,
      bodyMarkdown: r.body_markdown,
      bci: r.bci === 1,
      bciJustification: r.bci_justification,
      revision: r.revision,
      updatedAt: r.updated_at,
    }));
}

/**
 * A proposal's narratives. Without `asOfRevision`: as last submitted (the texts kept with the
 * highest submitted revision), or the working texts of a proposal never submitted. `publicOnly`
 * leaves out the sections marked business-confidential.
 */
export async function narrativesOfProposal(
  deps: Pick<Deps, 'db'>,
  proposalId: string,
  opts: { publicOnly: boolean; asOfRevision?: number | 'working' },
): Promise<NarrativeView[]> {
  const upTo = opts.asOfRevision === 'working' ? null : (opts.asOfRevision ?? (await findLastSubmittedRevision(deps.db.db, proposalId)));
  const [rows, requirements] = await Promise.all([findNarrativeRows(deps.db.db, proposalId, upTo), callRequirementsOfProposal(deps, proposalId)]);
  return narrativeViews(rows, requirements, opts.publicOnly);
}

/**
 * What the call asks of a proposal's working content that is still missing: required sections
 * written and within their word limits, business-confidential sections and documents justified
 * when the call asks for it, required attachment types present, a public version of each
 * business-confidential document where the call asks for one. `documents` are the proposal's
 * documents (the documents module's view, full and public versions).
 */
export async function callCompletenessProblems(
  deps: Pick<Deps, 'db'>,
  proposalId: string,
  documents: { attachmentType: string; title: string; bci: boolean; bciJustification: string | null; public: unknown }[],
): Promise<Problem[]> {
  const requirements = await callRequirementsOfProposal(deps, proposalId);
  if (!requirements) return [];
  const narratives = new Map((await narrativesOfProposal(deps, proposalId, { publicOnly: false, asOfRevision: 'working' })).map((n) => [n.sectionKey, n]));
  const problems: Problem[] = [];
  const add = (code: string, path: string, label: string, message: string) => problems.push({ code, path, label, message });
  for (const s of requirements.sections) {
    const n = narratives.get(s.key);
    const words = n ? countWords(n.bodyMarkdown) : 0;
    if (s.required && words === 0) add('NARRATIVE_MISSING', `narratives.${s.key}`, `Narrative: ${s.title}`, `The call asks for the section “${s.title}”`);
    if (words > s.maxWords) add('NARRATIVE_TOO_LONG', `narratives.${s.key}`, `Narrative: ${s.title}`, `“${s.title}” has ${words} words; the call allows at most ${s.maxWords}`);
    if (n?.bci && requirements.bciJustificationRequired && !n.bciJustification?.trim()) {
      add('BCI_JUSTIFICATION_MISSING', `narratives.${s.key}.bciJustification`, `Narrative: ${s.title}`, `“${s.title}” is marked business-confidential without a justification`);
    }
  }
  for (const t of requirements.attachmentTypes) {
    const docs = documents.filter((d) => d.attachmentType === t.key);
    if (t.required && docs.length === 0) add('ATTACHMENT_MISSING', `documents.${t.key}`, `Attachment: ${t.title}`, `The call asks for an attachment “${t.title}”`);
    for (const d of docs) {
      if (d.bci && t.publicVersionRequiredIfBci && !d.public) add('PUBLIC_VERSION_MISSING', `documents.${t.key}`, `Attachment: ${d.title}`, `“${d.title}” is business-confidential: the call asks for a public version beside it`);
      if (d.bci && requirements.bciJustificationRequired && !d.bciJustification?.trim()) {
        add('BCI_JUSTIFICATION_MISSING', `documents.${t.key}.bciJustification`, `Attachment: ${d.title}`, `“${d.title}” is marked business-confidential without a justification`);
      }
    }
  }
  return problems;
}
