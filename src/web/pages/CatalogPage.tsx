// The public catalog of priority AI export packages: no login, public fields only, in the reader's
// language (docs/i18n.md). The filters live in the URL (/catalog?sector=agriculture&country=BR), so
// a search can be shared and Back undoes it; a country chosen on the map is such a filter too. Each
// package has its own page (/catalog/<id>), where a buyer registers interest.
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import { z } from 'zod';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { useCountries, type Country } from '../features/catalog/countries.ts';
import { English, shownText, TranslationNote, useCodeNames, withLang } from '../features/catalog/localized.tsx';
import { PublicNav } from '../features/catalog/PublicNav.tsx';
import { WorldMap, type WorldMapText } from '../features/catalog/WorldMap.tsx';
import { OpenCalls } from '../features/calls/OpenCalls.tsx';
import { useLocale } from '../i18n/index.ts';
import { useApiQuery } from '../lib/query.ts';
import { LAYERS } from '../../shared/domain/package.ts';
import { SECTORS } from '../../shared/contracts/review.ts';
import { CatalogQuery, type CatalogEntry, type ProgramStatistics } from '../../shared/contracts/catalog.ts';
import { CountryOptions } from '../features/catalog/CountryOptions.tsx';

const { q, country, region, layer, sector } = CatalogQuery.shape;
/** The catalog's query as URL search parameters; a value the API would refuse is dropped. */
export const CatalogSearch = z.object({ q: q.catch(undefined), country: country.catch(undefined), region: region.catch(undefined), layer: layer.catch(undefined), sector: sector.catch(undefined) });
type Filters = z.infer<typeof CatalogSearch>;

const FILTERS = CatalogSearch.keyof().options;
const route = getRouteApi('/catalog');
const EMPTY = { q: '', country: '', region: '', layer: '', sector: '' };
const REGIONS = ['east_asia_pacific', 'europe_central_asia', 'latin_america_caribbean', 'middle_east_north_africa', 'north_america', 'south_asia', 'sub_saharan_africa'];

/** The map's words in the reader's language. */
function useMapText(): WorldMapText {
  const intl = useIntl();
  return {
    packages: (count) => intl.formatMessage({ id: 'catalog.map.packages', defaultMessage: '{count, plural, one {# package} other {# packages}}' }, { count }),
    choose: (label) => intl.formatMessage({ id: 'catalog.map.choose', defaultMessage: '{label}: choose a country to show its packages' }, { label }),
    shown: (label, count) => intl.formatMessage({ id: 'catalog.map.shown', defaultMessage: '{label}: {count, plural, one {# country} other {# countries}}' }, { label, count }),
    targeted: (names) => intl.formatMessage({ id: 'catalog.map.targeted', defaultMessage: 'Targeted countries: {names}' }, { names }),
    tooSmall: intl.formatMessage({ id: 'catalog.map.tooSmall', defaultMessage: 'Too small for this map:' }),
  };
}

