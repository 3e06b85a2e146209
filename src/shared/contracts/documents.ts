// Documents attached to a proposal: uploaded files, each kept in versions, marked business-confidential
// (BCI) with a justification where they are, with a public (redacted) version beside the full one.
import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

export const DOCUMENT_VARIANTS = ['full', 'public'] as const;
export type DocumentVariant = (typeof DOCUMENT_VARIANTS)[number];

/** One stored file of a document: a version of its full text or of its public (redacted) text. */
export type DocumentVersionView = {
  id: string;
  version: number;
  variant: DocumentVariant;
  fileName: string;
  /** The type read from the file's content, never from its name or the upload's header. */
  mimeType: string;
  sizeBytes: number;
  /** SHA-256 of the stored bytes, hex. */
  sha256: string;
  uploadedAt: string;
};

export type DocumentView = {
  id: string;
  attachmentType: string;
  title: string;
  bci: boolean;
  bciJustification: string | null;
  currentVersion: number;
  /** The full text's current version; null when only public material is asked for. */
  full: DocumentVersionView | null;
  /** The public version: a BCI document's redacted file; a document that is not BCI is public as it is. */
  public: DocumentVersionView | null;
};

export const DocumentVersionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  variant: z.enum(DOCUMENT_VARIANTS),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedAt: Timestamp,
});

/** A version in a document's history, with who uploaded it and the proposal revision it belongs to. */
export const DocumentHistoryEntrySchema = DocumentVersionSchema.extend({
  proposalRevision: z.number().int().nullable(),
  uploadedBy: z.string().describe('name of the uploader'),
});
export type DocumentHistoryEntry = z.infer<typeof DocumentHistoryEntrySchema>;

export const DocumentSchema = z.object({
  id: z.string(),
  attachmentType: z.string(),
  title: z.string(),
  bci: z.boolean(),
  bciJustification: z.string().nullable(),
  currentVersion: z.number().int(),
  full: DocumentVersionSchema.nullable(),
  public: DocumentVersionSchema.nullable(),
  /** Every version the viewer may see, newest first. */
  history: z.array(DocumentHistoryEntrySchema),
  /** Whether the viewer may add versions, mark or delete it now. */
  editable: z.boolean(),
  /** A BCI document whose call asks for a public version and has none yet. */
  publicVersionMissing: z.boolean(),
});
export type DocumentDetail = z.infer<typeof DocumentSchema>;

export const AttachmentTypeSchema = z.object({
  key: z.string(),
  title: z.string(),
  required: z.boolean(),
  maxBytes: z.number().int(),
  mimeTypes: z.array(z.string()),
  publicVersionRequiredIfBci: z.boolean(),
});
export type AttachmentTypeView = z.infer<typeof AttachmentTypeSchema>;

export const DocumentListSchema = z.object({
  items: z.array(DocumentSchema),
  /** What may be uploaded: the call's attachment types, or the defaults for a proposal without a call. */
  attachmentTypes: z.array(AttachmentTypeSchema),
  bciJustificationRequired: z.boolean(),
  /** Whether the viewer may upload now. */
  editable: z.boolean(),
  /** 'working': the consortium's current material; 'submitted': the material of the last submission. */
  source: z.enum(['working', 'submitted']),
});
export type DocumentList = z.infer<typeof DocumentListSchema>;

const FormBoolean = z.enum(['true', 'false', '1', '0', 'on']);

/**
 * The text fields of an upload (multipart/form-data), sent BEFORE the file part: the limits of the
 * attachment type are known before a byte of the file is read.
 */
export const DocumentUploadFields = z.strictObject({
  attachmentType: z.string().trim().min(1).max(40).optional().describe('the call’s attachment type; required for a new document'),
  title: z.string().trim().min(1).max(300).optional().describe('required for a new document'),
  bci: FormBoolean.optional().describe('"true": the document holds business-confidential information'),
  bciJustification: z.string().trim().max(1000).optional(),
  variant: z.enum(DOCUMENT_VARIANTS).optional().describe('"full" (default) or "public": the redacted version of a BCI document'),
  documentId: Id.optional().describe('an existing document: the upload is its next version (or its public version)'),
});
export type DocumentUploadFields = z.infer<typeof DocumentUploadFields>;

/** The documented body of the upload route; the file part is named `file` and comes last. */
export const DocumentUploadBody = DocumentUploadFields.extend({
  file: z.custom<unknown>(() => true).meta({ type: 'string', format: 'binary', description: 'the file, as the last part' }),
})
  .partial()
  .optional();

/** Marking a document BCI (with its justification) or not. */
export const DocumentMarkBody = z.strictObject({
  bci: z.boolean(),
  bciJustification: z.string().trim().max(1000).nullable().default(null),
});
export type DocumentMarkBody = z.infer<typeof DocumentMarkBody>;

export const VersionParams = z.object({ versionId: Id });

/** The media types accepted when a proposal has no call, or its call names none for the type. */
export const DEFAULT_DOCUMENT_MIME_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/png',
  'image/jpeg',
  'text/csv',
  'text/plain',
] as const;

/** The size limit when a proposal has no call (25 MiB). */
export const DEFAULT_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;

/** Short names of the media types, for the web app's hints. */
export const MIME_TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'text/csv': 'CSV',
  'text/plain': 'plain text',
};
