// A foreign buyer's expression of interest in one catalog package (no login), in the reader's
// language. On success the buyer sees the reference the server issued and what happens next.
import { useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { BuyerInterestReceipt, CatalogEntry } from '../../../shared/contracts/catalog.ts';
import { Alert, ErrorBox } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import type { Country } from './countries.ts';
import { CountryOptions } from './CountryOptions.tsx';

const EMPTY = { buyerName: '', buyerKind: 'government', country: '', contactEmail: '', dataResidency: '', languages: '', scale: '', timeline: '', notes: '' };
const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

export function InterestForm({ entry, countries }: { entry: Pick<CatalogEntry, 'id' | 'title'>; countries: Country[] }) {
  const intl = useIntl();
  const t = (id: string, defaultMessage: string) => intl.formatMessage({ id, defaultMessage });
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
          languages: form.languages ? form.languages.split(/[,،]/).map((l) => l.trim()).filter(Boolean) : undefined,
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
          <FormattedMessage
            id="catalog.interest.registered"
            defaultMessage="<strong>Your interest in “{title}” is registered.</strong> Your reference number is <ref>{reference}</ref>; please quote it when you write to the program office."
            values={{
              title: <bdi>{entry.title}</bdi>,
              reference: receipt.reference,
              strong,
              ref: (chunks: ReactNode[]) => (
                <strong className="reference" dir="ltr">
                  {chunks}
                </strong>
              ),
            }}
          />
        </p>
        <p>
          <FormattedMessage
            id="catalog.interest.next"
            defaultMessage="The program office has your requirements and will contact you at {email}. The consortium behind the package has been told of your interest; your contact details stay with the program’s officials."
            values={{ email: <bdi>{receipt.contactEmail}</bdi> }}
          />
        </p>
        <button type="button" className="link" onClick={() => setReceipt(null)}>
          <FormattedMessage id="catalog.interest.another" defaultMessage="Register another interest" />
        </button>
      </Alert>
    );
  return (
    <form onSubmit={submit} aria-label={intl.formatMessage({ id: 'catalog.interest.formLabel', defaultMessage: 'Register interest in {title}' }, { title: entry.title })} className="interest">
      <ErrorBox error={error} />
      <div className="grid3">
        <label>
          {t('catalog.interest.organization', 'Organization')}
          <input value={form.buyerName} onChange={set('buyerName')} required maxLength={200} />
        </label>
        <label>
          {t('catalog.interest.kind', 'Kind')}
          <select aria-label={t('catalog.interest.kind', 'Kind')} value={form.buyerKind} onChange={set('buyerKind')}>
            <option value="government">{t('catalog.interest.kind.government', 'Government')}</option>
            <option value="company">{t('catalog.interest.kind.company', 'Company')}</option>
            <option value="other">{t('catalog.interest.kind.other', 'Other')}</option>
          </select>
        </label>
        <label>
          {t('catalog.interest.country', 'Country')}
          <select aria-label={t('catalog.interest.countryLabel', 'Buyer country')} value={form.country} onChange={set('country')} required>
            <option value="">{t('catalog.interest.choose', 'Choose…')}</option>
            <CountryOptions countries={countries} />
          </select>
        </label>
        <label>
          {t('catalog.interest.email', 'Contact email')}
          <input type="email" dir="ltr" value={form.contactEmail} onChange={set('contactEmail')} required maxLength={254} />
        </label>
        <label>
          {t('catalog.interest.dataResidency', 'Data residency')}
          <input value={form.dataResidency} onChange={set('dataResidency')} placeholder={t('catalog.interest.dataResidencyHint', 'e.g. in-country only')} />
        </label>
        <label>
          {t('catalog.interest.languages', 'Languages (comma-separated)')}
          <input value={form.languages} onChange={set('languages')} />
        </label>
        <label>
          {t('catalog.interest.scale', 'Scale')}
          <input value={form.scale} onChange={set('scale')} placeholder={t('catalog.interest.scaleHint', 'e.g. 20 MW, 5 ministries')} />
        </label>
        <label>
          {t('catalog.interest.timeline', 'Timeline')}
          <input value={form.timeline} onChange={set('timeline')} />
        </label>
      </div>
      <label>
        {t('catalog.interest.notes', 'Other requirements')}
        <textarea rows={2} value={form.notes} onChange={set('notes')} />
      </label>
      <p className="small muted">
        {t('catalog.interest.privacy', 'Your organization, country and requirements go to the program office and the consortium; your contact email only to the program’s officials.')}
      </p>
      <button type="submit" disabled={sending}>
        {t('catalog.interest.send', 'Send to the program office')}
      </button>
    </form>
  );
}
