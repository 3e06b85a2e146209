// The public catalog of priority AI export packages: no login, public fields only. The filters live
// in the URL (/catalog?sector=agriculture&country=BR), so a search can be shared and Back undoes it.
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { CodeOptions, Alert, ErrorBox, Loading } from '../components/ui.tsx';
import { WorldMap } from '../features/catalog/WorldMap.tsx';
import { post } from '../lib/api.ts';
import { humanize } from '../lib/format.ts';
import { useApiQuery } from '../lib/query.ts';
import { LAYERS } from '../../shared/domain/package.ts';
import { SECTORS } from '../../shared/contracts/review.ts';
import { CatalogQuery, type CatalogEntry, type ProgramStatistics } from '../../shared/contracts/catalog.ts';

type Entry = CatalogEntry;

type Stats = ProgramStatistics;

interface Reference {
  countries: { code: string; name: string }[];
}

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
  const catalog = useApiQuery<{ items: Entry[]; total: number }>(`/api/v1/public/catalog${query ? `?${query}` : ''}`);
  const stats = useApiQuery<Stats>('/api/v1/public/statistics');
  const ref = useApiQuery<Reference>('/api/v1/reference', { staleTime: Infinity });
  const [selected, setSelected] = useState<string | null>(null);

  const counts: Record<string, number> = {};
  for (const e of catalog.data?.items ?? []) for (const c of e.countries) counts[c] = (counts[c] ?? 0) + 1;

  return (
    <main className="page" id="main">
      <header className="public-head">
        <h1>Priority AI Export Packages</h1>
        <p className="muted">Full-stack American AI packages designated under Executive Order 14320. Designation gives priority access to federal support; it creates no right to financing.</p>
        <Link to="/">Log in</Link>
      </header>
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
      <CatalogFilters key={query} applied={search} countries={ref.data?.countries ?? []} onSearch={(filters) => void navigate({ search: filters })} />
      <WorldMap counts={counts} label="Target countries of the listed packages" />
      <ErrorBox error={catalog.error} />
      {!catalog.data ? (
        <Loading />
      ) : catalog.data.items.length === 0 ? (
        <p className="muted">No designated package matches.</p>
      ) : (
        <ul className="catalog" aria-label="Designated packages">
          {catalog.data.items.map((e) => (
            <li key={e.id} className="card">
              <h2>{e.title}</h2>
              <p>{e.description}</p>
              <p className="small">
                <strong>{e.consortium.name}</strong>: {e.consortium.members.map((m) => `${m.name} (${m.country})`).join(', ')}
              </p>
              <p className="small">
                Layers: {e.layers.join(', ')} · Sectors: {e.sectors.map(humanize).join(', ')} · Target countries: {e.countries.join(', ')}
                {e.blocs.length > 0 && ` (${e.blocs.join(', ')})`} · Designated {e.designatedAt.slice(0, 10)}
              </p>
              {selected === e.id ? <InterestForm entry={e} countries={ref.data?.countries ?? []} onDone={() => setSelected(null)} /> : <button onClick={() => setSelected(e.id)}>Register interest</button>}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

/** The filter form edits a copy; "Search" hands the non-empty filters over, to put them in the URL. */
function CatalogFilters({ applied, countries, onSearch }: { applied: Filters; countries: Reference['countries']; onSearch: (f: Filters) => void }) {
  const [filters, setFilters] = useState({ ...EMPTY, ...applied });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(CatalogSearch.parse(Object.fromEntries(Object.entries(filters).filter(([, v]) => v))));
  };
  return (
    <form className="card inline" onSubmit={submit} aria-label="Search the catalog">
      <label>
        Search
        <input value={filters.q} onChange={(e) => setFilters({ ...filters, q: e.target.value })} placeholder="Package, consortium or company" />
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

function InterestForm({ entry, countries, onDone }: { entry: Entry; countries: { code: string; name: string }[]; onDone: () => void }) {
  const [form, setForm] = useState({ buyerName: '', buyerKind: 'government', country: '', contactEmail: '', dataResidency: '', languages: '', scale: '', timeline: '', notes: '' });
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await post(`/api/v1/public/catalog/${entry.id}/interest`, {
        buyerName: form.buyerName,
        buyerKind: form.buyerKind,
        country: form.country,
        contactEmail: form.contactEmail,
        requirements: { dataResidency: form.dataResidency || undefined, languages: form.languages ? form.languages.split(',').map((l) => l.trim()) : undefined, scale: form.scale || undefined, timeline: form.timeline || undefined, notes: form.notes || undefined },
      });
      setSent(true);
    } catch (err) {
      setError(err);
    }
  }
  if (sent)
    return (
      <Alert kind="success">
        Thank you: the program office has your requirements for “{entry.title}”. <button className="link" onClick={onDone}>Close</button>
      </Alert>
    );
  return (
    <form onSubmit={submit} aria-label={`Register interest in ${entry.title}`} className="interest">
      <ErrorBox error={error} />
      <div className="grid3">
        <label>
          Organization
          <input value={form.buyerName} onChange={set('buyerName')} required />
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
          <input type="email" value={form.contactEmail} onChange={set('contactEmail')} required />
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
      <button type="submit">Send to the program office</button> <button type="button" className="secondary" onClick={onDone}>Cancel</button>
    </form>
  );
}
