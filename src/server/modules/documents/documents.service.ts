// Documents attached to a proposal (docs/security.md#documents): uploads streamed into the blob
// store with their type read from the content, versions kept with the proposal revision they were
// uploaded in, BCI marking with a justification and a public (redacted) version, and downloads that
// are always attachments and always audited. Who sees documents is who sees the proposal
// (getProposal: another consortium and a conflicted reviewer get 404); government users see the
// material of the last submitted revision, the consortium its working material.
import type { Readable } from 'node:stream';
import type { CallRequirements } from '../../../shared/contracts/calls.ts';
import {
  DEFAULT_DOCUMENT_MAX_BYTES,
  DEFAULT_DOCUMENT_MIME_TYPES,
  DocumentUploadFields,
  type AttachmentTypeView,
  type DocumentDetail,
  type DocumentHistoryEntry,
  type DocumentList,
  type DocumentMarkBody,
  type DocumentVariant,
  type DocumentVersionView,
  type DocumentView,
} from '../../../shared/contracts/documents.ts';
import type { ProposalDetail } from '../../../shared/contracts/views.ts';
import { consortiumRelations } from '../../../shared/access.ts';
import { AppError, conflict, forbidden, invalid, notFound, unprocessable, type FieldProblem } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { callRequirementsOfProposal } from '../calls/calls.service.ts';
import { getProposal } from '../proposals/proposals.service.ts';
import { findLatestRevision } from '../proposals/proposals.repository.ts';
import { blobStoreOf, fileTooLarge, type StoredBlob } from './blob-store.ts';
import { mayChangeDocument, mayChangeDocumentsOf } from './documents.policy.ts';
import {
  findDocument,
  findDocumentCreatorOrg,
  findDocumentForUpdate,
  findDocumentsOfProposal,
  findVersion,
  findVersionsOfDocument,
  findVersionsOfProposal,
  insertDocument,
  insertDocumentVersion,
  updateDocumentRow,
  type DocumentRow,
  type DocumentVersionRow,
  type DocumentVersionWithUploader,
} from './documents.repository.ts';
import { sniff, SNIFF_BYTES, typeAccepted, typeNotAllowed } from './documents.sniff.ts';

// ── Requirements ────────────────────────────────────────────────────────────────────────────

/** The attachment type of a proposal without a call (or of a call that names none). */
const DEFAULT_ATTACHMENT_TYPE: AttachmentTypeView = {
  key: 'supporting_document',
  title: 'Supporting document',
  required: false,
  maxBytes: DEFAULT_DOCUMENT_MAX_BYTES,
  mimeTypes: [...DEFAULT_DOCUMENT_MIME_TYPES],
  publicVersionRequiredIfBci: false,
};

interface Limits {
  attachmentTypes: AttachmentTypeView[];
  bciJustificationRequired: boolean;
}

function limitsOf(req: CallRequirements | null): Limits {
  const types = req?.attachmentTypes.length
    ? req.attachmentTypes.map((t) => ({ ...t, mimeTypes: t.mimeTypes.length ? t.mimeTypes : [...DEFAULT_DOCUMENT_MIME_TYPES] }))
    : [DEFAULT_ATTACHMENT_TYPE];
  return { attachmentTypes: types, bciJustificationRequired: req?.bciJustificationRequired ?? true };
}

async function limitsOfProposal(deps: Pick<Deps, 'db'>, proposalId: string): Promise<Limits> {
  return limitsOf(await callRequirementsOfProposal(deps, proposalId));
}

// ── Views ───────────────────────────────────────────────────────────────────────────────────

function versionView(v: DocumentVersionRow): DocumentVersionView {
  return {
    id: v.id,
    version: v.version,
    variant: v.variant as DocumentVariant,
    fileName: v.file_name,
    mimeType: v.mime_type,
    sizeBytes: Number(v.size_bytes),
    sha256: v.sha256,
    uploadedAt: v.uploaded_at,
  };
}

function historyEntry(v: DocumentVersionWithUploader): DocumentHistoryEntry {
  return { ...versionView(v), proposalRevision: v.proposal_revision, uploadedBy: v.uploader_name };
}

