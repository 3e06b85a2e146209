// The documents of a proposal: the consortium uploads files by attachment type, marks a document
// business-confidential (BCI) with a justification and uploads its public (redacted) version, adds
// new versions, and deletes a document never submitted; everyone who sees the proposal (reviewers,
// the program office) reads the list and downloads. The server reads each file's type from its
// content and refuses markup and executables; the hints here only save a round trip.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { MIME_TYPE_LABELS, type AttachmentTypeView, type DocumentDetail, type DocumentList } from '../../../shared/contracts/documents.ts';
import { useConfirm } from '../../components/ConfirmDialog.tsx';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { ApiError, csrfHeaders, del, patch } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

const typesText = (mimeTypes: string[]) => mimeTypes.map((m) => MIME_TYPE_LABELS[m] ?? m).join(', ');

/** Sends one file with its fields as multipart/form-data: the fields first, then the file. */
export async function uploadFile(proposalId: string, fields: Record<string, string>, file: File): Promise<DocumentDetail> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file.name);
  const res = await fetch(`/api/v1/proposals/${proposalId}/documents`, { method: 'POST', body: form, headers: { accept: 'application/json', ...csrfHeaders() }, credentials: 'same-origin' });
  const text = await res.text();
  let data: Record<string, unknown> | null = null;
  try {
    data = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    throw new ApiError(res.status, String(data?.code ?? 'ERROR'), String(data?.detail ?? res.statusText), (data?.errors as ApiError['errors']) ?? [], data ?? {});
  }
  return data as unknown as DocumentDetail;
}

const downloadUrl = (versionId: string) => `/api/v1/documents/versions/${versionId}/download`;

