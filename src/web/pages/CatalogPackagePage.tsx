// One designated package of the public catalog at its own address (/catalog/<id>), to share or
// bookmark: its public fields only, countries by name, and the buyer's interest form. No login.
import { Link } from '@tanstack/react-router';
import type { CatalogEntryResponse } from '../../shared/contracts/catalog.ts';
import type { z } from 'zod';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { useCountries } from '../features/catalog/countries.ts';
import { InterestForm } from '../features/catalog/InterestForm.tsx';
import { isClientError } from '../lib/api.ts';
import { humanize } from '../lib/format.ts';
import { useApiQuery } from '../lib/query.ts';
import { LAYER_LABELS, type Layer } from '../../shared/domain/package.ts';

type Entry = z.infer<typeof CatalogEntryResponse>;

const layerLabel = (l: string) => LAYER_LABELS[l as Layer] ?? humanize(l);

export function CatalogPackagePage({ id }: { id: string }) {
  const entry = useApiQuery<Entry>(`/api/v1/public/catalog/${encodeURIComponent(id)}`);
  const { countries, nameOf, named } = useCountries();
  const back = (
    <p>
      <Link to="/catalog">← All designated packages</Link>
    </p>
  );

  if (isClientError(entry.error) && entry.error.status === 404)
    return (
      <main className="page" id="main">
        {back}
        <h1>Package not found</h1>
        <p>No designated package is listed at this address. Its designation may have ended, or the link may be mistyped.</p>
      </main>
    );
  if (!entry.data)
    return (
      <main className="page" id="main">
        {back}
        <ErrorBox error={entry.error} />
        {!entry.error && <Loading />}
      </main>
    );
  const e = entry.data;
  return (
    <main className="page" id="main">
      {back}
      <header className="public-head">
        <h1>{e.title}</h1>
        <p className="muted">Priority AI export package, designated {e.designatedAt.slice(0, 10)} under Executive Order 14320.</p>
      </header>
      <section className="card" aria-labelledby="package-about">
        <h2 id="package-about">About the package</h2>
        <p>{e.description}</p>
        <dl className="facts">
          <dt>Layers</dt>
          <dd>{e.layers.map(layerLabel).join('; ')}</dd>
          <dt>Sectors</dt>
          <dd>{e.sectors.map(humanize).join(', ')}</dd>
          <dt>Target countries</dt>
          <dd>
            <ul className="inline-list" aria-label="Target countries">
              {named(e.countries).map((c) => (
                <li key={c.code}>{c.name}</li>
              ))}
            </ul>
            {e.blocNames.length > 0 && <span className="small muted">Through {e.blocNames.join(', ')}</span>}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="package-consortium">
        <h2 id="package-consortium">{e.consortium.name}</h2>
        <ul aria-label="Members">
          {e.consortium.members.map((m) => (
            <li key={m.name}>
              {m.name} <span className="muted">({nameOf(m.country)})</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="package-interest">
        <h2 id="package-interest">Register interest</h2>
        <p className="small">
          A government or company in a partner country may state its requirements. You receive a reference number; the program office follows up. Registering creates no
          obligation, and designation gives no right to financing.
        </p>
        <InterestForm entry={e} countries={countries} />
      </section>
    </main>
  );
}