/** Versions (newest first) visible up to a proposal revision (null: all). */
function visibleUpTo<T extends DocumentVersionRow>(versions: T[], upToRevision: number | null): T[] {
  return upToRevision === null ? versions : versions.filter((v) => v.proposal_revision === null || v.proposal_revision <= upToRevision);
}

const latest = <T extends DocumentVersionRow>(versions: T[], variant: DocumentVariant): T | undefined =>
  versions.filter((v) => v.variant === variant).sort((a, b) => b.version - a.version)[0];

/** The interface view of a document over the versions one may see; null when none of its versions is visible. */
function documentView<T extends DocumentVersionRow>(d: DocumentRow, versions: T[], publicOnly: boolean): DocumentView | null {
  const full = latest(versions, 'full');
  if (!full) return null;
  const bci = d.bci === 1;
  const pub = bci ? latest(versions, 'public') : full;
  return {
    id: d.id,
    attachmentType: d.attachment_type,
    title: d.title,
    bci,
    bciJustification: d.bci_justification,
    currentVersion: full.version,
    full: publicOnly ? null : versionView(full),
    public: pub ? versionView(pub) : null,
  };
}

// ── Reads ───────────────────────────────────────────────────────────────────────────────────

/** The proposal as the viewer sees it (404 otherwise), and whether the viewer sees the working material. */
async function loadProposal(ctx: ServiceContext, proposalId: string): Promise<{ p: ProposalDetail; working: boolean }> {
  const p = await getProposal(ctx, proposalId);
  return { p, working: consortiumRelations(ctx.actor, p.consortium).member === true };
}

export async function listDocuments(ctx: ServiceContext, proposalId: string): Promise<DocumentList> {
  const { p, working } = await loadProposal(ctx, proposalId);
  const [docs, versions, limits] = await Promise.all([findDocumentsOfProposal(ctx.db.db, proposalId), findVersionsOfProposal(ctx.db.db, proposalId), limitsOfProposal(ctx, proposalId)]);
  const visible = visibleUpTo(versions, p.revision);
  const items: DocumentDetail[] = [];
  for (const d of docs) {
    const mine = visible.filter((v) => v.document_id === d.id);
    const view = documentView(d, mine, false);
    if (!view) continue;
    const creatorOrg = (await findDocumentCreatorOrg(ctx.db.db, d.id)) ?? undefined;
    const type = limits.attachmentTypes.find((t) => t.key === d.attachment_type);
    items.push({
      ...view,
      history: mine.map(historyEntry),
      editable: working && mayChangeDocument(ctx.actor, p, creatorOrg),
      publicVersionMissing: view.bci && view.public === null && (type?.publicVersionRequiredIfBci ?? false),
    });
  }
  return {
    items,
    attachmentTypes: limits.attachmentTypes,
    bciJustificationRequired: limits.bciJustificationRequired,
    editable: working && p.permissions.edit !== 'none',
    source: working ? 'working' : 'submitted',
  };
}

// ── Uploads ─────────────────────────────────────────────────────────────────────────────────

/** One part of a multipart upload, as the route hands it on. */
export type UploadPart = { type: 'field'; name: string; value: string } | { type: 'file'; fileName: string | null; stream: AsyncIterable<Buffer> };

/** 403 for whoever may never change the proposal's documents, 409 when its state refuses changes. */
function assertMayChange(ctx: ServiceContext, p: ProposalDetail): void {
  if (!mayChangeDocumentsOf(ctx.actor, p)) throw forbidden('Only the consortium’s members who edit the proposal may change its documents');
  if (p.permissions.edit === 'none') throw conflict('PROPOSAL_IMMUTABLE', `A ${p.state} proposal's documents cannot be changed; they were submitted with revision ${p.revision}`);
}

const MAX_FILE_NAME = 255;
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\u0000-\u001F\u007F/\\]/g;

