// Where the bytes of documents live. `BlobStore` is the whole contract, small enough for an object
// store (S3-compatible, a file system) to implement: put streams a file in and answers its id, size
// and SHA-256, computed while it streams; get streams it out; delete removes it. Nothing here holds
// a whole file in memory.
//
// The default, `DatabaseBlobStore`, keeps blobs in the database: a `blobs` row and the bytes in
// `blob_chunks` of CHUNK_BYTES each (bytea on PostgreSQL, blob on SQLite). Chunks are written as they
// arrive, each in a statement of its own — never in one transaction held open for the length of an
// upload, which on SQLite would stop every other writer for that long — and a put that fails (too
// large, refused content, a broken connection) deletes what it wrote before it rethrows. Only a
// process that dies half-way leaves chunks behind; `deleteOrphanBlobs` sweeps them.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '../../../shared/errors.ts';
import type { Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { deleteBlobRows, findBlob, findBlobChunks, findOrphanBlobIds, finishBlob, insertBlob, insertBlobChunk } from './documents.repository.ts';

export interface StoredBlob {
  id: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
}

export interface PutOptions {
  /** More bytes than this fail the put with 413 FILE_TOO_LARGE, and nothing stays stored. */
  maxBytes?: number;
  /**
   * Sees every piece of the file as it passes (a content check): throwing from it fails the put,
   * and nothing stays stored.
   */
  inspect?: (chunk: Uint8Array) => void;
}

export interface BlobStore {
  /** Streams `source` in; resolves once every byte is stored. On any failure nothing stays stored. */
  put(source: AsyncIterable<Uint8Array>, opts?: PutOptions): Promise<StoredBlob>;
  /** Streams a stored blob out (errors on the stream when it is missing). */
  get(id: string): Readable;
  /** Removes a blob; removing one that is gone is not an error. */
  delete(id: string): Promise<void>;
}

/** Bytes per stored chunk. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks read per query when streaming out (1 MiB). */
const CHUNKS_PER_READ = 4;

export const fileTooLarge = (maxBytes: number) =>
  new AppError(413, 'FILE_TOO_LARGE', `The file is larger than the ${formatBytes(maxBytes)} this attachment type accepts`, [], { maxBytes });

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

export class DatabaseBlobStore implements BlobStore {
  constructor(private readonly deps: Pick<Deps, 'db' | 'clock'>) {}

  async put(source: AsyncIterable<Uint8Array>, opts: PutOptions = {}): Promise<StoredBlob> {
    const db = this.deps.db.db;
    const id = newId();
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    // One staging buffer, filled and written again and again: each insert completes (and the driver
    // has copied the bytes) before the buffer is reused, so an upload makes no garbage of its own.
    const staging = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    await insertBlob(db, { id, size_bytes: 0, sha256: '', created_at: this.deps.clock.nowIso() });
    try {
      for await (const piece of source) {
        const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        size += chunk.length;
        if (opts.maxBytes !== undefined && size > opts.maxBytes) throw fileTooLarge(opts.maxBytes);
        opts.inspect?.(chunk);
        hash.update(chunk);
        let from = 0;
        while (from < chunk.length) {
          const n = chunk.copy(staging, filled, from);
          filled += n;
          from += n;
          if (filled === CHUNK_BYTES) {
            await insertBlobChunk(db, id, seq++, staging);
            filled = 0;
          }
        }
      }
      if (filled > 0) await insertBlobChunk(db, id, seq++, staging.subarray(0, filled));
      const sha256 = hash.digest('hex');
      await finishBlob(db, id, size, sha256);
      return { id, size, sha256 };
    } catch (err) {
      await deleteBlobRows(db, id);
      throw err;
    }
  }

  get(id: string): Readable {
    const db = this.deps.db.db;
    async function* chunks() {
      const blob = await findBlob(db, id);
      if (!blob) throw new AppError(404, 'NOT_FOUND', 'The stored file is missing');
      let seq = 0;
      let sent = 0;
      for (;;) {
        const rows = await findBlobChunks(db, id, seq, CHUNKS_PER_READ);
        for (const r of rows) {
          if (r.seq !== seq) throw new Error(`blob ${id}: chunk ${seq} is missing`);
          seq++;
          sent += r.data.byteLength;
          yield Buffer.isBuffer(r.data) ? r.data : Buffer.from(r.data);
        }
        if (rows.length < CHUNKS_PER_READ) break;
      }
      if (sent !== Number(blob.size_bytes)) throw new Error(`blob ${id}: ${sent} bytes stored of ${blob.size_bytes}`);
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async delete(id: string): Promise<void> {
    await deleteBlobRows(this.deps.db.db, id);
  }
}

/**
 * The blob store of these deps: the database's. The one place to choose another implementation
 * (an object store) when one is configured.
 */
export function blobStoreOf(deps: Pick<Deps, 'db' | 'clock'>): BlobStore {
  return new DatabaseBlobStore(deps);
}

/** Blobs no document version refers to, older than a day: left by a process that stopped mid-upload. */
export async function deleteOrphanBlobs(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const before = new Date(deps.clock.millis() - 86_400_000).toISOString();
  const ids = await findOrphanBlobIds(deps.db.db, before);
  const store = blobStoreOf(deps);
  for (const id of ids) await store.delete(id);
  return ids.length;
}
