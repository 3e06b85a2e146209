import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { CodeOptions, ErrorBox } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import { invalidate } from '../../lib/query.ts';
import { SECTORS } from '../../../shared/contracts/review.ts';

/** Opens a deal (one target-country opportunity) under a designated package. */
export function NewDealForm({ proposalId, countries }: { proposalId: string; countries: string[] }) {
  const { reference } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ country: countries[0] ?? '', buyerName: '', buyerType: 'government', valueUsd: 0, expectedDecisionDate: '', sector: 'government_services', competitor: '', competitorCountry: '' });
  const [error, setError] = useState<unknown>(null);
  const name = (c: string) => reference.countries.find((x) => x.code === c)?.name ?? c;
  async function submit() {
    try {
      const deal = await post<{ id: string }>(`/api/v1/proposals/${proposalId}/deals`, {
        country: form.country,
        buyerName: form.buyerName,
        buyerType: form.buyerType,
        valueUsd: form.valueUsd,
        expectedDecisionDate: form.expectedDecisionDate || undefined,
        sector: form.sector,
        competitors: form.competitor ? [{ name: form.competitor, country: form.competitorCountry }] : [],
      });
      await invalidate(queryClient, ['/api/v1/deals', '/api/v1/portfolio']);
      await navigate({ to: '/deals/$id', params: { id: deal.id } });
    } catch (err) {
      setError(err);
    }
  }
  return (
    <fieldset>
      <legend>Open a deal</legend>
      <ErrorBox error={error} />
      <div className="grid3">
        <label>
          Country
          <select aria-label="Deal country" value={form.country} onChange={(e) => setForm({ ...form, country: e.target.value })}>
            {countries.map((c) => (
              <option key={c} value={c}>
                {name(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Buyer
          <input value={form.buyerName} onChange={(e) => setForm({ ...form, buyerName: e.target.value })} />
        </label>
        <label>
          Buyer type
          <select aria-label="Buyer type" value={form.buyerType} onChange={(e) => setForm({ ...form, buyerType: e.target.value })}>
            <CodeOptions codes={['government', 'state_owned', 'private', 'military']} />
          </select>
        </label>
        <label>
          Value (USD)
          <input type="number" min={0} value={form.valueUsd} onChange={(e) => setForm({ ...form, valueUsd: Number(e.target.value) })} />
        </label>
        <label>
          Expected decision
          <input type="date" value={form.expectedDecisionDate} onChange={(e) => setForm({ ...form, expectedDecisionDate: e.target.value })} />
        </label>
        <label>
          Sector
          <select aria-label="Deal sector" value={form.sector} onChange={(e) => setForm({ ...form, sector: e.target.value })}>
            <CodeOptions codes={SECTORS} />
          </select>
        </label>
        <label>
          Main competitor
          <input value={form.competitor} onChange={(e) => setForm({ ...form, competitor: e.target.value })} />
        </label>
        <label>
          Competitor country (ISO)
          <input maxLength={2} value={form.competitorCountry} onChange={(e) => setForm({ ...form, competitorCountry: e.target.value.toUpperCase() })} />
        </label>
      </div>
      <button onClick={() => void submit()}>Open deal</button>
    </fieldset>
  );
}