export function CatalogPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const intl = useIntl();
  const { locale } = useLocale();
  const names = useCodeNames();
  const mapText = useMapText();
  // In one order whatever the URL's, so one search is one cached answer.
  const query = new URLSearchParams(FILTERS.flatMap((k) => (search[k] ? [[k, search[k]]] : []))).toString();
  const catalog = useApiQuery<{ items: CatalogEntry[]; total: number }>(withLang(`/api/v1/public/catalog${query ? `?${query}` : ''}`, locale));
  const stats = useApiQuery<ProgramStatistics>('/api/v1/public/statistics');
  const { countries, nameOf, named, compareNames } = useCountries();
  // The map shows every listed package's countries (not only the current search's), so another can be chosen.
  const chooseCountry = (code: string) => void navigate({ search: (prev) => ({ ...prev, country: prev.country === code ? undefined : code }) });

  return (
    <main className="page public" id="main">
      <header className="public-head">
        <h1>
          <FormattedMessage id="catalog.title" defaultMessage="Priority AI Export Packages" />
        </h1>
        <p className="muted">
          <FormattedMessage
            id="catalog.intro"
            defaultMessage="Full-stack American AI packages designated under Executive Order 14320. Designation gives priority access to federal support; it creates no right to financing."
          />
        </p>
        <PublicNav />
      </header>
      {/* The calls are published in English: marked so, and laid out left to right in an Arabic page. */}
      <div lang={locale === 'en' ? undefined : 'en'} dir={locale === 'en' ? undefined : 'ltr'}>
        <OpenCalls />
      </div>
      {stats.data && (
        <section className="stats" aria-label={intl.formatMessage({ id: 'catalog.stats.label', defaultMessage: 'Program statistics' })}>
          <div>
            <FormattedMessage
              id="catalog.stats.submitted"
              defaultMessage="{count, plural, one {<strong>#</strong> proposal submitted} other {<strong>#</strong> proposals submitted}}"
              values={{ count: stats.data.submitted, strong: (chunks) => <strong>{chunks}</strong> }}
            />
          </div>
          <div>
            <FormattedMessage id="catalog.stats.underReview" defaultMessage="<strong>{count, number}</strong> under review" values={{ count: stats.data.underReview, strong: (chunks) => <strong>{chunks}</strong> }} />
          </div>
          <div>
            <FormattedMessage id="catalog.stats.designated" defaultMessage="<strong>{count, number}</strong> designated" values={{ count: stats.data.designated, strong: (chunks) => <strong>{chunks}</strong> }} />
          </div>
          <div className="small">
            {stats.data.byRegion.map((r) => (
              <span key={r.region} className="tag">
                {names.region(r.region)}: <FormattedNumber value={r.count} />
              </span>
            ))}
          </div>
          <div className="small">
            {stats.data.bySector.map((s) => (
              <span key={s.sector} className="tag">
                {names.sector(s.sector)}: <FormattedNumber value={s.count} />
              </span>
            ))}
          </div>
        </section>
      )}
      {/* Keyed by the URL's query: Back or a shared link puts what the URL asks into the form. */}
      <CatalogFilters key={query} applied={search} countries={countries} onSearch={(filters) => void navigate({ search: filters })} />
      <WorldMap
        counts={stats.data?.byCountry ?? {}}
        label={intl.formatMessage({ id: 'catalog.map.label', defaultMessage: 'Target countries of the designated packages' })}
        selected={search.country}
        onSelect={chooseCountry}
        nameOf={nameOf}
        compareNames={compareNames}
        text={mapText}
      />
      {search.country && (
        <p className="small" role="status">
          <FormattedMessage id="catalog.filteredBy" defaultMessage="Showing packages for {country}." values={{ country: nameOf(search.country) }} />{' '}
          <button type="button" className="link" onClick={() => chooseCountry(search.country!)}>
            <FormattedMessage id="catalog.showAll" defaultMessage="Show all countries" />
          </button>
        </p>
      )}
      <ErrorBox error={catalog.error} />
      {!catalog.data ? (
        <Loading />
      ) : catalog.data.items.length === 0 ? (
        <p className="muted">
          <FormattedMessage id="catalog.none" defaultMessage="No designated package matches." />
        </p>
      ) : (
        <>
          <p className="small muted">
            <FormattedMessage id="catalog.count" defaultMessage="{count, plural, one {# designated package} other {# designated packages}}" values={{ count: catalog.data.total }} />
          </p>
          <ul className="catalog" aria-label={intl.formatMessage({ id: 'catalog.list.label', defaultMessage: 'Designated packages' })}>
            {catalog.data.items.map((e) => {
              const shown = shownText(e);
              const text = (s: string) => (shown.translated ? s : <English>{s}</English>);
              return (
                <li key={e.id} className="card">
                  <h2>
                    <Link to="/catalog/$id" params={{ id: e.id }}>
                      {text(shown.title)}
                    </Link>
                  </h2>
                  <p>{text(shown.description)}</p>
                  {shown.translated && <TranslationNote title={e.title} description={e.description} />}
                  <p className="small">
                    <strong>
                      <bdi>{e.consortium.name}</bdi>
                    </strong>
                    :{' '}
                    {e.consortium.members.map((m, i) => (
                      <span key={m.name}>
                        {i > 0 && names.separator}
                        <bdi>{m.name}</bdi> ({nameOf(m.country)})
                      </span>
                    ))}
                  </p>
                  <p className="small">
                    <FormattedMessage id="catalog.card.layers" defaultMessage="Layers: {layers}" values={{ layers: names.join(e.layers.map(names.layer)) }} />
                    {' · '}
                    <FormattedMessage id="catalog.card.sectors" defaultMessage="Sectors: {sectors}" values={{ sectors: names.join(e.sectors.map(names.sector)) }} />
                    {' · '}
                    <FormattedMessage id="catalog.card.countries" defaultMessage="Target countries: {countries}" values={{ countries: names.join(named(e.countries).map((c) => c.name)) }} />
                    {e.blocs.length > 0 && (
                      <>
                        {' ('}
                        <bdi>{e.blocs.join(', ')}</bdi>
                        {')'}
                      </>
                    )}
                    {' · '}
                    <FormattedMessage id="catalog.card.designated" defaultMessage="Designated {date}" values={{ date: <FormattedDate value={e.designatedAt} dateStyle="long" /> }} />
                  </p>
                  <Link
                    to="/catalog/$id"
                    params={{ id: e.id }}
                    aria-label={intl.formatMessage({ id: 'catalog.card.detailsOf', defaultMessage: 'Details and register interest: {title}' }, { title: shown.title })}
                  >
                    <FormattedMessage id="catalog.card.details" defaultMessage="Details and register interest" />
                  </Link>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </main>
  );
}

/** The filter form edits a copy; "Search" hands the non-empty filters over, to put them in the URL. */
function CatalogFilters({ applied, countries, onSearch }: { applied: Filters; countries: Country[]; onSearch: (f: Filters) => void }) {
  const intl = useIntl();
  const names = useCodeNames();
  const [filters, setFilters] = useState({ ...EMPTY, ...applied });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(CatalogSearch.parse(Object.fromEntries(Object.entries(filters).filter(([, v]) => v))));
  };
  const label = (id: string, defaultMessage: string) => intl.formatMessage({ id, defaultMessage });
  const any = <option value="">{label('catalog.filter.any', 'Any')}</option>;
  return (
    <form className="card inline" onSubmit={submit} aria-label={label('catalog.filter.label', 'Search the catalog')}>
      <label>
        {label('catalog.filter.search', 'Search')}
        <input value={filters.q} onChange={(e) => setFilters({ ...filters, q: e.target.value })} placeholder={label('catalog.filter.searchHint', 'Package, company or country')} />
      </label>
      <label>
        {label('catalog.filter.country', 'Country')}
        <select aria-label={label('catalog.filter.country', 'Country')} value={filters.country} onChange={(e) => setFilters({ ...filters, country: e.target.value })}>
          {any}
          <CountryOptions countries={countries} />
        </select>
      </label>
      <label>
        {label('catalog.filter.region', 'Region')}
        <select aria-label={label('catalog.filter.region', 'Region')} value={filters.region} onChange={(e) => setFilters({ ...filters, region: e.target.value })}>
          {any}
          {REGIONS.map((r) => (
            <option key={r} value={r}>
              {names.region(r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {label('catalog.filter.layer', 'Layer')}
        <select aria-label={label('catalog.filter.layer', 'Layer')} value={filters.layer} onChange={(e) => setFilters({ ...filters, layer: e.target.value })}>
          {any}
          {LAYERS.map((l) => (
            <option key={l} value={l}>
              {names.layer(l)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {label('catalog.filter.sector', 'Sector')}
        <select aria-label={label('catalog.filter.sector', 'Sector')} value={filters.sector} onChange={(e) => setFilters({ ...filters, sector: e.target.value })}>
          {any}
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {names.sector(s)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{label('catalog.filter.submit', 'Search')}</button>
    </form>
  );
}