/** The file name kept: the client's base name without control characters or path separators. */
function cleanFileName(name: string | null): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  const clean = base.replace(UNSAFE_NAME, '_').trim().slice(0, MAX_FILE_NAME);
  return clean || 'document';
}

function parseBool(v: string | undefined): boolean {
  return v === 'true' || v === '1' || v === 'on';
}

/** What an upload will write, decided from its fields before the file is read. */
interface UploadPlan {
  document: DocumentRow | null;
  variant: DocumentVariant;
  attachmentType: AttachmentTypeView;
  title: string;
  bci: boolean;
  bciJustification: string | null;
}

async function planUpload(ctx: ServiceContext, p: ProposalDetail, limits: Limits, raw: Record<string, string>): Promise<UploadPlan> {
  const parsed = DocumentUploadFields.safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      'VALIDATION_FAILED',
      'The upload’s fields are not valid',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(fields)', message: i.message })),
    );
  }
  const f = parsed.data;
  const variant = f.variant ?? 'full';
  const problems: FieldProblem[] = [];
  if (f.documentId) {
    const d = await findDocument(ctx.db.db, f.documentId);
    if (!d || d.proposal_id !== p.id || d.deleted_at !== null) throw notFound('Document');
    if (!mayChangeDocument(ctx.actor, p, await findDocumentCreatorOrg(ctx.db.db, d.id))) throw forbidden('A consortium member may change only the documents its company added; ask the anchor member');
    if (f.attachmentType && f.attachmentType !== d.attachment_type) problems.push({ path: 'attachmentType', message: `the document is a ${d.attachment_type}; a new version keeps its type` });
    if (f.bci !== undefined || f.bciJustification !== undefined) problems.push({ path: 'bci', message: 'mark an existing document with PATCH /api/v1/documents/{id}' });
    if (variant === 'public' && d.bci !== 1) problems.push({ path: 'variant', message: 'only a document marked BCI has a public (redacted) version' });
    if (problems.length) throw unprocessable('INVALID_UPLOAD', 'The upload does not fit the document', problems);
    const type = limits.attachmentTypes.find((t) => t.key === d.attachment_type) ?? { ...DEFAULT_ATTACHMENT_TYPE, key: d.attachment_type, title: d.attachment_type };
    return { document: d, variant, attachmentType: type, title: d.title, bci: d.bci === 1, bciJustification: d.bci_justification };
  }
  if (variant === 'public') problems.push({ path: 'documentId', message: 'a public version belongs to an existing BCI document: name it' });
  const type = limits.attachmentTypes.find((t) => t.key === (f.attachmentType ?? (limits.attachmentTypes.length === 1 ? limits.attachmentTypes[0]!.key : '')));
  if (!type) problems.push({ path: 'attachmentType', message: `must be one of ${limits.attachmentTypes.map((t) => t.key).join(', ')}` });
  if (!f.title) problems.push({ path: 'title', message: 'is required for a new document' });
  const bci = parseBool(f.bci);
  const justification = f.bciJustification?.trim() || null;
  if (bci && !justification && limits.bciJustificationRequired) problems.push({ path: 'bciJustification', message: 'a document marked BCI needs a justification' });
  if (!bci && justification) problems.push({ path: 'bciJustification', message: 'only a document marked BCI carries a justification' });
  if (problems.length || !type) throw unprocessable('INVALID_UPLOAD', 'The upload cannot be accepted', problems);
  return { document: null, variant, attachmentType: type, title: f.title!, bci, bciJustification: bci ? justification : null };
}

