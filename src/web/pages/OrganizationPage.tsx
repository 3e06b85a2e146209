import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../app/session.tsx';
import { CountrySelect } from '../components/CountrySelect.tsx';
import { Alert, ErrorBox, Loading } from '../components/ui.tsx';
import { put } from '../lib/api.ts';
import { storeAnswer, useApiQuery } from '../lib/query.ts';
import { RegistrationNotice } from '../features/onboarding/RegistrationsPage.tsx';
import type { Organization } from '../lib/types.ts';

export function OrganizationPage() {
  const { user } = useSession();
  const url = `/api/v1/organizations/${user.org.id}`;
  const loaded = useApiQuery<Organization>(url);
  const queryClient = useQueryClient();
  // The form edits a copy of the organization as read; saving stores what the server answers.
  const [edited, setEdited] = useState<Organization | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const org = edited ?? loaded.data;
  if (!org) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />;

  const set = (patch: Partial<Organization>) => {
    setSaved(false);
    setEdited({ ...org, ...patch });
  };
  async function save() {
    try {
      const { name, countryOfIncorporation, principalPlaceOfBusiness, owners, ultimateParent, smallBusiness } = org!;
      // The country-of-concern check of its consortia's members changes with it.
      await storeAnswer(queryClient, url, await put<Organization>(url, { version: org!.version, organization: { name, countryOfIncorporation, principalPlaceOfBusiness, owners, ultimateParent, smallBusiness } }), ['/api/v1/consortia']);
      setEdited(null);
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>{org.name}: entity data</h1>
      <RegistrationNotice />
      <ErrorBox error={error} />
      {saved && <Alert kind="success">Saved.</Alert>}
      <section className="card">
        <p>
          Country-of-concern check:{' '}
          {org.countryOfConcern.concern ? <span className="bad">Fails — {org.countryOfConcern.reasons.join('; ')}</span> : <span className="good">Passes</span>}
        </p>
        <label>
          Legal name
          <input value={org.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <div className="grid2">
          <CountrySelect id="inc" label="Country of incorporation" value={org.countryOfIncorporation} onChange={(v) => set({ countryOfIncorporation: v })} />
          <CountrySelect id="ppb" label="Principal place of business" value={org.principalPlaceOfBusiness} onChange={(v) => set({ principalPlaceOfBusiness: v })} />
        </div>
        <label className="check">
          <input type="checkbox" checked={org.smallBusiness} onChange={(e) => set({ smallBusiness: e.target.checked })} /> Small business (SBA size standards)
        </label>
        <h2>Owners</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Owner</th>
              <th scope="col">Country</th>
              <th scope="col">Percent</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {org.owners.map((o, i) => (
              <tr key={i}>
                <td>
                  <input aria-label={`Owner ${i + 1} name`} value={o.name} onChange={(e) => set({ owners: org.owners.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} />
                </td>
                <td>
                  <CountrySelect id={`owner-${i}`} label="" value={o.country} onChange={(v) => set({ owners: org.owners.map((x, j) => (j === i ? { ...x, country: v } : x)) })} />
                </td>
                <td>
                  <input aria-label={`Owner ${i + 1} percent`} type="number" min={0} max={100} step="0.01" value={o.percent} onChange={(e) => set({ owners: org.owners.map((x, j) => (j === i ? { ...x, percent: Number(e.target.value) } : x)) })} />
                </td>
                <td>
                  <button className="secondary" onClick={() => set({ owners: org.owners.filter((_, j) => j !== i) })}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button className="secondary" onClick={() => set({ owners: [...org.owners, { name: '', country: 'US', percent: 0 }] })}>
          Add owner
        </button>
        <h2>Ultimate parent</h2>
        <div className="grid2">
          <label>
            Name (leave empty if none)
            <input value={org.ultimateParent?.name ?? ''} onChange={(e) => set({ ultimateParent: e.target.value ? { name: e.target.value, country: org.ultimateParent?.country ?? 'US' } : null })} />
          </label>
          {org.ultimateParent && <CountrySelect id="parent" label="Parent country" value={org.ultimateParent.country} onChange={(v) => set({ ultimateParent: { ...org.ultimateParent!, country: v } })} />}
        </div>
        <button onClick={() => void save()}>Save entity data</button>
      </section>
    </>
  );
}