export function DocumentsPanel({ proposalId }: { proposalId: string }) {
  const url = `/api/v1/proposals/${proposalId}/documents`;
  const loaded = useApiQuery<DocumentList>(url);
  const queryClient = useQueryClient();
  const action = useAction(() => invalidate(queryClient, [url, `/api/v1/proposals/${proposalId}/history`]));
  const { confirm, dialog } = useConfirm();
  const list = loaded.data;
  if (!list) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />;

  const remove = async (d: DocumentDetail) => {
    const yes = await confirm({
      title: `Delete “${d.title}”?`,
      body: <p>The document and its versions leave the proposal. Only a document that was never submitted can be deleted.</p>,
      confirmLabel: 'Delete document',
    });
    if (yes) await action.run(`“${d.title}” deleted.`, () => del(`/api/v1/documents/${d.id}`));
  };

  return (
    <section className="card documents" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      {list.source === 'submitted' && <p className="muted">The documents as the consortium submitted them.</p>}
      {action.notice && <Alert kind="success">{action.notice}</Alert>}
      <ErrorBox error={action.error} />
      {list.items.length === 0 ? (
        <p className="muted">No documents yet.</p>
      ) : (
        <TableScroll label="Documents of the proposal">
          <table>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Type</th>
                <th scope="col">Confidentiality</th>
                <th scope="col">Current file</th>
                <th scope="col">Public version</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((d) => (
                <DocumentRow key={d.id} d={d} types={list.attachmentTypes} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {list.items.map((d) => (
        <DocumentDetails key={d.id} d={d} proposalId={proposalId} list={list} onRemove={() => void remove(d)} run={action.run} />
      ))}
      {list.editable && <NewDocumentForm proposalId={proposalId} list={list} onUploaded={() => invalidate(queryClient, [url, `/api/v1/proposals/${proposalId}/history`])} />}
      {dialog}
    </section>
  );
}

function DocumentRow({ d, types }: { d: DocumentDetail; types: AttachmentTypeView[] }) {
  const type = types.find((t) => t.key === d.attachmentType);
  return (
    <tr>
      <th scope="row">{d.title}</th>
      <td>{type?.title ?? d.attachmentType}</td>
      <td>
        {d.bci ? (
          <>
            <span className="badge badge-bci">BCI</span> {d.bciJustification && <span className="muted">{d.bciJustification}</span>}
          </>
        ) : (
          'Not confidential'
        )}
      </td>
      <td>
        {d.full ? (
          <a href={downloadUrl(d.full.id)} download={d.full.fileName}>
            {d.full.fileName}
          </a>
        ) : (
          '—'
        )}
        {d.full && (
          <span className="muted">
            {' '}
            v{d.full.version} · {formatBytes(d.full.sizeBytes)}
          </span>
        )}
      </td>
      <td>
        {!d.bci ? (
          <span className="muted">the document itself</span>
        ) : d.public ? (
          <a href={downloadUrl(d.public.id)} download={d.public.fileName}>
            {d.public.fileName}
          </a>
        ) : (
          <span className={d.publicVersionMissing ? 'bad' : 'muted'}>{d.publicVersionMissing ? 'missing — the call asks for one' : 'none'}</span>
        )}
      </td>
    </tr>
  );
}

type Run = (label: string, fn: () => Promise<unknown>) => Promise<boolean>;

/** A document's history, and for whoever may change it: a new version, the public version, the BCI mark, deleting. */
function DocumentDetails({ d, proposalId, list, onRemove, run }: { d: DocumentDetail; proposalId: string; list: DocumentList; onRemove: () => void; run: Run }) {
  const [marking, setMarking] = useState(false);
  const [bci, setBci] = useState(d.bci);
  const [why, setWhy] = useState(d.bciJustification ?? '');
  const type = list.attachmentTypes.find((t) => t.key === d.attachmentType);
  const saveMark = async (e: FormEvent) => {
    e.preventDefault();
    const done = await run(bci ? `“${d.title}” marked BCI.` : `“${d.title}” no longer marked BCI.`, () => patch(`/api/v1/documents/${d.id}`, { bci, bciJustification: bci ? why.trim() || null : null }));
    if (done) setMarking(false);
  };
  return (
    <details className="document-details">
      <summary>
        {d.title}: {d.history.length} version(s){d.editable ? ', changes' : ''}
      </summary>
      <ol className="plain">
        {d.history.map((v) => (
          <li key={v.id}>
            <a href={downloadUrl(v.id)} download={v.fileName}>
              {v.variant === 'public' ? 'Public version' : 'Version'} {v.version}: {v.fileName}
            </a>{' '}
            <span className="muted">
              {formatBytes(v.sizeBytes)} · {v.mimeType} · uploaded {dateTime(v.uploadedAt)} by {v.uploadedBy}
              {v.proposalRevision !== null && ` · revision ${v.proposalRevision}`} · SHA-256 <code title={v.sha256}>{v.sha256.slice(0, 12)}…</code>
            </span>
          </li>
        ))}
      </ol>
      {d.editable && (
        <div className="document-actions">
          <FileUpload label={`New version of “${d.title}”`} accept={type?.mimeTypes} maxBytes={type?.maxBytes} onFile={(f) => run(`New version of “${d.title}” uploaded.`, () => uploadFile(proposalId, { documentId: d.id }, f))} />
          {d.bci && (
            <FileUpload
              label={`Public (redacted) version of “${d.title}”`}
              accept={type?.mimeTypes}
              maxBytes={type?.maxBytes}
              onFile={(f) => run(`Public version of “${d.title}” uploaded.`, () => uploadFile(proposalId, { documentId: d.id, variant: 'public' }, f))}
            />
          )}
          {marking ? (
            <form onSubmit={(e) => void saveMark(e)} aria-label={`Confidentiality of “${d.title}”`}>
              <label>
                <input type="checkbox" checked={bci} onChange={(e) => setBci(e.target.checked)} /> Business-confidential information (BCI)
              </label>
              {bci && (
                <label>
                  Why it is confidential{list.bciJustificationRequired ? ' (required)' : ''}
                  <textarea rows={2} maxLength={1000} value={why} onChange={(e) => setWhy(e.target.value)} required={list.bciJustificationRequired} />
                </label>
              )}
              <button type="submit">Save marking</button>{' '}
              <button type="button" className="secondary" onClick={() => setMarking(false)}>
                Cancel
              </button>
            </form>
          ) : (
            <button type="button" className="secondary" onClick={() => setMarking(true)}>
              Change BCI marking
            </button>
          )}{' '}
          <button type="button" className="secondary" onClick={onRemove}>
            Delete document
          </button>
        </div>
      )}
    </details>
  );
}

/** A file input that uploads on choice, after checking the size and type hints. */
function FileUpload({ label, accept, maxBytes, onFile }: { label: string; accept: string[] | undefined; maxBytes: number | undefined; onFile: (f: File) => Promise<boolean> }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="file-upload">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={input}
        type="file"
        accept={accept?.join(',')}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (!f) return;
          if (maxBytes !== undefined && f.size > maxBytes) {
            setError(`The file is ${formatBytes(f.size)}; at most ${formatBytes(maxBytes)} is accepted.`);
            return;
          }
          setError(null);
          void onFile(f).then((ok) => {
            if (ok && input.current) input.current.value = '';
          });
        }}
      />
      {error && <Alert>{error}</Alert>}
    </div>
  );
}

function NewDocumentForm({ proposalId, list, onUploaded }: { proposalId: string; list: DocumentList; onUploaded: () => Promise<void> }) {
  const [typeKey, setTypeKey] = useState(list.attachmentTypes[0]?.key ?? '');
  const [title, setTitle] = useState('');
  const [bci, setBci] = useState(false);
  const [why, setWhy] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const action = useAction(onUploaded);
  const type = list.attachmentTypes.find((t) => t.key === typeKey);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!type || !file) return;
    if (file.size > type.maxBytes) {
      setProblem(`The file is ${formatBytes(file.size)}; a ${type.title} may be at most ${formatBytes(type.maxBytes)}.`);
      return;
    }
    if (bci && list.bciJustificationRequired && !why.trim()) {
      setProblem('Say why the document is business-confidential.');
      return;
    }
    setProblem(null);
    const fields: Record<string, string> = { attachmentType: type.key, title: title.trim(), bci: bci ? 'true' : 'false' };
    if (bci && why.trim()) fields.bciJustification = why.trim();
    const done = await action.run(`“${title.trim()}” uploaded.`, () => uploadFile(proposalId, fields, file));
    if (done) {
      setTitle('');
      setBci(false);
      setWhy('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <form className="new-document" onSubmit={(e) => void submit(e)} aria-labelledby="new-document-heading">
      <h3 id="new-document-heading">Add a document</h3>
      {action.notice && <Alert kind="success">{action.notice}</Alert>}
      <ErrorBox error={action.error} />
      {problem && <Alert>{problem}</Alert>}
      <label>
        Attachment type
        <select value={typeKey} onChange={(e) => setTypeKey(e.target.value)}>
          {list.attachmentTypes.map((t) => (
            <option key={t.key} value={t.key}>
              {t.title}
              {t.required ? ' (required)' : ''}
            </option>
          ))}
        </select>
      </label>
      {type && (
        <p className="muted">
          {typesText(type.mimeTypes)}; at most {formatBytes(type.maxBytes)}.{type.publicVersionRequiredIfBci ? ' A BCI document of this type needs a public (redacted) version.' : ''}
        </p>
      )}
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required />
      </label>
      <label>
        <input type="checkbox" checked={bci} onChange={(e) => setBci(e.target.checked)} /> Holds business-confidential information (BCI)
      </label>
      {bci && (
        <label>
          Why it is confidential{list.bciJustificationRequired ? ' (required)' : ''}
          <textarea rows={2} maxLength={1000} value={why} onChange={(e) => setWhy(e.target.value)} />
        </label>
      )}
      <label>
        File
        <input ref={fileInput} type="file" accept={type?.mimeTypes.join(',')} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <button type="submit" disabled={!file || !title.trim() || action.pending}>
        {action.pending ? 'Uploading…' : 'Upload'}
      </button>
    </form>
  );
}