/** The file stream with its first SNIFF_BYTES read ahead, and the rest still to come. */
async function readHead(stream: AsyncIterable<Buffer>): Promise<{ head: Buffer; rest: AsyncIterator<Buffer>; done: boolean }> {
  const it = stream[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  for (;;) {
    if (size >= SNIFF_BYTES) return { head: Buffer.concat(parts, size), rest: it, done: false };
    const next = await it.next();
    if (next.done) return { head: Buffer.concat(parts, size), rest: it, done: true };
    parts.push(next.value);
    size += next.value.length;
  }
}

async function* joined(head: Buffer, rest: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  if (head.length) yield head;
  if (done) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Stores one uploaded file as a new document, a new version of one, or the public version of a BCI
 * document. The fields come before the file part; the proposal and the viewer's right to change it
 * are checked before a byte of the file is read, the type from the file's first bytes before
 * anything is stored, the size and (for text) the content as it streams. Any refusal leaves nothing
 * stored. Returns the document as the uploader now sees it.
 */
export async function uploadDocument(ctx: ServiceContext, proposalId: string, parts: AsyncIterable<UploadPart>): Promise<DocumentDetail> {
  const { p } = await loadProposal(ctx, proposalId);
  assertMayChange(ctx, p);
  const limits = await limitsOfProposal(ctx, proposalId);
  const fields: Record<string, string> = {};
  let stored: { blob: StoredBlob; plan: UploadPlan; fileName: string; mimeType: string } | null = null;
  const store = blobStoreOf(ctx);
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (stored) throw invalid('UPLOAD_FIELDS_FIRST', 'Send the form fields before the file part');
        fields[part.name] = part.value;
        continue;
      }
      if (stored) throw invalid('UPLOAD_ONE_FILE', 'Send exactly one file part');
      const plan = await planUpload(ctx, p, limits, fields);
      const { head, rest, done } = await readHead(part.stream);
      if (head.length > plan.attachmentType.maxBytes) throw fileTooLarge(plan.attachmentType.maxBytes);
      const sniffed = await sniff(head);
      if (!typeAccepted(sniffed.mimeType, plan.attachmentType.mimeTypes)) throw typeNotAllowed(sniffed.mimeType, plan.attachmentType.mimeTypes);
      const text = sniffed.text;
      const blob = await store.put(joined(head, rest, done), { maxBytes: plan.attachmentType.maxBytes, ...(text ? { inspect: (c) => text.push(c) } : {}) });
      try {
        text?.end();
      } catch (err) {
        await store.delete(blob.id);
        throw err;
      }
      stored = { blob, plan, fileName: cleanFileName(part.fileName), mimeType: sniffed.mimeType };
    }
    if (!stored) throw invalid('UPLOAD_NO_FILE', 'Send the file as a part of the multipart/form-data body, after the fields');
    return await recordUpload(ctx, p, stored);
  } catch (err) {
    if (stored) await store.delete(stored.blob.id);
    throw err;
  }
}

async function recordUpload(
  ctx: ServiceContext,
  p: ProposalDetail,
  s: { blob: StoredBlob; plan: UploadPlan; fileName: string; mimeType: string },
): Promise<DocumentDetail> {
  // The proposal may have been submitted while the file streamed in.
  const now = await getProposal(ctx, p.id);
  if (now.permissions.edit === 'none') assertMayChange(ctx, now);
  const at = ctx.clock.nowIso();
  const { plan } = s;
  const documentId = await inTransaction(ctx, async (tx) => {
    let doc: DocumentRow;
    let version = 1;
    if (plan.document) {
      const locked = await findDocumentForUpdate(tx.trx, tx.dialect, plan.document.id);
      if (!locked || locked.deleted_at !== null) throw notFound('Document');
      if (plan.variant === 'public' && locked.bci !== 1) throw unprocessable('INVALID_UPLOAD', 'Only a document marked BCI has a public (redacted) version', [{ path: 'variant', message: 'the document is no longer marked BCI' }]);
      doc = locked;
      const versions = await findVersionsOfDocument(tx.trx, doc.id);
      version = (latest(versions, plan.variant)?.version ?? 0) + 1;
      if (plan.variant === 'full') await updateDocumentRow(tx.trx, doc.id, { current_version: version });
    } else {
      doc = {
        id: newId(),
        proposal_id: p.id,
        attachment_type: plan.attachmentType.key,
        title: plan.title,
        bci: plan.bci ? 1 : 0,
        bci_justification: plan.bciJustification,
        current_version: 1,
        created_by: ctx.actor.userId,
        created_at: at,
        deleted_at: null,
      };
      await insertDocument(tx.trx, doc);
    }
    const row: DocumentVersionRow = {
      id: newId(),
      document_id: doc.id,
      version,
      variant: plan.variant,
      file_name: s.fileName,
      mime_type: s.mimeType,
      size_bytes: s.blob.size,
      sha256: s.blob.sha256,
      blob_id: s.blob.id,
      proposal_revision: now.revision,
      uploaded_by: ctx.actor.userId,
      uploaded_at: at,
    };
    await insertDocumentVersion(tx.trx, row);
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'document.uploaded',
      entityType: 'proposal',
      entityId: p.id,
      data: {
        documentId: doc.id,
        versionId: row.id,
        version,
        variant: plan.variant,
        attachmentType: doc.attachment_type,
        bci: doc.bci === 1,
        mimeType: row.mime_type,
        sizeBytes: row.size_bytes,
        sha256: row.sha256,
        proposalRevision: row.proposal_revision,
      },
    });
    return doc.id;
  });
  return documentDetail(ctx, p.id, documentId);
}

