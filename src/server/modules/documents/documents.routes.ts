// The documents of a proposal over HTTP: the list, the streamed upload (multipart/form-data, fields
// first, then the one file part), marking, deleting, and the download — always an attachment, with
// the type read from the content, nosniff and a sandboxing Content-Security-Policy.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/contracts/calls.ts';
import { binaryDownload, IdParams, NoContent } from '../../../shared/contracts/common.ts';
import { DocumentListSchema, DocumentMarkBody, DocumentSchema, DocumentUploadBody, VersionParams } from '../../../shared/contracts/documents.ts';
import { AppError } from '../../../shared/errors.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { mayEverUploadDocuments } from './documents.policy.ts';
import { deleteDocument, downloadDocumentVersion, listDocuments, markDocument, uploadDocument, type UploadPart } from './documents.service.ts';

const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 4096;
const MAX_FILE_NAME_LENGTH = 300;

/** The multipart failures busboy and @fastify/multipart raise, as problems aiep names. */
function multipartProblem(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(413, 'FILE_TOO_LARGE', 'The uploaded file is larger than any attachment type accepts');
    case 'FST_FILES_LIMIT':
      return new AppError(400, 'UPLOAD_ONE_FILE', 'Send exactly one file part');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(400, 'UPLOAD_TOO_MANY_PARTS', `Send one file part and at most ${MAX_FIELDS} other fields`);
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(400, 'MALFORMED_MULTIPART', 'The multipart/form-data body cannot be read');
    default:
      return err instanceof Error && /multipart|boundary|Unexpected end of form/i.test(err.message) ? new AppError(400, 'MALFORMED_MULTIPART', 'The multipart/form-data body cannot be read') : err;
  }
}

/** The request's parts as the service takes them; a field value that is too long or a bad file name is refused. */
async function* uploadParts(req: FastifyRequest): AsyncGenerator<UploadPart> {
  const parts = req.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 } });
  for await (const part of parts) {
    if (part.type === 'file') {
      const name = part.filename;
      if (name && name.length > MAX_FILE_NAME_LENGTH) throw new AppError(400, 'INVALID_FILE_NAME', `The file's name must be at most ${MAX_FILE_NAME_LENGTH} characters`);
      const file = part.file;
      file.once('limit', () => file.destroy(new AppError(413, 'FILE_TOO_LARGE', 'The uploaded file is larger than any attachment type accepts')));
      yield { type: 'file', fileName: name || null, stream: file as AsyncIterable<Buffer> };
    } else {
      if (part.valueTruncated) throw new AppError(400, 'UPLOAD_FIELD_TOO_LONG', `The field ${part.fieldname} is longer than ${MAX_FIELD_BYTES} bytes`);
      yield { type: 'field', name: part.fieldname, value: typeof part.value === 'string' ? part.value : String(part.value) };
    }
  }
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback and the exact name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7E]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function documentRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/proposals/:id/documents',
    { schema: { tags: ['documents'], summary: 'The documents of a proposal, with their versions and what may be uploaded (whoever sees the proposal)', params: IdParams, response: { 200: DocumentListSchema } } },
    async (req) => listDocuments(ctxOf(req, deps), req.params.id),
  );

  r.patch(
    '/api/v1/documents/:id',
    {
      schema: {
        tags: ['documents'],
        summary: 'Mark a document business-confidential (with its justification) or clear the mark (consortium members who may edit, while the proposal is editable)',
        params: IdParams,
        body: DocumentMarkBody,
        response: { 200: DocumentSchema },
      },
    },
    async (req) => markDocument(ctxOf(req, deps), req.params.id, req.body),
  );

  r.delete(
    '/api/v1/documents/:id',
    { schema: { tags: ['documents'], summary: 'Delete a document that was never submitted (409 DOCUMENT_SUBMITTED otherwise)', params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await deleteDocument(ctxOf(req, deps), req.params.id);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/v1/documents/versions/:versionId/download',
    {
      // A download is audited: no HEAD twin that would record one without sending the file.
      exposeHeadRoute: false,
      schema: {
        tags: ['documents'],
        summary: 'Download a document version (always as an attachment, audited); whoever sees the proposal, 404 for anyone else',
        params: VersionParams,
        response: { 200: binaryDownload('application/octet-stream', 'the file, with the type read from its content') },
      },
    },
    async (req, reply) => {
      const { meta, stream } = await downloadDocumentVersion(ctxOf(req, deps), req.params.versionId);
      const type = meta.mimeType.startsWith('text/') ? `${meta.mimeType}; charset=utf-8` : meta.mimeType;
      return reply
        .type(type)
        .header('content-length', String(meta.sizeBytes))
        .header('content-disposition', contentDisposition(meta.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cross-origin-resource-policy', 'same-origin')
        .header('x-document-sha256', meta.sha256)
        // Fastify streams a Readable as it is; the schema above only documents the bytes.
        .send(stream as unknown as Uint8Array);
    },
  );

  // The upload, in a scope of its own: only it takes multipart/form-data, and only from whom may
  // edit some proposal (checked before the body is read, src/server/http/access.ts); the rest is
  // checked against the proposal before the file is read.
  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1, fileSize: MAX_ATTACHMENT_BYTES } });
    // The multipart body is read by the handler, as it streams: nothing for the schema to check.
    scope.addHook('preValidation', async (req) => {
      if (req.isMultipart()) req.body = {};
    });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post(
      '/api/v1/proposals/:id/documents',
      {
        config: { uploadBy: mayEverUploadDocuments },
        schema: {
          tags: ['documents'],
          summary:
            'Upload a document, a new version of one (documentId) or the public version of a BCI document (variant=public) as multipart/form-data: the fields first, then the file. Type read from the content (415 when refused or not accepted by the call), size limited by the attachment type (413); nothing is stored on any refusal',
          consumes: ['multipart/form-data'],
          params: IdParams,
          body: DocumentUploadBody,
          response: { 201: DocumentSchema },
        },
      },
      async (req, reply) => {
        if (!req.isMultipart()) throw new AppError(415, 'UPLOAD_MULTIPART_REQUIRED', 'Send the document as multipart/form-data: the fields, then the file part');
        const ctx = ctxOf(req, deps);
        try {
          const doc = await uploadDocument(ctx, req.params.id, uploadParts(req));
          return reply.code(201).send(doc);
        } catch (err) {
          // What is left of the body is not read: the connection cannot serve another request.
          reply.header('connection', 'close');
          req.raw.unpipe();
          throw multipartProblem(err);
        }
      },
    );
  });
}
