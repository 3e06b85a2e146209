// List sources: where each list is downloaded from, its schedule, how the last check went, the
// HTTP validators, the data's age and a stale badge; admins enable, edit and refresh a source now.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ListSource } from '../../../shared/contracts/list-sources.ts';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { patch, post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';

const SOURCES = '/api/v1/lists/sources';
const FORMATS: [string, string][] = [
  ['csl', 'CSL (CSV or JSON)'],
  ['ofac-sdn', 'OFAC SDN CSV'],
  ['ofac-cons', 'OFAC non-SDN CSV'],
  ['un', 'UN XML'],
  ['dpl', 'BIS Denied Persons'],
  ['eu-fsf', 'EU financial sanctions (FSF XML)'],
  ['uk-csv', 'UK Sanctions List CSV'],
  ['uk-xml', 'UK Sanctions List XML'],
  ['ofsi-csv', 'OFSI Consolidated List CSV'],
];

interface SourcesAnswer {
  items: ListSource[];
  stale: boolean;
  shippedSnapshotActive: boolean;
  notice: string | null;
}

const every = (minutes: number) => (minutes % 1440 === 0 ? `every ${minutes / 1440} d` : minutes % 60 === 0 ? `every ${minutes / 60} h` : `every ${minutes} min`);
const age = (hours: number | null) => (hours === null ? '—' : hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.round(hours)} h`);

export function SourcesPanel({ canManage }: { canManage: boolean }) {
  const { data, error } = useApiQuery<SourcesAnswer>(SOURCES);
  const queryClient = useQueryClient();
  const action = useAction(() => invalidate(queryClient, [SOURCES, '/api/v1/lists', '/api/v1/screening']));
  const [editing, setEditing] = useState<string | null>(null);
  const edited = data?.items.find((s) => s.list === editing) ?? null;
  return (
    <section className="card" aria-labelledby="sources-h">
      <h2 id="sources-h">Sources</h2>
      <p className="muted small">
        Where each list is downloaded from. An enabled source is checked on its schedule; a changed file is imported (and, with auto-activate, activated). A failed check keeps the active version. Sources are off unless
        an administrator turns them on: aiep runs offline.
      </p>
      {data?.notice && <Alert kind="info">{data.notice}</Alert>}
      <ErrorBox error={error ?? action.error} />
      {action.notice && <Alert kind="success">{action.notice}</Alert>}
      {!data ? (
        <Loading />
      ) : (
        <TableScroll label="List sources">
          <table>
            <caption className="sr-only">List sources, their last check and the age of each list’s data</caption>
            <thead>
              <tr>
                <th scope="col">List</th>
                <th scope="col">Source</th>
                <th scope="col">Schedule</th>
                <th scope="col">Last check</th>
                <th scope="col">Validators</th>
                <th scope="col">Data age</th>
                {canManage && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <tr key={s.list}>
                  <th scope="row">
                    {s.title} <span className="muted small">({s.list})</span>
                    <div className="small">{s.enabled ? <span className="badge badge-clear">enabled{s.enabledByEnvironment ? ' (environment)' : ''}</span> : <span className="badge">disabled</span>}</div>
                  </th>
                  <td className="small">
                    <span style={{ wordBreak: 'break-all' }}>{s.url}</span>
                    <div className="muted">
                      {s.format}
                      {s.autoActivate ? ', auto-activate' : ', activate by hand'}
                    </div>
                  </td>
                  <td className="small">
                    {every(s.intervalMinutes)}, max age {s.maxAgeHours} h{s.nextCheckAt && <div className="muted">next {dateTime(s.nextCheckAt)}</div>}
                  </td>
                  <td className="small">
                    {dateTime(s.lastCheckedAt)}
                    {s.lastStatus && (
                      <div>
                        <span className={`badge ${s.lastStatus === 'failed' ? 'badge-prohibited' : 'badge-clear'}`}>{s.lastStatus}</span>
                      </div>
                    )}
                    {s.lastError && <div className="bad">{s.lastError}</div>}
                  </td>
                  <td className="small">
                    <div>ETag: {s.validators.etag ?? '—'}</div>
                    <div>Last-Modified: {s.validators.lastModified ?? '—'}</div>
                  </td>
                  <td className="small">
                    {age(s.ageHours)}
                    {s.dataAsOf && <div className="muted">as of {dateTime(s.dataAsOf)}</div>}
                    {s.stale && (
                      <div>
                        <span className="badge badge-prohibited">stale</span>
                      </div>
                    )}
                    {s.activeVersion?.shippedSnapshot && <div className="muted">shipped May 2022 snapshot</div>}
                  </td>
                  {canManage && (
                    <td>
                      <div className="actions" style={{ margin: 0 }}>
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`${s.enabled ? 'Disable' : 'Enable'} the ${s.title} source`}
                          disabled={action.pending || (s.enabled && s.enabledByEnvironment)}
                          onClick={() => void action.run(`${s.title}: source ${s.enabled ? 'disabled' : 'enabled'}.`, () => patch(`${SOURCES}/${s.list}`, { enabled: !s.enabled }))}
                        >
                          {s.enabled ? 'Disable' : 'Enable'}
                        </button>
                        <button type="button" className="secondary" aria-label={`Edit the ${s.title} source`} aria-expanded={editing === s.list} onClick={() => setEditing(editing === s.list ? null : s.list)}>
                          Edit
                        </button>
                        <button
                          type="button"
                          aria-label={`Refresh now: ${s.title}`}
                          disabled={action.pending}
                          onClick={() => void action.run(`${s.title}: a check is queued; the worker runs it within a minute.`, () => post(`${SOURCES}/${s.list}/refresh`))}
                        >
                          Refresh now
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {canManage && edited && <SourceForm key={edited.list} source={edited} onClose={() => setEditing(null)} run={action.run} pending={action.pending} />}
    </section>
  );
}

function SourceForm({ source, onClose, run, pending }: { source: ListSource; onClose: () => void; run: (label: string, fn: () => Promise<unknown>) => Promise<boolean>; pending: boolean }) {
  const [url, setUrl] = useState(source.url);
  const [format, setFormat] = useState(source.format);
  const [interval, setIntervalMinutes] = useState(String(source.intervalMinutes));
  const [maxAge, setMaxAge] = useState(String(source.maxAgeHours));
  const [autoActivate, setAutoActivate] = useState(source.autoActivate);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { url, format, intervalMinutes: Number(interval), maxAgeHours: Number(maxAge), autoActivate };
    if (await run(`${source.title}: source saved.`, () => patch(`${SOURCES}/${source.list}`, body))) onClose();
  }
  const id = (f: string) => `source-${source.list}-${f}`;
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={id('h')}>
      <h3 id={id('h')}>Edit the {source.title} source</h3>
      <div className="inline">
        <label htmlFor={id('url')}>URL</label>
        <input id={id('url')} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} size={60} />
        <label htmlFor={id('format')}>Format</label>
        <select id={id('format')} value={format} onChange={(e) => setFormat(e.target.value)}>
          {[...FORMATS, ...(FORMATS.some(([f]) => f === source.format) ? [] : [[source.format, source.format] as [string, string]])].map(([f, label]) => (
            <option key={f} value={f}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor={id('interval')}>Check every (minutes)</label>
        <input id={id('interval')} type="number" min={5} max={43200} required value={interval} onChange={(e) => setIntervalMinutes(e.target.value)} />
        <label htmlFor={id('maxage')}>Maximum age (hours)</label>
        <input id={id('maxage')} type="number" min={1} max={8760} required value={maxAge} onChange={(e) => setMaxAge(e.target.value)} />
        <label className="check">
          <input type="checkbox" checked={autoActivate} onChange={(e) => setAutoActivate(e.target.checked)} /> Activate a new download at once
        </label>
      </div>
      <div className="actions">
        <button type="submit" disabled={pending}>
          Save
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