/** One document as listDocuments shows it to the viewer. */
async function documentDetail(ctx: ServiceContext, proposalId: string, documentId: string): Promise<DocumentDetail> {
  const list = await listDocuments(ctx, proposalId);
  const d = list.items.find((x) => x.id === documentId);
  if (!d) throw notFound('Document');
  return d;
}

// ── Marking and deleting ────────────────────────────────────────────────────────────────────

/** Loads a document for a change by the viewer: 404 when the viewer may not see it, 403/409 as assertMayChange. */
async function loadForChange(ctx: ServiceContext, documentId: string) {
  const d = await findDocument(ctx.db.db, documentId);
  if (!d || d.deleted_at !== null) throw notFound('Document');
  const { p, working } = await loadProposal(ctx, d.proposal_id).catch((err: unknown) => {
    throw err instanceof AppError && err.status === 404 ? notFound('Document') : err;
  });
  if (!working) {
    // A government viewer sees only submitted material: a document without any is not there for it.
    const versions = visibleUpTo(await findVersionsOfDocument(ctx.db.db, d.id), p.revision);
    if (versions.length === 0) throw notFound('Document');
  }
  assertMayChange(ctx, p);
  if (!mayChangeDocument(ctx.actor, p, await findDocumentCreatorOrg(ctx.db.db, d.id))) throw forbidden('A consortium member may change only the documents its company added; ask the anchor member');
  return { d, p, limits: await limitsOfProposal(ctx, d.proposal_id) };
}

/** Marks a document BCI with its justification, or clears the mark. */
export async function markDocument(ctx: ServiceContext, documentId: string, input: DocumentMarkBody): Promise<DocumentDetail> {
  const { d, p, limits } = await loadForChange(ctx, documentId);
  const justification = input.bciJustification?.trim() || null;
  if (input.bci && !justification && limits.bciJustificationRequired) {
    throw unprocessable('INVALID_MARKING', 'A document marked BCI needs a justification', [{ path: 'bciJustification', message: 'is required when bci is true' }]);
  }
  if (!input.bci && justification) throw unprocessable('INVALID_MARKING', 'Only a document marked BCI carries a justification', [{ path: 'bciJustification', message: 'must be null when bci is false' }]);
  await inTransaction(ctx, async (tx) => {
    const locked = await findDocumentForUpdate(tx.trx, tx.dialect, d.id);
    if (!locked || locked.deleted_at !== null) throw notFound('Document');
    await updateDocumentRow(tx.trx, d.id, { bci: input.bci ? 1 : 0, bci_justification: input.bci ? justification : null });
    await tx.audit({
      actorId: ctx.actor.userId,
      action: 'document.marked',
      entityType: 'proposal',
      entityId: p.id,
      data: { documentId: d.id, from: { bci: locked.bci === 1 }, to: { bci: input.bci }, bciJustification: input.bci ? justification : null },
    });
  });
  return documentDetail(ctx, p.id, d.id);
}

/**
 * Deletes (softly) a document none of whose versions was submitted: a draft's document, or one
 * added to the revision being worked on. Submitted material stays as it was submitted.
 */
