// License records kept against cells of the matrix, through their life: add one, take the next
// lifecycle step (submitted to BIS, returned with a reason, approved with its license number,
// validity and authorized amounts, expired, revoked), record shipments that draw the balance down,
// and see how long BIS has had each application (the server refuses a stale version or a step
// not allowed with 409, and says why).
import { useState } from 'react';
import type { ComplianceMatrixView, LicenseStatus, LicenseView } from '../../../shared/contracts/compliance.ts';
import { LICENSE_CREATE_STATUSES, LICENSE_ISSUED_STATUSES } from '../../../shared/domain/license-lifecycle.ts';
import { CodeOptions, ErrorBox, TableScroll } from '../../components/ui.tsx';
import { ApiError, patch, post } from '../../lib/api.ts';
import { humanize, usd } from '../../lib/format.ts';
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

const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

const AGING_WORDS = { on_track: 'on track', due_soon: 'due soon', overdue: 'overdue' } as const;

/** Days BIS has had the application, with its aging against the target in words (not colour alone). */
export function PendingBadge({ daysPending, aging }: { daysPending: number | null; aging: LicenseView['aging'] }) {
  if (daysPending === null || aging === null) return null;
  return (
    <span className={`cstatus aging-${aging}`}>
      {daysPending} day(s) with BIS · {AGING_WORDS[aging]}
    </span>
  );
}

function validity(l: LicenseView): string {
  if (!l.validFrom && !l.expiresAt) return '—';
  return `${l.validFrom ?? '…'} to ${l.expiresAt ?? '…'}`;
}

function balance(l: LicenseView): string {
  const parts = [];
  if (l.authorizedQuantity !== null) parts.push(`${l.remainingQuantity} of ${l.authorizedQuantity} units left`);
  if (l.authorizedValueUsd !== null) parts.push(`${usd(l.remainingValueUsd!)} of ${usd(l.authorizedValueUsd)} left`);
  if (parts.length === 0) return l.shippedQuantity > 0 || l.shippedValueUsd > 0 ? `${l.shippedQuantity} units, ${usd(l.shippedValueUsd)} shipped` : '—';
  return parts.join('; ');
}

