// The market explorer of a package (/proposals/$id/market): every candidate country ranked by
// licensing friction, financing eligibility, buyers' demand and competition. The weights live in
// the URL (shareable; Back undoes a change), the map and the sortable table show the same ranking,
// and the CSV download carries the weights on screen.
import { getRouteApi, Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { z } from 'zod';
import { DEFAULT_MARKET_WEIGHTS, MARKET_FACTORS, MAX_MARKET_WEIGHT, WEIGHT_PARAMS, type MarketCountry, type MarketFactor, type MarketView } from '../../../shared/contracts/market.ts';
import { ErrorBox, Loading, StateBadge, TableScroll } from '../../components/ui.tsx';
import { useApiQuery } from '../../lib/query.ts';
import { ChoroplethMap } from './ChoroplethMap.tsx';
import './market.css';

const Weight = z.coerce.number().int().min(0).max(MAX_MARKET_WEIGHT).optional().catch(undefined);
const SORTS = ['rank', 'name', 'licensing', 'financing', 'demand', 'competition'] as const;
type Sort = (typeof SORTS)[number];

/** The page's search parameters: the four weights, and the table's sort; a value it does not know is dropped. */
export const MarketSearch = z.object({
  wLicensing: Weight,
  wFinancing: Weight,
  wDemand: Weight,
  wCompetition: Weight,
  sort: z.enum(SORTS).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
});
export type MarketSearch = z.infer<typeof MarketSearch>;

const route = getRouteApi('/app/proposals/$id/market');

const FACTOR_LABELS: Record<MarketFactor, string> = { licensing: 'Licensing', financing: 'Financing', demand: 'Demand', competition: 'Competition' };
const STANDING_TEXT: Record<string, string> = { eligible: 'eligible', conditional: 'depends on deal terms', unknown: 'unknown', ineligible: 'not eligible' };
const STATUS_TEXT: Record<string, string> = { clear: 'No license', needs_information: 'Needs information', license_required: 'License required', prohibited: 'Prohibited' };
const CONDITION_TEXT: Record<string, string> = {
  licensing_clear: 'no component needs a license',
  income_group: 'high-income market',
  low_competition: 'no non-US competitor recorded',
  demand_present: 'buyers’ demand recorded',
};

/** The query string of the weights the URL names (none: the server's defaults). */
export function weightQuery(search: MarketSearch): string {
  const params = new URLSearchParams();
  for (const f of MARKET_FACTORS) {
    const v = search[WEIGHT_PARAMS[f]];
    if (v !== undefined) params.set(WEIGHT_PARAMS[f], String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function sortValue(c: MarketCountry, sort: Sort): number | string {
  switch (sort) {
    case 'rank':
      return c.rank;
    case 'name':
      return c.name;
    case 'licensing':
    case 'financing':
    case 'demand':
    case 'competition':
      return c.scores[sort];
  }
}

export function MarketExplorerPage({ id }: { id: string }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = weightQuery(search);
  const loaded = useApiQuery<MarketView>(`/api/v1/proposals/${id}/market${query}`, { placeholderData: (previous) => previous });
  const sort: Sort = search.sort ?? 'rank';
  const dir = search.dir ?? (sort === 'rank' || sort === 'name' ? 'asc' : 'desc');
  const m = loaded.data;
  const rows = useMemo(() => {
    if (!m) return [];
    const sign = dir === 'asc' ? 1 : -1;
    return [...m.countries].sort((a, b) => {
      const x = sortValue(a, sort);
      const y = sortValue(b, sort);
      const c = typeof x === 'string' ? x.localeCompare(String(y), 'en') : x - Number(y);
      return sign * c || a.rank - b.rank;
    });
  }, [m, sort, dir]);
  if (!m) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />;

  const setWeight = (f: MarketFactor, v: number) => void navigate({ search: (s) => ({ ...s, [WEIGHT_PARAMS[f]]: v === DEFAULT_MARKET_WEIGHTS[f] ? undefined : v }), replace: true });
  const resetWeights = () => void navigate({ search: (s) => ({ sort: s.sort, dir: s.dir }) });
  const sortBy = (next: Sort) =>
    void navigate({ search: (s) => ({ ...s, sort: next, dir: next === sort ? (dir === 'asc' ? 'desc' : 'asc') : next === 'rank' || next === 'name' ? 'asc' : 'desc' }), replace: true });
  const ariaSort = (col: Sort) => (col === sort ? (dir === 'asc' ? 'ascending' : 'descending') : 'none');
  const header = (col: Sort, label: string) => (
    <th scope="col" aria-sort={ariaSort(col)}>
      <button type="button" onClick={() => sortBy(col)}>
        {label}
        {col === sort ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  // The sliders follow the URL at once; the ranking follows when the server answers.
  const weightOf = (f: MarketFactor) => search[WEIGHT_PARAMS[f]] ?? DEFAULT_MARKET_WEIGHTS[f];
  const flagged = m.countries.filter((c) => c.additionality.likelyWithoutSupport);
  const a = m.assumptions;

  return (
    <>
      <p className="crumbs">
        <Link to="/">Home</Link> /{' '}
        <Link to="/proposals/$id" params={{ id }}>
          {m.proposalTitle}
        </Link>
      </p>
      <div className="titlebar">
        <h1>Market explorer</h1>
        <StateBadge state={m.proposalState} />
      </div>
      <p className="muted">
        {m.countries.length} candidate countries as of {m.asOf} · export-control reference data {m.sources.exportControl.version} (effective {m.sources.exportControl.effectiveDate}) · financing rule set{' '}
        {m.sources.financingRules ? `${m.sources.financingRules.version} (from ${m.sources.financingRules.effectiveFrom})` : 'none in force'} · income groups {m.sources.incomeGroups.version}
      </p>

      <fieldset className="market-weights">
        <legend>Weights (0–{MAX_MARKET_WEIGHT})</legend>
        {MARKET_FACTORS.map((f) => (
          <label key={f}>
            <span>
              {FACTOR_LABELS[f]}: <output>{weightOf(f)}</output>
            </span>
            <input type="range" min={0} max={MAX_MARKET_WEIGHT} step={1} value={weightOf(f)} onChange={(e) => setWeight(f, Number(e.target.value))} aria-label={`${FACTOR_LABELS[f]} weight`} />
          </label>
        ))}
      </fieldset>
      <div className="actions" role="toolbar" aria-label="Market explorer actions">
        <button type="button" className="secondary" onClick={resetWeights} disabled={query === ''}>
          Default weights
        </button>
        <a className="button secondary" href={`/api/v1/proposals/${id}/market.csv${query}`}>
          Download CSV
        </a>
      </div>

      <ChoroplethMap countries={m.countries} label={`Candidate markets for ${m.proposalTitle}`} />

      <p>
        {flagged.length === 0
          ? 'No market is flagged as likely to proceed without federal support.'
          : `${flagged.length} market${flagged.length === 1 ? ' is' : 's are'} flagged as likely to proceed without federal support (additionality): ${flagged.map((c) => c.name).join(', ')}.`}
      </p>

      <TableScroll label="Ranked countries" className="market-table">
        <table>
          <caption className="sr-only">Candidate countries ranked; select a column heading to sort</caption>
          <thead>
            <tr>
              {header('rank', 'Rank')}
              {header('name', 'Country')}
              <th scope="col">Total</th>
              {header('licensing', 'Licensing')}
              {header('financing', 'Financing')}
              {header('demand', 'Demand')}
              {header('competition', 'Competition')}
              <th scope="col">Additionality</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.code} className={c.prohibited ? 'prohibited-row' : undefined} data-country={c.code}>
                <td>{c.rank}</td>
                <th scope="row">
                  {c.name} <span className="muted">{c.code}</span> {c.target && <span className="badge target-market">target market</span>}
                </th>
                <td>{c.prohibited ? <strong>Prohibited</strong> : c.total}</td>
                <td>
                  <div>
                    {c.scores.licensing} · {STATUS_TEXT[c.licensing.status]}
                  </div>
                  <div className="muted small">
                    {c.licensing.counts.clear} clear, {c.licensing.counts.license_required + c.licensing.counts.license_required_denial} license, {c.licensing.counts.prohibited} prohibited, {c.licensing.counts.needs_information} need information
                  </div>
                  {c.licensing.reviewPolicy && <div className="small">Policy: {c.licensing.reviewPolicy}</div>}
                  <div className="small">Expected licensing time: {c.licensing.expectedDays === null ? 'not estimated' : `${c.licensing.expectedDays} days`}</div>
                  {c.licensing.reason && (
                    <div className="small muted">
                      {c.licensing.reason.text} ({c.licensing.reason.citation})
                    </div>
                  )}
                </td>
                <td>
                  <div>
                    {c.scores.financing} · income group {c.financing.incomeGroup?.replace('_', ' ') ?? 'not classified'}
                  </div>
                  <ul className="small plain">
                    {c.financing.agencies.map((g) => (
                      <li key={g.agency} title={g.rules.map((r) => `${r.ruleId}: ${r.explanation} (${r.citation})`).join('\n')}>
                        {g.agency}: {STANDING_TEXT[g.standing]}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  <div>{c.scores.demand}</div>
                  <div className="small muted">
                    {c.demand.requirements} requirement{c.demand.requirements === 1 ? '' : 's'}, {c.demand.interests} interest, {c.demand.followers} follower{c.demand.followers === 1 ? '' : 's'}
                  </div>
                </td>
                <td>
                  <div>{c.scores.competition}</div>
                  <div className="small muted">
                    {c.competition.nonUsCompetitors} non-US competitor{c.competition.nonUsCompetitors === 1 ? '' : 's'}
                  </div>
                </td>
                <td>
                  {c.additionality.likelyWithoutSupport ? (
                    <span className="badge additionality" title={c.additionality.conditions.map((x) => CONDITION_TEXT[x.condition]).join('; ')}>
                      Likely without federal support
                    </span>
                  ) : (
                    <span className="small muted">Missing: {c.additionality.conditions.filter((x) => !x.holds).map((x) => CONDITION_TEXT[x.condition]).join('; ')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2>Assumptions</h2>
      <ul className="small">
        <li>
          Expected licensing time: none when no component needs a license; {a.licenseDays.licenseRequired} days for a license reviewed case by case;{' '}
          {a.licenseDays.denialPolicy === null ? 'not estimated' : `${a.licenseDays.denialPolicy} days`} under a presumption or policy of denial. {a.licenseDays.source}
        </li>
        <li>
          Additionality: flagged when no component needs a license, the income group is {a.additionality.incomeGroups.join(' or ')}, at most {a.additionality.maxNonUsCompetitors} non-US competitor(s) are recorded and
          at least {a.additionality.minDemandSignals} demand signal(s) exist.
        </li>
        <li>Licensing is assessed with no named parties: the compliance matrix remains the authority for the package’s own markets and parties.</li>
      </ul>
    </>
  );
}
