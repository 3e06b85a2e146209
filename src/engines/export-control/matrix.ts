// Package compliance matrix: every component × market × party → a determination, rolled up per
// component, per market and for the package (worst status wins). Work is shared: items are
// classified once per component, destinations once per market, parties profiled once, the
// item×destination stage once per (classification, market), and whole determinations once per
// distinct (classification, market, party facts, end uses) — cells reference them.
import { resolveItem, type ResolvedItem } from './classification.ts';
import {
  assemble,
  endUseStage,
  itemDestinationStage,
  makeContext,
  normalizeEndUses,
  partyProfile,
  partyStage,
  type StageResult,
  type PartyProfile,
} from './determine.ts';
import { resolveDestination, type ResolvedDestination } from './destination.ts';
import { ExportControlInputError } from './errors.ts';
import { defaultReferenceData, type ReferenceData } from './reference-data.ts';
import type { CellStatus, Determination, ItemFacts, PartyFacts } from './types.ts';

export interface MatrixComponent {
  id: string;
  name?: string;
  /** Missing ECCN gives needs_information cells (never a guess). */
  eccn?: string | null;
  description?: string;
  params?: Record<string, unknown> | null;
}

export type PartyRole = 'build' | 'own' | 'operate' | 'end_user';

export interface MatrixParty extends PartyFacts {
  id: string;
  name?: string;
  role: PartyRole;
  /** End-use codes known for this party, added to the package's end uses. */
  endUse?: string[];
}

export interface ComplianceMatrixInput {
  components: MatrixComponent[];
  /** Destination codes (ISO alpha-2 or regions such as UA-43). */
  markets: string[];
  parties: MatrixParty[];
  /** Date of the determination (YYYY-MM-DD); defaults to today. */
  asOf?: string;
  /** End-use codes that apply to the whole package. */
  endUse?: string[];
}

export interface MatrixCell {
  componentId: string;
  market: string;
  partyId?: string;
  status: CellStatus;
  /** Shared between cells with identical facts: treat as read-only. */
  determination: Determination;
}

export interface StatusRollup {
  status: CellStatus;
  counts: Record<CellStatus, number>;
}

export interface ComplianceMatrix {
  asOf: string;
  referenceDataVersion: string;
  referenceDataEffectiveDate: string;
  cells: MatrixCell[];
  byComponent: Record<string, StatusRollup>;
  byMarket: Record<string, StatusRollup>;
  package: StatusRollup;
  /** Distinct determinations computed (the rest of the cells reuse them). */
  distinctDeterminations: number;
}

// Severity order for roll-ups: the worst status wins.
const STATUSES: readonly CellStatus[] = ['clear', 'needs_information', 'license_required', 'prohibited'];

export function statusOf(d: Determination): CellStatus {
  if (d.licenseRequired === 'prohibited') return 'prohibited';
  if (d.licenseRequired === true) return 'license_required';
  if (d.licenseRequired === null) return 'needs_information';
  return 'clear';
}

/** Roll-up from a counts array laid out as STATUSES at offset. */
function rollup(counts: Int32Array, offset: number): StatusRollup {
  const c = { clear: counts[offset], needs_information: counts[offset + 1], license_required: counts[offset + 2], prohibited: counts[offset + 3] };
  let worst = 0;
  for (let s = 0; s < 4; s++) if (counts[offset + s] > 0) worst = s;
  return { status: STATUSES[worst], counts: c };
}

function mergeRollups(a: StatusRollup, b: StatusRollup): StatusRollup {
  const counts = new Int32Array(4);
  for (let s = 0; s < 4; s++) counts[s] = a.counts[STATUSES[s]] + b.counts[STATUSES[s]];
  return rollup(counts, 0);
}

function withContext<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ExportControlInputError) throw new ExportControlInputError(err.code, `${what}: ${err.message}`, err.subject);
    throw err;
  }
}

