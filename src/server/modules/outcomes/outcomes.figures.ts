// The outcomes' arithmetic, pure: facts in (designated packages, deals, commitments, disbursements,
// monitoring reports), public aggregates out, with the disclosure control applied (docs/outcomes.md).
//
// Attribution: a deal and its money count in the deal's country (countries partition the totals);
// a package counts in each of its target countries; a package, its deals and their money count in
// every layer the package covers, in full — so layers overlap and do not add up to the totals.
//
// Disclosure control: an amount is withheld (null) when it is summed over at least one and fewer
// than `minDeals` deals. Then, so that no withheld amount can be worked out by subtraction: in a
// partition of a total (countries, quarters) a lone withheld cell takes the smallest other amount
// with it; among overlapping cells (layers, and the total) an amount whose deals differ from a
// published one's by fewer than `minDeals` deals is withheld too.
import { LAYERS, type Layer } from '../../../shared/domain/package.ts';
import type { OutcomeCountry, OutcomeLayer, OutcomeQuarter, Outcomes } from '../../../shared/contracts/outcomes.ts';

export interface OutcomeFacts {
  packages: { id: string; designatedAt: string; countries: string[]; layers: Layer[] }[];
  /** Packages listed in the catalog today. */
  inForce: number;
  /** `closedAt`: when the deal first reached a signed-contract stage; null while it has not (or lost it). */
  deals: { id: string; packageId: string; country: string; createdAt: string; closedAt: string | null }[];
  commitments: { dealId: string; usd: number; at: string }[];
  disbursements: { dealId: string; usd: number; at: string }[];
  reports: { period: string; dueAt: string; submittedAt: string | null }[];
}

const DAY_MS = 86_400_000;

/** The calendar quarter (UTC) of an ISO timestamp: 2026-Q4. */
export function quarterOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** Every quarter from the first to the last, in order (a quarter without events shows as zero). */
function quarterRange(quarters: string[]): string[] {
  if (quarters.length === 0) return [];
  const index = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1;
  const sorted = quarters.map(index).sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = sorted[0]!; i <= sorted.at(-1)!; i++) out.push(`${Math.floor(i / 4)}-Q${(i % 4) + 1}`);
  return out;
}

const cents = (v: number) => Math.round(v * 100) / 100;

/** One slice as it is accumulated: who contributes to each figure. */
class Tally {
  designations = 0;
  readonly deals = new Set<string>();
  readonly closed = new Set<string>();
  readonly committers = new Set<string>();
  readonly disbursers = new Set<string>();
  committed = 0;
  disbursed = 0;
  reportsFiled = 0;
}

type AmountKind = 'committed' | 'disbursed';
const contributors = (t: Tally, kind: AmountKind) => (kind === 'committed' ? t.committers : t.disbursers);
const amount = (t: Tally, kind: AmountKind) => (kind === 'committed' ? t.committed : t.disbursed);

/** Which amounts of which tallies are withheld. */
class Withheld {
  private readonly set = new Set<string>();
  private readonly ids = new WeakMap<Tally, number>();
  private next = 0;
  private key(t: Tally, kind: AmountKind) {
    if (!this.ids.has(t)) this.ids.set(t, this.next++);
    return `${this.ids.get(t)}:${kind}`;
  }
  has(t: Tally, kind: AmountKind) {
    return this.set.has(this.key(t, kind));
  }
  add(t: Tally, kind: AmountKind) {
    const k = this.key(t, kind);
    if (this.set.has(k)) return false;
    this.set.add(k);
    return true;
  }
}

