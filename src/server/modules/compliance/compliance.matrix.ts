// From a proposal's package to the compliance matrix view (no I/O): components × the proposal's
// countries × the build/own/operate parties declared for each country. Each market is built with
// its own parties; determinations are deduplicated for the response, and inputs the engine cannot
// decide on (an ECCN or a country outside the reference data) become needs_information cells
// naming the problem — never a silent "no license".
import { createHash } from 'node:crypto';
import { resolveItem } from '../../../engines/export-control/classification.ts';
import { makeContext } from '../../../engines/export-control/determine.ts';
import { originFactsOfComponent } from '../../../engines/export-control/foreign-made.ts';
import {
  buildComplianceMatrix,
  itemShareKey,
  ExportControlInputError,
  type Determination,
  type ListHit,
  type MatrixCell,
  type MatrixComponent,
  type MatrixParty,
  type ReferenceData,
} from '../../../engines/export-control/index.ts';
import type {
  CellStatus,
  ComplianceMatrixView,
  GridEntryView,
  LicenseView,
  MatrixCellView,
  MatrixPartyView,
  ReferenceDataInfo,
  StatusRollupView,
} from '../../../shared/contracts/compliance.ts';
import { CELL_STATUSES } from '../../../shared/contracts/compliance.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import { countryName, getBloc, isBlocCode } from '../../../shared/reference/geography.ts';

export interface OrgFacts {
  id: string;
  name: string;
  principalPlaceOfBusiness: string;
  owners: { name: string; country: string; percent: number }[];
  ultimateParent: { name: string; country: string } | null;
}

import type { PartyHits, PartyRef } from '../../lib/ports.ts';

export type { PartyHits, PartyRef };

export interface MatrixSubject {
  id: string;
  title: string;
  state: string;
  pkg: Package;
  /** The proposal's target markets expanded to countries. */
  countries: string[];
  orgs: Map<string, OrgFacts>;
}

const SEVERITY = Object.fromEntries(CELL_STATUSES.map((s, i) => [s, i])) as Record<CellStatus, number>;
const emptyCounts = (): Record<CellStatus, number> => ({ clear: 0, needs_screening: 0, needs_information: 0, license_required: 0, prohibited: 0 });

function rollupOf(counts: Record<CellStatus, number>): StatusRollupView {
  let status: CellStatus = 'clear';
  for (const s of CELL_STATUSES) if (counts[s] > 0 && SEVERITY[s] > SEVERITY[status]) status = s;
  return { status, counts };
}