export function LicenseTracker({ m, preset, onChanged }: { m: ComplianceMatrixView; preset: Square | null; onChanged: () => Promise<void> }) {
  const blank = (s: Square | null): NewLicense => ({
    componentId: s?.componentId ?? m.components[0]?.id ?? '',
    market: s?.market ?? m.markets[0]?.code ?? '',
    partyId: '',
    status: 'draft',
    bisApplicationNumber: '',
    expiresAt: '',
    conditions: '',
  });
  const [form, setForm] = useState<NewLicense>(() => blank(preset));
  const [presetSeen, setPresetSeen] = useState<Square | null>(preset);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  if (preset !== presetSeen) {
    // A square's "Record a license" button pre-fills the form.
    setPresetSeen(preset);
    setForm(blank(preset));
  }
  const components = new Map(m.components.map((c) => [c.id, c]));
  const parties = new Map(m.parties.map((p) => [p.id, p]));
  const marketParties = m.markets.find((x) => x.code === form.market)?.partyIds ?? [];
  const columns = m.canEditLicenses ? 8 : 7;

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
                <th scope="col">BIS application / license</th>
                <th scope="col">Validity</th>
                <th scope="col">Balance</th>
                <th scope="col">Conditions</th>
                {m.canEditLicenses && <th scope="col">Manage</th>}
              </tr>
            </thead>
            <tbody>
              {m.licenses.map((l) => {
                const label = `${components.get(l.componentId)?.name ?? l.componentId} → ${l.market}`;
                const expanded = open === l.id;
                return (
                  <LicenseRows
                    key={`${l.id}:${l.version}`}
                    l={l}
                    label={label}
                    party={l.partyId ? (parties.get(l.partyId)?.name ?? l.partyId) : 'All parties'}
                    editable={m.canEditLicenses}
                    expanded={expanded}
                    columns={columns}
                    onToggle={() => setOpen(expanded ? null : l.id)}
                    onSaved={async (text) => {
                      setError(null);
                      setNotice(text);
                      await onChanged();
                    }}
                    onError={(e) => {
                      setNotice(null);
                      setError(e);
                    }}
                  />
                );
              })}
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
                  <CodeOptions codes={LICENSE_CREATE_STATUSES} />
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

interface RowProps {
  l: LicenseView;
  label: string;
  party: string;
  editable: boolean;
  expanded: boolean;
  columns: number;
  onToggle: () => void;
  onSaved: (notice: string) => Promise<void>;
  onError: (e: unknown) => void;
}

function LicenseRows({ l, label, party, editable, expanded, columns, onToggle, onSaved, onError }: RowProps) {
  const detailsId = `license-${l.id}`;
  return (
    <>
      <tr>
        <th scope="row">
          {label}
          {l.orphaned && <span className="bad small"> (no longer in the package)</span>}
        </th>
        <td>{party}</td>
        <td>
          {humanize(l.status)} <PendingBadge daysPending={l.daysPending} aging={l.aging} />
          {l.returnedReason && l.status === 'returned' && <span className="small"> — {l.returnedReason}</span>}
        </td>
        <td>{[l.bisApplicationNumber, l.licenseNumber].filter(Boolean).join(' / ') || '—'}</td>
        <td>{validity(l)}</td>
        <td>{balance(l)}</td>
        <td>{l.conditions.join('; ') || '—'}</td>
        {editable && (
          <td>
            <button type="button" aria-expanded={expanded} aria-controls={detailsId} aria-label={`Manage ${label}`} onClick={onToggle}>
              {expanded ? 'Close' : 'Manage'}
            </button>
          </td>
        )}
      </tr>
      {editable && expanded && (
        <tr id={detailsId}>
          <td colSpan={columns}>
            <LicenseSteps l={l} label={label} onSaved={onSaved} onError={onError} />
            {LICENSE_ISSUED_STATUSES.includes(l.status) && <ShipmentForm l={l} label={label} onSaved={onSaved} onError={onError} />}
          </td>
        </tr>
      )}
    </>
  );
}

function LicenseSteps({ l, label, onSaved, onError }: { l: LicenseView; label: string; onSaved: (notice: string) => Promise<void>; onError: (e: unknown) => void }) {
  const [status, setStatus] = useState<LicenseStatus>(l.status);
  const [on, setOn] = useState('');
  const [reason, setReason] = useState('');
  const [number, setNumber] = useState(l.bisApplicationNumber ?? '');
  const [licenseNumber, setLicenseNumber] = useState(l.licenseNumber ?? '');
  const [validFrom, setValidFrom] = useState(l.validFrom ?? '');
  const [expires, setExpires] = useState(l.expiresAt ?? '');
  const [quantity, setQuantity] = useState(l.authorizedQuantity === null ? '' : String(l.authorizedQuantity));
  const [value, setValue] = useState(l.authorizedValueUsd === null ? '' : String(l.authorizedValueUsd));
  const [conditions, setConditions] = useState(l.conditions.join('\n'));
  const stepping = status !== l.status;
  async function save() {
    try {
      onError(null);
      await patch(`/api/v1/licenses/${l.id}`, {
        version: l.version,
        ...(stepping ? { status, ...(on ? { on } : {}) } : {}),
        ...(stepping && status === 'returned' ? { returnedReason: reason.trim() } : {}),
        bisApplicationNumber: number.trim() || null,
        licenseNumber: licenseNumber.trim() || null,
        validFrom: validFrom || null,
        expiresAt: expires || null,
        authorizedQuantity: numberOrNull(quantity),
        authorizedValueUsd: numberOrNull(value),
        conditions: lines(conditions),
      });
      await onSaved(stepping ? `License ${label}: ${humanize(status).toLowerCase()}.` : 'License record updated.');
    } catch (e) {
      onError(e);
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') await onSaved('The license record was reloaded.');
    }
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>Status and facts of {label}</legend>
        <div className="grid3">
          <label>
            Next step
            <select value={status} onChange={(e) => setStatus(e.target.value as LicenseStatus)}>
              <option value={l.status}>Keep: {humanize(l.status)}</option>
              <CodeOptions codes={l.nextStatuses} />
            </select>
          </label>
          {stepping && (
            <label>
              Day of the step
              <input type="date" value={on} onChange={(e) => setOn(e.target.value)} />
            </label>
          )}
          {stepping && status === 'returned' && (
            <label>
              Reason BIS returned it
              <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required />
            </label>
          )}
          <label>
            BIS application number
            <input value={number} onChange={(e) => setNumber(e.target.value)} maxLength={64} />
          </label>
          <label>
            License number
            <input value={licenseNumber} onChange={(e) => setLicenseNumber(e.target.value)} maxLength={64} />
          </label>
          <label>
            Valid from
            <input type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
          </label>
          <label>
            Expires
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
          <label>
            Authorized quantity
            <input type="number" min={0} step="any" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </label>
          <label>
            Authorized value (USD)
            <input type="number" min={0} step="any" value={value} onChange={(e) => setValue(e.target.value)} />
          </label>
          <label className="span3">
            Conditions (one per line)
            <textarea rows={2} value={conditions} onChange={(e) => setConditions(e.target.value)} />
          </label>
        </div>
        <button type="submit">Save license</button>
      </fieldset>
    </form>
  );
}

function ShipmentForm({ l, label, onSaved, onError }: { l: LicenseView; label: string; onSaved: (notice: string) => Promise<void>; onError: (e: unknown) => void }) {
  const [shippedOn, setShippedOn] = useState('');
  const [quantity, setQuantity] = useState('');
  const [value, setValue] = useState('');
  const [reference, setReference] = useState('');
  async function record() {
    try {
      onError(null);
      await post(`/api/v1/licenses/${l.id}/shipments`, { version: l.version, shippedOn, quantity: Number(quantity), valueUsd: Number(value), reference: reference.trim() });
      await onSaved(`Shipment recorded against ${label}.`);
    } catch (e) {
      onError(e);
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') await onSaved('The license record was reloaded.');
    }
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void record();
      }}
    >
      <fieldset>
        <legend>Record a shipment against {label}</legend>
        <p className="small">Balance: {balance(l)}</p>
        <div className="grid3">
          <label>
            Shipped on
            <input type="date" value={shippedOn} onChange={(e) => setShippedOn(e.target.value)} required />
          </label>
          <label>
            Quantity
            <input type="number" min={0} step="any" value={quantity} onChange={(e) => setQuantity(e.target.value)} required />
          </label>
          <label>
            Value (USD)
            <input type="number" min={0} step="any" value={value} onChange={(e) => setValue(e.target.value)} required />
          </label>
          <label className="span3">
            Reference (invoice, air waybill, EEI filing)
            <input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={200} required />
          </label>
        </div>
        <button type="submit">Record shipment</button>
      </fieldset>
    </form>
  );
}
