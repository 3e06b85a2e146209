// Kysely only: documents, their versions, and the database blob store's blobs and chunks (the
// documents module owns documents, document_versions, blobs and blob_chunks).
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Dialect } from '../../db/connection.ts';
import type { Database, DocumentsTable, DocumentVersionsTable } from '../../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;
type W = Transaction<Database>;

export type DocumentRow = Selectable<DocumentsTable>;
export type DocumentVersionRow = Selectable<DocumentVersionsTable>;
export type DocumentVersionWithUploader = DocumentVersionRow & { uploader_name: string; uploader_org_id: string };

// ── Documents and versions ──────────────────────────────────────────────────────────────────

/** The proposal's documents not deleted, oldest first. */
export function findDocumentsOfProposal(db: Q, proposalId: string): Promise<DocumentRow[]> {
  return db.selectFrom('documents').selectAll().where('proposal_id', '=', proposalId).where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute();
}

/** Every version of the proposal's documents not deleted, with the uploader's name and company. */
export function findVersionsOfProposal(db: Q, proposalId: string): Promise<DocumentVersionWithUploader[]> {
  return db
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .innerJoin('users', 'users.id', 'document_versions.uploaded_by')
    .selectAll('document_versions')
    .select(['users.name as uploader_name', 'users.org_id as uploader_org_id'])
    .where('documents.proposal_id', '=', proposalId)
    .where('documents.deleted_at', 'is', null)
    .orderBy('document_versions.document_id')
    .orderBy('document_versions.variant')
    .orderBy('document_versions.version', 'desc')
    .execute();
}

export function findDocument(db: Q, id: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The document, read with a row lock on PostgreSQL (SQLite has one writer at a time). */
export function findDocumentForUpdate(trx: W, dialect: Dialect, id: string): Promise<DocumentRow | undefined> {
  const q = trx.selectFrom('documents').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

/** The company of the user who created the document. */
export async function findDocumentCreatorOrg(db: Q, documentId: string): Promise<string | undefined> {
  const r = await db.selectFrom('documents').innerJoin('users', 'users.id', 'documents.created_by').select('users.org_id').where('documents.id', '=', documentId).executeTakeFirst();
  return r?.org_id;
}

export function findVersion(db: Q, id: string): Promise<(DocumentVersionRow & { proposal_id: string; deleted_at: string | null; bci: number }) | undefined> {
  return db
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .selectAll('document_versions')
    .select(['documents.proposal_id', 'documents.deleted_at', 'documents.bci'])
    .where('document_versions.id', '=', id)
    .executeTakeFirst();
}

export function findVersionsOfDocument(db: Q, documentId: string): Promise<DocumentVersionRow[]> {
  return db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).orderBy('variant').orderBy('version', 'desc').execute();
}

export async function insertDocument(trx: W, row: DocumentRow): Promise<void> {
  await trx.insertInto('documents').values(row).execute();
}

export async function insertDocumentVersion(trx: W, row: DocumentVersionRow): Promise<void> {
  await trx.insertInto('document_versions').values(row).execute();
}

export async function updateDocumentRow(trx: W, id: string, changes: Partial<Pick<DocumentRow, 'bci' | 'bci_justification' | 'current_version' | 'deleted_at' | 'title'>>): Promise<void> {
  await trx.updateTable('documents').set(changes).where('id', '=', id).execute();
}

// ── The database blob store ─────────────────────────────────────────────────────────────────

export async function insertBlob(db: Q, row: { id: string; size_bytes: number; sha256: string; created_at: string }): Promise<void> {
  await db.insertInto('blobs').values(row).execute();
}

export async function insertBlobChunk(db: Q, blobId: string, seq: number, data: Uint8Array): Promise<void> {
  await db.insertInto('blob_chunks').values({ blob_id: blobId, seq, data }).execute();
}

export async function finishBlob(db: Q, id: string, sizeBytes: number, sha256: string): Promise<void> {
  await db.updateTable('blobs').set({ size_bytes: sizeBytes, sha256 }).where('id', '=', id).execute();
}

export function findBlob(db: Q, id: string): Promise<{ id: string; size_bytes: number; sha256: string } | undefined> {
  return db.selectFrom('blobs').select(['id', 'size_bytes', 'sha256']).where('id', '=', id).executeTakeFirst();
}

/** Chunks `fromSeq` … `fromSeq + count - 1` of a blob, in order. */
export function findBlobChunks(db: Q, blobId: string, fromSeq: number, count: number): Promise<{ seq: number; data: Uint8Array }[]> {
  return db
    .selectFrom('blob_chunks')
    .select(['seq', 'data'])
    .where('blob_id', '=', blobId)
    .where('seq', '>=', fromSeq)
    .where('seq', '<', fromSeq + count)
    .orderBy('seq')
    .execute();
}

export async function deleteBlobRows(db: Q, id: string): Promise<void> {
  await db.deleteFrom('blob_chunks').where('blob_id', '=', id).execute();
  await db.deleteFrom('blobs').where('id', '=', id).execute();
}

/** Blobs no document version refers to, created before `before` (left by an upload that stopped half-way). */
export async function findOrphanBlobIds(db: Q, before: string): Promise<string[]> {
  const rows = await db
    .selectFrom('blobs')
    .leftJoin('document_versions', 'document_versions.blob_id', 'blobs.id')
    .select('blobs.id')
    .where('document_versions.id', 'is', null)
    .where('blobs.created_at', '<', before)
    .execute();
  return rows.map((r) => r.id);
}

/** How many blobs and chunks are stored (tests and the benchmark). */
export async function countBlobs(db: Q): Promise<{ blobs: number; chunks: number }> {
  const b = await db.selectFrom('blobs').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const c = await db.selectFrom('blob_chunks').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { blobs: Number(b.n), chunks: Number(c.n) };
}