/** Builds the compliance matrix of a package (pure; reference data defaults to the shipped set). */
export function buildComplianceMatrix(input: ComplianceMatrixInput, ref: ReferenceData = defaultReferenceData()): ComplianceMatrix {
  const ctx = makeContext(ref, input.asOf);
  const packageEndUses = normalizeEndUses(input.endUse ?? [], ref);

  // Items: classified once per component, interned by the facts determinations depend on.
  const itemIndex = new Map<string, number>();
  const items: ResolvedItem[] = [];
  const componentItem = input.components.map((c) =>
    withContext(`component ${c.id}`, () => {
      const facts: ItemFacts = { eccn: c.eccn ?? null, description: c.description, params: c.params ?? undefined };
      const r = resolveItem(facts, ref, ctx.date);
      let i = itemIndex.get(r.key);
      if (i === undefined) {
        i = items.length;
        items.push(r);
        itemIndex.set(r.key, i);
      }
      return i;
    }),
  );

  const dests: ResolvedDestination[] = input.markets.map((m) => withContext(`market ${m}`, () => resolveDestination(m, ref, ctx.date)));

  // Parties: profiled once; identical facts share a profile index.
  const profileIndex = new Map<string, number>();
  const profiles: { profile: PartyProfile; endUses: string[] }[] = [];
  const partySlots = input.parties.length
    ? input.parties.map((p) =>
        withContext(`party ${p.id}`, () => {
          // Label-free profile: parties with the same facts share determinations (the cell names the party).
          const profile = partyProfile(p, ref, 'party');
          const endUses = normalizeEndUses([...packageEndUses, ...(p.endUse ?? [])], ref);
          const key = `${profile.key}#${endUses.join(',')}`;
          let i = profileIndex.get(key);
          if (i === undefined) {
            i = profiles.length;
            profiles.push({ profile, endUses });
            profileIndex.set(key, i);
          }
          return i;
        }),
      )
    : [-1];
  const absentParty = { profile: partyProfile(null, ref, 'endUser'), endUses: packageEndUses };

  const nItems = items.length;
  const nDests = dests.length;
  const nProfiles = profiles.length + 1;
  const itemDest: (StageResult | undefined)[] = new Array(nItems * nDests);
  const dets: (Determination | undefined)[] = new Array(nItems * nDests * nProfiles);
  const detStatus = new Int8Array(nItems * nDests * nProfiles);

  const determinationFor = (ii: number, di: number, pi: number): Determination => {
    const slot = (ii * nDests + di) * nProfiles + (pi + 1);
    let d = dets[slot];
    if (d) return d;
    const item = items[ii];
    const dest = dests[di];
    let base = itemDest[ii * nDests + di];
    if (!base) itemDest[ii * nDests + di] = base = itemDestinationStage(item, dest, ctx);
    const { profile, endUses } = pi < 0 ? absentParty : profiles[pi];
    d = assemble([base, partyStage(item, dest, profile, ctx), endUseStage(item, dest, endUses, [profile], ctx)], item, dest, ctx);
    dets[slot] = d;
    detStatus[slot] = STATUSES.indexOf(statusOf(d));
    return d;
  };

  const nComps = input.components.length;
  const nSlots = partySlots.length;
  const cells: MatrixCell[] = new Array(nComps * nDests * nSlots);
  const compCounts = new Int32Array(nComps * 4);
  const marketCounts = new Int32Array(nDests * 4);
  const partyIds = input.parties.map((p) => p.id);
  let k = 0;
  for (let ci = 0; ci < nComps; ci++) {
    const componentId = input.components[ci].id;
    const ii = componentItem[ci];
    for (let di = 0; di < nDests; di++) {
      const market = input.markets[di];
      const rowSlot = (ii * nDests + di) * nProfiles + 1;
      for (let pj = 0; pj < nSlots; pj++) {
        const pi = partySlots[pj];
        const d = dets[rowSlot + pi] ?? determinationFor(ii, di, pi);
        const s = detStatus[rowSlot + pi];
        cells[k++] = partyIds.length
          ? { componentId, market, partyId: partyIds[pj], status: STATUSES[s], determination: d }
          : { componentId, market, status: STATUSES[s], determination: d };
        compCounts[ci * 4 + s]++;
        marketCounts[di * 4 + s]++;
      }
    }
  }
  const byComponent: Record<string, StatusRollup> = {};
  const byMarket: Record<string, StatusRollup> = {};
  const pkgCounts = new Int32Array(4);
  for (let ci = 0; ci < nComps; ci++) {
    const id = input.components[ci].id;
    // Duplicate ids (should not happen) merge into one roll-up.
    const prev = byComponent[id];
    const r = rollup(compCounts, ci * 4);
    byComponent[id] = prev ? mergeRollups(prev, r) : r;
    for (let s = 0; s < 4; s++) pkgCounts[s] += compCounts[ci * 4 + s];
  }
  for (let di = 0; di < nDests; di++) {
    const m = input.markets[di];
    const r = rollup(marketCounts, di * 4);
    byMarket[m] = byMarket[m] ? mergeRollups(byMarket[m], r) : r;
  }
  const pkg = rollup(pkgCounts, 0);
  let distinct = 0;
  for (const d of dets) if (d) distinct++;
  return {
    asOf: ctx.date,
    referenceDataVersion: ref.version,
    referenceDataEffectiveDate: ref.effectiveDate,
    cells,
    byComponent,
    byMarket,
    package: pkg,
    distinctDeterminations: distinct,
  };
}
