// License records kept against cells of the matrix: add one, and update status, BIS application
// number, expiry and conditions (the server refuses a stale version with 409).
import { useState } from 'react';
import { LICENSE_STATUSES, type ComplianceMatrixView, type LicenseStatus, type LicenseView } from '../../../shared/contracts/compliance.ts';
import { CodeOptions, ErrorBox, TableScroll } from '../../components/ui.tsx';
import { ApiError, patch, post } from '../../lib/api.ts';
import { humanize } from '../../lib/format.ts';
import type { Square } from './MatrixGrid.tsx';

interface NewLicense {
  componentId: string;
  market: string;
  partyId: string;
  status: LicenseStatus;
  bisApplicationNumber: string;
  expiresAt: string;
  conditions: string;
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

export function LicenseTracker({ m, preset, onChanged }: { m: ComplianceMatrixView; preset: Square | null; onChanged: () => Promise<void> }) {
  const blank = (s: Square | null): NewLicense => ({
    componentId: s?.componentId ?? m.components[0]?.id ?? '',
    market: s?.market ?? m.markets[0]?.code ?? '',
    partyId: '',
    status: 'needed',
    bisApplicationNumber: '',
    expiresAt: '',
    conditions: '',
  });
  const [form, setForm] = useState<NewLicense>(() => blank(preset));
  const [presetSeen, setPresetSeen] = useState<Square | null>(preset);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (preset !== presetSeen) {
    // A square's "Record a license" button pre-fills the form.
    setPresetSeen(preset);
    setForm(blank(preset));
  }
  const components = new Map(m.components.map((c) => [c.id, c]));
  const parties = new Map(m.parties.map((p) => [p.id, p]));
  const marketParties = m.markets.find((x) => x.code === form.market)?.partyIds ?? [];

  async function add() {
    try {
      setError(null);
      await post(`/api/v1/proposals/${m.proposalId}/licenses`, {
        componentId: form.componentId,
        market: form.market,
        partyId: form.partyId || null,
        status: form.status,
        bisApplicationNumber: form.bisApplicationNumber.trim() || null,
        expiresAt: form.expiresAt || null,
        conditions: lines(form.conditions),
      });
      setNotice('License record added.');
      setForm(blank(null));
      await onChanged();
    } catch (e) {
      setNotice(null);
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby="licenses-title">
      <h2 id="licenses-title">License tracker</h2>
      <ErrorBox error={error} />
      {notice && (
        <p role="status" className="good">
          {notice}
        </p>
      )}
      {m.licenses.length === 0 ? (
        <p className="muted">No license records yet.</p>
      ) : (
        <TableScroll label="License records">
          <table className="licenses">
            <thead>
              <tr>
                <th scope="col">Component → market</th>
                <th scope="col">Party</th>
                <th scope="col">Status</th>
                <th scope="col">BIS application</th>
                <th scope="col">Expires</th>
                <th scope="col">Conditions</th>
                {m.canEditLicenses && <th scope="col">Save</th>}
              </tr>
            </thead>
            <tbody>
              {m.licenses.map((l) => (
                <LicenseRow
                  key={`${l.id}:${l.version}`}
                  l={l}
                  label={`${components.get(l.componentId)?.name ?? l.componentId} → ${l.market}`}
                  party={l.partyId ? (parties.get(l.partyId)?.name ?? l.partyId) : 'All parties'}
                  editable={m.canEditLicenses}
                  onSaved={async () => {
                    setNotice('License record updated.');
                    await onChanged();
                  }}
                  onError={setError}
                />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {m.canEditLicenses && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <fieldset>
            <legend>Add a license record</legend>
            <div className="grid3">
              <label>
                Component
                <select value={form.componentId} onChange={(e) => setForm({ ...form, componentId: e.target.value })}>
                  {m.components.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({c.eccn ?? 'no ECCN'})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Market
                <select value={form.market} onChange={(e) => setForm({ ...form, market: e.target.value, partyId: '' })}>
                  {m.markets.map((x) => (
                    <option key={x.code} value={x.code}>
                      {x.code} {x.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Party
                <select value={form.partyId} onChange={(e) => setForm({ ...form, partyId: e.target.value })}>
                  <option value="">All parties of the market</option>
                  {marketParties.map((id) => (
                    <option key={id} value={id}>
                      {parties.get(id)?.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Status
                <select value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as LicenseStatus })}>
                  <CodeOptions codes={LICENSE_STATUSES} />
                </select>
              </label>
              <label>
                BIS application number
                <input value={form.bisApplicationNumber} onChange={(e) => setForm({ ...form, bisApplicationNumber: e.target.value })} maxLength={64} />
              </label>
              <label>
                Expires
                <input type="date" value={form.expiresAt} onChange={(e) => setForm({ ...form, expiresAt: e.target.value })} />
              </label>
              <label className="span3">
                Conditions (one per line)
                <textarea rows={2} value={form.conditions} onChange={(e) => setForm({ ...form, conditions: e.target.value })} />
              </label>
            </div>
            <button type="submit">Add license record</button>
          </fieldset>
        </form>
      )}
    </section>
  );
}

function LicenseRow({ l, label, party, editable, onSaved, onError }: { l: LicenseView; label: string; party: string; editable: boolean; onSaved: () => Promise<void>; onError: (e: unknown) => void }) {
  const [status, setStatus] = useState<LicenseStatus>(l.status);
  const [number, setNumber] = useState(l.bisApplicationNumber ?? '');
  const [expires, setExpires] = useState(l.expiresAt ?? '');
  const [conditions, setConditions] = useState(l.conditions.join('\n'));
  async function save() {
    try {
      onError(null);
      await patch(`/api/v1/licenses/${l.id}`, { version: l.version, status, bisApplicationNumber: number.trim() || null, expiresAt: expires || null, conditions: lines(conditions) });
      await onSaved();
    } catch (e) {
      onError(e);
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') await onSaved();
    }
  }
  if (!editable) {
    return (
      <tr>
        <th scope="row">
          {label}
          {l.orphaned && <span className="bad small"> (no longer in the package)</span>}
        </th>
        <td>{party}</td>
        <td>{humanize(l.status)}</td>
        <td>{l.bisApplicationNumber ?? '—'}</td>
        <td>{l.expiresAt ?? '—'}</td>
        <td>{l.conditions.join('; ') || '—'}</td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row">
        {label}
        {l.orphaned && <span className="bad small"> (no longer in the package)</span>}
      </th>
      <td>{party}</td>
      <td>
        <select aria-label={`Status of ${label}`} value={status} onChange={(e) => setStatus(e.target.value as LicenseStatus)}>
          <CodeOptions codes={LICENSE_STATUSES} />
        </select>
      </td>
      <td>
        <input aria-label={`BIS application number of ${label}`} value={number} onChange={(e) => setNumber(e.target.value)} maxLength={64} />
      </td>
      <td>
        <input aria-label={`Expiry of ${label}`} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </td>
      <td>
        <textarea aria-label={`Conditions of ${label}`} rows={2} value={conditions} onChange={(e) => setConditions(e.target.value)} />
      </td>
      <td>
        <button type="button" onClick={() => void save()}>
          Save
        </button>
      </td>
    </tr>
  );
}
