// The yente-compatible match API: POST /api/v1/match/:dataset takes OpenSanctions yente's
// EntityMatchQuery (FollowTheMoney-style entities with names, dates, nationalities, identifiers,
// addresses) and answers its EntityMatchResponse, scored by aiep's screening index with the
// entity's evidence (src/engines/screening/evidence.ts). Same access as the screening search.
import {
  countryCode,
  DEFAULT_THRESHOLD,
  idClassOf,
  LIST_CODES,
  LIST_EFFECTS,
  parseEvidenceDate,
  type EntityType,
  type ListCode,
  type ListEntry,
  type QueryEvidence,
  type ScreeningMatch,
} from '../../../engines/screening/index.ts';
import type { MatchBodyInput, MatchSchemaName } from '../../../shared/contracts/match.ts';
import { AppError, invalid, type FieldProblem } from '../../../shared/errors.ts';
import type { ServiceContext } from '../../lib/context.ts';
import type { SearchRequest } from './index-ops.ts';
import { canScreen } from './screening.policy.ts';
import { getIndex } from './screening.index.ts';
import { NOT_SCREENED_NOTICE } from './screening.service.ts';

/** Results scoring below this are left out unless the request says otherwise (never above the threshold). */
export const DEFAULT_CUTOFF = 0.5;
/** Names of one entity searched, at most. */
const MAX_NAMES = 10;

const CSL_LISTS: readonly ListCode[] = ['SDN', 'EL', 'DPL', 'UVL', 'MEU', 'SSI', 'FSE', 'NS-MBS', 'CMIC', 'PLC', 'CAP', 'DTC', 'ISN'];

/**
 * Dataset names (yente's / OpenSanctions' where one fits, and aiep's list codes in lower case) to
 * the lists searched. `default`, `sanctions` and `all`: every active list.
 */
const DATASETS: Record<string, readonly ListCode[] | 'all'> = {
  default: 'all',
  sanctions: 'all',
  all: 'all',
  us_trade_csl: CSL_LISTS,
  us_ofac_sdn: ['SDN'],
  us_ofac_cons: ['SSI', 'FSE', 'NS-MBS', 'CMIC', 'PLC', 'CAP'],
  us_bis_denied: ['DPL'],
  un_sc_sanctions: ['UN'],
  eu_fsf: ['EU'],
  gb_fcdo_sanctions: ['UK'],
  gb_hmt_sanctions: ['UK'],
  ...Object.fromEntries(LIST_CODES.map((c) => [c.toLowerCase(), [c]])),
};

/** The dataset a list entry is reported in. */
const DATASET_OF: Partial<Record<ListCode, string>> = { SDN: 'us_ofac_sdn', DPL: 'us_bis_denied', UN: 'un_sc_sanctions', EU: 'eu_fsf', UK: 'gb_fcdo_sanctions' };

const EXPORT_CONTROL_LISTS = new Set<ListCode>(['EL', 'DPL', 'UVL', 'MEU', 'DTC', 'ISN']);

const SCHEMA_TYPE: Record<MatchSchemaName, EntityType | undefined> = {
  Person: 'person',
  Company: 'organization',
  Organization: 'organization',
  LegalEntity: undefined,
  Vessel: 'vessel',
  Airplane: 'aircraft',
  Thing: undefined,
};

const FTM_SCHEMA: Record<EntityType, string> = { person: 'Person', organization: 'Organization', vessel: 'Vessel', aircraft: 'Airplane', unknown: 'LegalEntity' };

/** The features a result reports (yente's `matcher` documents them). */
const FEATURES: Record<string, { description: string; coefficient: number }> = {
  name_score: { description: 'How well the best of the names matches a listed name or alias (0–1), after the name rules', coefficient: 1 },
  id_match: { description: 'The same identifier number is listed: the result is lifted to at least the "confirmed by ID" score', coefficient: 0.95 },
  id_conflict: { description: 'Another number of the same identifier type from the same issuing country is listed', coefficient: -0.25 },
  date_match: { description: 'The same full date of birth / incorporation is listed', coefficient: 0.08 },
  date_year_match: { description: 'The same year of birth / incorporation is listed', coefficient: 0.03 },
  date_conflict: { description: 'Every listed date of birth / incorporation is in another year (±1 for year-only dates)', coefficient: -0.22 },
  country_match: { description: 'A listed nationality (persons) / country (organisations) is shared', coefficient: 0.02 },
  country_conflict: { description: 'No listed nationality / country is shared', coefficient: -0.05 },
  address_country_match: { description: 'A listed address is in the same country', coefficient: 0.02 },
  address_place_match: { description: 'A listed address names the same place', coefficient: 0.02 },
};

export const MATCHER_DOCS = Object.fromEntries(Object.entries(FEATURES).map(([k, v]) => [k, { ...v, url: 'docs/domain.md#evidence-beyond-the-name' }]));

function requireScreen(ctx: ServiceContext) {
  if (!canScreen(ctx.actor)) throw new AppError(403, 'FORBIDDEN', 'Screening is for compliance officers, the program office\u2019s staff, auditors and admins');
}

