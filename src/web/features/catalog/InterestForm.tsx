// A foreign buyer's expression of interest in one catalog package (no login). On success the buyer
// sees the reference the server issued and what happens next.
import { useState, type FormEvent } from 'react';
import type { BuyerInterestReceipt, CatalogEntry } from '../../../shared/contracts/catalog.ts';
import { Alert, ErrorBox } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import type { Country } from './countries.ts';

const EMPTY = { buyerName: '', buyerKind: 'government', country: '', contactEmail: '', dataResidency: '', languages: '', scale: '', timeline: '', notes: '' };

export function InterestForm({ entry, countries }: { entry: Pick<CatalogEntry, 'id' | 'title'>; countries: Country[] }) {
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [receipt, setReceipt] = useState<(BuyerInterestReceipt & { contactEmail: string }) | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSending(true);
    try {
      const answer = await post<BuyerInterestReceipt>(`/api/v1/public/catalog/${entry.id}/interest`, {
        buyerName: form.buyerName,
        buyerKind: form.buyerKind,
        country: form.country,
        contactEmail: form.contactEmail,
        requirements: {
          dataResidency: form.dataResidency || undefined,
          languages: form.languages ? form.languages.split(',').map((l) => l.trim()).filter(Boolean) : undefined,
          scale: form.scale || undefined,
          timeline: form.timeline || undefined,
          notes: form.notes || undefined,
        },
      });
      setReceipt({ ...answer, contactEmail: form.contactEmail });
      setForm(EMPTY);
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  }

  if (receipt)
    return (
      <Alert kind="success">
        <p>
          <strong>Your interest in “{entry.title}” is registered.</strong> Your reference number is <strong className="reference">{receipt.reference}</strong>; please quote it
          when you write to the program office.
        </p>
        <p>
          The program office has your requirements and will contact you at {receipt.contactEmail}. The consortium behind the package has been told of your interest; your
          contact details stay with the program's officials.
        </p>
        <button type="button" className="link" onClick={() => setReceipt(null)}>
          Register another interest
        </button>
      </Alert>
    );
  return (
    <form onSubmit={submit} aria-label={`Register interest in ${entry.title}`} className="interest">
      <ErrorBox error={error} />
      <div className="grid3">
        <label>
          Organization
          <input value={form.buyerName} onChange={set('buyerName')} required maxLength={200} />
        </label>
        <label>
          Kind
          <select aria-label="Kind" value={form.buyerKind} onChange={set('buyerKind')}>
            <option value="government">Government</option>
            <option value="company">Company</option>
            <option value="other">Other</option>
          </select>
        </label>
        <label>
          Country
          <select aria-label="Buyer country" value={form.country} onChange={set('country')} required>
            <option value="">Choose…</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Contact email
          <input type="email" value={form.contactEmail} onChange={set('contactEmail')} required maxLength={254} />
        </label>
        <label>
          Data residency
          <input value={form.dataResidency} onChange={set('dataResidency')} placeholder="e.g. in-country only" />
        </label>
        <label>
          Languages (comma-separated)
          <input value={form.languages} onChange={set('languages')} />
        </label>
        <label>
          Scale
          <input value={form.scale} onChange={set('scale')} placeholder="e.g. 20 MW, 5 ministries" />
        </label>
        <label>
          Timeline
          <input value={form.timeline} onChange={set('timeline')} />
        </label>
      </div>
      <label>
        Other requirements
        <textarea rows={2} value={form.notes} onChange={set('notes')} />
      </label>
      <p className="small muted">Your organization, country and requirements go to the program office and the consortium; your contact email only to the program's officials.</p>
      <button type="submit" disabled={sending}>
        Send to the program office
      </button>
    </form>
  );
}
