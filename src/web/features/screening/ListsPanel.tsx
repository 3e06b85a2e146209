// Lists and their versions: import a file (admin), compare two versions, activate one (admin).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Alert, ErrorBox, Loading } from '../../components/ui.tsx';
import { dateTime } from '../../lib/format.ts';
import { post, postRaw } from '../../lib/api.ts';
import { invalidate, useApiQuery } from '../../lib/query.ts';
import type { ListVersion, ScreeningList, VersionDiff } from './api.ts';
import { SourcesPanel } from './SourcesPanel.tsx';

const LISTS = '/api/v1/lists';

export function ListsPanel({ canManage }: { canManage: boolean }) {
  const { data, error } = useApiQuery<{ items: ScreeningList[] }>(LISTS);
  const queryClient = useQueryClient();
  // An import or an activation changes the lists, their versions and what screening matches against.
  const changed = () => invalidate(queryClient, [LISTS, '/api/v1/screening']);
  return (
    <>
      <SourcesPanel canManage={canManage} />
      {canManage && <ImportForm onDone={changed} />}
      <ErrorBox error={error} />
      {!data ? <Loading /> : data.items.length === 0 ? <p className="muted">No list has been imported yet.</p> : data.items.map((l) => <ListCard key={l.code} list={l} canManage={canManage} onChange={changed} />)}
    </>
  );
}

function ImportForm({ onDone }: { onDone: () => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [activate, setActivate] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<ListVersion | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    try {
      const q = new URLSearchParams({ fileName: file.name, activate: String(activate), ...(format ? { format } : {}) });
      setDone(await postRaw<ListVersion>(`/api/v1/lists/import?${q}`, file, 'application/octet-stream'));
      setError(null);
      await onDone();
    } catch (err) {
      setError(err);
      setDone(null);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="import-h">
      <h2 id="import-h">Import a list file</h2>
      <form className="inline" onSubmit={(e) => void submit(e)}>
        <label>
          File
          <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="">detect</option>
            <option value="csl">CSL (CSV or JSON)</option>
            <option value="ofac-sdn">OFAC SDN CSV</option>
            <option value="ofac-cons">OFAC non-SDN CSV</option>
            <option value="un">UN XML</option>
            <option value="dpl">BIS Denied Persons</option>
            <option value="eu-fsf">EU financial sanctions (FSF XML)</option>
            <option value="uk-csv">UK Sanctions List CSV</option>
            <option value="uk-xml">UK Sanctions List XML</option>
            <option value="ofsi-csv">OFSI Consolidated List CSV</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} /> Activate at once
        </label>
        <button type="submit" disabled={!file || busy}>
          Import
        </button>
      </form>
      <ErrorBox error={error} />
      {done && (
        <Alert kind="success">
          Imported {done.entryCount} entries of {done.fileName} as a new version of {done.list}
          {done.status === 'active' ? ': it is now the active version.' : '. Activate it below to screen against it.'}
        </Alert>
      )}
    </section>
  );
}

function ListCard({ list, canManage, onChange }: { list: ScreeningList; canManage: boolean; onChange: () => Promise<void> }) {
  const { data, error } = useApiQuery<{ items: ListVersion[] }>(`${LISTS}/${list.code}/versions`);
  const [compared, compare] = useState<{ from: ListVersion; to: ListVersion } | null>(null);
  const diff = useApiQuery<VersionDiff>(`${LISTS}/diff?from=${compared?.from.id}&to=${compared?.to.id}`, { enabled: compared !== null });
  const [actionError, setActionError] = useState<unknown>(null);
  async function activate(v: ListVersion) {
    try {
      await post(`/api/v1/lists/versions/${v.id}/activate`);
      setActionError(null);
      await onChange();
    } catch (err) {
      setActionError(err);
    }
  }
  const versions = data?.items ?? [];
  const active = versions.find((v) => v.status === 'active');
  return (
    <section className="card" aria-label={list.title}>
      <h2>
        {list.title} <span className="muted small">({list.code})</span>
      </h2>
      <ErrorBox error={error ?? actionError ?? diff.error} />
      {!data ? (
        <Loading />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Entries</th>
              <th scope="col">Status</th>
              <th scope="col">Imported</th>
              <th scope="col">Activated</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v, i) => {
              const previous = versions.slice(i + 1).find((p) => p.status !== 'failed' && p.status !== 'importing');
              const base = active && active.id !== v.id ? active : previous;
              return (
                <tr key={v.id}>
                  <td>{v.fileName}</td>
                  <td>{v.entryCount}</td>
                  <td>
                    <span className={`badge badge-${v.status}`}>{v.status}</span>
                    {v.error && <span className="small bad"> {v.error}</span>}
                  </td>
                  <td>{dateTime(v.importedAt)}</td>
                  <td>{dateTime(v.activatedAt)}</td>
                  <td>
                    <div className="actions" style={{ margin: 0 }}>
                      {base && (v.status === 'ready' || v.status === 'active' || v.status === 'superseded') && (
                        <button type="button" className="secondary" onClick={() => compare({ from: base, to: v })}>
                          Diff with {base.id === active?.id ? 'active' : 'previous'}
                        </button>
                      )}
                      {canManage && (v.status === 'ready' || v.status === 'superseded') && (
                        <button type="button" onClick={() => void activate(v)}>
                          Activate
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {compared && diff.data && <DiffView {...compared} diff={diff.data} />}
    </section>
  );
}

function DiffView({ from, to, diff }: { from: ListVersion; to: ListVersion; diff: VersionDiff }) {
  return (
    <div aria-live="polite">
      <h3>
        {from.fileName} → {to.fileName}
      </h3>
      <p>
        {diff.counts.added} added, {diff.counts.removed} removed, {diff.counts.changed} changed, {diff.counts.unchanged} unchanged.
      </p>
      <div className="grid3">
        <DiffEntries title="Added" entries={diff.added} />
        <DiffEntries title="Removed" entries={diff.removed} />
        <DiffEntries title="Changed" entries={diff.changed} />
      </div>
    </div>
  );
}

/** One column of a version diff: the entries, with the fields that changed where there are any. */
function DiffEntries({ title, entries }: { title: string; entries: { list: string; entryId: string; name: string; fields?: string[] }[] }) {
  return (
    <div>
      <h4>{title}</h4>
      <ul className="small">
        {entries.map((e) => (
          <li key={`${e.list}-${e.entryId}`}>
            {e.name}{' '}
            <span className="muted">
              ({e.list} {e.entryId}
              {e.fields ? `: ${e.fields.join(', ')}` : ''})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