type MatchQueryInput = MatchBodyInput['queries'][string];

interface PreparedQuery {
  key: string;
  input: MatchQueryInput;
  names: string[];
  type: EntityType | undefined;
  country: string | undefined;
  evidence: QueryEvidence;
}

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?([T ].*)?$/;

/** One query's properties as the engine's query and evidence; every problem reported with its path. */
function prepareQuery(key: string, input: MatchQueryInput, problems: FieldProblem[]): PreparedQuery {
  const p = input.properties;
  const at = (prop: string) => `queries.${key}.properties.${prop}`;
  const names = [...p.name];
  const composed = [p.firstName, p.middleName, p.lastName].map((v) => v?.[0]).filter(Boolean).join(' ');
  if (composed) names.push(composed);
  if (!names.length) problems.push({ path: at('name'), message: 'must hold at least one name (or firstName / lastName)' });
  if (names.length > MAX_NAMES) problems.push({ path: at('name'), message: `at most ${MAX_NAMES} names` });
  if (names.some((n) => n.length > 500)) problems.push({ path: at('name'), message: 'a name is longer than 500 characters' });
  const date = (prop: 'birthDate' | 'incorporationDate') => {
    const values = p[prop] ?? [];
    for (const v of values) if (!DATE_RE.test(v) || !parseEvidenceDate(v)) problems.push({ path: at(prop), message: `"${v}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)` });
    return values[0];
  };
  const countries = (prop: 'nationality' | 'citizenship' | 'country' | 'jurisdiction') => {
    const out: string[] = [];
    for (const v of p[prop] ?? []) {
      const c = countryCode(v);
      if (c) out.push(c);
      else problems.push({ path: at(prop), message: `"${v}" is not a country (an ISO 3166-1 alpha-2 code or an English country name)` });
    }
    return out;
  };
  const birthDate = date('birthDate');
  const incorporationDate = date('incorporationDate');
  const nationalities = [...new Set([...countries('nationality'), ...countries('citizenship')])];
  const country = countries('country');
  const jurisdiction = countries('jurisdiction')[0];
  const type = SCHEMA_TYPE[input.schema];
  const identifiers = [
    ...(p.idNumber ?? []).map((number) => ({ type: 'idNumber', number })),
    ...(p.passportNumber ?? []).map((number) => ({ type: 'passport', number })),
    ...(p.registrationNumber ?? []).map((number) => ({ type: 'registration', number })),
    ...(p.taxNumber ?? []).map((number) => ({ type: 'tax', number })),
    ...(p.innCode ?? []).map((number) => ({ type: 'tax', number, country: 'RU' })),
    ...(p.imoNumber ?? []).map((number) => ({ type: 'IMO', number })),
  ].slice(0, 20);
  // An address takes the entity's country when it names only one.
  const addressCountry = country.length === 1 ? country[0] : undefined;
  const addresses = (p.address ?? []).slice(0, 20).map((text) => ({ text, ...(addressCountry ? { country: addressCountry } : {}) }));
  const evidence: QueryEvidence = {
    ...(birthDate ? { birthDate } : {}),
    ...(incorporationDate ? { incorporationDate } : {}),
    ...(nationalities.length ? { nationalities } : {}),
    // An organisation's `country` stands for its jurisdiction when none is given.
    ...(jurisdiction ? { jurisdiction } : type === 'organization' && country[0] ? { jurisdiction: country[0] } : {}),
    ...(identifiers.length ? { identifiers } : {}),
    ...(addresses.length ? { addresses } : {}),
  };
  return { key, input, names: names.slice(0, MAX_NAMES), type, country: type === 'person' ? country[0] : undefined, evidence };
}

/** The lists a dataset name stands for; 404 for a dataset aiep does not know. */
function datasetLists(dataset: string): readonly ListCode[] | 'all' {
  const lists = Object.hasOwn(DATASETS, dataset.toLowerCase()) ? DATASETS[dataset.toLowerCase()] : undefined;
  if (!lists) throw new AppError(404, 'DATASET_NOT_FOUND', `No dataset "${dataset}": use default (every active list), sanctions, us_trade_csl, us_ofac_sdn, us_ofac_cons, us_bis_denied, un_sc_sanctions, eu_fsf, gb_fcdo_sanctions, or a list code (sdn, el, dpl, …)`);
  return lists;
}

const lower = (cs: readonly string[]) => [...new Set(cs.map((c) => c.toLowerCase()))];

