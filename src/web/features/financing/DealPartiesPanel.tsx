// A deal's parties — its buyer, end users, consignees and intermediate consignees — with the
// identifying evidence screening weighs (dates, nationalities or jurisdiction, registration / tax /
// passport numbers, addresses) and where each one's screening stands. Listed for whoever sees the
// deal (they come with it, `deal.parties`); recorded, corrected and removed by whoever updates it
// (`mayEdit`). A write answers with the deal; a correction or removal carries the version read (409:
// the deal is reloaded). Every change is screened at once; an unresolved prohibited match holds the
// deal's final commitment (shown with the requests below).
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { CountrySelect } from '../../components/CountrySelect.tsx';
import { Alert, CodeOptions, ErrorBox } from '../../components/ui.tsx';
import { del, post, put } from '../../lib/api.ts';
import { humanize } from '../../lib/format.ts';
import { useAction } from '../../lib/query.ts';
import { DEAL_PARTY_ROLE_LABELS, DEAL_PARTY_ROLES, type DealParty } from '../../../shared/contracts/deal-parties.ts';
import type { DealRecord } from '../../../shared/contracts/financing.ts';
import type { PartyEvidence } from '../../../shared/contracts/party-evidence.ts';
import { dealUrl, reloadingOnConflict, storeDeal } from './dealWrites.ts';

const partiesUrl = (dealId: string) => `${dealUrl(dealId)}/parties`;

type Screening = DealParty['screening'];

function ScreeningStatus({ s }: { s: Screening }) {
  if (s.blocking) return <strong className="bad">Unresolved prohibited match — holds the final commitment</strong>;
  if (s.openAlerts > 0) return <strong className="bad">{s.openAlerts} possible match(es) under review</strong>;
  if (s.screened) return <span className="good">Screened{s.screenedAt ? ` ${s.screenedAt.slice(0, 10)}` : ''}, no open match</span>;
  return <span className="muted">Not yet screened against the active lists (screened within minutes, and before a final commitment)</span>;
}