/** Stable id of a party: the same entity (name and country) has the same id in every market. */
function partyIdOf(name: string, country: string): string {
  const key = `${name.trim().replace(/\s+/g, ' ').toLowerCase()}|${country.toUpperCase()}`;
  return `pty-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** Every distinct party named in the operating model, with the markets and roles it has. */
export function declaredParties(pkg: Package, countries: readonly string[]): { parties: Map<string, PartyRef & { roles: Set<'build' | 'own' | 'operate'> }>; byMarket: Map<string, string[]> } {
  const parties = new Map<string, PartyRef & { roles: Set<'build' | 'own' | 'operate'> }>();
  const byMarket = new Map<string, string[]>(countries.map((c) => [c, []]));
  for (const entry of pkg.operatingModel) {
    // An entry is declared for a country or for a bloc, and then covers the bloc's members.
    const covered = isBlocCode(entry.market) ? (getBloc(entry.market)?.members ?? []) : [entry.market];
    for (const role of ['build', 'own', 'operate'] as const) {
      for (const p of entry[role]) {
        const id = partyIdOf(p.name, p.country);
        let party = parties.get(id);
        if (!party) parties.set(id, (party = { id, name: p.name.trim(), country: p.country, orgId: p.orgId ?? null, roles: new Set() }));
        party.roles.add(role);
        party.orgId ??= p.orgId ?? null;
        for (const c of covered) {
          const list = byMarket.get(c);
          if (list && !list.includes(id)) list.push(id);
        }
      }
    }
  }
  return { parties, byMarket };
}

/** Engine facts of a party: headquarters its country; ownership from aiep's record of the organization. */
function partyFacts(p: PartyRef, role: MatrixParty['role'], orgs: Map<string, OrgFacts>, hits: ListHit[] | undefined): MatrixParty {
  const org = p.orgId ? orgs.get(p.orgId) : undefined;
  const facts: MatrixParty = { id: p.id, name: p.name, role, headquarters: p.country, listHits: hits ?? [] };
  if (org) {
    // A company with no parent of record is its own ultimate parent.
    facts.ultimateParentHeadquarters = org.ultimateParent?.country ?? org.principalPlaceOfBusiness;
    facts.owners = org.owners.map((o) => ({ name: o.name, percent: o.percent, headquarters: o.country }));
  }
  return facts;
}

function undecidable(message: string, ref: ReferenceData, appliedEccn: string): Determination {
  return {
    licenseRequired: null,
    reasons: [{ text: message, citation: '15 CFR 732.3 (steps for determining license requirements)' }],
    exceptions: [],
    reviewPolicy: null,
    redFlags: [],
    needsInformation: [message],
    appliedEccn,
    referenceDataVersion: ref.version,
  };
}

function inputProblem(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (err) {
    if (err instanceof ExportControlInputError) return err.message;
    throw err;
  }
}

export interface BuildOptions {
  asOf: string;
  hits: PartyHits;
  licenses: LicenseView[];
  referenceData: ReferenceDataInfo;
  computedAt: string;
  canEditLicenses: boolean;
}

export function buildMatrixView(subject: MatrixSubject, ref: ReferenceData, opts: BuildOptions): ComplianceMatrixView {
  const { pkg, countries } = subject;
  const { parties, byMarket } = declaredParties(pkg, countries);
  const context = makeContext(ref, opts.asOf);
  const asOf = context.date;

  // Items: resolved once per component (an ECCN outside the catalog is noted, not fatal), then
  // components with the same classification facts share one representative in the engine's input.
  const nComps = pkg.components.length;
  const badComponent: (string | null)[] = new Array(nComps).fill(null);
  const repOf = new Int32Array(nComps).fill(-1);
  const reps: MatrixComponent[] = [];
  const repIndex = new Map<string, number>();
  pkg.components.forEach((c, ci) => {
    const origin = originFactsOfComponent(c);
    const facts: MatrixComponent = { id: c.id, name: c.name, eccn: c.eccn, description: c.description, ...(Object.keys(origin).length ? { origin } : {}) };
    try {
      const key = itemShareKey(resolveItem({ eccn: facts.eccn ?? null, description: facts.description }, ref, asOf).key, facts.origin);
      let r = repIndex.get(key);
      if (r === undefined) {
        r = reps.length;
        reps.push(facts);
        repIndex.set(key, r);
      }
      repOf[ci] = r;
    } catch (err) {
      if (!(err instanceof ExportControlInputError)) throw err;
      badComponent[ci] = `component ${c.id}: ${err.message}`;
    }
  });
  const badMarket = new Map<string, string>();
  for (const m of countries) {
    const why = inputProblem(() => buildComplianceMatrix({ components: [], markets: [m], parties: [], asOf }, ref));
    if (why) badMarket.set(m, why);
  }
  /** A party is screened when the screening module answered for it (against an active list). */
  const screened = (partyId: string) => Object.hasOwn(opts.hits, partyId);
  const facts = new Map<string, MatrixParty>();
  const badParty = new Map<string, string>();
  for (const p of parties.values()) {
    const f = partyFacts(p, [...p.roles][0]!, subject.orgs, opts.hits[p.id]);
    const why = inputProblem(() => buildComplianceMatrix({ components: [], markets: [], parties: [f], asOf }, ref));
    if (why) badParty.set(p.id, why);
    else facts.set(p.id, f);
  }

  const determinations: Determination[] = [];
  const detIndex = new Map<Determination, number>();
  const detByContent = new Map<string, number>();
  const indexOf = (d: Determination): number => {
    let i = detIndex.get(d);
    if (i !== undefined) return i;
    const key = JSON.stringify(d);
    i = detByContent.get(key);
    if (i === undefined) {
      i = determinations.length;
      determinations.push(d);
      detByContent.set(key, i);
    }
    detIndex.set(d, i);
    return i;
  };

  const nMarkets = countries.length;
  const compIndex = new Map(pkg.components.map((c, i) => [c.id, i]));
  const marketIndex = new Map(countries.map((m, i) => [m, i]));
  // License records per component × market square.
  const squareLicenses: (LicenseView[] | undefined)[] = new Array(nComps * nMarkets);
  for (const l of opts.licenses) {
    const ci = compIndex.get(l.componentId);
    const mi = marketIndex.get(l.market);
    if (ci === undefined || mi === undefined) continue;
    (squareLicenses[ci * nMarkets + mi] ??= []).push(l);
  }

  const S = CELL_STATUSES.length;
  const statusIndex = (s: CellStatus) => SEVERITY[s];
  const compCounts = new Int32Array(nComps * S);
  const marketCounts = new Int32Array(nMarkets * S);
  const gridCounts = new Int32Array(nComps * nMarkets * S);
  const cells: MatrixCellView[] = [];
  const NONE: string[] = [];
  const undecidableCache = new Map<string, Determination>();

  const push = (ci: number, mi: number, partyId: string | null, status: CellStatus, d: Determination) => {
    const ls = squareLicenses[ci * nMarkets + mi];
    const cell: MatrixCellView = {
      componentId: pkg.components[ci]!.id,
      market: countries[mi]!,
      partyId,
      status,
      determination: indexOf(d),
      licenseIds: ls ? ls.filter((l) => l.partyId === null || l.partyId === partyId).map((l) => l.id) : NONE,
    };
    // Decided under defaults for missing facts: "clear (assuming …)" (not for needs_* statuses).
    if (d.assumed && status !== 'needs_information' && status !== 'needs_screening') cell.assumed = true;
    cells.push(cell);
    const s = statusIndex(status);
    // ci < components, mi < markets and s < S by construction: the typed arrays are sized for them.
    compCounts[ci * S + s]! += 1;
    marketCounts[mi * S + s]! += 1;
    gridCounts[(ci * nMarkets + mi) * S + s]! += 1;
  };

  for (let mi = 0; mi < nMarkets; mi++) {
    const market = countries[mi]!;
    const marketPartyIds = byMarket.get(market) ?? [];
    const slots: (string | null)[] = marketPartyIds.length ? marketPartyIds : [null];
    const marketProblem = badMarket.get(market);
    // Engine cells by representative × party (the engine lays them out component-major).
    let built: MatrixCell[] = [];
    let partyCol = new Map<string | null, number>();
    let nCols = 1;
    if (!marketProblem && reps.length) {
      const ps = marketPartyIds.filter((id) => facts.has(id)).map((id) => facts.get(id)!);
      built = buildComplianceMatrix({ components: reps, markets: [market], parties: ps, asOf }, ref).cells;
      nCols = Math.max(ps.length, 1);
      partyCol = new Map(ps.length ? ps.map((p, i) => [p.id, i]) : [[null, 0]]);
    }
    for (let ci = 0; ci < nComps; ci++) {
      const comp = pkg.components[ci]!;
      for (const partyId of slots) {
        const problem = marketProblem ?? badComponent[ci] ?? (partyId ? badParty.get(partyId) : undefined);
        if (problem) {
          let d = undecidableCache.get(problem);
          if (!d) undecidableCache.set(problem, (d = undecidable(problem, ref, comp.eccn ?? 'UNCLASSIFIED')));
          push(ci, mi, partyId, 'needs_information', d);
          continue;
        }
        const c = built[repOf[ci]! * nCols + partyCol.get(partyId)!];
        if (!c || c.componentId !== reps[repOf[ci]!]!.id || (c.partyId ?? null) !== partyId) throw new Error(`compliance matrix: cell layout mismatch at ${comp.id} × ${market} × ${partyId}`);
        // No list, no clearance: a cell the engine finds clear is not clear while its party is unscreened.
        push(ci, mi, partyId, c.status === 'clear' && partyId !== null && !screened(partyId) ? 'needs_screening' : c.status, c.determination);
      }
    }
  }

  const countsAt = (arr: Int32Array, offset: number): Record<CellStatus, number> => {
    const out = emptyCounts();
    for (const s of CELL_STATUSES) out[s] = arr[offset + SEVERITY[s]]!;
    return out;
  };
  const pkgCounts = emptyCounts();
  for (let ci = 0; ci < nComps; ci++) for (const s of CELL_STATUSES) pkgCounts[s] += compCounts[ci * S + SEVERITY[s]]!;
  const grid: GridEntryView[] = [];
  for (let ci = 0; ci < nComps; ci++) {
    for (let mi = 0; mi < nMarkets; mi++) {
      const counts = countsAt(gridCounts, (ci * nMarkets + mi) * S);
      grid.push({
        componentId: pkg.components[ci]!.id,
        market: countries[mi]!,
        status: rollupOf(counts).status,
        counts,
        licenseIds: (squareLicenses[ci * nMarkets + mi] ?? []).map((l) => l.id),
      });
    }
  }
  const partyViews: MatrixPartyView[] = [...parties.values()].map((p) => ({
    id: p.id,
    name: p.name,
    country: p.country,
    orgId: p.orgId,
    roles: [...p.roles],
    ultimateParentCountry: facts.get(p.id)?.ultimateParentHeadquarters ?? null,
    listHits: opts.hits[p.id] ?? [],
    screened: screened(p.id),
  }));
  const pkgRollup = rollupOf(pkgCounts);
  return {
    proposalId: subject.id,
    proposalTitle: subject.title,
    proposalState: subject.state,
    asOf,
    computedAt: opts.computedAt,
    referenceData: opts.referenceData,
    status: pkgRollup.status,
    package: pkgRollup,
    components: pkg.components.map((c, ci) => ({ id: c.id, name: c.name, eccn: c.eccn, layer: c.layer, supplier: c.supplier, rollup: rollupOf(countsAt(compCounts, ci * S)) })),
    markets: countries.map((m, mi) => ({ code: m, name: countryName(m), rollup: rollupOf(countsAt(marketCounts, mi * S)), partyIds: byMarket.get(m) ?? [] })),
    parties: partyViews,
    grid,
    cells,
    determinations,
    licenses: opts.licenses,
    canEditLicenses: opts.canEditLicenses,
  };
}