export function computeOutcomes(facts: OutcomeFacts, opts: { minDeals: number; now: string }): Outcomes {
  const { minDeals } = opts;
  const packageOf = new Map(facts.packages.map((p) => [p.id, p]));
  const dealOf = new Map(facts.deals.map((d) => [d.id, d]));
  const total = new Tally();
  const countries = new Map<string, Tally>();
  const layers = new Map<Layer, Tally>();
  const quarters = new Map<string, Tally>();
  const at = <K>(map: Map<K, Tally>, key: K) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = new Tally()));
    return t;
  };
  const layersOfDeal = (dealId: string) => packageOf.get(dealOf.get(dealId)?.packageId ?? '')?.layers ?? [];

  for (const p of facts.packages) {
    total.designations++;
    for (const c of new Set(p.countries)) at(countries, c).designations++;
    for (const l of new Set(p.layers)) at(layers, l).designations++;
    at(quarters, quarterOf(p.designatedAt)).designations++;
  }
  for (const d of facts.deals) {
    const slices = [total, at(countries, d.country), ...layersOfDeal(d.id).map((l) => at(layers, l))];
    for (const t of slices) {
      t.deals.add(d.id);
      if (d.closedAt) t.closed.add(d.id);
    }
    at(quarters, quarterOf(d.createdAt)).deals.add(d.id);
    if (d.closedAt) at(quarters, quarterOf(d.closedAt)).closed.add(d.id);
  }
  const money = (rows: OutcomeFacts['commitments'], kind: AmountKind) => {
    for (const r of rows) {
      const deal = dealOf.get(r.dealId);
      if (!deal || r.usd <= 0) continue;
      const slices = [total, at(countries, deal.country), ...layersOfDeal(deal.id).map((l) => at(layers, l)), at(quarters, quarterOf(r.at))];
      for (const t of slices) {
        contributors(t, kind).add(deal.id);
        if (kind === 'committed') t.committed += r.usd;
        else t.disbursed += r.usd;
      }
    }
  };
  money(facts.commitments, 'committed');
  money(facts.disbursements, 'disbursed');
  for (const r of facts.reports) if (r.submittedAt) at(quarters, r.period).reportsFiled++;

  // ── Disclosure control ──
  const withheld = new Withheld();
  const small = (n: number) => n > 0 && n < minDeals;
  const allTallies = [total, ...countries.values(), ...layers.values(), ...quarters.values()];
  for (const kind of ['committed', 'disbursed'] as const) {
    for (const t of allTallies) if (small(contributors(t, kind).size)) withheld.add(t, kind);
    // Repeat until nothing more needs withholding: each step can expose another amount.
    for (let changed = true; changed; ) {
      changed = false;
      for (const partition of [[...countries.values()], [...quarters.values()]]) {
        const hidden = partition.filter((t) => withheld.has(t, kind));
        if (hidden.length !== 1 || withheld.has(total, kind)) continue;
        const candidates = partition
          .filter((t) => !withheld.has(t, kind) && contributors(t, kind).size > 0)
          .sort((a, b) => contributors(a, kind).size - contributors(b, kind).size || amount(a, kind) - amount(b, kind));
        // With no other amount in the partition the lone withheld cell is the total itself, withheld already.
        if (candidates[0]) changed = withheld.add(candidates[0], kind) || changed;
      }
      const nested = [total, ...layers.values()];
      for (const big of nested) {
        for (const part of nested) {
          if (big === part || withheld.has(big, kind) || withheld.has(part, kind)) continue;
          const bigSet = contributors(big, kind);
          const partSet = contributors(part, kind);
          if (partSet.size === 0 || partSet.size >= bigSet.size || ![...partSet].every((d) => bigSet.has(d))) continue;
          if (small(bigSet.size - partSet.size)) changed = withheld.add(big === total ? part : big, kind) || changed;
        }
      }
    }
  }

  const figures = (t: Tally) => {
    const committedHidden = withheld.has(t, 'committed');
    const disbursedHidden = withheld.has(t, 'disbursed');
    return {
      designations: t.designations,
      deals: t.deals.size,
      dealsClosed: t.closed.size,
      dealsWithCommitment: t.committers.size,
      dealsWithDisbursement: t.disbursers.size,
      committedUsd: committedHidden ? null : cents(t.committed),
      disbursedUsd: disbursedHidden ? null : cents(t.disbursed),
      suppressed: committedHidden || disbursedHidden,
    };
  };

  const byCountry: OutcomeCountry[] = [...countries.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([country, t]) => ({ country, ...figures(t) }));
  const byLayer: OutcomeLayer[] = LAYERS.filter((l) => layers.has(l)).map((layer) => ({ layer, ...figures(layers.get(layer)!) }));
  const byQuarter: OutcomeQuarter[] = quarterRange([...quarters.keys()]).map((quarter) => {
    const t = quarters.get(quarter) ?? new Tally();
    return { quarter, ...figures(t), reportsFiled: t.reportsFiled };
  });

  // Days from designation to the package's first commitment.
  const firstCommitment = new Map<string, string>();
  for (const c of facts.commitments) {
    const pid = dealOf.get(c.dealId)?.packageId;
    if (!pid || c.usd <= 0) continue;
    const seen = firstCommitment.get(pid);
    if (!seen || c.at < seen) firstCommitment.set(pid, c.at);
  }
  const days = [...firstCommitment.entries()]
    .map(([pid, first]) => (Date.parse(first) - Date.parse(packageOf.get(pid)?.designatedAt ?? '')) / DAY_MS)
    .filter((d) => Number.isFinite(d) && d >= 0)
    .sort((a, b) => a - b);
  const timeHidden = small(days.length);
  const median = days.length === 0 ? null : days.length % 2 ? days[(days.length - 1) / 2]! : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
  const mean = days.length === 0 ? null : days.reduce((a, b) => a + b, 0) / days.length;
  const oneDecimal = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

  const filed = facts.reports.filter((r) => r.submittedAt);
  return {
    asOf: opts.now.slice(0, 10),
    minDeals,
    totals: { ...figures(total), designationsInForce: facts.inForce },
    timeToFirstCommitment: {
      packages: days.length,
      medianDays: timeHidden ? null : oneDecimal(median),
      meanDays: timeHidden ? null : oneDecimal(mean),
      suppressed: timeHidden,
    },
    monitoring: {
      reportsDue: facts.reports.filter((r) => r.dueAt <= opts.now).length,
      reportsFiled: filed.length,
      filedOnTime: filed.filter((r) => r.submittedAt! <= r.dueAt).length,
    },
    byCountry,
    byLayer,
    byQuarter,
  };
}
