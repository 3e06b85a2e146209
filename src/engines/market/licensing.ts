// Licensing friction of a package in every candidate country, from the export-control engine:
// the package's items against each country as the destination, with no declared parties (the
// same absent end user in every country, so countries compare on the destination alone). One
// engine call covers every country: items are classified once and each item × destination stage
// is computed once (see matrix.ts); inputs the engine cannot decide on become undecided
// components or countries instead of failing the whole package.
import { buildComplianceMatrix, ExportControlInputError, type CellStatus, type Determination, type MatrixComponent, type ReferenceData } from '../export-control/index.ts';

/** How a country's cells for one component came out, reduced to what ranking needs. */
export type ComponentLicensing = 'clear' | 'license_required' | 'license_required_denial' | 'prohibited' | 'needs_information';

export interface LicensingFacts {
  /** The worst cell status over the package's components (the compliance matrix's roll-up). */
  status: CellStatus;
  /** Components by outcome (license_required_denial: a license under a presumption or policy of denial). */
  counts: Record<ComponentLicensing, number>;
  /** The licensing policy of the worst license-required component (e.g. "Case-by-case review"), or null. */
  reviewPolicy: string | null;
  /** The first reason of the worst decided component (prohibited or license required), with its citation. */
  reason: { text: string; citation: string } | null;
}

/** A licensing policy that presumes denial: such a license is counted apart from case-by-case review. */
export function isDenialPolicy(policy: string | null | undefined): boolean {
  return !!policy && /denial/i.test(policy);
}

function outcomeOf(d: Determination): ComponentLicensing {
  if (d.licenseRequired === 'prohibited') return 'prohibited';
  if (d.licenseRequired === true) return isDenialPolicy(d.reviewPolicy) ? 'license_required_denial' : 'license_required';
  if (d.licenseRequired === null) return 'needs_information';
  return 'clear';
}

const SEVERITY: readonly ComponentLicensing[] = ['clear', 'needs_information', 'license_required', 'license_required_denial', 'prohibited'];
const STATUS_OF: Record<ComponentLicensing, CellStatus> = {
  clear: 'clear',
  needs_information: 'needs_information',
  license_required: 'license_required',
  license_required_denial: 'license_required',
  prohibited: 'prohibited',
};

const emptyCounts = (): Record<ComponentLicensing, number> => ({ clear: 0, needs_information: 0, license_required: 0, license_required_denial: 0, prohibited: 0 });

function probe(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (err) {
    if (err instanceof ExportControlInputError) return false;
    throw err;
  }
}

function summarize(outcomes: { outcome: ComponentLicensing; d: Determination | null }[]): LicensingFacts {
  const counts = emptyCounts();
  let worst: { outcome: ComponentLicensing; d: Determination | null } | null = null;
  for (const o of outcomes) {
    counts[o.outcome]++;
    if (!worst || SEVERITY.indexOf(o.outcome) > SEVERITY.indexOf(worst.outcome)) worst = o;
  }
  const decided = worst && worst.outcome !== 'clear' && worst.outcome !== 'needs_information' ? worst.d : null;
  let reviewPolicy: string | null = null;
  if (worst && (worst.outcome === 'license_required' || worst.outcome === 'license_required_denial')) reviewPolicy = worst.d?.reviewPolicy ?? null;
  const r = decided?.reasons[0];
  return { status: worst ? STATUS_OF[worst.outcome] : 'clear', counts, reviewPolicy, reason: r ? { text: r.text, citation: r.citation } : null };
}

/**
 * Licensing facts of the package's components in each country (pure). A component whose
 * classification the engine cannot resolve, or a country outside the reference data, counts as
 * needs_information: never as clear.
 */
export function licensingByCountry(components: readonly MatrixComponent[], countries: readonly string[], ref: ReferenceData, asOf: string): Map<string, LicensingFacts> {
  const good = components.filter((c) => probe(() => buildComplianceMatrix({ components: [c], markets: [], parties: [], asOf }, ref)));
  const undecided = components.length - good.length;
  const known = countries.filter((m) => probe(() => buildComplianceMatrix({ components: [], markets: [m], parties: [], asOf }, ref)));
  const perCountry = new Map<string, { outcome: ComponentLicensing; d: Determination | null }[]>(countries.map((c) => [c, []]));
  if (good.length && known.length) {
    const matrix = buildComplianceMatrix({ components: good, markets: known, parties: [], asOf }, ref);
    for (const cell of matrix.cells) perCountry.get(cell.market)!.push({ outcome: outcomeOf(cell.determination), d: cell.determination });
  }
  const knownSet = new Set(known);
  const out = new Map<string, LicensingFacts>();
  for (const c of countries) {
    const list = knownSet.has(c) ? perCountry.get(c)! : good.map(() => ({ outcome: 'needs_information' as const, d: null }));
    for (let i = 0; i < undecided; i++) list.push({ outcome: 'needs_information', d: null });
    out.set(c, summarize(list));
  }
  return out;
}

/** The same facts, one engine call per country: the baseline the benchmark measures the shared call against. */
export function licensingByCountryOneByOne(components: readonly MatrixComponent[], countries: readonly string[], ref: ReferenceData, asOf: string): Map<string, LicensingFacts> {
  const out = new Map<string, LicensingFacts>();
  for (const c of countries) out.set(c, licensingByCountry(components, [c], ref, asOf).get(c)!);
  return out;
}
