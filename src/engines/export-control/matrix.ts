// Package compliance matrix: every component × market × party → a determination, rolled up per
// component, per market and for the package (worst status wins). Work is shared: items are
// classified once per component, destinations once per market, parties profiled once, the
// item×destination stage once per (classification, market), and whole determinations once per
// distinct (classification, market, party facts, end uses) — cells reference them.
import { decide } from './assumptions.ts';
import { resolveItem, type ResolvedItem } from './classification.ts';
import { itemDestinationStage, makeContext, normalizeEndUses, partyProfile, STAGES, type StageResult, type PartyProfile } from './determine.ts';
import { resolveDestination, type ResolvedDestination } from './destination.ts';
import { ExportControlInputError } from './errors.ts';
import { entityListFootnotes, foreignMadeStage, hasOriginFacts } from './foreign-made.ts';
import { defaultReferenceData, type ReferenceData } from './reference-data.ts';
import type { CellStatus, Determination, ItemFacts, PartyFacts } from './types.ts';

export interface MatrixComponent {
  id: string;
  name?: string;
  /** Missing ECCN gives needs_information cells (never a guess). */
  eccn?: string | null;
  description?: string;
  params?: Record<string, unknown> | null;
  /** Origin facts of a foreign-made component (originFactsOfComponent): decide first whether the EAR apply. */
  origin?: Partial<ItemFacts>;
}

/**
 * The key under which items share determinations: the classification's key, plus the origin facts
 * of a foreign-made component (two components alike but for their U.S. content are not the same item).
 */