function evidenceSummary(e: PartyEvidence): string {
  const parts = [
    e.birthDate && `born ${e.birthDate}`,
    e.incorporationDate && `incorporated ${e.incorporationDate}`,
    e.nationalities?.length && `nationality ${e.nationalities.join(', ')}`,
    e.jurisdiction && `jurisdiction ${e.jurisdiction}`,
    ...(e.identifiers ?? []).map((i) => `${humanize(i.type)} ${i.number}${i.country ? ` (${i.country})` : ''}`),
    ...(e.addresses ?? []).map((a) => `${a.text}${a.country ? ` (${a.country})` : ''}`),
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'no identifying evidence recorded';
}

export function DealPartiesPanel({ deal }: { deal: DealRecord }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const { run, error, notice, pending } = useAction<DealRecord>(async (answer) => {
    setEditing(null);
    await storeDeal(client, answer);
  });
  const save = (label: string, write: () => Promise<DealRecord>) => run(label, () => reloadingOnConflict(client, deal.id, write));
  const p = deal.parties;
  if (!p) return null;
  const dealId = deal.id;
  return (
    <section className="card" aria-labelledby="deal-parties">
      <h2 id="deal-parties">Parties and their screening</h2>
      <ErrorBox error={error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      <ul className="plain">
        <li>
          <strong>Buyer:</strong> {p.buyer.name} ({p.buyer.country}, {humanize(p.buyer.type)}) — <ScreeningStatus s={p.buyer.screening} />
        </li>
        {p.items.map((x) =>
          editing === x.id ? (
            <li key={x.id}>
              <PartyForm
                title={`Correct ${x.name}`}
                initial={x}
                submitLabel="Save correction"
                pending={pending}
                onCancel={() => setEditing(null)}
                onSubmit={(fields) => save('Party corrected and screened again.', () => put<DealRecord>(`${partiesUrl(dealId)}/${x.id}`, { ...fields, version: x.version }))}
              />
            </li>
          ) : (
            <li key={x.id} className="row">
              <span>
                <strong>{DEAL_PARTY_ROLE_LABELS[x.role]}:</strong> {x.name} ({x.country}, {x.type}) — <ScreeningStatus s={x.screening} />
                <br />
                <span className="small muted">{evidenceSummary(x.evidence)}</span>
              </span>
              {p.mayEdit && (
                <span className="inline">
                  <button type="button" className="secondary" aria-label={`Edit ${x.name}`} onClick={() => setEditing(x.id)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Remove ${x.name}`}
                    disabled={pending}
                    onClick={() => void save('Party removed.', () => del<DealRecord>(`${partiesUrl(dealId)}/${x.id}?version=${x.version}`))}
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          ),
        )}
      </ul>
      {p.items.length === 0 && <p className="muted">No end user or consignee recorded yet.</p>}
      {p.mayEdit && editing === null && <PartyForm title="Record an end user or consignee" submitLabel="Record party" pending={pending} onSubmit={(fields) => save('Party recorded and screened.', () => post<DealRecord>(partiesUrl(dealId), fields))} />}
    </section>
  );
}

interface PartyFields {
  role: DealParty['role'];
  name: string;
  type: DealParty['type'];
  country: string;
  evidence: PartyEvidence;
}

/** The form's evidence as the API takes it: empty fields left out. */
function cleanEvidence(e: PartyEvidence, type: DealParty['type']): PartyEvidence {
  const out: PartyEvidence = {};
  if (type === 'person' && e.birthDate?.trim()) out.birthDate = e.birthDate.trim();
  if (type === 'organization' && e.incorporationDate?.trim()) out.incorporationDate = e.incorporationDate.trim();
  const nats = (e.nationalities ?? []).map((n) => n.trim().toUpperCase()).filter(Boolean);
  if (type === 'person' && nats.length) out.nationalities = nats;
  if (type === 'organization' && e.jurisdiction) out.jurisdiction = e.jurisdiction;
  const ids = (e.identifiers ?? []).filter((i) => i.type.trim() && i.number.trim()).map((i) => ({ type: i.type.trim(), number: i.number.trim(), ...(i.country ? { country: i.country } : {}) }));
  if (ids.length) out.identifiers = ids;
  const addrs = (e.addresses ?? []).filter((a) => a.text.trim()).map((a) => ({ text: a.text.trim(), ...(a.country ? { country: a.country } : {}) }));
  if (addrs.length) out.addresses = addrs;
  return out;
}

const ID_TYPES = ['passport', 'national_id', 'tax_id', 'company_registration', 'lei', 'other'] as const;

function PartyForm({ title, initial, submitLabel, pending, onSubmit, onCancel }: { title: string; initial?: DealParty; submitLabel: string; pending: boolean; onSubmit: (f: PartyFields) => Promise<boolean>; onCancel?: () => void }) {
  const formId = useId();
  const empty: PartyFields = { role: 'end_user', name: '', type: 'organization', country: '', evidence: {} };
  const [fields, setFields] = useState<PartyFields>(initial ? { role: initial.role, name: initial.name, type: initial.type, country: initial.country, evidence: initial.evidence } : empty);
  const ev = fields.evidence;
  const setEv = (patch: Partial<PartyEvidence>) => setFields({ ...fields, evidence: { ...ev, ...patch } });
  const ids = ev.identifiers ?? [];
  const addrs = ev.addresses ?? [];
  async function submit(e: FormEvent) {
    e.preventDefault();
    if ((await onSubmit({ ...fields, evidence: cleanEvidence(ev, fields.type) })) && !initial) setFields(empty);
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={title}>
      <fieldset>
        <legend>{title}</legend>
        <div className="inline">
          <label>
            Role
            <select value={fields.role} onChange={(e) => setFields({ ...fields, role: e.target.value as PartyFields['role'] })}>
              {DEAL_PARTY_ROLES.map((r) => (
                <option key={r} value={r}>
                  {DEAL_PARTY_ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            Name
            <input required maxLength={200} value={fields.name} onChange={(e) => setFields({ ...fields, name: e.target.value })} />
          </label>
          <label>
            Kind
            <select value={fields.type} onChange={(e) => setFields({ ...fields, type: e.target.value as PartyFields['type'] })}>
              <CodeOptions codes={['organization', 'person']} />
            </select>
          </label>
          <CountrySelect id={`${formId}-country`} label="Country" value={fields.country} onChange={(country) => setFields({ ...fields, country })} />
        </div>
        <fieldset>
          <legend>Identifying evidence (optional; helps tell a listed party from a namesake)</legend>
          <div className="inline">
            {fields.type === 'person' ? (
              <>
                <label>
                  Date of birth
                  <input placeholder="YYYY-MM-DD, YYYY-MM or YYYY" pattern="\d{4}(-\d{2}(-\d{2})?)?" value={ev.birthDate ?? ''} onChange={(e) => setEv({ birthDate: e.target.value })} />
                </label>
                <label>
                  Nationalities
                  <input placeholder="country codes, e.g. MY, SG" value={(ev.nationalities ?? []).join(', ')} onChange={(e) => setEv({ nationalities: e.target.value.split(',').map((s) => s.trim()) })} />
                </label>
              </>
            ) : (
              <>
                <label>
                  Date of incorporation
                  <input placeholder="YYYY-MM-DD, YYYY-MM or YYYY" pattern="\d{4}(-\d{2}(-\d{2})?)?" value={ev.incorporationDate ?? ''} onChange={(e) => setEv({ incorporationDate: e.target.value })} />
                </label>
                <CountrySelect id={`${formId}-jurisdiction`} label="Jurisdiction of incorporation" value={ev.jurisdiction ?? ''} onChange={(jurisdiction) => setEv({ jurisdiction: jurisdiction || undefined })} />
              </>
            )}
          </div>
          {ids.map((i, n) => (
            <div className="inline" key={`id-${n}`} role="group" aria-label={`Identifier ${n + 1}`}>
              <label>
                Identifier type
                <select value={i.type} onChange={(e) => setEv({ identifiers: ids.map((x, k) => (k === n ? { ...x, type: e.target.value } : x)) })}>
                  <CodeOptions codes={ID_TYPES} />
                </select>
              </label>
              <label>
                Number
                <input required maxLength={100} value={i.number} onChange={(e) => setEv({ identifiers: ids.map((x, k) => (k === n ? { ...x, number: e.target.value } : x)) })} />
              </label>
              <CountrySelect id={`${formId}-id-${n}-country`} label="Issued by" value={i.country ?? ''} onChange={(country) => setEv({ identifiers: ids.map((x, k) => (k === n ? { ...x, country: country || undefined } : x)) })} />
              <button type="button" className="secondary" aria-label={`Remove identifier ${n + 1}`} onClick={() => setEv({ identifiers: ids.filter((_, k) => k !== n) })}>
                Remove
              </button>
            </div>
          ))}
          {addrs.map((a, n) => (
            <div className="inline" key={`addr-${n}`} role="group" aria-label={`Address ${n + 1}`}>
              <label className="grow">
                Address
                <input required maxLength={500} value={a.text} onChange={(e) => setEv({ addresses: addrs.map((x, k) => (k === n ? { ...x, text: e.target.value } : x)) })} />
              </label>
              <CountrySelect id={`${formId}-addr-${n}-country`} label="Address country" value={a.country ?? ''} onChange={(country) => setEv({ addresses: addrs.map((x, k) => (k === n ? { ...x, country: country || undefined } : x)) })} />
              <button type="button" className="secondary" aria-label={`Remove address ${n + 1}`} onClick={() => setEv({ addresses: addrs.filter((_, k) => k !== n) })}>
                Remove
              </button>
            </div>
          ))}
          <div className="inline">
            <button type="button" className="secondary" onClick={() => setEv({ identifiers: [...ids, { type: fields.type === 'person' ? 'passport' : 'company_registration', number: '' }] })}>
              Add an identifier
            </button>
            <button type="button" className="secondary" onClick={() => setEv({ addresses: [...addrs, { text: '' }] })}>
              Add an address
            </button>
          </div>
        </fieldset>
        <div className="inline">
          <button type="submit" disabled={pending}>
            {submitLabel}
          </button>
          {onCancel && (
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