/** A list entry as a FollowTheMoney-style entity. */
function entityProperties(e: ListEntry): Record<string, string[]> {
  const props: Record<string, string[]> = { name: [e.name] };
  const add = (k: string, v: string | undefined) => {
    if (!v) return;
    const list = props[k] ?? (props[k] = []);
    if (!list.includes(v)) list.push(v);
  };
  for (const a of e.aliases) add(a.type === 'weak' ? 'weakAlias' : a.type === 'fka' ? 'previousName' : 'alias', a.name);
  for (const d of e.datesOfBirth) add(e.type === 'organization' ? 'incorporationDate' : 'birthDate', d);
  for (const p of e.placesOfBirth) add('birthPlace', p);
  for (const c of lower(e.nationalities)) add(e.type === 'person' ? 'nationality' : 'jurisdiction', c);
  for (const c of lower(e.addresses.flatMap((a) => (a.country ? [a.country] : [])))) add('country', c);
  for (const a of e.addresses) add('address', a.text);
  for (const i of e.ids) {
    const cls = idClassOf(i.type);
    if (!cls) continue;
    add(cls === 'passport' ? 'passportNumber' : cls === 'tax' ? 'taxNumber' : cls === 'registration' ? 'registrationNumber' : 'idNumber', i.number);
  }
  for (const p of e.programs) add('program', p);
  add('topics', EXPORT_CONTROL_LISTS.has(e.list) ? 'export.control' : 'sanction');
  add('notes', e.remarks);
  return props;
}

function resultOf(m: ScreeningMatch, threshold: number) {
  const e = m.entry;
  const features: Record<string, number> = { name_score: m.explanation.nameScore };
  for (const i of m.evidence ?? []) features[i.rule] = i.floor ?? i.effect;
  return {
    id: `${e.list.toLowerCase()}-${e.entryId}`,
    caption: e.name,
    schema: FTM_SCHEMA[e.type],
    properties: entityProperties(e),
    datasets: [DATASET_OF[e.list] ?? 'us_trade_csl'],
    referents: [],
    target: true,
    first_seen: null,
    last_seen: null,
    last_change: null,
    score: m.score,
    match: m.score >= threshold,
    features,
    list: e.list,
    entryId: e.entryId,
    effect: e.effect,
    citation: LIST_EFFECTS[e.list]?.citation ?? null,
    matchedName: m.matchedName,
    explanation: { nameScore: m.explanation.nameScore, summary: m.explanation.summary, adjustments: m.explanation.adjustments },
    evidence: m.evidence ?? [],
  };
}

export interface MatchOptions {
  threshold?: number | undefined;
  cutoff?: number | undefined;
  limit: number;
}

/** POST /api/v1/match/:dataset */
export async function matchEntities(ctx: ServiceContext, dataset: string, body: MatchBodyInput, opts: MatchOptions) {
  requireScreen(ctx);
  const wanted = datasetLists(dataset);
  const problems: FieldProblem[] = [];
  const queries = Object.entries(body.queries).map(([key, q]) => prepareQuery(key, q, problems));
  if (problems.length) throw invalid('VALIDATION_FAILED', 'The match queries are not valid', problems);
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const cutoff = Math.min(opts.cutoff ?? DEFAULT_CUTOFF, threshold);
  const state = await getIndex(ctx);
  // No list, no clearance: nothing active (in this dataset) means nothing screened, said so.
  const active = state.versions.length ? await state.index.entries({ sources: wanted === 'all' ? [] : wanted, countries: [], types: [] }, 0, 0) : { total: 0, lists: [] };
  const screened = active.total > 0;
  const requests: SearchRequest[] = [];
  const owners: number[] = [];
  if (screened) {
    queries.forEach((q, k) => {
      for (const name of q.names) {
        requests.push({
          query: { name, ...(q.type ? { type: q.type } : {}), ...(q.country ? { country: q.country } : {}), evidence: q.evidence },
          options: { threshold: cutoff, limit: opts.limit, ...(wanted === 'all' ? {} : { sources: wanted }) },
        });
        owners.push(k);
      }
    });
  }
  const answers = requests.length ? await state.index.search(requests) : [];
  // The best match of each entry over the entity's names.
  const perQuery = queries.map(() => new Map<string, ScreeningMatch>());
  answers.forEach((matches, r) => {
    const best = perQuery[owners[r]!]!; // owners has one entry per request, each a query's position
    for (const m of matches) {
      const k = `${m.entry.list}\u0000${m.entry.entryId}`;
      const prev = best.get(k);
      if (!prev || prev.score < m.score) best.set(k, m);
    }
  });
  const responses = Object.fromEntries(
    queries.map((q, k) => {
      const all = [...perQuery[k]!.values()].sort((a, b) => b.score - a.score || a.entry.entryId.localeCompare(b.entry.entryId));
      return [
        q.key,
        {
          status: 200,
          results: all.slice(0, opts.limit).map((m) => resultOf(m, threshold)),
          total: { value: all.length, relation: 'eq' },
          query: { ...(q.input.id ? { id: q.input.id } : {}), schema: q.input.schema, properties: q.input.properties },
        },
      ];
    }),
  );
  return {
    responses,
    matcher: MATCHER_DOCS,
    limit: opts.limit,
    screened,
    notice: screened ? null : state.versions.length ? `Not screened: no list of dataset "${dataset}" is active. An administrator must import and activate one, or search the dataset "default".` : NOT_SCREENED_NOTICE,
    threshold,
    dataset,
    lists: [...active.lists].sort(),
  };
}