export async function deleteDocument(ctx: ServiceContext, documentId: string): Promise<void> {
  const { d, p } = await loadForChange(ctx, documentId);
  await inTransaction(ctx, async (tx) => {
    const locked = await findDocumentForUpdate(tx.trx, tx.dialect, d.id);
    if (!locked || locked.deleted_at !== null) throw notFound('Document');
    const versions = await findVersionsOfDocument(tx.trx, d.id);
    const submitted = p.submittedAt !== null && versions.some((v) => v.proposal_revision === null || v.proposal_revision < p.revision);
    if (submitted) throw conflict('DOCUMENT_SUBMITTED', 'The document was submitted with an earlier revision of the proposal: upload a new version instead');
    await updateDocumentRow(tx.trx, d.id, { deleted_at: ctx.clock.nowIso() });
    await tx.audit({ actorId: ctx.actor.userId, action: 'document.deleted', entityType: 'proposal', entityId: p.id, data: { documentId: d.id, versions: versions.length } });
  });
}

// ── Downloads ───────────────────────────────────────────────────────────────────────────────

/**
 * Opens a version for the viewer: who sees the proposal sees its documents (a government user the
 * material of the last submitted revision); anything else is 404. Every download is audited, in a
 * transaction of its own, before the first byte is sent.
 */
export async function downloadDocumentVersion(ctx: ServiceContext, versionId: string): Promise<{ meta: DocumentVersionView; stream: Readable }> {
  const v = await findVersion(ctx.db.db, versionId);
  if (!v || v.deleted_at !== null) throw notFound('Document version');
  const { p } = await loadProposal(ctx, v.proposal_id).catch((err: unknown) => {
    throw err instanceof AppError && err.status === 404 ? notFound('Document version') : err;
  });
  if (v.proposal_revision !== null && v.proposal_revision > p.revision) throw notFound('Document version');
  await inTransaction(ctx, (tx) =>
    tx.audit({
      actorId: ctx.actor.userId,
      action: 'document.downloaded',
      entityType: 'proposal',
      entityId: v.proposal_id,
      data: { documentId: v.document_id, versionId: v.id, version: v.version, variant: v.variant, bci: v.bci === 1 },
    }),
  );
  return { meta: versionView(v), stream: blobStoreOf(ctx).get(v.blob_id) };
}

// ── For other modules (no viewer's check: the caller applies its own policy) ─────────────────

/**
 * The proposal's documents. `publicOnly`: the material of the last submitted revision as the public
 * may see it — a BCI document with only its public (redacted) version (null until one is uploaded),
 * a document that is not BCI with its full version as its public one; `full` is null throughout, and
 * nothing is given before the first submission. Otherwise the current material with both.
 */
export async function documentsOfProposal(deps: Pick<Deps, 'db'>, proposalId: string, opts: { publicOnly: boolean }): Promise<DocumentView[]> {
  const [docs, versions] = await Promise.all([findDocumentsOfProposal(deps.db.db, proposalId), findVersionsOfProposal(deps.db.db, proposalId)]);
  let upTo: number | null = null;
  if (opts.publicOnly) {
    const last = await findLatestRevision(deps.db.db, proposalId);
    if (!last) return [];
    upTo = last.revision;
  }
  const visible = visibleUpTo(versions, upTo);
  return docs.flatMap((d) => {
    const view = documentView(
      d,
      visible.filter((v) => v.document_id === d.id),
      opts.publicOnly,
    );
    return view ? [view] : [];
  });
}

/** A stored version and its bytes, streamed; 404 when it is missing or its document was deleted. No viewer's check. */
export async function openDocumentVersion(deps: Pick<Deps, 'db' | 'clock'>, documentVersionId: string): Promise<{ meta: DocumentVersionView; stream: Readable }> {
  const v = await findVersion(deps.db.db, documentVersionId);
  if (!v || v.deleted_at !== null) throw notFound('Document version');
  return { meta: versionView(v), stream: blobStoreOf(deps).get(v.blob_id) };
}
