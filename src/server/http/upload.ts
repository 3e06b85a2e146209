// File uploads as multipart/form-data with one file part, for the routes of one scope (the list
// import and the batch screening). The multipart parser reads nothing itself; after the caller and
// their right to upload were checked (access.ts, before any body is read), a preValidation hook
// streams the file part in, refusing it with 413 FILE_TOO_LARGE as soon as it passes the route's
// body limit, and hands the route the file's text as its body, exactly as a raw text/csv upload
// arrives. Services take the text either way.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The file name a multipart upload gave its file part; null for any other body. */
    uploadFileName: string | null;
  }
}

/** Form fields beside the file are ignored, and kept small. */
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 1024;
/** As the query's `fileName` of the list import. */
const MAX_FILE_NAME_LENGTH = 300;
// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

function checkedFileName(name: string | undefined): string | null {
  if (!name) return null;
  if (name.length > MAX_FILE_NAME_LENGTH || CONTROL.test(name)) {
    throw new AppError(400, 'INVALID_FILE_NAME', `The file part's name must be at most ${MAX_FILE_NAME_LENGTH} characters, without control characters`);
  }
  return name;
}

/** The Fastify or busboy failure of a multipart body, as a problem aiep names. */
function multipartProblem(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return fileTooLarge();
    case 'FST_FILES_LIMIT':
      return new AppError(400, 'UPLOAD_ONE_FILE', 'Send exactly one file part');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(400, 'UPLOAD_TOO_MANY_PARTS', `Send one file part and at most ${MAX_FIELDS} other fields`);
    default:
      return new AppError(400, 'MALFORMED_MULTIPART', 'The multipart/form-data body cannot be read');
  }
}

const fileTooLarge = () => new AppError(413, 'FILE_TOO_LARGE', 'The uploaded file is larger than this route accepts');

/**
 * Reads the single file part of a multipart request into text, never holding more than `limit`
 * bytes: a larger file is refused while it streams. Form fields are ignored.
 */
export async function readUploadedFile(req: FastifyRequest, limit: number): Promise<{ text: string; fileName: string | null }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let fileName: string | null = null;
  let files = 0;
  try {
    for await (const part of req.parts({ limits: { fileSize: limit, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 } })) {
      if (part.type !== 'file') continue;
      files++;
      fileName = checkedFileName(part.filename);
      const file = part.file;
      // Busboy stops passing data on at the limit but goes on reading the request to its end:
      // stop reading it there, at once, and fail the file.
      file.once('limit', () => {
        req.raw.unpipe();
        req.raw.pause();
        file.destroy(fileTooLarge());
      });
      for await (const chunk of file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) throw fileTooLarge();
        chunks.push(chunk);
      }
      if (file.truncated) throw fileTooLarge();
    }
  } catch (err) {
    throw multipartProblem(err);
  }
  if (files === 0) throw new AppError(400, 'UPLOAD_NO_FILE', 'Send the file as a part of the multipart/form-data body');
  return { text: Buffer.concat(chunks, size).toString('utf8'), fileName };
}

/**
 * Lets the routes of `scope` take their body as multipart/form-data with one file part, up to each
 * route's body limit. Register it in a scope that holds only upload routes (each with `bodyLimit`
 * and `config.uploadBy`): any other route of the scope would accept a multipart body too.
 */
export async function registerFileUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, { limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 } });
  scope.decorateRequest('uploadFileName', null);
  scope.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.isMultipart()) return;
    try {
      const upload = await readUploadedFile(req, req.routeOptions.bodyLimit ?? req.server.initialConfig.bodyLimit ?? 0);
      req.body = upload.text;
      req.uploadFileName = upload.fileName;
    } catch (err) {
      // What is left of the body is not read: the connection cannot serve another request.
      reply.header('connection', 'close');
      throw err;
    }
  });
}

/**
 * The file name of an upload: the query's `fileName` when the client gave one, else the name of
 * the multipart file part, else the query's default.
 */
export function uploadFileName(req: FastifyRequest, fromQuery: string): string {
  if (req.uploadFileName === null) return fromQuery;
  const url = req.raw.url ?? '';
  const q = url.indexOf('?');
  return q >= 0 && new URLSearchParams(url.slice(q + 1)).has('fileName') ? fromQuery : req.uploadFileName;
}
