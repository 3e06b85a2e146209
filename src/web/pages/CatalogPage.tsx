// The public catalog of priority AI export packages: no login, public fields only. The filters live
// in the URL (/catalog?sector=agriculture&country=BR), so a search can be shared and Back undoes it;
// a country chosen on the map is such a filter too. Each package has its own page (/catalog/<id>),
// where a buyer registers interest.
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { CodeOptions, ErrorBox, Loading } from '../components/ui.tsx';
import { useCountries, type Country } from '../features/catalog/countries.ts';
import { WorldMap } from '../features/catalog/WorldMap.tsx';
import { OpenCalls } from '../features/calls/OpenCalls.tsx';
import { humanize } from '../lib/format.ts';
import { useApiQuery } from '../lib/query.ts';
import { LAYERS } from '../../shared/domain/package.ts';
import { SECTORS } from '../../shared/contracts/review.ts';
import { CatalogQuery, type CatalogEntry, type ProgramStatistics } from '../../shared/contracts/catalog.ts';

const { q, country, region, layer, sector } = CatalogQuery.shape;
/** The catalog's query as URL search parameters; a value the API would refuse is dropped. */
export const CatalogSearch = z.object({ q: q.catch(undefined), country: country.catch(undefined), region: region.catch(undefined), layer: layer.catch(undefined), sector: sector.catch(undefined) });
type Filters = z.infer<typeof CatalogSearch>;

const FILTERS = CatalogSearch.keyof().options;
const route = getRouteApi('/catalog');
const EMPTY = { q: '', country: '', region: '', layer: '', sector: '' };

export function CatalogPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // In one order whatever the URL's, so one search is one cached answer.
  const query = new URLSearchParams(FILTERS.flatMap((k) => (search[k] ? [[k, search[k]]] : []))).toString();
  const catalog = useApiQuery<{ items: CatalogEntry[]; total: number }>(`/api/v1/public/catalog${query ? `?${query}` : ''}`);
  const stats = useApiQuery<ProgramStatistics>('/api/v1/public/statistics');
  const { countries, nameOf, named } = useCountries();
  // The map shows every listed package's countries (not only the current search's), so another can be chosen.
  const chooseCountry = (code: string) => void navigate({ search: (prev) => ({ ...prev, country: prev.country === code ? undefined : code }) });

  return (
    <main className="page" id="main">
      <header className="public-head">
        <h1>Priority AI Export Packages</h1>
        <p className="muted">Full-stack American AI packages designated under Executive Order 14320. Designation gives priority access to federal support; it creates no right to financing.</p>
        <Link to="/">Log in</Link>
      </header>
      <OpenCalls />
      {stats.data && (
        <section className="stats" aria-label="Program statistics">
          <div>
            <strong>{stats.data.submitted}</strong> proposals submitted
          </div>
          <div>
            <strong>{stats.data.underReview}</strong> under review
          </div>
          <div>
            <strong>{stats.data.designated}</strong> designated
          </div>
          <div className="small">
            {stats.data.byRegion.map((r) => (
              <span key={r.region} className="tag">
                {r.name}: {r.count}
              </span>
            ))}
          </div>
          <div className="small">
            {stats.data.bySector.map((s) => (
              <span key={s.sector} className="tag">
                {humanize(s.sector)}: {s.count}
              </span>
            ))}
          </div>
        </section>
      )}
      {/* Keyed by the URL's query: Back or a shared link puts what the URL asks into the form. */}
      <CatalogFilters key={query} applied={search} countries={countries} onSearch={(filters) => void navigate({ search: filters })} />
      <WorldMap counts={stats.data?.byCountry ?? {}} label="Target countries of the designated packages" selected={search.country} onSelect={chooseCountry} nameOf={nameOf} />
      {search.country && (
        <p className="small" role="status">
          Showing packages for {nameOf(search.country)}.{' '}
          <button type="button" className="link" onClick={() => chooseCountry(search.country!)}>
            Show all countries
          </button>
        </p>
      )}
      <ErrorBox error={catalog.error} />
      {!catalog.data ? (
        <Loading />
      ) : catalog.data.items.length === 0 ? (
        <p className="muted">No designated package matches.</p>
      ) : (
        <ul className="catalog" aria-label="Designated packages">
          {catalog.data.items.map((e) => (
            <li key={e.id} className="card">
              <h2>
                <Link to="/catalog/$id" params={{ id: e.id }}>
                  {e.title}
                </Link>
              </h2>
              <p>{e.description}</p>
              <p className="small">
                <strong>{e.consortium.name}</strong>: {e.consortium.members.map((m) => `${m.name} (${nameOf(m.country)})`).join(', ')}
              </p>
              <p className="small">
                Layers: {e.layers.map(humanize).join(', ')} · Sectors: {e.sectors.map(humanize).join(', ')} · Target countries: {named(e.countries).map((c) => c.name).join(', ')}
                {e.blocs.length > 0 && ` (${e.blocs.join(', ')})`} · Designated {e.designatedAt.slice(0, 10)}
              </p>
              <Link to="/catalog/$id" params={{ id: e.id }} aria-label={`Details and register interest: ${e.title}`}>
                Details and register interest
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

/** The filter form edits a copy; "Search" hands the non-empty filters over, to put them in the URL. */
function CatalogFilters({ applied, countries, onSearch }: { applied: Filters; countries: Country[]; onSearch: (f: Filters) => void }) {
  const [filters, setFilters] = useState({ ...EMPTY, ...applied });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(CatalogSearch.parse(Object.fromEntries(Object.entries(filters).filter(([, v]) => v))));
  };
  return (
    <form className="card inline" onSubmit={submit} aria-label="Search the catalog">
      <label>
        Search
        <input value={filters.q} onChange={(e) => setFilters({ ...filters, q: e.target.value })} placeholder="Package, company or country" />
      </label>
      <label>
        Country
        <select aria-label="Country" value={filters.country} onChange={(e) => setFilters({ ...filters, country: e.target.value })}>
          <option value="">Any</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Region
        <select aria-label="Region" value={filters.region} onChange={(e) => setFilters({ ...filters, region: e.target.value })}>
          <option value="">Any</option>
          <CodeOptions codes={['east_asia_pacific', 'europe_central_asia', 'latin_america_caribbean', 'middle_east_north_africa', 'north_america', 'south_asia', 'sub_saharan_africa']} />
        </select>
      </label>
      <label>
        Layer
        <select aria-label="Layer" value={filters.layer} onChange={(e) => setFilters({ ...filters, layer: e.target.value })}>
          <option value="">Any</option>
          {LAYERS.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <label>
        Sector
        <select aria-label="Sector" value={filters.sector} onChange={(e) => setFilters({ ...filters, sector: e.target.value })}>
          <option value="">Any</option>
          <CodeOptions codes={SECTORS} />
        </select>
      </label>
      <button type="submit">Search</button>
    </form>
  );
}
