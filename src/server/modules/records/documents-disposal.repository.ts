// Kysely only: superseded document versions past their period, and their disposal (the versions and
// the stored files no other version uses). See records.repository.ts for why disposal writes here.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;
type W = Transaction<Database>;

export interface SupersededVersion {
  id: string;
  proposalId: string;
  title: string;
  version: number;
  fileName: string;
  designated: boolean;
}

/**
 * Versions uploaded before `cutoff` that a later version of the same document and variant replaced
 * within the same working revision of the proposal: no submission ever held them (a submission of
 * revision R keeps, per document and variant, the latest version uploaded in a revision up to R).
 * Versions of deleted documents are left alone.
 */
export async function supersededDocumentVersions(db: Q, cutoff: string, ids?: readonly string[]): Promise<SupersededVersion[]> {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select((eb) => [
      'v.id',
      'v.version',
      'v.file_name',
      'd.title',
      'd.proposal_id',
      eb.selectFrom('designated_packages as dp').select((e) => e.fn.countAll<number>().as('n')).whereRef('dp.proposal_id', '=', 'd.proposal_id').as('designated'),
    ])
    .where('d.deleted_at', 'is', null)
    .where('v.uploaded_at', '<', cutoff)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('document_versions as w')
          .select('w.id')
          .whereRef('w.document_id', '=', 'v.document_id')
          .whereRef('w.variant', '=', 'v.variant')
          .whereRef('w.version', '>', 'v.version')
          .where((e) => e.or([e('w.proposal_revision', '=', e.ref('v.proposal_revision')), e.and([e('w.proposal_revision', 'is', null), e('v.proposal_revision', 'is', null)])])),
      ),
    )
    .$if(!!ids, (q) => q.where('v.id', 'in', ids!))
    .orderBy('v.uploaded_at')
    .orderBy('v.id')
    .execute();
  return rows.map((r) => ({ id: r.id, proposalId: r.proposal_id, title: r.title, version: r.version, fileName: r.file_name, designated: Number(r.designated ?? 0) > 0 }));
}

/** Deletes the stored files among `blobIds` that no document version refers to any more. */
async function deleteUnreferencedBlobs(db: W, blobIds: readonly string[]): Promise<void> {
  if (blobIds.length === 0) return;
  const still = new Set((await db.selectFrom('document_versions').select('blob_id').where('blob_id', 'in', blobIds).execute()).map((r) => r.blob_id));
  const gone = [...new Set(blobIds)].filter((id) => !still.has(id));
  if (gone.length === 0) return;
  await db.deleteFrom('blob_chunks').where('blob_id', 'in', gone).execute();
  await db.deleteFrom('blobs').where('id', 'in', gone).execute();
}

export async function disposeDocumentVersions(db: W, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const blobIds = (await db.selectFrom('document_versions').select('blob_id').where('id', 'in', ids).execute()).map((r) => r.blob_id);
  await db.deleteFrom('document_versions').where('id', 'in', ids).execute();
  await deleteUnreferencedBlobs(db, blobIds);
}

/** Deletes every document of a proposal, their versions and their stored files. */
export async function disposeDocumentsOfProposal(db: W, proposalId: string): Promise<void> {
  const docs = db.selectFrom('documents').select('id').where('proposal_id', '=', proposalId);
  const blobIds = (await db.selectFrom('document_versions').select('blob_id').where('document_id', 'in', docs).execute()).map((r) => r.blob_id);
  await db.deleteFrom('document_versions').where('document_id', 'in', docs).execute();
  await db.deleteFrom('documents').where('proposal_id', '=', proposalId).execute();
  await deleteUnreferencedBlobs(db, blobIds);
}