export function itemShareKey(resolvedKey: string, origin: Partial<ItemFacts> | undefined): string {
  return origin && hasOriginFacts(origin) ? `${resolvedKey}|origin:${JSON.stringify(origin)}` : resolvedKey;
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
  /** The status rests on defaults for missing facts (determination.assumptions): "clear (assuming …)". */
  assumed?: true;
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

/**
 * The cell status of a determination. A determination made under defaults (d.assumed) gets the
 * status under those defaults, marked on the cell; needs_information is kept for facts without a
 * default (classification, ownership share of a listed owner, Part 746 HTS listing, territory).
 */
export function statusOf(d: Determination): CellStatus {
  if (d.licenseRequired === 'prohibited') return 'prohibited';
  if (d.licenseRequired === true) return 'license_required';
  if (d.licenseRequired === null) return 'needs_information';
  return 'clear';
}

/** Roll-up of status counts: the worst status with a count wins. */
function rollupOf(counts: Record<CellStatus, number>): StatusRollup {
  let status: CellStatus = 'clear';
  for (const s of STATUSES) if (counts[s] > 0) status = s;
  return { status, counts };
}

/** Roll-up from a counts array laid out as STATUSES at offset (callers keep four counts a row). */
function rollup(counts: Int32Array, offset: number): StatusRollup {
  if (offset < 0 || offset + STATUSES.length > counts.length) throw new RangeError(`no status counts at ${offset} (${counts.length})`);
  // In range: checked above.
  return rollupOf({ clear: counts[offset]!, needs_information: counts[offset + 1]!, license_required: counts[offset + 2]!, prohibited: counts[offset + 3]! });
}

function mergeRollups(a: StatusRollup, b: StatusRollup): StatusRollup {
  const x = a.counts;
  const y = b.counts;
  return rollupOf({
    clear: x.clear + y.clear,
    needs_information: x.needs_information + y.needs_information,
    license_required: x.license_required + y.license_required,
    prohibited: x.prohibited + y.prohibited,
  });
}

/** `xs[i]` for an index the matrix built itself; a broken invariant is an error, not a wrong cell. */
function at<T>(xs: readonly T[], i: number, what: string): T {
  const x = xs[i];
  if (x === undefined) throw new RangeError(`compliance matrix: no ${what} ${i}`);
  return x;
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
  // The facts of each interned item that carries origin facts (a foreign-made component), else undefined.
  const foreignFacts: (ItemFacts | undefined)[] = [];
  const componentItems = input.components.map((c) => ({
    componentId: c.id,
    ii: withContext(`component ${c.id}`, () => {
      const facts: ItemFacts = { eccn: c.eccn ?? null, description: c.description, params: c.params ?? undefined, ...(c.origin ?? {}) };
      const r = resolveItem(facts, ref, ctx.date);
      const foreign = hasOriginFacts(facts);
      const key = itemShareKey(r.key, c.origin);
      let i = itemIndex.get(key);
      if (i === undefined) {
        i = items.length;
        items.push(r);
        foreignFacts.push(foreign ? facts : undefined);
        itemIndex.set(key, i);
      }
      return i;
    }),
  }));

  const dests: ResolvedDestination[] = input.markets.map((m) => withContext(`market ${m}`, () => resolveDestination(m, ref, ctx.date)));

  // Parties: profiled once; identical facts share a profile index.
  const profileIndex = new Map<string, number>();
  const profiles: { profile: PartyProfile; endUses: string[]; raw: PartyFacts | null }[] = [];
  const partySlots = input.parties.length
    ? input.parties.map((p) =>
        withContext(`party ${p.id}`, () => {
          // Label-free profile: parties with the same facts share determinations (the cell names the party).
          const profile = partyProfile(p, ref, 'party');
          const endUses = normalizeEndUses([...packageEndUses, ...(p.endUse ?? [])], ref);
          // Entity List footnotes decide the foreign direct product rules (734.9(e)) but not the profile.
          const footnotes = [...(p.listHits ?? []), ...(p.screeningHits ?? [])].map((h) => entityListFootnotes(h)?.join('+') ?? '-').join(',');
          const key = `${profile.key}#${endUses.join(',')}#${footnotes}`;
          let i = profileIndex.get(key);
          if (i === undefined) {
            i = profiles.length;
            profiles.push({ profile, endUses, raw: p });
            profileIndex.set(key, i);
          }
          return i;
        }),
      )
    : [-1];
  const absentParty = { profile: partyProfile(null, ref, 'endUser'), endUses: packageEndUses, raw: null };

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
    const item = at(items, ii, 'item');
    const dest = at(dests, di, 'destination');
    let base = itemDest[ii * nDests + di];
    if (!base) itemDest[ii * nDests + di] = base = itemDestinationStage(item, dest, ctx);
    const { profile, endUses, raw } = pi < 0 ? absentParty : at(profiles, pi, 'party profile');
    const facts = foreignFacts[ii];
    if (facts) {
      // A foreign-made component: de minimis (734.4) and the direct product rules (734.9) first, as determine() does.
      const fm = foreignMadeStage({ item: facts, destination: dest.input, endUser: raw }, item, dest, ctx, endUses);
      d = fm.finish(decide({ stages: STAGES, item: fm.item, dest, base: fm.base(base), profiles: [profile], endUses: fm.endUses }, ctx));
      if (d.licenseRequired === null) delete d.assumed;
    } else {
      d = decide({ stages: STAGES, item, dest, base, profiles: [profile], endUses }, ctx);
    }
    dets[slot] = d;
    detStatus[slot] = STATUSES.indexOf(statusOf(d));
    return d;
  };

  const nComps = componentItems.length;
  const markets = input.markets;
  const nSlots = partySlots.length;
  const hasParties = input.parties.length > 0;
  const cells: MatrixCell[] = new Array(nComps * nDests * nSlots);
  const compCounts = new Int32Array(nComps * 4);
  const marketCounts = new Int32Array(nDests * 4);
  const partyIds = input.parties.map((p) => p.id);
  let k = 0;
  // Reads marked `!` in the cell loop are in range: pj < nSlots, partySlots' length; rowSlot + pi
  // lies in the nItems × nDests × nProfiles grid that dets and detStatus cover (ii < nItems,
  // di < nDests = markets.length, -1 ≤ pi < nProfiles - 1); and s, written by determinationFor,
  // is a STATUSES index (0-3), so ci * 4 + s and di * 4 + s lie in the four-a-row count arrays.
  // (partyIds runs parallel to partySlots when there are parties.)
  for (const [ci, { componentId, ii }] of componentItems.entries()) {
    for (const [di, market] of markets.entries()) {
      const rowSlot = (ii * nDests + di) * nProfiles + 1;
      for (let pj = 0; pj < nSlots; pj++) {
        const pi = partySlots[pj]!;
        const d = dets[rowSlot + pi] ?? determinationFor(ii, di, pi);
        const s = detStatus[rowSlot + pi]!;
        const status = STATUSES[s]!;
        const cell: MatrixCell = hasParties ? { componentId, market, partyId: partyIds[pj], status, determination: d } : { componentId, market, status, determination: d };
        if (d.assumed) cell.assumed = true;
        cells[k++] = cell;
        compCounts[ci * 4 + s]!++;
        marketCounts[di * 4 + s]!++;
      }
    }
  }
  // Maps, not object literals: a component id such as "constructor" or "__proto__" must not meet
  // Object.prototype. Duplicate ids (should not happen) merge into one roll-up.
  const byComponent = new Map<string, StatusRollup>();
  const byMarket = new Map<string, StatusRollup>();
  const pkgCounts: Record<CellStatus, number> = { clear: 0, needs_information: 0, license_required: 0, prohibited: 0 };
  for (const [ci, { componentId }] of componentItems.entries()) {
    const prev = byComponent.get(componentId);
    const r = rollup(compCounts, ci * 4);
    byComponent.set(componentId, prev ? mergeRollups(prev, r) : r);
    for (const s of STATUSES) pkgCounts[s] += r.counts[s];
  }
  for (const [di, m] of markets.entries()) {
    const prev = byMarket.get(m);
    const r = rollup(marketCounts, di * 4);
    byMarket.set(m, prev ? mergeRollups(prev, r) : r);
  }
  const pkg = rollupOf(pkgCounts);
  let distinct = 0;
  for (const d of dets) if (d) distinct++;
  return {
    asOf: ctx.date,
    referenceDataVersion: ref.version,
    referenceDataEffectiveDate: ref.effectiveDate,
    cells,
    byComponent: Object.fromEntries(byComponent),
    byMarket: Object.fromEntries(byMarket),
    package: pkg,
    distinctDeterminations: distinct,
  };
}
